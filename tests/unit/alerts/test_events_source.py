"""POST /events: PagerDuty Events v2 bodies (and Datadog's template values) turned into alerts."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.alerts.models import InboundEvent
from incident_core.alerts.sources.pagerduty import alert_from_inbound_event
from incident_core.incidents.vocabulary import Severity
from tests.unit.alerts.helpers import as_incident

PD_TRIGGER: dict[str, Any] = {
    "routing_key": "R0UT1NGKEY00000000000000000000AB",
    "event_action": "trigger",
    "dedup_key": "srv01/mysql-replication-lag",
    "payload": {
        "summary": "DISK at 99% on machine prod-datapipe03.example.com",
        "timestamp": "2026-11-23T14:42:06.000+02:00",
        "severity": "critical",
        "source": "Prod-Datapipe03.example.com",
        "component": "mysql",
        "group": "prod-datapipe",
        "class": "disk",
        "custom_details": {"free space": "1%", "ping time": "1500ms", "load avg": 0.75},
    },
    "links": [{"href": "https://dash.example.com/datapipe", "text": "Dashboard"}],
    "images": [{"src": "https://chart.example.com/disk.png", "href": "https://chart.example.com", "alt": "Disk"}],
    "client": "Sample Monitoring Service",
    "client_url": "https://monitoring.example.com",
}


def test_pagerduty_trigger_becomes_an_alert() -> None:
    alert = alert_from_inbound_event(InboundEvent.model_validate(PD_TRIGGER))
    assert alert.action == "trigger" and alert.dedup_key == "srv01/mysql-replication-lag"
    assert alert.title == "DISK at 99% on machine prod-datapipe03.example.com"
    assert alert.description.startswith(alert.title)
    for line in ("Component: mysql", "Group: prod-datapipe", "Class: disk", "Source: Prod-Datapipe03.example.com"):
        assert line in alert.description
    assert alert.severity is Severity.CRITICAL
    assert (alert.source, alert.incident_type) == ("prod-datapipe03.example.com", "alert")
    assert alert.affected_systems == ("mysql", "Prod-Datapipe03.example.com")
    assert alert.occurred_at == "2026-11-23T12:42:06.000Z"
    raw = alert.raw_data
    assert raw["custom_details"] == {"free space": "1%", "ping time": "1500ms", "load avg": 0.75}
    assert raw["links"] == PD_TRIGGER["links"] and raw["images"] == PD_TRIGGER["images"]
    assert (raw["class"], raw["group"], raw["component"]) == ("disk", "prod-datapipe", "mysql")
    assert raw["source"] == "Prod-Datapipe03.example.com" and raw["severity"] == "critical"
    assert "routing_key" not in raw  # ignored
    as_incident(alert)


@pytest.mark.parametrize(
    ("given", "severity"),
    [("critical", Severity.CRITICAL), ("ERROR", Severity.HIGH), ("Warning", Severity.MEDIUM), (" info ", Severity.LOW)],
)
def test_pagerduty_severities(given: str, severity: Severity) -> None:
    body = copy.deepcopy(PD_TRIGGER)
    body["payload"]["severity"] = given
    assert alert_from_inbound_event(InboundEvent.model_validate(body)).severity is severity


@pytest.mark.parametrize(
    ("given", "action"), [("TRIGGER", "trigger"), ("Acknowledge", "acknowledge"), ("resolve", "resolve")]
)
def test_pagerduty_actions_in_any_case(given: str, action: str) -> None:
    event = InboundEvent.model_validate({**PD_TRIGGER, "event_action": given})
    assert event.event_action == action
    assert alert_from_inbound_event(event).action == action


def test_acknowledge_and_resolve_need_only_the_key() -> None:
    for action in ("acknowledge", "resolve"):
        alert = alert_from_inbound_event(InboundEvent.model_validate({"event_action": action, "dedup_key": "k-1"}))
        assert alert.action == action and alert.dedup_key == "k-1"
        as_incident(alert)


def test_trigger_without_dedup_key_gets_a_random_one() -> None:
    body = {key: value for key, value in PD_TRIGGER.items() if key != "dedup_key"}
    first, second = InboundEvent.model_validate(body), InboundEvent.model_validate({**body, "dedup_key": " "})
    assert first.dedup_key and re.fullmatch(r"[0-9a-f]{32}", first.dedup_key)
    assert second.dedup_key and first.dedup_key != second.dedup_key
    assert alert_from_inbound_event(first).dedup_key == first.dedup_key


def errors_of(body: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        InboundEvent.model_validate(body)
    return [(".".join(str(part) for part in error["loc"]), error["msg"]) for error in caught.value.errors()]


def test_trigger_without_payload_is_refused() -> None:
    assert errors_of({"event_action": "trigger", "dedup_key": "k"}) == [
        ("payload", "payload is required when event_action is trigger")
    ]


def test_acknowledge_without_dedup_key_is_refused() -> None:
    assert errors_of({"event_action": "acknowledge"}) == [
        ("dedup_key", "dedup_key is required when event_action is acknowledge")
    ]


@pytest.mark.parametrize(
    ("change", "location", "message"),
    [
        ({"event_action": "escalate"}, "event_action", "event_action must be one of: trigger, acknowledge, resolve"),
        ({"event_type": "trigger"}, "event_type", "Extra inputs are not permitted"),
        ({"payload": {**PD_TRIGGER["payload"], "severity": "high"}}, "payload.severity", "critical, error, warning"),
        ({"payload": {**PD_TRIGGER["payload"], "summary": ""}}, "payload.summary", "at least 1 character"),
        ({"payload": {**PD_TRIGGER["payload"], "summary": "s" * 1025}}, "payload.summary", "at most 1024"),
        ({"payload": {**PD_TRIGGER["payload"], "details": {}}}, "payload.details", "Extra inputs are not permitted"),
        ({"payload": {**PD_TRIGGER["payload"], "timestamp": "yesterday"}}, "payload.timestamp", "ISO 8601"),
        ({"dedup_key": "k" * 256}, "dedup_key", "at most 255"),
    ],
    ids=["action", "unknown-field", "severity", "empty-summary", "long-summary", "payload-extra", "timestamp", "key"],
)
def test_invalid_events_are_refused(change: dict[str, Any], location: str, message: str) -> None:
    [(where, text)] = errors_of({**PD_TRIGGER, **change})
    assert where == location and message in text


def test_long_summary_and_source_fit_the_incident() -> None:
    body = copy.deepcopy(PD_TRIGGER)
    body["payload"]["summary"] = "s" * 1024
    body["payload"]["source"] = "Host-" + "x" * 200
    alert = alert_from_inbound_event(InboundEvent.model_validate(body))
    assert len(alert.title) == 255 and len(alert.source) == 64 and alert.source.startswith("host-")
    as_incident(alert)


def test_custom_details_that_are_not_an_object_are_wrapped() -> None:
    body = copy.deepcopy(PD_TRIGGER)
    body["payload"]["custom_details"] = "free text from the tool"
    alert = alert_from_inbound_event(InboundEvent.model_validate(body))
    assert alert.raw_data["custom_details"] == {"details": "free text from the tool"}


@pytest.mark.parametrize(
    ("transition", "priority", "action", "severity"),
    [
        ("Triggered", "P1", "trigger", "critical"),
        ("Recovered", "P3", "resolve", "medium"),
        ("Re-Triggered", "", "trigger", "medium"),
    ],
)
def test_datadog_template_values_are_accepted(transition: str, priority: str, action: str, severity: str) -> None:
    event = InboundEvent.model_validate(
        {
            "event_action": transition,
            "dedup_key": "dd-cycle-1",
            "payload": {"summary": "CPU high on web-1", "source": "datadog", "severity": priority},
        }
    )
    alert = alert_from_inbound_event(event)
    assert alert.action == action and alert.severity.value == severity
