"""`POST /incidents/{id}/remediate` (seed 004) against moto: the actions API underneath, 004's shape on top."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway

# Seed 004's permission (automation:execute) is ours `actions:execute`.
MONITORING = ["incidents:read", "incidents:write", "actions:execute"]
SEED_004_RESTART = {
    "action": "restart_service",
    "parameters": {"service_name": "api-service", "environment": "production", "wait_for_health_check": True},
}
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def remediate(
    gateway: InProcessGateway, token: str, incident_id: str, body: dict[str, Any], key: str | None = None
) -> Any:
    headers = {"Idempotency-Key": key} if key else None
    return gateway.request("POST", f"/incidents/{incident_id}/remediate", json_body=body, token=token, headers=headers)


def test_seed_004s_restart_is_requested_and_waits_for_approval(gateway: InProcessGateway, token: TokenFactory) -> None:
    monitoring = token(sub="monitoring", scopes=MONITORING)
    incident = new_incident(gateway, monitoring, severity="high")
    response = remediate(gateway, monitoring, incident["id"], SEED_004_RESTART)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    action = gateway.request("GET", f"/incidents/{incident['id']}/actions/{data['action_id']}", token=monitoring)
    assert action.status_code == 200
    stored = action.json()["data"]
    assert data == {
        "message": "Remediation requested",
        "result": {
            "success": False,
            "action": "restart_service",
            "execution_time": None,
            "details": SEED_004_RESTART["parameters"],
            "logs": [
                f"{stored['requested_at']}: restart_service requested by monitoring",
                f"{stored['requested_at']}: waiting for analyst approval",
            ],
        },
        "action_id": stored["action_id"],
        "status": "pending_approval",
        "approval_level": "analyst",
        "incident_id": incident["id"],
    }
    assert response.header("Location") == f"actions/{data['action_id']}"
    # The actions API underneath: listed with its parameters as given, the same events.
    listed = gateway.request("GET", f"/incidents/{incident['id']}/actions", token=monitoring).json()["data"]
    assert [(item["action"], item["parameters"]) for item in listed] == [
        ("restart_service", SEED_004_RESTART["parameters"])
    ]
    assert [event["event"] for event in stored_events("acme", incident["id"])][-1] == "action.created"


def test_a_built_in_remediation_is_executed_with_its_time_details_and_logs(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    monitoring = token(sub="monitoring", scopes=MONITORING)
    incident = new_incident(gateway, monitoring, severity="high")
    response = remediate(
        gateway, monitoring, incident["id"], {"action": "escalate", "parameters": {"severity": "critical"}}
    )
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    result = data["result"]
    assert (data["message"], data["status"], data["approval_level"]) == ("Remediation executed", "completed", "none")
    assert (result["success"], result["action"]) == (True, "escalate")
    assert re.fullmatch(r"PT\d+(\.\d{1,3})?S", result["execution_time"]), result["execution_time"]
    assert result["details"] == {"severity": "critical", "previous_severity": "high", "current_severity": "critical"}
    assert len(result["logs"]) == 2
    assert re.fullmatch(rf"{TIMESTAMP}: escalate requested by monitoring", result["logs"][0])
    assert re.fullmatch(rf"{TIMESTAMP}: completed: severity set to critical", result["logs"][1])
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=monitoring).json()["data"]["severity"] == (
        "critical"
    )
    names = [event["event"] for event in stored_events("acme", incident["id"])]
    # (events of one millisecond sort by their ids: compared as a set)
    assert sorted(names[-3:]) == ["action.completed", "action.created", "incident.updated"]


def test_same_validation_idempotency_and_permission_as_the_actions_api(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    monitoring = token(sub="monitoring", scopes=MONITORING)
    incident = new_incident(gateway, monitoring)
    first = remediate(gateway, monitoring, incident["id"], SEED_004_RESTART, key="r-1")
    again = remediate(gateway, monitoring, incident["id"], SEED_004_RESTART, key="r-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.text == first.text and again.header("Idempotent-Replayed") == "true"
    other = {**SEED_004_RESTART, "parameters": {"service_name": "billing"}}
    reused = remediate(gateway, monitoring, incident["id"], other, key="r-1")
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"

    refused = remediate(gateway, monitoring, incident["id"], {"action": "restart_service", "parameters": {}})
    assert refused.status_code == 400
    assert refused.json()["error"]["details"] == [
        {"field": "parameters.service_name", "message": "parameters.service_name or parameters.service is required"}
    ]
    assert remediate(gateway, monitoring, incident["id"], {"action": "nuke"}).status_code == 400
    reader = token(sub="rob", scopes=["incidents:read"])
    assert remediate(gateway, reader, incident["id"], SEED_004_RESTART).status_code == 403
    assert (
        remediate(gateway, token(org="globex", scopes=MONITORING), incident["id"], SEED_004_RESTART).status_code == 404
    )
    listed = gateway.request("GET", f"/incidents/{incident['id']}/actions", token=monitoring).json()["data"]
    assert len(listed) == 1
