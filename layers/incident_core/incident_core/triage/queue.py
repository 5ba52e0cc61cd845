"""The triage queue (SQS): one message per triage run to carry out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.core.sqs import IdMessage, NotQueued, SqsQueue, configured_queue_url, send_batches


@dataclass(frozen=True, slots=True)
class TriageMessage(IdMessage):
    """One triage run to carry out; the run item holds what was asked."""

    org_id: str
    incident_id: str
    triage_id: str


class TriageQueue(ABC):
    @abstractmethod
    def send(self, message: TriageMessage) -> None: ...

    def send_all(self, messages: Sequence[TriageMessage], *, delays: Sequence[int] = ()) -> None:
        """Queue every message (message i hidden for `delays[i]` seconds) or raise `NotQueued` with
        those not queued. This default sends one at a time and stops at the first failure."""
        for index, message in enumerate(messages):
            try:
                self.send(message)
            except Exception as error:
                raise NotQueued(range(index, len(messages)), repr(error)) from error


class SqsTriageQueue(SqsQueue, TriageQueue):
    def send(self, message: TriageMessage) -> None:
        self.client.send_message(QueueUrl=self.queue_url, MessageBody=message.to_json())

    def send_all(self, messages: Sequence[TriageMessage], *, delays: Sequence[int] = ()) -> None:
        """The automatic runs of a stream batch: SendMessageBatch, ten at a time (`core.sqs.send_batches`)."""
        send_batches(self, [message.to_json() for message in messages], delays=delays)


@lru_cache(maxsize=1)
def get_triage_queue() -> TriageQueue:
    queue_url = configured_queue_url(get_settings().triage_queue_url, setting="TRIAGE_QUEUE_URL")
    return SqsTriageQueue(queue_url=queue_url)
