"""How the incident lists are read from DynamoDB: pages, skips, whole (bounded) lists and counts.

`IncidentListReads` is the read half of `incidents.repository.DynamoIncidentRepository`: every
method is a Query on the index `incidents.list_queries.plan_query` picks (never a Scan), within
the read budgets the repository sets. Also here: an incident's stored item and back.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from incident_core.core.clock import parse_iso
from incident_core.incidents.list_queries import QueryPlan, plan_query
from incident_core.incidents.vocabulary import ListQuery
from incident_core.storage.dynamo import DynamoTable, key_from_dynamo, key_to_dynamo, marshal, plain, unmarshal
from incident_core.storage.keys import (
    INCIDENT_SK,
    INDEX_ATTRIBUTES,
    INDEXES,
    incident_index_keys,
    incident_pk,
    org_prefix,
    sla_due_key,
)

STORAGE_ONLY_ATTRIBUTES = INDEX_ATTRIBUTES | {"pk", "sk", "entity", "search_text", "raw_data_json"}


@dataclass(slots=True)
class IncidentPage:
    items: list[dict[str, Any]]
    resume_key: dict[str, str] | None
    has_more: bool
    index: str


@dataclass(slots=True)
class CollectedIncidents:
    """Every incident a list matches (in no useful order), unless more matched than were read."""

    items: list[dict[str, Any]]
    complete: bool


class IncidentListReads(DynamoTable):
    """The list reads; the read budgets are set by the repository's constructor."""

    filtered_page_size: int
    max_query_calls: int
    max_evaluated_items: int
    max_collected_evaluated: int
    max_counted_evaluated: int

    def key_after(self, *, index: str, incident: Mapping[str, Any]) -> dict[str, str]:
        return _key_of(incident_item(incident), index)

    def owns_key(self, *, org_id: str, index: str, key: Mapping[str, str]) -> bool:
        if index not in INDEXES:
            return False
        partition, sort = INDEXES[index]
        if set(key) != {"pk", "sk", partition, sort}:
            return False
        prefix = org_prefix(org_id)
        return all(isinstance(key[name], str) and key[name].startswith(prefix) for name in ("pk", partition))

    def list_incidents(
        self,
        *,
        org_id: str,
        query: ListQuery,
        limit: int,
        start_key: dict[str, str] | None,
        fields: Collection[str] | None = None,
    ) -> IncidentPage:
        plan = plan_query(org_id, query)
        page_size = limit + 1 if not plan.filters else max(limit + 1, self.filtered_page_size)
        items: list[dict[str, Any]] = []
        calls = evaluated = 0
        exclusive_start = start_key
        while True:
            answer = self._query(plan, query, page_size=page_size, start_key=exclusive_start, fields=fields)
            calls += 1
            evaluated += int(answer.get("ScannedCount", 0))
            items.extend(unmarshal(raw) for raw in answer.get("Items", []))
            last = answer.get("LastEvaluatedKey")
            if len(items) > limit:
                kept = items[:limit]
                return IncidentPage(
                    [incident_from_item(i) for i in kept], _key_of(kept[-1], plan.index), True, plan.index
                )
            if not last:
                return IncidentPage([incident_from_item(i) for i in items], None, False, plan.index)
            exclusive_start = key_from_dynamo(last)
            if calls >= self.max_query_calls or evaluated >= self.max_evaluated_items:
                # Read budget spent before the page filled: say so honestly with a cursor.
                return IncidentPage([incident_from_item(i) for i in items], exclusive_start, True, plan.index)

    def skip_incidents(self, *, org_id: str, query: ListQuery, count: int) -> tuple[dict[str, str] | None, bool]:
        """Keys only (a projection of the four keys, ~200 bytes an item): one Query reads up to 1 MB of
        them, so a deep page costs one extra Query per ~5,000 skipped items, not a walk of whole items."""
        plan = plan_query(org_id, query)
        skipped = 0
        start_key: dict[str, str] | None = None
        while skipped < count:
            answer = self._query(plan, query, page_size=count - skipped, start_key=start_key, fields=())
            found = [unmarshal(raw) for raw in answer.get("Items", [])]
            skipped += len(found)
            last = answer.get("LastEvaluatedKey")
            if skipped >= count and found:
                return _key_of(found[-1], plan.index), bool(last)
            if not last:
                return None, False
            start_key = key_from_dynamo(last)
        return start_key, True

    def collect_incidents(self, *, org_id: str, query: ListQuery, most: int) -> CollectedIncidents:
        plan = plan_query(org_id, query)
        items: list[dict[str, Any]] = []
        evaluated = 0
        start_key: dict[str, str] | None = None
        while True:
            # Unfiltered, a Limit reads no more than needed; filtered, whole (1 MB) pages.
            page_size = None if plan.filters else most + 1 - len(items)
            answer = self._query(plan, query, page_size=page_size, start_key=start_key)
            evaluated += int(answer.get("ScannedCount", 0))
            items.extend(unmarshal(raw) for raw in answer.get("Items", []))
            last = answer.get("LastEvaluatedKey")
            if len(items) > most or (last and evaluated >= self.max_collected_evaluated):
                return CollectedIncidents([incident_from_item(item) for item in items[:most]], complete=False)
            if not last:
                return CollectedIncidents([incident_from_item(item) for item in items], complete=True)
            start_key = key_from_dynamo(last)

    def count_incidents(self, *, org_id: str, query: ListQuery) -> int | None:
        plan = plan_query(org_id, query)
        count = evaluated = 0
        start_key: dict[str, str] | None = None
        while True:
            answer = self._query(plan, query, page_size=None, start_key=start_key, count_only=True)
            count += int(answer.get("Count", 0))
            evaluated += int(answer.get("ScannedCount", 0))
            last = answer.get("LastEvaluatedKey")
            if not last:
                return count
            if evaluated >= self.max_counted_evaluated:
                return None
            start_key = key_from_dynamo(last)

    def _query(
        self,
        plan: QueryPlan,
        query: ListQuery,
        *,
        page_size: int | None,
        start_key: dict[str, str] | None,
        fields: Collection[str] | None = None,
        count_only: bool = False,
    ) -> Any:
        """One Query of the plan; with `fields`, only those attributes and the keys of the plan's index
        (empty: the keys alone) are read."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "IndexName": plan.index,
            "KeyConditionExpression": plan.key_condition,
            "ExpressionAttributeNames": dict(plan.names),
            "ExpressionAttributeValues": marshal(plan.values),
            "ScanIndexForward": query.ascending,
        }
        if page_size is not None:
            request["Limit"] = page_size
        if count_only:
            request["Select"] = "COUNT"
        if plan.filters:
            request["FilterExpression"] = " AND ".join(plan.filters)
        if fields is not None:
            partition, sort = INDEXES[plan.index]
            read = dict.fromkeys(("pk", "sk", partition, sort, *fields))
            request["ExpressionAttributeNames"].update({f"#k{i}": name for i, name in enumerate(read)})
            request["ProjectionExpression"] = ", ".join(f"#k{i}" for i in range(len(read)))
        if start_key:
            request["ExclusiveStartKey"] = key_to_dynamo(start_key)
        return self.client.query(**request)


def incident_item(incident: Mapping[str, Any]) -> dict[str, Any]:
    """The stored item of an incident: its fields plus keys of the indexes it belongs to."""
    item: dict[str, Any] = {
        key: value for key, value in incident.items() if value is not None and key != "raw_data" and value != []
    }
    item.update(pk=incident_pk(incident["org_id"], incident["id"]), sk=INCIDENT_SK, entity="incident")
    if incident.get("raw_data") is not None:
        item["raw_data_json"] = json.dumps(incident["raw_data"], separators=(",", ":"), default=str)
    item["search_text"] = f"{incident.get('title', '')}\n{incident.get('description', '')}".lower()
    if incident.get("deleted_at"):
        return item  # a deleted incident leaves every list: no index keys
    item.update(incident_index_keys(incident))
    return item


SLA_DUE_ENTRY_KEPT_SECONDS = 2 * 24 * 3600  # TTL after its moment: the scanner looks back one day at most


def sla_due_item(incident: Mapping[str, Any]) -> dict[str, Any] | None:
    """The SLA scanner's entry for a live incident's next SLA moment (None when nothing is pending).

    Written with every change of the incident; an entry a later change made stale (the moment moved,
    the incident was deleted) stays until its TTL, and the scanner, which re-reads the incident, does
    nothing for it."""
    moment = (incident.get("sla") or {}).get("next_check_at")
    if not moment or incident.get("deleted_at"):
        return None
    expires_at = int(parse_iso(str(moment)).timestamp()) + SLA_DUE_ENTRY_KEPT_SECONDS
    key = sla_due_key(str(incident["org_id"]), str(incident["id"]), str(moment))
    return {**key, "entity": "sla_due", "expires_at": expires_at}


def incident_from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    incident = {key: plain(value) for key, value in item.items() if key not in STORAGE_ONLY_ATTRIBUTES}
    if "raw_data_json" in item:
        incident["raw_data"] = json.loads(item["raw_data_json"])
    return incident


def _key_of(item: Mapping[str, Any], index: str) -> dict[str, str]:
    partition, sort = INDEXES[index]
    return {name: str(item[name]) for name in ("pk", "sk", partition, sort)}
