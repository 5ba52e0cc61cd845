"""Request models: letter case, aliases (of statuses and of fields), limits, refused fields, derived text."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange
from incident_core.incidents.vocabulary import Classification, ContactMethod, Severity, Status

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
        ("4", Status.CLOSED, Classification.FALSE_POSITIVE),
        (5, Status.RESOLVED, Classification.DISRUPTED),
        ("Disrupted", Status.RESOLVED, Classification.DISRUPTED),
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


def test_update_takes_status_by_word_alias_or_number() -> None:
    assert IncidentUpdate.model_validate({"status": "IN_PROGRESS"}).changed_fields() == {"status": Status.INVESTIGATING}
    assert IncidentUpdate.model_validate({"status": 4}).changed_fields() == {
        "status": Status.CLOSED,
        "classification": Classification.FALSE_POSITIVE,
    }
    explicit = IncidentUpdate.model_validate({"status": 3, "classification": "Benign", "resolution": " done "})
    assert explicit.changed_fields() == {
        "status": Status.RESOLVED,
        "classification": Classification.BENIGN,
        "resolution": "done",
    }


def test_unknown_status_on_update_names_the_choices() -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentUpdate.model_validate({"status": "sleeping"})
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("status",), "enum")


# --- other APIs' names of our fields ---------------------------------------------------------------


def test_aliases_name_our_fields_on_create() -> None:
    incident = IncidentCreate.model_validate(
        {
            **BASE,
            "type": "Conduct",
            "state": "IN_PROGRESS",
            "assigned_user": "jane.smith",
            "contactMethod": "Phone",
        }
    )
    assert (incident.incident_type, incident.status, incident.assigned_to, incident.contact_method) == (
        "conduct",
        Status.INVESTIGATING,
        "jane.smith",
        ContactMethod.PHONE,
    )


def test_aliases_name_our_fields_on_update_and_status_change() -> None:
    update = IncidentUpdate.model_validate({"assignedResponderId": "carol", "state": "resolved", "type": "malware"})
    assert update.changed_fields() == {
        "assigned_to": "carol",
        "status": Status.RESOLVED,
        "incident_type": "malware",
    }
    change = StatusChange.model_validate({"state": "acknowledged", "assigned_user": "rob"})
    assert (change.status, change.assigned_to) == (Status.ACKNOWLEDGED, "rob")


def test_an_alias_and_its_field_may_agree() -> None:
    incident = IncidentCreate.model_validate({**BASE, "type": "phishing", "incident_type": "phishing"})
    assert incident.incident_type == "phishing"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"type": "phishing", "incident_type": "malware"}, "type", "type and incident_type differ: send one of them"),
        ({"state": "open", "status": "resolved"}, "state", "state and status differ: send one of them"),
        (
            {"assigned_user": "jane", "assignedResponderId": "carol"},
            "assignedResponderId",
            "assignedResponderId and assigned_user differ: send one of them",
        ),
        (
            {"contactMethod": "phone", "contact_method": "email"},
            "contactMethod",
            "contactMethod and contact_method differ: send one of them",
        ),
    ],
)
def test_an_alias_and_its_field_that_differ_are_refused_naming_both(
    body: dict[str, str], field: str, message: str
) -> None:
    for model, full in ((IncidentCreate, {**BASE, **body}), (IncidentUpdate, body)):
        with pytest.raises(ValidationError) as raised:
            model.model_validate(full)
        [error] = raised.value.errors()
        assert (error["loc"], error["msg"], error["type"]) == ((field,), message, "alias_conflict")


@pytest.mark.parametrize(
    ("raw", "method"),
    [
        ("email", "email"),
        ("PHONE", "phone"),
        ("In_Person", "in_person"),
        ("in-person", "in_person"),
        ("no_contact", "no_contact"),
    ],
)
def test_contact_method_in_any_letter_case(raw: str, method: str) -> None:
    assert IncidentCreate.model_validate({**BASE, "contact_method": raw}).contact_method == method


def test_contact_method_defaults_to_email_and_refuses_other_words() -> None:
    assert IncidentCreate.model_validate(BASE).contact_method is ContactMethod.EMAIL
    with pytest.raises(ValidationError) as raised:
        IncidentCreate.model_validate({**BASE, "contactMethod": "pigeon"})
    [error] = raised.value.errors()
    assert error["loc"] == ("contact_method",)
    assert error["msg"] == "Value error, contact_method must be one of: email, phone, in_person, no_contact"


def test_source_query_and_location_limits() -> None:
    incident = IncidentCreate.model_validate({**BASE, "source_query": " index=app error ", "location": "Hall B"})
    assert (incident.source_query, incident.location) == ("index=app error", "Hall B")
    for field, size in (("source_query", 2001), ("location", 256)):
        with pytest.raises(ValidationError) as raised:
            IncidentCreate.model_validate({**BASE, field: "q" * size})
        assert raised.value.errors()[0]["type"] == "string_too_long"


def test_create_investigating_needs_no_assignee_in_the_body() -> None:
    incident = IncidentCreate.model_validate({**BASE, "status": "investigating"})
    assert (incident.status, incident.assigned_to) == (Status.INVESTIGATING, None)
    schema = IncidentCreate.model_json_schema()
    assert "if" not in schema and "then" not in schema


def test_update_schema_allows_a_classification_only_beside_an_ending_status() -> None:
    schema = IncidentUpdate.model_json_schema()
    assert schema["if"] == {"properties": {"status": {"enum": ["resolved", "closed"]}}, "required": ["status"]}
    assert schema["else"] == {"properties": {"classification": {"type": "null"}}}
    assert {"status", "classification", "resolution", "source_query", "location", "contact_method"} <= set(
        schema["properties"]
    )
    assert not {"type", "state", "assigned_user", "assignedResponderId", "contactMethod"} & set(schema["properties"])


@pytest.mark.parametrize("field", ["title", "description", "severity", "contact_method", "status"])
def test_update_refuses_null_for_what_it_can_not_clear(field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentUpdate.model_validate({field: None})
    [error] = raised.value.errors()
    assert (error["loc"], error["msg"]) == ((field,), f"{field} can not be null")


def test_update_reports_one_error_per_field() -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentUpdate.model_validate({"severity": "urgent", "title": "x" * 256})
    assert [(error["loc"], error["type"]) for error in raised.value.errors()] == [
        (("title",), "string_too_long"),
        (("severity",), "value_error"),
    ]


# --- an integration's create body, without title and description ------------------------------------

SEED_001_CREATE = {
    "incident_type": "phishing",
    "source": "email_gateway",
    "severity": "medium",
    "raw_data": {
        "message_id": "AAMkAGI2...",
        "sender": "unknown@domain.com",
        "recipient": "employee@company.com",
        "subject": "Important Document",
        "received_at": "2024-01-15T10:00:00Z",
    },
}


def test_seed_001_create_gets_a_derived_title_and_description() -> None:
    incident = IncidentCreate.model_validate(SEED_001_CREATE)
    assert incident.title == "Phishing from email_gateway: Important Document"
    assert incident.description == (
        "Phishing reported by email_gateway. subject: Important Document; message_id: AAMkAGI2...;"
        " sender: unknown@domain.com; recipient: employee@company.com; received_at: 2024-01-15T10:00:00Z"
    )


def test_a_missing_title_beside_a_description_is_still_required() -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentCreate.model_validate({"description": "Missing title field", "severity": "low", "type": "phishing"})
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("title",), "missing")


def test_nothing_to_derive_from_leaves_both_required() -> None:
    with pytest.raises(ValidationError) as raised:
        IncidentCreate.model_validate({"severity": "low", "source": "email_gateway", "incident_type": "  "})
    assert sorted(error["loc"][0] for error in raised.value.errors() if error["type"] == "missing") == [
        "description",
        "title",
    ]
