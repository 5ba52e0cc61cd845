"""The webhook delivery queue (SQS): what the router sends and how the worker backs off."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.core.sqs import IdMessage, SqsQueue, configured_queue_url, send_batches

MAX_VISIBILITY_SECONDS = 43_200  # SQS's limit: 12 hours


@dataclass(frozen=True, slots=True)
class DeliveryMessage(IdMessage):
    """One (event, subscription) pair to deliver; the delivery item holds the payload."""

    org_id: str
    webhook_id: str
    delivery_id: str


class DeliveryQueue(ABC):
    @abstractmethod
    def send(self, messages: Sequence[DeliveryMessage], *, delays: Sequence[int] = ()) -> None:
        """Queue every message (message i hidden for `delays[i]` seconds) or raise, so the caller's
        event is retried, not lost: `core.sqs.NotQueued` names the messages not queued."""

    @abstractmethod
    def retry_later(self, receipt_handle: str, *, seconds: int) -> None:
        """Hide a received message for `seconds` so SQS redelivers it then."""


class SqsDeliveryQueue(SqsQueue, DeliveryQueue):
    def send(self, messages: Sequence[DeliveryMessage], *, delays: Sequence[int] = ()) -> None:
        send_batches(self, [message.to_json() for message in messages], delays=delays)

    def retry_later(self, receipt_handle: str, *, seconds: int) -> None:
        self.client.change_message_visibility(
            QueueUrl=self.queue_url,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=max(0, min(seconds, MAX_VISIBILITY_SECONDS)),
        )


@lru_cache(maxsize=1)
def get_delivery_queue() -> DeliveryQueue:
    queue_url = configured_queue_url(get_settings().delivery_queue_url, setting="DELIVERY_QUEUE_URL")
    return SqsDeliveryQueue(queue_url=queue_url)
