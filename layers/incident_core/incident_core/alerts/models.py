"""Request bodies of the alert endpoints (pydantic): `POST /events` and `POST /integrations/alertmanager`.

`InboundEvent` is strict like every body of this API; the Alertmanager/Grafana webhook is
lenient (`LenientInput`), being written by other software that grows fields between releases.
The mappings of these bodies to `Alert`s live in `incident_core.alerts.sources`.

`InboundEvent`'s JSON schema is as strict as the service: no blank text, timestamps the
service takes, `payload` required to trigger and a `dedup_key` to acknowledge or resolve.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from incident_core.alerts.sources.common import MAX_KEY, iso_moment
from incident_core.incidents.models import NOT_BLANK, VISIBLE, ShortText, StrictInput, visible_text_schema
from incident_core.incidents.vocabulary import Severity

__all__ = [
    "PAGERDUTY_SEVERITIES",
    "AlertmanagerAlert",
    "AlertmanagerWebhook",
    "EventImage",
    "EventLink",
    "EventPayload",
    "InboundEvent",
    "LenientInput",
]

# --- PagerDuty-style events: POST /events -----------------------------------------------------

EventAction = Literal["trigger", "acknowledge", "resolve"]
PagerDutySeverity = Literal["critical", "error", "warning", "info"]
EVENT_ACTIONS = ("trigger", "acknowledge", "resolve")
PAGERDUTY_SEVERITIES: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "info": Severity.LOW,
}

# For the JSON schema only: text is trimmed first, so a blank string is refused.
# A date-time `iso_moment` takes: RFC 3339, from 1971 (earlier ones mean "unset") to 9998.
TIMESTAMP_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": (
        r"^(?:197[1-9]|19[89][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-"
        r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        r"[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
    ),
    "description": "RFC 3339 date-time (`2026-03-01T12:00:00Z`)",
}

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048), NOT_BLANK]
Caption = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1024)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024), NOT_BLANK]
DedupKey = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_KEY)]
Text = Annotated[ShortText, NOT_BLANK]


class EventLink(StrictInput):
    href: Url
    text: Caption | None = None


class EventImage(StrictInput):
    src: Url
    href: Url | None = None
    alt: Caption | None = None


# Datadog's `$ALERT_TRANSITION` and `$ALERT_PRIORITY`, so its webhook needs no parser.
ACTION_ALIASES = {
    "triggered": "trigger",
    "re-triggered": "trigger",
    "retriggered": "trigger",
    "renotify": "trigger",
    "warn": "trigger",
    "no data": "trigger",
    "recovered": "resolve",
    "resolved": "resolve",
    "acknowledged": "acknowledge",
}
PRIORITY_SEVERITIES = {"p1": "critical", "p2": "error", "p3": "warning", "p4": "info", "p5": "info", "": "warning"}


def _one_of(value: Any, *, aliases: Mapping[str, str], choices: Collection[str], field: str) -> str:
    """A word of `choices` in any letter case, or one `aliases` maps to it; else an error naming the choices."""
    word = value.strip().lower() if isinstance(value, str) else None
    word = aliases.get(word, word) if word is not None else None
    if word is None or word not in choices:
        raise PydanticCustomError(field, f"{field} must be one of: {', '.join(choices)}")
    return word


class EventPayload(StrictInput):
    """PagerDuty Events v2 `payload`: a fixed set of fields; anything else goes in `custom_details`."""

    summary: Summary
    source: Text
    severity: PagerDutySeverity
    timestamp: Annotated[str, WithJsonSchema(TIMESTAMP_SCHEMA)] | None = None
    component: Text | None = None
    group: Text | None = None
    class_: Text | None = Field(default=None, alias="class")
    custom_details: dict[str, Any] | None = None

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> str:
        return _one_of(value, aliases=PRIORITY_SEVERITIES, choices=PAGERDUTY_SEVERITIES, field="severity")

    @field_validator("timestamp")
    @classmethod
    def _timestamp(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return iso_moment(value)
        except (ValueError, OverflowError):  # OverflowError: in UTC, past the year 9999
            raise PydanticCustomError("timestamp", "timestamp must be an ISO 8601 date-time") from None

    @field_validator("custom_details", mode="before")
    @classmethod
    def _details_object(cls, value: Any) -> Any:
        # PagerDuty takes any JSON here; an object is kept as is, anything else is wrapped.
        return value if value is None or isinstance(value, Mapping) else {"details": value}


# What each action needs, in the JSON schema as in `InboundEvent`'s validators.
TRIGGER: dict[str, Any] = {"properties": {"event_action": {"const": "trigger"}}}
NEEDS_PAYLOAD: dict[str, Any] = {"required": ["payload"], "properties": {"payload": {"type": "object"}}}
NEEDS_DEDUP_KEY: dict[str, Any] = {
    "required": ["dedup_key"],
    "properties": {"dedup_key": {"type": "string", "pattern": VISIBLE}},
}


class InboundEvent(StrictInput):
    """`POST /events`, the shape of PagerDuty Events v2.

    Strict like every body of this API: PagerDuty's shape is small and fixed (its
    top-level fields are all named here, free-form data belongs in
    `payload.custom_details`), so an unknown field is a sender's mistake (a v1 field such
    as `event_type` or `description`, a typo) that would otherwise lose data silently.
    """

    model_config = ConfigDict(json_schema_extra={"if": TRIGGER, "then": NEEDS_PAYLOAD, "else": NEEDS_DEDUP_KEY})

    event_action: EventAction
    routing_key: ShortText | None = None  # an integration key (or PagerDuty's own, ignored with a token)
    dedup_key: DedupKey | None = Field(default=None, validate_default=True)
    payload: EventPayload | None = Field(default=None, validate_default=True)
    links: Annotated[list[EventLink], Field(max_length=50)] = Field(default_factory=list)
    images: Annotated[list[EventImage], Field(max_length=50)] = Field(default_factory=list)
    client: Text | None = None
    client_url: Url | None = None

    @field_validator("event_action", mode="before")
    @classmethod
    def _action(cls, value: Any) -> str:
        return _one_of(value, aliases=ACTION_ALIASES, choices=EVENT_ACTIONS, field="event_action")

    @field_validator("dedup_key")
    @classmethod
    def _dedup_key(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value:
            return value
        action = info.data.get("event_action")
        if action == "trigger":
            return uuid.uuid4().hex  # as PagerDuty does; the answer returns it
        if action in ("acknowledge", "resolve"):
            raise PydanticCustomError(
                "dedup_key_required", "dedup_key is required when event_action is {action}", {"action": action}
            )
        return None

    @field_validator("payload")
    @classmethod
    def _payload_on_trigger(cls, value: EventPayload | None, info: ValidationInfo) -> EventPayload | None:
        if value is None and info.data.get("event_action") == "trigger":
            raise PydanticCustomError("payload_required", "payload is required when event_action is trigger")
        return value


# --- Alertmanager and Grafana: POST /integrations/alertmanager -------------------------------


class LenientInput(BaseModel):
    """Base of bodies written by other software: unknown fields are ignored, strings trimmed."""

    model_config = ConfigDict(
        extra="ignore",
        str_strip_whitespace=True,
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        json_schema_extra=visible_text_schema,
    )


def _string_map(value: Any) -> Any:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(key): item if isinstance(item, str) else json.dumps(item) for key, item in value.items()}
    return value


MAX_ALERTS = 100
GRAFANA_HOOK_FIELDS = frozenset({"org_id", "title", "message", "state"})
GRAFANA_ALERT_FIELDS = frozenset({"values", "value_string", "silence_url", "dashboard_url", "panel_url", "image_url"})


class AlertmanagerAlert(LenientInput):
    status: Literal["firing", "resolved"]
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: str | None = Field(default=None, alias="startsAt")
    ends_at: str | None = Field(default=None, alias="endsAt")
    generator_url: str | None = Field(default=None, alias="generatorURL")
    fingerprint: str | None = None
    # Grafana
    values: dict[str, Any] | None = None
    value_string: str | None = Field(default=None, alias="valueString")
    silence_url: str | None = Field(default=None, alias="silenceURL")
    dashboard_url: str | None = Field(default=None, alias="dashboardURL")
    panel_url: str | None = Field(default=None, alias="panelURL")
    image_url: str | None = Field(default=None, alias="imageURL")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else None
        if word not in ("firing", "resolved"):
            raise PydanticCustomError("alert_status", "status must be one of: firing, resolved")
        return word

    @field_validator("labels", "annotations", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return _string_map(value)


class AlertmanagerWebhook(LenientInput):
    """Alertmanager's webhook body (`version: "4"`), or Grafana's (`version: "1"`, plus `orgId`, `values`, links).

    Unknown fields are ignored, not refused: the body is written by Alertmanager or Grafana,
    not by the user, and grows fields between their releases (`truncatedAlerts`, Grafana's
    extras); refusing them would break the integration on the sender's next upgrade.
    """

    version: str | None = None
    group_key: str | None = Field(default=None, alias="groupKey")
    truncated_alerts: int | None = Field(default=None, alias="truncatedAlerts")
    status: str | None = None
    receiver: str | None = None
    group_labels: dict[str, str] = Field(default_factory=dict, alias="groupLabels")
    common_labels: dict[str, str] = Field(default_factory=dict, alias="commonLabels")
    common_annotations: dict[str, str] = Field(default_factory=dict, alias="commonAnnotations")
    external_url: str | None = Field(default=None, alias="externalURL")
    # Each alert is an incident write: a bound keeps one request's work within the function's timeout
    # (Alertmanager's `max_alerts` sends at most that many, counting the rest in `truncatedAlerts`).
    alerts: Annotated[list[AlertmanagerAlert], Field(min_length=1, max_length=MAX_ALERTS)]
    # Grafana
    org_id: int | None = Field(default=None, alias="orgId")
    title: str | None = None
    message: str | None = None
    state: str | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @field_validator("group_labels", "common_labels", "common_annotations", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return _string_map(value)

    @property
    def is_grafana(self) -> bool:
        """Grafana's webhook: the same shape with its own fields (sent even when empty)."""
        return bool(GRAFANA_HOOK_FIELDS & self.model_fields_set) or any(
            GRAFANA_ALERT_FIELDS & alert.model_fields_set for alert in self.alerts
        )
