"""What monitoring tools send, turned into `Alert`s (the rules that apply them live in `alerts`).

- CloudWatch alarms, in the three shapes they reach Lambda, told apart by shape:
  an SNS notification (`Records[].Sns.Message` holds the alarm JSON), an EventBridge
  `CloudWatch Alarm State Change` event, and a direct Lambda alarm action
  (`source: aws.cloudwatch` with `alarmArn` and `alarmData`); metric, metric-math,
  anomaly-detection and composite alarms alike.
- `POST /events`, in the shape of PagerDuty Events v2 (`InboundEvent`).
- `POST /integrations/alertmanager`, Prometheus Alertmanager's webhook and Grafana's,
  which is the same shape with a few more fields (`AlertmanagerWebhook`).

Parsing is pure: no I/O (a caller that wants an alarm's `severity` tag passes a lookup).
What is kept in `raw_data` is plain JSON with long strings and lists capped, so that it
always stays well under the incident's raw_data limit.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from incident_core.alerts.service import Alert, AlertAction
from incident_core.core.clock import iso, parse_iso
from incident_core.core.settings import get_settings
from incident_core.incidents.models import Severity, ShortText, StrictInput

__all__ = [
    "AlertmanagerAlert",
    "AlertmanagerWebhook",
    "EventImage",
    "EventLink",
    "EventPayload",
    "InboundEvent",
    "LenientInput",
    "MalformedAlert",
    "alert_from_inbound_event",
    "alerts_from_alertmanager",
    "alerts_from_cloudwatch",
    "severity_from_convention",
    "severity_from_word",
]

ALARM_STATE_CHANGE = "CloudWatch Alarm State Change"
ALARM_ACTIONS: dict[str, AlertAction] = {"ALARM": "trigger", "OK": "resolve", "INSUFFICIENT_DATA": "note"}
ALARM_TITLES = {"ALARM": "is in ALARM", "OK": "returned to OK", "INSUFFICIENT_DATA": "has insufficient data"}

MAX_KEY = 255  # dedup keys are stored as a 1-255 character field
MAX_TITLE = 255
MIN_DESCRIPTION, MAX_DESCRIPTION = 10, 5000
MAX_NOTE = 2000
MAX_SYSTEMS, MAX_TAGS, MAX_TAG = 50, 20, 50
RAW_DATA_BUDGET = 16 * 1024  # bytes of JSON; the incident's own limit is 32 KiB by default
RAW_LIMITS = ((1024, 50), (256, 20), (64, 5))  # (characters per string, items per list), tried in turn

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

# Words for a severity, as tags, labels and names spell them.
SEVERITY_WORDS: dict[str, Severity] = {
    **dict.fromkeys(("critical", "crit", "page", "fatal", "emergency", "sev1", "p1"), Severity.CRITICAL),
    **dict.fromkeys(("high", "error", "major", "sev2", "p2"), Severity.HIGH),
    **dict.fromkeys(("medium", "warning", "warn", "minor", "moderate", "sev3", "p3"), Severity.MEDIUM),
    **dict.fromkeys(("low", "info", "informational", "none", "debug", "sev4", "p4", "p5"), Severity.LOW),
}
SEV_NUMBERS = {"1": Severity.CRITICAL, "2": Severity.HIGH, "3": Severity.MEDIUM, "4": Severity.LOW}
P_NUMBERS = {**SEV_NUMBERS, "5": Severity.LOW}
# `sev:critical`, `sev-high`, `severity=low`, `sev1`, `SEV 2` ... and `[P1]`..`[P5]`.
SEV_PATTERN = re.compile(r"(?<![a-z0-9])sev(?:erity)?[\s:=_-]*(critical|high|medium|low|[1-4])(?![a-z0-9])", re.I)
PRIORITY_PATTERN = re.compile(r"\[\s*p([1-5])\s*\]", re.I)


class MalformedAlert(ValueError):
    """The event is not an alert this parser knows, or lacks what it needs (state, alarm name or ARN).

    Retrying can not fix it: callers log and count it, and do not retry.
    """


# --- severity conventions -------------------------------------------------------------------


def severity_from_word(value: Any) -> Severity | None:
    """A severity word (`critical`, `error`, `warning`, `info`, `sev2`, `P3` ...), or None."""
    if not isinstance(value, str):
        return None
    word = re.sub(r"[\s_:-]", "", value.strip().lower())
    return SEVERITY_WORDS.get(word)


def severity_from_convention(text: str | None) -> Severity | None:
    """The severity a name or description declares: `sev:critical`..`sev:low`, `sev1`..`sev4`, `[P1]`..`[P5]`."""
    if not text:
        return None
    found = SEV_PATTERN.search(text)
    if found:
        word = found.group(1).lower()
        return SEV_NUMBERS.get(word) or Severity(word)
    found = PRIORITY_PATTERN.search(text)
    return P_NUMBERS[found.group(1)] if found else None


# --- CloudWatch alarms ------------------------------------------------------------------------


@dataclass(slots=True)
class _Notice:
    """One alarm state change, whatever shape it came in."""

    delivery: str  # sns | eventbridge | alarm-action
    name: str
    arn: str
    state: str
    previous_state: str | None
    reason: str
    reason_data: Any
    changed_at: str | None
    description: str
    region: str | None
    account: str | None
    composite: bool
    metrics: list[dict[str, Any]] = field(default_factory=list)
    condition: dict[str, Any] = field(default_factory=dict)
    alarm_rule: str | None = None
    triggering_children: list[dict[str, Any]] = field(default_factory=list)
    tags: Mapping[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def alerts_from_cloudwatch(
    event: Mapping[str, Any],
    *,
    default_severity: Severity,
    name_prefixes: Sequence[str] = (),
    severity_lookup: Callable[[str], Severity | None] | None = None,
) -> list[Alert]:
    """The alerts of a CloudWatch alarm event (SNS, EventBridge or direct alarm action).

    `ALARM` triggers, `OK` resolves, `INSUFFICIENT_DATA` notes. Alarms whose name starts
    with none of `name_prefixes` (when given) are skipped. Severity: `severity_lookup(arn)`
    when given and not None, then a `severity` tag carried by the event, then the
    name/description convention, then `default_severity`. Exceptions of the lookup are the
    caller's to handle. Raises `MalformedAlert` for any other event.
    """
    if not isinstance(event, Mapping):
        raise MalformedAlert(f"A CloudWatch alarm event is a JSON object, not {type(event).__name__}")
    if isinstance(name_prefixes, str):
        name_prefixes = (name_prefixes,)
    prefixes = tuple(prefix.strip() for prefix in name_prefixes if prefix and prefix.strip())
    alerts = []
    for notice in _notices(event):
        if prefixes and not notice.name.startswith(prefixes):
            continue
        alerts.append(_alarm_alert(notice, default_severity=default_severity, severity_lookup=severity_lookup))
    return alerts


def _notices(event: Mapping[str, Any]) -> list[_Notice]:
    if "Records" in event:
        return _sns_notices(event["Records"])
    if event.get("detail-type") == ALARM_STATE_CHANGE:
        detail = event.get("detail")
        if not isinstance(detail, Mapping):
            raise MalformedAlert("EventBridge alarm state change has no `detail` object")
        resources = event.get("resources")
        listed = resources if isinstance(resources, list) else []
        arn = next((item for item in listed if isinstance(item, str) and ":alarm:" in item), None)
        return [_state_change_notice(detail, "eventbridge", "detail", arn=arn, envelope=event, account_key="account")]
    if event.get("source") == "aws.cloudwatch" and "alarmArn" in event and "alarmData" in event:
        data = event.get("alarmData")
        if not isinstance(data, Mapping):
            raise MalformedAlert("Alarm action event has no `alarmData` object")
        return [
            _state_change_notice(
                data, "alarm-action", "alarmData", arn=event.get("alarmArn"), envelope=event, account_key="accountId"
            )
        ]
    raise MalformedAlert(_unknown_shape(event))


def _unknown_shape(event: Mapping[str, Any]) -> str:
    expected = (
        "expected SNS `Records`, an EventBridge `CloudWatch Alarm State Change` event, "
        "or a Lambda alarm action (`source: aws.cloudwatch` with `alarmArn` and `alarmData`)"
    )
    if "detail-type" in event:
        return f"Not a CloudWatch alarm state change: detail-type {_clip(str(event['detail-type']), 100)!r}; {expected}"
    keys = ", ".join(sorted(str(key) for key in event)[:12]) or "none"
    return f"Not a CloudWatch alarm event: {expected}; got keys: {keys}"


# SNS ------------------------------------------------------------------------------------------


def _sns_notices(records: Any) -> list[_Notice]:
    if not isinstance(records, list) or not records:
        raise MalformedAlert("SNS event has no `Records`")
    notices = []
    for index, record in enumerate(records):
        where = f"Records[{index}]"
        if not isinstance(record, Mapping) or record.get("EventSource") != "aws:sns":
            source = (record.get("EventSource") or record.get("eventSource")) if isinstance(record, Mapping) else None
            raise MalformedAlert(f"{where} is not an SNS record (EventSource {source!r})")
        sns = record.get("Sns")
        if not isinstance(sns, Mapping):
            raise MalformedAlert(f"{where} has no `Sns` object")
        notices.append(_sns_notice(sns, where))
    return notices


def _sns_notice(sns: Mapping[str, Any], where: str) -> _Notice:
    text = sns.get("Message")
    try:
        message = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        message = None
    if not isinstance(message, Mapping):
        raise MalformedAlert(f"{where}.Sns.Message is not JSON: not a CloudWatch alarm notification")
    if not (_text(message.get("AlarmName")) or _text(message.get("AlarmArn"))):
        raise MalformedAlert(f"{where}.Sns.Message is not a CloudWatch alarm notification: no AlarmName or AlarmArn")
    topic = _parse_arn(_text(sns.get("TopicArn")))
    name, arn, region, account = _identity(
        message.get("AlarmName"),
        message.get("AlarmArn"),
        region=topic[1] if topic else None,  # the message's `Region` is a display name
        account=message.get("AWSAccountId"),
        partition=topic[0] if topic else "aws",
        where=f"{where}.Sns.Message",
    )
    trigger = message.get("Trigger")
    composite = not isinstance(trigger, Mapping)
    metrics, condition = _sns_trigger(trigger) if isinstance(trigger, Mapping) else ([], {})
    extra = {
        "region_name": message.get("Region"),
        "sns_message_id": sns.get("MessageId"),
        "topic_arn": sns.get("TopicArn"),
        "alarm_configuration_updated_at": message.get("AlarmConfigurationUpdatedTimestamp"),
    }
    return _Notice(
        delivery="sns",
        name=name,
        arn=arn,
        state=_state(message.get("NewStateValue"), f"{where}.Sns.Message.NewStateValue"),
        previous_state=_text(message.get("OldStateValue")),
        reason=_text(message.get("NewStateReason")) or "",
        reason_data=_json_value(message.get("NewStateReasonData")),
        changed_at=_timestamp(message.get("StateChangeTime")) or _timestamp(sns.get("Timestamp")),
        description=_text(message.get("AlarmDescription")) or "",
        region=region,
        account=account,
        composite=composite,
        metrics=metrics,
        condition=condition,
        alarm_rule=_text(message.get("AlarmRule")),
        triggering_children=_children(message.get("TriggeringChildren")),
        tags=_tag_map(message.get("AlarmTags")),
        extra=extra,
    )


def _sns_trigger(trigger: Mapping[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    metrics: list[dict[str, Any]] = []
    if isinstance(trigger.get("Metrics"), list):
        for item in trigger["Metrics"]:
            if not isinstance(item, Mapping):
                continue
            stat = _mapping(item.get("MetricStat"))
            metric = _mapping(stat.get("Metric"))
            metrics.append(
                _metric(
                    id=item.get("Id"),
                    label=item.get("Label"),
                    expression=item.get("Expression"),
                    return_data=item.get("ReturnData"),
                    namespace=metric.get("Namespace"),
                    metric_name=metric.get("MetricName"),
                    dimensions=_dimensions(metric.get("Dimensions")),
                    statistic=stat.get("Stat"),
                    period=stat.get("Period") or item.get("Period"),
                    unit=stat.get("Unit"),
                )
            )
    elif trigger.get("MetricName") or trigger.get("Namespace"):
        metrics.append(
            _metric(
                namespace=trigger.get("Namespace"),
                metric_name=trigger.get("MetricName"),
                dimensions=_dimensions(trigger.get("Dimensions")),
                statistic=trigger.get("Statistic") or trigger.get("ExtendedStatistic"),
                period=trigger.get("Period"),
                unit=trigger.get("Unit"),
            )
        )
    treat_missing = _text(trigger.get("TreatMissingData"))
    condition = {
        "threshold": trigger.get("Threshold"),
        "threshold_metric_id": trigger.get("ThresholdMetricId"),
        "comparison_operator": trigger.get("ComparisonOperator"),
        "evaluation_periods": trigger.get("EvaluationPeriods"),
        "datapoints_to_alarm": trigger.get("DatapointsToAlarm"),
        # SNS spells it "- TreatMissingData:   missing"
        "treat_missing_data": treat_missing.rsplit(":", 1)[-1].strip() if treat_missing else None,
        "period": trigger.get("Period"),
    }
    return metrics, condition


# EventBridge and the direct alarm action ------------------------------------------------------


def _state_change_notice(
    body: Mapping[str, Any],
    delivery: str,
    where: str,
    *,
    arn: Any,
    envelope: Mapping[str, Any],
    account_key: str,
) -> _Notice:
    state = _mapping(body.get("state"))
    if not state:
        raise MalformedAlert(f"{where}.state is missing: no alarm state")
    previous = _mapping(body.get("previousState"))
    config = _mapping(body.get("configuration"))
    name, arn, region, account = _identity(
        body.get("alarmName"),
        arn,
        region=envelope.get("region"),
        account=envelope.get(account_key),
        partition="aws",
        where=where,
    )
    reason_data = _json_value(state.get("reasonData"))
    metrics = [_config_metric(item) for item in config.get("metrics") or () if isinstance(item, Mapping)]
    reasons = _mapping(reason_data)
    condition = {
        "threshold": reasons.get("threshold"),
        "statistic": reasons.get("statistic"),
        "period": reasons.get("period"),
    }
    mute = _mapping(body.get("muteDetail"))
    extra = {
        "event_id": envelope.get("id"),
        "actions_suppressed_by": state.get("actionsSuppressedBy"),
        "actions_suppressed_reason": state.get("actionsSuppressedReason"),
        "actions_suppressor": config.get("actionsSuppressor"),
        "muted_by": mute.get("mutedByArn"),
        "mute_window_end": mute.get("muteWindowEnd"),
    }
    composite = "alarmRule" in config
    return _Notice(
        delivery=delivery,
        name=name,
        arn=arn,
        state=_state(state.get("value"), f"{where}.state.value"),
        previous_state=_text(previous.get("value")),
        reason=_text(state.get("reason")) or "",
        reason_data=reason_data,
        changed_at=_timestamp(state.get("timestamp")) or _timestamp(envelope.get("time")),
        description=_text(config.get("description")) or _text(config.get("alarmDescription")) or "",
        region=region,
        account=account,
        composite=composite,
        metrics=metrics,
        condition=condition,
        alarm_rule=_text(config.get("alarmRule")),
        triggering_children=_children(reasons.get("triggeringAlarms")) if composite else [],
        tags=_tag_map(body.get("alarmTags")),
        extra=extra,
    )


def _config_metric(item: Mapping[str, Any]) -> dict[str, Any]:
    stat = _mapping(item.get("metricStat"))
    metric = _mapping(stat.get("metric"))
    return _metric(
        id=item.get("id"),
        label=item.get("label"),
        expression=item.get("expression"),
        return_data=item.get("returnData"),
        namespace=metric.get("namespace"),
        metric_name=metric.get("name"),
        dimensions=_dimensions(metric.get("dimensions")),
        statistic=stat.get("stat"),
        period=stat.get("period") or item.get("period"),
        unit=stat.get("unit"),
    )


# shared ---------------------------------------------------------------------------------------


def _identity(
    name: Any, arn: Any, *, region: Any, account: Any, partition: str, where: str
) -> tuple[str, str, str | None, str | None]:
    """Alarm name and ARN (built from region, account and name when a shape lacks it)."""
    name_text, arn_text = _text(name), _text(arn)
    region_text, account_text = _text(region), _text(account)
    parsed = _parse_arn(arn_text)
    if parsed:
        partition, region_text, account_text = parsed[0], parsed[1] or region_text, parsed[2] or account_text
        name_text = name_text or parsed[3]
    if not name_text:
        raise MalformedAlert(f"{where} has no alarm name")
    if not arn_text:
        if not (region_text and account_text):
            raise MalformedAlert(f"{where} has no alarm ARN, nor the region and account to build it from")
        arn_text = f"arn:{partition}:cloudwatch:{region_text}:{account_text}:alarm:{name_text}"
    return name_text, arn_text, region_text, account_text


def _parse_arn(arn: str | None) -> tuple[str, str, str, str] | None:
    """(partition, region, account, resource name) of `arn:<partition>:<service>:<region>:<account>:<type>:<name>`."""
    parts = (arn or "").split(":", 6)
    if len(parts) == 7 and parts[0] == "arn":
        return parts[1], parts[3], parts[4], parts[6]
    if len(parts) == 6 and parts[0] == "arn":  # SNS topics: arn:aws:sns:<region>:<account>:<name>
        return parts[1], parts[3], parts[4], parts[5]
    return None


def _state(value: Any, where: str) -> str:
    state = _text(value)
    if not state:
        raise MalformedAlert(f"{where} is missing: no alarm state")
    if state.upper() not in ALARM_ACTIONS:
        raise MalformedAlert(f"{where} is {_clip(state, 50)!r}: expected ALARM, OK or INSUFFICIENT_DATA")
    return state.upper()


def _metric(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in (None, "", {})}


def _dimensions(value: Any) -> dict[str, str]:
    """`[{"name": n, "value": v}]` (SNS) or `{n: v}` (EventBridge, alarm action) as `{n: v}`."""
    if isinstance(value, Mapping):
        return {str(key): str(item) for key, item in value.items() if item is not None}
    dimensions: dict[str, str] = {}
    for item in value if isinstance(value, list) else ():
        if isinstance(item, Mapping):
            name, val = item.get("name", item.get("Name")), item.get("value", item.get("Value"))
            if name is not None and val is not None:
                dimensions[str(name)] = str(val)
    return dimensions


def _children(value: Any) -> list[dict[str, Any]]:
    """Triggering child alarms: SNS `[{"Arn", "State": {"Value", "Timestamp"}}]`, EventBridge `[{"arn", "state"}]`."""
    children = []
    for item in value if isinstance(value, list) else ():
        if isinstance(item, str):
            item = {"arn": item}
        if not isinstance(item, Mapping):
            continue
        arn = _text(item.get("arn", item.get("Arn")))
        state = _mapping(item.get("state", item.get("State")))
        parsed = _parse_arn(arn)
        children.append(
            _metric(
                name=parsed[3] if parsed else None,
                arn=arn,
                state=state.get("value", state.get("Value")),
                timestamp=state.get("timestamp", state.get("Timestamp")),
            )
        )
    return children


def _tag_map(value: Any) -> dict[str, Any]:
    """Alarm tags carried by the event: `{key: value}` or `[{"Key", "Value"}]`."""
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    tags: dict[str, Any] = {}
    for item in value if isinstance(value, list) else ():
        if isinstance(item, Mapping) and ("Key" in item or "key" in item):
            tags[str(item.get("Key", item.get("key")))] = item.get("Value", item.get("value"))
    return tags


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
    return _unique(_clip(system, 255) for system in systems)[:MAX_SYSTEMS]


def _alarm_alert(
    notice: _Notice, *, default_severity: Severity, severity_lookup: Callable[[str], Severity | None] | None
) -> Alert:
    primary = _primary_metric(notice.metrics)
    namespaces = _unique(str(metric["namespace"]) for metric in notice.metrics if metric.get("namespace"))
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
    title = f"{_clip(notice.name, MAX_TITLE - len(suffix) - 1)} {suffix}"
    lines = [notice.description, notice.reason]
    if notice.alarm_rule:
        lines.append(f"Alarm rule: {notice.alarm_rule}")
    children = [child.get("name") or child.get("arn") for child in notice.triggering_children]
    if any(children):
        lines.append("Triggered by: " + ", ".join(str(child) for child in children if child))
    return Alert(
        action=ALARM_ACTIONS[notice.state],
        dedup_key=_bounded_key(notice.arn),
        title=title,
        description=_description(lines, fallback=f"CloudWatch alarm {notice.name} {suffix}."),
        severity=_alarm_severity(notice, default_severity, severity_lookup),
        source="cloudwatch",
        incident_type="alarm",
        affected_systems=tuple(_affected_systems(notice.metrics)),
        raw_data=_fit_raw(raw),
        tags=tuple(_tags(["alarm", *namespaces, "composite" if notice.composite else None])),
        occurred_at=notice.changed_at,
        note=_clip(notice.reason, MAX_NOTE) or None,
    )


def _alarm_severity(notice: _Notice, default: Severity, lookup: Callable[[str], Severity | None] | None) -> Severity:
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


# --- PagerDuty-style events: POST /events -----------------------------------------------------

EventAction = Literal["trigger", "acknowledge", "resolve"]
PagerDutySeverity = Literal["critical", "error", "warning", "info"]
EVENT_ACTIONS = ("trigger", "acknowledge", "resolve")
PAGERDUTY_SEVERITIES: dict[str, Severity] = {
    "critical": Severity.CRITICAL,
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "info": Severity.LOW,
}
EVENTS_SOURCE = "events-api"

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048)]
Caption = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1024)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024)]
DedupKey = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_KEY)]


class EventLink(StrictInput):
    href: Url
    text: Caption | None = None


class EventImage(StrictInput):
    src: Url
    href: Url | None = None
    alt: Caption | None = None


# Datadog's `$ALERT_TRANSITION` and `$ALERT_PRIORITY`, so its webhook needs no parser.
ACTION_ALIASES = {
    "triggered": "trigger",
    "re-triggered": "trigger",
    "retriggered": "trigger",
    "renotify": "trigger",
    "warn": "trigger",
    "no data": "trigger",
    "recovered": "resolve",
    "resolved": "resolve",
    "acknowledged": "acknowledge",
}
PRIORITY_SEVERITIES = {"p1": "critical", "p2": "error", "p3": "warning", "p4": "info", "p5": "info", "": "warning"}


class EventPayload(StrictInput):
    """PagerDuty Events v2 `payload`: a fixed set of fields; anything else goes in `custom_details`."""

    summary: Summary
    source: ShortText
    severity: PagerDutySeverity
    timestamp: str | None = None
    component: ShortText | None = None
    group: ShortText | None = None
    class_: ShortText | None = Field(default=None, alias="class")
    custom_details: dict[str, Any] | None = None

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else None
        word = PRIORITY_SEVERITIES.get(word, word) if word is not None else None
        if word not in PAGERDUTY_SEVERITIES:
            raise PydanticCustomError("severity", "severity must be one of: critical, error, warning, info")
        return word

    @field_validator("timestamp")
    @classmethod
    def _timestamp(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return _moment(value)
        except ValueError:
            raise PydanticCustomError("timestamp", "timestamp must be an ISO 8601 date-time") from None

    @field_validator("custom_details", mode="before")
    @classmethod
    def _details_object(cls, value: Any) -> Any:
        # PagerDuty takes any JSON here; an object is kept as is, anything else is wrapped.
        return value if value is None or isinstance(value, Mapping) else {"details": value}


class InboundEvent(StrictInput):
    """`POST /events`, the shape of PagerDuty Events v2.

    Strict like every body of this API: PagerDuty's shape is small and fixed (its
    top-level fields are all named here, free-form data belongs in
    `payload.custom_details`), so an unknown field is a sender's mistake (a v1 field such
    as `event_type` or `description`, a typo) that would otherwise lose data silently.
    """

    event_action: EventAction
    routing_key: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] | None = None
    dedup_key: DedupKey | None = Field(default=None, validate_default=True)
    payload: EventPayload | None = Field(default=None, validate_default=True)
    links: Annotated[list[EventLink], Field(max_length=50)] = Field(default_factory=list)
    images: Annotated[list[EventImage], Field(max_length=50)] = Field(default_factory=list)
    client: ShortText | None = None
    client_url: Url | None = None

    @field_validator("event_action", mode="before")
    @classmethod
    def _action(cls, value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else None
        word = ACTION_ALIASES.get(word, word) if word is not None else None
        if word not in EVENT_ACTIONS:
            raise PydanticCustomError("event_action", "event_action must be one of: trigger, acknowledge, resolve")
        return word

    @field_validator("dedup_key")
    @classmethod
    def _dedup_key(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value:
            return value
        action = info.data.get("event_action")
        if action == "trigger":
            return uuid.uuid4().hex  # as PagerDuty does; the answer returns it
        if action in ("acknowledge", "resolve"):
            raise PydanticCustomError(
                "dedup_key_required", "dedup_key is required when event_action is {action}", {"action": action}
            )
        return None

    @field_validator("payload")
    @classmethod
    def _payload_on_trigger(cls, value: EventPayload | None, info: ValidationInfo) -> EventPayload | None:
        if value is None and info.data.get("event_action") == "trigger":
            raise PydanticCustomError("payload_required", "payload is required when event_action is trigger")
        return value


def alert_from_inbound_event(event: InboundEvent) -> Alert:
    key = _bounded_key(event.dedup_key or uuid.uuid4().hex)
    payload = event.payload
    links = [link.model_dump(exclude_none=True) for link in event.links]
    images = [image.model_dump(exclude_none=True) for image in event.images]
    if payload is None:  # acknowledge / resolve by key alone
        return Alert(
            action=event.event_action,
            dedup_key=key,
            title=f"Event {key}",
            description=f"{event.event_action} event for dedup key {key}",
            severity=Severity.MEDIUM,
            source=EVENTS_SOURCE,
            incident_type="alert",
            raw_data=_fit_raw(
                {"links": links, "images": images, "client": event.client, "client_url": event.client_url}
            ),
            tags=(EVENTS_SOURCE,),
            note=f"{event.event_action} from {event.client or 'the events API'}",
            resolution="resolved by an inbound event",
        )
    details = [
        ("Source", payload.source),
        ("Component", payload.component),
        ("Group", payload.group),
        ("Class", payload.class_),
    ]
    raw = {
        "summary": payload.summary,
        "source": payload.source,
        "severity": payload.severity,
        "timestamp": payload.timestamp,
        "component": payload.component,
        "group": payload.group,
        "class": payload.class_,
        "custom_details": payload.custom_details,
        "links": links,
        "images": images,
        "client": event.client,
        "client_url": event.client_url,
    }
    return Alert(
        action=event.event_action,
        dedup_key=key,
        title=_clip(payload.summary, MAX_TITLE),
        description=_description(
            [payload.summary, "\n".join(f"{label}: {value}" for label, value in details if value)],
            fallback=f"Event from {payload.source}:",
        ),
        severity=PAGERDUTY_SEVERITIES[payload.severity],
        source=payload.source.strip().lower()[:64].strip() or EVENTS_SOURCE,
        incident_type="alert",
        affected_systems=tuple(_unique(value for value in (payload.component, payload.source) if value)),
        raw_data=_fit_raw(raw),
        tags=tuple(_tags([EVENTS_SOURCE, payload.group, payload.class_])),
        occurred_at=payload.timestamp,
        note=_clip(payload.summary, MAX_NOTE),
        resolution=f"resolved by {_clip(payload.source, 200)}",
    )


# --- Alertmanager and Grafana: POST /integrations/alertmanager -------------------------------


class LenientInput(BaseModel):
    """Base of bodies written by other software: unknown fields are ignored, strings trimmed."""

    model_config = ConfigDict(
        extra="ignore", str_strip_whitespace=True, defer_build=True, validate_by_name=True, validate_by_alias=True
    )


def _string_map(value: Any) -> Any:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(key): item if isinstance(item, str) else json.dumps(item) for key, item in value.items()}
    return value


GRAFANA_HOOK_FIELDS = frozenset({"org_id", "title", "message", "state"})
GRAFANA_ALERT_FIELDS = frozenset({"values", "value_string", "silence_url", "dashboard_url", "panel_url", "image_url"})


class AlertmanagerAlert(LenientInput):
    status: Literal["firing", "resolved"]
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: str | None = Field(default=None, alias="startsAt")
    ends_at: str | None = Field(default=None, alias="endsAt")
    generator_url: str | None = Field(default=None, alias="generatorURL")
    fingerprint: str | None = None
    # Grafana
    values: dict[str, Any] | None = None
    value_string: str | None = Field(default=None, alias="valueString")
    silence_url: str | None = Field(default=None, alias="silenceURL")
    dashboard_url: str | None = Field(default=None, alias="dashboardURL")
    panel_url: str | None = Field(default=None, alias="panelURL")
    image_url: str | None = Field(default=None, alias="imageURL")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else None
        if word not in ("firing", "resolved"):
            raise PydanticCustomError("alert_status", "status must be one of: firing, resolved")
        return word

    @field_validator("labels", "annotations", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return _string_map(value)


class AlertmanagerWebhook(LenientInput):
    """Alertmanager's webhook body (`version: "4"`), or Grafana's (`version: "1"`, plus `orgId`, `values`, links).

    Unknown fields are ignored, not refused: the body is written by Alertmanager or Grafana,
    not by the user, and grows fields between their releases (`truncatedAlerts`, Grafana's
    extras); refusing them would break the integration on the sender's next upgrade.
    """

    version: str | None = None
    group_key: str | None = Field(default=None, alias="groupKey")
    truncated_alerts: int | None = Field(default=None, alias="truncatedAlerts")
    status: str | None = None
    receiver: str | None = None
    group_labels: dict[str, str] = Field(default_factory=dict, alias="groupLabels")
    common_labels: dict[str, str] = Field(default_factory=dict, alias="commonLabels")
    common_annotations: dict[str, str] = Field(default_factory=dict, alias="commonAnnotations")
    external_url: str | None = Field(default=None, alias="externalURL")
    alerts: Annotated[list[AlertmanagerAlert], Field(min_length=1)]
    # Grafana
    org_id: int | None = Field(default=None, alias="orgId")
    title: str | None = None
    message: str | None = None
    state: str | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @field_validator("group_labels", "common_labels", "common_annotations", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return _string_map(value)

    @property
    def is_grafana(self) -> bool:
        """Grafana's webhook: the same shape with its own fields (sent even when empty)."""
        return bool(GRAFANA_HOOK_FIELDS & self.model_fields_set) or any(
            GRAFANA_ALERT_FIELDS & alert.model_fields_set for alert in self.alerts
        )


