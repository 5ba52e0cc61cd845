"""Delivery worker: queued deliveries -> signed POSTs, sent concurrently; failures back off on SQS."""

from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.webhooks.delivery import DeliveryOutcome, deliver_all
from incident_core.webhooks.queue import DeliveryMessage, get_delivery_queue
from incident_core.webhooks.repository import get_webhook_repository
from incident_core.webhooks.transport.sender import HttpWebhookSender


@lru_cache(maxsize=1)
def sender() -> HttpWebhookSender:
    return HttpWebhookSender(allow_insecure=get_settings().allow_insecure_webhook_targets)


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    records = list(SQSEvent(event).records)
    messages, failures = [], []
    for record in records:
        try:
            messages.append((record, DeliveryMessage.from_json(record.body)))
        except (ValueError, KeyError, TypeError):
            # Not ours to drop: it goes back to the queue, then to the dead-letter queue.
            logger.error("malformed delivery message", message_id=record.message_id)
            failures.append({"itemIdentifier": record.message_id})
    outcomes = deliver_all([message for _, message in messages], repository=get_webhook_repository(), sender=sender())
    for (record, message), outcome in zip(messages, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            logger.error("delivery error", delivery_id=message.delivery_id, error=repr(outcome))
            failures.append({"itemIdentifier": record.message_id})
            continue
        logger.info("delivery", delivery_id=message.delivery_id, outcome=outcome.status, reason=outcome.reason)
        if outcome.status == "retry":
            retry_later(record.receipt_handle, outcome)
            failures.append({"itemIdentifier": record.message_id})
    return {"batchItemFailures": failures}


def retry_later(receipt_handle: str, outcome: DeliveryOutcome) -> None:
    try:
        get_delivery_queue().retry_later(receipt_handle, seconds=outcome.retry_in_seconds or 10)
    except Exception as error:  # the message still comes back, after the queue's own visibility timeout
        logger.warning("could not delay the retry", error=repr(error))
