"""The request model of `POST /v2/change/enqueue`: PagerDuty's change event (strict, like `/events`')."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from incident_core.alerts.models import TIMESTAMP_SCHEMA, EventLink, Summary, Text
from incident_core.alerts.sources.common import iso_moment
from incident_core.incidents.models import ShortText, StrictInput


class ChangePayload(StrictInput):
    """PagerDuty's change event `payload`: a summary; when, where, and anything else in `custom_details`."""

    summary: Summary
    timestamp: Annotated[str, WithJsonSchema(TIMESTAMP_SCHEMA)] | None = None
    source: Text | None = None
    custom_details: dict[str, Any] | None = None

    @field_validator("timestamp")
    @classmethod
    def _timestamp(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return iso_moment(value)
        except (ValueError, OverflowError):
            raise PydanticCustomError("timestamp", "timestamp must be an ISO 8601 date-time") from None

    @field_validator("custom_details", mode="before")
    @classmethod
    def _details_object(cls, value: Any) -> Any:
        return value if value is None or isinstance(value, Mapping) else {"details": value}


class ChangeEvent(StrictInput):
    """PagerDuty Events v2's change event."""

    routing_key: ShortText
    payload: ChangePayload
    links: Annotated[list[EventLink], Field(max_length=50)] = Field(default_factory=list)
