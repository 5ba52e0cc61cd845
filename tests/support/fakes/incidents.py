"""In-memory stand-ins that subclass the real interfaces, for unit tests without AWS."""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from incident_core.analytics.counters import StatsDeltas
from incident_core.core.errors import VersionMismatch
from incident_core.incidents.list_store import CollectedIncidents, IncidentPage
from incident_core.incidents.repository import IncidentRepository
from incident_core.incidents.vocabulary import ListQuery, status_id
from incident_core.storage.dynamo import ItemWrite
from incident_core.storage.outbox import EventRecord


class InMemoryIncidentRepository(IncidentRepository):
    """Keeps incidents, events and counters in dicts; lists filter in Python."""

    def __init__(self) -> None:
        self.incidents: dict[tuple[str, str], dict[str, Any]] = {}
        self.events: list[EventRecord] = []
        self.counters: dict[str, dict[str, int]] = {}
        self.sequences: dict[tuple[str, int], int] = {}
        self.dedup: dict[tuple[str, str], str] = {}
        self.numbers: dict[tuple[str, str], str] = {}  # (org, incident number) -> incident id
        self.reads = 0  # GetItem-like reads (incidents and number pointers)
        self.also_written: list[ItemWrite] = []
        self.stats: list[StatsDeltas] = []  # the analytics counters each write moved
        self.lose_next_writes = 0  # simulate concurrent writers winning the next N races

    def next_incident_number(self, *, org_id: str, year: int) -> int:
        self.sequences[(org_id, year)] = self.sequences.get((org_id, year), 0) + 1
        return self.sequences[(org_id, year)]

    def create_incident(
        self,
        *,
        incident: Mapping[str, Any],
        events: list[EventRecord],
        counters: Mapping[str, int],
        dedup_claim: str | None = None,
        stats: StatsDeltas | None = None,
    ) -> None:
        if (incident["org_id"], incident["incident_number"]) in self.numbers:
            raise VersionMismatch  # the pointer of the number exists: the transaction fails whole
        if dedup_claim:
            if (incident["org_id"], dedup_claim) in self.dedup:
                raise VersionMismatch
            self.dedup[(incident["org_id"], dedup_claim)] = incident["id"]
        self.numbers[(incident["org_id"], incident["incident_number"])] = incident["id"]
        self.incidents[(incident["org_id"], incident["id"])] = copy.deepcopy(dict(incident))
        self._record(incident["org_id"], events, counters)
        self.stats.extend([stats] if stats else [])

    def get_dedup_owner(self, *, org_id: str, dedup_key: str) -> str | None:
        return self.dedup.get((org_id, dedup_key))

    def release_dedup(self, *, org_id: str, dedup_key: str, incident_id: str) -> bool:
        if self.dedup.get((org_id, dedup_key)) != incident_id:
            return False
        del self.dedup[(org_id, dedup_key)]
        return True

    def get_incident(self, *, org_id: str, incident_id: str) -> dict[str, Any] | None:
        self.reads += 1
        found = self.incidents.get((org_id, incident_id))
        return copy.deepcopy(found) if found else None

    def incident_id_for_number(self, *, org_id: str, incident_number: str) -> str | None:
        self.reads += 1
        return self.numbers.get((org_id, incident_number))

    def replace_incident(
        self,
        *,
        incident: Mapping[str, Any],
        expected_version: int,
        events: list[EventRecord],
        counters: Mapping[str, int],
        also: Sequence[ItemWrite] = (),
        stats: StatsDeltas | None = None,
    ) -> None:
        key = (incident["org_id"], incident["id"])
        if self.lose_next_writes:
            self.lose_next_writes -= 1
            self.incidents[key]["version"] += 1
            raise VersionMismatch
        if self.incidents[key]["version"] != expected_version:
            raise VersionMismatch
        self.incidents[key] = copy.deepcopy(dict(incident))
        self.also_written.extend(also)
        self._record(incident["org_id"], events, counters)
        self.stats.extend([stats] if stats else [])

    def _record(self, org_id: str, events: list[EventRecord], counters: Mapping[str, int]) -> None:
        self.events.extend(events)
        totals = self.counters.setdefault(org_id, {})
        for name, delta in counters.items():
            totals[name] = totals.get(name, 0) + delta

    def _matching(self, org_id: str, query: ListQuery) -> list[dict[str, Any]]:
        def keep(incident: dict[str, Any]) -> bool:
            checks = [
                incident["org_id"] == org_id,
                not incident.get("deleted_at"),
                not (query.statuses or query.status_ids)
                or incident["status"] in query.statuses
                or status_id(incident["status"], incident.get("classification")) in query.status_ids,
                not query.severities or incident["severity"] in query.severities,
                not query.created_by or incident["created_by"] == query.created_by,
                not query.assigned_to or incident.get("assigned_to") == query.assigned_to,
                not query.unassigned or not incident.get("assigned_to"),
                not query.assigned_elsewhere or incident.get("assigned_to") not in (None, query.assigned_elsewhere),
                not query.text or query.text.lower() in f"{incident['title']}\n{incident['description']}".lower(),
            ]
            return all(checks)

        ordered = sorted(
            (incident for incident in self.incidents.values() if keep(incident)),
            key=lambda incident: (incident["created_at"], incident["id"]),
            reverse=not query.ascending,
        )
        return copy.deepcopy(ordered)

    def list_incidents(
        self,
        *,
        org_id: str,
        query: ListQuery,
        limit: int,
        start_key: dict[str, str] | None,
        fields: Collection[str] | None = None,
    ) -> IncidentPage:
        matching = self._matching(org_id, query)
        start = 0
        if start_key:
            start = next(i for i, incident in enumerate(matching) if incident["id"] == start_key["sk"]) + 1
        page = matching[start : start + limit]
        has_more = len(matching) > start + limit
        resume = self._key(org_id, page[-1]) if has_more and page else None
        if fields is not None:  # as DynamoDB's projection: only those fields (the keys are not fields here)
            page = [{name: incident[name] for name in fields if name in incident} for incident in page]
        return IncidentPage(page, resume, has_more, "memory")

    def skip_incidents(self, *, org_id: str, query: ListQuery, count: int) -> tuple[dict[str, str] | None, bool]:
        matching = self._matching(org_id, query)
        if count > len(matching) or count == 0:
            return None, False
        return self._key(org_id, matching[count - 1]), len(matching) > count

    def collect_incidents(self, *, org_id: str, query: ListQuery, most: int) -> CollectedIncidents:
        matching = self._matching(org_id, query)
        return CollectedIncidents(matching[:most], complete=len(matching) <= most)

    def count_incidents(self, *, org_id: str, query: ListQuery) -> int | None:
        return len(self._matching(org_id, query))

    def get_counters(self, *, org_id: str) -> dict[str, int]:
        return dict(self.counters.get(org_id, {}))

    def key_after(self, *, index: str, incident: Mapping[str, Any]) -> dict[str, str]:
        return self._key(incident["org_id"], incident)

    def owns_key(self, *, org_id: str, index: str, key: Mapping[str, str]) -> bool:
        return key.get("pk") == org_id  # one in-memory list serves every index

    @staticmethod
    def _key(org_id: str, incident: Mapping[str, Any]) -> dict[str, str]:
        return {"pk": org_id, "sk": incident["id"]}