ALERTMANAGER_SYSTEM_LABELS = ("instance", "host", "node", "pod", "service", "job")


def alerts_from_alertmanager(hook: AlertmanagerWebhook) -> list[Alert]:
    """One alert per Alertmanager/Grafana alert: `alertmanager:<fingerprint>` firing triggers, resolved resolves."""
    source = "grafana" if hook.is_grafana else "alertmanager"
    tool = "Grafana" if hook.is_grafana else "Alertmanager"
    return [_alertmanager_alert(hook, alert, source=source, tool=tool) for alert in hook.alerts]


def _alertmanager_alert(hook: AlertmanagerWebhook, alert: AlertmanagerAlert, *, source: str, tool: str) -> Alert:
    labels = {**hook.common_labels, **alert.labels}
    annotations = {**hook.common_annotations, **alert.annotations}
    fingerprint = alert.fingerprint or _labels_hash(labels)
    alertname = labels.get("alertname")
    summary = annotations.get("summary")
    title = summary or alertname or (hook.title if hook.is_grafana else None) or f"{tool} alert {fingerprint}"
    label_text = ", ".join(f"{name}={value}" for name, value in sorted(labels.items()))
    lines = [annotations.get("description") or summary, f"Labels: {label_text}" if label_text else None]
    if alert.value_string:
        lines.append(f"Values: {alert.value_string}")
    if annotations.get("runbook_url"):
        lines.append(f"Runbook: {annotations['runbook_url']}")
    severity_label = next((value for name, value in labels.items() if name.lower() == "severity"), None)
    raw = {
        "integration": source,
        "status": alert.status,
        "fingerprint": alert.fingerprint,
        "labels": labels,
        "annotations": annotations,
        "startsAt": alert.starts_at,
        "endsAt": alert.ends_at,
        "generatorURL": alert.generator_url,
        "receiver": hook.receiver,
        "groupKey": hook.group_key,
        "externalURL": hook.external_url,
        "silenceURL": alert.silence_url,
        "dashboardURL": alert.dashboard_url,
        "panelURL": alert.panel_url,
        "imageURL": alert.image_url,
        "values": alert.values,
        "valueString": alert.value_string,
        "orgId": hook.org_id,
    }
    firing = alert.status == "firing"
    return Alert(
        action="trigger" if firing else "resolve",
        dedup_key=_bounded_key(f"alertmanager:{fingerprint}"),
        title=_clip(title, MAX_TITLE),
        description=_description(lines, fallback=f"{tool} alert {alertname or fingerprint} is {alert.status}."),
        severity=(severity_from_word(severity_label) or Severity.MEDIUM),
        source=source,
        incident_type="alert",
        affected_systems=tuple(
            _unique(_clip(labels[name], 255) for name in ALERTMANAGER_SYSTEM_LABELS if labels.get(name))
        ),
        raw_data=_fit_raw(raw),
        tags=tuple(_tags([source, alertname])),
        occurred_at=_timestamp(alert.starts_at if firing else alert.ends_at),
        note=_clip(f"{alert.status}: {summary or annotations.get('description') or title}", MAX_NOTE),
        resolution=f"resolved in {tool}",
    )


