"""Alert sources: CloudWatch alarms in their three shapes, PagerDuty-style events, Alertmanager and Grafana."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.alerts.service import Alert
from incident_core.alerts.sources import (
    AlertmanagerWebhook,
    InboundEvent,
    MalformedAlert,
    alert_from_inbound_event,
    alerts_from_alertmanager,
    alerts_from_cloudwatch,
    severity_from_convention,
    severity_from_word,
)
from incident_core.incidents.models import IncidentCreate, Severity

EVENTS = Path(__file__).resolve().parents[3] / "events"
ACCOUNT, REGION = "123456789012", "us-east-1"
ISO_MS_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"alarm_ingest_{name}.json").read_text())
    return loaded


def sns_message(event: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(event["Records"][0]["Sns"]["Message"])
    return message


def with_sns_message(event: dict[str, Any], **changes: Any) -> dict[str, Any]:
    message = {key: value for key, value in {**sns_message(event), **changes}.items() if value is not None}
    event = copy.deepcopy(event)
    event["Records"][0]["Sns"]["Message"] = json.dumps(message)
    return event


def in_state(shape: str, state: str) -> dict[str, Any]:
    """A sample event of `shape` moved to `state`."""
    event = sample(shape)
    if shape in ("sns", "composite"):
        return with_sns_message(event, NewStateValue=state, OldStateValue="ALARM")
    body = event["detail"] if shape == "eventbridge" else event["alarmData"]
    body["state"]["value"] = state
    body["previousState"]["value"] = "ALARM"
    return event


def parse(event: dict[str, Any], **options: Any) -> list[Alert]:
    options.setdefault("default_severity", Severity.MEDIUM)
    return alerts_from_cloudwatch(event, **options)


def one(event: dict[str, Any], **options: Any) -> Alert:
    [alert] = parse(event, **options)
    return alert


def as_incident(alert: Alert) -> IncidentCreate:
    """What the alert rules create from an alert: proves the parser stays within the incident's limits."""
    return IncidentCreate(
        title=alert.title,
        description=alert.description,
        severity=alert.severity,
        incident_type=alert.incident_type,
        source=alert.source,
        dedup_key=alert.dedup_key,
        affected_systems=list(alert.affected_systems),
        tags=list(alert.tags),
        raw_data=dict(alert.raw_data),
    )


# --- the three CloudWatch shapes ----------------------------------------------------------------

METRIC_SHAPES = {
    # shape: (alarm name, severity by convention, affected system, namespace, metric)
    "sns": ("[P1] prod-checkout-alb-5xx", Severity.CRITICAL, "app/prod-checkout-alb/50dc6c495c0c9188",
            "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
    "eventbridge": ("prod-orders-db-cpu", Severity.HIGH, "prod-orders-db", "AWS/RDS", "CPUUtilization"),
    "direct": ("prod-payments-handler-errors", Severity.MEDIUM, "prod-payments-handler", "AWS/Lambda", "Errors"),
}  # fmt: skip


@pytest.mark.parametrize("shape", sorted(METRIC_SHAPES))
def test_alarm_sample_opens_an_alarm_incident(shape: str) -> None:
    name, severity, system, namespace, metric = METRIC_SHAPES[shape]
    alert = one(sample(shape))
    arn = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}"
    assert alert.action == "trigger"
    assert alert.dedup_key == arn
    assert alert.title == f"{name} is in ALARM"
    assert (alert.source, alert.incident_type) == ("cloudwatch", "alarm")
    assert alert.severity is severity
    assert alert.affected_systems == (system,)
    assert alert.tags == ("alarm", namespace)
    assert alert.occurred_at is not None and ISO_MS_Z.match(alert.occurred_at)
    assert alert.note and alert.note.startswith("Threshold Crossed")
    assert alert.note in alert.description
    raw = alert.raw_data
    assert raw["alarm_arn"] == arn and raw["alarm_name"] == name and raw["alarm_type"] == "metric"
    assert (raw["namespace"], raw["metric_name"]) == (namespace, metric)
    assert system in raw["dimensions"].values()
    assert raw["region"] == REGION and raw["account_id"] == ACCOUNT
    assert raw["state"] == "ALARM" and raw["previous_state"] == "OK"
    assert isinstance(raw["threshold"], float) and raw["statistic"] and raw["period"]
    json.dumps(raw, allow_nan=False)  # plain JSON
    as_incident(alert)


