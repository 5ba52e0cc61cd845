"""POST /integrations/alertmanager: Prometheus Alertmanager and Grafana webhooks turned into alerts."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.alerts.models import AlertmanagerWebhook
from incident_core.alerts.sources.alertmanager import alerts_from_alertmanager
from incident_core.incidents.vocabulary import Severity
from tests.unit.alerts.helpers import as_incident

ALERTMANAGER_GROUP: dict[str, Any] = {
    "version": "4",
    "groupKey": '{}:{alertname="HighErrorRate"}',
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "incident-api",
    "groupLabels": {"alertname": "HighErrorRate"},
    "commonLabels": {"alertname": "HighErrorRate", "job": "checkout-api"},
    "commonAnnotations": {"runbook_url": "https://wiki.example.com/runbooks/high-error-rate"},
    "externalURL": "http://alertmanager.example.com:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "HighErrorRate",
                "instance": "checkout-1:8080",
                "job": "checkout-api",
                "severity": "page",
            },
            "annotations": {
                "summary": "High 5xx rate on checkout-1",
                "description": "checkout-1 answers 12% of requests with 5xx for 5 minutes.",
            },
            "startsAt": "2026-11-23T08:00:00.123456789Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=rate",
            "fingerprint": "c6eadffa33fcdf37",
        },
        {
            "status": "resolved",
            "labels": {"alertname": "HighErrorRate", "instance": "checkout-2:8080", "job": "checkout-api"},
            "annotations": {},
            "startsAt": "2026-11-23T07:40:00Z",
            "endsAt": "2026-11-23T08:05:00.5+01:00",
            "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=rate",
            "fingerprint": "bc97ff14869b13e3",
        },
    ],
}

GRAFANA_HOOK: dict[str, Any] = {
    "receiver": "incident-api",
    "status": "firing",
    "orgId": 1,
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1", "severity": "warning"},
            "annotations": {
                "description": "The system has high memory usage",
                "runbook_url": "https://myrunbook.com/runbook/1234",
                "summary": "This alert was triggered for zone us-1",
            },
            "startsAt": "2026-10-12T09:51:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://grafana.example.com/alerting/1afz29v7z/edit",
            "fingerprint": "c6eadffa33fcdf37",
            "silenceURL": "https://grafana.example.com/alerting/silence/new?matchers=alertname%3DHigh+memory+usage",
            "dashboardURL": "https://grafana.example.com/d/mem",
            "panelURL": "https://grafana.example.com/d/mem?viewPanel=2",
            "imageURL": "https://grafana.example.com/render/mem.png",
            "values": {"B": 44.23943737541908, "C": 1},
            "valueString": "[ var='B' labels={zone=us-1} value=44.23943737541908 ]",
        }
    ],
    "groupLabels": {"alertname": "High memory usage"},
    "commonLabels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
    "commonAnnotations": {},
    "externalURL": "https://grafana.example.com/",
    "version": "1",
    "groupKey": '{}:{alertname="High memory usage"}',
    "truncatedAlerts": 0,
    "title": "[FIRING:1] High memory usage (blue us-1)",
    "state": "alerting",
    "message": "**Firing**\n\nValue: B=44.2",
}


def test_alertmanager_group_fires_and_resolves_by_fingerprint() -> None:
    firing, resolved = alerts_from_alertmanager(AlertmanagerWebhook.model_validate(ALERTMANAGER_GROUP))
    assert (firing.action, firing.dedup_key) == ("trigger", "alertmanager:c6eadffa33fcdf37")
    assert (resolved.action, resolved.dedup_key) == ("resolve", "alertmanager:bc97ff14869b13e3")
    assert firing.title == "High 5xx rate on checkout-1" and resolved.title == "HighErrorRate"
    assert firing.description.startswith("checkout-1 answers 12% of requests")
    assert "Labels: alertname=HighErrorRate, instance=checkout-1:8080, job=checkout-api, severity=page" in (
        firing.description
    )
    assert "Runbook: https://wiki.example.com/runbooks/high-error-rate" in firing.description
    assert firing.severity is Severity.CRITICAL and resolved.severity is Severity.MEDIUM  # page; no label
    assert {firing.source, resolved.source, firing.incident_type} == {"alertmanager", "alert"}
    assert firing.affected_systems == ("checkout-1:8080", "checkout-api")
    assert firing.occurred_at == "2026-11-23T08:00:00.123Z" and resolved.occurred_at == "2026-11-23T07:05:00.500Z"
    raw = firing.raw_data
    assert raw["labels"]["instance"] == "checkout-1:8080" and raw["annotations"]["summary"]
    assert raw["startsAt"] == "2026-11-23T08:00:00.123456789Z" and raw["endsAt"] == "0001-01-01T00:00:00Z"
    assert raw["generatorURL"].startswith("http://prometheus") and raw["fingerprint"] == "c6eadffa33fcdf37"
    assert "silenceURL" not in raw
    assert resolved.resolution == "resolved in Alertmanager"
    for alert in (firing, resolved):
        as_incident(alert)


@pytest.mark.parametrize(
    ("label", "severity"),
    [
        ("critical", Severity.CRITICAL),
        ("page", Severity.CRITICAL),
        ("error", Severity.HIGH),
        ("High", Severity.HIGH),
        ("major", Severity.HIGH),
        ("warning", Severity.MEDIUM),
        ("medium", Severity.MEDIUM),
        ("minor", Severity.MEDIUM),
        ("info", Severity.LOW),
        ("low", Severity.LOW),
        ("none", Severity.LOW),
        ("whatever", Severity.MEDIUM),
    ],
)
def test_alertmanager_severity_label(label: str, severity: Severity) -> None:
    body = copy.deepcopy(ALERTMANAGER_GROUP)
    body["alerts"][0]["labels"]["severity"] = label
    assert alerts_from_alertmanager(AlertmanagerWebhook.model_validate(body))[0].severity is severity


def test_missing_fingerprint_hashes_the_labels() -> None:
    body = copy.deepcopy(ALERTMANAGER_GROUP)
    del body["alerts"][0]["fingerprint"]
    first = alerts_from_alertmanager(AlertmanagerWebhook.model_validate(body))[0].dedup_key
    body["alerts"][0]["labels"] = dict(reversed(list(body["alerts"][0]["labels"].items())))
    again = alerts_from_alertmanager(AlertmanagerWebhook.model_validate(body))[0].dedup_key
    assert first == again and re.fullmatch(r"alertmanager:[0-9a-f]{16}", first)
    body["alerts"][0]["labels"]["instance"] = "checkout-9:8080"
    assert alerts_from_alertmanager(AlertmanagerWebhook.model_validate(body))[0].dedup_key != first


def test_grafana_payload_keeps_its_links() -> None:
    hook = AlertmanagerWebhook.model_validate(GRAFANA_HOOK)
    assert hook.is_grafana and not AlertmanagerWebhook.model_validate(ALERTMANAGER_GROUP).is_grafana
    [alert] = alerts_from_alertmanager(hook)
    assert alert.source == "grafana" and alert.action == "trigger"
    assert alert.dedup_key == "alertmanager:c6eadffa33fcdf37"
    assert alert.title == "This alert was triggered for zone us-1" and alert.severity is Severity.MEDIUM
    raw = alert.raw_data
    grafana = GRAFANA_HOOK["alerts"][0]
    for name in ("silenceURL", "dashboardURL", "panelURL", "imageURL", "values", "valueString"):
        assert raw[name] == grafana[name], name
    assert raw["orgId"] == 1 and raw["integration"] == "grafana"
    assert "Values: [ var='B'" in alert.description
    assert alert.occurred_at == "2026-10-12T07:51:03.157Z"
    assert alert.resolution == "resolved in Grafana"
    as_incident(alert)


def test_grafana_with_empty_links_is_still_grafana() -> None:
    body = copy.deepcopy(GRAFANA_HOOK)
    for name in ("orgId", "title", "state", "message"):
        del body[name]
    body["alerts"][0] = {**body["alerts"][0], "dashboardURL": "", "panelURL": "", "imageURL": ""}
    [alert] = alerts_from_alertmanager(AlertmanagerWebhook.model_validate(body))
    assert alert.source == "grafana" and "dashboardURL" not in alert.raw_data


def test_alertmanager_ignores_unknown_fields_and_refuses_bad_alerts() -> None:
    hook = AlertmanagerWebhook.model_validate({**ALERTMANAGER_GROUP, "somethingNew": {"x": 1}})
    assert len(alerts_from_alertmanager(hook)) == 2
    with pytest.raises(ValidationError, match="status must be one of: firing, resolved"):
        AlertmanagerWebhook.model_validate({**ALERTMANAGER_GROUP, "alerts": [{"status": "pending"}]})
    with pytest.raises(ValidationError, match="at least 1 item"):
        AlertmanagerWebhook.model_validate({**ALERTMANAGER_GROUP, "alerts": []})
