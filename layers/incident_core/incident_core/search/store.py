"""DynamoDB storage of the search index: one item per (term, incident), and a manifest per incident.

An index item is `pk = ORG#<org>#TERM#<kind>#<value>` (`storage.keys.search_term_pk`) and
`sk = <created_at>#<incident id>` (the incident's `created_sk`), so a Query of one term lists the
org's incidents that have it in creation order, newest first when read backwards. The
manifest (`ORG#<org>#INC#<id>` / `SEARCH_TERMS`) lists the term partitions the incident is in
and the `version` of the incident they were computed from: the indexer removes what is no
longer wanted without the old image (the stream carries NEW_IMAGE only), a delete's REMOVE
record (keys only) finds what to remove, and a replayed older record changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from incident_core.core.settings import get_settings
from incident_core.incidents.list_store import incident_from_item
from incident_core.search.terms import Term, incident_terms
from incident_core.storage.dynamo import DynamoTable, item_fields, item_key, marshal, unmarshal
from incident_core.storage.keys import (
    INCIDENT_SK,
    SEARCH_MANIFEST_SK,
    incident_index_keys,
    incident_pk,
    search_term_pk,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

BATCH_WRITE_SIZE = 25  # BatchWriteItem's limit
BATCH_GET_SIZE = 100  # BatchGetItem's limit
UNPROCESSED_RETRIES = 8
PARALLEL_WRITES = 4  # BatchWriteItem calls in flight at once (botocore's pool holds 10 connections)


@dataclass(frozen=True, slots=True)
class IndexChange:
    """What indexing one incident did."""

    written: int
    removed: int
    skipped: bool = False  # an older version than the one indexed: nothing done


@dataclass(frozen=True, slots=True)
class TermKeys:
    """One Query's worth of a term's list: the sort keys read, and where it stopped (None: at its end)."""

    sort_keys: list[str]
    last: str | None


class SearchIndexStore(DynamoTable):
    """Reads (term lists, incidents by id) and writes (an incident's items) of the index."""

    def __init__(self, *, table_name: str, client: DynamoDBClient | None = None) -> None:
        super().__init__(table_name=table_name, client=client)
        self.requests = 0  # DynamoDB requests made (a lookup reports its own share in `meta.search`)

    # --- reads --------------------------------------------------------------------

    def term_keys(
        self,
        *,
        org_id: str,
        term: Term,
        start_after: str | None,
        ascending: bool,
        created_after: str | None,
        created_before: str | None,
        limit: int,
    ) -> TermKeys:
        """The sort keys of a term's items (keys only: up to 1 MB a Query) after `start_after`."""
        names = {"#pk": "pk", "#sk": "sk"}
        values: dict[str, Any] = {":pk": search_term_pk(org_id, *term)}
        condition = "#pk = :pk"
        if created_after and created_before:
            condition += " AND #sk BETWEEN :after AND :before"
            values.update({":after": created_after, ":before": created_before})
        elif created_after:
            condition += " AND #sk >= :after"
            values[":after"] = created_after
        elif created_before:
            condition += " AND #sk < :before"
            values[":before"] = created_before
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": marshal(values),
            "ProjectionExpression": "#sk",
            "ScanIndexForward": ascending,
            "Limit": limit,
        }
        if start_after is not None:
            request["ExclusiveStartKey"] = marshal({"pk": values[":pk"], "sk": start_after})
        answer = self.client.query(**request)
        self.requests += 1
        sort_keys = [str(unmarshal(item)["sk"]) for item in answer.get("Items", [])]
        last = answer.get("LastEvaluatedKey")
        # BETWEEN is inclusive: an incident created exactly at `created_before` is outside the range.
        if created_before:
            sort_keys = [key for key in sort_keys if key < created_before]
        return TermKeys(sort_keys, str(unmarshal(last)["sk"]) if last else None)

    def incidents(self, *, org_id: str, incident_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored incidents with these ids (BatchGetItem), by id; missing ones are left out."""
        keys = [item_key(incident_pk(org_id, incident_id), INCIDENT_SK) for incident_id in incident_ids]
        found = [incident_from_item(item) for item in self._batch_get(keys, consistent=False)]
        return {str(incident["id"]): incident for incident in found}

    # --- writes (the stream indexer) -----------------------------------------------

    def index_incident(self, item: Mapping[str, Any]) -> IndexChange:
        """Make the index hold exactly the terms of this stored incident (a NEW_IMAGE), idempotently."""
        return self.index_incidents([item])

    def index_incidents(self, items: Sequence[Mapping[str, Any]]) -> IndexChange:
        """`index_incident` for several different incidents at once (batched reads and writes): the
        stream indexer passes one, a backfill (or the bench's seeding) thousands."""
        incidents = [incident_from_item(item) for item in items]
        pks = [incident_pk(str(incident["org_id"]), str(incident["id"])) for incident in incidents]
        if len(set(pks)) < len(pks):
            raise ValueError("index_incidents takes each incident once")
        manifests = self._manifests(pks)
        puts: list[dict[str, Any]] = []
        deletes: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        skipped = 0
        for pk, incident in zip(pks, incidents, strict=True):
            version, manifest = int(incident.get("version") or 0), manifests.get(pk)
            sort_key = incident_index_keys(incident)["created_sk"]
            wanted = [search_term_pk(str(incident["org_id"]), *term) for term in incident_terms(incident)]
            indexed, indexed_sort_key = (manifest.get("terms", []), manifest.get("term_sk")) if manifest else ([], None)
            same_key = indexed_sort_key == sort_key
            if manifest and (
                int(manifest.get("version", 0)) > version  # a replayed older record: a newer one is indexed
                # Nothing searchable changed (a triage result, a status): the index and its manifest stand.
                # The manifest keeps the version its terms were written at; a replay of any record after
                # it holds the same terms, and one before it is refused above.
                or (indexed == wanted and same_key)
            ):
                skipped += 1
                continue
            entry = {"sk": sort_key, "entity": "search_term", "incident_id": str(incident["id"])}
            # Under the same sort key the items already indexed stand: only new terms are written.
            new_terms = [term for term in wanted if not same_key or term not in indexed]
            puts += [{"PutRequest": {"Item": marshal({"pk": term, **entry})}} for term in new_terms]
            if indexed_sort_key is not None:
                stale = [str(term) for term in indexed if term not in wanted or not same_key]
                deletes += [{"DeleteRequest": {"Key": item_key(term, str(indexed_sort_key))}} for term in stale]
            record = {"pk": pk, "sk": SEARCH_MANIFEST_SK, "entity": "search_manifest", "terms": wanted}
            records.append({"PutRequest": {"Item": marshal({**record, "term_sk": sort_key, "version": version})}})
        # The manifests last: a batch that fails before them is retried with the old manifests in hand.
        for requests in (puts, deletes, records):
            self._batch_write(requests)
        return IndexChange(len(puts), len(deletes), skipped=skipped == len(incidents))

    def drop_incident(self, *, pk: str) -> IndexChange:
        """Remove every index item of the incident stored at `pk` (its item is gone), and its manifest."""
        manifest = self._manifests([pk]).get(pk)
        if not manifest:
            return IndexChange(0, 0)
        terms, sort_key = [str(term) for term in manifest.get("terms", [])], str(manifest.get("term_sk"))
        self._batch_write([{"DeleteRequest": {"Key": item_key(term, sort_key)}} for term in dict.fromkeys(terms)])
        self._batch_write([{"DeleteRequest": {"Key": item_key(pk, SEARCH_MANIFEST_SK)}}])
        return IndexChange(0, len(terms))

    def _manifests(self, pks: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The manifests of these incidents (consistent reads), by the incident's partition key."""
        found = self._batch_get([item_key(pk, SEARCH_MANIFEST_SK) for pk in pks], consistent=True)
        return {str(item["pk"]): item_fields(item) for item in found}

    def _batch_get(self, keys: Sequence[dict[str, Any]], *, consistent: bool) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for start in range(0, len(keys), BATCH_GET_SIZE):
            pending: dict[str, Any] = {
                self.table_name: {"Keys": list(keys[start : start + BATCH_GET_SIZE]), "ConsistentRead": consistent}
            }
            for attempt in range(UNPROCESSED_RETRIES):
                answer = self.client.batch_get_item(RequestItems=pending)
                self.requests += 1
                found += [unmarshal(raw) for raw in answer.get("Responses", {}).get(self.table_name, [])]
                pending = answer.get("UnprocessedKeys") or {}
                if not pending:
                    break
                _back_off(attempt)
            if pending:
                raise RuntimeError("DynamoDB left keys of a BatchGetItem unprocessed")
        return found

    def _batch_write(self, requests: list[dict[str, Any]]) -> None:
        """Every request, in BatchWriteItem calls of 25, `PARALLEL_WRITES` at a time (the order of
        index items does not matter; a failure of any raises once all have ended)."""
        chunks = [requests[start : start + BATCH_WRITE_SIZE] for start in range(0, len(requests), BATCH_WRITE_SIZE)]
        if len(chunks) <= 1:
            for chunk in chunks:
                self._write_chunk(chunk)
            return
        with ThreadPoolExecutor(max_workers=min(PARALLEL_WRITES, len(chunks))) as pool:
            for done in [pool.submit(self._write_chunk, chunk) for chunk in chunks]:
                done.result()

    def _write_chunk(self, chunk: list[dict[str, Any]]) -> None:
        pending: dict[str, Any] = {self.table_name: chunk}
        for attempt in range(UNPROCESSED_RETRIES):
            answer = self.client.batch_write_item(RequestItems=pending)
            pending = answer.get("UnprocessedItems") or {}
            if not pending:
                return
            _back_off(attempt)
        raise RuntimeError("DynamoDB left index writes unprocessed: the stream batch is retried")


def _back_off(attempt: int) -> None:
    time.sleep(min(0.05 * 2**attempt, 1.0))


@lru_cache(maxsize=1)
def get_search_index() -> SearchIndexStore:
    """The index store of this process, built at first use from the settings."""
    return SearchIndexStore(table_name=get_settings().table_name)
