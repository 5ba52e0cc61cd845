"""The incident service over an in-memory repository: lifecycle, locking, events, counters."""

from __future__ import annotations

import pytest

from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange
from incident_core.incidents.service import (
    change_status,
    create_incident,
    delete_incident,
    get_incident,
    update_incident,
)
from tests.support.fakes.incidents import InMemoryIncidentRepository

ADMIN = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write"}))
REPORTER = Principal(sub="rita", org_id="acme", permissions=frozenset({"incidents:read"}), roles=("reporter",))


@pytest.fixture
def repository() -> InMemoryIncidentRepository:
    return InMemoryIncidentRepository()


def _create(
    repository: InMemoryIncidentRepository, principal: Principal = ADMIN, **fields: object
) -> dict[str, object]:
    data = IncidentCreate.model_validate(
        {"title": "Disk full", "description": "The database volume is full", "severity": "high", **fields}
    )
    return create_incident(principal=principal, data=data, repository=repository)


def _status(repository: InMemoryIncidentRepository, incident_id: str, **body: object) -> dict[str, object]:
    return change_status(
        principal=ADMIN, incident_id=incident_id, change=StatusChange.model_validate(body), repository=repository
    )


def test_create_counts_and_records_the_event(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository, assigned_to="bob")
    assert str(incident["incident_number"]).endswith("-000001")
    assert [event.name for event in repository.events] == ["incident.created", "incident.assigned"]
    assert repository.counters["acme"] == {"total": 1, "status_open": 1, "severity_high": 1}


def test_status_moves_counters_and_stamps_times(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    resolved = _status(repository, str(incident["id"]), status="resolved", resolution="Cleaned up")
    assert resolved["resolved_at"] and resolved["resolution"] == "Cleaned up" and resolved["version"] == 2
    assert repository.counters["acme"]["status_open"] == 0
    assert repository.counters["acme"]["status_resolved"] == 1
    reopened = _status(repository, str(incident["id"]), status="investigating", assigned_to="bob")
    assert reopened["resolved_at"] is None and reopened["resolution"] is None
    assert [event.name for event in repository.events][-3:] == [
        "incident.status_changed",
        "incident.reopened",
        "incident.assigned",
    ]


def test_closed_is_final(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    _status(repository, str(incident["id"]), status="resolved")
    _status(repository, str(incident["id"]), status="closed")
    for target in ("open", "investigating", "resolved"):
        with pytest.raises(Conflict):
            _status(repository, str(incident["id"]), status=target, assigned_to="bob")


def test_classification_only_when_resolving(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    with pytest.raises(ValidationFailed):
        _status(repository, str(incident["id"]), status="acknowledged", classification="benign")


def test_lost_races_are_retried_without_if_match(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    repository.lose_next_writes = 2
    updated = update_incident(
        principal=ADMIN,
        incident_id=str(incident["id"]),
        changes=IncidentUpdate.model_validate({"title": "Disk full again"}),
        repository=repository,
    )
    assert updated["title"] == "Disk full again"
    repository.lose_next_writes = 5
    with pytest.raises(Conflict):
        update_incident(
            principal=ADMIN,
            incident_id=str(incident["id"]),
            changes=IncidentUpdate.model_validate({"title": "Third"}),
            repository=repository,
        )


def test_a_lost_race_with_if_match_is_412(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    repository.lose_next_writes = 1
    with pytest.raises(PreconditionFailed):
        update_incident(
            principal=ADMIN,
            incident_id=str(incident["id"]),
            changes=IncidentUpdate.model_validate({"title": "Mine"}),
            if_match='"1"',
            repository=repository,
        )


def test_unassigning_an_investigating_incident_is_refused(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository, status="investigating", assigned_to="bob")
    with pytest.raises(ValidationFailed):
        update_incident(
            principal=ADMIN,
            incident_id=str(incident["id"]),
            changes=IncidentUpdate.model_validate({"assigned_to": None}),
            repository=repository,
        )


def test_null_clears_a_list_to_empty(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository, tags=["db"], affected_systems=["pg-1"])
    changes = IncidentUpdate.model_validate({"tags": None, "affected_systems": None})
    updated = update_incident(principal=ADMIN, incident_id=str(incident["id"]), changes=changes, repository=repository)
    assert (updated["tags"], updated["affected_systems"]) == ([], [])


def test_reporter_can_not_see_others_and_deleted_is_gone(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    with pytest.raises(NotFound):
        get_incident(principal=REPORTER, incident_id=str(incident["id"]), repository=repository)
    delete_incident(principal=ADMIN, incident_id=str(incident["id"]), repository=repository)
    with pytest.raises(NotFound):
        get_incident(principal=ADMIN, incident_id=str(incident["id"]), repository=repository)
    assert repository.counters["acme"] == {"total": 0, "status_open": 0, "severity_high": 0}
