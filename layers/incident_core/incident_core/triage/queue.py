"""The triage queues (SQS): one message per triage run to carry out.

Two lanes, one worker: the prompt lane (`TRIAGE_QUEUE_URL`) takes every org's automatic runs
within its fair share and every run asked for through the API, the bulk lane
(`TRIAGE_BULK_QUEUE_URL`) the rest of a busy org's storm (`webhooks/fair_share`). A deployment
without a bulk lane sends everything on the prompt one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from incident_core.core.settings import get_settings
from incident_core.core.sqs import IdMessage, LanedQueue, NotQueued, configured_queue_url


@dataclass(frozen=True, slots=True)
class TriageMessage(IdMessage):
    """One triage run to carry out; the run item holds what was asked."""

    org_id: str
    incident_id: str
    triage_id: str


class TriageQueue(ABC):
    @abstractmethod
    def send(self, message: TriageMessage) -> None: ...

    def send_all(self, messages: Sequence[TriageMessage], *, bulk: Sequence[bool] = ()) -> None:
        """Queue every message (message i on the bulk lane when `bulk[i]`) or raise `NotQueued` with
        those not queued. This default sends one at a time, on one lane, and stops at the first failure."""
        for index, message in enumerate(messages):
            try:
                self.send(message)
            except Exception as error:
                raise NotQueued(range(index, len(messages)), repr(error)) from error


class SqsTriageQueue(LanedQueue, TriageQueue):
    def send(self, message: TriageMessage) -> None:
        self.client.send_message(QueueUrl=self.queue_url, MessageBody=message.to_json())

    def send_all(self, messages: Sequence[TriageMessage], *, bulk: Sequence[bool] = ()) -> None:
        """The automatic runs of a stream batch: SendMessageBatch, ten at a time, on their lanes."""
        self.send_bodies([message.to_json() for message in messages], bulk)


@lru_cache(maxsize=1)
def get_triage_queue() -> TriageQueue:
    settings = get_settings()
    queue_url = configured_queue_url(settings.triage_queue_url, setting="TRIAGE_QUEUE_URL")
    return SqsTriageQueue(queue_url=queue_url, bulk_queue_url=settings.triage_bulk_queue_url)
