"""Webhook subscriptions: create, read, change, delete, rotate the secret, send a test event.

Secrets are shown only when created or rotated. Deliveries are made by the router (and
here, for test events) and carried out by the delivery worker; their log is `delivery_log`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed, VersionMismatch
from incident_core.core.settings import get_settings
from incident_core.storage.outbox import new_event
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue, get_delivery_queue
from incident_core.webhooks.repository import WebhookRepository, get_webhook_repository
from incident_core.webhooks.routing import delivery_id_for, event_payload, new_delivery
from incident_core.webhooks.transport.signing import generate_secret
from incident_core.webhooks.transport.url_guard import UnsafeUrl, check_webhook_url

if TYPE_CHECKING:  # the request models (pydantic) are only annotations here: reads load without them
    from incident_core.webhooks.models import WebhookCreate, WebhookUpdate

SECRET_OVERLAP = timedelta(hours=24)
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


HIDDEN_VALUE = "********"


def public_view(subscription: Mapping[str, Any]) -> dict[str, Any]:
    """A subscription without its secrets; header values are masked (they may be credentials), but `Content-Type`."""
    view = {name: subscription.get(name) for name in PUBLIC_FIELDS}
    view["headers"] = {
        name: str(value) if name.lower() == "content-type" else HIDDEN_VALUE
        for name, value in (subscription.get("headers") or {}).items()
    }
    view["consecutive_failures"] = int(subscription.get("consecutive_failures") or 0)
    return view


def repository_or_default(repository: WebhookRepository | None) -> WebhookRepository:
    return repository or get_webhook_repository()


def _check_url(url: str) -> None:
    try:
        check_webhook_url(url, allow_insecure=get_settings().allow_insecure_webhook_targets)
    except UnsafeUrl as error:
        raise ValidationFailed.for_field("url", str(error)) from error


def visible_subscription(principal: Principal, webhook_id: str, repository: WebhookRepository) -> dict[str, Any]:
    """The caller's org's subscription, or 404 (another org's is not found either)."""
    subscription = repository.get_subscription(org_id=principal.org_id, webhook_id=webhook_id)
    if subscription is None:
        raise NotFound(f"Webhook {webhook_id} not found")
    return subscription


def active_subscription(principal: Principal, webhook_id: str, repository: WebhookRepository) -> dict[str, Any]:
    """A subscription that can be sent to now (test events and redeliveries)."""
    subscription = visible_subscription(principal, webhook_id, repository)
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
    repository_or_default(repository).put_subscription(subscription, expected_version=None)
    return {**public_view(subscription), "secret": secret}


def list_webhooks(*, principal: Principal, repository: WebhookRepository | None = None) -> list[dict[str, Any]]:
    subscriptions = repository_or_default(repository).list_subscriptions(org_id=principal.org_id)
    return [public_view(item) for item in sorted(subscriptions, key=lambda item: str(item.get("created_at")))]


def get_webhook(
    *, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    return public_view(visible_subscription(principal, webhook_id, repository_or_default(repository)))


def update_webhook(
    *,
    principal: Principal,
    webhook_id: str,
    changes: WebhookUpdate,
    if_match: str | None = None,
    repository: WebhookRepository | None = None,
) -> dict[str, Any]:
    repository = repository_or_default(repository)
    requested = changes.model_dump(include=changes.model_fields_set, mode="json")
    for required in ("name", "url", "events", "timeout_seconds", "max_retries", "is_active"):
        if required in requested and requested[required] is None:
            raise ValidationFailed.for_field(required, f"{required} can not be null")
    if requested.get("url"):
        _check_url(requested["url"])
    current = visible_subscription(principal, webhook_id, repository)
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
    if not repository_or_default(repository).delete_subscription(org_id=principal.org_id, webhook_id=webhook_id):
        raise NotFound(f"Webhook {webhook_id} not found")


def rotate_secret(
    *, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    """A new secret; the old one keeps signing (a second signature) for 24 hours."""
    repository = repository_or_default(repository)
    current = visible_subscription(principal, webhook_id, repository)
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


def send_test_event(
    *,
    principal: Principal,
    webhook_id: str,
    repository: WebhookRepository | None = None,
    queue: DeliveryQueue | None = None,
) -> dict[str, Any]:
    repository = repository_or_default(repository)
    subscription = active_subscription(principal, webhook_id, repository)
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
