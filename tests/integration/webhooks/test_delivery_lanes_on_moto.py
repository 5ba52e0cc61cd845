"""The delivery queue's two lanes on moto (issue 22): an org's burst past its fair share goes on the
bulk lane, a quiet org's message stays on the prompt lane, and a retry is hidden on the lane its
message came from (a receipt handle is only valid on its own queue)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from incident_core.webhooks.fair_share import FairShare
from incident_core.webhooks.queue import DeliveryMessage, SqsDeliveryQueue, get_delivery_queue
from incident_core.webhooks.router import SubscriptionCache, route_events
from tests.support.fakes.webhooks import InMemoryWebhookRepository
from tests.unit.webhooks.test_router_batches import _event, _subscribe

pytestmark = pytest.mark.usefixtures("aws")


def _lanes() -> tuple[str, str, str]:
    sqs = boto3.client("sqs")
    prompt = sqs.create_queue(QueueName="deliveries-prompt")["QueueUrl"]
    bulk = sqs.create_queue(QueueName="deliveries-bulk")["QueueUrl"]
    bulk_arn = sqs.get_queue_attributes(QueueUrl=bulk, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return prompt, bulk, bulk_arn


def _received(queue_url: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    while batch := boto3.client("sqs").receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages"):
        messages += [dict(message) for message in batch]
    return messages


def _delivery_ids(messages: list[dict[str, Any]]) -> list[str]:
    return [json.loads(message["Body"])["delivery_id"] for message in messages]


def test_a_busy_orgs_excess_goes_on_the_bulk_lane_and_a_quiet_orgs_message_stays_prompt_on_moto() -> None:
    prompt, bulk, _ = _lanes()
    repository = InMemoryWebhookRepository()
    _subscribe(repository, "b1", org_id="busy")
    _subscribe(repository, "q1", org_id="quiet")
    share = FairShare(rate_per_second=10, burst=5, clock=lambda: 0.0)
    events = [_event(f"b{index}", org_id="busy") for index in range(12)] + [_event("q", org_id="quiet")]

    outcome = route_events(
        events,
        subscriptions=SubscriptionCache(repository, ttl_seconds=0),
        repository=repository,
        queue=SqsDeliveryQueue(queue_url=prompt, bulk_queue_url=bulk),
        share=share,
    )

    assert outcome.failed == set()
    on_prompt, on_bulk = _received(prompt), _received(bulk)
    assert len(on_prompt) == 6 and len(on_bulk) == 7  # the busy org's first 5 and the quiet org's one
    assert sorted(json.loads(message["Body"])["org_id"] for message in on_prompt) == ["busy"] * 5 + ["quiet"]
    assert {json.loads(message["Body"])["org_id"] for message in on_bulk} == {"busy"}
    assert set(_delivery_ids(on_prompt + on_bulk)) == {ids for queued in outcome.queued.values() for ids in queued}


def test_a_retry_is_hidden_on_the_lane_its_message_came_from_on_moto() -> None:
    prompt, bulk, bulk_arn = _lanes()
    queue = SqsDeliveryQueue(queue_url=prompt, bulk_queue_url=bulk)
    queue.send([DeliveryMessage("busy", "b1", "d-bulk")], bulk=[True])
    [message] = _received(bulk)

    queue.retry_later(message["ReceiptHandle"], seconds=60, source_arn=bulk_arn)

    assert _received(bulk) == []  # hidden for the backoff, on its own queue
    attributes = boto3.client("sqs").get_queue_attributes(QueueUrl=bulk, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessagesNotVisible"] == "1"


def test_without_a_bulk_lane_everything_goes_on_the_one_queue_on_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DELIVERY_BULK_QUEUE_URL", raising=False)
    queue = get_delivery_queue()
    queue.send([DeliveryMessage("busy", "b1", f"d{index}") for index in range(3)], bulk=[True, True, False])
    assert isinstance(queue, SqsDeliveryQueue) and queue.bulk is None
    assert sorted(_delivery_ids(_received(queue.queue_url))) == ["d0", "d1", "d2"]
