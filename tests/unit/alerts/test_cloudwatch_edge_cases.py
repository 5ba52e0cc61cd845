"""CloudWatch alarms: severity, name prefixes, missing ARNs and names, malformed events, raw_data limits."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from incident_core.alerts.sources.cloudwatch import alerts_from_cloudwatch
from incident_core.alerts.sources.common import MalformedAlert, severity_from_convention, severity_from_word
from incident_core.incidents.vocabulary import Severity
from tests.unit.alerts.helpers import ACCOUNT, REGION, as_incident, one, parse, sample, with_sns_message


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("api-5xx sev:critical", Severity.CRITICAL),
        ("SEV:HIGH api latency", Severity.HIGH),
        ("queue-depth-sev-medium", Severity.MEDIUM),
        ("disk sev=low", Severity.LOW),
        ("severity:high db", Severity.HIGH),
        ("sev1-payments", Severity.CRITICAL),
        ("payments Sev2", Severity.HIGH),
        ("sev 3 batch", Severity.MEDIUM),
        ("sev4", Severity.LOW),
        ("[P1] checkout", Severity.CRITICAL),
        ("checkout [p2]", Severity.HIGH),
        ("[P3] api", Severity.MEDIUM),
        ("[P4] api", Severity.LOW),
        ("[P5] api", Severity.LOW),
        ("several-hosts-down", None),
        ("P1 without brackets", None),
        ("sev5", None),
        ("", None),
    ],
)
def test_severity_conventions(text: str, severity: Severity | None) -> None:
    assert severity_from_convention(text) == severity


def test_name_convention_wins_over_description_and_default() -> None:
    event = sample("eventbridge")  # description says sev:high
    event["detail"]["alarmName"] = "prod-orders-db-cpu [P4]"
    assert one(event).severity is Severity.LOW
    event["detail"]["alarmName"] = "prod-orders-db-cpu"
    event["detail"]["configuration"]["description"] = "CPU is high"
    assert one(event, default_severity=Severity.CRITICAL).severity is Severity.CRITICAL


def test_severity_lookup_comes_first_and_gets_the_alarm_arn() -> None:
    asked: list[str] = []

    def lookup(arn: str) -> Severity | None:
        asked.append(arn)
        return Severity.LOW

    alert = one(sample("sns"), severity_lookup=lookup)  # the name says [P1]
    assert alert.severity is Severity.LOW
    assert asked == [f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:[P1] prod-checkout-alb-5xx"]


def test_severity_lookup_without_an_answer_falls_back_to_the_convention() -> None:
    assert one(sample("sns"), severity_lookup=lambda arn: None).severity is Severity.CRITICAL
    assert one(sample("direct"), severity_lookup=lambda arn: None).severity is Severity.MEDIUM  # default


def test_severity_tag_carried_by_the_event() -> None:
    event = sample("eventbridge")
    event["detail"]["alarmTags"] = {"Severity": "critical", "team": "orders"}
    alert = one(event)
    assert alert.severity is Severity.CRITICAL and alert.raw_data["alarm_tags"]["team"] == "orders"
    assert one(event, severity_lookup=lambda arn: Severity.LOW).severity is Severity.LOW


@pytest.mark.parametrize(
    ("word", "severity"),
    [("critical", Severity.CRITICAL), ("P2", Severity.HIGH), ("warning", Severity.MEDIUM), ("info", Severity.LOW)],
)
def test_severity_words(word: str, severity: Severity) -> None:
    assert severity_from_word(word) is severity
    assert severity_from_word("unheard-of") is None and severity_from_word(None) is None


# --- name prefixes ------------------------------------------------------------------------------------


def test_name_prefixes_skip_other_alarms() -> None:
    assert parse(sample("eventbridge"), name_prefixes=("staging-", "dev-")) == []
    assert len(parse(sample("eventbridge"), name_prefixes=("staging-", "prod-"))) == 1
    assert len(parse(sample("eventbridge"), name_prefixes="prod-orders")) == 1  # one prefix as a string
    assert len(parse(sample("eventbridge"), name_prefixes=("", " "))) == 1  # blank: no filter
    assert parse(sample("sns"), name_prefixes=("prod-",)) == []  # "[P1] prod-..." starts with "["


def test_prefixes_apply_per_sns_record() -> None:
    event = sample("sns")
    event["Records"].append(sample("composite")["Records"][0])
    [alert] = parse(event, name_prefixes=("prod-checkout",))
    assert alert.raw_data["alarm_name"] == "prod-checkout-degraded"


# --- the ARN when a shape lacks it ------------------------------------------------------------------------


def test_arn_is_built_when_an_eventbridge_event_lacks_resources() -> None:
    event = sample("eventbridge")
    event["resources"] = []
    assert one(event).dedup_key == f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:prod-orders-db-cpu"


def test_arn_is_built_from_the_topic_region_when_sns_lacks_it() -> None:
    event = with_sns_message(sample("sns"), AlarmArn=None)
    event["Records"][0]["Sns"]["TopicArn"] = f"arn:aws:sns:eu-west-1:{ACCOUNT}:alarms"
    alert = one(event)
    assert alert.dedup_key == f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm:[P1] prod-checkout-alb-5xx"
    assert alert.raw_data["region"] == "eu-west-1"


def test_name_comes_from_the_arn_when_missing() -> None:
    event = sample("direct")
    del event["alarmData"]["alarmName"]
    assert one(event).title == "prod-payments-handler-errors is in ALARM"


def test_very_long_alarm_names_keep_unique_keys_within_limits() -> None:
    first, second = sample("eventbridge"), sample("eventbridge")
    for event, end in ((first, "a"), (second, "b")):
        event["resources"] = []
        event["detail"]["alarmName"] = "x" * 254 + end
    keys = {one(first).dedup_key, one(second).dedup_key}
    assert len(keys) == 2 and all(len(key) <= 255 for key in keys)
    assert len(one(first).title) <= 255
    as_incident(one(first))


# --- malformed ---------------------------------------------------------------------------------------------


def test_malformed_alert_is_a_value_error() -> None:
    assert issubclass(MalformedAlert, ValueError)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({}, "Not a CloudWatch alarm event"),
        ({"hello": "world"}, "got keys: hello"),
        ({**sample("eventbridge"), "detail-type": "CloudWatch Alarm Configuration Change"}, "Configuration Change"),
        ({"source": "aws.cloudwatch", "alarmArn": "arn:x"}, "Not a CloudWatch alarm event"),
        ({"Records": []}, "no `Records`"),
        ({"Records": [{"eventSource": "aws:sqs", "body": "{}"}]}, "not an SNS record"),
    ],
    ids=["empty", "unknown", "config-change", "action-without-data", "no-records", "sqs-record"],
)
def test_unknown_shapes_are_malformed(event: dict[str, Any], message: str) -> None:
    with pytest.raises(MalformedAlert, match=re.escape(message)):
        parse(event)


def test_sns_message_that_is_not_json() -> None:
    event = sample("sns")
    event["Records"][0]["Sns"]["Message"] = "Hello from a test publish"
    with pytest.raises(MalformedAlert, match=r"Records\[0\]\.Sns\.Message is not JSON"):
        parse(event)


def test_sns_message_that_is_not_an_alarm() -> None:
    event = sample("sns")
    event["Records"][0]["Sns"]["Message"] = json.dumps({"hello": "world"})
    with pytest.raises(MalformedAlert, match="not a CloudWatch alarm notification"):
        parse(event)


def test_missing_state_is_malformed_in_every_shape() -> None:
    sns = with_sns_message(sample("sns"), NewStateValue=None)
    eventbridge = sample("eventbridge")
    del eventbridge["detail"]["state"]
    direct = sample("direct")
    del direct["alarmData"]["state"]["value"]
    for event in (sns, eventbridge, direct):
        with pytest.raises(MalformedAlert, match="no alarm state"):
            parse(event)


def test_unknown_state_is_malformed() -> None:
    with pytest.raises(MalformedAlert, match="expected ALARM, OK or INSUFFICIENT_DATA"):
        parse(with_sns_message(sample("sns"), NewStateValue="MAYBE"))


def test_missing_name_and_arn_is_malformed() -> None:
    eventbridge = sample("eventbridge")
    del eventbridge["detail"]["alarmName"]
    eventbridge["resources"] = []
    with pytest.raises(MalformedAlert, match="no alarm name"):
        parse(eventbridge)
    sns = with_sns_message(sample("sns"), AlarmArn=None)
    sns["Records"][0]["Sns"]["TopicArn"] = "not-an-arn"
    with pytest.raises(MalformedAlert, match="no alarm ARN"):
        parse(sns)


def test_not_an_object_is_malformed() -> None:
    with pytest.raises(MalformedAlert, match="JSON object"):
        alerts_from_cloudwatch([], default_severity=Severity.LOW)  # type: ignore[arg-type]


# --- raw_data stays small ------------------------------------------------------------------------------------


def test_raw_data_caps_long_strings_and_lists() -> None:
    event = sample("direct")
    event["alarmData"]["state"]["reason"] = "R" * 50_000
    event["alarmData"]["state"]["reasonData"] = json.dumps(
        {"recentDatapoints": list(range(5000)), "notes": ["n" * 3000] * 200, "deep": {"a": {"b": {"c": "d" * 9000}}}}
    )
    event["alarmData"]["configuration"]["description"] = "D" * 9000
    alert = one(event)
    size = len(json.dumps(alert.raw_data).encode())
    assert size <= 16 * 1024
    assert len(alert.description) <= 5000 and alert.note is not None and len(alert.note) <= 2000
    assert alert.raw_data["alarm_arn"].endswith(":alarm:prod-payments-handler-errors")
    as_incident(alert)


def test_short_descriptions_are_padded() -> None:
    event = sample("direct")
    event["alarmData"]["configuration"]["description"] = ""
    event["alarmData"]["state"]["reason"] = ""
    alert = one(event)
    assert alert.description == "CloudWatch alarm prod-payments-handler-errors is in ALARM."
    assert alert.note is None
