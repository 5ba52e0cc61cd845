"""What the webhook routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror the service's views: `subscriptions.public_view` (secrets never shown, header
values masked), `delivery_log.delivery_view` and `stats.stats_view`; a unit test checks
each model's fields against the keys of real answers.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.http.openapi import Envelope
from incident_core.incidents.vocabulary import Severity

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`
MaskedValue = Literal["********"]
DeliveryStatus = Literal["pending", "delivered", "failed", "dropped"]


class WebhookFilterSettings(BaseModel):
    """A subscription's filters, as set (a filter never set is absent, a cleared one null)."""

    model_config = ConfigDict(extra="forbid")

    min_severity: Severity | None = None
    incident_types: list[str] | None = None


class Webhook(BaseModel):
    """A subscription as the API shows it: never its secret; header values masked."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    url: str
    events: list[str] = Field(examples=[["incident.created", "incident.resolved"]])
    filters: WebhookFilterSettings | None
    headers: dict[str, MaskedValue] = Field(examples=[{"Authorization": "********"}])
    timeout_seconds: int
    max_retries: int
    description: str | None
    is_active: bool
    disabled_reason: str | None = Field(examples=["20 consecutive failed deliveries"])
    disabled_at: Timestamp | None
    consecutive_failures: int
    secret_rotated_at: Timestamp | None
    org_id: str
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    version: int


class WebhookWithSecret(Webhook):
    """A new subscription: the only answer that shows its signing secret."""

    secret: str = Field(examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])


class WebhookSecretRotated(WebhookWithSecret):
    """A subscription with its new secret; the previous one still signs until `previous_secret_expires_at`."""

    previous_secret_expires_at: Timestamp


class WebhookCount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: int


class WebhookList(Envelope[list[Webhook]]):
    """Every subscription of the org, oldest first, in one page: `meta.total` counts them."""

    meta: WebhookCount


class WebhookDeleted(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    deleted: Literal[True]


class WebhookTestQueued(BaseModel):
    """A `webhook.test` delivery was queued; follow it in the delivery log."""

    model_config = ConfigDict(extra="forbid")

    delivery_id: str = Field(examples=["msg_20260301120000123_5f0c2a9e4b1d7c3a8e6f9b20"])
    event: Literal["webhook.test"]
    status: Literal["queued"]


class RedeliveryQueued(BaseModel):
    """The delivery is pending again and queued, with its `webhook-id` unchanged."""

    model_config = ConfigDict(extra="forbid")

    delivery_id: str
    status: Literal["queued"]


class Delivery(BaseModel):
    """One event sent (or to be sent) to a subscription."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(examples=["msg_20260301120000123_5f0c2a9e4b1d7c3a8e6f9b20"])
    webhook_id: str
    event_id: str
    event: str = Field(examples=["incident.created"])
    status: DeliveryStatus
    status_reason: str | None = Field(examples=["subscription disabled"])
    attempt_count: int
    created_at: Timestamp
    last_attempt_at: Timestamp | None
    next_attempt_at: Timestamp | None
    delivered_at: Timestamp | None


class DeliveryAttempt(BaseModel):
    """One POST to the subscriber: its status code, or (when there was none) the error."""

    model_config = ConfigDict(extra="forbid")

    attempt: int
    attempted_at: Timestamp
    status_code: int | None
    latency_ms: int
    error: str | None
    response_excerpt: str | None = Field(description="The start of the subscriber's answer (1 KiB at most)")


class WebhookEventBody(BaseModel):
    """The JSON body a subscriber receives (signed: `webhook-id`, `webhook-timestamp`, `webhook-signature`)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    event: str
    timestamp: Timestamp
    org_id: str
    sequence: int = Field(description="Orders the events of one incident")
    data: dict[str, Any]
    changes: dict[str, Any] | None = Field(default=None, description="What changed, on update events")


class DeliveryWithAttempts(Delivery):
    """A delivery with every attempt and the body it sends."""

    attempts: list[DeliveryAttempt]
    payload: WebhookEventBody | None


class WebhookStats(BaseModel):
    """Delivery statistics, from counters (no scan); the rates are null before any delivery."""

    model_config = ConfigDict(extra="forbid")

    webhook_id: str
    total_deliveries: int
    successful_deliveries: int
    failed_deliveries: int
    success_rate: float | None = Field(examples=[0.9875])
    total_attempts: int
    average_response_time_ms: float | None
    last_delivery_at: Timestamp | None
    events_by_type: dict[str, int] = Field(examples=[{"incident.created": 42, "incident.resolved": 37}])
