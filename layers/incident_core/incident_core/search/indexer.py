"""The search indexer: incident items from the table's stream -> the index items of `search.store`.

Its event source mapping has its own filter (items whose sort key is `INCIDENT`), beside the
event router's, so an incident change is never slowed by indexing: the index follows the
stream, about a second behind. A batch is applied as its last record of each incident says
(records of one incident arrive in order, so the last is its latest state): the removed ones
dropped, all the others indexed together (`SearchIndexStore.index_incidents`: one BatchGetItem
of the manifests per 100 incidents, BatchWriteItem of 25 items, four at a time). Each is
idempotent (the manifest's version and terms are compared), so a retried batch gives the same
items. A failure fails the batch, which Lambda retries whole (bisecting it, then sending the
position of a record that keeps failing to the mapping's failure queue)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from incident_core.core.observability import logger
from incident_core.search.store import SearchIndexStore, get_search_index
from incident_core.storage.dynamo import unmarshal
from incident_core.storage.keys import INCIDENT_SK

INCIDENT_PARTITION = "#INC#"


def is_incident_key(keys: Mapping[str, Any]) -> bool:
    """An incident's own item (the number pointers share its sort key, not its partition)."""
    return keys.get("sk") == INCIDENT_SK and INCIDENT_PARTITION in str(keys.get("pk", ""))


def latest_records(records: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The last record of each incident's item in the batch, by its partition key, in stream order."""
    latest: dict[str, Mapping[str, Any]] = {}
    for record in records:
        keys = unmarshal((record.get("dynamodb") or {}).get("Keys") or {})
        if is_incident_key(keys):
            pk = str(keys["pk"])
            latest.pop(pk, None)
            latest[pk] = record
    return latest


def index_stream_batch(event: Mapping[str, Any], store: SearchIndexStore | None = None) -> dict[str, int]:
    """Index a batch of stream records (each incident as its last record says); a failure raises, so
    that Lambda retries the batch (applying it again changes nothing that was applied)."""
    store = store or get_search_index()
    records = list(event.get("Records") or [])
    written = removed = 0
    images: list[dict[str, Any]] = []
    for pk, record in latest_records(records).items():
        if record.get("eventName") == "REMOVE":
            change = store.drop_incident(pk=pk)
            written, removed = written + change.written, removed + change.removed
        elif image := (record.get("dynamodb") or {}).get("NewImage"):
            images.append(unmarshal(image))
    if images:
        change = store.index_incidents(images)
        written, removed = written + change.written, removed + change.removed
    logger.info("search index batch", records=len(records), incidents=len(images), written=written, removed=removed)
    return {"records": len(records), "written": written, "removed": removed}
