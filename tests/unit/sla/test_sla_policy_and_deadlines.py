"""SLA policies and deadline math: durations, the request model, and an incident's SLA record."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.sla.deadlines import escalated, overdue, refreshed_sla, sla_view
from incident_core.sla.durations import DURATION, PUBLISHED_PATTERN, duration_seconds
from incident_core.sla.models import SlaPolicyUpdate

POLICY: dict[str, Any] = {
    "severities": {
        "critical": {"acknowledge_within": "PT4M", "resolve_within": "PT1H", "on_breach": ["notify"]},
        "high": {"acknowledge_within": "PT20M", "resolve_within": "PT4H", "on_breach": ["notify"]},
    }
}
CREATED = "2026-11-30T10:00:00.000Z"


def incident(**fields: Any) -> dict[str, Any]:
    return {"id": "i-1", "org_id": "acme", "severity": "critical", "status": "open", "created_at": CREATED, **fields}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT1M", 60), ("pt15m", 900), ("PT4H", 14_400), ("P1DT12H", 129_600), ("P1W", 604_800), ("PT90S", 90)],
)
def test_durations_of_fixed_length_are_read(text: str, seconds: int) -> None:
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "PT59S", "P1Y", "P1M", "P91D", "15m", "PT1.5M", "P1WT1H", "-PT5M"])
def test_other_durations_are_refused(text: str) -> None:
    assert duration_seconds(text) is None


def test_a_policy_is_stored_normalized_with_only_what_was_named() -> None:
    policy = SlaPolicyUpdate.model_validate(
        {
            "severities": {
                "critical": {"acknowledge_within": "pt15m", "on_breach": ["reassign_team"], "reassign_team": "sre"}
            }
        }
    )
    assert policy.stored() == {
        "critical": {"acknowledge_within": "PT15M", "on_breach": ["reassign_team"], "reassign_team": "sre"}
    }


@pytest.mark.parametrize(
    "target",
    [
        {},  # no deadline at all
        {"acknowledge_within": "P1Y"},
        {"acknowledge_within": "PT10S"},
        {"acknowledge_within": "PT1H", "resolve_within": "PT30M"},  # resolve before acknowledge
        {"acknowledge_within": "PT1H", "on_breach": ["reassign_team"]},  # no team
        {"acknowledge_within": "PT1H", "reassign_team": "sre"},  # a team without the action
        {"acknowledge_within": "PT1H", "on_breach": ["notify", "notify"]},
        {"acknowledge_within": "PT1H", "on_breach": ["page_everyone"]},
        {"acknowledge_within": "PT1H", "extra": 1},
    ],
)
def test_bad_targets_are_refused(target: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SlaPolicyUpdate.model_validate({"severities": {"high": target}})


def test_an_unknown_severity_is_refused() -> None:
    with pytest.raises(ValidationError):
        SlaPolicyUpdate.model_validate({"severities": {"urgent": {"acknowledge_within": "PT1H"}}})


def test_a_new_incident_gets_its_deadlines_from_its_creation() -> None:
    record = refreshed_sla(incident(), POLICY, CREATED, previous_status=None)
    assert record == {
        "started_at": CREATED,
        "breached": [],
        "acknowledge_by": "2026-11-30T10:04:00.000Z",
        "resolve_by": "2026-11-30T11:00:00.000Z",
        "state": "on_track",
        "next_check_at": "2026-11-30T10:03:00.000Z",  # the last quarter of 4 minutes starts at 3
    }
    assert sla_view(record) == {
        "acknowledge_by": "2026-11-30T10:04:00.000Z",
        "resolve_by": "2026-11-30T11:00:00.000Z",
        "breached": [],
        "state": "on_track",
    }


def test_no_target_for_the_severity_means_no_record() -> None:
    assert refreshed_sla(incident(severity="low"), POLICY, CREATED, previous_status=None) is None
    assert refreshed_sla(incident(), None, CREATED, previous_status=None) is None
    assert sla_view(None) is None


def test_the_at_risk_moment_then_the_deadline_are_the_next_checks() -> None:
    first = refreshed_sla(incident(), POLICY, CREATED, previous_status=None)
    at_risk = refreshed_sla(incident(sla=first), POLICY, "2026-11-30T10:03:30.000Z", previous_status="open")
    assert at_risk is not None
    assert (at_risk["state"], at_risk["next_check_at"]) == ("at_risk", "2026-11-30T10:04:00.000Z")


def test_acknowledging_meets_the_first_deadline_and_resolving_the_second() -> None:
    first = refreshed_sla(incident(), POLICY, CREATED, previous_status=None)
    acknowledged = refreshed_sla(
        incident(status="acknowledged", sla=first), POLICY, "2026-11-30T10:01:00.000Z", previous_status="open"
    )
    assert acknowledged is not None
    assert (acknowledged["state"], acknowledged["next_check_at"]) == ("on_track", "2026-11-30T10:45:00.000Z")
    resolved = refreshed_sla(
        incident(status="resolved", sla=acknowledged),
        POLICY,
        "2026-11-30T10:30:00.000Z",
        previous_status="acknowledged",
    )
    assert resolved is not None
    assert (resolved["state"], resolved["next_check_at"]) == ("met", None)


def test_a_severity_change_moves_the_deadlines_from_the_same_start() -> None:
    first = refreshed_sla(incident(severity="high"), POLICY, CREATED, previous_status=None)
    raised = refreshed_sla(incident(sla=first), POLICY, "2026-11-30T10:01:00.000Z", previous_status="open")
    assert first is not None and raised is not None
    assert first["acknowledge_by"] == "2026-11-30T10:20:00.000Z"
    assert raised["acknowledge_by"] == "2026-11-30T10:04:00.000Z"


def test_a_breach_stays_and_a_reopen_restarts_the_deadlines() -> None:
    first = refreshed_sla(incident(), POLICY, CREATED, previous_status=None)
    assert first is not None
    assert overdue(incident(sla=first), "2026-11-30T10:03:59.999Z") == []
    assert overdue(incident(sla=first), "2026-11-30T10:04:00.000Z") == [("acknowledge", "2026-11-30T10:04:00.000Z")]
    breach = {"deadline": "acknowledge", "due": first["acknowledge_by"], "breached_at": "x", "severity": "critical"}
    breached = refreshed_sla(
        incident(status="acknowledged", sla={**first, "breached": [breach]}),
        POLICY,
        "2026-11-30T10:05:00.000Z",
        previous_status="open",
    )
    assert breached is not None
    assert (breached["state"], breached["breached"]) == ("breached", [breach])
    assert overdue(incident(status="acknowledged", sla=breached), "2026-11-30T10:06:00.000Z") == []
    reopened = refreshed_sla(
        incident(status="investigating", sla=breached), POLICY, "2026-11-30T12:00:00.000Z", previous_status="resolved"
    )
    assert reopened is not None
    assert (reopened["started_at"], reopened["breached"], reopened["state"]) == (
        "2026-11-30T12:00:00.000Z",
        [],
        "on_track",
    )
    assert reopened["resolve_by"] == "2026-11-30T13:00:00.000Z"


def test_escalation_goes_one_step_up_and_stops_at_critical() -> None:
    assert [escalated(severity) for severity in ("low", "medium", "high", "critical")] == [
        "medium",
        "high",
        "critical",
        "critical",
    ]


def test_a_deadline_brought_into_the_past_is_checked_now() -> None:
    first = refreshed_sla(incident(severity="high"), POLICY, CREATED, previous_status=None)
    raised = refreshed_sla(incident(sla=first), POLICY, "2026-11-30T10:10:00.000Z", previous_status="open")
    assert raised is not None
    assert raised["acknowledge_by"] == "2026-11-30T10:04:00.000Z"
    assert (raised["state"], raised["next_check_at"]) == ("at_risk", "2026-11-30T10:10:00.000Z")


def test_the_published_pattern_takes_the_spellings_the_api_takes_and_has_no_python_only_syntax() -> None:
    assert "(?P<" not in PUBLISHED_PATTERN  # ECMA-262 (JSON Schema, generated clients) has no such groups
    published = re.compile(PUBLISHED_PATTERN)
    spellings = ["PT15M", "P1W", "P1DT12H", "PT1H30M", "P1D", "PT90S", "P", "PT", "P1DT", "P1W2D", "P1Y", "PT1.5H"]
    for text in spellings:
        spelled = bool(DURATION.match(text)) and not text.endswith(("P", "T"))
        assert bool(published.match(text)) == spelled, text
