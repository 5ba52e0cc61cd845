"""Webhook subscriptions: create, read, change, rotate, test, and the delivery log.

Secrets are shown only when created or rotated. Deliveries are created by the event
router (or here, for tests and redeliveries) and carried out by the delivery worker.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from incident_core.core.auth import Principal
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed, VersionMismatch
from incident_core.core.paging import INVALID_CURSOR, cursor_secret, decode_cursor, encode_cursor
from incident_core.core.settings import get_settings
from incident_core.incidents.models import SEVERITY_RANK, Severity
from incident_core.storage.outbox import EventRecord, new_event
from incident_core.webhooks.models import ALL_EVENTS, WebhookCreate, WebhookUpdate
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue, get_delivery_queue
from incident_core.webhooks.repository import WebhookRepository, get_webhook_repository
from incident_core.webhooks.transport.signing import generate_secret
from incident_core.webhooks.transport.url_guard import UnsafeUrl, check_webhook_url

SECRET_OVERLAP = timedelta(hours=24)
DELIVERY_TTL = timedelta(days=30)
DELIVERY_STATUSES = ("pending", "delivered", "failed", "dropped")
PUBLIC_FIELDS = (
    "id",
    "name",
    "url",
    "events",
    "filters",
    "headers",
    "timeout_seconds",
    "max_retries",
    "description",
    "is_active",
    "disabled_reason",
    "disabled_at",
    "consecutive_failures",
    "secret_rotated_at",
    "org_id",
    "created_by",
    "created_at",
    "updated_at",
    "version",
)


@dataclass(slots=True)
class DeliveryList:
    items: list[dict[str, Any]]
    meta: dict[str, Any]


def public_view(subscription: Mapping[str, Any]) -> dict[str, Any]:
    """A subscription without its secrets; header values are masked (they may be credentials)."""
    view = {name: subscription.get(name) for name in PUBLIC_FIELDS}
    view["headers"] = dict.fromkeys(subscription.get("headers") or {}, "********")
    view["consecutive_failures"] = int(subscription.get("consecutive_failures") or 0)
    return view


def _repository(repository: WebhookRepository | None) -> WebhookRepository:
    return repository or get_webhook_repository()


def _check_url(url: str) -> None:
    try:
        check_webhook_url(url, allow_insecure=get_settings().allow_insecure_webhook_targets)
    except UnsafeUrl as error:
        raise ValidationFailed.for_field("url", str(error)) from error


def _visible(principal: Principal, webhook_id: str, repository: WebhookRepository) -> dict[str, Any]:
    subscription = repository.get_subscription(org_id=principal.org_id, webhook_id=webhook_id)
    if subscription is None:
        raise NotFound(f"Webhook {webhook_id} not found")
    return subscription


def _active(principal: Principal, webhook_id: str, repository: WebhookRepository) -> dict[str, Any]:
    """A subscription that can be sent to now (test events and redeliveries)."""
    subscription = _visible(principal, webhook_id, repository)
    if not subscription.get("is_active", True):
        raise Conflict("Webhook is not active: enable it first")
    return subscription


def create_webhook(
    *, principal: Principal, data: WebhookCreate, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    _check_url(data.url)
    now = iso(utc_now())
    secret = generate_secret()
    subscription: dict[str, Any] = {
        **data.model_dump(exclude_none=True, mode="json"),
        "id": str(uuid.uuid4()),
        "org_id": principal.org_id,
        "secret": secret,
        "consecutive_failures": 0,
        "created_by": principal.sub,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    _repository(repository).put_subscription(subscription, expected_version=None)
    return {**public_view(subscription), "secret": secret}


def list_webhooks(*, principal: Principal, repository: WebhookRepository | None = None) -> list[dict[str, Any]]:
    subscriptions = _repository(repository).list_subscriptions(org_id=principal.org_id)
    return [public_view(item) for item in sorted(subscriptions, key=lambda item: str(item.get("created_at")))]


def get_webhook(
    *, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    return public_view(_visible(principal, webhook_id, _repository(repository)))


def update_webhook(
    *,
    principal: Principal,
    webhook_id: str,
    changes: WebhookUpdate,
    if_match: str | None = None,
    repository: WebhookRepository | None = None,
) -> dict[str, Any]:
    repository = _repository(repository)
    requested = changes.model_dump(include=changes.model_fields_set, mode="json")
    for required in ("name", "url", "events", "timeout_seconds", "max_retries", "is_active"):
        if required in requested and requested[required] is None:
            raise ValidationFailed.for_field(required, f"{required} can not be null")
    if requested.get("url"):
        _check_url(requested["url"])
    current = _visible(principal, webhook_id, repository)
    expected = int(current["version"])
    if if_match and if_match.strip() not in ("*", f'"{expected}"', f'W/"{expected}"', str(expected)):
        raise PreconditionFailed(f"Webhook has changed: version is {expected}")
    updated = {**current, **requested, "updated_at": iso(utc_now()), "version": expected + 1}
    if requested.get("is_active") is True:
        # Re-enabling clears what disabled it.
        updated.update(disabled_reason=None, disabled_at=None, consecutive_failures=0)
    try:
        repository.put_subscription(updated, expected_version=expected)
    except VersionMismatch as error:
        raise Conflict("Webhook was changed by another request: fetch it and retry") from error
    return public_view(updated)


def delete_webhook(*, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None) -> None:
    """Delete a subscription; deliveries still queued for it are dropped by the worker."""
    if not _repository(repository).delete_subscription(org_id=principal.org_id, webhook_id=webhook_id):
        raise NotFound(f"Webhook {webhook_id} not found")


def rotate_secret(
    *, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    """A new secret; the old one keeps signing (a second signature) for 24 hours."""
    repository = _repository(repository)
    current = _visible(principal, webhook_id, repository)
    now = utc_now()
    secret = generate_secret()
    updated = {
        **current,
        "secret": secret,
        "previous_secret": current["secret"],
        "previous_secret_expires_at": iso(now + SECRET_OVERLAP),
        "secret_rotated_at": iso(now),
        "updated_at": iso(now),
        "version": int(current["version"]) + 1,
    }
    try:
        repository.put_subscription(updated, expected_version=int(current["version"]))
    except VersionMismatch as error:
        raise Conflict("Webhook was changed by another request: retry") from error
    return {
        **public_view(updated),
        "secret": secret,
        "previous_secret_expires_at": updated["previous_secret_expires_at"],
    }


def signing_secrets(subscription: Mapping[str, Any], *, now: str) -> list[str]:
    """The secrets that sign a delivery now: the current one, and the previous during its overlap."""
    secrets = [str(subscription["secret"])]
    previous, until = subscription.get("previous_secret"), subscription.get("previous_secret_expires_at")
    if previous and until and str(until) > now:
        secrets.append(str(previous))
    return secrets


# --- events and deliveries ----------------------------------------------------------------------


def event_payload(event: EventRecord) -> dict[str, Any]:
    """The body subscribers receive; `sequence` orders events of one incident."""
    payload: dict[str, Any] = {
        "id": event.event_id,
        "event": event.name,
        "timestamp": event.occurred_at,
        "org_id": event.org_id,
        "sequence": event.sequence,
        "data": dict(event.data),
    }
    if event.changes:
        payload["changes"] = dict(event.changes)
    return payload


def delivery_id_for(event_id: str, webhook_id: str, occurred_at: str) -> str:
    """Deterministic (a re-run router makes the same id) and sortable by the event's time."""
    digits = "".join(character for character in occurred_at if character.isdigit())
    digest = hashlib.sha256(f"{event_id}:{webhook_id}".encode()).hexdigest()[:24]
    return f"msg_{digits}_{digest}"


