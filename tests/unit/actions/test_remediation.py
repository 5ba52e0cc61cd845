"""Remediation (seed 004): the actions API underneath, answered in 004's shape; its route, function and resource."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from incident_core.actions import catalog, reads, remediation
from incident_core.actions import service as actions
from incident_core.actions.models import ActionRequest
from incident_core.actions.remediation import action_log, iso_duration, remediate
from incident_core.actions.responses import Remediation
from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, IdempotencyKeyReused, ValidationFailed
from incident_core.http.api_routes import API_ROUTES
from incident_core.http.openapi import Envelope
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from scripts.dev_token import make_token
from tests.support.api_events import LambdaContext, api_event, load_function
from tests.support.contract import answered, assert_documented
from tests.support.fakes.actions import InMemoryActionRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository
from tests.support.template import template

UNIT_SECRET = "unit-secret-0123456789abcdef0123456789"  # the JWT secret tests/unit/conftest.py sets
MONITORING = Principal(
    sub="monitoring", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write", "actions:execute"})
)
NOW = "2026-01-23T11:05:00.000Z"
ACTION_ID = "act_20260123110500000_1a2b3c4d"
SEED_004_RESTART = {
    "action": "restart_service",
    "parameters": {"service_name": "api-service", "environment": "production", "wait_for_health_check": True},
}


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """One instant, one action id, and 45 ms for every built-in run."""
    ticks = iter([10.0, 10.045] * 10)
    monkeypatch.setattr(actions, "now_iso", lambda: NOW)
    monkeypatch.setattr(actions, "secrets", SimpleNamespace(token_hex=lambda size: "1a2b3c4d"))
    monkeypatch.setattr(actions, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    yield


class World:
    def __init__(self) -> None:
        self.incidents = InMemoryIncidentRepository()
        self.actions = InMemoryActionRepository(self.incidents)
        data = IncidentCreate.model_validate(
            {"title": "API response time degradation", "description": "Response times up 300%", "severity": "high"}
        )
        self.incident_id = str(create_incident(principal=MONITORING, data=data, repository=self.incidents)["id"])

    def remediate(self, body: dict[str, Any], key: str | None = None) -> tuple[dict[str, Any], bool]:
        return remediate(
            principal=MONITORING,
            incident_id=self.incident_id,
            data=ActionRequest.model_validate(body),
            idempotency_key=key,
            repository=self.actions,
            incidents=self.incidents,
        )


def test_an_external_remediation_is_requested_and_waits_for_its_approval() -> None:
    world = World()
    answer, created = world.remediate(SEED_004_RESTART)
    assert created
    assert answer == {
        "message": "Remediation requested",
        "result": {
            "success": False,
            "action": "restart_service",
            "execution_time": None,
            "details": SEED_004_RESTART["parameters"],
            "logs": [
                f"{NOW}: restart_service requested by monitoring",
                f"{NOW}: waiting for analyst approval",
            ],
        },
        "action_id": ACTION_ID,
        "status": "pending_approval",
        "approval_level": "analyst",
        "incident_id": world.incident_id,
    }
    # It is the actions API underneath: one action, with its event.
    listed = world.actions.list(org_id="acme", incident_id=world.incident_id)
    assert [(item["id"], item["action"], item["parameters"]) for item in listed] == [
        (ACTION_ID, "restart_service", SEED_004_RESTART["parameters"])
    ]
    assert [event.name for event in world.actions.events] == ["action.created"]


def test_a_built_in_remediation_runs_now_and_says_what_it_changed() -> None:
    world = World()
    answer, _ = world.remediate({"action": "escalate", "parameters": {"severity": "critical"}})
    assert answer == {
        "message": "Remediation executed",
        "result": {
            "success": True,
            "action": "escalate",
            "execution_time": "PT0.045S",
            "details": {"severity": "critical", "previous_severity": "high", "current_severity": "critical"},
            "logs": [
                f"{NOW}: escalate requested by monitoring",
                f"{NOW}: completed: severity set to critical",
            ],
        },
        "action_id": ACTION_ID,
        "status": "completed",
        "approval_level": "none",
        "incident_id": world.incident_id,
    }
    assert [event.name for event in world.actions.events] == ["action.created", "action.completed"]


def test_a_built_in_remediation_the_incident_refuses_is_executed_without_success(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_: Any) -> tuple[str, dict[str, Any]]:
        raise Conflict("Incident is already resolved")

    monkeypatch.setitem(catalog.BUILT_INS, "notify", refused)
    answer, _ = World().remediate({"action": "notify", "parameters": {"audience": "on_call"}})
    assert (answer["message"], answer["status"]) == ("Remediation executed", "failed")
    assert answer["result"] == {
        "success": False,
        "action": "notify",
        "execution_time": "PT0.045S",
        "details": {"audience": "on_call"},
        "logs": [f"{NOW}: notify requested by monitoring", f"{NOW}: failed: Incident is already resolved"],
    }


def test_the_same_idempotency_key_answers_the_first_answer_and_another_body_is_422_key_reused() -> None:
    world = World()
    first, created = world.remediate(SEED_004_RESTART, key="k-1")
    again, again_created = world.remediate(SEED_004_RESTART, key="k-1")
    assert (created, again_created) == (True, False) and again == first
    with pytest.raises(IdempotencyKeyReused) as caught:
        world.remediate({**SEED_004_RESTART, "parameters": {"service_name": "other"}}, key="k-1")
    assert caught.value.code == "IDEMPOTENCY_KEY_REUSED"


def test_bad_remediations_are_refused_as_the_actions_api_refuses_them() -> None:
    world = World()
    with pytest.raises(ValidationFailed) as caught:
        world.remediate({"action": "reboot_the_world"})
    assert caught.value.details[0]["field"] == "action"
    with pytest.raises(ValidationFailed) as caught:
        world.remediate({"action": "restart_service", "parameters": {"environment": "production"}})
    assert caught.value.details == [
        {"field": "parameters.service_name", "message": "parameters.service_name or parameters.service is required"}
    ]
    assert world.actions.actions == {}


@pytest.mark.parametrize(
    ("milliseconds", "duration"),
    [
        (None, None),
        (0, "PT0S"),
        (3, "PT0.003S"),
        (45, "PT0.045S"),
        (40, "PT0.04S"),
        (45000, "PT45S"),
        (61234, "PT61.234S"),
    ],
)
def test_execution_time_is_an_iso_8601_duration(milliseconds: int | None, duration: str | None) -> None:
    assert iso_duration(milliseconds) == duration


BASE = {
    "action": "block_ip",
    "requested_at": "2026-01-23T11:05:00.000Z",
    "requested_by": "alice",
    "approval_level": "analyst",
    "approved_at": None,
    "rejected_at": None,
}


@pytest.mark.parametrize(
    ("fields", "last_lines"),
    [
        (
            {"status": "requested", "approved_at": "2026-01-23T11:06:00.000Z", "approved_by": "carol"},
            [
                "2026-01-23T11:06:00.000Z: approved by carol",
                "2026-01-23T11:06:00.000Z: sent to the integrations, waiting for their result",
            ],
        ),
        (
            {
                "status": "rejected",
                "rejected_at": "2026-01-23T11:07:00.000Z",
                "rejected_by": "carol",
                "rejection_reason": "false positive",
            },
            ["2026-01-23T11:07:00.000Z: rejected by carol: false positive"],
        ),
        (
            {
                "status": "failed",
                "approved_at": "2026-01-23T11:06:00.000Z",
                "approved_by": "carol",
                "executed_at": "2026-01-23T11:08:00.000Z",
                "result": {"success": False, "message": "firewall unreachable"},
            },
            [
                "2026-01-23T11:06:00.000Z: approved by carol",
                "2026-01-23T11:08:00.000Z: failed: firewall unreachable",
            ],
        ),
    ],
)
def test_the_log_tells_each_step(fields: dict[str, Any], last_lines: list[str]) -> None:
    assert action_log({**BASE, **fields}) == ["2026-01-23T11:05:00.000Z: block_ip requested by alice", *last_lines]


def test_a_rejected_action_is_answered_as_a_rejected_remediation() -> None:
    view = {**BASE, "status": "rejected", "rejected_at": NOW, "rejected_by": "carol", "rejection_reason": "no"}
    answer = remediation.remediation_view(
        {**view, "action_id": ACTION_ID, "incident_id": "i", "parameters": {"ip": "185.159.82.14"}}
    )
    assert (answer["message"], answer["result"]["success"], answer["status"]) == (
        "Remediation rejected",
        False,
        "rejected",
    )


def test_every_answer_is_the_documented_model() -> None:
    world = World()
    pending, _ = world.remediate(SEED_004_RESTART)
    world.actions.actions.clear()
    executed, _ = world.remediate({"action": "escalate", "parameters": {"severity": "critical"}})
    for answer in (pending, executed):
        assert set(answer) == set(Remediation.model_fields)
        assert_documented(Envelope[Remediation], answered(answer))


# --- the route, the function and its resource -------------------------------------------------------


def test_the_route_needs_actions_execute_takes_an_action_request_and_answers_201() -> None:
    [route] = load_function("remediate_incident").api.routes
    assert (route.method, route.resource, route.permission, route.doc.status) == (
        "POST",
        "/incidents/{id}/remediate",
        ("actions:execute",),
        201,
    )
    assert route.body is not None and route.body.model is ActionRequest and route.body.required
    assert [header.name for header in route.doc.request_headers] == ["Idempotency-Key"]
    assert [header.name for header in route.doc.response_headers] == ["Location", "Idempotent-Replayed"]
    assert API_ROUTES["/incidents/{id}/remediate"] == ("POST",)


def test_the_resource_is_a_sibling_of_the_action_request_function() -> None:
    resources = template()["Resources"]
    remediate_function = resources["RemediateIncidentFunction"]["Properties"]
    request_function = resources["RequestIncidentActionFunction"]["Properties"]
    assert remediate_function["CodeUri"] == "functions/remediate_incident/"
    assert remediate_function["Policies"] == request_function["Policies"]  # the same least privilege
    assert remediate_function.get("Layers") == request_function.get("Layers")  # the Globals' layer
    [event] = remediate_function["Events"].values()
    assert event["Type"] == "Api"
    assert (event["Properties"]["Path"], event["Properties"]["Method"]) == ("/incidents/{id}/remediate", "post")
    assert event["Properties"]["RestApiId"] == {"Ref": "IncidentApi"}


def test_the_handler_answers_201_with_the_action_as_location(monkeypatch: pytest.MonkeyPatch) -> None:
    world = World()
    monkeypatch.setattr(reads, "get_action_repository", lambda: world.actions)
    monkeypatch.setattr(reads, "get_repository", lambda: world.incidents)
    token = make_token(secret=UNIT_SECRET, org="acme", sub="monitoring", permissions=["actions:execute"])
    event = api_event(
        "POST",
        "/incidents/{id}/remediate",
        path_parameters={"id": world.incident_id},
        body=SEED_004_RESTART,
        token=token,
    )
    response = load_function("remediate_incident").lambda_handler(event, LambdaContext())
    assert response["statusCode"] == 201, response["body"]
    assert response["headers"]["Location"] == f"actions/{ACTION_ID}"
    body = json.loads(response["body"])
    assert body["success"] is True and body["data"]["message"] == "Remediation requested"
    reader = make_token(secret=UNIT_SECRET, org="acme", sub="rob", permissions=["incidents:read"])
    event["headers"]["Authorization"] = f"Bearer {reader}"
    assert load_function("remediate_incident").lambda_handler(event, LambdaContext())["statusCode"] == 403
