"""Run the search indexer in-process on what moto's DynamoDB stream holds, as its event source mapping would.

The index follows the table's stream asynchronously; a test that lists by tag, word or observable
right after a change first runs `index_changes` (the records since the last run, incident items
only, like the mapping's filter), as the deployed stack does a moment after the change.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from incident_core.core.settings import get_settings
from incident_core.search.indexer import is_incident_key
from incident_core.storage.dynamo import unmarshal
from tests.support.api_events import LambdaContext, load_function


class SearchIndexPump:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or get_settings().table_name
        streams = boto3.client("dynamodbstreams")
        stream_arn = boto3.client("dynamodb").describe_table(TableName=self.table)["Table"]["LatestStreamArn"]
        self.streams, self.stream_arn = streams, stream_arn
        self.shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self.last_sequence: str | None = None
        self.indexer = load_function("search_indexer")

    def stream_event(self) -> dict[str, Any]:
        """The incident records since the last call, as the Lambda event of the indexer."""
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
                if is_incident_key(unmarshal(record["dynamodb"]["Keys"])):
                    record["eventSourceARN"] = self.stream_arn
                    record["dynamodb"].pop("ApproximateCreationDateTime", None)
                    records.append(json.loads(json.dumps(record, default=str)))
        return {"Records": records}

    def index_changes(self, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run the indexer on the new records (or on `event`, to replay it)."""
        event = event if event is not None else self.stream_event()
        if not event["Records"]:
            return {"records": 0, "written": 0, "removed": 0}
        result: dict[str, Any] = self.indexer.lambda_handler(event, LambdaContext())
        return result
