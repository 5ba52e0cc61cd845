"""What an action looks like, exactly: our fields and seed 001's (`id`, `action_type`, `message`,
`executed_at`, `executed_by`, `approval_level`, `requested_at`), at every step of its life."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from incident_core.actions import service as actions
from incident_core.actions import views
from incident_core.actions.models import ActionRequest, ActionResult, Rejection
from incident_core.core.auth import Principal
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from tests.support.fakes.actions import InMemoryActionRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

PERMISSIONS = frozenset({"incidents:read", "incidents:write", "actions:execute", "actions:approve"})
ALICE = Principal(sub="alice", org_id="acme", permissions=PERMISSIONS)
CAROL = Principal(sub="carol", org_id="acme", permissions=PERMISSIONS)
MAIL_INTEGRATION = Principal(sub="svc-mail", org_id="acme", permissions=frozenset({"actions:execute"}))
NOW = "2026-03-14T09:15:02.123Z"
ACTION_ID = "act_20260314091502123_1a2b3c4d"


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """One instant, one action id, and 45 ms for every built-in run."""
    ticks = iter([10.0, 10.045] * 10)
    monkeypatch.setattr(actions, "now_iso", lambda: NOW)
    monkeypatch.setattr(actions, "secrets", SimpleNamespace(token_hex=lambda size: "1a2b3c4d"))
    monkeypatch.setattr(actions, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    yield


class World:
    def __init__(self, severity: str = "high") -> None:
        self.incidents = InMemoryIncidentRepository()
        self.actions = InMemoryActionRepository(self.incidents)
        data = IncidentCreate.model_validate(
            {"title": "Phishing wave", "description": "Many users got the same lure", "severity": severity}
        )
        self.incident_id = str(create_incident(principal=ALICE, data=data, repository=self.incidents)["id"])

    def stores(self, action_id: str = ACTION_ID) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "action_id": action_id,
            "repository": self.actions,
            "incidents": self.incidents,
        }

    def request(self, body: dict[str, Any], key: str | None = None) -> dict[str, Any]:
        action, _ = actions.request_action(
            principal=ALICE,
            incident_id=self.incident_id,
            data=ActionRequest.model_validate(body),
            idempotency_key=key,
            repository=self.actions,
            incidents=self.incidents,
        )
        return action

    def expected(self, **fields: Any) -> dict[str, Any]:
        """A view as requested now by alice and not yet reviewed, with `fields` changed."""
        view: dict[str, Any] = {
            "action_id": ACTION_ID,
            "id": ACTION_ID,
            "action": None,
            "action_type": None,
            "parameters": {},
            "reason": None,
            "status": "pending_approval",
            "approval_level": "analyst",
            "message": "Action requires analyst approval",
            "requested_by": "alice",
            "requested_at": NOW,
            "approved_by": None,
            "approved_at": None,
            "rejected_by": None,
            "rejected_at": None,
            "rejection_reason": None,
            "completed_at": None,
            "executed_by": None,
            "executed_at": None,
            "duration_ms": None,
            "result": None,
            "incident_id": self.incident_id,
            "version": 1,
        }
        view.update(fields)
        view["action_type"] = view["action"]
        return view


def test_seed_001s_pending_approval_answer() -> None:
    world = World()
    body = {"action": "quarantine_email", "parameters": {"message_id": "AAMkAGI2...", "reason": "Phishing detected"}}
    assert world.request(body) == world.expected(
        action="quarantine_email", parameters=body["parameters"], reason="Phishing detected"
    )


def test_a_senior_approval_is_said_as_seed_001_says_it() -> None:
    world = World(severity="critical")
    action = world.request({"action": "block_ip", "parameters": {"ip": "185.159.82.14"}})
    assert (action["approval_level"], action["message"]) == ("senior", "Action requires senior analyst approval")


def test_a_built_in_action_completes_at_once_executed_by_its_requester() -> None:
    world = World()
    assert world.request({"action": "add_tags", "parameters": {"tags": ["phish"]}}) == world.expected(
        action="add_tags",
        parameters={"tags": ["phish"]},
        status="completed",
        approval_level="none",
        message="tags now phish",
        completed_at=NOW,
        executed_by="alice",
        executed_at=NOW,
        duration_ms=45,
        result={
            "success": True,
            "message": "tags now phish",
            "details": {"previous_tags": [], "current_tags": ["phish"]},
        },
        version=2,
    )


def test_an_external_action_approved_then_reported_is_executed_by_the_integration() -> None:
    world = World()
    world.request({"action": "block_sender", "parameters": {"sender": "x@evil.example"}})
    requested = actions.approve_action(principal=CAROL, **world.stores())
    base = {"action": "block_sender", "parameters": {"sender": "x@evil.example"}, "approved_by": "carol"}
    assert requested == world.expected(
        **base,
        approved_at=NOW,
        status="requested",
        message="Action requested from the integrations: waiting for their result",
        version=3,
    )
    reported = actions.report_result(
        principal=MAIL_INTEGRATION,
        data=ActionResult(success=True, message="Sender blocked at the gateway"),
        **world.stores(),
    )
    assert reported == world.expected(
        **base,
        approved_at=NOW,
        status="completed",
        message="Sender blocked at the gateway",
        completed_at=NOW,
        executed_by="svc-mail",
        executed_at=NOW,
        result={"success": True, "message": "Sender blocked at the gateway"},
        version=4,
    )


@pytest.mark.parametrize(
    ("result", "message"),
    [
        ({"success": False, "message": "gateway down"}, "Action failed: gateway down"),
        ({"success": False}, "Action failed"),
    ],
)
def test_a_failure_says_so(result: dict[str, Any], message: str) -> None:
    world = World()
    world.request({"action": "block_sender", "parameters": {"sender": "x@evil.example"}})
    actions.approve_action(principal=CAROL, **world.stores())
    reported = actions.report_result(principal=MAIL_INTEGRATION, data=ActionResult(**result), **world.stores())
    assert (reported["status"], reported["message"]) == ("failed", message)


def test_a_rejection_says_why() -> None:
    world = World()
    world.request({"action": "disable_user", "parameters": {"user": "mallory"}})
    rejected = actions.reject_action(principal=CAROL, data=Rejection(reason="false positive"), **world.stores())
    assert (rejected["status"], rejected["message"]) == ("rejected", "Action rejected: false positive")


def test_the_list_items_carry_seed_001s_fields() -> None:
    world = World()
    world.request({"action": "add_tags", "parameters": {"tags": ["phish"]}})
    listed = actions.list_actions(
        principal=ALICE, incident_id=world.incident_id, repository=world.actions, incidents=world.incidents
    )
    assert [
        {name: item[name] for name in ("id", "action_type", "status", "executed_at", "executed_by", "requested_at")}
        for item in listed
    ] == [
        {
            "id": ACTION_ID,
            "action_type": "add_tags",
            "status": "completed",
            "executed_at": NOW,
            "executed_by": "alice",
            "requested_at": NOW,
        }
    ]


def test_an_action_stored_before_the_execution_fields_shows_them_from_its_completion() -> None:
    world = World()
    world.request({"action": "block_sender", "parameters": {"sender": "x@evil.example"}})
    actions.approve_action(principal=CAROL, **world.stores())
    actions.report_result(principal=MAIL_INTEGRATION, data=ActionResult(success=True), **world.stores())
    stored = world.actions.actions[("acme", world.incident_id, ACTION_ID)]
    for name in ("executed_by", "executed_at"):
        del stored[name]
    seen = actions.get_action(principal=ALICE, **world.stores())
    assert (seen["executed_by"], seen["executed_at"], seen["duration_ms"]) == ("svc-mail", NOW, None)


def test_a_replay_whose_kept_answer_predates_the_derived_fields_gets_them() -> None:
    world = World()
    body = {"action": "block_ip", "parameters": {"ip": "185.159.82.14"}}
    first = world.request(body, key="k-1")
    stored = world.actions.actions[("acme", world.incident_id, ACTION_ID)]
    for name in views.DERIVED_FIELDS:
        del stored[actions.FIRST_ANSWER][name]
    assert world.request(body, key="k-1") == first
