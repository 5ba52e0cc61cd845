"""Request models: letter case, aliases, limits and refused fields."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange
from incident_core.incidents.vocabulary import Classification, Severity, Status

BASE = {"title": "Title", "description": "Long enough description", "severity": "low"}


@pytest.mark.parametrize("raw", ["critical", "CRITICAL", " Critical "])
def test_severity_in_any_letter_case(raw: str) -> None:
    assert IncidentCreate.model_validate({**BASE, "severity": raw}).severity is Severity.CRITICAL


@pytest.mark.parametrize(
    ("raw", "status", "classification"),
    [
        (1, Status.OPEN, None),
        ("NEW", Status.OPEN, None),
        ("submitted", Status.OPEN, None),
        ("detected", Status.OPEN, None),
        ("assigned", Status.ACKNOWLEDGED, None),
        ("in_progress", Status.INVESTIGATING, None),
        ("In Progress", Status.INVESTIGATING, None),
        (2, Status.INVESTIGATING, None),
        (3, Status.RESOLVED, Classification.TRUE_POSITIVE),
        ("4", Status.RESOLVED, Classification.FALSE_POSITIVE),
        (5, Status.CLOSED, None),
        ("Resolved", Status.RESOLVED, None),
    ],
)
def test_status_aliases(raw: object, status: Status, classification: Classification | None) -> None:
    change = StatusChange.model_validate({"status": raw})
    assert change.status is status
    assert change.classification == classification


def test_explicit_classification_wins_over_the_alias() -> None:
    change = StatusChange.model_validate({"status": 3, "classification": "BENIGN"})
    assert change.classification is Classification.BENIGN


@pytest.mark.parametrize("raw", [0, 6, "sleeping", True, None, 2.5])
def test_unknown_status_is_refused(raw: object) -> None:
    with pytest.raises(ValidationError):
        StatusChange.model_validate({"status": raw})


def test_strings_are_trimmed_and_lists_deduplicated() -> None:
    incident = IncidentCreate.model_validate(
        {**BASE, "title": "  padded  ", "tags": ["a", "b", "a"], "affected_systems": ["x", "x"]}
    )
    assert incident.title == "padded"
    assert incident.tags == ["a", "b"]
    assert incident.affected_systems == ["x"]


@pytest.mark.parametrize("field", ["id", "org_id", "created_by", "version", "verdict", "unknown"])
def test_unknown_and_read_only_fields_are_errors(field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentCreate.model_validate({**BASE, field: "x"})
    assert raised.value.errors()[0]["type"] == "extra_forbidden"


def test_update_remembers_which_fields_were_named() -> None:
    update = IncidentUpdate.model_validate({"assigned_to": None, "severity": "HIGH"})
    assert update.changed_fields() == {"assigned_to": None, "severity": Severity.HIGH}


def test_update_refuses_status() -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentUpdate.model_validate({"status": "resolved"})
    assert "PUT /incidents/{id}/status" in str(raised.value)
