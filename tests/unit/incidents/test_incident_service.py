"""The incident service over an in-memory repository: lifecycle, locking, events, counters."""

from __future__ import annotations

import pytest

from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed
from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange
from incident_core.incidents.service import (
    MAX_UPDATE_ATTEMPTS,
    TITLE_ONLY,
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
    repository.lose_next_writes = MAX_UPDATE_ATTEMPTS  # every attempt lost: then 409
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


# --- creating investigating, numeric statuses, reading by number --------------------------------


def test_created_investigating_without_assignee_is_assigned_to_the_caller(
    repository: InMemoryIncidentRepository,
) -> None:
    incident = _create(repository, status="investigating")
    assert (incident["status"], incident["assigned_to"]) == ("investigating", "alice")
    assert [event.name for event in repository.events] == ["incident.created", "incident.assigned"]
    named = _create(repository, status="investigating", assigned_to="bob")
    assert named["assigned_to"] == "bob"


def test_views_show_the_numeric_status_and_items_store_it(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    assert (incident["status_id"], incident["status_name"]) == (1, "New")
    stored = repository.incidents[("acme", str(incident["id"]))]
    assert stored["status_id"] == 1
    closed = _status(repository, str(incident["id"]), status=4)
    assert (closed["status"], closed["classification"], closed["status_id"], closed["status_name"]) == (
        "closed",
        "false_positive",
        4,
        "Closed",
    )
    assert repository.incidents[("acme", str(incident["id"]))]["status_id"] == 4


def test_new_fields_are_stored_and_shown(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository, source_query="index=api_logs | stats avg(response_time)", location="Hall B")
    assert (incident["source_query"], incident["location"], incident["contact_method"]) == (
        "index=api_logs | stats avg(response_time)",
        "Hall B",
        "email",
    )
    changes = IncidentUpdate.model_validate({"contactMethod": "IN_PERSON", "location": None})
    updated = update_incident(principal=ADMIN, incident_id=str(incident["id"]), changes=changes, repository=repository)
    assert (updated["contact_method"], updated["location"]) == ("in_person", None)


def test_get_by_number_reads_the_pointer_then_the_incident(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    number = str(incident["incident_number"])
    repository.reads = 0
    assert get_incident(principal=ADMIN, incident_id=number, repository=repository) == incident
    assert repository.reads == 2
    assert get_incident(principal=ADMIN, incident_id=number.lower(), repository=repository)["id"] == incident["id"]
    with pytest.raises(NotFound) as unknown:
        get_incident(principal=ADMIN, incident_id="INC-2026-999999", repository=repository)
    assert unknown.value.message == "Incident INC-2026-999999 not found"


def test_a_number_of_a_deleted_or_hidden_incident_is_404(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    number = str(incident["incident_number"])
    with pytest.raises(NotFound) as hidden:
        get_incident(principal=REPORTER, incident_id=number, repository=repository)
    assert hidden.value.message == f"Incident {number} not found"
    delete_incident(principal=ADMIN, incident_id=str(incident["id"]), repository=repository)
    assert repository.numbers[("acme", number)] == incident["id"]  # the pointer stays
    with pytest.raises(NotFound):
        get_incident(principal=ADMIN, incident_id=number, repository=repository)


# --- a reporter edits only the title of its own incidents -----------------------------------------

RITA = Principal(
    sub="rita", org_id="acme", permissions=frozenset({"incidents:read", "incidents:create"}), roles=("reporter",)
)
CREATOR = Principal(sub="carl", org_id="acme", permissions=frozenset({"incidents:read", "incidents:create"}))


def _edit(
    repository: InMemoryIncidentRepository, principal: Principal, incident_id: str, **body: object
) -> dict[str, object]:
    return update_incident(
        principal=principal,
        incident_id=incident_id,
        changes=IncidentUpdate.model_validate(body),
        repository=repository,
        enforce_edit_rights=True,
    )


def test_a_reporter_retitles_its_own_incident(repository: InMemoryIncidentRepository) -> None:
    own = _create(repository, principal=RITA)
    renamed = _edit(repository, RITA, str(own["id"]), title="Harassment at registration (updated)")
    assert (renamed["title"], renamed["version"]) == ("Harassment at registration (updated)", 2)


def test_a_reporter_may_change_nothing_but_the_title(repository: InMemoryIncidentRepository) -> None:
    own = _create(repository, principal=RITA)
    with pytest.raises(Forbidden) as refused:
        _edit(repository, RITA, str(own["id"]), title="New title", severity="low")
    assert refused.value.message == TITLE_ONLY
    assert refused.value.details == {
        "required_permission": "incidents:write",
        "user_permissions": ["incidents:create", "incidents:read"],
    }
    assert repository.incidents[("acme", str(own["id"]))]["version"] == 1


def test_without_write_only_own_incidents_are_retitled(repository: InMemoryIncidentRepository) -> None:
    others = _create(repository)
    with pytest.raises(NotFound):  # a reporter does not even see it
        _edit(repository, RITA, str(others["id"]), title="Not mine")
    with pytest.raises(Forbidden) as refused:  # one who sees every incident may still not edit it
        _edit(repository, CREATOR, str(others["id"]), title="Not mine")
    assert refused.value.details["required_permission"] == "incidents:write"
    own = _create(repository, principal=CREATOR)
    assert _edit(repository, CREATOR, str(own["id"]), title="Mine")["title"] == "Mine"


def test_edit_rights_are_the_api_routes_own(repository: InMemoryIncidentRepository) -> None:
    incident = _create(repository)
    changes = IncidentUpdate.model_validate({"severity": "low"})
    # Other domains (actions, the assignee route) authorize their own changes.
    updated = update_incident(
        principal=CREATOR, incident_id=str(incident["id"]), changes=changes, repository=repository
    )
    assert updated["severity"] == "low"
