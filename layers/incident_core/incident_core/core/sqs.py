"""What the layer's SQS queues share: messages of ids sent as JSON, and a queue's URL with its client."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar, Self

from incident_core.core import aws

if TYPE_CHECKING:
    from dataclasses import Field

    from mypy_boto3_sqs import SQSClient


MAX_ID_LENGTH = 256


class IdMessage:
    """Base of a queue message that is a (frozen) dataclass of string ids, sent as a JSON object.

    The item a message names holds everything else, so a message is small and never stale.
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def to_json(self) -> str:
        return json.dumps({field.name: getattr(self, field.name) for field in fields(self)})

    @classmethod
    def from_json(cls, body: str) -> Self:
        """The message a body holds (ValueError, KeyError or TypeError when it holds none).

        Every id must be a string that can be part of a key: one that can not (empty, too long,
        holding the keys' `#` separator) would fail a whole batch's DynamoDB call, not just its own.
        """
        data: dict[str, Any] = json.loads(body)
        values = {field.name: data[field.name] for field in fields(cls)}
        for name, value in values.items():
            if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_LENGTH or "#" in value:
                raise ValueError(f"{name} is not an id")
        return cls(**values)


class SqsQueue:
    """A queue's URL and the SQS client that reaches it."""

    def __init__(self, *, queue_url: str, client: SQSClient | None = None) -> None:
        self.queue_url = queue_url
        self.client: SQSClient = client or aws.client("sqs")


class LanedQueue(SqsQueue):
    """A queue with two lanes (`webhooks/fair_share.py`): the prompt one (`queue_url`) and, when
    configured, the bulk one; without it everything goes on the prompt lane."""

    def __init__(self, *, queue_url: str, bulk_queue_url: str | None = None, client: SQSClient | None = None) -> None:
        super().__init__(queue_url=queue_url, client=client)
        self.bulk = SqsQueue(queue_url=bulk_queue_url, client=self.client) if bulk_queue_url else None

    def send_bodies(self, bodies: Sequence[str], on_bulk: Sequence[bool] = ()) -> None:
        """`send_on_lanes` on this queue's lanes."""
        send_on_lanes(self, self.bulk, bodies, on_bulk)


def configured_queue_url(queue_url: str | None, *, setting: str) -> str:
    """The URL a queue was configured with; a deployment without it fails loudly at first use."""
    if not queue_url:
        raise RuntimeError(f"{setting} is not configured")
    return queue_url


SEND_BATCH = 10  # SendMessageBatch's limit
SEND_ATTEMPTS = 2  # entries SQS refused in a 200 answer are sent once more, then reported
SEND_CONCURRENCY = 4  # SendMessageBatch calls in flight at once (each waits on SQS, not on the CPU)


class NotQueued(RuntimeError):
    """Some messages of a send were not queued: `indices` (positions in what was sent), `reason` why."""

    def __init__(self, indices: Sequence[int], reason: str) -> None:
        super().__init__(f"{len(indices)} message(s) not queued: {reason}")
        self.indices = list(indices)
        self.reason = reason


def send_on_lanes(prompt: SqsQueue, bulk: SqsQueue | None, bodies: Sequence[str], on_bulk: Sequence[bool]) -> None:
    """Queue body i on the `bulk` lane when `on_bulk[i]` (and there is a bulk lane), else on the
    `prompt` one; the prompt lane's first. Raises `NotQueued` naming positions in `bodies`."""
    lanes: dict[bool, list[int]] = {False: [], True: []}
    for index in range(len(bodies)):
        lanes[bulk is not None and index < len(on_bulk) and on_bulk[index]].append(index)
    not_queued: list[int] = []
    reason = ""
    for lane, indices in lanes.items():
        if not indices:
            continue
        try:
            send_batches(bulk if lane and bulk is not None else prompt, [bodies[index] for index in indices])
        except NotQueued as error:
            not_queued += [indices[position] for position in error.indices]
            reason = reason or error.reason
    if not_queued:
        raise NotQueued(sorted(not_queued), reason)


def send_batches(queue: SqsQueue, bodies: Sequence[str]) -> None:
    """Queue `bodies` with SendMessageBatch, ten a call, `SEND_CONCURRENCY` calls at a time.
    Raises `NotQueued` with what was not queued.

    A 200 answer can refuse some entries (`Failed`; an entry in neither list counts as refused):
    those are sent once more, then reported. A call that fails (after botocore's own retries)
    reports its entries and stops the send: calls not yet started are not made and their entries
    are reported too, so an outage costs a few calls' retries, not one per chunk.
    """
    chunks = [list(range(start, min(start + SEND_BATCH, len(bodies)))) for start in range(0, len(bodies), SEND_BATCH)]
    stopped = threading.Event()

    def send_chunk(pending: list[int]) -> tuple[list[int], str]:
        reason = ""
        for _ in range(SEND_ATTEMPTS):
            if stopped.is_set():
                return pending, reason or "not sent: another call of the send failed"
            entries: list[Any] = [{"Id": str(index), "MessageBody": bodies[index]} for index in pending]
            try:
                answer = queue.client.send_message_batch(QueueUrl=queue.queue_url, Entries=entries)
            except Exception as error:  # SQS unreachable or refusing calls: the rest waits for the retry
                stopped.set()
                return pending, repr(error)
            queued = {int(entry["Id"]) for entry in answer.get("Successful", [])}
            if refused := answer.get("Failed", []):
                reason = f"{refused[0].get('Code')}: {refused[0].get('Message', '')}"
            pending = [index for index in pending if index not in queued]
            if not pending:
                break
        return pending, reason or "not acknowledged"

    if len(chunks) <= 1:
        results = [send_chunk(chunk) for chunk in chunks]
    else:
        with ThreadPoolExecutor(max_workers=min(SEND_CONCURRENCY, len(chunks))) as pool:
            results = list(pool.map(send_chunk, chunks))
    not_queued = sorted(index for pending, _ in results for index in pending)
    if not_queued:
        raise NotQueued(not_queued, next(reason for pending, reason in results if pending))
