"""`POST /incidents/{id}/analyze` (seed 004) through the in-process gateway, against moto."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from incident_core.incidents import service as incident_service
from incident_core.triage.engine import RulesEngine, to_dict
from incident_core.triage.observables import extract_observables
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

# Seed 004's incident as its create request would send it (List Incidents' example).
DATABASE = {
    "title": "Database connection timeout",
    "description": "Multiple database connection timeouts detected",
    "severity": "HIGH",
    "source_query": "index=app_logs error=timeout",
    "affected_systems": ["database", "api"],
    "tags": ["database", "timeout", "production"],
}
PHISHING = {
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
OUTAGE = {
    "title": "Checkout API down: health checks failing after the 14:00 deployment",
    "description": "All targets unhealthy behind the load balancer since the release.",
    "severity": "critical",
    "incident_type": "availability",
    "affected_systems": ["checkout-api"],
}
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def analyze(gateway: InProcessGateway, token: str, incident_id: str) -> Any:
    return gateway.request("POST", f"/incidents/{incident_id}/analyze", token=token)


def expected_verdict(gateway: InProcessGateway, token: str, incident_id: str) -> dict[str, Any]:
    """What the rules engine makes of the incident as the API shows it (the engine is pinned by its own tests)."""
    incident = gateway.request("GET", f"/incidents/{incident_id}", token=token).json()["data"]
    return to_dict(RulesEngine().triage(incident, extract_observables(incident)))


def test_seed_004s_incident_is_analysed_in_004s_shape(gateway: InProcessGateway, token: TokenFactory) -> None:
    analyst = token()
    incident = new_incident(gateway, analyst, **DATABASE)
    response = analyze(gateway, analyst, incident["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    expected = expected_verdict(gateway, analyst, incident["id"])
    assert data["message"] == "Analysis completed"
    assert data["analysis"] == {
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
    assert (data["incident_id"], data["incident_number"]) == (incident["id"], incident["incident_number"])
    assert (data["playbook"], data["verdict"]) == (expected["playbook"], expected["verdict"])
    assert (data["risk_basis"], data["estimate_basis"]) == ("severity high", "default for high")
    assert data["recommended_actions"] == expected["recommended_actions"]
    # Nothing is stored: the incident is as it was (no triage, no new version).
    after = gateway.request("GET", f"/incidents/{incident['id']}", token=analyst).json()["data"]
    assert (after["version"], after["status"], after["verdict"]) == (incident["version"], "open", None)


def test_similar_incidents_by_number_and_runnable_recommendations(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    analyst = token()
    earlier = new_incident(gateway, analyst, **PHISHING)
    incident = new_incident(gateway, analyst, **PHISHING)
    data = analyze(gateway, analyst, incident["id"]).json()["data"]
    analysis = data["analysis"]
    assert analysis["similar_incidents"] == [earlier["incident_number"]]
    assert analysis["root_causes"] == [
        "Credential-harvesting email delivered to users",
        "Spoofed or impersonated sender",
    ]
    assert analysis["risk_assessment"] == "CRITICAL" and data["verdict"]["classification"] == "malicious"
    assert data["recommended_actions"] == expected_verdict(gateway, analyst, incident["id"])["recommended_actions"]
    assert {"quarantine_email", "block_sender"} <= {item["action"] for item in data["recommended_actions"]}
    for action in data["recommended_actions"]:
        answer = gateway.request("POST", f"/incidents/{incident['id']}/actions", json_body=action, token=analyst)
        assert answer.status_code == 201, (action, answer.text)


def test_another_orgs_incident_is_404_and_without_the_triage_permission_403(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    incident = new_incident(gateway, token(), **DATABASE)
    outsider = analyze(gateway, token(org="globex", sub="mallory"), incident["id"])
    assert outsider.status_code == 404, outsider.text
    assert outsider.json()["error"]["code"] == "NOT_FOUND"
    reader = analyze(gateway, token(sub="bob", scopes=["incidents:read"]), incident["id"])
    assert reader.status_code == 403, reader.text
    assert reader.json()["error"]["code"] == "FORBIDDEN"
    seed_004_names = analyze(gateway, token(sub="carol", scopes=["incident:read", "incident:triage"]), incident["id"])
    assert seed_004_names.status_code == 200, seed_004_names.text


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """Sets the time the incident service stamps (`START` plus an offset)."""
    now = [START]
    monkeypatch.setattr(incident_service, "utc_now", lambda: now[0])

    def move_to(offset: timedelta) -> None:
        now[0] = START + offset

    return move_to


def resolve_after(
    gateway: InProcessGateway, token: str, clock: Callable[[timedelta], None], hours: float, **fields: Any
) -> None:
    """An incident created at START and resolved `hours` later, through the API."""
    clock(timedelta(0))
    incident = new_incident(gateway, token, **{**OUTAGE, **fields})
    clock(timedelta(hours=hours))
    path = f"/incidents/{incident['id']}/status"
    answer = gateway.request("PUT", path, json_body={"status": "resolved", "resolution": "Rolled back"}, token=token)
    assert answer.status_code == 200, answer.text


def test_the_estimate_is_the_median_time_to_resolve_of_the_orgs_own_history(
    gateway: InProcessGateway, token: TokenFactory, clock: Callable[[timedelta], None]
) -> None:
    analyst = token()
    incident = new_incident(gateway, analyst, **OUTAGE)
    first = analyze(gateway, analyst, incident["id"]).json()["data"]
    assert (first["analysis"]["estimated_resolution_time"], first["estimate_basis"]) == ("PT4H", "default for critical")

    for hours in (1, 1.5, 3):
        resolve_after(gateway, analyst, clock, hours)
    resolve_after(gateway, analyst, clock, 30, severity="low")  # another severity
    resolve_after(gateway, analyst, clock, 30, incident_type="performance")  # another type
    resolve_after(gateway, token(org="globex"), clock, 30)  # another org
    data = analyze(gateway, analyst, incident["id"]).json()["data"]
    assert (data["analysis"]["estimated_resolution_time"], data["estimate_basis"]) == ("PT1H30M", "history (n=3)")
    assert data["analysis"]["root_causes"][:2] == [
        "Service crashed or failing its health checks",
        "Faulty deployment or configuration change",
    ]
    assert data["analysis"]["risk_assessment"] == "CRITICAL"
