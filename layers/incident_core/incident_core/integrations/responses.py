"""What the integration-key routes and `POST /v2/enqueue` answer, as models: for the OpenAPI document only.

They mirror `integrations/service.public_view` (never the key nor its hash) and PagerDuty
Events v2's own answers (`integrations/pagerduty_events.py`), which are not our envelope.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.http.openapi import Envelope

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`

KEY_EXAMPLE: dict[str, Any] = {
    "key_id": "acme.ik_5f0c2a9e4b1d7c3a8e6f9b20",
    "name": "Prometheus Alertmanager (prod)",
    "status": "active",
    "default_severity": "high",
    "team": "platform",
    "tags": ["prometheus"],
    "incident_type": "infrastructure",
    "rate_limit_per_minute": 120,
    "org_id": "acme",
    "created_by": "alice@acme.example",
    "created_at": "2026-03-01T08:30:00.000Z",
    "updated_at": "2026-03-01T08:30:00.000Z",
    "rotated_at": None,
    "revoked_at": None,
    "revoked_by": None,
    "version": 1,
}
KEY_WITH_SECRET_EXAMPLE: dict[str, Any] = {
    **KEY_EXAMPLE,
    "integration_key": "acme.ik_5f0c2a9e4b1d7c3a8e6f9b20.q8Vd0nD9bR1mW2xY3zA4cE5fG6hJ7kL8mN9pQ0rS1tU",
}
EVENT_PROCESSED_EXAMPLE: dict[str, Any] = {
    "status": "success",
    "message": "Event processed",
    "dedup_key": "srv01/mysql/disk-full",
}


class IntegrationKey(BaseModel):
    """An integration key as the API shows it: never the key itself."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [KEY_EXAMPLE]})

    key_id: str = Field(description="`<org>.ik_<24 hex>`: the start of the key itself")
    name: str
    status: Literal["active", "revoked"]
    default_severity: str | None
    team: str | None
    tags: list[str]
    incident_type: str | None
    rate_limit_per_minute: int
    org_id: str
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    rotated_at: Timestamp | None
    revoked_at: Timestamp | None
    revoked_by: str | None
    version: int


class IntegrationKeyWithSecret(IntegrationKey):
    """A new or rotated key: the only answers that show it (it is stored as a hash only)."""

    model_config = ConfigDict(json_schema_extra={"examples": [KEY_WITH_SECRET_EXAMPLE]})

    integration_key: str = Field(
        description="Shown once: PagerDuty's `routing_key`, `Authorization: Token token=<key>` or `?key=<key>`"
    )


class KeyCount(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"total": 1}]})

    total: int


class IntegrationKeyList(Envelope[list[IntegrationKey]]):
    """Every key of the org (revoked ones too), oldest first, in one page: `meta.total` counts them."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"success": True, "data": [KEY_EXAMPLE], "meta": {"total": 1}}]}
    )

    meta: KeyCount


class EventProcessed(BaseModel):
    """PagerDuty Events v2's answer (its own JSON, not our envelope). Refusals are PagerDuty's too:
    400 `invalid event`, 401 `unauthorized`, 403 `forbidden` (a revoked key), 429 `throttle event`,
    each `{"status", "message", "errors": [...]}`."""

    bare_body: ClassVar[bool] = True
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EVENT_PROCESSED_EXAMPLE]})

    status: Literal["success"]
    message: Literal["Event processed"]
    dedup_key: str


class ChangeProcessed(BaseModel):
    """PagerDuty's answer to a change event (its own JSON); refusals as for `POST /v2/enqueue`."""

    bare_body: ClassVar[bool] = True
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "success", "message": "Change event processed"}]},
    )

    status: Literal["success"]
    message: Literal["Change event processed"]
