"""What the webhook routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror the service's views: `subscriptions.public_view` (secrets never shown, header
values masked but `Content-Type`), `delivery_log.delivery_view` and `stats.stats_view`; a
unit test checks each model's fields against the keys of real answers.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.http.openapi import Envelope
from incident_core.incidents.responses import INCIDENT_EXAMPLE
from incident_core.incidents.vocabulary import Severity

Timestamp = str  # ISO 8601, UTC, milliseconds, `Z`
DeliveryStatus = Literal["pending", "delivered", "failed", "dropped"]

EXAMPLE_WEBHOOK_ID = "d2c4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"
EXAMPLE_DELIVERY_ID = "msg_20260314091503870_5f0c2a9e4b1d7c3a8e6f9b20"
FILTERS_EXAMPLE: dict[str, Any] = {"min_severity": "high", "incident_types": ["phishing", "malware"]}
WEBHOOK_EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_WEBHOOK_ID,
    "name": "SIEM",
    "url": "https://siem.acme.example/hooks/incidents",
    "events": ["incident.created", "incident.triaged", "incident.resolved"],
    "filters": FILTERS_EXAMPLE,
    "headers": {"Authorization": "********", "Content-Type": "application/json"},
    "timeout_seconds": 10,
    "max_retries": 8,
    "description": "Forwards high-severity incidents to the SOC's SIEM",
    "is_active": True,
    "disabled_reason": None,
    "disabled_at": None,
    "consecutive_failures": 0,
    "secret_rotated_at": None,
    "org_id": "acme",
    "created_by": "alice@acme.example",
    "created_at": "2026-03-01T08:30:00.000Z",
    "updated_at": "2026-03-01T08:30:00.000Z",
    "version": 1,
}
WEBHOOK_WITH_SECRET_EXAMPLE: dict[str, Any] = {
    **WEBHOOK_EXAMPLE,
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwE1k7ZqD3xVw=",
}
SECRET_ROTATED_EXAMPLE: dict[str, Any] = {
    **WEBHOOK_EXAMPLE,
    "secret": "whsec_9jmbgzi3k1i0tEFkO6F0dHlR3QVw5YDriCgN4QjAV7w=",
    "secret_rotated_at": "2026-03-14T10:05:00.412Z",
    "updated_at": "2026-03-14T10:05:00.412Z",
    "version": 2,
    "previous_secret_expires_at": "2026-03-15T10:05:00.412Z",
}
DELIVERY_EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_DELIVERY_ID,
    "webhook_id": EXAMPLE_WEBHOOK_ID,
    "event_id": "7c9e2b4d-6f1a-4e3c-8b5d-0a2f4c6e8b1d",
    "event": "incident.triaged",
    "status": "delivered",
    "status_reason": None,
    "attempt_count": 2,
    "created_at": "2026-03-14T09:15:03.870Z",
    "last_attempt_at": "2026-03-14T09:15:35.104Z",
    "next_attempt_at": None,
    "delivered_at": "2026-03-14T09:15:35.104Z",
    "subscription_id": EXAMPLE_WEBHOOK_ID,
    "event_type": "INCIDENT_TRIAGED",
    "next_retry_at": None,
    "response_status": 200,
    "error_message": None,
    "attempts": 2,
}
ATTEMPT_EXAMPLES: list[dict[str, Any]] = [
    {
        "attempt": 1,
        "attempted_at": "2026-03-14T09:15:04.215Z",
        "status_code": 503,
        "latency_ms": 182,
        "error": None,
        "response_excerpt": "<html><body><h1>503 Service Unavailable</h1></body></html>",
    },
    {
        "attempt": 2,
        "attempted_at": "2026-03-14T09:15:35.104Z",
        "status_code": 200,
        "latency_ms": 96,
        "error": None,
        "response_excerpt": '{"received":true}',
    },
]
EVENT_BODY_EXAMPLE: dict[str, Any] = {
    "id": DELIVERY_EXAMPLE["event_id"],
    "event": "incident.triaged",
    "event_type": "INCIDENT_TRIAGED",
    "timestamp": "2026-03-14T09:15:03.870Z",
    "org_id": "acme",
    "sequence": 2,
    "data": {
        **INCIDENT_EXAMPLE,
        "version": 2,
        "updated_at": "2026-03-14T09:15:03.870Z",
        "incident_id": INCIDENT_EXAMPLE["id"],
    },
    "changes": {"status": {"old": "open", "new": "triaged"}},
}
DELIVERY_WITH_ATTEMPTS_EXAMPLE: dict[str, Any] = {
    **DELIVERY_EXAMPLE,
    "attempts": ATTEMPT_EXAMPLES,
    "payload": EVENT_BODY_EXAMPLE,
}
STATS_EXAMPLE: dict[str, Any] = {
    "webhook_id": EXAMPLE_WEBHOOK_ID,
    "subscription_id": EXAMPLE_WEBHOOK_ID,
    "total_deliveries": 80,
    "successful_deliveries": 79,
    "failed_deliveries": 1,
    "success_rate": 0.9875,
    "total_attempts": 86,
    "average_response_time_ms": 112.4,
    "average_response_time": 112.4,
    "last_delivery_at": "2026-03-14T09:15:35.104Z",
    "events_by_type": {"INCIDENT_CREATED": 42, "INCIDENT_TRIAGED": 38},
}


class WebhookFilterSettings(BaseModel):
    """A subscription's filters, as set (a filter never set is absent, a cleared one null)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [FILTERS_EXAMPLE]})

    min_severity: Severity | None = None
    incident_types: list[str] | None = None


