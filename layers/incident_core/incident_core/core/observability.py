"""Observability singletons, and the redaction every log line goes through.

The X-Ray tracer is built only when tracing is on (~110 ms).

Logs never hold credentials or request bodies, whoever logs what: every line is redacted
as it is written (`RedactingFormatter`), so an exception text that quotes a token, or the
whole proxy event when someone turns on `POWERTOOLS_LOGGER_LOG_EVENT` to debug, comes out
with `[REDACTED]` in its place. Two rules:

- a value under a sensitive key (`Authorization`, a request's or a message's `body`, a stream
  record's `NewImage`/`OldImage`, anything naming a secret, token, password, signature,
  cookie or API key) is replaced, whatever it holds;
- every other text is scrubbed of what looks like a credential (a JWT, a `Bearer` value, a
  `whsec_` webhook secret, the user info of a URL) or a quoted input (`value: ...` of
  botocore's parameter checks, `input_value=...` of pydantic's errors).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

REDACTED = "[REDACTED]"
SENSITIVE_KEY = re.compile(
    r"authorization|secret|token|password|passwd|signature|cookie|api[-_]?key|credential"
    r"|^(?:body|raw_?body|raw_?data|payload|multi_?value_?headers|new_?image|old_?image)$",
    re.IGNORECASE,
)
SCRUBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?"), REDACTED),  # a JWT (or its start)
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s\"',;]+"), rf"\1 {REDACTED}"),
    (re.compile(r"whsec_[A-Za-z0-9+/=_-]*"), f"whsec_{REDACTED}"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/@\"']+@"), rf"\1{REDACTED}@"),  # user:password@host
    (re.compile(r"(\bvalue: ).*?(?=, (?:type|valid)\b|$)", re.MULTILINE), rf"\1{REDACTED}"),  # botocore
    (re.compile(r"(\binput_value=).*?(?=, input_type=|\]$|$)", re.MULTILINE), rf"\1{REDACTED}"),  # pydantic
)


def scrub(text: str) -> str:
    """`text` without what looks like a credential or a quoted input."""
    for pattern, replacement in SCRUBS:
        text = pattern.sub(replacement, text)
    return text


def redact(value: Any) -> Any:
    """A log record's value with sensitive keys replaced and every text scrubbed (see the module)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {
            key: REDACTED if isinstance(key, str) and SENSITIVE_KEY.search(key) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return scrub(str(value))  # exceptions and anything else json.dumps would turn into str()


class RedactingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON lines, each redacted before it is written."""

    def serialize(self, log: Any) -> str:
        return super().serialize(redact(log))


logger = Logger(service="incident-api", logger_formatter=RedactingFormatter())
