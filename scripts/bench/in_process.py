"""Calls of the real handlers in this process (seeding incidents, counting DynamoDB calls), and
the environment they run in."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

from scripts.bench.config import RATE_LIMIT_TABLE, REGION, SECRET, TABLE
from scripts.bench.errors import BenchError
from scripts.bench.functions import REQUESTS, bench_token, request_event


@contextlib.contextmanager
def environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, remove) environment variables, and reset the layer's cached settings and stores."""
    from incident_core.core.settings import get_settings
    from incident_core.incidents.repository import get_repository
    from incident_core.storage.rate_counters import get_rate_counter_store

    saved = {name: os.environ.get(name) for name in values}

    def apply(changes: Mapping[str, str | None]) -> None:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        get_repository.cache_clear()
        get_rate_counter_store.cache_clear()  # else its client still points where the last environment did

    apply(values)
    try:
        yield
    finally:
        apply(saved)


def in_process_environment(endpoint: str | None) -> dict[str, str | None]:
    """Environment of in-process handler calls (the dev venv; quiet logs)."""
    return {
        "TABLE_NAME": TABLE,
        "RATE_LIMIT_TABLE_NAME": RATE_LIMIT_TABLE,
        "JWT_SECRET": SECRET,
        "ENVIRONMENT": "aws",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_PROFILE": None,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }


class InProcessApi:
    """Calls the real handlers in this process, the way tests/integration does."""

    def __init__(self) -> None:
        self._modules: dict[str, Any] = {}
        self.token = bench_token()

    def call(self, name: str, incident_id: str | None = None) -> dict[str, Any]:
        from tests.support.api_events import LambdaContext, load_function

        if name not in self._modules:
            self._modules[name] = load_function(name)
        event = request_event(REQUESTS[name], incident_id=incident_id, token=self.token)
        response: dict[str, Any] = self._modules[name].lambda_handler(event, LambdaContext())
        if response["statusCode"] >= 400:
            raise BenchError(f"in-process {name} answered {response['statusCode']}: {response.get('body')}")
        return response

    def create(self) -> str:
        """Create an incident; its id."""
        body = json.loads(self.call("create_incident")["body"])
        return str(body["data"]["id"])
