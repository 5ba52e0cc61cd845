"""Read moto's DynamoDB stream as an event source mapping would: the records since the last read,
kept by a filter, in the shape Lambda delivers them.

Each read starts after the last sequence number seen (moto's NextShardIterator of an empty read
does not always see later records).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import boto3

RecordFilter = Callable[[Mapping[str, Any]], bool]


class StreamReader:
    def __init__(self, table: str, keep: RecordFilter) -> None:
        self.streams = boto3.client("dynamodbstreams")
        self.stream_arn = boto3.client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
        description = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        self.shard = description["Shards"][0]["ShardId"]
        self.keep = keep
        self.last_sequence: str | None = None

    def stream_event(self) -> dict[str, Any]:
        """The kept records since the last call, as the Lambda event of the stream's consumer."""
        if self.last_sequence is None:
            position: dict[str, str] = {"ShardIteratorType": "TRIM_HORIZON"}
        else:
            position = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": self.last_sequence}
        iterator = self.streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=self.shard, **position)[
            "ShardIterator"
        ]
        records: list[dict[str, Any]] = []
        while iterator:
            answer = self.streams.get_records(ShardIterator=iterator)
            iterator = answer.get("NextShardIterator")
            if not answer["Records"]:
                break
            for record in answer["Records"]:
                self.last_sequence = record["dynamodb"]["SequenceNumber"]
                if self.keep(record):
                    record["eventSourceARN"] = self.stream_arn
                    record["dynamodb"].pop("ApproximateCreationDateTime", None)
                    records.append(json.loads(json.dumps(record, default=str)))
        return {"Records": records}
