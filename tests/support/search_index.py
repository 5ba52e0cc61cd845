"""Run the search indexer in-process on what moto's DynamoDB stream holds, as its event source mapping would.

The index follows the table's stream asynchronously; a test that lists by tag, word or observable
right after a change first runs `index_changes` (the records since the last run, incident items
only, like the mapping's filter), as the deployed stack does a moment after the change.
"""

from __future__ import annotations

from typing import Any

from incident_core.core.settings import get_settings
from incident_core.search.indexer import is_incident_key
from incident_core.storage.dynamo import unmarshal
from tests.support.api_events import LambdaContext, load_function
from tests.support.stream_reader import StreamReader


class SearchIndexPump:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or get_settings().table_name
        self.reader = StreamReader(self.table, lambda record: is_incident_key(unmarshal(record["dynamodb"]["Keys"])))
        self.indexer = load_function("search_indexer")

    def stream_event(self) -> dict[str, Any]:
        """The incident records since the last call, as the Lambda event of the indexer."""
        return self.reader.stream_event()

    def index_changes(self, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run the indexer on the new records (or on `event`, to replay it)."""
        event = event if event is not None else self.stream_event()
        if not event["Records"]:
            return {"records": 0, "written": 0, "removed": 0}
        result: dict[str, Any] = self.indexer.lambda_handler(event, LambdaContext())
        return result
