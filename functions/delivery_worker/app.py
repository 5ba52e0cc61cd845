"""Delivery worker: queued deliveries -> signed POSTs, sent concurrently; failures back off on SQS."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.webhooks.worker import deliver_batch


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(deliver_batch(SQSEvent(event)))
