"""A deep offset page reads the skipped incidents' keys only, in one Query per 1 MB of keys."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from incident_core.incidents.list_store import incident_item
from incident_core.incidents.repository import DynamoIncidentRepository, get_repository
from incident_core.storage.dynamo import marshal
from tests.integration.conftest import TABLE, TokenFactory
from tests.support.gateway import InProcessGateway

COUNT = 1_500  # past the 1,000 keys a skip used to read per Query


@pytest.fixture
def stored(gateway: InProcessGateway) -> list[str]:
    """COUNT incidents of acme written straight into the table in their stored shape; ids oldest first."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids: list[str] = []
    requests: list[Any] = []
    for n in range(COUNT):
        created = (start + timedelta(seconds=n)).isoformat().replace("+00:00", "Z")
        incident: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "org_id": "acme",
            "title": f"Incident {n}",
            "description": "Seeded",
            "severity": "low",
            "status": "open",
            "created_by": "alice",
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        ids.append(incident["id"])
        requests.append({"PutRequest": {"Item": marshal(incident_item(incident))}})
    client = boto3.client("dynamodb")
    for begin in range(0, len(requests), 25):
        client.batch_write_item(RequestItems={TABLE: requests[begin : begin + 25]})
    return ids


@pytest.fixture
def queries(gateway: InProcessGateway) -> Iterator[list[dict[str, Any]]]:
    """The parameters of each Query the repository makes."""
    calls: list[dict[str, Any]] = []
    repository = get_repository()
    assert isinstance(repository, DynamoIncidentRepository)

    def record(model: Any, params: dict[str, Any], **_: Any) -> None:
        if model.name == "Query":
            calls.append(params)

    repository.client.meta.events.register("provide-client-params.dynamodb", record)
    yield calls
    repository.client.meta.events.unregister("provide-client-params.dynamodb", record)


def test_a_deep_offset_page_costs_one_keys_only_query_then_the_page(
    gateway: InProcessGateway, token: TokenFactory, stored: list[str], queries: list[dict[str, Any]]
) -> None:
    response = gateway.request("GET", "/incidents", token=token(), query={"offset": 1_400, "limit": 10})
    assert response.status_code == 200, response.text
    newest_first = list(reversed(stored))
    assert [item["id"] for item in response.json()["data"]] == newest_first[1_400:1_410]
    keys_only = [call for call in queries if "ProjectionExpression" in call]
    assert len(keys_only) == 1 and keys_only[0]["Limit"] == 1_400
    assert len(queries) == 2  # the skip, then the page
