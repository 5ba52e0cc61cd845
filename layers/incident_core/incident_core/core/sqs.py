"""What the layer's SQS queues share: messages of ids sent as JSON, and a queue's URL with its client."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar, Self

from incident_core.core import aws

if TYPE_CHECKING:
    from dataclasses import Field

    from mypy_boto3_sqs import SQSClient


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
        """The message a body holds (ValueError, KeyError or TypeError when it holds none)."""
        data: dict[str, Any] = json.loads(body)
        return cls(**{field.name: str(data[field.name]) for field in fields(cls)})


class SqsQueue:
    """A queue's URL and the SQS client that reaches it."""

    def __init__(self, *, queue_url: str, client: SQSClient | None = None) -> None:
        self.queue_url = queue_url
        self.client: SQSClient = client or aws.client("sqs")


def configured_queue_url(queue_url: str | None, *, setting: str) -> str:
    """The URL a queue was configured with; a deployment without it fails loudly at first use."""
    if not queue_url:
        raise RuntimeError(f"{setting} is not configured")
    return queue_url
