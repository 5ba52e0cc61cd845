"""The router's batching over fakes: one subscription read per org per batch, the deliveries stored
and queued together, SQS entries refused in a 200 answer sent again or reported, per-org fair share."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import pytest

from incident_core.core.sqs import NotQueued, SqsQueue, send_batches, send_on_lanes
from incident_core.storage.dynamo import marshal
from incident_core.storage.new_items import NewItemsOutcome
from incident_core.storage.outbox import EventRecord, event_item
from incident_core.webhooks.fair_share import FairShare
from incident_core.webhooks.queue import DeliveryMessage, SqsDeliveryQueue
from incident_core.webhooks.router import EventRouter, SubscriptionCache, route_events
from tests.support.api_events import LambdaContext as FakeLambdaContext
from tests.support.fakes.webhooks import InMemoryDeliveryQueue, InMemoryWebhookRepository

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext
    from mypy_boto3_sqs import SQSClient

CONTEXT = cast("LambdaContext", FakeLambdaContext())


class CountingRepository(InMemoryWebhookRepository):
    """Counts the subscription reads and the batched delivery writes."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str] = []
        self.batches: list[int] = []

    def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]:
        self.reads.append(org_id)
        return super().list_subscriptions(org_id=org_id)

    def create_deliveries(self, deliveries: Sequence[Any]) -> NewItemsOutcome:
        self.batches.append(len(deliveries))
        return super().create_deliveries(deliveries)


def _event(event_id: str, *, org_id: str = "acme", name: str = "incident.created") -> EventRecord:
    return EventRecord(
        event_id=event_id,
        name=name,
        org_id=org_id,
        subject_id=f"inc-{event_id}",
        occurred_at="2026-11-30T22:00:00.000Z",
        actor="alice",
        sequence=1,
        data={"id": f"inc-{event_id}", "severity": "high", "incident_type": "phishing"},
    )


def _subscribe(repository: InMemoryWebhookRepository, webhook_id: str, *, org_id: str = "acme") -> None:
    subscription = {"id": webhook_id, "org_id": org_id, "url": "https://93.184.215.14/hook", "secret": "whsec_c2VjcmV0"}
    repository.put_subscription(
        {**subscription, "events": ["*"], "is_active": True, "version": 1}, expected_version=None
    )


def _stream(*events: EventRecord) -> dict[str, Any]:
    records = []
    for number, event in enumerate(events, start=100):
        image = event_item(event, 0)
        change = {"SequenceNumber": str(number), "StreamViewType": "NEW_IMAGE", "NewImage": marshal(image)}
        change["Keys"] = marshal({"pk": image["pk"], "sk": image["sk"]})
        records.append(
            {"eventID": str(number), "eventName": "INSERT", "eventSource": "aws:dynamodb", "dynamodb": change}
        )
    return {"Records": records}


def test_a_batch_reads_each_orgs_subscriptions_once_and_stores_each_lanes_deliveries_in_one_call() -> None:
    repository, queue = CountingRepository(), InMemoryDeliveryQueue()
    _subscribe(repository, "a1")
    _subscribe(repository, "a2")
    _subscribe(repository, "g1", org_id="globex")
    router = EventRouter(repository=repository, queue=queue)
    router._subscriptions = SubscriptionCache(repository, ttl_seconds=0)  # no cache across batches: per batch only
    events = [_event(f"a{i}") for i in range(6)] + [_event(f"g{i}", org_id="globex") for i in range(4)]

    assert router.route_batch(_stream(*events), CONTEXT) == {"batchItemFailures": []}

    assert sorted(repository.reads) == ["acme", "globex"]  # once per org, not once per event
    # Every delivery of a lane in one call: acme's 12 are 2 past its share (DELIVERY_BURST, 10), the bulk lane's.
    assert repository.batches == [10 + 4, 2]
    assert len(queue.sent) == 16 and len({message.delivery_id for message in queue.sent}) == 16


def test_a_rerun_batch_stores_nothing_twice_and_queues_again_only_what_was_never_attempted() -> None:
    repository, queue = CountingRepository(), InMemoryDeliveryQueue()
    _subscribe(repository, "a1")
    router = EventRouter(repository=repository, queue=queue)
    batch = _stream(_event("e1"), _event("e2"), _event("e3"))
    router.route_batch(batch, CONTEXT)
    first = [message.delivery_id for message in queue.sent]
    repository.deliveries[("acme", "a1", first[0])].update(status="delivered", attempt_count=1)

    assert router.route_batch(batch, CONTEXT) == {"batchItemFailures": []}

    assert len(repository.deliveries) == 3
    assert [message.delivery_id for message in queue.sent[3:]] == first[1:]  # same ids; the delivered one not again


