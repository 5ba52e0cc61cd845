"""Request models of the webhook subscription API (the event names are in `catalog`).

Their JSON schemas are as strict as the service: event names from the catalogue (dotted,
or as event types: `incident.created` or `INCIDENT_CREATED`), header names and values as
`_check_headers` takes them, no blank text, no null where the service refuses one; so a
client generated from the OpenAPI document sends nothing it refuses. Where they differ,
the schema is the stricter (the service takes event names and the `Content-Type` value in
any letter case, and http URLs on a local stack), except for what a schema can not say: a
URL's host must resolve to public addresses.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from incident_core.incidents.models import NOT_BLANK, Keyword, StrictInput
from incident_core.incidents.vocabulary import Severity, parse_severity
from incident_core.webhooks.catalog import (
    ACTION_EVENTS,
    ALL_EVENTS,
    EVENT_TYPES,
    INCIDENT_EVENTS,
    MAX_TIMEOUT_SECONDS,
    WEBHOOK_EVENTS,
    canonical_event,
)

# Headers a subscription may not set: ours (signatures, framing) and hop-by-hop ones.
# `Content-Type` may be set, to what deliveries send anyway (they send it once).
RESERVED_HEADERS = frozenset(
    {
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
CONTENT_TYPE = "content-type"
JSON_MEDIA_TYPE = "application/json"
HEADER_NAME = r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$"
# Visible ASCII, spaces and tabs: no CR or LF (header injection), NUL, DEL or other control
# characters (http.client sends those as they are), nothing its latin-1 encoding can not carry.
HEADER_VALUE = r"^[\t\x20-\x7e]*$"
MAX_HEADERS = 20
MAX_HEADER_VALUE = 1024
SUBSCRIBABLE_EVENTS = (*INCIDENT_EVENTS, *ACTION_EVENTS, *WEBHOOK_EVENTS, ALL_EVENTS)
SUBSCRIBABLE_EVENT_TYPES = tuple(EVENT_TYPES)  # the same events in upper snake case: INCIDENT_CREATED


def _any_case(name: str) -> str:
    """A JSON-schema pattern (ECMA 262: no flags) of a header name in any letter case."""
    return "".join(f"[{letter.upper()}{letter.lower()}]" if letter.isalpha() else letter for letter in name)


# For the JSON schema only: text is trimmed first, so a blank string is refused.
HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Sent with every delivery; values shown masked (but `Content-Type`). Not the signature "
    "headers, nor hop-by-hop ones; `Content-Type` only as `application/json` (deliveries send it once)",
    "maxProperties": MAX_HEADERS,
    "propertyNames": {
        "pattern": HEADER_NAME,
        "not": {"pattern": "^(?:" + "|".join(sorted(_any_case(name) for name in RESERVED_HEADERS)) + ")$"},
    },
    "patternProperties": {f"^{_any_case(CONTENT_TYPE)}$": {"type": "string", "const": JSON_MEDIA_TYPE}},
    "additionalProperties": {"type": "string", "maxLength": MAX_HEADER_VALUE, "pattern": HEADER_VALUE},
}
URL_SCHEMA: dict[str, Any] = {
    "type": "string",
    "maxLength": 2048,
    # No user info, spaces, control characters or backslashes; an ASCII path. The host must also
    # resolve to public addresses only (a local stack takes http and private addresses too).
    "pattern": r"^https://[^\x00-\x20\x7f\\/?#@]+(?:[/?#][!-\[\]-~]*)?$",
    "description": "The subscriber's https endpoint; its host must resolve to public addresses only",
}

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NOT_BLANK]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048), WithJsonSchema(URL_SCHEMA)
]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
# `*`: every event; the service also takes event names in any letter case. The two spellings are
# two enums (`incident.created`, `INCIDENT_CREATED`): in one, a client generator names both alike.
EventName = Annotated[
    str,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "enum": list(SUBSCRIBABLE_EVENTS), "title": "EventName"},
                {"type": "string", "enum": list(SUBSCRIBABLE_EVENT_TYPES), "title": "EventType"},
            ]
        }
    ),
]
EventNames = Annotated[list[EventName], Field(min_length=1, max_length=50)]
Headers = Annotated[dict[str, str], WithJsonSchema(HEADERS_SCHEMA)]
Timeout = Annotated[int, Field(ge=1, le=MAX_TIMEOUT_SECONDS)]
Retries = Annotated[int, Field(ge=0, le=15)]


class WebhookFilters(StrictInput):
    min_severity: Severity | None = None
    incident_types: Annotated[list[Annotated[Keyword, NOT_BLANK]], Field(max_length=50)] | None = None

    @field_validator("min_severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Severity | None:
        return None if value is None else parse_severity(value)


def _check_events(events: list[str]) -> list[str]:
    """Canonical (dotted) names, each once: `INCIDENT_CREATED` and `incident.created` are one event."""
    unknown = [event.strip() for event in events if canonical_event(event) is None]
    if unknown:
        raise PydanticCustomError(
            "event_name",
            "unknown event {name}: use names like incident.created (or INCIDENT_CREATED), or *",
            {"name": unknown[0]},
        )
    names = list(dict.fromkeys(str(canonical_event(event)) for event in events))
    return [ALL_EVENTS] if ALL_EVENTS in names else names


def _check_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers, `Content-Type`'s value as `application/json`; a reserved name or another media type is refused."""
    checked = dict(headers)
    for name, value in headers.items():
        valid_value = re.fullmatch(HEADER_VALUE, value) and len(value) <= MAX_HEADER_VALUE
        if not re.fullmatch(HEADER_NAME, name) or not valid_value:
            raise PydanticCustomError("header", "header {name} is not a valid HTTP header", {"name": name})
        if name.lower() in RESERVED_HEADERS:
            raise PydanticCustomError("header", "header {name} is set by the webhook sender", {"name": name})
        if name.lower() == CONTENT_TYPE:
            if value.strip().lower() != JSON_MEDIA_TYPE:
                raise PydanticCustomError(
                    "header",
                    "header {name} can only be application/json: deliveries are JSON, sent with that one Content-Type",
                    {"name": name},
                )
            checked[name] = JSON_MEDIA_TYPE
    if len(headers) > MAX_HEADERS:
        raise PydanticCustomError("headers", "at most 20 headers")
    return checked


