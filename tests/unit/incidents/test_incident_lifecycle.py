"""The lifecycle over an in-memory repository: 002's numbers, closing a dismissed incident at once,
the caller as the assignee of an investigation, and a status named in an update."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, ValidationFailed
from incident_core.incidents.lifecycle import Move, transition
from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange
from incident_core.incidents.service import change_status, create_incident, update_incident
from incident_core.incidents.vocabulary import Status
from tests.support.fakes.incidents import InMemoryIncidentRepository

ADMIN = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write"}))
NOW = "2026-03-14T09:30:00.000Z"


@pytest.fixture
def repository() -> InMemoryIncidentRepository:
    return InMemoryIncidentRepository()


def _create(repository: InMemoryIncidentRepository, **fields: Any) -> str:
    body = {"title": "Outbound beacon", "description": "Host 10.0.1.50 beacons every 60 s", "severity": "high"}
    incident = create_incident(
        principal=ADMIN, data=IncidentCreate.model_validate({**body, **fields}), repository=repository
    )
    return str(incident["id"])


def _status(repository: InMemoryIncidentRepository, incident_id: str, **body: Any) -> dict[str, Any]:
    change = StatusChange.model_validate(body)
    return change_status(principal=ADMIN, incident_id=incident_id, change=change, repository=repository)


def _update(repository: InMemoryIncidentRepository, incident_id: str, **body: Any) -> dict[str, Any]:
    changes = IncidentUpdate.model_validate(body)
    return update_incident(principal=ADMIN, incident_id=incident_id, changes=changes, repository=repository)


def _event_names(repository: InMemoryIncidentRepository) -> list[str]:
    return [event.name for event in repository.events]


@pytest.mark.parametrize(
    ("number", "status", "classification", "name", "stamped"),
    [
        (3, "resolved", "true_positive", "Resolved", "resolved_at"),
        (4, "closed", "false_positive", "Closed", "closed_at"),
        (5, "resolved", "disrupted", "Disrupted", "resolved_at"),
    ],
)
def test_the_numbers_3_to_5_from_new(
    repository: InMemoryIncidentRepository, number: int, status: str, classification: str, name: str, stamped: str
) -> None:
    incident = _status(repository, _create(repository), status=number)
    assert (incident["status"], incident["classification"]) == (status, classification)
    assert (incident["status_id"], incident["status_name"]) == (number, name)
    assert incident[stamped] is not None
    assert repository.counters["acme"][f"status_{status}"] == 1
    assert repository.counters["acme"]["status_open"] == 0


def test_2_is_investigating_assigned_to_the_caller(repository: InMemoryIncidentRepository) -> None:
    incident = _status(repository, _create(repository), status=2)
    assert (incident["status"], incident["assigned_to"], incident["status_id"]) == ("investigating", "alice", 2)
    assert _event_names(repository)[-2:] == ["incident.status_changed", "incident.assigned"]


@pytest.mark.parametrize("start", ["triaged", "acknowledged", "investigating"])
@pytest.mark.parametrize("classification", ["false_positive", "benign"])
def test_an_active_incident_closes_at_once_when_dismissed(
    repository: InMemoryIncidentRepository, start: str, classification: str
) -> None:
    incident_id = _create(repository)
    _status(repository, incident_id, status=start, assigned_to="bob")
    closed = _status(repository, incident_id, status="closed", classification=classification, resolution="Test mail")
    assert (closed["status"], closed["classification"], closed["resolution"]) == ("closed", classification, "Test mail")
    assert (closed["status_id"], closed["closed_at"] is not None, closed["resolved_at"]) == (4, True, None)
    assert _event_names(repository)[-2:] == ["incident.status_changed", "incident.closed"]


@pytest.mark.parametrize("body", [{"status": "closed"}, {"status": "closed", "classification": "true_positive"}])
def test_closing_an_active_incident_otherwise_is_409(repository: InMemoryIncidentRepository, body: Any) -> None:
    incident_id = _create(repository)
    with pytest.raises(Conflict) as refused:
        _status(repository, incident_id, **body)
    assert refused.value.message == "Cannot change status from Open to Closed"
    assert refused.value.details == {
        "from": "open",
        "to": "closed",
        "allowed": ["triaged", "acknowledged", "investigating", "resolved"],
        "closes_when_classified_as": ["benign", "false_positive"],
    }


def test_a_closed_incident_stays_closed(repository: InMemoryIncidentRepository) -> None:
    incident_id = _create(repository)
    _status(repository, incident_id, status=4)
    with pytest.raises(Conflict) as refused:
        _status(repository, incident_id, status=2)
    assert refused.value.details == {"from": "closed", "to": "investigating", "allowed": []}


def test_without_an_actor_investigating_still_needs_an_assignee() -> None:
    # Alerts and workers move incidents with no caller to assign.
    incident = {"id": "i1", "status": "open", "org_id": "acme"}
    with pytest.raises(ValidationFailed) as refused:
        transition(incident, Move(status=Status.INVESTIGATING), NOW)
    assert refused.value.details == [
        {"field": "assigned_to", "message": "assigned_to is required to move an incident to investigating"}
    ]
    moved = transition(dict(incident), Move(status=Status.INVESTIGATING), NOW, actor="carol")
    assert moved.incident["assigned_to"] == "carol"


# --- a status in PATCH/PUT /incidents/{id} ---------------------------------------------------------


def test_seed_001_update_resolves_a_new_incident_in_one_write(repository: InMemoryIncidentRepository) -> None:
    incident_id = _create(repository, severity="medium")
    updated = _update(
        repository,
        incident_id,
        severity="high",
        status="resolved",
        resolution="False positive - legitimate vendor email",
    )
    assert (updated["severity"], updated["status"], updated["resolution"], updated["version"]) == (
        "high",
        "resolved",
        "False positive - legitimate vendor email",
        2,
    )
    assert updated["resolved_at"] == updated["updated_at"]
    assert (updated["status_id"], updated["classification"]) == (3, None)
    assert _event_names(repository) == [
        "incident.created",
        "incident.updated",
        "incident.status_changed",
        "incident.resolved",
    ]
    assert repository.events[1].changes == {"severity": {"old": "medium", "new": "high"}}
    totals = repository.counters["acme"]
    assert (totals["status_open"], totals["status_resolved"], totals["severity_medium"], totals["severity_high"]) == (
        0,
        1,
        0,
        1,
    )


def test_seed_004_update_starts_an_investigation_with_the_named_assignee(
    repository: InMemoryIncidentRepository,
) -> None:
    incident_id = _create(repository)
    updated = _update(
        repository,
        incident_id,
        status="IN_PROGRESS",
        assigned_team="devops",
        assigned_user="jane.smith",
        tags=["database", "timeout", "production", "investigating"],
    )
    assert (updated["status"], updated["assigned_to"], updated["assigned_team"], updated["version"]) == (
        "investigating",
        "jane.smith",
        "devops",
        2,
    )
    assert updated["tags"] == ["database", "timeout", "production", "investigating"]
    assert _event_names(repository)[1:] == ["incident.updated", "incident.assigned", "incident.status_changed"]


def test_an_update_to_investigating_with_no_assignee_assigns_the_caller(
    repository: InMemoryIncidentRepository,
) -> None:
    updated = _update(repository, _create(repository), state="investigating")
    assert (updated["status"], updated["assigned_to"]) == ("investigating", "alice")


def test_an_update_may_not_clear_the_assignee_it_moves_to_investigating(
    repository: InMemoryIncidentRepository,
) -> None:
    incident_id = _create(repository)
    with pytest.raises(ValidationFailed) as refused:
        _update(repository, incident_id, status="investigating", assigned_to=None)
    assert refused.value.details == [
        {"field": "assigned_to", "message": "an investigating incident must keep an assignee"}
    ]


def test_an_update_with_the_current_status_changes_only_the_fields(repository: InMemoryIncidentRepository) -> None:
    incident_id = _create(repository)
    same = _update(repository, incident_id, status="open", title="Outbound beacon")
    assert same["version"] == 1  # nothing changed: nothing written
    _update(repository, incident_id, status=3)
    reclassified = _update(repository, incident_id, status="resolved", classification="disrupted")
    assert (reclassified["status"], reclassified["classification"], reclassified["status_id"]) == (
        "resolved",
        "disrupted",
        5,
    )
    assert repository.incidents[("acme", incident_id)]["status_id"] == 5
    assert _event_names(repository)[-1] == "incident.updated"


def test_resolution_alone_is_editable(repository: InMemoryIncidentRepository) -> None:
    incident_id = _create(repository)
    assert _update(repository, incident_id, resolution="Blocked at the proxy")["resolution"] == "Blocked at the proxy"
    assert _update(repository, incident_id, resolution=None)["resolution"] is None


def test_a_classification_needs_a_resolving_or_closing_status(repository: InMemoryIncidentRepository) -> None:
    incident_id = _create(repository)
    for body in ({"classification": "benign"}, {"status": "acknowledged", "classification": "benign"}):
        with pytest.raises(ValidationFailed) as refused:
            _update(repository, incident_id, **body)
        assert refused.value.details == [
            {"field": "classification", "message": "classification is only set when resolving or closing"}
        ]


def test_an_illegal_move_in_an_update_writes_nothing(repository: InMemoryIncidentRepository) -> None:
    incident_id = _create(repository)
    with pytest.raises(Conflict) as refused:
        _update(repository, incident_id, title="Renamed", status="closed")
    assert refused.value.message == "Cannot change status from Open to Closed"
    stored = repository.incidents[("acme", incident_id)]
    assert (stored["title"], stored["version"]) == ("Outbound beacon", 1)
    closed = _update(repository, incident_id, title="Renamed", status=4)
    assert (closed["title"], closed["status"], closed["classification"]) == ("Renamed", "closed", "false_positive")
