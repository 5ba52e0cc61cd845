"""The seeds' changes against moto: 002's numbered statuses (stored for the lists), a status named in
PATCH/PUT /incidents/{id} (001, 003, 004), other APIs' field names, and reading by incident number."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway


def _item(org_id: str, pk_rest: str, sk: str = "INCIDENT") -> dict[str, Any]:
    key = {"pk": {"S": f"ORG#{org_id}#{pk_rest}"}, "sk": {"S": sk}}
    item: dict[str, Any] = boto3.client("dynamodb").get_item(TableName=TABLE, Key=key).get("Item", {})
    return item


@pytest.mark.parametrize(
    ("number", "status", "classification", "name"),
    [
        (2, "investigating", None, "Investigating"),
        (3, "resolved", "true_positive", "Resolved"),
        (4, "closed", "false_positive", "Closed"),
        (5, "resolved", "disrupted", "Disrupted"),
    ],
)
def test_seed_002_status_numbers_from_new(
    gateway: InProcessGateway, token: TokenFactory, number: int, status: str, classification: str | None, name: str
) -> None:
    created = new_incident(gateway, token())
    assert (created["status_id"], created["status_name"]) == (1, "New")
    assert _item("acme", f"INC#{created['id']}")["status_id"] == {"N": "1"}
    response = gateway.request("PUT", f"/incidents/{created['id']}/status", json_body={"status": number}, token=token())
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["message"] == f"Incident status updated to {name}"
    data = payload["data"]
    assert (data["status"], data["classification"], data["status_id"], data["status_name"]) == (
        status,
        classification,
        number,
        name,
    )
    assert _item("acme", f"INC#{created['id']}")["status_id"] == {"N": str(number)}


def test_seed_002_new_closes_at_once_as_a_false_positive(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    closed = gateway.request(
        "PUT",
        f"/incidents/{created['id']}/status",
        json_body={"status": "closed", "classification": "benign", "resolution": "Scheduled scan"},
        token=token(),
    ).json()["data"]
    assert (closed["status"], closed["classification"], closed["resolution"], closed["status_id"]) == (
        "closed",
        "benign",
        "Scheduled scan",
        4,
    )
    names = [event["event"] for event in stored_events("acme", created["id"])]
    assert names == ["incident.created", "incident.status_changed", "incident.closed"]


def test_seed_001_update_resolves_with_its_resolution(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    body = {"severity": "high", "status": "resolved", "resolution": "False positive - legitimate vendor email"}
    response = gateway.request("PUT", f"/incidents/{created['id']}", json_body=body, token=token())
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["severity"], data["status"], data["resolution"], data["version"]) == (
        "high",
        "resolved",
        "False positive - legitimate vendor email",
        2,
    )
    assert data["resolved_at"] == data["updated_at"]
    assert response.header("ETag") == '"2"'
    names = [event["event"] for event in stored_events("acme", created["id"])]
    assert names == ["incident.created", "incident.updated", "incident.status_changed", "incident.resolved"]
    assert _item("acme", f"INC#{created['id']}")["status_id"] == {"N": "3"}


def test_seed_004_update_moves_to_investigating_with_its_assignee(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    created = new_incident(gateway, token())
    body = {
        "status": "IN_PROGRESS",
        "assigned_team": "devops",
        "assigned_user": "jane.smith",
        "tags": ["database", "timeout", "production", "investigating"],
    }
    response = gateway.request("PUT", f"/incidents/{created['id']}", json_body=body, token=token())
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["status"], data["assigned_team"], data["assigned_to"], data["tags"], data["status_id"]) == (
        "investigating",
        "devops",
        "jane.smith",
        ["database", "timeout", "production", "investigating"],
        2,
    )


def test_seed_003_update_with_its_names(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}"
    acknowledged = gateway.request("PUT", f"{path}/status", json_body={"state": "acknowledged"}, token=token())
    assert acknowledged.json()["data"]["status"] == "acknowledged"
    body = {"assignedResponderId": "carol", "severity": "high", "resolution": "Attendee removed", "state": "resolved"}
    data = gateway.request("PATCH", path, json_body=body, token=token()).json()["data"]
    assert (data["assigned_to"], data["severity"], data["resolution"], data["status"]) == (
        "carol",
        "high",
        "Attendee removed",
        "resolved",
    )
    edited = gateway.request(
        "PATCH", path, json_body={"contactMethod": "No_Contact", "location": "Hall C"}, token=token()
    )
    assert (edited.json()["data"]["contact_method"], edited.json()["data"]["location"]) == ("no_contact", "Hall C")


def test_status_in_an_update_follows_the_lifecycle(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    path = f"/incidents/{created['id']}"
    illegal = gateway.request("PATCH", path, json_body={"title": "Renamed", "status": "closed"}, token=token())
    assert illegal.status_code == 409
    assert illegal.json()["error"]["message"] == "Cannot change status from Open to Closed"
    assert gateway.request("GET", path, token=token()).json()["data"]["title"] == created["title"]
    classified = gateway.request("PATCH", path, json_body={"classification": "benign"}, token=token())
    assert classified.status_code == 400
    assert classified.json()["error"]["details"] == [
        {"field": "classification", "message": "classification is only set when resolving or closing"}
    ]
    conflict = gateway.request("PATCH", path, json_body={"state": "open", "status": "resolved"}, token=token())
    assert conflict.status_code == 400
    assert conflict.json()["error"]["details"] == [
        {"field": "state", "message": "state and status differ: send one of them"}
    ]
    taken = gateway.request("PATCH", path, json_body={"status": 2}, token=token(sub="dave")).json()["data"]
    assert (taken["status"], taken["assigned_to"]) == ("investigating", "dave")


def test_get_by_incident_number(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    number = created["incident_number"]
    assert _item("acme", f"NUMBER#{number}")["incident_id"] == {"S": created["id"]}
    for asked in (number, number.lower()):
        response = gateway.request("GET", f"/incidents/{asked}", token=token())
        assert response.status_code == 200, asked
        assert response.json()["data"] == created
        assert response.header("ETag") == '"1"'
    unknown = gateway.request("GET", "/incidents/INC-2026-999999", token=token())
    assert unknown.status_code == 404
    assert unknown.json()["error"] == {"code": "NOT_FOUND", "message": "Incident INC-2026-999999 not found"}
    assert gateway.request("GET", f"/incidents/{number}", token=token(org="globex")).status_code == 404


def test_a_deleted_incident_is_404_by_number_too(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    assert gateway.request("DELETE", f"/incidents/{created['id']}", token=token()).status_code == 200
    number = created["incident_number"]
    assert _item("acme", f"NUMBER#{number}")["incident_id"] == {"S": created["id"]}  # the pointer stays
    response = gateway.request("GET", f"/incidents/{number}", token=token())
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Incident {number} not found"


def test_delete_answers_seed_004s_message(gateway: InProcessGateway, token: TokenFactory) -> None:
    created = new_incident(gateway, token())
    payload = gateway.request("DELETE", f"/incidents/{created['id']}", token=token()).json()
    assert payload["message"] == "Incident deleted successfully"
    assert payload["data"]["id"] == created["id"] and payload["data"]["deleted"] is True


def test_a_reporter_retitles_its_own_incident_over_put_and_patch(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    reporter = token(sub="rita", roles=["reporter"])
    own = new_incident(gateway, reporter)
    for method, title in (("PATCH", "Harassment at registration (updated)"), ("PUT", "Harassment (final)")):
        response = gateway.request(method, f"/incidents/{own['id']}", json_body={"title": title}, token=reporter)
        assert (response.status_code, response.json()["data"]["title"]) == (200, title)
    refused = gateway.request("PUT", f"/incidents/{own['id']}", json_body={"state": "resolved"}, token=reporter)
    assert refused.status_code == 403
    assert refused.json()["error"] == {
        "code": "FORBIDDEN",
        "message": "Without incidents:write only the title of an incident you created can be changed",
        "details": {
            "required_permission": "incidents:write",
            "user_permissions": ["incidents:create", "incidents:read"],
        },
    }
    reader = token(scopes=["incidents:read"])
    denied = gateway.request("PATCH", f"/incidents/{own['id']}", json_body={"title": "x"}, token=reader)
    assert denied.status_code == 403
    assert denied.json()["error"]["details"] == {
        "required_permission": "incidents:write",
        "user_permissions": ["incidents:read"],
    }