class Webhook(BaseModel):
    """A subscription as the API shows it: never its secret; header values masked."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [WEBHOOK_EXAMPLE]})

    id: str
    name: str
    url: str
    events: list[str] = Field(examples=[["incident.created", "incident.resolved"]])
    filters: WebhookFilterSettings | None
    headers: dict[str, str] = Field(
        description="Values masked (`********`), but `Content-Type` (`application/json`)",
        examples=[{"Authorization": "********", "Content-Type": "application/json"}],
    )
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

    model_config = ConfigDict(json_schema_extra={"examples": [WEBHOOK_WITH_SECRET_EXAMPLE]})

    secret: str = Field(examples=[WEBHOOK_WITH_SECRET_EXAMPLE["secret"]])


class WebhookSecretRotated(WebhookWithSecret):
    """A subscription with its new secret; the previous one still signs until `previous_secret_expires_at`."""

    model_config = ConfigDict(json_schema_extra={"examples": [SECRET_ROTATED_EXAMPLE]})

    previous_secret_expires_at: Timestamp


class WebhookCount(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"total": 1}]})

    total: int


class WebhookList(Envelope[list[Webhook]]):
    """Every subscription of the org, oldest first, in one page: `meta.total` counts them."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"success": True, "data": [WEBHOOK_EXAMPLE], "meta": {"total": 1}}]}
    )

    meta: WebhookCount


class WebhookDeleted(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"id": EXAMPLE_WEBHOOK_ID, "deleted": True}]}
    )

    id: str
    deleted: Literal[True]


class WebhookTestQueued(BaseModel):
    """A `webhook.test` delivery was queued; follow it in the delivery log."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "delivery_id": "msg_20260314100712530_2b4d6f8a0c1e3a5c7e9b1d3f",
                    "event": "webhook.test",
                    "status": "queued",
                }
            ]
        },
    )

    delivery_id: str
    event: Literal["webhook.test"]
    status: Literal["queued"]


class RedeliveryQueued(BaseModel):
    """The delivery is pending again and queued, with its `webhook-id` unchanged."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"delivery_id": EXAMPLE_DELIVERY_ID, "status": "queued"}]}
    )

    delivery_id: str
    status: Literal["queued"]


class DeliveryFields(BaseModel):
    """What every view of a delivery shows (`subscription_id`, `next_retry_at`: other names of two fields)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{key: value for key, value in DELIVERY_EXAMPLE.items() if key != "attempts"}]},
    )

    id: str = Field(examples=[EXAMPLE_DELIVERY_ID])
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
    subscription_id: str = Field(description="The same as `webhook_id`")
    event_type: str = Field(description="The event in upper snake case", examples=["INCIDENT_CREATED"])
    next_retry_at: Timestamp | None = Field(description="The same as `next_attempt_at`")
    response_status: int | None = Field(description="The subscriber's status code at the last attempt")
    error_message: str | None = Field(
        description="What failed at the last attempt (`HTTP 503`, or the connection error); null after a success",
        examples=["HTTP 503"],
    )


class Delivery(DeliveryFields):
    """One event sent (or to be sent) to a subscription, as listed."""

    model_config = ConfigDict(json_schema_extra={"examples": [DELIVERY_EXAMPLE]})

    attempts: int = Field(description="Attempts made (the same as `attempt_count`)")


class DeliveryAttempt(BaseModel):
    """One POST to the subscriber: its status code, or (when there was none) the error."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ATTEMPT_EXAMPLES[1]]})

    attempt: int
    attempted_at: Timestamp
    status_code: int | None
    latency_ms: int
    error: str | None
    response_excerpt: str | None = Field(description="The start of the subscriber's answer (1 KiB at most)")


class WebhookEventBody(BaseModel):
    """The JSON body a subscriber receives (signed: `webhook-id`, `webhook-timestamp`, `webhook-signature`,
    `X-Signature-256`); the data of an incident's event has the incident's id as `incident_id`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EVENT_BODY_EXAMPLE]})

    id: str
    event: str
    event_type: str = Field(description="The event in upper snake case", examples=["INCIDENT_CREATED"])
    timestamp: Timestamp
    org_id: str
    sequence: int = Field(description="Orders the events of one incident")
    data: dict[str, Any]
    changes: dict[str, Any] | None = Field(default=None, description="What changed, on update events")


class DeliveryWithAttempts(DeliveryFields):
    """A delivery with every attempt and the body it sends."""

    model_config = ConfigDict(json_schema_extra={"examples": [DELIVERY_WITH_ATTEMPTS_EXAMPLE]})

    attempts: list[DeliveryAttempt]
    payload: WebhookEventBody | None


class WebhookStats(BaseModel):
    """Delivery statistics, from counters (no scan); the rates are null before any delivery."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [STATS_EXAMPLE]})

    webhook_id: str
    subscription_id: str = Field(description="The same as `webhook_id`")
    total_deliveries: int
    successful_deliveries: int
    failed_deliveries: int
    success_rate: float | None = Field(examples=[0.9875])
    total_attempts: int
    average_response_time_ms: float | None
    average_response_time: float | None = Field(description="The same as `average_response_time_ms` (milliseconds)")
    last_delivery_at: Timestamp | None
    events_by_type: dict[str, int] = Field(
        description="Finished deliveries per event type (upper snake case)",
        examples=[{"INCIDENT_CREATED": 42, "INCIDENT_RESOLVED": 37}],
    )
