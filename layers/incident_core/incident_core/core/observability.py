"""Observability singletons. The X-Ray tracer is built only when tracing is on (~110 ms)."""

from __future__ import annotations

from aws_lambda_powertools.logging import Logger

logger = Logger(service="incident-api")
