"""The delivery worker's stage: a queued delivery -> one signed POST, recorded as an attempt.

The outcome is a success, a retry later (exponential backoff with jitter, or the
subscriber's Retry-After), or a final failure. A delivery already delivered is never
sent again (SQS delivers at least once), and a lease keeps two copies of one message
from sending at once. `deliver_all` does a whole SQS batch at once: one claim
transaction, concurrent sends, one transaction of attempts (`worker` feeds it).
"""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from incident_core.core.business_metrics import WEBHOOK_DELIVERIES, WEBHOOKS_DISABLED, count
from incident_core.core.clock import iso, utc_now
from incident_core.core.settings import DEFAULT_RETRY_SCHEDULE, get_settings
from incident_core.storage.outbox import new_event
from incident_core.webhooks.catalog import MAX_TIMEOUT_SECONDS
from incident_core.webhooks.delivery_store import AttemptRecord, DeliveryKey
from incident_core.webhooks.queue import MAX_VISIBILITY_SECONDS, DeliveryMessage
from incident_core.webhooks.repository import WebhookRepository
from incident_core.webhooks.routing import signing_secrets
from incident_core.webhooks.stats import DeliveryStats
from incident_core.webhooks.transport.sender import SENDER_HEADERS, DeliveryReceipt, WebhookRequest, WebhookSender
from incident_core.webhooks.transport.signing import signature_headers

# Seconds before attempt n+1 (n = attempts made): ~10 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 12 h...
BACKOFF_SECONDS = DEFAULT_RETRY_SCHEDULE
JITTER = 0.2
LEASE_MARGIN_SECONDS = 15
DISABLE_AFTER_FAILED_DELIVERIES = 20
# An attempt's status as written -> the outcome `WebhookDeliveries` counts it under.
COUNTED_OUTCOMES = {"delivered": "delivered", "pending": "failed", "failed": "given-up"}
EXCERPT_BYTES = 1024


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """What became of one queued delivery: `delivered`, `retry`, `failed`, `dropped` or `skipped`."""

    status: str
    retry_in_seconds: int | None = None
    reason: str | None = None


def backoff_seconds(
    attempts_made: int,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
    schedule: Sequence[int] = BACKOFF_SECONDS,
) -> int:
    """Delay before the next attempt: the schedule with +-20 % jitter, at least Retry-After."""
    base = schedule[min(max(attempts_made, 1), len(schedule)) - 1]
    jittered = base * (1 + (rng or random).uniform(-JITTER, JITTER))
    delay = max(jittered, retry_after or 0)
    return int(min(max(delay, 1), MAX_VISIBILITY_SECONDS))


class BatchSubscriptions:
    """Subscriptions read once per batch: ten deliveries to one subscriber make one read."""

    def __init__(self, repository: WebhookRepository) -> None:
        self.repository = repository
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[str, str], threading.Lock] = {}
        self._found: dict[tuple[str, str], dict[str, Any] | None] = {}

    def seed(self, found: Mapping[tuple[str, str], dict[str, Any] | None]) -> None:
        """Subscriptions already read (with the claim); None for a deleted one."""
        with self._lock:
            self._found.update(found)

    def get_subscription(self, *, org_id: str, webhook_id: str) -> dict[str, Any] | None:
        key = (org_id, webhook_id)
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # the first thread reads; the others of its subscription wait for that read
            if key not in self._found:
                self._found[key] = self.repository.get_subscription(org_id=org_id, webhook_id=webhook_id)
            return self._found[key]