def subscription_wants(subscription: Mapping[str, Any], event: EventRecord) -> bool:
    """Whether an active subscription's event names and filters match the event."""
    if not subscription.get("is_active", True):
        return False
    names = subscription.get("events") or []
    if ALL_EVENTS not in names and event.name not in names:
        return False
    filters = subscription.get("filters") or {}
    severity = event.data.get("severity")
    minimum = filters.get("min_severity")
    if minimum and severity in SEVERITY_RANK and SEVERITY_RANK[Severity(severity)] < SEVERITY_RANK[Severity(minimum)]:
        return False
    types = filters.get("incident_types")
    return not (types and event.subject == "incident" and event.data.get("incident_type") not in types)


def new_delivery(*, subscription: Mapping[str, Any], payload: Mapping[str, Any], delivery_id: str) -> dict[str, Any]:
    now = utc_now()
    return {
        "id": delivery_id,
        "org_id": subscription["org_id"],
        "webhook_id": subscription["id"],
        "event_id": payload["id"],
        "event": payload["event"],
        "status": "pending",
        "attempt_count": 0,
        "attempts": [],
        "payload_json": json.dumps(payload, separators=(",", ":"), default=str),
        "created_at": iso(now),
        "expires_at": int((now + DELIVERY_TTL).timestamp()),
    }


def delivery_view(delivery: Mapping[str, Any], *, with_attempts: bool) -> dict[str, Any]:
    view = {
        name: delivery.get(name)
        for name in (
            "id",
            "webhook_id",
            "event_id",
            "event",
            "status",
            "status_reason",
            "attempt_count",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
        )
    }
    view["attempt_count"] = int(delivery.get("attempt_count") or 0)
    if with_attempts:
        view["attempts"] = list(delivery.get("attempts") or [])
        view["payload"] = json.loads(delivery["payload_json"]) if delivery.get("payload_json") else None
    return view


