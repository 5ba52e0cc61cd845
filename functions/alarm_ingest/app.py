"""Alarm ingest: CloudWatch alarms (via SNS, EventBridge or a direct alarm action) open and resolve incidents."""

from functools import lru_cache
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.alerts.service import handle_alert, system_principal
from incident_core.alerts.sources.cloudwatch import alerts_from_cloudwatch
from incident_core.alerts.sources.common import MalformedAlert
from incident_core.core import aws
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.incidents.vocabulary import Severity, parse_severity


@lru_cache(maxsize=256)
def severity_tag(alarm_arn: str) -> Severity | None:
    """The alarm's `severity` tag, if it has one (read once per alarm and process)."""
    try:
        tags = aws.client("cloudwatch").list_tags_for_resource(ResourceARN=alarm_arn).get("Tags", [])
        value = next((tag["Value"] for tag in tags if tag.get("Key", "").lower() == "severity"), None)
        return parse_severity(value) if value else None
    except Exception as error:  # no tag permission, or not an AWS alarm: fall back to the name convention
        logger.debug("no severity tag", alarm_arn=alarm_arn, error=repr(error))
        return None


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = get_settings()
    try:
        alerts = alerts_from_cloudwatch(
            event,
            default_severity=parse_severity(settings.default_alarm_severity),
            name_prefixes=settings.alarm_name_prefixes,
            severity_lookup=severity_tag,
        )
    except MalformedAlert as error:
        # Logged and counted, never retried: a retry can not make it well formed.
        logger.error("malformed alarm event", reason=str(error), event_keys=sorted(event)[:20])
        with single_metric(
            name="MalformedAlarmEvents", unit=MetricUnit.Count, value=1, namespace="IncidentApi"
        ) as metric:
            metric.add_dimension(name="service", value="alarm-ingest")
        return {"processed": 0, "malformed": True}
    principal = system_principal(settings.alarm_org_id, "cloudwatch")
    outcomes = [handle_alert(alert, principal=principal, auto_resolve=settings.auto_resolve) for alert in alerts]
    for outcome in outcomes:
        logger.info("alarm", result=outcome.result, dedup_key=outcome.dedup_key, incident_id=outcome.incident_id)
    return {"processed": len(outcomes), "results": [outcome.result for outcome in outcomes]}
