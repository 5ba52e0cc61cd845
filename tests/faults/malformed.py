"""What the malformed-record tests share: reading the `MalformedRecords` metric a worker emitted,
and draining an SQS queue through a worker the way Lambda's event source mapping does."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from incident_core.core.malformed import MALFORMED_METRIC
from tests.support.metrics import metric_counts


def malformed_counted(output: str) -> Counter[str]:
    """`MalformedRecords` per worker, from the EMF lines a run printed."""
    return metric_counts(output, MALFORMED_METRIC, "worker")


@dataclass
class RedriveQueue:
    """A queue whose redrive policy moves a message to its dead-letter queue after `max_receives`
    receipts, made visible again at once (`VisibilityTimeout` 0) so a test need not wait."""

    name: str
    max_receives: int = 3
    url: str = ""
    dead_letter_url: str = ""
    rounds: int = 0
    delivered_bodies: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        sqs = boto3.client("sqs")
        self.dead_letter_url = sqs.create_queue(QueueName=f"{self.name}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=self.dead_letter_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        self.url = sqs.create_queue(
            QueueName=self.name,
            Attributes={
                "VisibilityTimeout": "0",
                "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": self.max_receives}),
            },
        )["QueueUrl"]

    def send(self, *bodies: str) -> None:
        for body in bodies:
            boto3.client("sqs").send_message(QueueUrl=self.url, MessageBody=body)

    def drain(self, handler: Callable[[dict[str, Any]], dict[str, Any]], *, most_rounds: int = 20) -> None:
        """Hand every visible batch to `handler` (a worker's Lambda), deleting what it did not report
        failed, until the queue is empty: what keeps failing goes to the dead-letter queue."""
        sqs = boto3.client("sqs")
        while self.rounds < most_rounds:
            messages = sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                return
            self.rounds += 1
            records: list[dict[str, Any]] = [
                {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"], "attributes": {}}
                for m in messages
            ]
            try:
                failed = {failure["itemIdentifier"] for failure in handler({"Records": records})["batchItemFailures"]}
            except BatchProcessingError:  # every record failed: the invocation fails, SQS retries them all
                failed = {record["messageId"] for record in records}
            for record in records:
                if record["messageId"] not in failed:
                    sqs.delete_message(QueueUrl=self.url, ReceiptHandle=record["receiptHandle"])
                    self.delivered_bodies.append(record["body"])
        raise AssertionError(f"the queue was still not empty after {most_rounds} rounds: an endless retry loop")

    def dead_letters(self) -> list[str]:
        sqs = boto3.client("sqs")
        bodies: list[str] = []
        while messages := sqs.receive_message(QueueUrl=self.dead_letter_url, MaxNumberOfMessages=10).get(
            "Messages", []
        ):
            for message in messages:
                bodies.append(message["Body"])
                sqs.delete_message(QueueUrl=self.dead_letter_url, ReceiptHandle=message["ReceiptHandle"])
        return bodies
