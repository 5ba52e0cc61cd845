"""Request models of the webhook subscription API (the event names are in `catalog`)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from incident_core.incidents.models import Keyword, StrictInput
from incident_core.incidents.vocabulary import Severity, parse_severity
from incident_core.webhooks.catalog import ALL_EVENTS, EVENT_CATALOG

# Headers a subscription may not set: ours (signatures, framing) and hop-by-hop ones.
RESERVED_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "host",
        "connection",
        "transfer-encoding",
        "user-agent",
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "x-signature-256",
    }
)
HEADER_NAME = r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class WebhookFilters(StrictInput):
    min_severity: Severity | None = None
    incident_types: Annotated[list[Keyword], Field(max_length=50)] | None = None

    @field_validator("min_severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Severity | None:
        return None if value is None else parse_severity(value)


def _check_events(events: list[str]) -> list[str]:
    names = list(dict.fromkeys(event.strip().lower() for event in events))
    unknown = [name for name in names if name != ALL_EVENTS and name not in EVENT_CATALOG]
    if unknown:
        raise PydanticCustomError(
            "event_name",
            "unknown event {name}: use names like incident.created, or *",
            {"name": unknown[0]},
        )
    return [ALL_EVENTS] if ALL_EVENTS in names else names


def _check_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if not re.match(HEADER_NAME, name) or "\n" in value or "\r" in value or len(value) > 1024:
            raise PydanticCustomError("header", "header {name} is not a valid HTTP header", {"name": name})
        if name.lower() in RESERVED_HEADERS:
            raise PydanticCustomError("header", "header {name} is set by the webhook sender", {"name": name})
    if len(headers) > 20:
        raise PydanticCustomError("headers", "at most 20 headers")
    return headers


class WebhookCreate(StrictInput):
    name: Name
    url: Url
    events: Annotated[list[str], Field(min_length=1, max_length=50)]
    filters: WebhookFilters | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    timeout_seconds: Annotated[int, Field(ge=1, le=30)] = 10
    max_retries: Annotated[int, Field(ge=0, le=15)] = 8
    description: Description | None = None
    is_active: bool = True

    @field_validator("events")
    @classmethod
    def _events(cls, events: list[str]) -> list[str]:
        return _check_events(events)

    @field_validator("headers")
    @classmethod
    def _headers(cls, headers: dict[str, str]) -> dict[str, str]:
        return _check_headers(headers)


class WebhookUpdate(StrictInput):
    name: Name | None = None
    url: Url | None = None
    events: Annotated[list[str], Field(min_length=1, max_length=50)] | None = None
    filters: WebhookFilters | None = None
    headers: dict[str, str] | None = None
    timeout_seconds: Annotated[int, Field(ge=1, le=30)] | None = None
    max_retries: Annotated[int, Field(ge=0, le=15)] | None = None
    description: Description | None = None
    is_active: bool | None = None

    @field_validator("events")
    @classmethod
    def _events(cls, events: list[str] | None) -> list[str] | None:
        return None if events is None else _check_events(events)

    @field_validator("headers")
    @classmethod
    def _headers(cls, headers: dict[str, str] | None) -> dict[str, str] | None:
        return None if headers is None else _check_headers(headers)
