"""The analysis (`POST /incidents/{id}/analyze`, seed 004): hypotheses with evidence, risk, estimate, in memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from incident_core.actions.catalog import action_spec, validated_parameters
from incident_core.core.auth import Principal
from incident_core.core.clock import iso
from incident_core.core.errors import NotFound
from incident_core.http.openapi import Envelope
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from incident_core.incidents.vocabulary import Severity
from incident_core.triage.analysis import analyze_incident, iso_duration, risk_assessment
from incident_core.triage.engine import RulesEngine, to_dict
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbooks.catalog import PLAYBOOKS
from incident_core.triage.playbooks.hypotheses import HYPOTHESES
from incident_core.triage.responses import Analysis, IncidentAnalysis
from tests.support.contract import answered, assert_documented
from tests.support.fakes.triage import ANALYST, ORG, TriageIncidentRepository, new_incident

SEED_004_FIELDS = {
    "root_causes",
    "confidence_score",
    "affected_components",
    "suggested_actions",
    "similar_incidents",
    "risk_assessment",
    "estimated_resolution_time",
}
# Seed 004's incident (List Incidents), and seed 001's phishing example (Create Incident).
DATABASE = {
    "title": "Database connection timeout",
    "description": "Multiple database connection timeouts detected",
    "severity": "high",
    "source_query": "index=app_logs error=timeout",
    "affected_systems": ["database", "api"],
    "tags": ["database", "timeout", "production"],
}
SEED_001_PHISHING = {
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
CREDENTIAL_PHISHING = {
    "title": "Phishing: fake Microsoft 365 login, two users entered their password",
    "description": "Mail from security@micros0ft-support.com (reply-to help@desk-4412.ru) asked users to verify their"
    " password urgently at http://185.159.82.14/login. SPF fail.",
    "severity": "high",
    "incident_type": "phishing",
    "raw_data": {
        "sender": "security@micros0ft-support.com",
        "reply_to": "help@desk-4412.ru",
        "subject": "Action required: verify your account, today",
        "spf": "fail",
        "sender_ip": "185.159.82.14",
    },
}
RISK_OF_MEDIUM = {"malicious": "HIGH", "suspicious": "MEDIUM", "benign": "MEDIUM", "unknown": "MEDIUM"}


def analysed(incidents: TriageIncidentRepository, incident_id: str) -> dict[str, Any]:
    return analyze_incident(principal=ANALYST, incident_id=incident_id, incidents=incidents)


def engine_result(incidents: TriageIncidentRepository, incident_id: str) -> dict[str, Any]:
    incident = incidents.get_incident(org_id=ORG, incident_id=incident_id)
    assert incident is not None
    return to_dict(RulesEngine().triage(incident, extract_observables(incident)))


def resolved(
    incidents: TriageIncidentRepository, incident_id: str, *, after: timedelta, status: str = "resolved"
) -> None:
    """Mark a stored incident resolved `after` its creation (as the lifecycle stamps it)."""
    stored = incidents.incidents[(ORG, incident_id)]
    created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    stored.update(status=status, created_at=iso(created), resolved_at=iso(created + after))


def test_every_playbook_has_hypotheses_that_name_its_own_indicators() -> None:
    assert set(HYPOTHESES) == {playbook.name for playbook in PLAYBOOKS}
    for playbook in PLAYBOOKS:
        own = {indicator.id for indicator in playbook.indicators}
        entry = HYPOTHESES[playbook.name]
        for hypothesis in (*entry.hypotheses, entry.fallback):
            assert set(hypothesis.indicators) <= own, (playbook.name, hypothesis.cause)
            assert hypothesis.cause and hypothesis.actions, (playbook.name, hypothesis.cause)
            assert all(term == term.lower().strip() and term for term in hypothesis.terms), hypothesis.cause
        assert all(hypothesis.indicators or hypothesis.terms for hypothesis in entry.hypotheses), playbook.name
        assert not entry.fallback.indicators and not entry.fallback.terms


def test_seed_004s_database_example_gets_its_causes_components_and_actions() -> None:
    incidents = TriageIncidentRepository()
    incident_id = new_incident(incidents, **DATABASE, incident_type=None)
    answer = analysed(incidents, incident_id)
    expected = engine_result(incidents, incident_id)
    assert answer["message"] == "Analysis completed"
    assert answer["analysis"] == {
        "root_causes": ["Database connection pool exhaustion", "High query load on the database"],
        "confidence_score": expected["verdict"]["confidence"],
        "affected_components": ["database", "connection_pool", "api"],
        "suggested_actions": [
            "Increase connection pool size",
            "Find and close leaked connections",
            "Implement query optimization",
            "Add database read replicas",
        ],
        "similar_incidents": [],
        "risk_assessment": "HIGH",
        "estimated_resolution_time": "PT8H",
    }
    assert [item["evidence"] for item in answer["hypotheses"]] == [
        [{"kind": "term", "id": None, "found": "database connection"}],
        [{"kind": "term", "id": None, "found": "database"}],
    ]
    assert (answer["playbook"], answer["verdict"]) == (expected["playbook"], expected["verdict"])
    assert (answer["risk_basis"], answer["estimate_basis"]) == ("severity high", "default for high")


def test_seed_001s_phishing_example_is_a_document_lure_with_its_evidence() -> None:
    incidents = TriageIncidentRepository()
    data = IncidentCreate.model_validate(SEED_001_PHISHING)  # as printed: no title or description
    incident_id = str(create_incident(principal=ANALYST, data=data, repository=incidents)["id"])
    answer = analysed(incidents, incident_id)
    expected = engine_result(incidents, incident_id)
    assert answer["playbook"] == "phishing"
    [lure] = answer["hypotheses"]
    assert lure["cause"] == "Document-sharing lure: a message urging users to open a document"
    assert lure["evidence"] == [{"kind": "term", "id": None, "found": "document"}]
    analysis = answer["analysis"]
    assert analysis["root_causes"] == [lure["cause"]]
    assert analysis["affected_components"] == ["email", "user_accounts"]
    assert analysis["risk_assessment"] == RISK_OF_MEDIUM[expected["verdict"]["classification"]]
    assert (analysis["estimated_resolution_time"], answer["estimate_basis"]) == ("PT24H", "default for medium")
    assert answer["recommended_actions"] == expected["recommended_actions"]


def test_a_clear_phishing_mail_names_each_supported_cause_with_the_indicators_that_fired() -> None:
    incidents = TriageIncidentRepository()
    answer = analysed(incidents, new_incident(incidents, **CREDENTIAL_PHISHING))
    causes = {item["cause"]: item["evidence"] for item in answer["hypotheses"]}
    assert list(causes) == ["Credential-harvesting email delivered to users", "Spoofed or impersonated sender"]
    harvesting = [(item["kind"], item["id"]) for item in causes["Credential-harvesting email delivered to users"]]
    assert harvesting == [
        ("indicator", "credential_words"),
        ("indicator", "lookalike_domain"),
        ("indicator", "raw_ip_link"),
        ("term", None),
    ]
    spoofed = causes["Spoofed or impersonated sender"]
    assert [item["id"] for item in spoofed] == ["sender_reply_to_mismatch", "email_auth_failed", "lookalike_domain"]
    assert {item["found"] for item in spoofed} == {"micros0ft-support.com", "SPF fail"}  # as the description says it
    assert answer["analysis"]["root_causes"] == list(causes)


def test_every_recommended_action_validates_against_the_action_catalog() -> None:
    incidents = TriageIncidentRepository()
    incident_id = new_incident(incidents, **CREDENTIAL_PHISHING)
    answer = analysed(incidents, incident_id)
    assert answer["recommended_actions"] == engine_result(incidents, incident_id)["recommended_actions"]
    assert answer["recommended_actions"]
    for recommended in answer["recommended_actions"]:
        spec = action_spec(recommended["action"])
        assert validated_parameters(spec, recommended["parameters"]) == recommended["parameters"], recommended


def test_nothing_to_go_on_gives_the_playbooks_fallback_without_evidence() -> None:
    incidents = TriageIncidentRepository()
    incident_id = new_incident(incidents, title="Something odd", description="Please look", incident_type=None)
    answer = analysed(incidents, incident_id)
    assert answer["playbook"] == "generic"
    assert answer["hypotheses"] == [
        {
            "cause": "Cause not yet evident: an analyst should investigate",
            "components": [],
            "suggested_actions": ["Collect the relevant logs and timeline", "Assign an analyst to investigate"],
            "evidence": [],
        }
    ]
    assert answer["analysis"]["affected_components"] == []


def test_similar_incidents_are_named_by_their_numbers() -> None:
    incidents = TriageIncidentRepository()
    earlier = new_incident(incidents, **CREDENTIAL_PHISHING)
    answer = analysed(incidents, new_incident(incidents, **CREDENTIAL_PHISHING))
    number = incidents.incidents[(ORG, earlier)]["incident_number"]
    assert answer["analysis"]["similar_incidents"] == [number]


def test_the_estimate_is_the_median_of_the_orgs_resolved_incidents_of_the_same_type_and_severity() -> None:
    incidents = TriageIncidentRepository()
    for hours, status in ((1, "resolved"), (2, "closed"), (5, "resolved")):
        resolved(incidents, new_incident(incidents), after=timedelta(hours=hours), status=status)
    resolved(incidents, new_incident(incidents, severity="low"), after=timedelta(hours=40))  # another severity
    resolved(incidents, new_incident(incidents, incident_type="malware"), after=timedelta(hours=40))  # another type
    dismissed = new_incident(incidents)
    incidents.incidents[(ORG, dismissed)].update(status="closed")  # closed at once: never resolved
    answer = analysed(incidents, new_incident(incidents))
    assert (answer["analysis"]["estimated_resolution_time"], answer["estimate_basis"]) == ("PT2H", "history (n=3)")


def test_fewer_than_three_resolved_incidents_give_the_severitys_default() -> None:
    incidents = TriageIncidentRepository()
    for hours in (1, 2):
        resolved(incidents, new_incident(incidents), after=timedelta(hours=hours))
    answer = analysed(incidents, new_incident(incidents, severity="critical"))
    assert (answer["analysis"]["estimated_resolution_time"], answer["estimate_basis"]) == (
        "PT4H",
        "default for critical",
    )
    answer = analysed(incidents, new_incident(incidents))
    assert (answer["analysis"]["estimated_resolution_time"], answer["estimate_basis"]) == ("PT8H", "default for high")


@pytest.mark.parametrize(
    ("severity", "classification", "risk", "basis"),
    [
        ("low", "unknown", "LOW", "severity low"),
        ("medium", "benign", "MEDIUM", "severity medium"),
        ("low", "suspicious", "MEDIUM", "severity low, raised to MEDIUM: the verdict is suspicious"),
        ("high", "suspicious", "HIGH", "severity high"),
        ("medium", "malicious", "HIGH", "severity medium, one level up: the verdict is malicious"),
        ("critical", "malicious", "CRITICAL", "severity critical"),
    ],
)
def test_the_risk_is_the_severity_raised_by_the_verdict(
    severity: str, classification: str, risk: str, basis: str
) -> None:
    assert risk_assessment(Severity(severity), classification) == (risk, basis)


@pytest.mark.parametrize(
    ("seconds", "duration"),
    [(0, "PT0S"), (42, "PT42S"), (60, "PT1M"), (5400, "PT1H30M"), (7229, "PT2H"), (7200 + 3600 * 70, "PT72H")],
)
def test_durations_are_iso_8601_in_whole_minutes_from_one_minute_on(seconds: float, duration: str) -> None:
    assert iso_duration(seconds) == duration


def test_another_orgs_incident_is_not_found() -> None:
    incidents = TriageIncidentRepository()
    incident_id = new_incident(incidents, **DATABASE)
    outsider = Principal(sub="mallory", org_id="globex", permissions=ANALYST.permissions)
    with pytest.raises(NotFound):
        analyze_incident(principal=outsider, incident_id=incident_id, incidents=incidents)


def test_the_answer_is_documented_and_004s_analysis_has_exactly_its_fields() -> None:
    incidents = TriageIncidentRepository()
    new_incident(incidents, **CREDENTIAL_PHISHING)
    answer = analysed(incidents, new_incident(incidents, **CREDENTIAL_PHISHING))
    assert set(answer) == set(IncidentAnalysis.model_fields)
    assert set(answer["analysis"]) == set(Analysis.model_fields) == SEED_004_FIELDS
    assert answer["analysis"]["similar_incidents"] and answer["recommended_actions"]
    assert_documented(Envelope[IncidentAnalysis], answered(answer))
