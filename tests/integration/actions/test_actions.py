"""Response actions against moto: the catalog, approvals, idempotency keys, results."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway

ANALYST = ["incidents:read", "incidents:write", "actions:execute", "actions:approve"]


def request(
    gateway: InProcessGateway, token: str, incident_id: str, body: dict[str, Any], key: str | None = None
) -> Any:
    headers = {"Idempotency-Key": key} if key else None
    return gateway.request("POST", f"/incidents/{incident_id}/actions", json_body=body, token=token, headers=headers)


def test_built_in_action_without_approval_runs_at_once(gateway: InProcessGateway, token: TokenFactory) -> None:
    analyst = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, analyst)
    answer = request(gateway, analyst, incident["id"], {"action": "assign", "parameters": {"assigned_to": "bob"}})
    assert answer.status_code == 201, answer.text
    action = answer.json()["data"]
    assert action["status"] == "completed" and action["approval_level"] == "none"
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=analyst).json()["data"]["assigned_to"] == "bob"
    tags = request(gateway, analyst, incident["id"], {"action": "add_tags", "parameters": {"tags": ["vip"]}}).json()[
        "data"
    ]
    assert tags["status"] == "completed"


def test_critical_block_ip_needs_a_senior_approval_then_goes_to_the_integration(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    requester = token(sub="alice", scopes=ANALYST)
    analyst_approver = token(sub="carol", scopes=ANALYST)
    senior = token(sub="sam", roles=["admin"])
    incident = new_incident(gateway, requester, severity="critical")
    created = request(
        gateway, requester, incident["id"], {"action": "block_ip", "parameters": {"ip": "185.159.82.14"}}
    ).json()["data"]
    assert created["status"] == "pending_approval" and created["approval_level"] == "senior"
    path = f"/incidents/{incident['id']}/actions/{created['action_id']}"

    assert gateway.request("POST", f"{path}/approve", token=requester).status_code == 403  # (no own approvals)
    assert gateway.request("POST", f"{path}/approve", token=analyst_approver).status_code == 403  # not senior
    approved = gateway.request("POST", f"{path}/approve", token=senior)
    assert approved.status_code == 200 and approved.json()["data"]["status"] == "requested"
    assert gateway.request("POST", f"{path}/approve", token=senior).status_code == 409  # a second approval

    done = gateway.request("POST", f"{path}/result", json_body={"success": True, "message": "blocked"}, token=requester)
    assert done.status_code == 200 and done.json()["data"]["status"] == "completed"
    assert gateway.request("POST", f"{path}/result", json_body={"success": True}, token=requester).status_code == 409
    names = [event["event"] for event in stored_events("acme", incident["id"])]
    assert names[-4:] == ["action.created", "action.approved", "action.requested", "action.completed"]


def test_rejections_and_bad_requests_change_nothing(gateway: InProcessGateway, token: TokenFactory) -> None:
    requester = token(sub="alice", scopes=ANALYST)
    approver = token(sub="carol", scopes=ANALYST)
    incident = new_incident(gateway, requester)
    path = f"/incidents/{incident['id']}/actions"
    for body, field in (
        ({"action": "launch_missiles"}, "action"),
        ({"action": "block_ip", "parameters": {}}, "parameters.ip"),
        ({"action": "block_ip", "parameters": {"ip": "not-an-ip"}}, "parameters.ip"),
        ({"action": "block_ip", "parameters": {"ip": "10.0.0.8"}}, "parameters.ip"),
        ({"action": "block_sender", "parameters": {"sender": "nobody"}}, "parameters.sender"),
        ({"action": "assign", "parameters": {"assigned_to": "bob", "extra": 1}}, "parameters.extra"),
    ):
        answer = gateway.request("POST", path, json_body=body, token=requester)
        assert answer.status_code == 400, body
        assert answer.json()["error"]["details"][0]["field"] == field
    assert gateway.request("GET", path, token=requester).json()["data"] == []

    pending = request(
        gateway, requester, incident["id"], {"action": "disable_user", "parameters": {"user": "mallory"}}
    ).json()["data"]
    action_path = f"{path}/{pending['action_id']}"
    rejected = gateway.request("POST", f"{action_path}/reject", json_body={"reason": "false positive"}, token=approver)
    assert rejected.status_code == 200 and rejected.json()["data"]["status"] == "rejected"
    assert gateway.request("POST", f"{action_path}/approve", token=token(sub="sam", roles=["admin"])).status_code == 409
    assert gateway.request("POST", f"{action_path}/reject", json_body={}, token=approver).status_code == 400
    no_rights = token(sub="rob", scopes=["incidents:read"])
    assert (
        gateway.request(
            "POST", path, json_body={"action": "notify", "parameters": {"message": "x"}}, token=no_rights
        ).status_code
        == 403
    )


def test_idempotency_key_same_answer_no_second_action(gateway: InProcessGateway, token: TokenFactory) -> None:
    requester = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, requester)
    body = {"action": "quarantine_email", "parameters": {"sender": "billing@examp1e.com"}}
    first = request(gateway, requester, incident["id"], body, key="k-1")
    second = request(gateway, requester, incident["id"], body, key="k-1")
    # The replay answers what the first request answered: 201, the same body and Location.
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.header("Idempotent-Replayed"), second.header("Idempotent-Replayed")) == (None, "true")
    assert second.json() == first.json() and second.header("Location") == first.header("Location")
    different = request(
        gateway, requester, incident["id"], {**body, "parameters": {"sender": "x@y.example"}}, key="k-1"
    )
    assert different.status_code == 422 and different.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    listed = gateway.request("GET", f"/incidents/{incident['id']}/actions", token=requester).json()["data"]
    assert len(listed) == 1
    assert gateway.request("GET", f"/incidents/{incident['id']}/actions", token=token(org="globex")).status_code == 404


def test_a_replay_answers_the_first_answer_after_the_action_moved_on(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    # Given an action waiting for approval and a built-in one that ran at once, both with a key
    requester = token(sub="alice", scopes=ANALYST)
    incident = new_incident(gateway, requester)
    pending_body = {"action": "block_sender", "parameters": {"sender": "billing@examp1e.com"}}
    pending = request(gateway, requester, incident["id"], pending_body, key="k-pending")
    built_in_body = {"action": "add_tags", "parameters": {"tags": ["phishing"]}}
    built_in = request(gateway, requester, incident["id"], built_in_body, key="k-built-in")
    assert (pending.json()["data"]["status"], built_in.json()["data"]["status"]) == ("pending_approval", "completed")
    # When the first is approved (and handed to the integration), then both requests are retried
    path = f"/incidents/{incident['id']}/actions/{pending.json()['data']['action_id']}"
    assert gateway.request("POST", f"{path}/approve", token=token(sub="carol", scopes=ANALYST)).status_code == 200
    assert gateway.request("GET", path, token=requester).json()["data"]["status"] == "requested"
    # Then each retry answers exactly what its first request answered
    for first, body, key in ((pending, pending_body, "k-pending"), (built_in, built_in_body, "k-built-in")):
        replay = request(gateway, requester, incident["id"], body, key=key)
        assert replay.status_code == 201 and replay.text == first.text
        assert (replay.header("Location"), replay.header("Idempotent-Replayed")) == (first.header("Location"), "true")
