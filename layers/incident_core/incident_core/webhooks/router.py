"""The router stage: event items from the table's stream -> one queued delivery per matching subscription.

A stream batch is routed at once (`route_events`): each org's subscriptions are read once (and
kept for `SubscriptionCacheSeconds`), the deliveries of every event are stored with a few
transactions of up to 100 conditional puts (`storage.new_items`), and queued ten at a time
(SendMessageBatch). Where one record cost a read, a put and a send, a batch of 100 costs a read
per org, one transaction and ten sends.

Nothing is lost and nothing gets a second id. The delivery id is derived from (event,
subscription), and each put is conditional on the delivery being new: a re-run router (the
stream's retry) finds the delivery stored, and queues it again only if no attempt was made (a
delivery queued twice is still sent once: the worker claims it). A record whose part of the work
failed (its org's subscriptions unreadable, a delivery not stored, a message SQS did not take
after one resend) is reported by its sequence number (`batchItemFailures`): Lambda checkpoints
before the lowest one and retries the stream from there, so every record after it is routed again
too (idempotently). `beside_routing` (automatic triage) works the batch's events at the same time,
on a thread of its own (its transaction and sends overlap the deliveries': the invocation takes
the longer of the two, not their sum); a record whose event it fails is reported failed too, and
its deliveries, already made, are found stored on the retry (queued again only if never attempted).

Fair share: the messages of an org beyond its share go on the bulk lane (`fair_share`, `queue`), so
one org's burst can not hold up the others' deliveries behind it on the prompt lane. Within a batch,
the prompt lane's deliveries are stored and queued first, the bulk lane's after them (a transaction
each): a quiet org's delivery does not wait for the write of a busy org's burst that shares its batch.

An event item that can not be read (a field missing, `data_json` not a JSON object, an
attribute value of no DynamoDB type) can never be routed: it is logged, counted and skipped
(`core/malformed.py`), so it does not hold up the shard for the stream's retries; the item
itself stays in the table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from incident_core.core.malformed import READ_ERRORS, MalformedRecord, count_malformed, read_error_reason
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.core.sqs import NotQueued
from incident_core.storage.outbox import EventRecord, event_from_item, is_event_item
from incident_core.webhooks.fair_share import DELIVERY_BURST, DELIVERY_RATE_PER_SECOND, FairShare
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue, get_delivery_queue
from incident_core.webhooks.repository import WebhookRepository, get_webhook_repository
from incident_core.webhooks.routing import delivery_id_for, event_payload, new_delivery, subscription_wants

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext


WORKER = "event-router"


def event_of_record(record: DynamoDBRecord) -> EventRecord | None:
    """The event a stream record's new image holds; None for a record of anything else (the
    stream's filter lets none through); `READ_ERRORS` for an event item that can not be read."""
    change = record.raw_event.get("dynamodb")
    if change is not None and not isinstance(change, dict):
        raise MalformedRecord("the stream record's `dynamodb` is not an object")
    image = record.dynamodb.new_image if record.dynamodb else None
    if not image or not is_event_item(image):
        return None
    event = event_from_item(image)
    if not isinstance(event.data, dict) or not isinstance(event.changes, dict | None):
        raise MalformedRecord("the event's `data_json` or `changes_json` is not a JSON object")
    return event


def _sequence_number(record: DynamoDBRecord) -> str | None:
    change = record.raw_event.get("dynamodb")
    return str(change.get("SequenceNumber")) if isinstance(change, dict) else None


class SubscriptionCache:
    """An org's subscriptions, kept for a few seconds so a burst of events reads them once."""

    def __init__(
        self, repository: WebhookRepository, *, ttl_seconds: float, clock: Callable[[], float] = time.monotonic
    ):
        self.repository = repository
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self._entries: dict[str, tuple[float, list[dict[str, Any]]]] = {}

    def for_org(self, org_id: str) -> list[dict[str, Any]]:
        now = self.clock()
        cached = self._entries.get(org_id)
        if cached and now - cached[0] < self.ttl_seconds:
            return cached[1]
        subscriptions = self.repository.list_subscriptions(org_id=org_id)
        self._entries[org_id] = (now, subscriptions)
        return subscriptions