def test_sns_sample_keeps_the_whole_trigger() -> None:
    raw = one(sample("sns")).raw_data
    assert raw["comparison_operator"] == "GreaterThanThreshold"
    assert raw["evaluation_periods"] == 2 and raw["datapoints_to_alarm"] == 2
    assert raw["threshold"] == 25.0 and raw["statistic"] == "SUM" and raw["period"] == 60
    assert raw["treat_missing_data"] == "notBreaching"
    assert raw["region_name"] == "US East (N. Virginia)" and raw["delivery"] == "sns"


def test_eventbridge_and_direct_take_state_reason_data_as_json() -> None:
    for shape in ("eventbridge", "direct"):
        raw = one(sample(shape)).raw_data
        assert isinstance(raw["state_reason_data"], dict)
        assert raw["state_reason_data"]["recentDatapoints"]
        assert raw["threshold"] == raw["state_reason_data"]["threshold"]


def test_occurred_at_is_normalised_to_utc_milliseconds() -> None:
    assert one(sample("sns")).occurred_at == "2026-11-23T09:13:27.617Z"  # StateChangeTime ...+0000
    assert one(sample("eventbridge")).occurred_at == "2026-11-23T10:02:41.305Z"  # detail.state.timestamp
    assert one(sample("direct")).occurred_at == "2026-11-23T11:20:05.512Z"  # alarmData.state.timestamp
    event = sample("eventbridge")
    del event["detail"]["state"]["timestamp"]
    assert one(event).occurred_at == "2026-11-23T10:02:41.000Z"  # falls back to `time`
    event["time"] = "not a time"
    assert one(event).occurred_at is None


@pytest.mark.parametrize("shape", ["sns", "eventbridge", "direct", "composite"])
@pytest.mark.parametrize(
    ("state", "action", "title_end"),
    [
        ("ALARM", "trigger", "is in ALARM"),
        ("OK", "resolve", "returned to OK"),
        ("INSUFFICIENT_DATA", "note", "has insufficient data"),
    ],
)
def test_states_map_to_actions(shape: str, state: str, action: str, title_end: str) -> None:
    alert = one(in_state(shape, state))
    assert alert.action == action
    assert alert.title.endswith(title_end)
    assert alert.raw_data["state"] == state
    assert alert.resolution == "alarm returned to OK"


def test_sns_event_gives_one_alert_per_record() -> None:
    event = sample("sns")
    event["Records"].append(sample("composite")["Records"][0])
    alerts = parse(event)
    assert [alert.raw_data["alarm_name"] for alert in alerts] == [
        "[P1] prod-checkout-alb-5xx",
        "prod-checkout-degraded",
    ]


def test_metric_math_alarm_over_sns() -> None:
    trigger = {
        "Period": 60,
        "EvaluationPeriods": 1,
        "ComparisonOperator": "GreaterThanThreshold",
        "Threshold": 0.0,
        "TreatMissingData": "- TreatMissingData:                    missing",
        "EvaluateLowSampleCountPercentile": "",
        "Metrics": [
            {"Expression": "m1*1", "Id": "e1", "Label": "Expression1", "ReturnData": True},
            {
                "Id": "m1",
                "MetricStat": {
                    "Metric": {
                        "Dimensions": [{"value": "i-0abc1234def567890", "name": "InstanceId"}],
                        "MetricName": "NetworkOut",
                        "Namespace": "AWS/EC2",
                    },
                    "Period": 60,
                    "Stat": "Average",
                },
                "ReturnData": False,
            },
        ],
    }
    alert = one(with_sns_message(sample("sns"), Trigger=trigger))
    raw = alert.raw_data
    assert alert.affected_systems == ("i-0abc1234def567890",)
    assert raw["expression"] == "m1*1" and raw["metric_name"] == "NetworkOut" and raw["namespace"] == "AWS/EC2"
    assert [metric["id"] for metric in raw["metrics"]] == ["e1", "m1"]
    assert raw["treat_missing_data"] == "missing" and raw["alarm_type"] == "metric"


def test_affected_systems_prefer_resource_dimensions() -> None:
    event = sample("eventbridge")
    event["detail"]["configuration"]["metrics"][0]["metricStat"]["metric"]["dimensions"] = {
        "Stage": "prod",
        "FunctionName": "orders-api",
        "Resource": "orders-api:live",
    }
    assert one(event).affected_systems == ("orders-api",)
    event["detail"]["configuration"]["metrics"][0]["metricStat"]["metric"]["dimensions"] = {"Service": "checkout"}
    assert one(event).affected_systems == ("checkout",)  # a custom metric: its dimension values


# --- composite alarms -----------------------------------------------------------------------------

