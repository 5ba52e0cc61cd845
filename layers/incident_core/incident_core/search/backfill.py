"""Index the incidents stored before the search index existed (an upgraded stack), or after an
outage of the indexer: a maintenance job, run once by an operator (`make reindex TABLE=<name>`).

It reads every incident item with a parallel Scan (`Segment`/`TotalSegments`, incident items
only: the same images the stream carries) and hands them to `SearchIndexStore.index_incidents`
a page at a time. Idempotent, as the indexer is: an incident indexed at its version is skipped.
A Scan is allowed here and only here: no request path reads the table this way (DESIGN.md), and
an org's incidents can not be listed without knowing the org, which this job must not need.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from incident_core.search.indexer import INCIDENT_PARTITION
from incident_core.search.store import SearchIndexStore
from incident_core.storage.dynamo import unmarshal
from incident_core.storage.keys import INCIDENT_SK

PAGE_SIZE = 100  # incidents handed to index_incidents at once (one BatchGetItem of manifests)


@dataclass(slots=True)
class BackfillReport:
    incidents: int = 0
    written: int = 0
    removed: int = 0

    def add(self, other: BackfillReport) -> None:
        self.incidents += other.incidents
        self.written += other.written
        self.removed += other.removed


def reindex_segment(store: SearchIndexStore, *, segment: int, segments: int) -> BackfillReport:
    """Index the incidents of one Scan segment, a page at a time."""
    report = BackfillReport()
    request: dict[str, Any] = {
        "TableName": store.table_name,
        # An incident's own item (`is_incident_key`: the number pointers share its sort key).
        "FilterExpression": "sk = :incident AND contains(pk, :partition)",
        "ExpressionAttributeValues": {":incident": {"S": INCIDENT_SK}, ":partition": {"S": INCIDENT_PARTITION}},
        "Segment": segment,
        "TotalSegments": segments,
    }
    pages = store.client.get_paginator("scan").paginate(**request, PaginationConfig={"PageSize": 1000})
    pending: list[dict[str, Any]] = []
    for page in pages:
        pending.extend(unmarshal(item) for item in page.get("Items", []))
        while len(pending) >= PAGE_SIZE:
            report.add(_index(store, pending[:PAGE_SIZE]))
            pending = pending[PAGE_SIZE:]
    if pending:
        report.add(_index(store, pending))
    return report


def _index(store: SearchIndexStore, items: list[dict[str, Any]]) -> BackfillReport:
    change = store.index_incidents(items)
    return BackfillReport(incidents=len(items), written=change.written, removed=change.removed)


def reindex_table(store: SearchIndexStore, *, segments: int = 4) -> BackfillReport:
    """Index every incident of the table (`segments` Scan segments at once)."""
    report = BackfillReport()
    with ThreadPoolExecutor(max_workers=segments) as pool:
        done = [pool.submit(reindex_segment, store, segment=index, segments=segments) for index in range(segments)]
        for future in done:
            report.add(future.result())
    return report
