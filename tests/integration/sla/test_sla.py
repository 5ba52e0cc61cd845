"""SLA policies over the in-process API, and the scanner against moto: deadlines written with the
incident, met, moved and restarted by its changes; breaches recorded once, acted on, listed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from incident_core.core import aws as layer_aws
from incident_core.incidents import service
from incident_core.sla.scanner import scan
from tests.integration.conftest import RATE_LIMIT_TABLE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway

POLICY: dict[str, Any] = {
    "severities": {
        "critical": {"acknowledge_within": "PT4M", "resolve_within": "PT1H"},
        "high": {
            "acknowledge_within": "PT20M",
            "resolve_within": "PT4H",
            "on_breach": ["notify", "escalate_severity", "reassign_team"],
            "reassign_team": "sre-oncall",
        },
    }
}


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)

    def at(self, text: str) -> datetime:
        self.moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    controlled = Clock()
    monkeypatch.setattr(service, "utc_now", lambda: controlled.moment)
    return controlled


@pytest.fixture
def dynamodb_calls(aws: None) -> Iterator[list[str]]:
    calls: list[str] = []

    def record(**event: Any) -> None:
        if event["params"].get("TableName") != RATE_LIMIT_TABLE:
            calls.append(event["model"].name)

    layer_aws.session().register("provide-client-params.dynamodb", record)
    yield calls
    layer_aws.session().unregister("provide-client-params.dynamodb", record)


def put_policy(gateway: InProcessGateway, token: str, policy: dict[str, Any] = POLICY) -> dict[str, Any]:
    response = gateway.request("PUT", "/sla-policy", json_body=policy, token=token)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def get(gateway: InProcessGateway, token: str, incident_id: str) -> dict[str, Any]:
    response = gateway.request("GET", f"/incidents/{incident_id}", token=token)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def listed(gateway: InProcessGateway, token: str, sla: str) -> list[str]:
    response = gateway.request("GET", "/incidents", token=token, query={"sla": sla})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


def move(gateway: InProcessGateway, token: str, incident_id: str, status: str, **body: Any) -> dict[str, Any]:
    body["status"] = status
    response = gateway.request("PUT", f"/incidents/{incident_id}/status", json_body=body, token=token)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def breach_events(org_id: str, incident_id: str) -> list[dict[str, Any]]:
    return [event for event in stored_events(org_id, incident_id) if event["event"] == "incident.sla_breached"]


def test_the_policy_is_answered_replaced_and_validated(gateway: InProcessGateway, token: TokenFactory) -> None:
    admin, responder = token(), token(sub="rory", roles=["responder"])
    empty = gateway.request("GET", "/sla-policy", token=responder)
    assert empty.status_code == 200, empty.text
    assert empty.json()["data"] == {
        "org_id": "acme",
        "severities": {},
        "version": 0,
        "updated_at": None,
        "updated_by": None,
    }
    stored = put_policy(gateway, admin)
    assert (stored["version"], stored["updated_by"]) == (1, "alice")
    assert stored["severities"]["critical"] == {
        "acknowledge_within": "PT4M",
        "resolve_within": "PT1H",
        "on_breach": ["notify"],
    }
    assert gateway.request("GET", "/sla-policy", token=responder).json()["data"] == stored
    refused = gateway.request("PUT", "/sla-policy", json_body=POLICY, token=responder)
    assert refused.status_code == 403, refused.text
    bad = gateway.request(
        "PUT", "/sla-policy", json_body={"severities": {"high": {"acknowledge_within": "P1M"}}}, token=admin
    )
    assert bad.status_code == 400, bad.text
    assert bad.json()["error"]["code"] == "VALIDATION_ERROR"
    assert put_policy(gateway, admin, {"severities": {}})["version"] == 2


def test_create_writes_the_deadlines_within_two_calls(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock, dynamodb_calls: list[str]
) -> None:
    admin = token()
    put_policy(gateway, admin)
    new_incident(gateway, admin, severity="low")  # warm: the policy is read once per container and org
    dynamodb_calls.clear()
    clock.at("2026-11-30T10:00:00")
    created = new_incident(gateway, admin, severity="critical")
    assert dynamodb_calls == ["UpdateItem", "TransactWriteItems"]  # the number, the incident: no policy read
    assert created["sla"] == {
        "acknowledge_by": "2026-11-30T10:04:00.000Z",
        "resolve_by": "2026-11-30T11:00:00.000Z",
        "breached": [],
        "state": "on_track",
    }
    assert get(gateway, admin, created["id"])["sla"] == created["sla"]


def test_acknowledging_meets_and_a_severity_change_moves_the_deadlines(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock
) -> None:
    admin = token()
    put_policy(gateway, admin)
    clock.at("2026-11-30T10:00:00")
    incident = new_incident(gateway, admin, severity="high")
    assert incident["sla"]["acknowledge_by"] == "2026-11-30T10:20:00.000Z"
    clock.at("2026-11-30T10:01:00")
    raised = gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={"severity": "critical"}, token=admin)
    assert raised.json()["data"]["sla"]["acknowledge_by"] == "2026-11-30T10:04:00.000Z"
    clock.at("2026-11-30T10:02:00")
    acknowledged = move(gateway, admin, incident["id"], "acknowledged")
    assert acknowledged["sla"]["state"] == "on_track"
    report = scan(now=clock.at("2026-11-30T10:10:00"))
    assert report.breached == 0
    assert breach_events("acme", incident["id"]) == []
    clock.at("2026-11-30T10:20:00")
    resolved = move(gateway, admin, incident["id"], "resolved", classification="true_positive")
    assert resolved["sla"]["state"] == "met"


def test_the_scanner_marks_at_risk_then_breaches_once_and_applies_the_policy(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock
) -> None:
    admin = token()
    put_policy(gateway, admin)
    clock.at("2026-11-30T10:00:00")
    incident = new_incident(gateway, admin, severity="high")
    calm = new_incident(gateway, admin, severity="high")
    move(gateway, admin, calm["id"], "acknowledged")

    assert scan(now=clock.at("2026-11-30T10:16:00")).refreshed == 1  # the last quarter of 20 minutes
    assert get(gateway, admin, incident["id"])["sla"]["state"] == "at_risk"
    assert listed(gateway, admin, "at_risk") == [incident["id"]]

    report = scan(now=clock.at("2026-11-30T10:20:30"))
    assert report.breached == 1
    breached = get(gateway, admin, incident["id"])
    assert breached["severity"] == "critical"  # escalated one step
    assert breached["assigned_team"] == "sre-oncall"
    assert breached["sla"]["state"] == "breached"
    assert breached["sla"]["breached"] == [
        {
            "deadline": "acknowledge",
            "due": "2026-11-30T10:20:00.000Z",
            "breached_at": "2026-11-30T10:20:30.000Z",
            "severity": "high",
        }
    ]
    # Its deadlines moved with the severity: critical resolves within the hour from creation.
    assert breached["sla"]["resolve_by"] == "2026-11-30T11:00:00.000Z"
    assert listed(gateway, admin, "breached") == [incident["id"]]
    assert listed(gateway, admin, "at_risk") == []

    assert scan(now=clock.at("2026-11-30T10:21:00")).breached == 0  # a re-run never breaches again
    events = breach_events("acme", incident["id"])
    assert len(events) == 1
    assert json.loads(events[0]["data_json"])["severity"] == "critical"
    assert json.loads(events[0]["changes_json"])["sla_breach"]["new"]["deadline"] == "acknowledge"
    names = [event["event"] for event in stored_events("acme", incident["id"])]
    assert names[-3:] == ["incident.sla_breached", "incident.updated", "incident.assigned"]
    assert get(gateway, admin, calm["id"])["sla"]["breached"] == []


def test_a_reopen_restarts_the_deadlines(gateway: InProcessGateway, token: TokenFactory, clock: Clock) -> None:
    admin = token()
    put_policy(gateway, admin)
    clock.at("2026-11-30T10:00:00")
    incident = new_incident(gateway, admin, severity="critical")
    scan(now=clock.at("2026-11-30T10:05:00"))
    assert get(gateway, admin, incident["id"])["sla"]["state"] == "breached"
    clock.at("2026-11-30T10:30:00")
    move(gateway, admin, incident["id"], "resolved", classification="true_positive")
    clock.at("2026-11-30T12:00:00")
    reopened = move(gateway, admin, incident["id"], "investigating")
    assert reopened["sla"] == {
        "acknowledge_by": "2026-11-30T12:04:00.000Z",
        "resolve_by": "2026-11-30T13:00:00.000Z",
        "breached": [],
        "state": "on_track",
    }


def test_another_orgs_policy_never_applies(gateway: InProcessGateway, token: TokenFactory, clock: Clock) -> None:
    acme, globex = token(), token(org="globex", sub="gus")
    put_policy(gateway, acme)
    clock.at("2026-11-30T10:00:00")
    theirs = new_incident(gateway, globex, severity="critical")
    assert theirs["sla"] is None
    assert gateway.request("GET", "/sla-policy", token=globex).json()["data"]["severities"] == {}
    ours = new_incident(gateway, acme, severity="critical")
    scan(now=clock.at("2026-11-30T10:10:00"))
    assert get(gateway, globex, theirs["id"])["sla"] is None
    assert breach_events("globex", theirs["id"]) == []
    assert listed(gateway, globex, "breached") == []
    assert listed(gateway, acme, "breached") == [ours["id"]]


def test_a_bad_sla_filter_is_a_400(gateway: InProcessGateway, token: TokenFactory) -> None:
    response = gateway.request("GET", "/incidents", token=token(), query={"sla": "late"})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["details"][0]["field"] == "sla"


def test_a_reporter_lists_only_its_own_breached_incidents(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock
) -> None:
    admin, reporter = token(), token(sub="rita", roles=["reporter"])
    put_policy(gateway, admin)
    clock.at("2026-11-30T10:00:00")
    mine = new_incident(gateway, reporter, severity="critical")
    new_incident(gateway, admin, severity="critical")
    new_incident(gateway, reporter, severity="low")  # no deadline: never breached
    scan(now=clock.at("2026-11-30T10:05:00"))
    assert len(listed(gateway, admin, "breached")) == 2
    assert listed(gateway, reporter, "breached") == [mine["id"]]


def test_a_deadline_moved_into_the_past_is_breached_by_the_next_run(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock
) -> None:
    admin = token()
    put_policy(gateway, admin)
    clock.at("2026-11-30T10:00:00")
    incident = new_incident(gateway, admin, severity="high")
    assert scan(now=clock.at("2026-11-30T10:05:00")).breached == 0  # its checkpoint is now 10:05
    clock.at("2026-11-30T10:10:00")
    raised = gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={"severity": "critical"}, token=admin)
    assert raised.json()["data"]["sla"]["acknowledge_by"] == "2026-11-30T10:04:00.000Z"  # already past
    assert scan(now=clock.at("2026-11-30T10:10:30")).breached == 1
    assert [entry["severity"] for entry in get(gateway, admin, incident["id"])["sla"]["breached"]] == ["critical"]
