"""Integration keys and `POST /v2/enqueue` through the real handlers, against moto's DynamoDB.

An admin makes a key (shown once); the key sends PagerDuty Events v2 to /v2/enqueue, and events
to /events and /integrations/alertmanager (Token header, `?key=`, `routing_key`), with its
defaults on what it opens; it reads nothing; rotation stops the old key, revocation the key
(PagerDuty's 401/403); its own rate limit answers 429 in PagerDuty's shape.
"""

from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import TokenFactory
from tests.support.api_events import sample_event
from tests.support.gateway import ApiResponse, InProcessGateway

KEY = {"name": "Alertmanager (prod)", "team": "platform", "tags": ["prometheus"], "incident_type": "infrastructure"}


def make_key(gateway: InProcessGateway, admin: str, **fields: Any) -> dict[str, Any]:
    response = gateway.request("POST", "/integrations/keys", json_body={**KEY, **fields}, token=admin)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    assert response.header("Location") == f"keys/{data['key_id']}"
    return data


def trigger(dedup_key: str = "srv01/disk", **payload: Any) -> dict[str, Any]:
    return {
        "event_action": "trigger",
        "dedup_key": dedup_key,
        "payload": {"summary": "Disk /var 97% full on srv01", "source": "srv01", "severity": "critical", **payload},
        "client": "Alertmanager",
        "client_url": "http://alertmanager.example:9093",
        "links": [{"href": "http://prometheus.example:9090/graph", "text": "graph"}],
    }


def enqueue(gateway: InProcessGateway, key: str, event: dict[str, Any]) -> ApiResponse:
    return gateway.request("POST", "/v2/enqueue", json_body={"routing_key": key, **event})


def incidents_of(gateway: InProcessGateway, reader: str, **query: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = gateway.request("GET", "/incidents", token=reader, query=query).json()["data"]
    return found


def test_a_key_is_shown_once_and_managed_by_admins_of_its_org_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    admin = token()
    made = make_key(gateway, admin, default_severity="HIGH", rate_limit_per_minute=60)
    assert made["integration_key"].startswith(made["key_id"] + ".")
    assert made["status"] == "active" and made["default_severity"] == "high" and made["org_id"] == "acme"
    fetched = gateway.request("GET", f"/integrations/keys/{made['key_id']}", token=admin).json()["data"]
    listed = gateway.request("GET", "/integrations/keys", token=admin).json()
    assert "integration_key" not in fetched and "key_hash" not in fetched
    assert listed["meta"] == {"total": 1} and listed["data"] == [fetched]
    assert fetched == {key: value for key, value in made.items() if key != "integration_key"}
    other_org = token(org="globex")
    assert gateway.request("GET", f"/integrations/keys/{made['key_id']}", token=other_org).status_code == 404
    assert gateway.request("GET", "/integrations/keys", token=other_org).json()["data"] == []
    responder = token(roles=["responder"])
    refused = gateway.request("POST", "/integrations/keys", json_body=KEY, token=responder)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "FORBIDDEN"
    assert gateway.request("GET", "/integrations/keys", token=responder).status_code == 403
    invalid = gateway.request("POST", "/integrations/keys", json_body={**KEY, "rate_limit_per_minute": 0}, token=admin)
    assert invalid.status_code == 400


def test_v2_enqueue_opens_counts_acknowledges_and_resolves_with_the_keys_defaults_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    key = make_key(gateway, token())["integration_key"]
    first = enqueue(gateway, key, trigger())
    assert first.status_code == 202, first.text
    assert first.json() == {"status": "success", "message": "Event processed", "dedup_key": "srv01/disk"}
    assert first.header("X-RateLimit-Limit") == "120"
    assert enqueue(gateway, key, trigger()).status_code == 202
    [incident] = incidents_of(gateway, token(), dedup_key="srv01/disk")
    assert incident["alert_count"] == 2 and incident["severity"] == "critical"
    assert incident["assigned_team"] == "platform" and incident["incident_type"] == "infrastructure"
    assert "prometheus" in incident["tags"] and incident["created_by"].startswith("integration-key:acme.ik_")
    acknowledged = enqueue(gateway, key, {"event_action": "acknowledge", "dedup_key": "srv01/disk"})
    assert acknowledged.status_code == 202
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=token()).json()["data"]["status"] == (
        "acknowledged"
    )
    assert enqueue(gateway, key, {"event_action": "resolve", "dedup_key": "srv01/disk"}).status_code == 202
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=token()).json()["data"]["status"] == "resolved"
    made_up = enqueue(gateway, key, {"event_action": "trigger", "payload": trigger()["payload"]}).json()
    assert made_up["status"] == "success" and len(made_up["dedup_key"]) == 32


