"""DynamoDB throttling and transaction conflicts under the API, on moto, faults answered by a botocore hook.

What must hold: botocore retries a throttled call (standard mode, `core/aws.py`); a call still
throttled after its retries answers 503 `SERVICE_UNAVAILABLE` with `Retry-After` in our
envelope, never a 500; and a change that fails leaves nothing of itself behind. That last part
holds because every change is one `TransactWriteItems` (the incident, its events and the org's
totals together): the tests read the whole table before and after.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from incident_core.core import aws as layer_aws
from incident_core.core.errors import RETRY_AFTER_SECONDS
from incident_core.storage.dynamo import TRANSACTION_ATTEMPTS
from tests.faults.conftest import FaultLedger
from tests.faults.injection import AwsFaults, BackoffRecorder, transaction_cancelled
from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import ApiResponse, InProcessGateway
from tests.support.pipeline import Pipeline
from tests.support.receiver import Receiver

THROTTLING = ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]


def table_items() -> dict[tuple[str, str], dict[str, Any]]:
    """Every item of the test table, by key (a Scan is fine in a test: it proves what was written)."""
    items = boto3.client("dynamodb").scan(TableName=TABLE, ConsistentRead=True)["Items"]
    return {(item["pk"]["S"], item["sk"]["S"]): item for item in items}


def assert_unavailable(response: ApiResponse) -> None:
    """503 in our envelope, with Retry-After and the request id."""
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert body["request_id"] == response.header("X-Request-Id")
    assert response.header("Retry-After") == str(RETRY_AFTER_SECONDS)


def test_every_layer_client_retries_in_botocore_standard_mode(aws: None) -> None:
    # Without it, botocore's legacy mode retries DynamoDB ten times, past an API function's timeout.
    for service in ("dynamodb", "sqs"):
        retries = layer_aws.client(service).meta.config.retries
        assert retries == {"mode": "standard", "total_max_attempts": layer_aws.TOTAL_ATTEMPTS}


@pytest.mark.parametrize("code", THROTTLING)
def test_a_read_throttled_twice_is_retried_by_botocore_and_answers_200_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults, backoff: BackoffRecorder, code: str
) -> None:
    created = new_incident(gateway, token())
    aws_faults.forget_calls()  # the create's own calls (it reads the org's SLA policy too)
    aws_faults.error("dynamodb", "GetItem", code, times=2)

    response = gateway.request("GET", f"/incidents/{created['id']}", token=token())

    assert response.status_code == 200, response.text
    assert response.json()["data"] == created
    assert aws_faults.count("dynamodb", "GetItem") == 3  # two throttled answers, then moto's
    assert len(backoff.delays) == 2 and all(0 <= delay <= 2 for delay in backoff.delays)


@pytest.mark.parametrize(
    ("method", "path", "operation"), [("GET", "/incidents/{id}", "GetItem"), ("GET", "/incidents", "Query")]
)
def test_a_read_throttled_through_every_retry_answers_503_with_retry_after_moto_botocore_hook(
    gateway: InProcessGateway,
    token: TokenFactory,
    aws_faults: AwsFaults,
    backoff: BackoffRecorder,
    method: str,
    path: str,
    operation: str,
) -> None:
    created = new_incident(gateway, token())
    aws_faults.forget_calls()  # the create's own calls (it reads the org's SLA policy too)
    aws_faults.error("dynamodb", operation, "ProvisionedThroughputExceededException")

    response = gateway.request(method, path.format(id=created["id"]), token=token())

    assert_unavailable(response)
    assert aws_faults.count("dynamodb", operation) == layer_aws.TOTAL_ATTEMPTS
    assert len(backoff.delays) == layer_aws.TOTAL_ATTEMPTS - 1


def test_dynamodb_not_answering_at_all_is_retried_then_503_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults, backoff: BackoffRecorder
) -> None:
    created = new_incident(gateway, token())
    aws_faults.forget_calls()  # the create's own calls (it reads the org's SLA policy too)
    aws_faults.unreachable("dynamodb", "GetItem")

    assert_unavailable(gateway.request("GET", f"/incidents/{created['id']}", token=token()))
    assert aws_faults.count("dynamodb", "GetItem") == layer_aws.TOTAL_ATTEMPTS


@pytest.mark.parametrize("code", THROTTLING)
def test_a_create_throttled_through_every_retry_answers_503_and_writes_nothing_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults, backoff: BackoffRecorder, code: str
) -> None:
    before = table_items()
    aws_faults.error("dynamodb", "TransactWriteItems", code)

    response = gateway.request("POST", "/incidents", json_body=BODY, token=token())

    assert_unavailable(response)
    after = table_items()
    # Only the org's number sequence moved (its UpdateItem came first): no incident, event, pointer or totals.
    [(pk, sk)] = set(after) - set(before)
    assert (pk, sk) == ("ORG#acme#COUNTERS", f"INCIDENT_SEQ#{sk.rsplit('#', 1)[1]}")
    assert aws_faults.writes() == ["UpdateItem", *["TransactWriteItems"] * layer_aws.TOTAL_ATTEMPTS]
    listed = gateway.request("GET", "/incidents", token=token()).json()
    assert listed["data"] == [] and listed["meta"]["total"] == 0
    # The number the failed create took is not given again: a gap, never a duplicate.
    aws_faults.clear()
    assert new_incident(gateway, token())["incident_number"].endswith("-000002")


def test_a_create_throttled_on_its_number_writes_nothing_at_all_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults, backoff: BackoffRecorder
) -> None:
    before = table_items()
    aws_faults.error("dynamodb", "UpdateItem", "ProvisionedThroughputExceededException")

    assert_unavailable(gateway.request("POST", "/incidents", json_body=BODY, token=token()))

    assert table_items() == before
    aws_faults.clear()
    assert new_incident(gateway, token())["incident_number"].endswith("-000001")


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PATCH", "", {"title": "Renamed while DynamoDB throttles", "severity": "critical"}),
        ("PUT", "/status", {"status": "acknowledged"}),
        ("DELETE", "", None),
    ],
)
def test_a_change_throttled_through_every_retry_leaves_the_incident_events_and_totals_as_they_were(
    gateway: InProcessGateway,
    token: TokenFactory,
    aws_faults: AwsFaults,
    backoff: BackoffRecorder,
    faults: FaultLedger,
    method: str,
    suffix: str,
    body: dict[str, Any] | None,
) -> None:
    created = new_incident(gateway, token())
    before = table_items()
    aws_faults.forget_calls()
    aws_faults.error("dynamodb", "TransactWriteItems", "ThrottlingException")

    response = gateway.request(method, f"/incidents/{created['id']}{suffix}", json_body=body, token=token())

    assert_unavailable(response)
    assert table_items() == before  # incident, events and the org's totals: all or nothing
    # One atomic write per change: nothing else was written that could be left half done.
    assert aws_faults.writes() == ["TransactWriteItems"] * layer_aws.TOTAL_ATTEMPTS
    aws_faults.clear()
    retried = gateway.request(method, f"/incidents/{created['id']}{suffix}", json_body=body, token=token())
    assert retried.status_code == 200, retried.text
    changes = [event["event"] for event in stored_events("acme", created["id"])][1:]
    written = faults.reconcile(expected=[EVENT_OF[method]], found=changes)  # the change once: not twice
    assert written.lost == [] and written.duplicated == []


@pytest.mark.parametrize("reason", ["TransactionConflict", "ThrottlingError"])
def test_a_transaction_cancelled_for_a_busy_item_is_retried_then_503_and_writes_nothing_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults, faults: FaultLedger, reason: str
) -> None:
    created = new_incident(gateway, token())
    before = table_items()
    aws_faults.forget_calls()
    aws_faults.error(
        "dynamodb", "TransactWriteItems", "TransactionCanceledException", **transaction_cancelled("None", reason)
    )

    response = gateway.request("PATCH", f"/incidents/{created['id']}", json_body={"title": "Busy"}, token=token())

    assert_unavailable(response)
    assert aws_faults.count("dynamodb", "TransactWriteItems") == TRANSACTION_ATTEMPTS
    assert table_items() == before


def test_a_transaction_conflict_once_is_retried_and_written_exactly_once_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults, faults: FaultLedger
) -> None:
    created = new_incident(gateway, token())
    aws_faults.error(
        "dynamodb",
        "TransactWriteItems",
        "TransactionCanceledException",
        times=1,
        **transaction_cancelled("TransactionConflict", "None"),
    )

    response = gateway.request("PATCH", f"/incidents/{created['id']}", json_body={"title": "Busy"}, token=token())

    assert response.status_code == 200, response.text
    assert response.json()["data"]["version"] == 2
    changes = [event["event"] for event in stored_events("acme", created["id"])][1:]
    written = faults.reconcile(expected=["incident.updated"], found=changes)
    assert written.lost == [] and written.duplicated == []


def test_a_failed_condition_is_not_mistaken_for_throttling_moto_botocore_hook(
    gateway: InProcessGateway, token: TokenFactory, aws_faults: AwsFaults
) -> None:
    # A condition failure with a busy item beside it is a lost race (412 with If-Match), not a 503.
    created = new_incident(gateway, token())
    aws_faults.error(
        "dynamodb",
        "TransactWriteItems",
        "TransactionCanceledException",
        **transaction_cancelled("ConditionalCheckFailed", "TransactionConflict"),
    )
    response = gateway.request(
        "PATCH", f"/incidents/{created['id']}", json_body={"title": "Raced"}, token=token(), headers={"If-Match": '"1"'}
    )
    assert response.status_code == 412, response.text
    assert response.json()["error"]["code"] == "PRECONDITION_FAILED"


EVENT_OF = {"PATCH": "incident.updated", "PUT": "incident.status_changed", "DELETE": "incident.deleted"}
BODY = {
    "title": "Throttled create",
    "description": "DynamoDB answers ProvisionedThroughputExceeded",
    "severity": "high",
}


def test_a_delivery_worker_throttled_on_its_claim_sends_nothing_and_the_message_comes_back_moto_botocore_hook(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    receiver: Receiver,
    aws_faults: AwsFaults,
    backoff: BackoffRecorder,
    faults: FaultLedger,
) -> None:
    subscribed = gateway.request(
        "POST", "/webhooks", json_body={"name": "SIEM", "url": receiver.url, "events": ["*"]}, token=token()
    )
    assert subscribed.status_code == 201, subscribed.text
    new_incident(gateway, token())
    pipeline.route()
    records = pipeline.receive()
    aws_faults.error("dynamodb", "UpdateItem", "ProvisionedThroughputExceededException")  # the claim

    assert pipeline.work(records) == {"batchItemFailures": [{"itemIdentifier": records[0]["messageId"]}]}
    assert receiver.received == []  # nothing is sent without a claim

    aws_faults.clear()
    assert pipeline.work(records) == {"batchItemFailures": []}  # SQS hands the message out again
    delivery_id = json.loads(records[0]["body"])["delivery_id"]
    sent = faults.reconcile(expected=[delivery_id], found=[r.headers["webhook-id"] for r in receiver.received])
    assert sent.lost == [] and sent.duplicated == []