def test_only_the_records_whose_messages_were_not_queued_fail() -> None:
    class RefusingOne(InMemoryDeliveryQueue):
        def send(self, messages: Sequence[DeliveryMessage], *, bulk: Sequence[bool] = ()) -> None:
            refused = [i for i, message in enumerate(messages) if message.delivery_id == target[0]]
            super().send([message for i, message in enumerate(messages) if i not in refused])
            raise NotQueued(refused, "InternalError")

    repository = InMemoryWebhookRepository()
    _subscribe(repository, "a1")
    _subscribe(repository, "g1", org_id="globex")
    queue = RefusingOne()
    events = [_event("e1"), _event("e2", org_id="globex"), _event("e3")]
    target = [_delivery_id(events[1], "g1")]

    result = EventRouter(repository=repository, queue=queue).route_batch(_stream(*events), CONTEXT)

    # Its sequence number: the stream retries from it.
    assert result == {"batchItemFailures": [{"itemIdentifier": "101"}]}
    assert sorted(message.webhook_id for message in queue.sent) == ["a1", "a1"]


def test_an_org_whose_subscriptions_can_not_be_read_fails_alone() -> None:
    class Unreadable(InMemoryWebhookRepository):
        def list_subscriptions(self, *, org_id: str) -> list[dict[str, Any]]:
            if org_id == "globex":
                raise RuntimeError("throttled")
            return super().list_subscriptions(org_id=org_id)

    repository, queue = Unreadable(), InMemoryDeliveryQueue()
    _subscribe(repository, "a1")
    events = [_event("e1"), _event("e2", org_id="globex"), _event("e3")]
    result = EventRouter(repository=repository, queue=queue).route_batch(_stream(*events), CONTEXT)
    assert result == {"batchItemFailures": [{"itemIdentifier": "101"}]}
    assert len(queue.sent) == 2


def _delivery_id(event: EventRecord, webhook_id: str) -> str:
    from incident_core.webhooks.routing import delivery_id_for

    return delivery_id_for(event.event_id, webhook_id, event.occurred_at)


# --- SendMessageBatch: ten at a time, refused entries sent again, then reported ------------------------------


