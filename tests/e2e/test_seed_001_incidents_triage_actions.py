"""Seed 001 (incidents, triage, actions): its examples as printed (our paths: no `/api` prefix), over HTTP."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

# "Create Incident > Request Body", verbatim: an integration's payload, no title or description.
CREATE_REQUEST = {
    "incident_type": "phishing",
    "source": "email_gateway",
    "severity": "medium",
    "raw_data": {
        "message_id": "AAMkAGI2...",
        "sender": "unknown@domain.com",
        "recipient": "employee@company.com",
        "subject": "Important Document",
        "received_at": "2024-01-15T10:00:00Z",
    },
}
UPDATE_REQUEST = {"severity": "high", "status": "resolved", "resolution": "False positive - legitimate vendor email"}
ACTION_REQUEST = {
    "action": "quarantine_email",
    "parameters": {"message_id": "AAMkAGI2...", "reason": "Phishing detected"},
}


@pytest.fixture
def org() -> str:
    return f"s001-{uuid.uuid4().hex[:10]}"


def create(api: ApiClient, token: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = api.post("/incidents", json=body or CREATE_REQUEST, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_integration_shaped_create_derives_title_and_description(api: ApiClient, token: TokenFactory, org: str) -> None:
    # When an integration posts the seed's body (no title, no description)
    data = create(api, token(org=org))
    # Then it is created open, numbered, with a title and a description taken from the payload
    assert (data["status"], data["incident_type"], data["source"], data["severity"]) == (
        "open",
        "phishing",
        "email_gateway",
        "medium",
    )
    assert data["incident_number"].startswith("INC-") and data["created_at"].endswith("Z")
    assert "Important Document" in data["title"] and len(data["description"]) >= 10
    assert data["raw_data"] == CREATE_REQUEST["raw_data"]


def test_list_example_filters_and_reports_page_per_page_total(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    high = create(api, admin, {**CREATE_REQUEST, "severity": "high"})
    create(api, admin)
    # The seed's example: ?status=open&severity=high&per_page=10
    response = api.get("/incidents", params={"status": "open", "severity": "high", "per_page": 10}, token=admin)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["id"] for item in body["data"]] == [high["id"]]
    assert (body["meta"]["page"], body["meta"]["per_page"]) == (1, 10)
    # type, created_after/created_before and sort (prefix `-` for descending) are the seed's other parameters
    everything = api.get(
        "/incidents",
        params={"type": "phishing", "created_after": "2020-01-01T00:00:00Z", "sort": "-created_at"},
        token=admin,
    ).json()
    assert len(everything["data"]) == 2 and everything["meta"]["total"] == 2
    oldest_first = api.get("/incidents", params={"sort": "created_at"}, token=admin).json()
    assert [item["id"] for item in oldest_first["data"]] == [item["id"] for item in everything["data"]][::-1]


def test_get_incident_shows_the_documented_fields(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    created = create(api, admin)
    data = api.get(f"/incidents/{created['id']}", token=admin).json()["data"]
    documented = {"id", "incident_number", "incident_type", "severity", "status", "source", "raw_data"}
    documented |= {"verdict", "recommended_actions", "created_at", "updated_at", "triaged_at"}
    assert documented <= data.keys()


def test_update_example_resolves_with_resolution(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    created = create(api, admin)
    response = api.put(f"/incidents/{created['id']}", json=UPDATE_REQUEST, token=admin)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["severity"], data["status"], data["resolution"]) == ("high", "resolved", UPDATE_REQUEST["resolution"])
    assert data["resolved_at"] is not None


def test_delete_needs_the_admin_permission(api: ApiClient, token: TokenFactory, org: str) -> None:
    created = create(api, token(org=org))
    responder = token(org=org, sub="bob", roles=["responder"])
    assert api.delete(f"/incidents/{created['id']}", token=responder).status_code == 403
    assert api.delete(f"/incidents/{created['id']}", token=token(org=org, roles=["admin"])).status_code == 200
    assert api.get(f"/incidents/{created['id']}", token=token(org=org)).status_code == 404


def test_run_triage_synchronously_with_prefer_wait(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    created = create(api, admin)
    # The seed's body (its playbook name is ours: `phishing`), and RFC 7240's Prefer: wait
    response = api.post(
        f"/incidents/{created['id']}/triage",
        json={"playbook": "phishing", "force": True},
        headers={"Prefer": "wait=20"},
        token=admin,
    )
    assert response.status_code == 200, response.text
    assert response.headers["Preference-Applied"] == "wait=20"
    data = response.json()["data"]
    assert data["triage_id"] and data["status"] == "completed"
    assert data["verdict"]["classification"] and 0 <= data["verdict"]["confidence"] <= 1
    assert isinstance(data["duration_ms"], int) and data["duration_ms"] >= 0


def test_execute_action_answers_pending_approval_then_lists_it(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org)
    created = create(api, admin)
    # quarantine_email needs an analyst's approval: the seed's "Pending Approval" answer
    response = api.post(f"/incidents/{created['id']}/actions", json=ACTION_REQUEST, token=admin)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["status"], data["approval_level"]) == ("pending_approval", "analyst")
    assert data["action_id"] == data["id"] and data["message"]
    assert data["parameters"]["reason"] == "Phishing detected"
    # An action we run ourselves completes at once: the seed's "Immediate Execution" answer
    tagged = api.post(
        f"/incidents/{created['id']}/actions",
        json={"action": "add_tags", "parameters": {"tags": ["phish"]}},
        token=admin,
    )
    assert tagged.status_code == 201, tagged.text
    completed = tagged.json()["data"]
    assert completed["status"] == "completed" and completed["result"]["success"] is True
    # Get Incident Actions: both, with the seed's fields
    listed = api.get(f"/incidents/{created['id']}/actions", token=admin).json()["data"]
    by_type = {item["action_type"]: item for item in listed}
    assert by_type["quarantine_email"]["status"] == "pending_approval"
    assert by_type["quarantine_email"]["approval_level"] == "analyst" and by_type["quarantine_email"]["requested_at"]
    assert by_type["add_tags"]["executed_at"] and by_type["add_tags"]["executed_by"] == "alice"