def test_v2_enqueue_answers_pagerdutys_shape_for_invalid_events_and_refused_keys_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    admin = token()
    made = make_key(gateway, admin)
    invalid = enqueue(gateway, made["integration_key"], {"event_action": "trigger"})
    assert invalid.status_code == 400
    assert invalid.json() == {
        "status": "invalid event",
        "message": "Event object is invalid",
        "errors": [invalid.json()["errors"][0]],
    }
    assert "payload" in invalid.json()["errors"][0]
    missing = gateway.request("POST", "/v2/enqueue", json_body=trigger())
    assert missing.status_code == 400 and missing.json()["errors"] == ["'routing_key' is missing or blank"]
    not_json = gateway.request("POST", "/v2/enqueue", raw_body="{nope")
    assert not_json.status_code == 400 and not_json.json()["status"] == "invalid event"
    unknown = enqueue(gateway, made["key_id"] + "." + "x" * 43, trigger())
    assert unknown.status_code == 401 and unknown.json()["status"] == "unauthorized"
    rotated = gateway.request("POST", f"/integrations/keys/{made['key_id']}/rotate", token=admin).json()["data"]
    assert rotated["rotated_at"] and rotated["version"] == 2
    assert enqueue(gateway, made["integration_key"], trigger()).status_code == 401
    assert enqueue(gateway, rotated["integration_key"], trigger()).status_code == 202
    revoked = gateway.request("DELETE", f"/integrations/keys/{made['key_id']}", token=admin)
    assert revoked.status_code == 200 and revoked.json()["data"]["status"] == "revoked"
    refused = enqueue(gateway, rotated["integration_key"], trigger())
    assert refused.status_code == 403
    assert refused.json()["status"] == "forbidden" and refused.json()["message"] == "Routing key revoked"
    again = gateway.request("POST", f"/integrations/keys/{made['key_id']}/rotate", token=admin)
    assert again.status_code == 409


def test_a_key_sends_events_and_nothing_else_moto(gateway: InProcessGateway, token: TokenFactory) -> None:
    key = make_key(gateway, token())["integration_key"]
    as_token = {"Authorization": f"Token token={key}"}
    event = {"routing_key": key, **trigger("web/5xx")}
    assert gateway.request("POST", "/events", json_body=event).status_code == 202
    assert gateway.request("POST", "/events", json_body=trigger("web/5xx"), headers=as_token).status_code == 202
    by_query = gateway.request("POST", "/events", json_body=trigger("web/5xx"), query={"key": key})
    assert by_query.status_code == 202 and by_query.json()["dedup_key"] == "web/5xx"
    [incident] = incidents_of(gateway, token(), dedup_key="web/5xx")
    assert incident["alert_count"] == 3 and incident["assigned_team"] == "platform"
    for method, path in (("GET", "/incidents"), ("GET", f"/incidents/{incident['id']}"), ("GET", "/integrations/keys")):
        for headers in (as_token, {"Authorization": f"Bearer {key}"}):
            assert gateway.request(method, path, headers=headers).status_code == 401, (method, path, headers)
    assert gateway.request("GET", "/incidents", query={"key": key}).status_code == 401
    changed = gateway.request("PATCH", f"/incidents/{incident['id']}", json_body={"title": "x" * 20}, headers=as_token)
    assert changed.status_code == 401
    no_key = gateway.request("POST", "/events", json_body=trigger("web/5xx"))
    assert no_key.status_code == 401 and no_key.json()["error"]["code"] == "UNAUTHORIZED"
    wrong = gateway.request("POST", "/events", json_body=trigger(), headers={"Authorization": "Token token=nope"})
    assert wrong.status_code == 401


