"""The action service over in-memory repositories: approvals, results, idempotency, built-ins."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.actions import service as actions
from incident_core.actions.models import ActionRequest, ActionResult, Rejection
from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, Forbidden, IdempotencyKeyReused, NotFound, ValidationFailed
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from tests.support.fakes.actions import InMemoryActionRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

ANALYST_PERMISSIONS = frozenset({"incidents:read", "incidents:write", "actions:execute", "actions:approve"})
ALICE = Principal(sub="alice", org_id="acme", permissions=ANALYST_PERMISSIONS)
CAROL = Principal(sub="carol", org_id="acme", permissions=ANALYST_PERMISSIONS)
SAM = Principal(sub="sam", org_id="acme", permissions=ANALYST_PERMISSIONS, roles=("admin",))
OTHER_ORG = Principal(sub="alice", org_id="globex", permissions=ANALYST_PERMISSIONS)

World = tuple[InMemoryIncidentRepository, InMemoryActionRepository]


@pytest.fixture
def world() -> World:
    incidents = InMemoryIncidentRepository()
    return incidents, InMemoryActionRepository(incidents)


def _incident(world: World, severity: str = "high") -> str:
    data = IncidentCreate.model_validate(
        {"title": "Phishing wave", "description": "Many users got the same lure", "severity": severity}
    )
    return str(create_incident(principal=ALICE, data=data, repository=world[0])["id"])


def _request(
    world: World,
    incident_id: str,
    body: dict[str, Any],
    *,
    principal: Principal = ALICE,
    key: str | None = None,
) -> tuple[dict[str, Any], bool]:
    incidents, repository = world
    return actions.request_action(
        principal=principal,
        incident_id=incident_id,
        data=ActionRequest.model_validate(body),
        idempotency_key=key,
        repository=repository,
        incidents=incidents,
    )


def _approve(world: World, action: dict[str, Any], principal: Principal) -> dict[str, Any]:
    incidents, repository = world
    return actions.approve_action(
        principal=principal,
        incident_id=action["incident_id"],
        action_id=action["action_id"],
        repository=repository,
        incidents=incidents,
    )


def _report(world: World, action: dict[str, Any], **body: Any) -> dict[str, Any]:
    incidents, repository = world
    return actions.report_result(
        principal=ALICE,
        incident_id=action["incident_id"],
        action_id=action["action_id"],
        data=ActionResult.model_validate(body),
        repository=repository,
        incidents=incidents,
    )


def _stored_incident(world: World, incident_id: str) -> dict[str, Any]:
    incident = world[0].get_incident(org_id="acme", incident_id=incident_id)
    assert incident is not None
    return incident


def _event_names(world: World) -> list[str]:
    return [event.name for event in world[1].events]


def test_an_action_without_approval_runs_at_once(world: World) -> None:
    incident_id = _incident(world)
    action, created = _request(world, incident_id, {"action": "assign", "parameters": {"assigned_to": "bob"}})
    assert created and action["status"] == "completed" and action["approval_level"] == "none"
    assert action["result"] == {
        "success": True,
        "message": "assigned to bob",
        "details": {
            "previous_assigned_to": None,
            "current_assigned_to": "bob",
            "previous_assigned_team": None,
            "current_assigned_team": None,
        },
    }
    assert _stored_incident(world, incident_id)["assigned_to"] == "bob"
    assert _event_names(world) == ["action.created", "action.completed"]


def test_an_action_needing_approval_waits_and_changes_nothing(world: World) -> None:
    incident_id = _incident(world)
    action, created = _request(world, incident_id, {"action": "resolve", "parameters": {"resolution": "Blocked"}})
    assert created and action["status"] == "pending_approval" and action["approval_level"] == "analyst"
    assert _stored_incident(world, incident_id)["status"] == "open"
    assert _event_names(world) == ["action.created"]


@pytest.mark.parametrize(
    ("name", "parameters", "high", "critical"),
    [
        ("assign", {"assigned_to": "bob"}, "none", "analyst"),
        ("block_ip", {"ip": "185.159.82.14"}, "analyst", "senior"),
        ("disable_user", {"user": "mallory"}, "senior", "senior"),  # no level above senior
    ],
)
def test_a_critical_incident_raises_the_level_by_one(
    world: World, name: str, parameters: dict[str, Any], high: str, critical: str
) -> None:
    on_high, _ = _request(world, _incident(world, "high"), {"action": name, "parameters": parameters})
    on_critical, _ = _request(world, _incident(world, "critical"), {"action": name, "parameters": parameters})
    assert (on_high["approval_level"], on_critical["approval_level"]) == (high, critical)


def test_nobody_approves_their_own_request(world: World) -> None:
    action, _ = _request(world, _incident(world), {"action": "block_ip", "parameters": {"ip": "185.159.82.14"}})
    with pytest.raises(Forbidden, match="own action"):
        _approve(world, action, ALICE)
    assert _event_names(world) == ["action.created"]


def test_a_senior_level_needs_a_senior_approver_then_goes_to_the_integration(world: World) -> None:
    incident_id = _incident(world, "critical")
    action, _ = _request(world, incident_id, {"action": "block_ip", "parameters": {"ip": "185.159.82.14"}})
    with pytest.raises(Forbidden, match="senior approval"):
        _approve(world, action, CAROL)
    approved = _approve(world, action, SAM)
    assert approved["status"] == "requested" and approved["approved_by"] == "sam"
    with pytest.raises(Conflict):
        _approve(world, action, SAM)
    assert _event_names(world) == ["action.created", "action.approved", "action.requested"]


def test_an_analyst_approves_an_analyst_level_built_in_which_then_runs(world: World) -> None:
    incident_id = _incident(world)
    action, _ = _request(world, incident_id, {"action": "resolve", "parameters": {"resolution": "Blocked"}})
    done = _approve(world, action, CAROL)
    assert done["status"] == "completed" and done["result"]["message"] == "incident resolved"
    incident = _stored_incident(world, incident_id)
    assert incident["status"] == "resolved" and incident["resolution"] == "Blocked"


def test_a_rejected_action_can_not_be_approved(world: World) -> None:
    incidents, repository = world
    action, _ = _request(world, _incident(world), {"action": "disable_user", "parameters": {"user": "mallory"}})
    rejected = actions.reject_action(
        principal=CAROL,
        incident_id=action["incident_id"],
        action_id=action["action_id"],
        data=Rejection(reason="false positive"),
        repository=repository,
        incidents=incidents,
    )
    assert rejected["status"] == "rejected" and rejected["rejection_reason"] == "false positive"
    assert rejected["rejected_by"] == "carol"
    with pytest.raises(Conflict, match="not pending approval"):
        _approve(world, action, SAM)
    assert _event_names(world) == ["action.created", "action.rejected"]


@pytest.mark.parametrize(
    ("success", "status", "event"), [(True, "completed", "action.completed"), (False, "failed", "action.failed")]
)
def test_the_integration_reports_the_result(world: World, success: bool, status: str, event: str) -> None:
    action, _ = _request(
        world, _incident(world), {"action": "block_sender", "parameters": {"sender": "x@evil.example"}}
    )
    with pytest.raises(Conflict, match="not waiting for a result"):
        _report(world, action, success=success)
    _approve(world, action, CAROL)
    finished = _report(world, action, success=success, message="done")
    assert finished["status"] == status and finished["result"] == {"success": success, "message": "done"}
    assert finished["completed_at"] and _event_names(world)[-1] == event
    with pytest.raises(Conflict):
        _report(world, action, success=True)


def test_an_idempotency_key_replays_the_same_action(world: World) -> None:
    incident_id = _incident(world)
    body = {"action": "quarantine_email", "parameters": {"sender": "billing@examp1e.com"}}
    first, first_created = _request(world, incident_id, body, key="k-1")
    again, again_created = _request(world, incident_id, body, key="k-1")
    assert first_created and not again_created
    assert again["action_id"] == first["action_id"]
    assert len(world[1].list(org_id="acme", incident_id=incident_id)) == 1
    # The key belongs to its user: someone else's k-1 is another request.
    _, other_created = _request(world, incident_id, body, key="k-1", principal=CAROL)
    assert other_created


def test_an_idempotency_key_reused_for_another_request_is_422_key_reused(world: World) -> None:
    incident_id = _incident(world)
    first, _ = _request(world, incident_id, {"action": "notify", "parameters": {"message": "hello"}}, key="k-2")
    with pytest.raises(IdempotencyKeyReused) as caught:
        _request(world, incident_id, {"action": "notify", "parameters": {"message": "bye"}}, key="k-2")
    assert caught.value.status_code == 422 and caught.value.code == "IDEMPOTENCY_KEY_REUSED"
    assert caught.value.details == {"action_id": first["action_id"]}
    assert len(world[1].list(org_id="acme", incident_id=incident_id)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "launch_missiles"}, "action"),
        ({"action": "block_ip", "parameters": {}}, "parameters.ip"),
        ({"action": "block_ip", "parameters": {"ip": "10.0.0.8"}}, "parameters.ip"),
        ({"action": "assign", "parameters": {"assigned_to": "bob", "extra": 1}}, "parameters.extra"),
    ],
)
def test_bad_requests_name_the_field_and_store_nothing(world: World, body: dict[str, Any], field: str) -> None:
    incident_id = _incident(world)
    with pytest.raises(ValidationFailed) as caught:
        _request(world, incident_id, body)
    assert caught.value.details[0]["field"] == field
    assert world[1].actions == {}


def test_built_ins_change_the_incident_and_a_refused_change_fails_the_action(world: World) -> None:
    incidents, repository = world
    incident_id = _incident(world)
    tagged, _ = _request(world, incident_id, {"action": "add_tags", "parameters": {"tags": ["vip", "mail"]}})
    escalated, _ = _request(world, incident_id, {"action": "escalate", "parameters": {"severity": "CRITICAL"}})
    assert escalated["result"]["message"] == "severity set to critical"
    assert tagged["result"]["message"] == "tags now vip, mail"
    incident = _stored_incident(world, incident_id)
    assert incident["severity"] == "critical" and incident["tags"] == ["vip", "mail"]
    assert "incident.updated" in [event.name for event in incidents.events]

    resolve = {"action": "resolve", "parameters": {}}
    _approve(world, _request(world, incident_id, resolve)[0], SAM)  # critical: senior level
    again, _ = _request(world, incident_id, resolve)
    failed = _approve(world, again, SAM)
    assert failed["status"] == "failed" and failed["result"]["success"] is False
    assert repository.events[-1].name == "action.failed"


def test_reads_see_only_the_callers_org(world: World) -> None:
    incidents, repository = world
    action, _ = _request(world, _incident(world), {"action": "notify", "parameters": {"message": "hello"}})
    seen = actions.get_action(
        principal=CAROL,
        incident_id=action["incident_id"],
        action_id=action["action_id"],
        repository=repository,
        incidents=incidents,
    )
    assert seen == action
    listed = actions.list_actions(
        principal=CAROL, incident_id=action["incident_id"], repository=repository, incidents=incidents
    )
    assert [item["action_id"] for item in listed] == [action["action_id"]]
    with pytest.raises(NotFound):
        actions.list_actions(
            principal=OTHER_ORG, incident_id=action["incident_id"], repository=repository, incidents=incidents
        )
    with pytest.raises(NotFound):
        actions.get_action(
            principal=CAROL,
            incident_id=action["incident_id"],
            action_id="act_missing",
            repository=repository,
            incidents=incidents,
        )
