"""Reading the three shapes a CloudWatch alarm state change reaches Lambda in, each into an `AlarmNotice`.

- an SNS notification: `Records[].Sns.Message` holds the alarm JSON (the classic
  notification: `AlarmName`, `NewStateValue`, `Trigger` ...);
- an EventBridge `CloudWatch Alarm State Change` event, the alarm in `detail`;
- a direct Lambda alarm action: `source: aws.cloudwatch` with `alarmArn` and `alarmData`.

Metric, metric-math, anomaly-detection and composite alarms alike. The envelopes come as
Powertools' event data classes (`SNSEvent`, `EventBridgeEvent`, `CloudWatchAlarmEvent`), and
the state change the last two carry is read as `CloudWatchAlarmData`. Their properties index
the event (`self["state"]`), so a field that a malformed event may lack or mistype is read
with `.get` and checked here: such an event is a `MalformedAlert` saying what is wrong, never
a KeyError. The SNS message itself has no data class: it is read by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools.utilities.data_classes.cloud_watch_alarm_event import (
    CloudWatchAlarmConfiguration,
    CloudWatchAlarmData,
    CloudWatchAlarmEvent,
    CloudWatchAlarmMetric,
    CloudWatchAlarmMetricStat,
    CloudWatchAlarmState,
)
from aws_lambda_powertools.utilities.data_classes.common import DictWrapper
from aws_lambda_powertools.utilities.data_classes.event_bridge_event import EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.sns_event import SNSEvent, SNSEventRecord, SNSMessage

from incident_core.alerts.sources.common import (
    MalformedAlert,
    clip,
    iso_moment_or_none,
    json_or_text,
    nonblank_text,
    object_or_empty,
)
from incident_core.core.malformed import READ_ERRORS, read_error_reason
from incident_core.http.body import parse_json

ALARM_STATES = ("ALARM", "OK", "INSUFFICIENT_DATA")


@dataclass(slots=True)
class AlarmNotice:
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


# SNS ------------------------------------------------------------------------------------------


def sns_notices(event: SNSEvent) -> list[AlarmNotice | MalformedAlert]:
    """One notice per record, each record's `Sns.Message` a CloudWatch alarm notification; each
    record is read on its own, so one that is malformed is that record's `MalformedAlert`."""
    records = event.get("Records")
    if not isinstance(records, list) or not records:
        raise MalformedAlert("SNS event has no `Records`")
    notices: list[AlarmNotice | MalformedAlert] = []
    for index, record in enumerate(event.records):
        try:
            notices.append(_sns_record_notice(record, f"Records[{index}]"))
        except MalformedAlert as malformed:
            notices.append(malformed)
    return notices


def _sns_record_notice(record: SNSEventRecord, where: str) -> AlarmNotice:
    body: object = record.raw_event
    if not isinstance(body, Mapping) or body.get("EventSource") != "aws:sns":
        source = (body.get("EventSource") or body.get("eventSource")) if isinstance(body, Mapping) else None
        raise MalformedAlert(f"{where} is not an SNS record (EventSource {source!r})")
    if not isinstance(body.get("Sns"), Mapping):
        raise MalformedAlert(f"{where} has no `Sns` object")
    return read_notice(lambda: _sns_notice(record.sns, where), where)


def read_notice(read: Callable[[], AlarmNotice], where: str) -> AlarmNotice:
    """`read()`, with any error of reading a field of the wrong type or shape as a `MalformedAlert`
    (the parsers check what they know to check; this keeps anything they missed from becoming a
    retry of an event no retry can fix)."""
    try:
        return read()
    except MalformedAlert:
        raise
    except READ_ERRORS as error:
        raise MalformedAlert(f"{where} could not be read: {read_error_reason(error)}") from error


