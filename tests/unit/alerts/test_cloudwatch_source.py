"""CloudWatch alarms in their three shapes (SNS, EventBridge, direct alarm action), composites included."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from incident_core.incidents.vocabulary import Severity
from tests.unit.alerts.helpers import (
    ACCOUNT,
    ISO_MS_Z,
    REGION,
    as_incident,
    in_state,
    one,
    parse,
    sample,
    with_sns_message,
)

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
