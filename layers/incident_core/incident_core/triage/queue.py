"""The triage queue (SQS): one message per triage run to carry out."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from incident_core.core import aws
from incident_core.core.settings import get_settings

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient


@dataclass(frozen=True, slots=True)
class TriageMessage:
    """One triage run to carry out; the run item holds what was asked."""

    org_id: str
    incident_id: str
    triage_id: str

    def to_json(self) -> str:
        return json.dumps({"org_id": self.org_id, "incident_id": self.incident_id, "triage_id": self.triage_id})

    @classmethod
    def from_json(cls, body: str) -> TriageMessage:
        data: dict[str, Any] = json.loads(body)
        return cls(org_id=str(data["org_id"]), incident_id=str(data["incident_id"]), triage_id=str(data["triage_id"]))


class TriageQueue(ABC):
    @abstractmethod
    def send(self, message: TriageMessage) -> None: ...


class SqsTriageQueue(TriageQueue):
    def __init__(self, *, queue_url: str, client: SQSClient | None = None) -> None:
        self.queue_url = queue_url
        self.client: SQSClient = client or aws.client("sqs")

    def send(self, message: TriageMessage) -> None:
        self.client.send_message(QueueUrl=self.queue_url, MessageBody=message.to_json())


@lru_cache(maxsize=1)
def get_triage_queue() -> TriageQueue:
    queue_url = get_settings().triage_queue_url
    if not queue_url:
        raise RuntimeError("TRIAGE_QUEUE_URL is not configured")
    return SqsTriageQueue(queue_url=queue_url)
