"""The alert rules over an in-memory repository: one open incident per dedup key, whatever sends the alert."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.alerts.service import Alert, AlertAction, handle_alert, system_principal
from incident_core.core.auth import Principal
from incident_core.incidents.models import StatusChange
from incident_core.incidents.service import change_status, delete_incident
from incident_core.incidents.vocabulary import Severity
from tests.support.fakes.alerts import RacingIncidentRepository

ORG = "acme"
KEY = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx"
CLOUDWATCH = system_principal(ORG, "cloudwatch")
PERSON = Principal(sub="alice", org_id=ORG, permissions=frozenset({"incidents:read", "incidents:write"}))


@pytest.fixture
def repository() -> RacingIncidentRepository:
    return RacingIncidentRepository()


def alert(action: AlertAction = "trigger", *, key: str = KEY, at: str = "2026-11-23T02:00:00.000Z") -> Alert:
    return Alert(
        action=action,
        dedup_key=key,
        title="api-5xx is in ALARM",
        description="Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).",
        severity=Severity.CRITICAL,
        source="cloudwatch",
        affected_systems=("api-gateway",),
        raw_data={"metric": "5XXError"},
        occurred_at=at,
        note="Threshold Crossed",
    )


def send(repository: RacingIncidentRepository, sent: Alert, *, auto_resolve: bool = True) -> tuple[str, str | None]:
    outcome = handle_alert(sent, principal=CLOUDWATCH, auto_resolve=auto_resolve, repository=repository)
    assert outcome.dedup_key == sent.dedup_key
    return outcome.result, outcome.incident_id


def stored(repository: RacingIncidentRepository, incident_id: str | None) -> dict[str, Any]:
    assert incident_id is not None
    return repository.incidents[(ORG, incident_id)]


def event_names(repository: RacingIncidentRepository, incident_id: str | None) -> list[str]:
    return [event.name for event in repository.events if event.subject_id == incident_id]


def test_first_trigger_opens_an_incident_holding_the_key(repository: RacingIncidentRepository) -> None:
    result, incident_id = send(repository, alert())
    assert result == "opened"
    incident = stored(repository, incident_id)
    assert (incident["status"], incident["severity"], incident["source"]) == ("open", "critical", "cloudwatch")
    assert incident["dedup_key"] == KEY and incident["created_by"] == "integration:cloudwatch"
    assert incident["alert_count"] == 1 and incident["last_alert_at"] == "2026-11-23T02:00:00.000Z"
    assert incident["affected_systems"] == ["api-gateway"] and incident["raw_data"] == {"metric": "5XXError"}
    assert repository.dedup == {(ORG, KEY): incident_id}
    assert event_names(repository, incident_id) == ["incident.created"]


def test_a_short_description_is_padded_to_fit_the_incident(repository: RacingIncidentRepository) -> None:
    terse = Alert(
        action="trigger", dedup_key=KEY, title="api-5xx", description="5xx", severity=Severity.LOW, source="x"
    )
    _, incident_id = send(repository, terse)
    assert stored(repository, incident_id)["description"] == "5xx (no further details)"


def test_repeat_triggers_count_on_the_open_incident(repository: RacingIncidentRepository) -> None:
    _, first = send(repository, alert())
    for count, minute in ((2, "05"), (3, "10")):
        result, incident_id = send(repository, alert(at=f"2026-11-23T02:{minute}:00.000Z"))
        assert (result, incident_id) == ("counted", first)
        incident = stored(repository, first)
        assert incident["alert_count"] == count and incident["last_alert_at"] == f"2026-11-23T02:{minute}:00.000Z"
    assert len(repository.incidents) == 1
    received = [event for event in repository.events if event.name == "incident.alert_received"]
    assert [event.changes["alert_count"] for event in received if event.changes] == [2, 3]


def test_two_first_alerts_at_once_open_one_incident(repository: RacingIncidentRepository) -> None:
    # The other alert of the key opens its incident after this one found no owner, before its claim.
    rival: list[tuple[str, str | None]] = []
    repository.before_next_claim = lambda: rival.append(send(repository, alert()))
    result, incident_id = send(repository, alert())
    [(rival_result, winner)] = rival
    assert rival_result == "opened"
    assert repository.claims_lost == 1
    assert (result, incident_id) == ("counted", winner)
    assert len(repository.incidents) == 1 and stored(repository, winner)["alert_count"] == 2
    assert event_names(repository, winner) == ["incident.created", "incident.alert_received"]


def test_acknowledge_moves_the_open_incident_once(repository: RacingIncidentRepository) -> None:
    _, incident_id = send(repository, alert())
    assert send(repository, alert("acknowledge")) == ("acknowledged", incident_id)
    incident = stored(repository, incident_id)
    assert incident["status"] == "acknowledged" and incident["acknowledged_at"]
    assert send(repository, alert("acknowledge")) == ("noted", incident_id)  # already acknowledged
    assert event_names(repository, incident_id)[-1] == "incident.alert_noted"
    assert repository.dedup == {(ORG, KEY): incident_id}  # acknowledged is still open


def test_resolve_resolves_and_frees_the_key(repository: RacingIncidentRepository) -> None:
    _, first = send(repository, alert())
    assert send(repository, alert("resolve")) == ("resolved", first)
    incident = stored(repository, first)
    assert incident["status"] == "resolved" and incident["resolution"] == "alarm returned to OK"
    assert repository.dedup == {}
    result, second = send(repository, alert())
    assert result == "opened" and second != first
    assert repository.dedup == {(ORG, KEY): second}


def test_resolve_or_acknowledge_without_an_open_incident_is_ignored(repository: RacingIncidentRepository) -> None:
    actions: tuple[AlertAction, ...] = ("resolve", "acknowledge", "note")
    for action in actions:
        assert send(repository, alert(action)) == ("ignored", None)
    assert repository.incidents == {} and repository.events == []


def test_a_stale_key_left_by_a_person_resolving_is_freed(repository: RacingIncidentRepository) -> None:
    _, first = send(repository, alert())
    assert first is not None
    change_status(principal=PERSON, incident_id=first, change=StatusChange(status="resolved"), repository=repository)
    assert repository.dedup == {(ORG, KEY): first}  # the dedup item outlives the incident's open state
    assert send(repository, alert("resolve")) == ("ignored", None)
    assert repository.dedup == {}
    result, second = send(repository, alert())
    assert result == "opened" and second != first
    assert stored(repository, first)["status"] == "resolved"  # the person's resolution stays


def test_a_stale_key_left_by_a_deleted_incident_is_freed(repository: RacingIncidentRepository) -> None:
    _, first = send(repository, alert())
    assert first is not None
    delete_incident(principal=PERSON, incident_id=first, repository=repository)
    result, second = send(repository, alert())
    assert result == "opened" and second != first


def test_note_records_on_the_timeline_only(repository: RacingIncidentRepository) -> None:
    # INSUFFICIENT_DATA: the alarm can not tell; the incident stays as it is.
    _, incident_id = send(repository, alert())
    assert send(repository, alert("note")) == ("noted", incident_id)
    incident = stored(repository, incident_id)
    assert incident["status"] == "open" and incident["alert_count"] == 1 and incident["version"] == 2
    [noted] = [event for event in repository.events if event.name == "incident.alert_noted"]
    assert noted.changes == {"alert": {"action": "note", "note": "Threshold Crossed", "at": "2026-11-23T02:00:00.000Z"}}
    assert repository.dedup == {(ORG, KEY): incident_id}


def test_without_auto_resolve_a_resolve_is_only_recorded(repository: RacingIncidentRepository) -> None:
    _, incident_id = send(repository, alert())
    assert send(repository, alert("resolve"), auto_resolve=False) == ("noted", incident_id)
    incident = stored(repository, incident_id)
    assert incident["status"] == "open" and incident.get("resolved_at") is None
    assert event_names(repository, incident_id)[-1] == "incident.alert_cleared"
    assert repository.dedup == {(ORG, KEY): incident_id}  # the key still holds it: the next alert counts
    assert send(repository, alert()) == ("counted", incident_id)


def test_keys_are_per_org(repository: RacingIncidentRepository) -> None:
    _, ours = send(repository, alert())
    other = handle_alert(alert(), principal=system_principal("globex", "cloudwatch"), repository=repository)
    assert other.result == "opened" and other.incident_id != ours