EVENTBRIDGE_COMPOSITE: dict[str, Any] = {
    "version": "0",
    "id": "d3dfc86d-384d-24c8-0345-9f7986db0b80",
    "detail-type": "CloudWatch Alarm State Change",
    "source": "aws.cloudwatch",
    "account": ACCOUNT,
    "time": "2026-11-23T15:57:45Z",
    "region": REGION,
    "resources": [f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:ServiceAggregatedAlarm"],
    "detail": {
        "alarmName": "ServiceAggregatedAlarm",
        "state": {
            "actionsSuppressedBy": "WaitPeriod",
            "actionsSuppressedReason": "Actions suppressed by WaitPeriod",
            "value": "ALARM",
            "reason": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:ServerCpuTooHigh transitioned to ALARM",
            "reasonData": json.dumps(
                {
                    "triggeringAlarms": [
                        {
                            "arn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:ServerCpuTooHigh",
                            "state": {"value": "ALARM", "timestamp": "2026-11-23T15:57:45.394+0000"},
                        }
                    ]
                }
            ),
            "timestamp": "2026-11-23T15:57:45.394+0000",
        },
        "previousState": {
            "value": "OK",
            "reason": "alarm rule evaluates to OK",
            "timestamp": "2026-11-23T15:56:14.552+0000",
        },
        "configuration": {
            "alarmRule": "ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)",
            "actionsSuppressor": "ServiceMaintenanceAlarm",
            "actionsSuppressorWaitPeriod": 120,
            "actionsSuppressorExtensionPeriod": 180,
        },
    },
}

DIRECT_COMPOSITE: dict[str, Any] = {
    "source": "aws.cloudwatch",
    "alarmArn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:CompositeDemo.Main",
    "accountId": ACCOUNT,
    "time": "2026-11-23T12:56:46.138+0000",
    "region": REGION,
    "alarmData": {
        "alarmName": "CompositeDemo.Main",
        "state": {
            "value": "ALARM",
            "reason": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:CompositeDemo.FirstChild transitioned to ALARM",
            "reasonData": json.dumps(
                {
                    "triggeringAlarms": [
                        {
                            "arn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:CompositeDemo.FirstChild",
                            "state": {"value": "ALARM", "timestamp": "2026-11-23T12:54:46.138+0000"},
                        }
                    ]
                }
            ),
            "timestamp": "2026-11-23T12:56:46.138+0000",
        },
        "previousState": {"value": "OK", "reason": "rule evaluates to OK", "timestamp": "2026-11-23T12:54:46.138+0000"},
        "configuration": {"alarmRule": "ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)"},
    },
}


@pytest.mark.parametrize(
    ("event", "name", "child"),
    [
        (sample("composite"), "prod-checkout-degraded", "[P1] prod-checkout-alb-5xx"),
        (EVENTBRIDGE_COMPOSITE, "ServiceAggregatedAlarm", "ServerCpuTooHigh"),
        (DIRECT_COMPOSITE, "CompositeDemo.Main", "CompositeDemo.FirstChild"),
    ],
    ids=["sns", "eventbridge", "direct"],
)
def test_composite_alarms(event: dict[str, Any], name: str, child: str) -> None:
    alert = one(copy.deepcopy(event))
    raw = alert.raw_data
    assert alert.action == "trigger"
    assert alert.dedup_key == f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}"
    assert alert.title == f"{name} is in ALARM"
    assert raw["alarm_type"] == "composite" and raw["alarm_rule"].startswith("ALARM(")
    assert [item["name"] for item in raw["triggering_children"]] == [child]
    assert f"Alarm rule: {raw['alarm_rule']}" in alert.description
    assert f"Triggered by: {child}" in alert.description
    assert alert.affected_systems == () and "composite" in alert.tags
    assert alert.occurred_at is not None and ISO_MS_Z.match(alert.occurred_at)
    as_incident(alert)


def test_sns_composite_sample_takes_its_severity_from_the_description() -> None:
    assert one(sample("composite")).severity is Severity.CRITICAL  # "sev:critical ..."


def test_composite_suppression_is_kept() -> None:
    raw = one(copy.deepcopy(EVENTBRIDGE_COMPOSITE)).raw_data
    assert raw["actions_suppressed_by"] == "WaitPeriod" and raw["actions_suppressor"] == "ServiceMaintenanceAlarm"


# --- severity ---------------------------------------------------------------------------------------


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


# --- POST /events (PagerDuty Events v2) ----------------------------------------------------------------------

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


# --- POST /integrations/alertmanager -------------------------------------------------------------------------

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