def test_alertmanagers_webhook_takes_a_key_and_its_default_severity_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    key = make_key(gateway, token(), default_severity="critical")["integration_key"]
    hook = json.loads(sample_event("alertmanager_webhook.json")["body"])
    for alert in hook["alerts"]:
        alert["labels"].pop("severity", None)
    hook["commonLabels"].pop("severity", None)
    answer = gateway.request("POST", "/integrations/alertmanager", json_body=hook, query={"key": key})
    assert answer.status_code == 202, answer.text
    opened = [result for result in answer.json()["data"]["alerts"] if result["result"] == "opened"]
    assert opened
    incident = gateway.request("GET", f"/incidents/{opened[0]['incident_id']}", token=token()).json()["data"]
    assert incident["severity"] == "critical" and incident["incident_type"] == "infrastructure"
    with_header = gateway.request(
        "POST", "/integrations/alertmanager", json_body=hook, headers={"Authorization": f'Token token="{key}"'}
    )
    results = {result["dedup_key"]: result["result"] for result in with_header.json()["data"]["alerts"]}
    assert results[opened[0]["dedup_key"]] == "counted"


def test_a_keys_own_rate_limit_answers_429_in_pagerdutys_shape_moto(
    gateway: InProcessGateway, token: TokenFactory, fresh_minute: int
) -> None:
    key = make_key(gateway, token(), rate_limit_per_minute=2)["integration_key"]
    assert [enqueue(gateway, key, trigger()).status_code for _ in range(2)] == [202, 202]
    throttled = enqueue(gateway, key, trigger())
    assert throttled.status_code == 429 and throttled.json()["status"] == "throttle event"
    assert int(throttled.header("Retry-After") or 0) >= 1
    other = make_key(gateway, token())["integration_key"]
    assert enqueue(gateway, other, trigger()).status_code == 202
    over_events = gateway.request("POST", "/events", json_body=trigger(), query={"key": key})
    assert over_events.status_code == 429 and over_events.json()["error"]["code"] == "RATE_LIMITED"


def test_a_change_event_is_noted_on_the_open_incidents_of_its_system_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    key = make_key(gateway, token())["integration_key"]
    assert enqueue(gateway, key, trigger("db/disk", source="DB01")).status_code == 202
    assert enqueue(gateway, key, trigger("web/5xx", source="web01")).status_code == 202
    change = {
        "routing_key": key,
        "payload": {"summary": "Deployed postgres 16.4", "source": "db01", "custom_details": {"by": "ci"}},
        "links": [{"href": "https://ci.example.com/builds/7", "text": "build"}],
    }
    answer = gateway.request("POST", "/v2/change/enqueue", json_body=change)
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"status": "success", "message": "Change event processed"}
    [db] = incidents_of(gateway, token(), dedup_key="db/disk")
    [web] = incidents_of(gateway, token(), dedup_key="web/5xx")

    def changes_on(incident: dict[str, Any]) -> list[dict[str, Any]]:
        timeline = gateway.request("GET", f"/incidents/{incident['id']}/timeline", token=token()).json()["data"]
        return [event["changes"]["change"] for event in timeline if "change" in (event.get("changes") or {})]

    [noted] = changes_on(db)
    assert noted["summary"] == "Deployed postgres 16.4" and noted["links"][0]["href"].endswith("/7")
    assert changes_on(web) == []
    invalid = gateway.request("POST", "/v2/change/enqueue", json_body={"routing_key": key, "payload": {}})
    assert invalid.status_code == 400 and invalid.json()["status"] == "invalid event"
    unknown = gateway.request("POST", "/v2/change/enqueue", json_body={**change, "routing_key": "nope"})
    assert unknown.status_code == 401 and unknown.json()["status"] == "unauthorized"
