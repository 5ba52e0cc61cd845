"""The triage queue (SQS): one message per triage run to carry out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.core.sqs import IdMessage, SqsQueue, configured_queue_url


@dataclass(frozen=True, slots=True)
class TriageMessage(IdMessage):
    """One triage run to carry out; the run item holds what was asked."""

    org_id: str
    incident_id: str
    triage_id: str


class TriageQueue(ABC):
    @abstractmethod
    def send(self, message: TriageMessage) -> None: ...


class SqsTriageQueue(SqsQueue, TriageQueue):
    def send(self, message: TriageMessage) -> None:
        self.client.send_message(QueueUrl=self.queue_url, MessageBody=message.to_json())


@lru_cache(maxsize=1)
def get_triage_queue() -> TriageQueue:
    queue_url = configured_queue_url(get_settings().triage_queue_url, setting="TRIAGE_QUEUE_URL")
    return SqsTriageQueue(queue_url=queue_url)
