"""The webhook delivery queue (SQS): what the router sends and how the worker backs off."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from incident_core.core import aws
from incident_core.core.settings import get_settings

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

MAX_VISIBILITY_SECONDS = 43_200  # SQS's limit: 12 hours


@dataclass(frozen=True, slots=True)
class DeliveryMessage:
    """One (event, subscription) pair to deliver; the delivery item holds the payload."""

    org_id: str
    webhook_id: str
    delivery_id: str

    def to_json(self) -> str:
        return json.dumps({"org_id": self.org_id, "webhook_id": self.webhook_id, "delivery_id": self.delivery_id})

    @classmethod
    def from_json(cls, body: str) -> DeliveryMessage:
        data: dict[str, Any] = json.loads(body)
        return cls(org_id=str(data["org_id"]), webhook_id=str(data["webhook_id"]), delivery_id=str(data["delivery_id"]))


class DeliveryQueue(ABC):
    @abstractmethod
    def send(self, messages: Sequence[DeliveryMessage]) -> None:
        """Queue every message or raise (so the caller's event is retried, not lost)."""

    @abstractmethod
    def retry_later(self, receipt_handle: str, *, seconds: int) -> None:
        """Hide a received message for `seconds` so SQS redelivers it then."""


class SqsDeliveryQueue(DeliveryQueue):
    def __init__(self, *, queue_url: str, client: SQSClient | None = None) -> None:
        self.queue_url = queue_url
        self.client: SQSClient = client or aws.client("sqs")

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
    queue_url = get_settings().delivery_queue_url
    if not queue_url:
        raise RuntimeError("DELIVERY_QUEUE_URL is not configured")
    return SqsDeliveryQueue(queue_url=queue_url)
