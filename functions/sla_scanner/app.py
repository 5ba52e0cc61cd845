"""SLA scanner: every minute (EventBridge schedule), breach the incidents whose deadlines passed unmet."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.sla.scanner import scan


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    report = scan()
    logger.info(
        "sla scan", minutes=report.minutes, checked=report.checked, breached=report.breached, refreshed=report.refreshed
    )
    return report.as_dict()
