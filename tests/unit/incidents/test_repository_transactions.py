"""Transaction outcomes moto can not produce (a busy item), with botocore's Stubber standing in for DynamoDB."""

from __future__ import annotations

from typing import Any, cast

import boto3
import pytest
from botocore.stub import ANY, Stubber

from incident_core.core.errors import ServiceUnavailable, VersionMismatch
from incident_core.incidents.repository import DynamoIncidentRepository

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


def test_stubbed_dynamodb_busy_item_gives_up_as_service_unavailable(
    stubbed: tuple[DynamoIncidentRepository, Stubber],
) -> None:
    repository, stubber = stubbed
    for _ in range(3):
        stubber.add_client_error(
            "transact_write_items", expected_params={"TransactItems": ANY}, **_canceled("TransactionConflict")
        )
    with stubber, pytest.raises(ServiceUnavailable):
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


# --- the incident number's pointer ---------------------------------------------------------------


class RecordingClient:
    """Stands in for the DynamoDB client: records the transactions, answers GetItem from `items`."""

    def __init__(self, items: dict[tuple[str, str], dict[str, Any]] | None = None) -> None:
        self.transactions: list[list[dict[str, Any]]] = []
        self.reads: list[dict[str, Any]] = []
        self.items = items or {}

    def transact_write_items(self, *, TransactItems: list[dict[str, Any]]) -> dict[str, Any]:
        self.transactions.append(TransactItems)
        return {}

    def get_item(self, **request: Any) -> dict[str, Any]:
        self.reads.append(request)
        key = (request["Key"]["pk"]["S"], request["Key"]["sk"]["S"])
        return {"Item": self.items[key]} if key in self.items else {}


def test_create_writes_the_numbers_pointer_in_the_same_transaction() -> None:
    client = RecordingClient()
    repository = DynamoIncidentRepository(table_name="t", client=cast("Any", client))
    incident = {**INCIDENT, "version": 1, "incident_number": "INC-2026-000042"}
    repository.create_incident(incident=incident, events=[], counters={})
    [items] = client.transactions
    puts = [item["Put"] for item in items if "Put" in item]
    assert puts[1] == {
        "TableName": "t",
        "Item": {
            "pk": {"S": "ORG#acme#NUMBER#INC-2026-000042"},
            "sk": {"S": "INCIDENT"},
            "entity": {"S": "incident_number"},
            "incident_id": {"S": INCIDENT["id"]},
        },
        "ConditionExpression": "attribute_not_exists(pk)",
    }
    assert puts[0]["Item"]["pk"] == {"S": f"ORG#acme#INC#{INCIDENT['id']}"}


def test_a_number_is_found_with_one_consistent_read_of_its_pointer() -> None:
    pointer = {"pk": {"S": "ORG#acme#NUMBER#INC-2026-000042"}, "sk": {"S": "INCIDENT"}, "incident_id": {"S": "i-42"}}
    client = RecordingClient({("ORG#acme#NUMBER#INC-2026-000042", "INCIDENT"): pointer})
    repository = DynamoIncidentRepository(table_name="t", client=cast("Any", client))
    assert repository.incident_id_for_number(org_id="acme", incident_number="INC-2026-000042") == "i-42"
    assert client.reads == [
        {
            "TableName": "t",
            "Key": {"pk": {"S": "ORG#acme#NUMBER#INC-2026-000042"}, "sk": {"S": "INCIDENT"}},
            "ConsistentRead": True,
        }
    ]
    assert repository.incident_id_for_number(org_id="globex", incident_number="INC-2026-000042") is None


# --- the delivery worker's batched claims and attempts -----------------------------------------


def _webhooks(client: Any) -> Any:
    from incident_core.webhooks.repository import DynamoWebhookRepository

    return DynamoWebhookRepository(table_name="t", client=client)


