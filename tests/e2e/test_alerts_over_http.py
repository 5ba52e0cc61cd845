"""Alerts in, end to end in MiniStack: the alarm topic, the ingest function, /events and Alertmanager."""

from __future__ import annotations

import copy
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, DeployedStack, TokenFactory

EVENTS = Path(__file__).resolve().parents[2] / "events"
ALARM_ORG = "default"  # AlarmOrgId of the local config


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text())
    return loaded


def sns_alarm_message(alarm_name: str, state: str) -> dict[str, Any]:
    """The CloudWatch alarm JSON from the SNS sample, renamed to a fresh alarm."""
    message: dict[str, Any] = json.loads(sample("alarm_ingest_sns.json")["Records"][0]["Sns"]["Message"])
    message["AlarmName"] = alarm_name
    message["AlarmArn"] = f"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{alarm_name}"
    message["NewStateValue"] = state
    message["OldStateValue"] = "OK" if state == "ALARM" else "ALARM"
    return message


def incidents_of(api: ApiClient, token: str, key: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get("/incidents", token=token, params={"dedup_key": key}).json()["data"]
    return items


def wait_until(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


@pytest.fixture
def admin(token: TokenFactory) -> str:
    return token(org=ALARM_ORG)


def test_sns_alarm_opens_counts_resolves_and_reopens(stack: DeployedStack, api: ApiClient, admin: str) -> None:
    sns = boto3.client("sns", **stack.boto3_kwargs)
    topic = stack.outputs["AlarmTopicArn"]
    name = f"e2e-sns-{uuid.uuid4().hex[:8]} [P1]"
    arn = f"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{name}"

    def publish(state: str) -> None:
        sns.publish(TopicArn=topic, Message=json.dumps(sns_alarm_message(name, state)), Subject=f"{state}: {name}")

    # Given an ALARM on the topic, one incident opens
    publish("ALARM")
    [incident] = wait_until(lambda: incidents_of(api, admin, arn))
    assert incident["source"] == "cloudwatch" and incident["severity"] == "critical" and incident["status"] == "open"
    # Five more, two of them at once, count on it
    publish("ALARM")
    publish("ALARM")
    publish("ALARM")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: publish("ALARM"), range(2)))
    counted = wait_until(lambda: [i for i in incidents_of(api, admin, arn) if i.get("alert_count") == 6])
    assert len(counted) == 1 and len(incidents_of(api, admin, arn)) == 1
    # OK resolves it
    publish("OK")
    resolved = wait_until(lambda: [i for i in incidents_of(api, admin, arn) if i["status"] == "resolved"])
    assert resolved[0]["resolution"] == "alarm returned to OK"
    # The next ALARM opens a new incident
    publish("ALARM")
    both = wait_until(lambda: len(incidents_of(api, admin, arn)) == 2 and incidents_of(api, admin, arn))
    assert sorted(i["status"] for i in both) == ["open", "resolved"]


@pytest.mark.parametrize("shape", ["alarm_ingest_eventbridge.json", "alarm_ingest_direct.json"])
def test_invoked_shapes_open_count_and_resolve(stack: DeployedStack, api: ApiClient, admin: str, shape: str) -> None:
    # The emulator refuses aws.* sources in PutEvents and never fires alarm actions:
    # the deployed function is invoked with the event instead (DESIGN.md).
    lam = boto3.client("lambda", **stack.boto3_kwargs)
    function = stack.outputs["AlarmIngestFunctionName"]
    base = sample(shape)
    name = f"e2e-{shape.split('_')[-1].split('.')[0]}-{uuid.uuid4().hex[:8]}"
    arn = f"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{name}"

    def invoke(state: str) -> dict[str, Any]:
        event = _with_alarm(copy.deepcopy(base), name, arn, state)
        answer = lam.invoke(FunctionName=function, Payload=json.dumps(event).encode())
        result: dict[str, Any] = json.loads(answer["Payload"].read())
        if answer.get("FunctionError"):
            raise AssertionError(f"the ingest function failed: {result}")
        return result

    assert invoke("ALARM")["results"] == ["opened"]
    assert invoke("ALARM")["results"] == ["counted"]
    [incident] = incidents_of(api, admin, arn)
    assert incident["alert_count"] == 2
    assert invoke("OK")["results"] == ["resolved"]
    assert invoke("ALARM")["results"] == ["opened"]
    assert len(incidents_of(api, admin, arn)) == 2


