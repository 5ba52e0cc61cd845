"""The event router (table stream -> SQS) when a send fails, on moto, faults answered by a botocore hook.

A record whose deliveries (or automatic triage run) can not be queued fails the batch
(`batchItemFailures`, with `ReportBatchItemFailures` on the stream's event source), and Lambda
retries the stream from the first failed record. What must hold through the retry: every event
reaches the subscriber (nothing lost), once (nothing duplicated), under the delivery id it was
given the first time (`webhook-id`: a retried event is never re-sent under a new id).
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from standardwebhooks.webhooks import Webhook

from incident_core.webhooks.routing import delivery_id_for
from tests.faults.conftest import FaultLedger
from tests.faults.injection import AwsFaults
from tests.integration.conftest import QUEUE, TRIAGE_QUEUE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.api_events import LambdaContext
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver

# botocore's retry delays are recorded, not slept (the `backoff` fixture).
pytestmark = pytest.mark.usefixtures("backoff")


def subscribe(gateway: InProcessGateway, token: str, url: str) -> dict[str, Any]:
    body = {"name": "SIEM", "url": url, "events": ["incident.created", "incident.updated"]}
    response = gateway.request("POST", "/webhooks", json_body=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def two_events(gateway: InProcessGateway, token: str) -> dict[str, Any]:
    """An incident created, then updated: two event items on the stream."""
    incident = new_incident(gateway, token)
    changed = gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={"severity": "high"}, token=token)
    assert changed.status_code == 200, changed.text
    return incident


def expected_deliveries(incident_id: str, webhook_id: str) -> dict[str, str]:
    """The delivery id (the `webhook-id` header) each event of the incident gets: event id -> delivery id."""
    return {
        event["event_id"]: delivery_id_for(event["event_id"], webhook_id, event["occurred_at"])
        for event in stored_events("acme", incident_id)
    }


def retried_from_first_failure(event: dict[str, Any], failures: list[dict[str, str]]) -> dict[str, Any]:
    """The batch Lambda retries: the records from the first one reported failed on (stream order)."""
    first = min(int(failure["itemIdentifier"]) for failure in failures)
    return {"Records": [r for r in event["Records"] if int(r["dynamodb"]["SequenceNumber"]) >= first]}


def delivery_queue_url() -> str:
    return str(boto3.client("sqs").get_queue_url(QueueName=QUEUE)["QueueUrl"])


def drain(pipeline: Pipeline, queue_url: str | None = None) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    while batch := pipeline.receive(queue_url=queue_url):
        records += batch
    return records


def sequence_numbers(event: dict[str, Any]) -> list[str]:
    return [record["dynamodb"]["SequenceNumber"] for record in event["Records"]]


def failed_records(pipeline: Pipeline, event: dict[str, Any]) -> list[dict[str, str]]:
    """The records the router reports failed; every record when all failed (Powertools then fails
    the invocation, and Lambda retries the whole batch)."""
    try:
        failures: list[dict[str, str]] = pipeline.route(event)["batchItemFailures"]
    except BatchProcessingError:
        return [{"itemIdentifier": number} for number in sequence_numbers(event)]
    return failures


@pytest.mark.parametrize(
    ("service", "operation", "code", "status"),
    [
        ("sqs", "SendMessageBatch", "InternalError", 500),  # SQS down through botocore's retries
        ("sqs", "SendMessageBatch", "KmsThrottled", 400),  # refused at once (not a retried code)
        # The deliveries not even stored (a batch's are written in one transaction; so are its triage runs).
        ("dynamodb", "TransactWriteItems", "ProvisionedThroughputExceededException", 400),
    ],
)
def test_a_send_that_fails_fails_the_record_and_the_retry_delivers_each_event_once_under_its_id_moto_botocore_hook(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    aws_faults: AwsFaults,
    faults: FaultLedger,
    service: str,
    operation: str,
    code: str,
    status: int,
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    incident = two_events(gateway, admin)
    expected = expected_deliveries(incident["id"], webhook["id"])
    event = pipeline.stream_event()
    aws_faults.error(service, operation, code, status=status)

    # The send fails: both records are reported, nothing reached the subscriber.
    failed = failed_records(pipeline, event)
    assert sorted(f["itemIdentifier"] for f in failed) == sequence_numbers(event)
    assert aws_faults.count(service, operation) >= 2
    assert drain(pipeline) == []

    # Lambda retries the stream from the first failed record, SQS and DynamoDB answering again.
    aws_faults.clear()
    assert pipeline.route(retried_from_first_failure(event, failed)) == {"batchItemFailures": []}
    queued = drain(pipeline)
    queued_ids = [json.loads(record["body"])["delivery_id"] for record in queued]
    sent = faults.reconcile(expected=expected.values(), found=queued_ids)
    assert sent.lost == [] and sent.duplicated == []

    assert pipeline.work(queued) == {"batchItemFailures": []}
    received = faults.reconcile(expected=expected.values(), found=[r.headers["webhook-id"] for r in receiver.received])
    assert received.lost == [] and received.duplicated == []
    payload_ids = {Webhook(webhook["secret"]).verify(r.body, r.headers)["id"] for r in receiver.received}
    assert payload_ids == set(expected)  # each event's own id in its body


@pytest.mark.parametrize("refusals", [1, 2])
def test_entries_sqs_refuses_are_sent_again_then_fail_their_records_and_each_event_is_sent_once_moto_botocore_hook(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    aws_faults: AwsFaults,
    faults: FaultLedger,
    monkeypatch: pytest.MonkeyPatch,
    refusals: int,
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    incident = two_events(gateway, admin)
    expected = expected_deliveries(incident["id"], webhook["id"])
    event = pipeline.stream_event()
    # The batch's two deliveries go in one SendMessageBatch to the delivery queue, which SQS takes with
    # a 200 that refuses its entries (`Failed`, none `Successful`), `refusals` times (the triage runs,
    # queued beside them, go to their own queue). The router sends refused entries once more.
    refused = {"Successful": [], "Failed": [{"Id": "0", "SenderFault": False, "Code": "InternalError"}]}
    kind = "entries refused in a 200 answer"
    aws_faults.answer("sqs", "SendMessageBatch", refused, kind=kind, times=refusals, only_to=delivery_queue_url())
    failed = failed_records(pipeline, event)
    if refusals == 1:
        assert failed == []  # the resend queued them
    else:
        assert sorted(f["itemIdentifier"] for f in failed) == sequence_numbers(event)  # refused twice: both retried
        assert pipeline.route(retried_from_first_failure(event, failed)) == {"batchItemFailures": []}
    queued = drain(pipeline)
    queued_ids = [json.loads(record["body"])["delivery_id"] for record in queued]
    assert set(queued_ids) == set(expected.values())  # never a new id

    # The worker claims each delivery: a copy is skipped, the subscriber gets each event once.
    for record in queued:
        pipeline.work([record])
    received = faults.reconcile(expected=expected.values(), found=[r.headers["webhook-id"] for r in receiver.received])
    assert received.lost == [] and received.duplicated == []


def test_a_failing_triage_send_fails_the_record_and_the_retry_triages_once_and_delivers_once_moto_botocore_hook(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    aws_faults: AwsFaults,
    faults: FaultLedger,
) -> None:
    admin = token()
    webhook = subscribe(gateway, admin, receiver.url)
    incident = new_incident(gateway, admin)
    expected = expected_deliveries(incident["id"], webhook["id"])
    triage_url = boto3.client("sqs").get_queue_url(QueueName=TRIAGE_QUEUE)["QueueUrl"]
    event = pipeline.stream_event()
    # The triage queue's send fails (SendMessageBatch, through botocore's retries); the delivery,
    # made beside it, is stored and queued all the same.
    aws_faults.error("sqs", "SendMessageBatch", "InternalError", status=500, only_to=triage_url)

    assert failed_records(pipeline, event) == [{"itemIdentifier": sequence_numbers(event)[0]}]
    assert drain(pipeline, triage_url) == []
    deliveries = drain(pipeline)
    assert [json.loads(record["body"])["delivery_id"] for record in deliveries] == list(expected.values())

    aws_faults.clear()
    assert pipeline.route(event) == {"batchItemFailures": []}
    deliveries += drain(pipeline)  # queued again (stored, never attempted), under the same id
    assert {json.loads(record["body"])["delivery_id"] for record in deliveries} == set(expected.values())
    triage_messages = drain(pipeline, triage_url)
    runs = faults.reconcile(
        expected=[json.loads(triage_messages[0]["body"])["triage_id"]],
        found=[json.loads(record["body"])["triage_id"] for record in triage_messages],
    )
    assert runs.lost == [] and runs.duplicated == []
    for record in deliveries:  # the worker claims each delivery: the copy is skipped
        assert pipeline.work([record]) == {"batchItemFailures": []}
    result = gateway.function("triage_worker").lambda_handler({"Records": triage_messages}, LambdaContext())
    assert result == {"batchItemFailures": []}

    names = [event["event"] for event in stored_events("acme", incident["id"])]
    triaged = faults.reconcile(
        expected=["incident.triaged"], found=[name for name in names if name == "incident.triaged"]
    )
    assert triaged.lost == [] and triaged.duplicated == []
    received = faults.reconcile(expected=expected.values(), found=[r.headers["webhook-id"] for r in receiver.received])
    assert received.lost == [] and received.duplicated == []
