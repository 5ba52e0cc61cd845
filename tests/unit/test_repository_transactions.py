"""Transaction outcomes moto can not produce (a busy item), with botocore's Stubber standing in for DynamoDB."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from incident_core.errors import Conflict, VersionMismatch
from incident_core.repository import DynamoIncidentRepository

INCIDENT = {
    "id": "5b4a3b2e-8f5e-4a8e-9d55-9c1b8e2f0a11",
    "org_id": "acme",
    "title": "t",
    "description": "d" * 10,
    "severity": "low",
    "status": "open",
    "created_by": "alice",
    "created_at": "2026-11-23T00:00:00.000Z",
    "version": 2,
}


def _canceled(*codes: str) -> dict[str, Any]:
    return {
        "service_error_code": "TransactionCanceledException",
        "service_message": "Transaction cancelled",
        "http_status_code": 400,
        "service_error_meta": {},
        "response_meta": {},
        "modeled_fields": {"CancellationReasons": [{"Code": code} for code in codes]},
    }


@pytest.fixture
def stubbed() -> tuple[DynamoIncidentRepository, Stubber]:
    client = boto3.client("dynamodb", region_name="us-east-1")
    return DynamoIncidentRepository(table_name="t", client=client), Stubber(client)


def test_stubbed_dynamodb_busy_item_is_retried(stubbed: tuple[DynamoIncidentRepository, Stubber]) -> None:
    repository, stubber = stubbed
    stubber.add_client_error(
        "transact_write_items", expected_params={"TransactItems": ANY}, **_canceled("None", "TransactionConflict")
    )
    stubber.add_response("transact_write_items", {}, {"TransactItems": ANY})
    with stubber:
        repository.replace_incident(incident=INCIDENT, expected_version=1, events=[], counters={})
    stubber.assert_no_pending_responses()


def test_stubbed_dynamodb_busy_item_gives_up_with_conflict(stubbed: tuple[DynamoIncidentRepository, Stubber]) -> None:
    repository, stubber = stubbed
    for _ in range(3):
        stubber.add_client_error(
            "transact_write_items", expected_params={"TransactItems": ANY}, **_canceled("TransactionConflict")
        )
    with stubber, pytest.raises(Conflict):
        repository.replace_incident(incident=INCIDENT, expected_version=1, events=[], counters={})


def test_stubbed_dynamodb_failed_condition_is_a_version_mismatch(
    stubbed: tuple[DynamoIncidentRepository, Stubber],
) -> None:
    repository, stubber = stubbed
    stubber.add_client_error(
        "transact_write_items", expected_params={"TransactItems": ANY}, **_canceled("ConditionalCheckFailed", "None")
    )
    with stubber, pytest.raises(VersionMismatch):
        repository.replace_incident(incident=INCIDENT, expected_version=1, events=[], counters={})