def _delivery_item(delivery_id: str) -> dict[str, Any]:
    return {
        "pk": {"S": "ORG#acme#WEBHOOK#w1"},
        "sk": {"S": f"DELIVERY#{delivery_id}"},
        "id": {"S": delivery_id},
        "org_id": {"S": "acme"},
        "webhook_id": {"S": "w1"},
        "status": {"S": "pending"},
        "payload_json": {"S": "{}"},
    }


def test_stubbed_claims_fall_back_to_one_by_one_when_another_transaction_holds_an_item() -> None:
    from incident_core.webhooks.delivery_store import DeliveryKey

    client = boto3.client("dynamodb", region_name="us-east-1")
    stubber = Stubber(client)
    keys = [DeliveryKey("acme", "w1", "d1"), DeliveryKey("acme", "w1", "d2")]
    stubber.add_client_error(
        "transact_write_items", expected_params={"TransactItems": ANY}, **_canceled("None", "TransactionConflict")
    )
    stubber.add_response("update_item", {"Attributes": _delivery_item("d1")})
    stubber.add_client_error("update_item", service_error_code="ConditionalCheckFailedException", http_status_code=400)
    with stubber:
        batch = _webhooks(client).claim_deliveries(
            keys, now="2026-11-23T00:00:00Z", lease_until="2026-11-23T00:01:00Z", lease_token="t1"
        )
    stubber.assert_no_pending_responses()
    assert list(batch.deliveries) == [keys[0]]  # d2 was not claimable: it is skipped, not sent
    assert batch.deliveries[keys[0]]["payload_json"] == "{}"
    assert batch.subscriptions == {}  # claimed one by one, nothing else was read: the worker reads it


def test_stubbed_attempts_are_written_one_by_one_when_their_transaction_is_cancelled() -> None:
    from incident_core.webhooks.delivery_store import AttemptRecord

    client = boto3.client("dynamodb", region_name="us-east-1")
    stubber = Stubber(client)
    deliveries = [{"id": f"d{i}", "org_id": "acme", "webhook_id": "w1"} for i in (1, 2)]
    attempt = {"attempt": 1, "attempted_at": "2026-11-23T00:00:00Z", "status_code": 200}
    stubber.add_client_error(
        "transact_write_items", expected_params={"TransactItems": ANY}, **_canceled("TransactionConflict", "None")
    )
    stubber.add_response("update_item", {})
    stubber.add_response("update_item", {})
    with stubber:
        _webhooks(client).record_attempts([AttemptRecord(delivery, attempt, "delivered") for delivery in deliveries])
    stubber.assert_no_pending_responses()  # nothing lost: both attempts written


def test_stubbed_claimed_batch_reads_its_subscriptions_and_knows_a_deleted_one() -> None:
    from incident_core.webhooks.delivery_store import DeliveryKey

    client = boto3.client("dynamodb", region_name="us-east-1")
    stubber = Stubber(client)
    keys = [DeliveryKey("acme", "w1", "d1"), DeliveryKey("acme", "w2", "d2")]
    subscription = {
        "pk": {"S": "ORG#acme#WEBHOOKS"},
        "sk": {"S": "WEBHOOK#w1"},
        "id": {"S": "w1"},
        "org_id": {"S": "acme"},
    }
    d2 = {**_delivery_item("d2"), "pk": {"S": "ORG#acme#WEBHOOK#w2"}, "webhook_id": {"S": "w2"}}
    stubber.add_response("transact_write_items", {}, {"TransactItems": ANY})
    stubber.add_response("batch_get_item", {"Responses": {"t": [_delivery_item("d1"), d2, subscription]}})
    with stubber:
        batch = _webhooks(client).claim_deliveries(
            keys, now="2026-11-23T00:00:00Z", lease_until="2026-11-23T00:01:00Z", lease_token="t1"
        )
    stubber.assert_no_pending_responses()
    assert set(batch.deliveries) == set(keys)
    assert batch.subscriptions[("acme", "w1")] == {"id": "w1", "org_id": "acme"}
    assert batch.subscriptions[("acme", "w2")] is None  # deleted: its deliveries are dropped, not sent
