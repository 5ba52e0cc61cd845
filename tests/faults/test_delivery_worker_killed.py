"""A delivery worker killed mid-delivery, on moto, with a real subscriber on 127.0.0.1.

The kill is a `BaseException` raised where the worker stands when Lambda stops it (nothing
after that point runs, and the SQS message is not deleted); the queue's visibility timeout
then hands the message to another worker. The clock of that second worker is moved past the
queue's visibility timeout (a fake clock, as SQS would only redeliver then, and the first
worker's lease on the delivery lasts less than that).

Standard Webhooks promises a subscriber the same `webhook-id` on every attempt of one
message: that id is how it recognizes a redelivery. So a POST repeated under the same id is
what at-least-once delivery means (the subscriber drops the copy); a POST under a new id, or no
POST at all, is what must never happen. The reconciliation counts events as an idempotent
subscriber does, by `webhook-id`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest
from standardwebhooks.webhooks import Webhook

from incident_core.core.clock import utc_now
from incident_core.webhooks import delivery as delivery_module
from incident_core.webhooks.repository import get_webhook_repository
from incident_core.webhooks.transport.sender import HttpWebhookSender
from tests.faults.conftest import FaultLedger
from tests.integration.conftest import QUEUE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.api_events import LambdaContext
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver

QUEUE_VISIBILITY_SECONDS = 120  # the DeliveryQueue's VisibilityTimeout in template.yaml


class LambdaKilled(BaseException):
    """The worker stopped where it stood (a Lambda timeout or crash): no handler of ours runs after it."""


def subscribe(gateway: InProcessGateway, token: str, url: str) -> dict[str, Any]:
    body = {"name": "SIEM", "url": url, "events": ["incident.created"]}
    response = gateway.request("POST", "/webhooks", json_body=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def kill_once[**P, R](target: Callable[P, R]) -> Callable[P, R]:
    """`target`, except that its first call kills the worker instead."""
    calls: list[int] = []

    def killing(*args: P.args, **kwargs: P.kwargs) -> R:
        calls.append(1)
        if len(calls) == 1:
            raise LambdaKilled
        return target(*args, **kwargs)

    return killing


def redelivered(pipeline: Pipeline, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The visibility timeout passes: SQS hands the same messages out again."""
    sqs = boto3.client("sqs")
    queue_url = sqs.get_queue_url(QueueName=QUEUE)["QueueUrl"]
    for record in records:
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=record["receiptHandle"], VisibilityTimeout=0)
    again = pipeline.receive()
    assert [record["messageId"] for record in again] == [record["messageId"] for record in records]
    return again


def later_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second worker runs after the queue's visibility timeout (the first one's lease is over)."""
    moved = timedelta(seconds=QUEUE_VISIBILITY_SECONDS + 1)

    def later() -> datetime:
        return utc_now() + moved

    monkeypatch.setattr(delivery_module, "utc_now", later)


def one_queued_delivery(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, url: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    webhook = subscribe(gateway, token(), url)
    new_incident(gateway, token())
    assert pipeline.route() == {"batchItemFailures": []}
    records = pipeline.receive()
    assert len(records) == 1
    return webhook, records


def test_killed_after_the_post_before_recording_it_the_redelivery_reuses_the_webhook_id_moto_fake_clock(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    faults: FaultLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    webhook, records = one_queued_delivery(gateway, token, pipeline, receiver.url)
    repository = get_webhook_repository()
    monkeypatch.setattr(repository, "record_attempts", kill_once(repository.record_attempts))

    with pytest.raises(LambdaKilled):
        pipeline.work(records)  # POSTed, then killed before the attempt was written
    faults.inject("delivery worker killed after the POST, before recording it")
    assert len(receiver.received) == 1

    later_clock(monkeypatch)
    assert pipeline.work(redelivered(pipeline, records)) == {"batchItemFailures": []}

    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]  # the redelivery says it is one
    assert first.body == second.body  # the same bytes: the payload is stored with the delivery
    for received in (first, second):
        Webhook(webhook["secret"]).verify(received.body, received.headers)  # each freshly signed
    delivery_id = first.headers["webhook-id"]
    delivery = gateway.request("GET", f"/webhooks/{webhook['id']}/deliveries/{delivery_id}", token=token()).json()
    assert (delivery["data"]["status"], delivery["data"]["attempt_count"]) == ("delivered", 1)
    events = faults.reconcile(expected=[delivery_id], found={r.headers["webhook-id"] for r in receiver.received})
    assert events.lost == [] and events.duplicated == []
    assert pipeline.receive() == []  # acknowledged: nothing more will come


def test_killed_before_the_post_the_redelivery_sends_it_once_moto_fake_clock(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    faults: FaultLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, records = one_queued_delivery(gateway, token, pipeline, receiver.url)
    monkeypatch.setattr(HttpWebhookSender, "send", kill_once(HttpWebhookSender.send))

    with pytest.raises(LambdaKilled):
        pipeline.work(records)  # claimed (its lease taken), killed before the POST
    faults.inject("delivery worker killed after its claim, before the POST")
    assert receiver.received == []

    later_clock(monkeypatch)
    assert pipeline.work(redelivered(pipeline, records)) == {"batchItemFailures": []}
    delivery_id = json.loads(records[0]["body"])["delivery_id"]
    events = faults.reconcile(expected=[delivery_id], found=[r.headers["webhook-id"] for r in receiver.received])
    assert events.lost == [] and events.duplicated == []  # sent once, under the id it was queued with


def test_killed_after_recording_before_sqs_deleted_the_message_the_redelivery_sends_nothing_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    faults: FaultLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, records = one_queued_delivery(gateway, token, pipeline, receiver.url)
    # The batch was delivered and recorded, then the worker died before Lambda deleted the message.
    result = gateway.function("delivery_worker").lambda_handler({"Records": records}, LambdaContext())
    assert result == {"batchItemFailures": []}
    faults.inject("delivery worker killed after recording, before the message was deleted")

    later_clock(monkeypatch)
    assert pipeline.work(redelivered(pipeline, records)) == {"batchItemFailures": []}

    delivery_id = receiver.received[0].headers["webhook-id"]
    events = faults.reconcile(expected=[delivery_id], found=[r.headers["webhook-id"] for r in receiver.received])
    assert events.lost == [] and events.duplicated == []  # one POST: the delivered delivery is not claimable
