"""In-memory stand-ins for the webhook pipeline's storage, queue and sender, subclassing the real interfaces."""

from __future__ import annotations

import copy
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from incident_core.core.errors import VersionMismatch
from incident_core.storage.keys import DELIVERY_PREFIX, webhook_pk
from incident_core.storage.outbox import EventRecord
from incident_core.webhooks.delivery_store import AttemptRecord, ClaimedBatch, DeliveryKey, DeliveryPage
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue
from incident_core.webhooks.repository import WebhookRepository
from incident_core.webhooks.stats import DeliveryStats
from incident_core.webhooks.transport.sender import DeliveryReceipt, WebhookRequest, WebhookSender


class InMemoryWebhookRepository(WebhookRepository):
    """Subscriptions, deliveries and statistics in dicts, with the conditions DynamoDB enforces.

    The worker calls it from several threads at once: one lock guards every change.
    `calls` names the batched calls (`claim_deliveries`, `record_attempts`) in order.
    """

    def __init__(self) -> None:
        self.subscriptions: dict[tuple[str, str], dict[str, Any]] = {}
        self.deliveries: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.stats: dict[tuple[str, str], dict[str, Any]] = {}
        self.events: list[EventRecord] = []
        self.calls: list[str] = []
        self._lock = threading.RLock()

    # --- subscriptions ---------------------------------------------------------------

    def put_subscription(self, subscription: Mapping[str, Any], *, expected_version: int | None) -> None:
        key = (str(subscription["org_id"]), str(subscription["id"]))
        with self._lock:
            current = self.subscriptions.get(key)
            if expected_version is None and current is not None:
                raise VersionMismatch
            if expected_version is not None and (current is None or current["version"] != expected_version):
                raise VersionMismatch
            self.subscriptions[key] = {
                name: value for name, value in copy.deepcopy(dict(subscription)).items() if value is not None
            }

    def get_subscription(self, *, org_id: str, webhook_id: str) -> dict[str, Any] | None:
        with self._lock:
            found = self.subscriptions.get((org_id, webhook_id))
            return copy.deepcopy(found) if found else None

    def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [copy.deepcopy(item) for (org, _), item in self.subscriptions.items() if org == org_id]

    def delete_subscription(self, *, org_id: str, webhook_id: str) -> bool:
        with self._lock:
            return self.subscriptions.pop((org_id, webhook_id), None) is not None

    def record_failure_streak(self, *, org_id: str, webhook_id: str, failed: bool) -> int | None:
        with self._lock:
            subscription = self.subscriptions.get((org_id, webhook_id))
            if subscription is None:
                return None
            streak = int(subscription.get("consecutive_failures") or 0) + 1 if failed else 0
            subscription["consecutive_failures"] = streak
            return streak

    def disable_subscription(self, *, org_id: str, webhook_id: str, reason: str, at: str, event: EventRecord) -> bool:
        with self._lock:
            subscription = self.subscriptions.get((org_id, webhook_id))
            if subscription is None or not subscription.get("is_active", True):
                return False
            subscription.update(
                is_active=False,
                disabled_reason=reason,
                disabled_at=at,
                updated_at=at,
                version=int(subscription["version"]) + 1,
            )
            self.events.append(event)
            return True

    # --- deliveries ------------------------------------------------------------------

    def create_delivery(self, delivery: Mapping[str, Any]) -> bool:
        key = (str(delivery["org_id"]), str(delivery["webhook_id"]), str(delivery["id"]))
        with self._lock:
            if key in self.deliveries:
                return False
            self.deliveries[key] = copy.deepcopy(dict(delivery))
            return True

    def get_delivery(self, *, org_id: str, webhook_id: str, delivery_id: str) -> dict[str, Any] | None:
        with self._lock:
            found = self.deliveries.get((org_id, webhook_id, delivery_id))
            return copy.deepcopy(found) if found else None

    def list_deliveries(
        self,
        *,
        org_id: str,
        webhook_id: str,
        status: str | None,
        event: str | None,
        limit: int,
        start_key: Mapping[str, str] | None,
    ) -> DeliveryPage:
        with self._lock:
            newest_first = sorted(
                (item for (org, webhook, _), item in self.deliveries.items() if (org, webhook) == (org_id, webhook_id)),
                key=lambda item: str(item["id"]),
                reverse=True,
            )
        if start_key:
            after = str(start_key["sk"]).removeprefix(DELIVERY_PREFIX)
            newest_first = [item for item in newest_first if str(item["id"]) < after]
        matching = [
            copy.deepcopy(item)
            for item in newest_first
            if (not status or item.get("status") == status) and (not event or item.get("event") == event)
        ]
        page = matching[:limit]
        if len(matching) <= limit:
            return DeliveryPage(page, None)
        return DeliveryPage(page, {"pk": webhook_pk(org_id, webhook_id), "sk": f"{DELIVERY_PREFIX}{page[-1]['id']}"})

    def set_delivery_status(
        self, *, org_id: str, webhook_id: str, delivery_id: str, status: str, reason: str | None = None
    ) -> None:
        with self._lock:
            delivery = self.deliveries[(org_id, webhook_id, delivery_id)]  # DynamoDB: attribute_exists(pk)
            delivery["status"] = status
            if reason:
                delivery["status_reason"] = reason
            delivery.pop("lease_until", None)
            delivery.pop("lease_token", None)

    def claim_delivery(
        self, *, org_id: str, webhook_id: str, delivery_id: str, now: str, lease_until: str, lease_token: str
    ) -> dict[str, Any] | None:
        with self._lock:
            delivery = self.deliveries.get((org_id, webhook_id, delivery_id))
            if delivery is None or delivery.get("status") != "pending":
                return None
            held_until, holder = delivery.get("lease_until"), delivery.get("lease_token")
            if held_until is not None and str(held_until) >= now and holder != lease_token:
                return None
            delivery.update(lease_until=lease_until, lease_token=lease_token)
            return copy.deepcopy(delivery)

    def claim_deliveries(
        self, keys: Sequence[DeliveryKey], *, now: str, lease_until: str, lease_token: str
    ) -> ClaimedBatch:
        self.calls.append("claim_deliveries")
        return super().claim_deliveries(keys, now=now, lease_until=lease_until, lease_token=lease_token)

    def record_attempt(
        self,
        *,
        delivery: Mapping[str, Any],
        attempt: Mapping[str, Any],
        status: str,
        final: bool,
        next_attempt_at: str | None,
    ) -> None:
        key = (str(delivery["org_id"]), str(delivery["webhook_id"]), str(delivery["id"]))
        with self._lock:
            stored = self.deliveries[key]
            stored["attempts"] = [*stored.get("attempts", []), dict(attempt)]
            stored["attempt_count"] = int(stored.get("attempt_count") or 0) + 1
            stored.update(status=status, last_attempt_at=attempt["attempted_at"])
            if status == "delivered":
                stored["delivered_at"] = attempt["attempted_at"]
            if next_attempt_at:
                stored["next_attempt_at"] = next_attempt_at
            else:
                stored.pop("next_attempt_at", None)
            stored.pop("lease_until", None)
            stored.pop("lease_token", None)

    def record_attempts(self, records: Sequence[AttemptRecord]) -> None:
        self.calls.append("record_attempts")
        super().record_attempts(records)

    # --- statistics ------------------------------------------------------------------

    def add_stats(self, *, org_id: str, webhook_id: str, stats: DeliveryStats) -> None:
        counters = stats.counters()
        if not counters:
            return
        with self._lock:
            stored = self.stats.setdefault((org_id, webhook_id), {})
            for name, delta in counters.items():
                stored[name] = int(stored.get(name, 0)) + delta
            stored["last_delivery_at"] = stats.last_delivery_at

    def get_stats(self, *, org_id: str, webhook_id: str) -> dict[str, Any]:
        with self._lock:
            return dict(self.stats.get((org_id, webhook_id), {}))


