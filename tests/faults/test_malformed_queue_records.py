"""Malformed records on the table's stream and the SQS queues, through the real workers on moto.

What must hold for every worker: a record it can not read is logged and counted (the EMF
metric `MalformedRecords`, per worker), it never loops forever, and the valid records of the
same batch are still processed. A stream record is skipped (a failure would hold the shard up
for every retry); an SQS message is reported failed until the queue's redrive policy moves it
to the dead-letter queue (moto's redrive, `maxReceiveCount` 3 here), where it can be read.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
import pytest

from incident_core.webhooks.routing import delivery_id_for
from tests.faults.conftest import FaultLedger
from tests.faults.malformed import RedriveQueue, malformed_counted
from tests.integration.conftest import TRIAGE_QUEUE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.api_events import LambdaContext
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver


def subscribe(gateway: InProcessGateway, token: str, url: str) -> dict[str, Any]:
    body = {"name": "SIEM", "url": url, "events": ["incident.created"]}
    response = gateway.request("POST", "/webhooks", json_body=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def corrupted(
    record: dict[str, Any], number: int, image: dict[str, Any] | None = None, *, change: Any = None
) -> dict[str, Any]:
    """A copy of a stream record under its own sequence number, with fields of its new image replaced
    (None removes one), or with `change` in place of its whole `dynamodb` part."""
    bad = copy.deepcopy(record)
    bad["eventID"] = f"bad-{number}"
    if change is not None:
        bad["dynamodb"] = change
        return bad
    bad["dynamodb"]["SequenceNumber"] = str(number)
    new_image = bad["dynamodb"]["NewImage"]
    for name, value in (image or {}).items():
        if value is None:
            new_image.pop(name, None)
        else:
            new_image[name] = value
    return bad


STREAM_FAULTS: dict[str, dict[str, Any]] = {
    "an event item without its event id": {"event_id": None},
    "an event item without its org": {"org_id": None},
    "data_json that is not JSON": {"data_json": {"S": "{not json"}},
    "data_json that is not an object": {"data_json": {"S": "[1, 2, 3]"}},
    "a sequence that is not a number": {"sequence": {"S": "seven"}},
    "an attribute of no DynamoDB type": {"actor": {"XX": "alice"}},
}


def test_malformed_stream_records_are_counted_and_skipped_and_the_batch_still_routes_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    faults: FaultLedger,
    capsys: pytest.CaptureFixture[str],
) -> None:
    webhook = subscribe(gateway, token(), receiver.url)
    first, second = new_incident(gateway, token()), new_incident(gateway, token())
    valid = pipeline.stream_event()["Records"]
    assert len(valid) == 2
    malformed = [corrupted(valid[0], 900 + index, image) for index, image in enumerate(STREAM_FAULTS.values())]
    malformed.append(corrupted(valid[0], 999, change="not an object"))
    faults.inject("malformed stream record", len(malformed))
    capsys.readouterr()

    # Valid records first and last, the malformed between them: nothing fails, nothing is retried.
    assert pipeline.route({"Records": [valid[0], *malformed, valid[1]]}) == {"batchItemFailures": []}

    assert malformed_counted(capsys.readouterr().out) == {"event-router": len(malformed)}
    queued = pipeline.receive()
    assert pipeline.work(queued) == {"batchItemFailures": []}
    expected = [
        delivery_id_for(event["event_id"], webhook["id"], event["occurred_at"])
        for incident in (first, second)
        for event in stored_events("acme", incident["id"])
    ]
    delivered = faults.reconcile(expected=expected, found=[r.headers["webhook-id"] for r in receiver.received])
    assert delivered.lost == [] and delivered.duplicated == []


DELIVERY_MESSAGES = {
    "not JSON": "{delivery",
    "JSON that is not an object": '["acme", "w", "d"]',
    "an id missing": '{"org_id": "acme", "webhook_id": "w"}',
    "an id that is a number": '{"org_id": "acme", "webhook_id": "w", "delivery_id": 7}',
    "an id holding the key separator": '{"org_id": "acme#INCIDENT", "webhook_id": "w", "delivery_id": "d"}',
    "an id longer than any key": json.dumps({"org_id": "acme", "webhook_id": "w", "delivery_id": "d" * 5000}),
}


def test_malformed_delivery_messages_are_counted_and_dead_lettered_while_the_valid_one_is_delivered_once_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    faults: FaultLedger,
    capsys: pytest.CaptureFixture[str],
) -> None:
    subscribe(gateway, token(), receiver.url)
    new_incident(gateway, token())
    pipeline.route()
    [valid] = pipeline.receive()
    queue = RedriveQueue("deliveries-redrive")
    queue.send(*DELIVERY_MESSAGES.values(), valid["body"])
    faults.inject("malformed delivery message", len(DELIVERY_MESSAGES))
    capsys.readouterr()

    queue.drain(lambda event: gateway.function("delivery_worker").lambda_handler(event, LambdaContext()))

    assert queue.rounds <= queue.max_receives + 1  # bounded by the redrive policy, not by luck
    dead = faults.reconcile(expected=DELIVERY_MESSAGES.values(), found=queue.dead_letters())
    assert dead.lost == [] and dead.duplicated == []  # every malformed message kept, in the DLQ
    assert malformed_counted(capsys.readouterr().out) == {
        "delivery-worker": len(DELIVERY_MESSAGES) * queue.max_receives
    }
    delivered = faults.reconcile(
        expected=[json.loads(valid["body"])["delivery_id"]], found=[r.headers["webhook-id"] for r in receiver.received]
    )
    assert delivered.lost == [] and delivered.duplicated == []


TRIAGE_MESSAGES = {
    "not JSON": "triage please",
    "JSON null": "null",
    "an id missing": '{"org_id": "acme", "incident_id": "5b4a3b2e-8f5e-4a8e-9d55-9c1b8e2f0a11"}',
    "an id that is an object": '{"org_id": "acme", "incident_id": {"id": 1}, "triage_id": "trg_1"}',
}


def test_malformed_triage_messages_are_counted_and_dead_lettered_while_the_valid_run_completes_once_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    faults: FaultLedger,
    capsys: pytest.CaptureFixture[str],
) -> None:
    incident = new_incident(gateway, token())
    requested = gateway.request("POST", f"/incidents/{incident['id']}/triage", json_body={}, token=token())
    assert requested.status_code == 202, requested.text
    triage_url = boto3.client("sqs").get_queue_url(QueueName=TRIAGE_QUEUE)["QueueUrl"]
    [valid] = pipeline.receive(queue_url=triage_url)
    queue = RedriveQueue("triage-redrive")
    queue.send(*TRIAGE_MESSAGES.values(), valid["body"])
    faults.inject("malformed triage message", len(TRIAGE_MESSAGES))
    capsys.readouterr()

    queue.drain(lambda event: gateway.function("triage_worker").lambda_handler(event, LambdaContext()))

    assert queue.rounds <= queue.max_receives + 1
    dead = faults.reconcile(expected=TRIAGE_MESSAGES.values(), found=queue.dead_letters())
    assert dead.lost == [] and dead.duplicated == []
    assert malformed_counted(capsys.readouterr().out) == {"triage-worker": len(TRIAGE_MESSAGES) * queue.max_receives}
    names = [event["event"] for event in stored_events("acme", incident["id"])]
    triaged = faults.reconcile(
        expected=["incident.triaged"], found=[name for name in names if name == "incident.triaged"]
    )
    assert triaged.lost == [] and triaged.duplicated == []
