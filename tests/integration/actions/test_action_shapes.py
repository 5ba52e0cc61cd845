"""Seed 001's action answers against moto: `id`, `action_type`, `status`, `approval_level`, `message`,
`executed_at`, `executed_by`, `requested_at`; `reason` among the parameters; the playbooks' parameter names."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

ANALYST = ["incidents:read", "incidents:write", "actions:execute", "actions:approve"]
SEED_001_QUARANTINE = {
    "action": "quarantine_email",
    "parameters": {"message_id": "AAMkAGI2...", "reason": "Phishing detected"},
}


def request(gateway: InProcessGateway, token: str, incident_id: str, body: dict[str, Any]) -> Any:
    return gateway.request("POST", f"/incidents/{incident_id}/actions", json_body=body, token=token)


def test_seed_001s_execute_action_answers_and_list(gateway: InProcessGateway, token: TokenFactory) -> None:
    alice = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, alice, severity="high")
    pending = request(gateway, alice, incident["id"], SEED_001_QUARANTINE)
    assert pending.status_code == 201, pending.text
    waiting = pending.json()["data"]
    assert waiting["id"] == waiting["action_id"] and waiting["action_type"] == "quarantine_email"
    assert (waiting["status"], waiting["approval_level"], waiting["message"]) == (
        "pending_approval",
        "analyst",
        "Action requires analyst approval",
    )
    assert waiting["parameters"] == {"message_id": "AAMkAGI2...", "reason": "Phishing detected"}
    assert waiting["reason"] == "Phishing detected"
    assert (waiting["executed_at"], waiting["executed_by"], waiting["result"]) == (None, None, None)

    completed = request(gateway, alice, incident["id"], {"action": "add_tags", "parameters": {"tags": ["phish"]}})
    done = completed.json()["data"]
    assert (done["status"], done["message"], done["executed_by"]) == ("completed", "tags now phish", "alice")
    assert done["executed_at"] == done["completed_at"] and done["result"]["success"] is True
    assert isinstance(done["duration_ms"], int) and done["duration_ms"] >= 0

    listed = gateway.request("GET", f"/incidents/{incident['id']}/actions", token=alice).json()["data"]
    seed_fields = ("id", "action_type", "status", "approval_level", "executed_at", "executed_by", "requested_at")
    assert [{name: item[name] for name in seed_fields} for item in listed] == [
        {
            "id": waiting["id"],
            "action_type": "quarantine_email",
            "status": "pending_approval",
            "approval_level": "analyst",
            "executed_at": None,
            "executed_by": None,
            "requested_at": waiting["requested_at"],
        },
        {
            "id": done["id"],
            "action_type": "add_tags",
            "status": "completed",
            "approval_level": "none",
            "executed_at": done["executed_at"],
            "executed_by": "alice",
            "requested_at": done["requested_at"],
        },
    ]


def test_a_critical_incidents_action_needs_a_senior_analyst(gateway: InProcessGateway, token: TokenFactory) -> None:
    alice = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, alice, severity="critical")
    data = request(gateway, alice, incident["id"], SEED_001_QUARANTINE).json()["data"]
    assert (data["approval_level"], data["message"]) == ("senior", "Action requires senior analyst approval")


def test_the_playbooks_parameter_names_are_taken(gateway: InProcessGateway, token: TokenFactory) -> None:
    alice = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, alice)
    assigned = request(gateway, alice, incident["id"], {"action": "assign", "parameters": {"team": "soc"}})
    assert assigned.status_code == 201, assigned.text
    assert assigned.json()["data"]["parameters"] == {"assigned_team": "soc"}
    notified = request(
        gateway, alice, incident["id"], {"action": "notify", "parameters": {"audience": "on_call"}, "reason": "Look"}
    )
    assert notified.json()["data"]["result"]["message"] == "notified on_call: Look"
    seen = gateway.request("GET", f"/incidents/{incident['id']}", token=alice).json()["data"]
    assert seen["assigned_team"] == "soc"


def test_two_names_for_one_parameter_or_two_reasons_are_a_400_naming_both(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    alice = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, alice)
    for body, detail in (
        (
            {"action": "assign", "parameters": {"team": "soc", "assigned_team": "noc"}},
            {
                "field": "parameters.team",
                "message": "parameters.team and parameters.assigned_team differ: give one of them",
            },
        ),
        (
            {**SEED_001_QUARANTINE, "reason": "Another"},
            {
                "field": "parameters.reason",
                "message": "parameters.reason and reason differ: give one of them (or the same)",
            },
        ),
    ):
        answer = request(gateway, alice, incident["id"], body)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["details"] == [detail]
    assert gateway.request("GET", f"/incidents/{incident['id']}/actions", token=alice).json()["data"] == []
