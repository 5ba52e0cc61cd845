"""Drive the webhook pipeline in-process against moto: the table's stream -> router -> SQS -> worker.

The events handed to the router and the worker are built from what moto's DynamoDB
Streams and SQS really hold, in the shapes Lambda delivers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import boto3

from tests.support.api_events import LambdaContext
from tests.support.gateway import InProcessGateway
from tests.support.stream_reader import StreamReader


def is_new_event_item(record: Mapping[str, Any]) -> bool:
    """What the router's filter lets through: inserted event items."""
    return record["eventName"] == "INSERT" and str(record["dynamodb"]["Keys"]["sk"]["S"]).startswith("EVENT#")


class Pipeline:
    def __init__(self, gateway: InProcessGateway, *, table: str, queue_url: str) -> None:
        self.gateway = gateway
        self.table = table
        self.queue_url = queue_url
        self.dynamodb = boto3.client("dynamodb")
        self.sqs = boto3.client("sqs")
        self.reader = StreamReader(table, is_new_event_item)
        self.stream_arn = self.reader.stream_arn
        self.last_stream_event: dict[str, Any] = {"Records": []}

    def stream_event(self) -> dict[str, Any]:
        """New stream records since the last call, as the Lambda event (event items only, like the filter)."""
        return self.reader.stream_event()

    def route(self, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run the router on new stream records (or on `event`, to replay it); Lambda sends no empty batch."""
        event = event if event is not None else self.stream_event()
        self.last_stream_event = event
        if not event["Records"]:
            return {"batchItemFailures": []}
        result: dict[str, Any] = self.gateway.function("event_router").lambda_handler(event, LambdaContext())
        return result

    def receive(self, max_messages: int = 10, *, queue_url: str | None = None) -> list[dict[str, Any]]:
        """Messages now visible on the delivery queue (or another), as the SQS records Lambda passes."""
        answer = self.sqs.receive_message(
            QueueUrl=queue_url or self.queue_url,
            MaxNumberOfMessages=max_messages,
            AttributeNames=["All"],
            WaitTimeSeconds=0,
        )
        return [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:deliveries",
                "awsRegion": "us-east-1",
            }
            for message in answer.get("Messages", [])
        ]

    def triage(self, queue_url: str) -> dict[str, Any]:
        """Run the triage worker on what its queue holds; delete what it did not report as failed."""
        records = self.receive(queue_url=queue_url)
        if not records:
            return {"batchItemFailures": [], "records": 0}
        result: dict[str, Any] = self.gateway.function("triage_worker").lambda_handler(
            {"Records": records}, LambdaContext()
        )
        failed = {failure["itemIdentifier"] for failure in result["batchItemFailures"]}
        for record in records:
            if record["messageId"] not in failed:
                self.sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=record["receiptHandle"])
        self.last_triage_records = records
        return {**result, "records": len(records)}

    def work(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Run the delivery worker on SQS records; delete the ones it did not report as failed."""
        result: dict[str, Any] = self.gateway.function("delivery_worker").lambda_handler(
            {"Records": records}, LambdaContext()
        )
        failed = {failure["itemIdentifier"] for failure in result["batchItemFailures"]}
        for record in records:
            if record["messageId"] not in failed:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=record["receiptHandle"])
        return result
