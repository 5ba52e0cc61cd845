"""The delivery log of a subscription: list and read deliveries, send one again, statistics.

Deliveries are read newest first (their ids start with the time); a delivery is shown
with its attempts and payload only when read on its own. Every view also has the fields
of the delivery log's other spelling (`subscription_id`, `event_type`, `next_retry_at`,
`response_status` and `error_message` of the last attempt), and a listed delivery its
`attempts` as a count (`attempt_count`); read on its own, `attempts` are the attempts made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, NotFound, ValidationFailed
from incident_core.core.paging import PAGING_QUERY, Listing, QueryParameter, listing, page_request, resume_key
from incident_core.storage.keys import webhook_pk
from incident_core.webhooks.catalog import canonical_event, event_type
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue, get_delivery_queue
from incident_core.webhooks.repository import WebhookRepository
from incident_core.webhooks.stats import stats_view
from incident_core.webhooks.subscriptions import active_subscription, repository_or_default, visible_subscription

DELIVERY_STATUSES = ("pending", "delivered", "failed", "dropped")
DELIVERY_QUERY = (
    QueryParameter("status", "Only deliveries in this state (any letter case)", choices=DELIVERY_STATUSES),
    QueryParameter("event", "Only deliveries of this event (`incident.created` or `INCIDENT_CREATED`)"),
    *PAGING_QUERY,
)
DELIVERY_PARAMETERS = frozenset(parameter.name for parameter in DELIVERY_QUERY)
DELIVERY_FIELDS = (
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
    "subscription_id",
    "event_type",
    "next_retry_at",
    "response_status",
    "error_message",
)


def _failure(attempt: Mapping[str, Any]) -> str | None:
    """What went wrong in an attempt: its error, or the subscriber's answer if not 2xx; None for a success."""
    if attempt.get("error"):
        return str(attempt["error"])
    code = attempt.get("status_code")
    return None if code is None or 200 <= int(code) < 300 else f"HTTP {int(code)}"


def delivery_view(delivery: Mapping[str, Any], *, with_attempts: bool) -> dict[str, Any]:
    attempts = list(delivery.get("attempts") or [])
    last = attempts[-1] if attempts else {}
    code = last.get("status_code")
    view = {name: delivery.get(name) for name in DELIVERY_FIELDS}
    view.update(
        attempt_count=int(delivery.get("attempt_count") or 0),
        subscription_id=delivery.get("webhook_id"),
        event_type=event_type(str(delivery["event"])) if delivery.get("event") else None,
        next_retry_at=delivery.get("next_attempt_at"),
        response_status=None if code is None else int(code),
        error_message=_failure(last) if last else None,
    )
    if with_attempts:
        view["attempts"] = attempts
        view["payload"] = json.loads(delivery["payload_json"]) if delivery.get("payload_json") else None
    else:
        view["attempts"] = view["attempt_count"]
    return view


def list_deliveries(
    *,
    principal: Principal,
    webhook_id: str,
    params: Mapping[str, list[str]],
    repository: WebhookRepository | None = None,
) -> Listing:
    """A page of the log, newest first; filters `status` and `event`, paged by `limit` and `cursor`."""
    repository = repository_or_default(repository)
    visible_subscription(principal, webhook_id, repository)
    request = page_request(params, filters=DELIVERY_PARAMETERS, default_limit=20)
    status, event = request.query.lower("status"), request.query.single("event")
    if status and status not in DELIVERY_STATUSES:
        raise ValidationFailed.for_field("status", f"status must be one of: {', '.join(DELIVERY_STATUSES)}")
    if event:
        event = canonical_event(event) or event  # a name no longer in the catalogue is still looked for
    scope = f"{principal.org_id}:{webhook_id}:{status}:{event}"
    partition = webhook_pk(principal.org_id, webhook_id)
    start_key = resume_key(request.cursor, scope=scope, owns=lambda key: key.get("pk") == partition)
    page = repository.list_deliveries(
        org_id=principal.org_id,
        webhook_id=webhook_id,
        status=status,
        event=event,
        limit=request.limit,
        start_key=start_key,
    )
    items = [delivery_view(item, with_attempts=False) for item in page.items]
    return listing(items, limit=request.limit, scope=scope, resume=page.resume_key)


def _delivery(principal: Principal, webhook_id: str, delivery_id: str, repository: WebhookRepository) -> dict[str, Any]:
    delivery = repository.get_delivery(org_id=principal.org_id, webhook_id=webhook_id, delivery_id=delivery_id)
    if delivery is None:
        raise NotFound(f"Delivery {delivery_id} not found")
    return delivery


def get_delivery(
    *, principal: Principal, webhook_id: str, delivery_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    repository = repository_or_default(repository)
    visible_subscription(principal, webhook_id, repository)
    return delivery_view(_delivery(principal, webhook_id, delivery_id, repository), with_attempts=True)


def redeliver(
    *,
    principal: Principal,
    webhook_id: str,
    delivery_id: str,
    repository: WebhookRepository | None = None,
    queue: DeliveryQueue | None = None,
) -> dict[str, Any]:
    """Send a delivery again, with the same `webhook-id` (subscribers dedup on it)."""
    repository = repository_or_default(repository)
    active_subscription(principal, webhook_id, repository)  # only to an active subscription
    if _delivery(principal, webhook_id, delivery_id, repository).get("status") == "pending":
        raise Conflict("Delivery is still pending: it will be sent (again) on its own")
    repository.set_delivery_status(
        org_id=principal.org_id, webhook_id=webhook_id, delivery_id=delivery_id, status="pending", reason="redeliver"
    )
    (queue or get_delivery_queue()).send([DeliveryMessage(principal.org_id, webhook_id, delivery_id)])
    return {"delivery_id": delivery_id, "status": "queued"}


def webhook_stats(
    *, principal: Principal, webhook_id: str, repository: WebhookRepository | None = None
) -> dict[str, Any]:
    repository = repository_or_default(repository)
    visible_subscription(principal, webhook_id, repository)
    return stats_view(webhook_id, repository.get_stats(org_id=principal.org_id, webhook_id=webhook_id))