@dataclass
class RoutingOutcome:
    """What `route_events` did: the deliveries queued per event (by position), the events that failed."""

    queued: dict[int, list[str]] = field(default_factory=dict)
    failed: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def route_events(
    events: Sequence[EventRecord],
    *,
    subscriptions: SubscriptionCache,
    repository: WebhookRepository,
    queue: DeliveryQueue,
    share: FairShare | None = None,
) -> RoutingOutcome:
    """Create and queue the deliveries of a batch of events (see the module): the prompt lane's first."""
    outcome = RoutingOutcome()
    planned = _planned_deliveries(events, subscriptions, outcome)
    on_bulk = share.overflows([str(delivery["org_id"]) for _, delivery in planned]) if share else [False] * len(planned)
    for bulk in (False, True):
        wave = [entry for entry, lane in zip(planned, on_bulk, strict=True) if lane is bulk]
        if wave:
            _store_and_send(wave, bulk, repository, queue, outcome)
    return outcome


def _store_and_send(
    planned: Sequence[tuple[int, dict[str, Any]]],
    bulk: bool,
    repository: WebhookRepository,
    queue: DeliveryQueue,
    outcome: RoutingOutcome,
) -> None:
    """Store one lane's deliveries and queue them on it. The prompt lane's go first, each lane in a
    transaction of its own: a quiet org's delivery is queued once a transaction of the few within
    their orgs' shares is written, not after the whole of a busy org's burst in the same batch."""
    stored = repository.create_deliveries([delivery for _, delivery in planned])
    outcome.errors += stored.errors
    outcome.failed.update(planned[index][0] for index in stored.failed)
    to_queue: list[tuple[int, DeliveryMessage]] = []
    for index, (position, delivery) in enumerate(planned):
        if index in stored.failed:
            continue
        if index in stored.existing:
            try:
                if not _queue_again(delivery, repository):
                    continue
            except Exception as error:
                outcome.failed.add(position)
                outcome.errors.append(repr(error))
                continue
        message = DeliveryMessage(str(delivery["org_id"]), str(delivery["webhook_id"]), str(delivery["id"]))
        to_queue.append((position, message))
    # A failed event's other deliveries wait for its retry (which queues them, stored and never attempted).
    _send(
        [(position, message) for position, message in to_queue if position not in outcome.failed], bulk, queue, outcome
    )


def _planned_deliveries(
    events: Sequence[EventRecord], subscriptions: SubscriptionCache, outcome: RoutingOutcome
) -> list[tuple[int, dict[str, Any]]]:
    """The deliveries of the events (event position, delivery), reading each org's subscriptions once."""
    wanted: dict[str, list[dict[str, Any]]] = {}
    for org_id in dict.fromkeys(event.org_id for event in events):
        try:
            wanted[org_id] = subscriptions.for_org(org_id)
        except Exception as error:  # this org's events are retried; the others go on
            outcome.errors.append(repr(error))
    planned: list[tuple[int, dict[str, Any]]] = []
    for position, event in enumerate(events):
        if event.org_id not in wanted:
            outcome.failed.add(position)
            continue
        payload: dict[str, Any] | None = None
        for subscription in wanted[event.org_id]:
            if subscription_wants(subscription, event):
                payload = payload or event_payload(event)
                delivery_id = delivery_id_for(event.event_id, subscription["id"], event.occurred_at)
                delivery = new_delivery(subscription=subscription, payload=payload, delivery_id=delivery_id)
                planned.append((position, delivery))
    return planned


def _send(
    to_queue: Sequence[tuple[int, DeliveryMessage]], bulk: bool, queue: DeliveryQueue, outcome: RoutingOutcome
) -> None:
    """Queue the messages on one lane; an event with one not queued fails."""
    messages = [message for _, message in to_queue]
    if not messages:
        return
    not_queued: set[int] = set()
    try:
        queue.send(messages, bulk=[bulk] * len(messages))
    except NotQueued as error:
        not_queued = set(error.indices)
        outcome.errors.append(error.reason)
    except Exception as error:  # a queue that does not say which: none counts as queued
        not_queued = set(range(len(messages)))
        outcome.errors.append(repr(error))
    for index, (position, message) in enumerate(to_queue):
        if index in not_queued:
            outcome.failed.add(position)
        else:
            outcome.queued.setdefault(position, []).append(message.delivery_id)


