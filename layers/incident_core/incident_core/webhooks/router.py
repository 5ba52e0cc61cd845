"""The router stage: event items from the table's stream -> one queued delivery per matching subscription.

`route_event` stores a delivery for every active subscription of the event's org that
wants it, then queues them. The delivery id is derived from (event, subscription), so a
re-run router makes no second delivery: it only queues again one that was never attempted.

`EventRouter` runs it over a stream batch with Powertools' `BatchProcessor`: events are
routed one by one, in stream order, and a record that fails (DynamoDB or SQS unavailable, a
send refused) is reported as a batch item failure, so Lambda retries the stream from there.
Nothing is lost and nothing gets a second id: the retried event has the same event id, so the
same delivery ids, and a delivery queued twice is still sent once (the worker claims it).

An event item that can not be read (a field missing, `data_json` not a JSON object, an
attribute value of no DynamoDB type) can never be routed: it is logged, counted and skipped
(`core/malformed.py`), so it does not hold up the shard for the stream's retries; the item
itself stays in the table.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from incident_core.core.malformed import READ_ERRORS, MalformedRecord, count_malformed, read_error_reason
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.storage.outbox import EventRecord, event_from_item, is_event_item
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue, get_delivery_queue
from incident_core.webhooks.repository import WebhookRepository, get_webhook_repository
from incident_core.webhooks.routing import delivery_id_for, event_payload, new_delivery, subscription_wants

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
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


def route_event(
    event: EventRecord, *, subscriptions: SubscriptionCache, repository: WebhookRepository, queue: DeliveryQueue
) -> list[str]:
    """Create and queue the deliveries of one event; returns their ids."""
    payload = event_payload(event)
    messages: list[DeliveryMessage] = []
    for subscription in subscriptions.for_org(event.org_id):
        if not subscription_wants(subscription, event):
            continue
        delivery_id = delivery_id_for(event.event_id, subscription["id"], event.occurred_at)
        delivery = new_delivery(subscription=subscription, payload=payload, delivery_id=delivery_id)
        if not repository.create_delivery(delivery):
            existing = repository.get_delivery(
                org_id=event.org_id, webhook_id=subscription["id"], delivery_id=delivery_id
            )
            if existing is None or existing.get("status") != "pending" or int(existing.get("attempt_count") or 0) > 0:
                continue  # made and sent by an earlier run of this router
        messages.append(DeliveryMessage(event.org_id, subscription["id"], delivery_id))
    if messages:
        queue.send(messages)
    return [message.delivery_id for message in messages]


class EventRouter:
    """The router of one Lambda container: its subscription cache lives as long as the container.

    Nothing is read or built at construction (the function makes one at import); the
    repository, the queue and the cache come at first use. `before_routing` sees every
    event first: the outbox's other consumers (automatic triage) hang there, and if it
    raises, the record fails before any of its deliveries is made.
    """

    def __init__(
        self,
        *,
        before_routing: Callable[[EventRecord], None] | None = None,
        repository: WebhookRepository | None = None,
        queue: DeliveryQueue | None = None,
    ) -> None:
        self.before_routing = before_routing
        self._repository = repository
        self._queue = queue
        self._subscriptions: SubscriptionCache | None = None
        self.processor = BatchProcessor(event_type=EventType.DynamoDBStreams)

    def route_batch(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        """A DynamoDB stream batch -> `{"batchItemFailures": [...]}` (the failed records' sequence numbers)."""
        return dict(
            process_partial_response(
                event=event, record_handler=self.route_record, processor=self.processor, context=context
            )
        )

    def route_record(self, record: DynamoDBRecord) -> list[str]:
        """Route one stream record, if it is an event item; the ids of the deliveries queued."""
        try:
            event = event_of_record(record)
        except READ_ERRORS as error:
            count_malformed(worker=WORKER, reason=read_error_reason(error), record_id=_sequence_number(record))
            return []
        if event is None:
            return []
        if self.before_routing is not None:
            self.before_routing(event)
        delivery_ids = route_event(
            event, subscriptions=self.subscriptions(), repository=self.repository(), queue=self.queue()
        )
        logger.info(
            "routed", event=event.name, event_id=event.event_id, org_id=event.org_id, deliveries=len(delivery_ids)
        )
        return delivery_ids

    def repository(self) -> WebhookRepository:
        return self._repository or get_webhook_repository()

    def queue(self) -> DeliveryQueue:
        return self._queue or get_delivery_queue()

    def subscriptions(self) -> SubscriptionCache:
        if self._subscriptions is None:
            ttl_seconds = get_settings().subscription_cache_seconds
            self._subscriptions = SubscriptionCache(self.repository(), ttl_seconds=ttl_seconds)
        return self._subscriptions