def _labels_hash(labels: Mapping[str, str]) -> str:
    """A stable stand-in for a missing fingerprint: the same labels give the same key."""
    canonical = json.dumps(sorted(labels.items()), separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


# --- helpers ----------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A non-empty trimmed string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _json_value(value: Any) -> Any:
    """State reason data arrives as a JSON string: keep it as JSON, or as text when it is not JSON."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _moment(value: str) -> str:
    """ISO 8601 UTC with milliseconds and `Z`; raises ValueError when not a date-time."""
    moment = parse_iso(value)
    if moment.year < 1971:
        raise ValueError("not a real moment")  # Go's zero time, `0001-01-01T00:00:00Z`, means "unset"
    return iso(moment)


def _timestamp(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return _moment(value)
    except (ValueError, OverflowError):
        return None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _bounded_key(key: str) -> str:
    """Keys over the 255-character limit keep their start and end in a hash, so they stay unique."""
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{key[: MAX_KEY - len(digest) - 1]}#{digest}"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _tags(values: Iterable[str | None]) -> list[str]:
    return _unique(_clip(value.strip(), MAX_TAG) for value in values if value and value.strip())[:MAX_TAGS]


def _description(parts: Iterable[str | None], *, fallback: str) -> str:
    """Descriptions need 10-5000 characters: the parts, led by the fallback when they say too little."""
    text = "\n\n".join(part.strip() for part in parts if part and part.strip())
    if len(text) < MIN_DESCRIPTION:
        text = f"{fallback} {text}".strip()
    if len(text) < MIN_DESCRIPTION:
        text = f"{text} (no further details)"
    return _clip(text, MAX_DESCRIPTION)


def _plain(value: Any, text_limit: int, items_limit: int, depth: int = 0) -> Any:
    """Plain JSON with strings and lists capped; non-finite floats and other types become text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return _clip(value, text_limit)
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if depth >= 8:
        return _clip(json.dumps(value, default=str), text_limit)
    if isinstance(value, Mapping):
        items = list(value.items())[: items_limit * 2]
        return {_clip(str(key), 128): _plain(item, text_limit, items_limit, depth + 1) for key, item in items}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item, text_limit, items_limit, depth + 1) for item in list(value)[:items_limit]]
    return _clip(str(value), text_limit)


def _json_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), default=str).encode())


def _fit_raw(raw: Mapping[str, Any]) -> dict[str, Any]:
    """raw_data as plain JSON within budget: tighter caps first, then the largest entries go."""
    budget = min(RAW_DATA_BUDGET, get_settings().max_raw_data_bytes // 2)
    data: dict[str, Any] = {}
    for text_limit, items_limit in RAW_LIMITS:
        data = {
            key: plain
            for key, value in raw.items()
            if (plain := _plain(value, text_limit, items_limit)) not in (None, "", [], {})
        }
        if _json_size(data) <= budget:
            return data
    dropped = []
    while data and _json_size(data) > budget - 200:
        largest = max(data, key=lambda key: _json_size(data[key]))
        dropped.append(largest)
        del data[largest]
    data["truncated_fields"] = sorted(dropped)[:MAX_SYSTEMS]
    return data
