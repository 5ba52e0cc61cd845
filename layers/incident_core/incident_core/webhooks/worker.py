"""The delivery worker's SQS side: a batch of queued messages -> `deliver_all` -> partial batch failures.

Why not Powertools' `BatchProcessor`: it hands the records to a handler one at a time,
and the worker's point is the whole batch at once: one transaction of claims, the sends
concurrent, one transaction of attempts (four DynamoDB calls for ten deliveries to one
subscriber, where one at a time made thirty-two, and no subscriber waits for another's
answer). So the batch is read with Powertools' `SQSEvent` data class, goes through
`deliver_all`, and `deliver_batch` answers Lambda's `{"batchItemFailures": [...]}` itself.

What each record becomes:
- delivered, failed for good, dropped or skipped: a success, so SQS deletes the message;
- a retry: the message is hidden for the backoff (its visibility timeout) and reported
  failed, so SQS delivers it again then;
- an exception: reported failed; it comes back after the queue's visibility timeout;
- a malformed message (not JSON, not an object, an id missing): logged and counted
  (`core/malformed.py`) and reported failed, so the queue's redrive policy moves it to the
  dead-letter queue after `maxReceiveCount` receipts, where it can be read (it is not ours
  to drop); the batch's other messages are delivered all the same.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import TYPE_CHECKING

from incident_core.core.malformed import READ_ERRORS, count_malformed, read_error_reason
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.webhooks.delivery import DeliveryOutcome, deliver_all
from incident_core.webhooks.queue import DeliveryMessage, DeliveryQueue, get_delivery_queue
from incident_core.webhooks.repository import WebhookRepository, get_webhook_repository
from incident_core.webhooks.transport.sender import HttpWebhookSender, WebhookSender

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes import SQSEvent
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

BatchResponse = dict[str, list[dict[str, str]]]
WORKER = "delivery-worker"
DEFAULT_RETRY_SECONDS = 10


@lru_cache(maxsize=1)
def get_webhook_sender() -> WebhookSender:
    return HttpWebhookSender(allow_insecure=get_settings().allow_insecure_webhook_targets)


def deliver_batch(
    event: SQSEvent,
    *,
    repository: WebhookRepository | None = None,
    sender: WebhookSender | None = None,
    queue: DeliveryQueue | None = None,
) -> BatchResponse:
    """Deliver an SQS batch of queued deliveries at once; the records to report failed."""
    records: list[tuple[SQSRecord, DeliveryMessage]] = []
    failures: list[dict[str, str]] = []
    for record in event.records:
        try:
            records.append((record, DeliveryMessage.from_json(record.body)))
        except READ_ERRORS as error:
            count_malformed(worker=WORKER, reason=read_error_reason(error), record_id=record.message_id)
            failures.append({"itemIdentifier": record.message_id})
    queued_ms = [_queued_ms(record) for record, _ in records]  # as the batch begins: its wait, not its work
    outcomes = deliver_all(
        [message for _, message in records],
        repository=repository or get_webhook_repository(),
        sender=sender or get_webhook_sender(),
    )
    for (record, message), outcome, waited_ms in zip(records, outcomes, queued_ms, strict=True):
        if isinstance(outcome, BaseException):
            logger.error("delivery error", delivery_id=message.delivery_id, error=repr(outcome))
            failures.append({"itemIdentifier": record.message_id})
            continue
        logger.info(
            "delivery",
            delivery_id=message.delivery_id,
            outcome=outcome.status,
            reason=outcome.reason,
            queued_ms=waited_ms,
            lane=_lane(record),
        )
        if outcome.status == "retry":
            retry_later(record.receipt_handle, outcome, queue=queue, source_arn=_source_arn(record))
            failures.append({"itemIdentifier": record.message_id})
    return {"batchItemFailures": failures}


def now_ms() -> int:
    """The wall clock in milliseconds, as SQS's `SentTimestamp` is."""
    return int(time.time() * 1000)


def _queued_ms(record: SQSRecord) -> int | None:
    """How long the message had been on its queue (since its first send) when this attempt began."""
    try:
        return max(0, now_ms() - int(record.attributes.sent_timestamp))
    except (KeyError, TypeError, ValueError):
        return None


def _source_arn(record: SQSRecord) -> str:
    """The ARN of the queue the message came from ("" if the record does not say)."""
    return str(record.raw_event.get("eventSourceARN") or "")


def _lane(record: SQSRecord) -> str:
    """The queue the message came from, by name (the prompt or the bulk lane, `webhooks/fair_share.py`)."""
    return _source_arn(record).rsplit(":", 1)[-1]


def retry_later(
    receipt_handle: str, outcome: DeliveryOutcome, *, queue: DeliveryQueue | None = None, source_arn: str = ""
) -> None:
    """Hide the message (on the lane it came from) for the backoff; if that fails, it still comes back
    (after the queue's timeout)."""
    try:
        (queue or get_delivery_queue()).retry_later(
            receipt_handle, seconds=outcome.retry_in_seconds or DEFAULT_RETRY_SECONDS, source_arn=source_arn
        )
    except Exception as error:
        logger.warning("could not delay the retry", error=repr(error))