class InMemoryDeliveryQueue(DeliveryQueue):
    """Keeps what was queued (on which lane) and which received messages were hidden for how long."""

    def __init__(self) -> None:
        self.sent: list[DeliveryMessage] = []
        self.sent_bulk: list[bool] = []  # one per message sent: whether it went on the bulk lane
        self.delayed: list[tuple[str, int]] = []
        self.delayed_from: list[str] = []  # the source queue ARN of each hidden message
        self.refuse_delays = False

    def send(self, messages: Sequence[DeliveryMessage], *, bulk: Sequence[bool] = ()) -> None:
        self.sent.extend(messages)
        self.sent_bulk.extend(index < len(bulk) and bulk[index] for index in range(len(messages)))

    def retry_later(self, receipt_handle: str, *, seconds: int, source_arn: str = "") -> None:
        if self.refuse_delays:
            raise RuntimeError("SQS is unavailable")
        self.delayed.append((receipt_handle, seconds))
        self.delayed_from.append(source_arn)


def receipt(
    status_code: int | None = 200, *, retry_after: float | None = None, error: str | None = None
) -> DeliveryReceipt:
    """A subscriber's answer; with `status_code=None`, a transport failure."""
    if status_code is None and error is None:
        error = "connection refused"
    return DeliveryReceipt(
        status_code=status_code,
        latency_ms=12.0,
        error=error,
        response_excerpt=None if status_code is None else "ok",
        retry_after_seconds=retry_after,
    )


class FakeWebhookSender(WebhookSender):
    """Answers from a script of receipts (then 200), keeping every request; safe across the worker's threads.

    `answers` maps a URL to its own script, for batches to several subscribers.
    """

    def __init__(
        self, *script: DeliveryReceipt, answers: Mapping[str, Sequence[DeliveryReceipt]] | None = None
    ) -> None:
        self.script = list(script)
        self.answers = {url: list(receipts) for url, receipts in (answers or {}).items()}
        self.requests: list[WebhookRequest] = []
        self._lock = threading.Lock()

    def send(self, request: WebhookRequest) -> DeliveryReceipt:
        with self._lock:
            self.requests.append(request)
            script = self.answers.get(request.url, self.script)
            return script.pop(0) if script else receipt(200)
