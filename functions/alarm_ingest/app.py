"""Alarm ingest: CloudWatch alarms (via SNS, EventBridge or a direct alarm action) open and resolve incidents."""

from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.alerts.service import handle_alert, system_principal
from incident_core.alerts.sources.cloudwatch import read_cloudwatch_event
from incident_core.core import aws
from incident_core.core.malformed import count_malformed
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
    found = read_cloudwatch_event(
        event,
        default_severity=parse_severity(settings.default_alarm_severity),
        name_prefixes=settings.alarm_name_prefixes,
        severity_lookup=severity_tag,
    )
    for reason in found.malformed:
        # Logged and counted, never retried: a retry can not make it well formed. The rest still counts.
        count_malformed(worker="alarm-ingest", reason=reason)
    principal = system_principal(settings.alarm_org_id, "cloudwatch")
    outcomes = [handle_alert(alert, principal=principal, auto_resolve=settings.auto_resolve) for alert in found.alerts]
    for outcome in outcomes:
        logger.info("alarm", result=outcome.result, dedup_key=outcome.dedup_key, incident_id=outcome.incident_id)
    answer: dict[str, Any] = {"processed": len(outcomes), "results": [outcome.result for outcome in outcomes]}
    if found.malformed:
        answer["malformed"] = len(found.malformed)
    return answer