def send_test_event(
    *,
    principal: Principal,
    webhook_id: str,
    repository: WebhookRepository | None = None,
    queue: DeliveryQueue | None = None,
) -> dict[str, Any]:
    repository = _repository(repository)
    subscription = _active(principal, webhook_id, repository)
    now = iso(utc_now())
    event = new_event(
        "webhook.test",
        org_id=principal.org_id,
        subject_id=webhook_id,
        occurred_at=now,
        actor=principal.sub,
        sequence=0,
        data={"webhook_id": webhook_id, "message": "This is a test event from the incident API"},
        subject="webhook",
    )
    delivery_id = delivery_id_for(event.event_id, webhook_id, now)
    repository.create_delivery(
        new_delivery(subscription=subscription, payload=event_payload(event), delivery_id=delivery_id)
    )
    (queue or get_delivery_queue()).send([DeliveryMessage(principal.org_id, webhook_id, delivery_id)])
    return {"delivery_id": delivery_id, "event": "webhook.test", "status": "queued"}


def list_deliveries(
    *,
    principal: Principal,
    webhook_id: str,
    params: Mapping[str, list[str]],
    repository: WebhookRepository | None = None,
) -> DeliveryList:
    repository = _repository(repository)
    _visible(principal, webhook_id, repository)
    unknown = sorted(set(params) - {"status", "event", "limit", "cursor"})
    if unknown:
        raise ValidationFailed.for_field(unknown[0], f"{unknown[0]} is not a supported filter")

    def single(name: str) -> str | None:
        values = [value.strip() for value in params.get(name, []) if value.strip()]
        return values[-1] if values else None

    status, event, limit_text, cursor = single("status"), single("event"), single("limit"), single("cursor")
    if status and status not in DELIVERY_STATUSES:
        raise ValidationFailed.for_field("status", f"status must be one of: {', '.join(DELIVERY_STATUSES)}")
    if limit_text and (not limit_text.isdigit() or not 1 <= int(limit_text) <= 100):
        raise ValidationFailed.for_field("limit", "limit must be an integer from 1 to 100")
    limit = int(limit_text) if limit_text else 20
    secret = cursor_secret()
    scope = f"{principal.org_id}:{webhook_id}:{status}:{event}"
    start_key = None
    if cursor:
        payload = decode_cursor(cursor, secret=secret)
        if payload.get("s") != scope or not isinstance(payload.get("k"), dict):
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        start_key = payload["k"]
    page = repository.list_deliveries(
        org_id=principal.org_id, webhook_id=webhook_id, status=status, event=event, limit=limit, start_key=start_key
    )
    next_cursor = encode_cursor({"s": scope, "k": page.resume_key}, secret=secret) if page.resume_key else None
    return DeliveryList(
        items=[delivery_view(item, with_attempts=False) for item in page.items],
        meta={"limit": limit, "has_more": page.has_more, "next_cursor": next_cursor if page.has_more else None},
    )


def get_delivery(
    *, principal: Principal, webhook_id: str, delivery_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    repository = _repository(repository)
    _visible(principal, webhook_id, repository)
    delivery = repository.get_delivery(org_id=principal.org_id, webhook_id=webhook_id, delivery_id=delivery_id)
    if delivery is None:
        raise NotFound(f"Delivery {delivery_id} not found")
    return delivery_view(delivery, with_attempts=True)


def redeliver(
    *,
    principal: Principal,
    webhook_id: str,
    delivery_id: str,
    repository: WebhookRepository | None = None,
    queue: DeliveryQueue | None = None,
) -> dict[str, Any]:
    """Send a delivery again, with the same `webhook-id` (subscribers dedup on it)."""
    repository = _repository(repository)
    _active(principal, webhook_id, repository)  # only to an active subscription
    delivery = repository.get_delivery(org_id=principal.org_id, webhook_id=webhook_id, delivery_id=delivery_id)
    if delivery is None:
        raise NotFound(f"Delivery {delivery_id} not found")
    if delivery.get("status") == "pending":
        raise Conflict("Delivery is still pending: it will be sent (again) on its own")
    repository.set_delivery_status(
        org_id=principal.org_id, webhook_id=webhook_id, delivery_id=delivery_id, status="pending", reason="redeliver"
    )
    (queue or get_delivery_queue()).send([DeliveryMessage(principal.org_id, webhook_id, delivery_id)])
    return {"delivery_id": delivery_id, "status": "queued"}


def webhook_stats(
    *, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    repository = _repository(repository)
    _visible(principal, webhook_id, repository)
    counters = repository.get_stats(org_id=principal.org_id, webhook_id=webhook_id)
    total = int(counters.get("total_deliveries", 0))
    successful = int(counters.get("successful_deliveries", 0))
    responses = int(counters.get("response_count", 0))
    return {
        "webhook_id": webhook_id,
        "total_deliveries": total,
        "successful_deliveries": successful,
        "failed_deliveries": int(counters.get("failed_deliveries", 0)),
        "success_rate": round(successful / total, 4) if total else None,
        "total_attempts": int(counters.get("attempts_total", 0)),
        "average_response_time_ms": round(int(counters.get("response_time_total_ms", 0)) / responses, 1)
        if responses
        else None,
        "last_delivery_at": counters.get("last_delivery_at"),
        "events_by_type": {
            name.removeprefix("events:"): int(value) for name, value in counters.items() if name.startswith("events:")
        },
    }
