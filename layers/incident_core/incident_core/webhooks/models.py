"""Request models of the webhook subscription API and the catalogue of event names."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from incident_core.incidents.models import Keyword, Severity, StrictInput, parse_severity

INCIDENT_EVENTS = (
    "incident.created",
    "incident.updated",
    "incident.status_changed",
    "incident.assigned",
    "incident.resolved",
    "incident.closed",
    "incident.reopened",
    "incident.deleted",
    "incident.alert_received",
    "incident.alert_noted",
    "incident.alert_cleared",
    "incident.comment_added",
    "incident.comment_edited",
    "incident.comment_deleted",
    "incident.triage_requested",
    "incident.triaged",
    "incident.triage_failed",
    "incident.attachment_added",
    "incident.attachment_deleted",
)
ACTION_EVENTS = (
    "action.created",
    "action.approved",
    "action.rejected",
    "action.requested",
    "action.completed",
    "action.failed",
)
WEBHOOK_EVENTS = ("webhook.test", "webhook.disabled")
EVENT_CATALOG = frozenset(INCIDENT_EVENTS + ACTION_EVENTS + WEBHOOK_EVENTS)
ALL_EVENTS = "*"

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