def _sns_notice(sns: SNSMessage, where: str) -> AlarmNotice:
    text = sns.get("Message")
    try:
        message = parse_json(text) if isinstance(text, str) else None  # bounded: depth and numbers
    except ValueError:
        message = None
    if not isinstance(message, Mapping):
        raise MalformedAlert(f"{where}.Sns.Message is not JSON: not a CloudWatch alarm notification")
    if not (nonblank_text(message.get("AlarmName")) or nonblank_text(message.get("AlarmArn"))):
        raise MalformedAlert(f"{where}.Sns.Message is not a CloudWatch alarm notification: no AlarmName or AlarmArn")
    topic = _parse_arn(nonblank_text(sns.get("TopicArn")))
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
    return AlarmNotice(
        delivery="sns",
        name=name,
        arn=arn,
        state=_state(message.get("NewStateValue"), f"{where}.Sns.Message.NewStateValue"),
        previous_state=nonblank_text(message.get("OldStateValue")),
        reason=nonblank_text(message.get("NewStateReason")) or "",
        reason_data=json_or_text(message.get("NewStateReasonData")),
        changed_at=iso_moment_or_none(message.get("StateChangeTime")) or iso_moment_or_none(sns.get("Timestamp")),
        description=nonblank_text(message.get("AlarmDescription")) or "",
        region=region,
        account=account,
        composite=composite,
        metrics=metrics,
        condition=condition,
        alarm_rule=nonblank_text(message.get("AlarmRule")),
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
            stat = object_or_empty(item.get("MetricStat"))
            metric = object_or_empty(stat.get("Metric"))
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
    treat_missing = nonblank_text(trigger.get("TreatMissingData"))
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


# EventBridge and the direct alarm action: the same alarm data in two envelopes ---------------


def eventbridge_notice(event: EventBridgeEvent) -> AlarmNotice:
    """The alarm in `detail`; its ARN is the `resources` entry naming an alarm."""
    if not isinstance(event.get("detail"), Mapping):
        raise MalformedAlert("EventBridge alarm state change has no `detail` object")
    resources = event.get("resources")
    listed = resources if isinstance(resources, list) else []
    return _state_change_notice(
        CloudWatchAlarmData(event.detail),
        delivery="eventbridge",
        where="detail",
        arn=next((item for item in listed if isinstance(item, str) and ":alarm:" in item), None),
        region=event.get("region"),
        account=event.get("account"),
        event_id=event.get("id"),
        sent_at=event.get("time"),
    )


def alarm_action_notice(event: CloudWatchAlarmEvent) -> AlarmNotice:
    """The alarm in `alarmData`, invoked directly by the alarm's Lambda action."""
    if not isinstance(event.get("alarmData"), Mapping):
        raise MalformedAlert("Alarm action event has no `alarmData` object")
    return _state_change_notice(
        event.alarm_data,
        delivery="alarm-action",
        where="alarmData",
        arn=event.alarm_arn,
        region=event.get("region"),
        account=event.get("accountId"),
        event_id=event.get("id"),
        sent_at=event.get("time"),
    )


def _state_change_notice(
    data: CloudWatchAlarmData,
    *,
    delivery: str,
    where: str,
    arn: Any,
    region: Any,
    account: Any,
    event_id: Any,
    sent_at: Any,
) -> AlarmNotice:
    if not object_or_empty(data.get("state")):
        raise MalformedAlert(f"{where}.state is missing: no alarm state")
    state = data.state
    previous = _wrapped(CloudWatchAlarmState, data.get("previousState"))
    config = _wrapped(CloudWatchAlarmConfiguration, data.get("configuration"))
    name, arn, region, account = _identity(
        data.get("alarmName"), arn, region=region, account=account, partition="aws", where=where
    )
    reason_data = json_or_text(state.get("reasonData"))
    reasons = object_or_empty(reason_data)
    condition = {
        "threshold": reasons.get("threshold"),
        "statistic": reasons.get("statistic"),
        "period": reasons.get("period"),
    }
    mute = object_or_empty(data.get("muteDetail"))
    extra = {
        "event_id": event_id,
        "actions_suppressed_by": state.actions_suppressed_by,
        "actions_suppressed_reason": state.actions_suppressed_reason,
        "actions_suppressor": config.alarm_actions_suppressor,
        "muted_by": mute.get("mutedByArn"),
        "mute_window_end": mute.get("muteWindowEnd"),
    }
    composite = "alarmRule" in config
    return AlarmNotice(
        delivery=delivery,
        name=name,
        arn=arn,
        state=_state(state.get("value"), f"{where}.state.value"),
        previous_state=nonblank_text(previous.get("value")),
        reason=nonblank_text(state.get("reason")) or "",
        reason_data=reason_data,
        changed_at=iso_moment_or_none(state.get("timestamp")) or iso_moment_or_none(sent_at),
        description=nonblank_text(config.description) or nonblank_text(config.get("alarmDescription")) or "",
        region=region,
        account=account,
        composite=composite,
        # Only the metrics that are objects: `metrics` of another type (a number) is ignored like any
        # other mistyped detail, so the state change itself still opens or resolves its incident.
        metrics=[_config_metric(CloudWatchAlarmMetric(item)) for item in _objects(config.get("metrics"))],
        condition=condition,
        alarm_rule=nonblank_text(config.alarm_rule),
        triggering_children=_children(reasons.get("triggeringAlarms")) if composite else [],
        tags=_tag_map(data.get("alarmTags")),
        extra=extra,
    )


def _config_metric(item: CloudWatchAlarmMetric) -> dict[str, Any]:
    stat = _wrapped(CloudWatchAlarmMetricStat, item.get("metricStat"))
    metric = object_or_empty(stat.metric)
    return _metric(
        id=item.get("id"),
        label=item.label,
        expression=item.expression,
        return_data=item.get("returnData"),
        namespace=metric.get("namespace"),
        metric_name=metric.get("name"),
        dimensions=_dimensions(metric.get("dimensions")),
        statistic=stat.stat,
        period=stat.period or item.get("period"),
        unit=stat.unit,
    )


def _wrapped[Wrapper: DictWrapper](wrapper: type[Wrapper], value: Any) -> Wrapper:
    """`value` in its data class; an empty one when it is missing or not an object."""
    return wrapper(dict(value) if isinstance(value, Mapping) else {})


def _objects(value: Any) -> list[dict[str, Any]]:
    """The JSON objects of a list; nothing for a value that is not a list."""
    return [dict(item) for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


# fields every shape has, spelled its own way ---------------------------------------------------


def _identity(
    name: Any, arn: Any, *, region: Any, account: Any, partition: str, where: str
) -> tuple[str, str, str | None, str | None]:
    """Alarm name and ARN (built from region, account and name when a shape lacks it)."""
    name_text, arn_text = nonblank_text(name), nonblank_text(arn)
    region_text, account_text = nonblank_text(region), nonblank_text(account)
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
    state = nonblank_text(value)
    if not state:
        raise MalformedAlert(f"{where} is missing: no alarm state")
    if state.upper() not in ALARM_STATES:
        raise MalformedAlert(f"{where} is {clip(state, 50)!r}: expected ALARM, OK or INSUFFICIENT_DATA")
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
        arn = nonblank_text(item.get("arn", item.get("Arn")))
        state = object_or_empty(item.get("state", item.get("State")))
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
