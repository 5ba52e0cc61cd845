"""CloudWatch alarms turned into `Alert`s: `ALARM` triggers, `OK` resolves, `INSUFFICIENT_DATA` notes.

The alarm reaches Lambda by SNS, EventBridge or a direct alarm action, told apart here by
shape and wrapped in Powertools' data class for it; `cloudwatch_shapes` reads each into an
`AlarmNotice`, and this module makes the alert of a notice: the alarm ARN is the dedup key,
the watched metric's resource dimensions are the affected systems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes.cloud_watch_alarm_event import CloudWatchAlarmEvent
from aws_lambda_powertools.utilities.data_classes.event_bridge_event import EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.sns_event import SNSEvent

from incident_core.alerts.service import Alert, AlertAction
from incident_core.alerts.sources.cloudwatch_shapes import (
    AlarmNotice,
    alarm_action_notice,
    eventbridge_notice,
    read_notice,
    sns_notices,
)
from incident_core.alerts.sources.common import (
    MAX_NOTE,
    MAX_SYSTEMS,
    MAX_TITLE,
    MalformedAlert,
    bounded_key,
    clip,
    description_text,
    fit_raw_data,
    severity_from_convention,
    severity_from_word,
    tag_list,
    unique,
)
from incident_core.incidents.vocabulary import Severity

ALARM_STATE_CHANGE = "CloudWatch Alarm State Change"
ALARM_ACTIONS: dict[str, AlertAction] = {"ALARM": "trigger", "OK": "resolve", "INSUFFICIENT_DATA": "note"}
ALARM_TITLES = {"ALARM": "is in ALARM", "OK": "returned to OK", "INSUFFICIENT_DATA": "has insufficient data"}

# Dimensions that name the resource a metric is about, most telling first. When a metric
# has none of them (a custom metric), all of its dimension values are taken instead.
RESOURCE_DIMENSIONS = (
    "InstanceId",
    "AutoScalingGroupName",
    "FunctionName",
    "DBInstanceIdentifier",
    "DBClusterIdentifier",
    "DBProxyName",
    "LoadBalancer",
    "LoadBalancerName",
    "TargetGroup",
    "TableName",
    "QueueName",
    "TopicName",
    "BucketName",
    "ClusterName",
    "ServiceName",
    "ApiName",
    "ApiId",
    "DistributionId",
    "StateMachineArn",
    "CacheClusterId",
    "ReplicationGroupId",
    "DomainName",
    "StreamName",
    "DeliveryStreamName",
    "VolumeId",
    "NatGatewayId",
    "FileSystemId",
    "Broker",
    "EnvironmentName",
)

SeverityLookup = Callable[[str], Severity | None]


@dataclass(frozen=True, slots=True)
class CloudWatchAlerts:
    """What a CloudWatch alarm event holds: its alerts, and why each record that could not be read
    was left out (a whole event of no known shape is one)."""

    alerts: list[Alert]
    malformed: list[str]


def read_cloudwatch_event(
    event: Mapping[str, Any],
    *,
    default_severity: Severity,
    name_prefixes: Sequence[str] = (),
    severity_lookup: SeverityLookup | None = None,
) -> CloudWatchAlerts:
    """The alerts of a CloudWatch alarm event (SNS, EventBridge or direct alarm action).

    `ALARM` triggers, `OK` resolves, `INSUFFICIENT_DATA` notes. Alarms whose name starts
    with none of `name_prefixes` (when given) are skipped. Severity: `severity_lookup(arn)`
    when given and not None, then a `severity` tag carried by the event, then the
    name/description convention, then `default_severity`. Exceptions of the lookup are the
    caller's to handle. Each SNS record is read on its own: one that is malformed is left out
    with its reason, and the others still make their alerts.
    """
    if isinstance(name_prefixes, str):
        name_prefixes = (name_prefixes,)
    prefixes = tuple(prefix.strip() for prefix in name_prefixes if prefix and prefix.strip())
    try:
        notices = _notices(event)
    except MalformedAlert as malformed:
        return CloudWatchAlerts([], [str(malformed)])
    alerts, reasons = [], []
    for notice in notices:
        if isinstance(notice, MalformedAlert):
            reasons.append(str(notice))
        elif not prefixes or notice.name.startswith(prefixes):
            alerts.append(_alarm_alert(notice, default_severity=default_severity, severity_lookup=severity_lookup))
    return CloudWatchAlerts(alerts, reasons)


def alerts_from_cloudwatch(
    event: Mapping[str, Any],
    *,
    default_severity: Severity,
    name_prefixes: Sequence[str] = (),
    severity_lookup: SeverityLookup | None = None,
) -> list[Alert]:
    """`read_cloudwatch_event`, strict: `MalformedAlert` for the first record that can not be read."""
    found = read_cloudwatch_event(
        event, default_severity=default_severity, name_prefixes=name_prefixes, severity_lookup=severity_lookup
    )
    if found.malformed:
        raise MalformedAlert(found.malformed[0])
    return found.alerts


def _notices(event: Mapping[str, Any]) -> list[AlarmNotice | MalformedAlert]:
    """The alarm state changes the event carries, told apart by shape (one per SNS record)."""
    if not isinstance(event, Mapping):
        raise MalformedAlert(f"A CloudWatch alarm event is a JSON object, not {type(event).__name__}")
    envelope = dict(event)
    if "Records" in envelope:
        return sns_notices(SNSEvent(envelope))
    if envelope.get("detail-type") == ALARM_STATE_CHANGE:
        return [read_notice(lambda: eventbridge_notice(EventBridgeEvent(envelope)), "detail")]
    if envelope.get("source") == "aws.cloudwatch" and "alarmArn" in envelope and "alarmData" in envelope:
        return [read_notice(lambda: alarm_action_notice(CloudWatchAlarmEvent(envelope)), "alarmData")]
    raise MalformedAlert(_unknown_shape(event))


def _unknown_shape(event: Mapping[str, Any]) -> str:
    expected = (
        "expected SNS `Records`, an EventBridge `CloudWatch Alarm State Change` event, "
        "or a Lambda alarm action (`source: aws.cloudwatch` with `alarmArn` and `alarmData`)"
    )
    if "detail-type" in event:
        return f"Not a CloudWatch alarm state change: detail-type {clip(str(event['detail-type']), 100)!r}; {expected}"
    keys = ", ".join(sorted(str(key) for key in event)[:12]) or "none"
    return f"Not a CloudWatch alarm event: {expected}; got keys: {keys}"


def _alarm_alert(notice: AlarmNotice, *, default_severity: Severity, severity_lookup: SeverityLookup | None) -> Alert:
    primary = _primary_metric(notice.metrics)
    namespaces = unique(str(metric["namespace"]) for metric in notice.metrics if metric.get("namespace"))
    expression = next((m["expression"] for m in notice.metrics if m.get("expression") and m.get("return_data")), None)
    condition = notice.condition
    raw = {
        "alarm_name": notice.name,
        "alarm_arn": notice.arn,
        "alarm_type": "composite" if notice.composite else "metric",
        "delivery": notice.delivery,
        "state": notice.state,
        "previous_state": notice.previous_state,
        "state_reason": notice.reason,
        "state_reason_data": notice.reason_data,
        "state_changed_at": notice.changed_at,
        "region": notice.region,
        "account_id": notice.account,
        "description": notice.description,
        "metric_name": primary.get("metric_name"),
        "namespace": primary.get("namespace"),
        "dimensions": primary.get("dimensions"),
        "statistic": primary.get("statistic") or condition.get("statistic"),
        "period": primary.get("period") or condition.get("period"),
        "unit": primary.get("unit"),
        "expression": expression,
        "threshold": condition.get("threshold"),
        "threshold_metric_id": condition.get("threshold_metric_id"),
        "comparison_operator": condition.get("comparison_operator"),
        "evaluation_periods": condition.get("evaluation_periods"),
        "datapoints_to_alarm": condition.get("datapoints_to_alarm"),
        "treat_missing_data": condition.get("treat_missing_data"),
        "metrics": notice.metrics if len(notice.metrics) > 1 or expression else None,
        "alarm_rule": notice.alarm_rule,
        "triggering_children": notice.triggering_children,
        "alarm_tags": dict(notice.tags) or None,
        **notice.extra,
    }
    suffix = ALARM_TITLES[notice.state]
    title = f"{clip(notice.name, MAX_TITLE - len(suffix) - 1)} {suffix}"
    lines = [notice.description, notice.reason]
    if notice.alarm_rule:
        lines.append(f"Alarm rule: {notice.alarm_rule}")
    children = [child.get("name") or child.get("arn") for child in notice.triggering_children]
    if any(children):
        lines.append("Triggered by: " + ", ".join(str(child) for child in children if child))
    return Alert(
        action=ALARM_ACTIONS[notice.state],
        dedup_key=bounded_key(notice.arn),
        title=title,
        description=description_text(lines, fallback=f"CloudWatch alarm {notice.name} {suffix}."),
        severity=_alarm_severity(notice, default_severity, severity_lookup),
        source="cloudwatch",
        incident_type="alarm",
        affected_systems=tuple(_affected_systems(notice.metrics)),
        raw_data=fit_raw_data(raw),
        tags=tuple(tag_list(["alarm", *namespaces, "composite" if notice.composite else None])),
        occurred_at=notice.changed_at,
        note=clip(notice.reason, MAX_NOTE) or None,
    )


def _primary_metric(metrics: list[dict[str, Any]]) -> dict[str, Any]:
    """The metric an alarm watches: the only one, else the returned one with a namespace, else the first."""
    with_metric = [metric for metric in metrics if metric.get("namespace") or metric.get("metric_name")]
    returned = [metric for metric in with_metric if metric.get("return_data") is not False]
    return (returned or with_metric or [{}])[0]


def _affected_systems(metrics: Iterable[Mapping[str, Any]]) -> list[str]:
    systems: list[str] = []
    for metric in metrics:
        dimensions = metric.get("dimensions") or {}
        known = [dimensions[name] for name in RESOURCE_DIMENSIONS if dimensions.get(name)]
        systems.extend(known or [value for value in dimensions.values() if value])
    return unique(clip(system, 255) for system in systems)[:MAX_SYSTEMS]


def _alarm_severity(notice: AlarmNotice, default: Severity, lookup: SeverityLookup | None) -> Severity:
    if lookup is not None:
        found = lookup(notice.arn)
        if found is not None:
            return Severity(found)
    tag = next((value for key, value in notice.tags.items() if key.strip().lower() == "severity"), None)
    return (
        severity_from_word(tag)
        or severity_from_convention(notice.name)
        or severity_from_convention(notice.description)
        or default
    )