def _with_alarm(event: dict[str, Any], name: str, arn: str, state: str) -> dict[str, Any]:
    if "detail" in event:  # EventBridge
        event["detail"]["alarmName"] = name
        event["resources"] = [arn]
        event["detail"]["state"]["value"] = state
        event["detail"]["previousState"]["value"] = "OK" if state == "ALARM" else "ALARM"
    else:  # direct alarm action
        event["alarmArn"] = arn
        event["alarmData"]["alarmName"] = name
        event["alarmData"]["state"]["value"] = state
        event["alarmData"]["previousState"]["value"] = "OK" if state == "ALARM" else "ALARM"
    return event


def test_events_api_trigger_acknowledge_resolve(api: ApiClient, token: TokenFactory) -> None:
    org = f"ev-{uuid.uuid4().hex[:8]}"
    writer = token(org=org)
    key = f"srv01/disk-{uuid.uuid4().hex[:6]}"
    body = {
        "event_action": "trigger",
        "dedup_key": key,
        "payload": {"summary": "Disk /var is 97% full on srv01", "source": "srv01", "severity": "warning"},
    }
    first = api.post("/events", json=body, token=writer)
    assert first.status_code == 202, first.text
    assert first.json()["status"] == "success" and first.json()["dedup_key"] == key
    api.post("/events", json=body, token=writer)
    [incident] = incidents_of(api, writer, key)
    assert incident["alert_count"] == 2 and incident["severity"] == "medium"
    api.post("/events", json={"event_action": "acknowledge", "dedup_key": key}, token=writer)
    assert incidents_of(api, writer, key)[0]["status"] == "acknowledged"
    api.post("/events", json={"event_action": "resolve", "dedup_key": key}, token=writer)
    assert incidents_of(api, writer, key)[0]["status"] == "resolved"
    bad = api.post("/events", json={"event_action": "explode", "dedup_key": key}, token=writer)
    assert bad.status_code == 400


def test_alertmanager_group_and_grafana(api: ApiClient, token: TokenFactory) -> None:
    org = f"am-{uuid.uuid4().hex[:8]}"
    writer = token(org=org)
    hook = sample("alertmanager_webhook.json")
    body = json.loads(hook["body"])
    fingerprint = f"fp{uuid.uuid4().hex[:12]}"
    body["alerts"] = [dict(body["alerts"][0], fingerprint=fingerprint, status="firing")]
    fired = api.post("/integrations/alertmanager", json=body, token=writer)
    assert fired.status_code == 202, fired.text
    key = fired.json()["data"]["alerts"][0]["dedup_key"]
    [incident] = incidents_of(api, writer, key)
    assert incident["status"] == "open" and incident["severity"] == "critical"
    body["status"] = "resolved"
    body["alerts"][0]["status"] = "resolved"
    api.post("/integrations/alertmanager", json=body, token=writer)
    assert incidents_of(api, writer, key)[0]["status"] == "resolved"

    grafana = dict(body, orgId=1, title="[FIRING:1] CPU high", state="alerting", status="firing")
    grafana["alerts"] = [
        dict(
            body["alerts"][0],
            status="firing",
            fingerprint=f"gf{uuid.uuid4().hex[:12]}",
            silenceURL="https://grafana.example.com/alerting/silence/new",
            dashboardURL="https://grafana.example.com/d/cpu",
            values={"A": 97.5},
        )
    ]
    answer = api.post("/integrations/alertmanager", json=grafana, token=writer)
    assert answer.status_code == 202, answer.text
    gkey = answer.json()["data"]["alerts"][0]["dedup_key"]
    [g_incident] = incidents_of(api, writer, gkey)
    assert "grafana.example.com/d/cpu" in json.dumps(g_incident["raw_data"])
