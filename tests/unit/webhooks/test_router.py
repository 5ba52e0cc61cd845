"""The router stage over in-memory fakes: which subscriptions an event reaches, re-runs, stream batches."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import pytest

from incident_core.core.sqs import NotQueued
from incident_core.storage.dynamo import marshal
from incident_core.storage.outbox import EventRecord, event_item
from incident_core.webhooks.queue import DeliveryMessage
from incident_core.webhooks.router import EventRouter, SubscriptionCache, route_event
from tests.support.api_events import LambdaContext as FakeLambdaContext
from tests.support.fakes.webhooks import InMemoryDeliveryQueue, InMemoryWebhookRepository

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

CONTEXT = cast("LambdaContext", FakeLambdaContext())


def _event(name: str = "incident.created", *, org_id: str = "acme", event_id: str = "e1", **data: Any) -> EventRecord:
    return EventRecord(
        event_id=event_id,
        name=name,
        org_id=org_id,
        subject_id="i1",
        occurred_at="2026-11-23T02:00:00.000Z",
        actor="alice",
        sequence=1,
        data={"id": "i1", "severity": "high", "incident_type": "phishing", **data},
    )


def _subscribe(repository: InMemoryWebhookRepository, webhook_id: str, *, org_id: str = "acme", **fields: Any) -> None:
    repository.put_subscription(
        {
            "id": webhook_id,
            "org_id": org_id,
            "url": f"https://93.184.215.14/{webhook_id}",
            "secret": "whsec_c2VjcmV0",
            "events": ["incident.created"],
            "is_active": True,
            "version": 1,
            **fields,
        },
        expected_version=None,
    )


@pytest.fixture
def repository() -> InMemoryWebhookRepository:
    return InMemoryWebhookRepository()


@pytest.fixture
def queue() -> InMemoryDeliveryQueue:
    return InMemoryDeliveryQueue()


def _route(event: EventRecord, repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue) -> list[str]:
    cache = SubscriptionCache(repository, ttl_seconds=0)
    return route_event(event, subscriptions=cache, repository=repository, queue=queue)


def test_an_event_reaches_every_subscription_that_wants_it(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    _subscribe(repository, "named")
    _subscribe(repository, "everything", events=["*"])
    _subscribe(repository, "severe", filters={"min_severity": "high"})
    _subscribe(repository, "phishing", filters={"incident_types": ["phishing"]})
    _subscribe(repository, "other-event", events=["incident.resolved"])
    _subscribe(repository, "critical-only", filters={"min_severity": "critical"})
    _subscribe(repository, "malware-only", filters={"incident_types": ["malware"]})
    _subscribe(repository, "inactive", is_active=False)
    _subscribe(repository, "other-org", org_id="globex", events=["*"])

    delivery_ids = _route(_event(), repository, queue)

    reached = {webhook_id for (_, webhook_id, _) in repository.deliveries}
    assert reached == {"named", "everything", "severe", "phishing"}
    assert [message.delivery_id for message in queue.sent] == delivery_ids  # one send for the whole event
    assert all(message.org_id == "acme" for message in queue.sent)
    delivery = repository.deliveries[("acme", "named", queue.sent[0].delivery_id)]
    assert delivery["status"] == "pending" and delivery["attempt_count"] == 0
    assert json.loads(delivery["payload_json"])["id"] == "e1"


def test_events_of_one_org_never_reach_another(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    _subscribe(repository, "theirs", org_id="globex", events=["*"])
    assert _route(_event(org_id="acme"), repository, queue) == []
    assert queue.sent == [] and repository.deliveries == {}


def test_a_rerun_requeues_only_what_was_never_attempted(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    _subscribe(repository, "w1")
    [first] = _route(_event(), repository, queue)
    assert _route(_event(), repository, queue) == [first]  # same id, queued again, not stored twice
    assert len(repository.deliveries) == 1

    repository.deliveries[("acme", "w1", first)].update(status="delivered", attempt_count=1)
    assert _route(_event(), repository, queue) == []
    repository.deliveries[("acme", "w1", first)].update(status="pending", attempt_count=1)  # a retry is on its way
    assert _route(_event(), repository, queue) == []
    assert len(queue.sent) == 2


def test_the_subscription_cache_reads_an_org_once_per_ttl(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository, "w1")
    clock = [100.0]
    cache = SubscriptionCache(repository, ttl_seconds=5, clock=lambda: clock[0])
    assert [item["id"] for item in cache.for_org("acme")] == ["w1"]
    _subscribe(repository, "w2")
    clock[0] += 4.9
    assert [item["id"] for item in cache.for_org("acme")] == ["w1"]
    clock[0] += 0.2
    assert sorted(item["id"] for item in cache.for_org("acme")) == ["w1", "w2"]


# --- a stream batch ----------------------------------------------------------------------------------


def _stream_record(image: dict[str, Any] | None, sequence: str, *, name: str = "INSERT") -> dict[str, Any]:
    change: dict[str, Any] = {"SequenceNumber": sequence, "StreamViewType": "NEW_IMAGE", "Keys": {}}
    if image is not None:
        change["NewImage"] = marshal(image)
        change["Keys"] = marshal({"pk": image["pk"], "sk": image["sk"]})
    return {
        "eventID": sequence,
        "eventName": name,
        "eventSource": "aws:dynamodb",
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/incidents/stream/2026",
        "awsRegion": "us-east-1",
        "dynamodb": change,
    }


def _stream(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}


class RefusingQueue(InMemoryDeliveryQueue):
    """Refuses the messages of some subscriptions and queues the others, raising `NotQueued` with
    the refused ones, as the real queue does when SQS refuses entries of a SendMessageBatch."""

    def __init__(self, refused_webhooks: set[str]) -> None:
        super().__init__()
        self.refused_webhooks = refused_webhooks

    def send(self, messages: Sequence[DeliveryMessage], *, bulk: Sequence[bool] = ()) -> None:
        refused = [index for index, message in enumerate(messages) if message.webhook_id in self.refused_webhooks]
        super().send([message for index, message in enumerate(messages) if index not in refused])
        if refused:
            raise NotQueued(refused, "InternalError")


def test_a_stream_batch_routes_event_items_and_skips_the_rest(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    _subscribe(repository, "w1", events=["*"])
    seen: list[str] = []

    def see(events: Sequence[EventRecord]) -> set[str]:
        seen.extend(event.event_id for event in events)
        return set()

    router = EventRouter(beside_routing=see, repository=repository, queue=queue)
    incident_item = {"pk": "ORG#acme#INC#i1", "sk": "INCIDENT", "entity": "incident", "id": "i1"}
    batch = _stream(
        _stream_record(event_item(_event(event_id="e1"), 0), "100"),
        _stream_record(incident_item, "101"),
        _stream_record(None, "102", name="REMOVE"),
        _stream_record(event_item(_event("incident.updated", event_id="e2"), 0), "103"),
    )

    assert router.route_batch(batch, CONTEXT) == {"batchItemFailures": []}
    assert seen == ["e1", "e2"]
    assert sorted(json.loads(item["payload_json"])["id"] for item in repository.deliveries.values()) == ["e1", "e2"]
    assert len(queue.sent) == 2


def test_a_record_that_fails_is_reported_by_its_sequence_number(repository: InMemoryWebhookRepository) -> None:
    _subscribe(repository, "w1", events=["incident.created"])
    _subscribe(repository, "w2", events=["incident.updated"])
    queue = RefusingQueue({"w2"})
    router = EventRouter(repository=repository, queue=queue)
    batch = _stream(
        _stream_record(event_item(_event(event_id="e1"), 0), "200"),
        _stream_record(event_item(_event("incident.updated", event_id="e2"), 0), "201"),
    )
    assert router.route_batch(batch, CONTEXT) == {"batchItemFailures": [{"itemIdentifier": "201"}]}
    assert [message.webhook_id for message in queue.sent] == ["w1"]


def test_a_record_the_hook_fails_is_retried_and_its_delivery_made_beside_it_is_queued_again_not_made_again(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    _subscribe(repository, "w1", events=["*"])
    refused = {"e2"}

    def refuse(events: Sequence[EventRecord]) -> set[str]:
        return {event.event_id for event in events if event.event_id in refused}  # its triage could not be queued

    router = EventRouter(beside_routing=refuse, repository=repository, queue=queue)
    batch = _stream(
        _stream_record(event_item(_event(event_id="e1"), 0), "300"),
        _stream_record(event_item(_event(event_id="e2"), 0), "301"),
    )
    assert router.route_batch(batch, CONTEXT) == {"batchItemFailures": [{"itemIdentifier": "301"}]}
    assert sorted(json.loads(item["payload_json"])["id"] for item in repository.deliveries.values()) == ["e1", "e2"]
    # The stream's retry (from the failed record): the delivery is found stored, never attempted,
    # so it is queued again under its own id; nothing new is stored.
    refused.clear()
    assert router.route_batch(_stream(batch["Records"][1]), CONTEXT) == {"batchItemFailures": []}
    assert len(repository.deliveries) == 2
    e2_delivery = next(
        key[-1] for key, item in repository.deliveries.items() if json.loads(item["payload_json"])["id"] == "e2"
    )
    assert [message.delivery_id for message in queue.sent].count(e2_delivery) == 2


def test_the_hook_works_beside_the_routing_not_before_it(
    repository: InMemoryWebhookRepository, queue: InMemoryDeliveryQueue
) -> None:
    _subscribe(repository, "w1", events=["*"])
    routing_started = threading.Event()

    class SignallingRepository(InMemoryWebhookRepository):
        def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]:
            routing_started.set()
            return repository.list_subscriptions(org_id=org_id)

    def wait_for_routing(events: Sequence[EventRecord]) -> set[str]:
        # Sequential, this would wait forever: the routing only starts once the hook returned.
        assert routing_started.wait(timeout=10)
        return set()

    router = EventRouter(beside_routing=wait_for_routing, repository=SignallingRepository(), queue=queue)
    batch = _stream(_stream_record(event_item(_event(event_id="e1"), 0), "400"))
    assert router.route_batch(batch, CONTEXT) == {"batchItemFailures": []}
    assert len(queue.sent) == 1