class ScriptedSqs:
    """A stand-in SQS client: each call's answer refuses the entries `refusals` says (by message body)."""

    def __init__(self, refusals: dict[str, int], *, fail_with: str | None = None) -> None:
        self.refusals = dict(refusals)  # body -> how many more times it is refused
        self.fail_with = fail_with  # a call with this body fails (SQS unreachable)
        self.calls: list[list[dict[str, Any]]] = []
        self.queued: list[str] = []

    def send_message_batch(self, *, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls.append(Entries)
        if self.fail_with is not None:
            if any(entry["MessageBody"] == self.fail_with for entry in Entries):
                raise RuntimeError("SQS unreachable")
            time.sleep(0.02)  # the others take a while: the calls not started by then are not made
        successful, failed = [], []
        for entry in Entries:
            if self.refusals.get(entry["MessageBody"], 0) > 0:
                self.refusals[entry["MessageBody"]] -= 1
                failed.append({"Id": entry["Id"], "SenderFault": False, "Code": "InternalError"})
            else:
                self.queued.append(entry["MessageBody"])
                successful.append({"Id": entry["Id"], "MessageId": "m", "MD5OfMessageBody": "x"})
        return {"Successful": successful, "Failed": failed}


def _queue(client: ScriptedSqs) -> SqsQueue:
    return SqsQueue(queue_url="https://sqs.example/q", client=cast("SQSClient", client))


def test_bodies_go_ten_at_a_time_undelayed() -> None:
    client = ScriptedSqs({})
    bodies = [f"m{i}" for i in range(23)]
    send_batches(_queue(client), bodies)
    assert sorted(len(call) for call in client.calls) == [3, 10, 10]
    assert sorted(client.queued) == sorted(bodies)
    assert all("DelaySeconds" not in entry for call in client.calls for entry in call)


def test_a_lane_that_refuses_names_positions_in_the_whole_send() -> None:
    prompt, bulk = ScriptedSqs({}), ScriptedSqs({"m3": 2})
    bodies = [f"m{i}" for i in range(5)]
    with pytest.raises(NotQueued) as raised:
        send_on_lanes(_queue(prompt), _queue(bulk), bodies, [False, True, False, True, True])
    assert raised.value.indices == [3]
    assert sorted(prompt.queued) == ["m0", "m2"] and sorted(bulk.queued) == ["m1", "m4"]


def test_a_refused_entry_is_sent_once_more_and_queued_once() -> None:
    client = ScriptedSqs({"m3": 1})
    send_batches(_queue(client), [f"m{i}" for i in range(5)])
    assert [len(call) for call in client.calls] == [5, 1]
    assert sorted(client.queued) == [f"m{i}" for i in range(5)]  # nothing lost, nothing twice


def test_an_entry_refused_again_is_reported_and_the_others_are_queued() -> None:
    client = ScriptedSqs({"m3": 2, "m12": 2})
    with pytest.raises(NotQueued) as raised:
        send_batches(_queue(client), [f"m{i}" for i in range(15)])
    assert raised.value.indices == [3, 12]
    assert sorted(client.queued) == sorted(f"m{i}" for i in range(15) if i not in (3, 12))


def test_a_call_that_fails_reports_its_entries_and_stops_the_calls_not_yet_made() -> None:
    client = ScriptedSqs({}, fail_with="m10")
    bodies = [f"m{i}" for i in range(95)]
    with pytest.raises(NotQueued) as raised:
        send_batches(_queue(client), bodies)
    reported = set(raised.value.indices)
    assert set(range(10, 20)) <= reported  # the failed call's entries
    assert reported.isdisjoint(int(body[1:]) for body in client.queued)  # reported means not queued
    assert reported | {int(body[1:]) for body in client.queued} == set(range(95))  # nothing unaccounted for
    assert len(client.calls) < 10  # calls not started when it failed were not made


def test_the_delivery_queue_names_the_messages_not_queued() -> None:
    messages = [DeliveryMessage("acme", "w1", f"d{i}") for i in range(3)]
    client = ScriptedSqs({messages[1].to_json(): 2})
    queue = SqsDeliveryQueue(queue_url="https://sqs.example/q", client=cast("SQSClient", client))
    with pytest.raises(NotQueued) as raised:
        queue.send(messages)
    assert raised.value.indices == [1]
    assert [json.loads(body)["delivery_id"] for body in client.queued] == ["d0", "d2"]


# --- fair share --------------------------------------------------------------------------------------------


def test_each_org_has_its_own_share() -> None:
    share = FairShare(rate_per_second=1, burst=1, clock=lambda: 0.0)
    assert share.overflows(["busy", "busy", "quiet", "busy"]) == [False, True, False, True]


def test_an_org_past_its_share_overflows_until_its_debt_is_paid() -> None:
    clock = [0.0]
    share = FairShare(rate_per_second=10, burst=5, clock=lambda: clock[0])
    assert share.overflows(["busy"] * 8 + ["quiet"]) == [False] * 5 + [True] * 3 + [False]
    clock[0] += 0.2  # 2 tokens: the debt of 3 is not paid yet
    assert share.overflows(["busy"]) == [True]
    clock[0] += 0.3  # 3 more: paid, and one to spare
    assert share.overflows(["busy", "busy"]) == [False, True]


def test_a_routed_burst_sends_the_busy_orgs_excess_on_the_bulk_lane_after_the_prompt_lanes_messages() -> None:
    # In one stream batch, the quiet org's delivery does not wait for the transaction of the busy org's
    # 20 past its share: the deliveries within their orgs' shares are written and queued first.
    repository, queue = CountingRepository(), InMemoryDeliveryQueue()
    _subscribe(repository, "b1", org_id="busy")
    _subscribe(repository, "q1", org_id="quiet")
    cache = SubscriptionCache(repository, ttl_seconds=0)
    share = FairShare(rate_per_second=10, burst=10, clock=lambda: 0.0)
    events = [_event(f"b{i}", org_id="busy") for i in range(30)] + [_event("q", org_id="quiet")]

    outcome = route_events(events, subscriptions=cache, repository=repository, queue=queue, share=share)

    assert outcome.failed == set() and sorted(outcome.queued) == list(range(31))
    assert repository.batches == [11, 20]
    assert queue.sent_bulk == [False] * 11 + [True] * 20
    assert [message.org_id for message in queue.sent] == ["busy"] * 10 + ["quiet"] + ["busy"] * 20


def test_a_batch_within_every_orgs_share_is_one_transaction_and_one_lane() -> None:
    repository, queue = CountingRepository(), InMemoryDeliveryQueue()
    _subscribe(repository, "q1", org_id="quiet")
    share = FairShare(rate_per_second=10, burst=10, clock=lambda: 0.0)
    events = [_event(f"q{i}", org_id="quiet") for i in range(4)]

    route_events(
        events,
        subscriptions=SubscriptionCache(repository, ttl_seconds=0),
        repository=repository,
        queue=queue,
        share=share,
    )

    assert repository.batches == [4] and queue.sent_bulk == [False] * 4


class FailingBulkWrites(CountingRepository):
    """Stores the first transaction and refuses every later one (a throttled table mid-batch)."""

    def create_deliveries(self, deliveries: Sequence[Any]) -> NewItemsOutcome:
        if self.batches:
            self.batches.append(len(deliveries))
            return NewItemsOutcome(failed=set(range(len(deliveries))), errors=["throttled"])
        return super().create_deliveries(deliveries)


def test_a_failed_bulk_transaction_fails_its_events_and_keeps_the_prompt_lanes_queued() -> None:
    repository, queue = FailingBulkWrites(), InMemoryDeliveryQueue()
    _subscribe(repository, "b1", org_id="busy")
    _subscribe(repository, "q1", org_id="quiet")
    share = FairShare(rate_per_second=1, burst=2, clock=lambda: 0.0)
    events = [_event(f"b{i}", org_id="busy") for i in range(5)] + [_event("q", org_id="quiet")]

    outcome = route_events(
        events,
        subscriptions=SubscriptionCache(repository, ttl_seconds=0),
        repository=repository,
        queue=queue,
        share=share,
    )

    # The busy org's 3 past its share are retried with their records; nothing of theirs was queued.
    assert outcome.failed == {2, 3, 4} and outcome.errors == ["throttled"]
    assert [message.org_id for message in queue.sent] == ["busy", "busy", "quiet"]
    assert queue.sent_bulk == [False, False, False]
