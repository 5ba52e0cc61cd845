"""Malformed SNS, EventBridge, alarm-action and S3 notifications, through the real functions on moto.

Lambda invokes these functions asynchronously and retries a failed invocation (twice, then the
on-failure queue): a record that raises is retried for nothing, and takes the good records of
its event with it. What must hold: a record that can not be read is logged, counted
(`MalformedRecords`) and skipped; the function returns normally, so nothing is retried; the
event's other records are processed; and a CloudWatch alarm whose detail is mistyped (a
numeric `configuration.metrics`, a TypeError before) still opens its incident.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from incident_core.alerts.sources import cloudwatch_shapes
from tests.faults.conftest import FaultLedger
from tests.faults.malformed import malformed_counted
from tests.integration.conftest import TokenFactory
from tests.support.api_events import LambdaContext, load_function, sample_event
from tests.support.gateway import InProcessGateway

ORG = "ops"


@pytest.fixture(autouse=True)
def alarm_org(monkeypatch: pytest.MonkeyPatch, aws: None) -> None:
    monkeypatch.setenv("ALARM_ORG_ID", ORG)
    from incident_core.core.settings import get_settings

    get_settings.cache_clear()


def ingest(event: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = load_function("alarm_ingest").lambda_handler(event, LambdaContext())
    return result


def alarm_incidents(gateway: InProcessGateway, token: TokenFactory) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = gateway.request(
        "GET", "/incidents", token=token(org=ORG), query={"source": "cloudwatch"}
    ).json()["data"]
    return found


def sns_record(message: Any, *, index: int) -> dict[str, Any]:
    record: dict[str, Any] = copy.deepcopy(sample_event("alarm_ingest_sns.json")["Records"][0])
    record["Sns"]["MessageId"] = f"message-{index}"
    record["Sns"]["Message"] = message if isinstance(message, str) else json.dumps(message)
    return record


def renamed_alarm(name: str) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(sample_event("alarm_ingest_sns.json")["Records"][0]["Sns"]["Message"])
    message["AlarmName"] = name
    message["AlarmArn"] = f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}"
    return message


SNS_FAULTS: dict[str, Any] = {
    "a message that is not JSON": "ALARM: db-cpu is high",
    "a message that is JSON but no alarm": {"hello": "world"},
    "an alarm without its state": {**renamed_alarm("no-state"), "NewStateValue": None},
    "an alarm in a state CloudWatch has not": {**renamed_alarm("odd-state"), "NewStateValue": "ON_FIRE"},
}


def test_malformed_sns_records_are_counted_and_skipped_and_the_valid_ones_open_their_incidents_moto(
    gateway: InProcessGateway, token: TokenFactory, faults: FaultLedger, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [sns_record(renamed_alarm("orders-db-cpu"), index=0)]
    records += [sns_record(message, index=i + 1) for i, message in enumerate(SNS_FAULTS.values())]
    records += [sns_record(renamed_alarm("payments-api-5xx"), index=9)]
    records.append({"EventSource": "aws:sns"})  # no `Sns` at all
    faults.inject("malformed SNS record", len(SNS_FAULTS) + 1)
    capsys.readouterr()

    answer = ingest({"Records": records})  # returns: the invocation succeeds, nothing is retried

    assert answer == {"processed": 2, "results": ["opened", "opened"], "malformed": len(SNS_FAULTS) + 1}
    assert malformed_counted(capsys.readouterr().out) == {"alarm-ingest": len(SNS_FAULTS) + 1}
    opened = faults.reconcile(
        expected=["orders-db-cpu", "payments-api-5xx"],
        found=[incident["raw_data"]["alarm_name"] for incident in alarm_incidents(gateway, token)],
    )
    assert opened.lost == [] and opened.duplicated == []


def eventbridge_alarm(**detail: Any) -> dict[str, Any]:
    event = sample_event("alarm_ingest_eventbridge.json")
    event["detail"].update(detail)
    return event


@pytest.mark.parametrize("metrics", [5, True, "CPUUtilization", {"id": "m1"}, [7, None, "m1"]])
def test_an_alarm_whose_configuration_metrics_is_not_a_list_of_objects_still_opens_its_incident_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    faults: FaultLedger,
    capsys: pytest.CaptureFixture[str],
    metrics: Any,
) -> None:
    event = eventbridge_alarm(configuration={"description": "sev:high Orders database CPU", "metrics": metrics})
    faults.inject("mistyped configuration.metrics in an EventBridge alarm")
    capsys.readouterr()

    assert ingest(event) == {"processed": 1, "results": ["opened"]}  # a TypeError before: retried, then lost

    assert malformed_counted(capsys.readouterr().out) == {}
    [incident] = alarm_incidents(gateway, token)
    assert (incident["severity"], incident["raw_data"]["alarm_name"]) == ("high", "prod-orders-db-cpu")
    assert incident["affected_systems"] == []  # the unreadable metrics named no system; the alarm still counts
    again = faults.reconcile(expected=[incident["id"]], found=[i["id"] for i in alarm_incidents(gateway, token)])
    assert again.lost == [] and again.duplicated == []


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(eventbridge_alarm(state="ALARM"), id="eventbridge state that is not an object"),
        pytest.param(
            {**eventbridge_alarm(alarmName=None), "resources": []}, id="eventbridge alarm without name or ARN"
        ),
        pytest.param({**sample_event("alarm_ingest_eventbridge.json"), "detail": [1, 2]}, id="eventbridge detail list"),
        pytest.param({**sample_event("alarm_ingest_direct.json"), "alarmData": "ALARM"}, id="alarm action data text"),
        pytest.param({"Records": "all of them"}, id="sns records that are not a list"),
        pytest.param(["not", "an", "object"], id="an event that is a list"),
    ],
)
def test_a_malformed_alarm_event_is_counted_and_returns_normally_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    faults: FaultLedger,
    capsys: pytest.CaptureFixture[str],
    event: Any,
) -> None:
    faults.inject("malformed alarm event")
    capsys.readouterr()

    assert ingest(event) == {"processed": 0, "results": [], "malformed": 1}

    assert malformed_counted(capsys.readouterr().out) == {"alarm-ingest": 1}
    assert alarm_incidents(gateway, token) == []


def test_a_parser_that_raises_what_it_should_not_is_counted_not_retried_fake_parser_bug_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    faults: FaultLedger,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A shape the parsers do not check yet (a bug): its TypeError must not become a retry loop.
    def buggy(*_: Any) -> Any:
        raise TypeError("'int' object is not iterable")

    monkeypatch.setattr(cloudwatch_shapes, "_sns_notice", buggy)
    faults.inject("a parser bug on an SNS record")
    capsys.readouterr()

    assert ingest(sample_event("alarm_ingest_sns.json")) == {"processed": 0, "results": [], "malformed": 1}
    assert malformed_counted(capsys.readouterr().out) == {"alarm-ingest": 1}


S3_FAULTS: dict[str, dict[str, Any]] = {
    "a record without s3": {"eventName": "ObjectCreated:Post", "eventSource": "aws:s3"},
    "an object without its key": {"eventName": "ObjectCreated:Post", "s3": {"bucket": {"name": "b"}, "object": {}}},
    "a bucket that is text": {"eventName": "ObjectCreated:Post", "s3": {"bucket": "b", "object": {"key": "k"}}},
}


def test_malformed_s3_records_are_counted_and_skipped_and_the_valid_one_confirmed_moto(
    faults: FaultLedger, capsys: pytest.CaptureFixture[str]
) -> None:
    valid = sample_event("attachment_uploaded.json")["Records"][0]
    valid["s3"]["object"]["key"] = "uploads/not-an-attachment.txt"  # a key this API never hands out
    event = {"Records": [*S3_FAULTS.values(), valid]}
    faults.inject("malformed S3 record", len(S3_FAULTS))
    capsys.readouterr()

    answer = load_function("attachment_uploaded").lambda_handler(event, LambdaContext())

    assert answer == {
        "outcomes": [{"key": "uploads/not-an-attachment.txt", "outcome": "ignored: not an attachment key"}],
        "malformed": len(S3_FAULTS),
    }
    assert malformed_counted(capsys.readouterr().out) == {"attachment-uploaded": len(S3_FAULTS)}