class BatchWrites:
    """What a batch's attempts change, written together when the batch ends.

    - the attempts, in one transaction (`record_attempts`), not one write each;
    - the statistics, one ADD per subscription;
    - the run of consecutive failures: a success ends it, so a batch with a success
      resets it once, and only where there is a run to end (the subscription as read
      showed one, or this batch failed a delivery to it).

    A failure's own step of the run is written at once: it decides whether to disable.
    The batch's attempts are counted (`WebhookDeliveries` by outcome) when it is written.
    """

    def __init__(self, repository: WebhookRepository) -> None:
        self.repository = repository
        self._lock = threading.Lock()
        self._attempts: list[AttemptRecord] = []
        self._pending: dict[tuple[str, str], DeliveryStats] = {}
        self._succeeded: set[tuple[str, str]] = set()
        self._runs_to_end: set[tuple[str, str]] = set()
        self._outcomes: Counter[str] = Counter()

    def add(
        self,
        delivery: Mapping[str, Any],
        attempt: Mapping[str, Any],
        *,
        status: str,
        final: bool,
        next_attempt_at: str | None = None,
    ) -> None:
        key = (str(delivery["org_id"]), str(delivery["webhook_id"]))
        with self._lock:
            self._attempts.append(AttemptRecord(delivery, attempt, status, next_attempt_at))
            entry = self._pending.setdefault(key, DeliveryStats())
            entry.add_attempt(attempt, status=status, final=final, event=str(delivery["event"]))
            self._outcomes[COUNTED_OUTCOMES[status]] += 1

    def succeeded(self, subscription: Mapping[str, Any]) -> None:
        key = (str(subscription["org_id"]), str(subscription["id"]))
        with self._lock:
            self._succeeded.add(key)
            if int(subscription.get("consecutive_failures") or 0) > 0:
                self._runs_to_end.add(key)

    def failed(self, subscription: Mapping[str, Any]) -> None:
        with self._lock:
            self._runs_to_end.add((str(subscription["org_id"]), str(subscription["id"])))

    def flush(self) -> None:
        with self._lock:
            attempts, self._attempts = self._attempts, []
            pending, self._pending = self._pending, {}
            resets, self._succeeded, self._runs_to_end = self._succeeded & self._runs_to_end, set(), set()
            outcomes, self._outcomes = self._outcomes, Counter()
        if attempts:
            self.repository.record_attempts(attempts)
            for outcome, attempts_counted in sorted(outcomes.items()):
                count(WEBHOOK_DELIVERIES, attempts_counted, outcome=outcome)
        for org_id, webhook_id in sorted(resets):
            self.repository.record_failure_streak(org_id=org_id, webhook_id=webhook_id, failed=False)
        for (org_id, webhook_id), entry in pending.items():
            self.repository.add_stats(org_id=org_id, webhook_id=webhook_id, stats=entry)


def deliver(
    message: DeliveryMessage,
    *,
    repository: WebhookRepository,
    sender: WebhookSender,
    now: Callable[[], datetime] = utc_now,
    subscriptions: BatchSubscriptions | None = None,
    writes: BatchWrites | None = None,
) -> DeliveryOutcome:
    """Claim one queued delivery, make one attempt and record it.

    DynamoDB calls when it succeeds: the claim, the subscription (once per batch with
    `subscriptions`), and the attempt with the statistics (written once per batch with `writes`).
    """
    started = now()
    # Claim first: a conditional update that only takes a pending delivery no one else holds,
    # so a redelivered SQS message of a delivered (or in-flight) delivery sends nothing.
    claimed = repository.claim_delivery(
        org_id=message.org_id,
        webhook_id=message.webhook_id,
        delivery_id=message.delivery_id,
        now=iso(started),
        lease_until=_lease_until(started),
        lease_token=uuid.uuid4().hex,
    )
    if claimed is None:
        return NOT_CLAIMED
    own_writes = writes or BatchWrites(repository)
    outcome = attempt_claimed(
        message, claimed, repository=repository, sender=sender, now=now, subscriptions=subscriptions, writes=own_writes
    )
    if writes is None:
        own_writes.flush()
    return outcome


NOT_CLAIMED = DeliveryOutcome("skipped", reason="not pending, or another worker holds it")


def _lease_until(started: datetime) -> str:
    return iso(started + timedelta(seconds=MAX_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS))


def attempt_claimed(
    message: DeliveryMessage,
    claimed: Mapping[str, Any],
    *,
    repository: WebhookRepository,
    sender: WebhookSender,
    writes: BatchWrites,
    now: Callable[[], datetime] = utc_now,
    subscriptions: BatchSubscriptions | None = None,
) -> DeliveryOutcome:
    """Send a delivery this worker holds the lease of, and record the attempt."""
    started = now()
    source = subscriptions or repository
    subscription = source.get_subscription(org_id=message.org_id, webhook_id=message.webhook_id)
    if subscription is None or not subscription.get("is_active", True):
        # Queued deliveries of a deleted or disabled subscription are dropped, not sent.
        reason = "subscription deleted" if subscription is None else "subscription disabled"
        repository.set_delivery_status(
            org_id=message.org_id,
            webhook_id=message.webhook_id,
            delivery_id=message.delivery_id,
            status="dropped",
            reason=reason,
        )
        return DeliveryOutcome("dropped", reason=reason)

    timeout = int(subscription.get("timeout_seconds") or 10)
    body = str(claimed["payload_json"]).encode()
    # The subscription's own headers, but those the sender sets (its `Content-Type: application/json`
    # is what a subscription may ask for): one of each is sent.
    own_headers = (subscription.get("headers") or {}).items()
    headers = {
        **{str(name): str(value) for name, value in own_headers if str(name).lower() not in SENDER_HEADERS},
        **signature_headers(
            signing_secrets(subscription, now=iso(started)),
            message_id=message.delivery_id,
            timestamp=int(started.timestamp()),
            body=body,
        ),
    }
    receipt = sender.send(
        WebhookRequest(url=str(subscription["url"]), body=body, headers=headers, timeout_seconds=float(timeout))
    )
    return _record(
        claimed, subscription, receipt, attempted_at=iso(started), repository=repository, now=now, writes=writes
    )


