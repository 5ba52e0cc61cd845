"""Action parameters: `reason` on every action, aliases under one canonical name, the parameters
playbooks and other APIs' clients (seeds 001, 004) send, and the schema agreeing with the service."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator

from incident_core.actions import service as actions
from incident_core.actions.catalog import CATALOG, action_spec, validated_parameters
from incident_core.actions.models import ActionRequest
from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from tests.support.fakes.actions import InMemoryActionRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository
from tests.unit.actions.test_action_responses import EXAMPLES

ALICE = Principal(
    sub="alice", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write", "actions:execute"})
)
SEED_001_QUARANTINE = {
    "action": "quarantine_email",
    "parameters": {"message_id": "AAMkAGI2...", "reason": "Phishing detected"},
}
SEED_004_RESTART = {
    "action": "restart_service",
    "parameters": {"service_name": "api-service", "environment": "production", "wait_for_health_check": True},
}


class World:
    def __init__(self) -> None:
        self.incidents = InMemoryIncidentRepository()
        self.actions = InMemoryActionRepository(self.incidents)
        data = IncidentCreate.model_validate(
            {"title": "Phishing wave", "description": "Many users got the same lure", "severity": "high"}
        )
        self.incident_id = str(create_incident(principal=ALICE, data=data, repository=self.incidents)["id"])

    def request(self, body: dict[str, Any]) -> dict[str, Any]:
        action, _ = actions.request_action(
            principal=ALICE,
            incident_id=self.incident_id,
            data=ActionRequest.model_validate(body),
            repository=self.actions,
            incidents=self.incidents,
        )
        return action

    def incident(self) -> dict[str, Any]:
        found = self.incidents.get_incident(org_id="acme", incident_id=self.incident_id)
        assert found is not None
        return found


def parameters_of(body: dict[str, Any]) -> dict[str, Any]:
    return validated_parameters(action_spec(body["action"]), body.get("parameters", {}))


def refusal(body: dict[str, Any]) -> list[dict[str, str]]:
    world = World()
    with pytest.raises(ValidationFailed) as caught:
        world.request(body)
    assert world.actions.actions == {}  # nothing stored
    assert caught.value.status_code == 400
    details: list[dict[str, str]] = caught.value.details
    return details


# --- reason, among the parameters of every action ------------------------------------------------


@pytest.mark.parametrize("name", list(CATALOG))
def test_every_action_takes_a_reason_among_its_parameters_and_keeps_it(name: str) -> None:
    example = EXAMPLES[name]
    body = {"action": name, "parameters": {**example.get("parameters", {}), "reason": "Seen in the EDR alert"}}
    action = World().request(body)
    assert action["reason"] == "Seen in the EDR alert"
    assert action["parameters"]["reason"] == "Seen in the EDR alert"


def test_seed_001s_quarantine_request_is_taken_as_printed() -> None:
    action = World().request(SEED_001_QUARANTINE)
    assert (action["action"], action["status"], action["approval_level"]) == (
        "quarantine_email",
        "pending_approval",
        "analyst",
    )
    assert action["parameters"] == {"message_id": "AAMkAGI2...", "reason": "Phishing detected"}
    assert action["reason"] == "Phishing detected"


def test_a_reason_at_the_top_and_the_same_among_the_parameters_is_one_reason() -> None:
    body = {**SEED_001_QUARANTINE, "reason": "Phishing detected"}
    assert World().request(body)["reason"] == "Phishing detected"


def test_two_different_reasons_are_refused_naming_both() -> None:
    assert refusal({**SEED_001_QUARANTINE, "reason": "Something else"}) == [
        {"field": "parameters.reason", "message": "parameters.reason and reason differ: give one of them (or the same)"}
    ]


# --- assign: to a person, a team (`team` or `assigned_team`), or both -------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ({"team": "security-operations"}, {"assigned_team": "security-operations"}),
        ({"assigned_team": "security-operations"}, {"assigned_team": "security-operations"}),
        ({"team": "soc", "assigned_team": "soc"}, {"assigned_team": "soc"}),
        ({"assigned_to": "bob", "team": "soc"}, {"assigned_to": "bob", "assigned_team": "soc"}),
    ],
)
def test_assign_takes_team_as_another_name_of_assigned_team(given: dict[str, Any], stored: dict[str, Any]) -> None:
    assert parameters_of({"action": "assign", "parameters": given}) == stored


def test_assigning_a_team_alone_changes_only_the_team() -> None:
    world = World()
    action = world.request({"action": "assign", "parameters": {"team": "security-operations"}})
    assert action["status"] == "completed"
    assert action["result"] == {
        "success": True,
        "message": "assigned to team security-operations",
        "details": {
            "previous_assigned_to": None,
            "current_assigned_to": None,
            "previous_assigned_team": None,
            "current_assigned_team": "security-operations",
        },
    }
    assert (world.incident().get("assigned_to"), world.incident()["assigned_team"]) == (None, "security-operations")


def test_assigning_a_person_and_a_team_says_both() -> None:
    world = World()
    action = world.request({"action": "assign", "parameters": {"assigned_to": "bob", "assigned_team": "soc"}})
    assert action["result"]["message"] == "assigned to bob (team soc)"
    assert (world.incident()["assigned_to"], world.incident()["assigned_team"]) == ("bob", "soc")


@pytest.mark.parametrize(
    ("parameters", "details"),
    [
        (
            {"team": "soc", "assigned_team": "noc"},
            [
                {
                    "field": "parameters.team",
                    "message": "parameters.team and parameters.assigned_team differ: give one of them",
                }
            ],
        ),
        (
            {},
            [
                {
                    "field": "parameters.assigned_to",
                    "message": "parameters.assigned_to or parameters.assigned_team or parameters.team is required",
                }
            ],
        ),
        (
            {"reason": "needs an owner"},
            [
                {
                    "field": "parameters.assigned_to",
                    "message": "parameters.assigned_to or parameters.assigned_team or parameters.team is required",
                }
            ],
        ),
    ],
)
def test_assign_refuses_two_different_teams_and_nobody(
    parameters: dict[str, Any], details: list[dict[str, str]]
) -> None:
    assert refusal({"action": "assign", "parameters": parameters}) == details


# --- notify: an audience, and the reason as the message when there is none ------------------------


def test_notify_an_audience_says_the_reason_when_no_message_is_given() -> None:
    action = World().request(
        {"action": "notify", "parameters": {"audience": "on_call"}, "reason": "Tell the on-call engineer"}
    )
    assert action["status"] == "completed"
    assert action["result"] == {
        "success": True,
        "message": "notified on_call: Tell the on-call engineer",
        "details": {"message": "Tell the on-call engineer", "audience": "on_call"},
    }


def test_notify_with_neither_message_nor_reason_names_the_incident() -> None:
    world = World()
    action = world.request({"action": "notify"})
    number = world.incident()["incident_number"]
    assert action["result"]["message"] == f"notified: {number}: see the incident"


# --- restart_service: seed 004's parameters, `service` as another name of `service_name` ------------


def test_seed_004s_restart_parameters_are_taken_as_printed() -> None:
    assert parameters_of(SEED_004_RESTART) == SEED_004_RESTART["parameters"]
    action = World().request(SEED_004_RESTART)
    assert action["parameters"] == SEED_004_RESTART["parameters"]
    assert (action["status"], action["approval_level"]) == ("pending_approval", "analyst")


def test_restart_service_takes_service_as_another_name_of_service_name() -> None:
    assert parameters_of({"action": "restart_service", "parameters": {"service": "mail-relay"}}) == {
        "service_name": "mail-relay"
    }


@pytest.mark.parametrize(
    ("parameters", "details"),
    [
        (
            {"service": "a", "service_name": "b"},
            [
                {
                    "field": "parameters.service",
                    "message": "parameters.service and parameters.service_name differ: give one of them",
                }
            ],
        ),
        (
            {"environment": "production"},
            [
                {
                    "field": "parameters.service_name",
                    "message": "parameters.service_name or parameters.service is required",
                }
            ],
        ),
        (
            {"service_name": "api", "wait_for_health_check": "maybe"},
            [
                {
                    "field": "parameters.wait_for_health_check",
                    "message": "parameters.wait_for_health_check must be true or false",
                }
            ],
        ),
    ],
)
def test_restart_service_refusals_name_the_fields(parameters: dict[str, Any], details: list[dict[str, str]]) -> None:
    assert refusal({"action": "restart_service", "parameters": parameters}) == details


# --- the published schema agrees with the service ---------------------------------------------------

ACCEPTED = [
    SEED_001_QUARANTINE,
    SEED_004_RESTART,
    {"action": "restart_service", "parameters": {"service": "mail-relay"}},
    {"action": "assign", "parameters": {"team": "soc"}},
    {"action": "assign", "parameters": {"assigned_team": "soc", "reason": "needs an owner"}},
    {"action": "notify", "parameters": {"audience": "privacy"}},
    {"action": "notify"},
]
REFUSED = [
    {"action": "assign", "parameters": {}},
    {"action": "assign"},
    {"action": "assign", "parameters": {"assigned_to": None}},
    {"action": "assign", "parameters": {"team": "soc", "assigned_team": "noc"}},
    {"action": "restart_service", "parameters": {"environment": "production"}},
    {"action": "restart_service", "parameters": {"service": "a", "service_name": "b"}},
    {**SEED_001_QUARANTINE, "reason": "Something else"},
]


@pytest.mark.parametrize("body", ACCEPTED)
def test_what_the_service_takes_the_schema_takes(body: dict[str, Any]) -> None:
    assert OAS31Validator(ActionRequest.model_json_schema()).is_valid(body)
    assert World().request(body)["action"] == body["action"]


@pytest.mark.parametrize("body", REFUSED)
def test_what_the_service_refuses_the_schema_refuses(body: dict[str, Any]) -> None:
    assert not OAS31Validator(ActionRequest.model_json_schema()).is_valid(body)
    refusal(body)
