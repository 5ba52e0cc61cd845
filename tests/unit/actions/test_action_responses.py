"""The action routes' documented bodies match what the service answers; the request schema is the API's.

Real answers of the service (over the in-memory fakes), in the envelope the handlers send,
are validated against the published JSON schema of their response model and by the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator, validate

from incident_core.actions import service as actions
from incident_core.actions import views
from incident_core.actions.catalog import CATALOG
from incident_core.actions.models import ActionRequest, ActionResult, Rejection
from incident_core.actions.responses import Action, ActionList
from incident_core.core.auth import Principal
from incident_core.http.openapi import Envelope
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from tests.support.contract import answered, assert_documented
from tests.support.fakes.actions import InMemoryActionRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

PERMISSIONS = frozenset({"incidents:read", "incidents:write", "actions:execute", "actions:approve"})
ALICE = Principal(sub="alice", org_id="acme", permissions=PERMISSIONS)
CAROL = Principal(sub="carol", org_id="acme", permissions=PERMISSIONS)
# A valid request of every action of the catalog.
EXAMPLES: dict[str, dict[str, Any]] = {
    "assign": {"action": "assign", "parameters": {"assigned_to": "bob", "assigned_team": "soc"}},
    "escalate": {"action": "escalate", "parameters": {"severity": "critical"}},
    "add_tags": {"action": "add_tags", "parameters": {"tags": ["vip"]}},
    "resolve": {"action": "resolve", "reason": "contained"},
    "notify": {"action": "notify", "parameters": {"message": "Heads up", "channel": "soc"}},
    "quarantine_email": {"action": "quarantine_email", "parameters": {"sender": "billing@examp1e.com"}},
    "block_sender": {"action": "block_sender", "parameters": {"sender": "billing@examp1e.com"}},
    "block_ip": {"action": "block_ip", "parameters": {"ip": "185.159.82.14", "duration_hours": 24}},
    "disable_user": {"action": "disable_user", "parameters": {"user": "mallory"}},
    "isolate_host": {"action": "isolate_host", "parameters": {"host": "ws-042"}},
    "restart_service": {"action": "restart_service", "parameters": {"service": "mail-relay"}},
    "reset_credentials": {"action": "reset_credentials", "parameters": {"user": "mallory"}},
}


class World:
    def __init__(self) -> None:
        self.incidents = InMemoryIncidentRepository()
        self.actions = InMemoryActionRepository(self.incidents)
        data = IncidentCreate.model_validate(
            {"title": "Phishing wave", "description": "Many users got the same lure", "severity": "high"}
        )
        self.incident_id = str(create_incident(principal=ALICE, data=data, repository=self.incidents)["id"])

    def request(self, body: Mapping[str, Any], key: str | None = None) -> dict[str, Any]:
        action, _ = actions.request_action(
            principal=ALICE,
            incident_id=self.incident_id,
            data=ActionRequest.model_validate(body),
            idempotency_key=key,
            repository=self.actions,
            incidents=self.incidents,
        )
        return action

    def ids(self, action: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "action_id": action["action_id"],
            "repository": self.actions,
            "incidents": self.incidents,
        }


def every_kind_of_action(world: World) -> list[dict[str, Any]]:
    """Completed, pending, rejected, requested, reported (with details) and replayed actions."""
    completed = world.request(EXAMPLES["assign"])
    pending = world.request(EXAMPLES["isolate_host"])
    to_reject = world.request(EXAMPLES["disable_user"])
    rejected = actions.reject_action(principal=CAROL, data=Rejection(reason="false positive"), **world.ids(to_reject))
    requested = actions.approve_action(principal=CAROL, **world.ids(world.request(EXAMPLES["block_ip"])))
    to_report = actions.approve_action(principal=CAROL, **world.ids(world.request(EXAMPLES["block_sender"])))
    result = ActionResult(success=False, message="gateway down", details={"attempts": 3})
    reported = actions.report_result(principal=ALICE, data=result, **world.ids(to_report))
    world.request(EXAMPLES["add_tags"], key="k-1")
    replayed = world.request(EXAMPLES["add_tags"], key="k-1")
    return [completed, pending, rejected, requested, reported, replayed]


def test_the_action_model_has_exactly_the_fields_of_the_view() -> None:
    assert set(Action.model_fields) == {"action_id", *views.VIEW_FIELDS, *views.DERIVED_FIELDS}


def test_every_answer_of_the_action_routes_is_documented() -> None:
    world = World()
    answers = every_kind_of_action(world)
    assert {action["status"] for action in answers} == {
        "completed",
        "pending_approval",
        "rejected",
        "requested",
        "failed",
    }
    for action in answers:
        assert set(action) == set(Action.model_fields)
        assert_documented(Envelope[Action], answered(action))
    one = actions.get_action(principal=ALICE, **world.ids(answers[0]))
    assert_documented(Envelope[Action], answered(one))


def test_the_list_of_actions_is_documented_with_its_count() -> None:
    world = World()
    every_kind_of_action(world)
    listed = actions.list_actions(
        principal=ALICE, incident_id=world.incident_id, repository=world.actions, incidents=world.incidents
    )
    assert_documented(ActionList, answered(listed, meta={"total": len(listed)}))  # as the handler answers


# --- the request schema: one shape per action of the catalog, as strict as the service ----------


def test_the_request_schema_names_exactly_the_catalog_with_each_actions_parameters() -> None:
    schema = ActionRequest.model_json_schema()
    shapes = {shape["properties"]["action"]["const"]: shape for shape in schema["oneOf"]}
    assert list(shapes) == list(CATALOG)
    for name, shape in shapes.items():
        parameters = shape["properties"]["parameters"]
        assert parameters["title"] == CATALOG[name].parameters.__name__
        assert parameters["additionalProperties"] is False
        assert shape["additionalProperties"] is False


@pytest.mark.parametrize("name", list(CATALOG))
def test_a_request_the_schema_allows_is_one_the_service_accepts(name: str) -> None:
    validate(EXAMPLES[name], ActionRequest.model_json_schema())
    action = World().request(EXAMPLES[name])
    assert action["action"] == name


@pytest.mark.parametrize(
    "body",
    [
        {"action": "launch_missiles"},
        {"action": "block_ip"},
        {"action": "block_ip", "parameters": {}},
        {"action": "assign", "parameters": {"assigned_to": "bob", "extra": 1}},
        {"action": "escalate", "parameters": {"severity": "apocalyptic"}},
        {"action": "notify", "parameters": {"message": "x"}, "priority": "high"},
    ],
)
def test_a_request_the_service_refuses_is_one_the_schema_refuses(body: dict[str, Any]) -> None:
    assert not OAS31Validator(ActionRequest.model_json_schema()).is_valid(body)