def _record(
    delivery: Mapping[str, Any],
    subscription: Mapping[str, Any],
    receipt: DeliveryReceipt,
    *,
    attempted_at: str,
    repository: WebhookRepository,
    now: Callable[[], datetime],
    writes: BatchWrites,
) -> DeliveryOutcome:
    attempts_made = int(delivery.get("attempt_count") or 0) + 1
    attempt = {
        "attempt": attempts_made,
        "attempted_at": attempted_at,
        "status_code": receipt.status_code,
        "latency_ms": round(receipt.latency_ms),
        "error": receipt.error,
        "response_excerpt": (receipt.response_excerpt or "")[:EXCERPT_BYTES] or None,
    }
    org_id, webhook_id = str(delivery["org_id"]), str(delivery["webhook_id"])
    if receipt.succeeded:
        writes.add(delivery, attempt, status="delivered", final=True)
        writes.succeeded(subscription)
        return DeliveryOutcome("delivered")

    gone = receipt.status_code == 410
    if gone or attempts_made > int(subscription.get("max_retries", 8)):
        writes.add(delivery, attempt, status="failed", final=True)
        writes.failed(subscription)
        streak = repository.record_failure_streak(org_id=org_id, webhook_id=webhook_id, failed=True)
        if gone:
            _disable(subscription, "subscriber answered 410 Gone", repository=repository, at=attempted_at)
        elif streak is not None and streak >= DISABLE_AFTER_FAILED_DELIVERIES:
            reason = f"{streak} consecutive failed deliveries"
            _disable(subscription, reason, repository=repository, at=attempted_at)
        return DeliveryOutcome("failed", reason=receipt.error or f"HTTP {receipt.status_code}")

    delay = backoff_seconds(
        attempts_made, retry_after=receipt.retry_after_seconds, schedule=get_settings().webhook_retry_schedule
    )
    next_attempt_at = iso(now() + timedelta(seconds=delay))
    writes.add(delivery, attempt, status="pending", final=False, next_attempt_at=next_attempt_at)
    return DeliveryOutcome("retry", retry_in_seconds=delay, reason=receipt.error or f"HTTP {receipt.status_code}")


def deliver_all(
    messages: list[DeliveryMessage],
    *,
    repository: WebhookRepository,
    sender: WebhookSender,
    max_workers: int = 10,
) -> list[DeliveryOutcome | BaseException]:
    """Deliver a batch concurrently (each waits on its subscriber); results in input order.

    The batch is claimed at once (one transaction, and one read of the deliveries with
    their subscriptions, instead of a claim per delivery); a message whose delivery is not
    claimable, or a second copy of one in the same batch, is skipped.
    """
    if not messages:
        return []

    subscriptions = BatchSubscriptions(repository)
    writes = BatchWrites(repository)
    started = utc_now()
    keys = [DeliveryKey(message.org_id, message.webhook_id, message.delivery_id) for message in messages]
    try:
        batch = repository.claim_deliveries(
            keys, now=iso(started), lease_until=_lease_until(started), lease_token=uuid.uuid4().hex
        )
    except Exception as error:  # every message comes back from the queue; nothing was sent
        return [error for _ in messages]
    subscriptions.seed(batch.subscriptions)
    claimed = batch.deliveries
    first_copy = {key: index for index, key in reversed(list(enumerate(keys)))}

    def attempt(index: int) -> DeliveryOutcome | BaseException:
        message, key = messages[index], keys[index]
        if key not in claimed or first_copy[key] != index:
            return NOT_CLAIMED
        try:
            return attempt_claimed(
                message, claimed[key], repository=repository, sender=sender, subscriptions=subscriptions, writes=writes
            )
        except Exception as error:  # one broken delivery must not fail the batch
            return error

    try:
        with ThreadPoolExecutor(max_workers=min(max_workers, len(messages))) as pool:
            return list(pool.map(attempt, range(len(messages))))
    finally:
        writes.flush()


def _disable(subscription: Mapping[str, Any], reason: str, *, repository: WebhookRepository, at: str) -> None:
    """Deactivate a subscription and record `webhook.disabled` (routed to the org's other subscribers)."""
    event = new_event(
        "webhook.disabled",
        org_id=str(subscription["org_id"]),
        subject_id=str(subscription["id"]),
        occurred_at=at,
        actor="delivery-worker",
        sequence=int(subscription.get("version") or 0) + 1,
        data={
            "webhook_id": subscription["id"],
            "name": subscription.get("name"),
            "url": subscription.get("url"),
            "reason": reason,
        },
        subject="webhook",
    )
    if repository.disable_subscription(
        org_id=str(subscription["org_id"]), webhook_id=str(subscription["id"]), reason=reason, at=at, event=event
    ):
        count(WEBHOOKS_DISABLED)