class WebhookCreate(StrictInput):
    name: Name
    url: Url
    events: EventNames
    filters: WebhookFilters | None = None
    headers: Headers = Field(default_factory=dict)
    timeout_seconds: Timeout = 10
    max_retries: Retries = 8
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


def _without_null_defaults(schema: dict[str, Any]) -> None:
    """A field that can not be null documents no `null` default: left out, it stays as it is."""
    properties = schema.get("properties")
    for field in properties.values() if isinstance(properties, dict) else ():
        if isinstance(field, dict) and "default" in field and field["default"] is None and "anyOf" not in field:
            del field["default"]


class WebhookUpdate(StrictInput):
    """The fields to change; `null` clears `filters`, `headers` and `description` (the others can not be null)."""

    model_config = ConfigDict(json_schema_extra=_without_null_defaults)

    # `SkipJsonSchema[None]`: None is the default of a field left out; a `null` sent is refused by the service.
    name: Name | SkipJsonSchema[None] = None
    url: Url | SkipJsonSchema[None] = None
    events: EventNames | SkipJsonSchema[None] = None
    filters: WebhookFilters | None = None
    headers: Headers | None = None
    timeout_seconds: Timeout | SkipJsonSchema[None] = None
    max_retries: Retries | SkipJsonSchema[None] = None
    description: Description | None = None
    is_active: bool | SkipJsonSchema[None] = None

    @field_validator("events")
    @classmethod
    def _events(cls, events: list[str] | None) -> list[str] | None:
        return None if events is None else _check_events(events)

    @field_validator("headers")
    @classmethod
    def _headers(cls, headers: dict[str, str] | None) -> dict[str, str] | None:
        return None if headers is None else _check_headers(headers)
