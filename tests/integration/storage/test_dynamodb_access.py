"""How each request uses DynamoDB: the calls it makes (never a Scan) and how many."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from incident_core.incidents.repository import DynamoIncidentRepository, get_repository
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway


@pytest.fixture
def dynamodb_calls(gateway: InProcessGateway) -> Iterator[list[str]]:
    """Names of the DynamoDB operations the repository client performs."""
    calls: list[str] = []
    repository = get_repository()
    assert isinstance(repository, DynamoIncidentRepository)

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    repository.client.meta.events.register("before-call.dynamodb", record)
    yield calls
    repository.client.meta.events.unregister("before-call.dynamodb", record)


def test_calls_per_request(gateway: InProcessGateway, token: TokenFactory, dynamodb_calls: list[str]) -> None:
    admin = token()
    new_incident(gateway, admin)
    # A container's first create in an org also reads the org's SLA policy, then keeps it 30 s (sla/repository.py)
    assert dynamodb_calls == ["UpdateItem", "GetItem", "TransactWriteItems"]
    dynamodb_calls.clear()
    incident = new_incident(gateway, admin)
    assert dynamodb_calls == ["UpdateItem", "TransactWriteItems"]

    dynamodb_calls.clear()
    gateway.request("GET", f"/incidents/{incident['id']}", token=admin)
    assert dynamodb_calls == ["GetItem"]

    dynamodb_calls.clear()
    gateway.request("GET", "/incidents", token=admin)
    assert dynamodb_calls == ["Query", "GetItem"]

    dynamodb_calls.clear()
    gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={"severity": "high"}, token=admin)
    assert dynamodb_calls == ["GetItem", "TransactWriteItems"]


def test_no_request_path_scans(gateway: InProcessGateway, token: TokenFactory, dynamodb_calls: list[str]) -> None:
    admin = token()
    incident = new_incident(gateway, admin)
    path = f"/incidents/{incident['id']}"
    gateway.request("GET", path, token=admin)
    for query in ({}, {"q": "login"}, {"status": "open,resolved"}, {"tag": "x"}, {"page": 2, "per_page": 1}):
        gateway.request("GET", "/incidents", token=admin, query=query)
    gateway.request("PATCH", path, json_body={"title": "New title"}, token=admin)
    gateway.request("PUT", f"{path}/status", json_body={"status": "resolved"}, token=admin)
    gateway.request("DELETE", path, token=admin)
    assert dynamodb_calls and "Scan" not in dynamodb_calls
    assert set(dynamodb_calls) <= {"GetItem", "Query", "UpdateItem", "TransactWriteItems"}
