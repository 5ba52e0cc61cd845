"""The alert entry points against moto: the alarm ingest function (three shapes), /events, Alertmanager."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.integration.conftest import TokenFactory
from tests.support.api_events import LambdaContext, load_function, sample_event
from tests.support.gateway import InProcessGateway

SHAPES = [
    "alarm_ingest_sns.json",
    "alarm_ingest_eventbridge.json",
    "alarm_ingest_direct.json",
    "alarm_ingest_composite.json",
]


def with_state(event: dict[str, Any], state: str) -> dict[str, Any]:
    event = copy.deepcopy(event)
    if "Records" in event:
        message = json.loads(event["Records"][0]["Sns"]["Message"])
        message["NewStateValue"] = state
        event["Records"][0]["Sns"]["Message"] = json.dumps(message)
    elif "detail" in event:
        event["detail"]["state"]["value"] = state
    else:
        event["alarmData"]["state"]["value"] = state
    return event


def ingest(event: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = load_function("alarm_ingest").lambda_handler(event, LambdaContext())
    return result


@pytest.mark.parametrize("shape", SHAPES)
def test_each_alarm_shape_opens_counts_and_resolves(
    gateway: InProcessGateway, token: TokenFactory, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALARM_ORG_ID", "ops")
    from incident_core.core.settings import get_settings

    get_settings.cache_clear()
    alarm = sample_event(shape)
    assert ingest(alarm)["results"] == ["opened"]
    assert ingest(alarm)["results"] == ["counted"]
    assert ingest(with_state(alarm, "INSUFFICIENT_DATA"))["results"] == ["noted"]
    listed = gateway.request("GET", "/incidents", token=token(org="ops"), query={"source": "cloudwatch"}).json()["data"]
    [incident] = listed
    assert incident["alert_count"] == 2 and incident["incident_type"] == "alarm"
    assert incident["dedup_key"].startswith("arn:aws:cloudwatch:")
    assert ingest(with_state(alarm, "OK"))["results"] == ["resolved"]
    fetched = gateway.request("GET", f"/incidents/{incident['id']}", token=token(org="ops")).json()["data"]
    assert fetched["status"] == "resolved"


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": "not json"}}]},
        {"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change", "detail": {}},
        {"hello": "world"},
    ],
)
def test_malformed_alarm_events_are_dropped_not_raised(gateway: InProcessGateway, event: dict[str, Any]) -> None:
    assert ingest(event) == {"processed": 0, "results": [], "malformed": 1}


def test_events_api_contract(gateway: InProcessGateway, token: TokenFactory) -> None:
    writer = token()
    trigger = {
        "event_action": "trigger",
        "payload": {"summary": "Queue depth high", "source": "worker-1", "severity": "error"},
    }
    answer = gateway.request("POST", "/events", json_body=trigger, token=writer)
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["status"] == "success" and body["dedup_key"]  # made for us, PagerDuty-style
    [incident] = gateway.request("GET", "/incidents", token=writer, query={"dedup_key": body["dedup_key"]}).json()[
        "data"
    ]
    assert incident["severity"] == "high"
    resolve = {"event_action": "resolve", "dedup_key": body["dedup_key"]}
    assert gateway.request("POST", "/events", json_body=resolve, token=writer).status_code == 202
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=writer).json()["data"]["status"] == "resolved"
    for bad in ({"event_action": "trigger"}, {"event_action": "resolve"}, {"event_action": "boom", "dedup_key": "x"}):
        assert gateway.request("POST", "/events", json_body=bad, token=writer).status_code == 400, bad
    reader = token(scopes=["incidents:read"])
    assert gateway.request("POST", "/events", json_body=trigger, token=reader).status_code == 403


def test_alertmanager_sample_opens_firing_and_ignores_unknown_resolved(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    writer = token()
    hook = json.loads(sample_event("alertmanager_webhook.json")["body"])
    answer = gateway.request("POST", "/integrations/alertmanager", json_body=hook, token=writer)
    assert answer.status_code == 202, answer.text
    results = {item["result"] for item in answer.json()["data"]["alerts"]}
    assert results == {"opened", "ignored"}
    assert (
        gateway.request("POST", "/integrations/alertmanager", json_body={"alerts": "nope"}, token=writer).status_code
        == 400
    )
