"""Alert rules against moto: one incident per dedup key, counting, resolving, and the race."""

from __future__ import annotations

import pytest

from incident_core.alerts import service as alerts_module
from incident_core.alerts.service import Alert, handle_alert, system_principal
from incident_core.incidents.vocabulary import Severity
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import stored_events
from tests.support.gateway import InProcessGateway

ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx [P1]"


def alert(action: str = "trigger", key: str = ARN) -> Alert:
    return Alert(
        action=action,  # type: ignore[arg-type]
        dedup_key=key,
        title="api-5xx is in ALARM",
        description="Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).",
        severity=Severity.CRITICAL,
        source="cloudwatch",
        affected_systems=("api-gateway",),
        raw_data={"metric": "5XXError"},
        occurred_at="2026-11-23T02:00:00.000Z",
        note="Threshold Crossed",
    )


def incidents_of_key(gateway: InProcessGateway, token: str, key: str = ARN) -> list[dict[str, object]]:
    answer = gateway.request("GET", "/incidents", token=token, query={"dedup_key": key}).json()
    items: list[dict[str, object]] = answer["data"]
    return items


def test_repeat_alarms_count_on_one_incident_then_ok_resolves(gateway: InProcessGateway, token: TokenFactory) -> None:
    principal = system_principal("acme", "cloudwatch")
    first = handle_alert(alert(), principal=principal)
    assert first.result == "opened"
    for _ in range(5):
        assert handle_alert(alert(), principal=principal).result == "counted"
    [incident] = incidents_of_key(gateway, token())
    assert incident["alert_count"] == 6 and incident["source"] == "cloudwatch" and incident["severity"] == "critical"
    assert incident["created_by"] == "integration:cloudwatch"

    assert handle_alert(alert("note"), principal=principal).result == "noted"
    resolved = handle_alert(alert("resolve"), principal=principal)
    assert resolved.result == "resolved" and resolved.incident_id == first.incident_id
    fetched = gateway.request("GET", f"/incidents/{first.incident_id}", token=token()).json()["data"]
    assert fetched["status"] == "resolved" and fetched["resolution"] == "alarm returned to OK"

    again = handle_alert(alert(), principal=principal)
    assert again.result == "opened" and again.incident_id != first.incident_id
    names = [event["event"] for event in stored_events("acme", str(first.incident_id))]
    assert names.count("incident.alert_received") == 5
    assert "incident.alert_noted" in names and "incident.resolved" in names


def test_two_first_alarms_at_once_open_one_incident(
    gateway: InProcessGateway, token: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # moto's transactions are not safe across threads (a failed one restores a snapshot of the
    # table, undoing a concurrent write), so the race is made deterministic here: the second
    # alarm looks for an open incident before the first has opened one, then loses the
    # conditional write on the dedup item. The threaded race runs in e2e against MiniStack.
    principal = system_principal("acme", "cloudwatch")
    real_lookup = alerts_module._open_incident
    looked: list[bool] = []

    def lookup_before_the_first_alarm_wrote(*args: object, **kwargs: object) -> dict[str, object] | None:
        if not looked:
            looked.append(True)
            assert handle_alert(alert(), principal=principal).result == "opened"  # the first alarm, meanwhile
            return None
        return real_lookup(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(alerts_module, "_open_incident", lookup_before_the_first_alarm_wrote)
    assert handle_alert(alert(), principal=principal).result == "counted"
    [incident] = incidents_of_key(gateway, token())
    assert incident["alert_count"] == 2


def test_resolved_by_a_person_frees_the_key(gateway: InProcessGateway, token: TokenFactory) -> None:
    principal = system_principal("acme", "cloudwatch")
    first = handle_alert(alert(), principal=principal)
    gateway.request("PUT", f"/incidents/{first.incident_id}/status", json_body={"status": "resolved"}, token=token())
    second = handle_alert(alert(), principal=principal)
    assert second.result == "opened" and second.incident_id != first.incident_id


def test_resolve_without_auto_resolve_only_notes(gateway: InProcessGateway, token: TokenFactory) -> None:
    principal = system_principal("acme", "cloudwatch")
    first = handle_alert(alert(), principal=principal)
    assert handle_alert(alert("resolve"), principal=principal, auto_resolve=False).result == "noted"
    fetched = gateway.request("GET", f"/incidents/{first.incident_id}", token=token()).json()["data"]
    assert fetched["status"] == "open"


def test_resolve_or_acknowledge_without_an_open_incident_is_ignored(gateway: InProcessGateway) -> None:
    principal = system_principal("acme", "cloudwatch")
    assert handle_alert(alert("resolve"), principal=principal).result == "ignored"
    assert handle_alert(alert("acknowledge"), principal=principal).result == "ignored"


def test_keys_are_per_org(gateway: InProcessGateway, token: TokenFactory) -> None:
    handle_alert(alert(), principal=system_principal("acme", "cloudwatch"))
    other = handle_alert(alert(), principal=system_principal("globex", "cloudwatch"))
    assert other.result == "opened"
    assert len(incidents_of_key(gateway, token(org="globex"))) == 1
