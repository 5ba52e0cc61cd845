"""The webhook delivery queues (SQS): what the router sends and how the worker backs off.

Two lanes, a worker function each (the same code): the prompt lane (`DELIVERY_QUEUE_URL`) takes
every org's messages within its fair share, the bulk lane (`DELIVERY_BULK_QUEUE_URL`) the rest of a
busy org's burst (`fair_share`). A deployment without a bulk lane sends everything on the prompt one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.core.sqs import IdMessage, LanedQueue, configured_queue_url

MAX_VISIBILITY_SECONDS = 43_200  # SQS's limit: 12 hours


@dataclass(frozen=True, slots=True)
class DeliveryMessage(IdMessage):
    """One (event, subscription) pair to deliver; the delivery item holds the payload."""

    org_id: str
    webhook_id: str
    delivery_id: str


class DeliveryQueue(ABC):
    @abstractmethod
    def send(self, messages: Sequence[DeliveryMessage], *, bulk: Sequence[bool] = ()) -> None:
        """Queue every message (message i on the bulk lane when `bulk[i]`) or raise, so the caller's
        event is retried, not lost: `core.sqs.NotQueued` names the messages not queued."""

    @abstractmethod
    def retry_later(self, receipt_handle: str, *, seconds: int, source_arn: str = "") -> None:
        """Hide a received message (from the queue `source_arn`, else the prompt lane) for `seconds`
        so SQS redelivers it then."""


class SqsDeliveryQueue(LanedQueue, DeliveryQueue):
    def send(self, messages: Sequence[DeliveryMessage], *, bulk: Sequence[bool] = ()) -> None:
        self.send_bodies([message.to_json() for message in messages], bulk)

    def retry_later(self, receipt_handle: str, *, seconds: int, source_arn: str = "") -> None:
        queue_url = self.queue_url
        if self.bulk is not None and source_arn and _queue_name(self.bulk.queue_url) == source_arn.rsplit(":", 1)[-1]:
            queue_url = self.bulk.queue_url
        self.client.change_message_visibility(
            QueueUrl=queue_url,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=max(0, min(seconds, MAX_VISIBILITY_SECONDS)),
        )


def _queue_name(queue_url: str) -> str:
    return queue_url.rstrip("/").rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def get_delivery_queue() -> DeliveryQueue:
    settings = get_settings()
    queue_url = configured_queue_url(settings.delivery_queue_url, setting="DELIVERY_QUEUE_URL")
    return SqsDeliveryQueue(queue_url=queue_url, bulk_queue_url=settings.delivery_bulk_queue_url)
