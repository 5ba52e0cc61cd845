"""What the layer's SQS queues share: messages of ids sent as JSON, and a queue's URL with its client."""

from __future__ import annotations

import json
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


def configured_queue_url(queue_url: str | None, *, setting: str) -> str:
    """The URL a queue was configured with; a deployment without it fails loudly at first use."""
    if not queue_url:
        raise RuntimeError(f"{setting} is not configured")
    return queue_url