def _queue_again(delivery: Mapping[str, Any], repository: WebhookRepository) -> bool:
    """Whether a delivery an earlier run stored is still to queue: pending, never attempted."""
    existing = repository.get_delivery(
        org_id=str(delivery["org_id"]), webhook_id=str(delivery["webhook_id"]), delivery_id=str(delivery["id"])
    )
    return existing is not None and existing.get("status") == "pending" and int(existing.get("attempt_count") or 0) == 0


def route_event(
    event: EventRecord, *, subscriptions: SubscriptionCache, repository: WebhookRepository, queue: DeliveryQueue
) -> list[str]:
    """Create and queue the deliveries of one event; returns their ids (raises when it failed)."""
    outcome = route_events([event], subscriptions=subscriptions, repository=repository, queue=queue)
    if outcome.failed:
        raise RuntimeError(f"event {event.event_id} not routed: {'; '.join(outcome.errors)}")
    return outcome.queued.get(0, [])


class EventRouter:
    """The router of one Lambda container: its subscription cache and fair shares live as long as the container.

    Nothing is read or built at construction (the function makes one at import); the
    repository, the queue and the cache come at first use. `beside_routing` gets the batch's events
    while they are routed, on a thread of its own, and returns the ids of those it failed (the
    outbox's other consumer, automatic triage, hangs there): those records are reported failed.
    """

    def __init__(
        self,
        *,
        beside_routing: Callable[[Sequence[EventRecord]], Collection[str]] | None = None,
        repository: WebhookRepository | None = None,
        queue: DeliveryQueue | None = None,
        share: FairShare | None = None,
    ) -> None:
        self.beside_routing = beside_routing
        self._repository = repository
        self._queue = queue
        self._subscriptions: SubscriptionCache | None = None
        self.share = share or FairShare(rate_per_second=DELIVERY_RATE_PER_SECOND, burst=DELIVERY_BURST)

    def route_batch(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        """A DynamoDB stream batch -> `{"batchItemFailures": [...]}` (the failed records' sequence numbers)."""
        routable: list[tuple[str, EventRecord]] = []
        for raw in event.get("Records") or []:
            record = DynamoDBRecord(raw)
            try:
                routed = event_of_record(record)
            except READ_ERRORS as error:
                count_malformed(worker=WORKER, reason=read_error_reason(error), record_id=_sequence_number(record))
                continue
            sequence_number = _sequence_number(record)
            if routed is not None and sequence_number is not None:
                routable.append((sequence_number, routed))
        events = [routed for _, routed in routable]
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside-routing") as beside:
            side = beside.submit(self._beside_routing, events)
            outcome = route_events(
                events,
                subscriptions=self.subscriptions(),
                repository=self.repository(),
                queue=self.queue(),
                share=self.share,
            )
            failed = side.result()
        failed_records = {index for index, (_, routed) in enumerate(routable) if routed.event_id in failed}
        failed_records.update(outcome.failed)
        logger.info(
            "routed",
            records=len(event.get("Records") or []),
            events=len(routable),
            deliveries=sum(len(ids) for ids in outcome.queued.values()),
            failed=len(failed_records),
        )
        if outcome.errors:
            logger.error("routing failed", errors=outcome.errors[:5])
        return {"batchItemFailures": [{"itemIdentifier": routable[index][0]} for index in sorted(failed_records)]}

    def _beside_routing(self, events: Sequence[EventRecord]) -> set[str]:
        if self.beside_routing is None or not events:
            return set()
        try:
            return set(self.beside_routing(events))
        except Exception as error:  # the hook failed as a whole: every record is retried
            logger.error("beside routing failed", error=repr(error))
            return {event.event_id for event in events}

    def repository(self) -> WebhookRepository:
        return self._repository or get_webhook_repository()

    def queue(self) -> DeliveryQueue:
        return self._queue or get_delivery_queue()

    def subscriptions(self) -> SubscriptionCache:
        if self._subscriptions is None:
            ttl_seconds = get_settings().subscription_cache_seconds
            self._subscriptions = SubscriptionCache(self.repository(), ttl_seconds=ttl_seconds)
        return self._subscriptions
