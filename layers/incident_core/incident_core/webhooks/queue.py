"""The webhook delivery queue (SQS): what the router sends and how the worker backs off."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.core.sqs import IdMessage, SqsQueue, configured_queue_url

MAX_VISIBILITY_SECONDS = 43_200  # SQS's limit: 12 hours


@dataclass(frozen=True, slots=True)
class DeliveryMessage(IdMessage):
    """One (event, subscription) pair to deliver; the delivery item holds the payload."""

    org_id: str
    webhook_id: str
    delivery_id: str


class DeliveryQueue(ABC):
    @abstractmethod
    def send(self, messages: Sequence[DeliveryMessage]) -> None:
        """Queue every message or raise (so the caller's event is retried, not lost)."""

    @abstractmethod
    def retry_later(self, receipt_handle: str, *, seconds: int) -> None:
        """Hide a received message for `seconds` so SQS redelivers it then."""


class SqsDeliveryQueue(SqsQueue, DeliveryQueue):
    def send(self, messages: Sequence[DeliveryMessage]) -> None:
        for start in range(0, len(messages), 10):
            chunk = messages[start : start + 10]
            answer = self.client.send_message_batch(
                QueueUrl=self.queue_url,
                Entries=[{"Id": str(i), "MessageBody": message.to_json()} for i, message in enumerate(chunk)],
            )
            if answer.get("Failed"):
                failed = answer["Failed"][0]
                raise RuntimeError(f"SQS refused {len(answer['Failed'])} message(s): {failed.get('Code')}")

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
