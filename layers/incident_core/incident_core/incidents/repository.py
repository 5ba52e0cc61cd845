"""DynamoDB storage of incidents: writes, reads by key, counters (the list reads are `incidents.list_store`).

Single table. The items of one incident (the incident and its events) share the
partition `ORG#<org>#INC#<id>`; lists are Queries on sparse GSIs keyed by org and
one dimension (status, severity, assignee, creator, dedup key), sorted by
`<created_at>#<id>`. Every change is one transaction: the incident (conditional on
its `version`), its event items (the timeline and the webhook outbox) and the org's
counters: the TOTALS item, and the analytics counters of the change's day
(`analytics.counters.StatsDeltas`, ADDed to `ORG#<org>#STATS` / `DAY#<date>`). Creating
also writes a pointer from the incident's number to its id (`ORG#<org>#NUMBER#<number>`),
so that a number is read with two GetItems.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from incident_core.analytics.counters import StatsDeltas
from incident_core.core.settings import get_settings
from incident_core.incidents.list_store import (
    CollectedIncidents,
    IncidentListReads,
    IncidentPage,
    incident_from_item,
    incident_item,
    sla_due_item,
)
from incident_core.incidents.vocabulary import ListQuery
from incident_core.sla.repository import SlaRepository
from incident_core.storage.dynamo import (
    ItemWrite,
    item_key,
    marshal,
    transact,
    unless_condition_failed,
    unmarshal,
    versioned_put,
)
from incident_core.storage.keys import (
    INCIDENT_SK,
    TOTALS_SK,
    counters_pk,
    dedup_claim_key,
    incident_number_key,
    incident_number_sk,
    incident_pk,
    stats_day_sk,
    stats_pk,
)
from incident_core.storage.outbox import EventRecord, event_puts

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class IncidentRepository(ABC):
    """What the incident service needs from storage."""

    @abstractmethod
    def next_incident_number(self, *, org_id: str, year: int) -> int: ...

    @abstractmethod
    def create_incident(
        self,
        *,
        incident: Mapping[str, Any],
        events: list[EventRecord],
        counters: Mapping[str, int],
        dedup_claim: str | None = None,
        stats: StatsDeltas | None = None,
    ) -> None:
        """Store a new incident; with `dedup_claim`, only if no open incident holds that key (else VersionMismatch).

        `counters` move on the org's TOTALS item, `stats` on its analytics counters, in the same transaction."""

    @abstractmethod
    def get_dedup_owner(self, *, org_id: str, dedup_key: str) -> str | None:
        """The id of the open incident that holds an alert's dedup key."""

    @abstractmethod
    def release_dedup(self, *, org_id: str, dedup_key: str, incident_id: str) -> bool:
        """Free a dedup key, if that incident still holds it."""

    @abstractmethod
    def get_incident(self, *, org_id: str, incident_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def incident_id_for_number(self, *, org_id: str, incident_number: str) -> str | None:
        """The id of the incident numbered `incident_number` (upper case), from its pointer item."""

    @abstractmethod
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
        """Write the new state of an incident if its stored version is still `expected_version`."""

    @abstractmethod
    def list_incidents(
        self,
        *,
        org_id: str,
        query: ListQuery,
        limit: int,
        start_key: dict[str, str] | None,
        fields: Collection[str] | None = None,
    ) -> IncidentPage:
        """A page of the incidents `query` matches; with `fields`, each holds only those (a reader
        that needs a few fields of many incidents, such as the triage's similar incidents)."""

    @abstractmethod
    def skip_incidents(self, *, org_id: str, query: ListQuery, count: int) -> tuple[dict[str, str] | None, bool]:
        """The key after the first `count` matching incidents, and whether any follow."""

    @abstractmethod
    def get_counters(self, *, org_id: str) -> dict[str, int]: ...

    @abstractmethod
    def key_after(self, *, index: str, incident: Mapping[str, Any]) -> dict[str, str]:
        """The resume key that continues a list of `index` just after `incident`."""

    @abstractmethod
    def owns_key(self, *, org_id: str, index: str, key: Mapping[str, str]) -> bool:
        """Whether a resume key lies inside the org's partitions of that index."""

    @abstractmethod
    def collect_incidents(self, *, org_id: str, query: ListQuery, most: int) -> CollectedIncidents:
        """Every incident that matches, if at most `most` do (else the first `most` read, not complete)."""

    @abstractmethod
    def count_incidents(self, *, org_id: str, query: ListQuery) -> int | None:
        """How many incidents match, or None when counting them would read past a bounded budget."""

    def sla_policy(self, *, org_id: str) -> dict[str, Any] | None:
        """The org's SLA policy, as creates and changes read it (None: no deadlines; storage without
        policies, such as a test double, has none)."""
        return None


def incident_alive(table_name: str, org_id: str, incident_id: str) -> dict[str, Any]:
    """A transaction's check that the incident exists and is not deleted."""
    return {
        "ConditionCheck": {
            "TableName": table_name,
            "Key": item_key(incident_pk(org_id, incident_id), INCIDENT_SK),
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(deleted_at)",
        }
    }


def incident_item_writes(
    table_name: str, item: Mapping[str, Any], *, expected_version: int | None, events: Sequence[EventRecord]
) -> list[dict[str, Any]]:
    """A transaction's writes of an item that belongs to an incident (an action, a comment, ...):
    the item (new, or conditional on its version), the check that the incident is alive, its events."""
    return [
        {"Put": versioned_put(table_name, item, expected_version=expected_version)},
        incident_alive(table_name, str(item["org_id"]), str(item["incident_id"])),
        *event_puts(table_name, list(events)),
    ]


def status_counter(status: str) -> str:
    return f"status_{status}"


def severity_counter(severity: str) -> str:
    return f"severity_{severity}"


class DynamoIncidentRepository(IncidentListReads, IncidentRepository):
    def __init__(self, *, table_name: str, client: DynamoDBClient | None = None) -> None:
        super().__init__(table_name=table_name, client=client)
        # A filtered list reads bigger pages (DynamoDB applies Limit before the filter),
        # within a bounded budget per request.
        self.filtered_page_size = 200
        self.max_query_calls = 10
        self.max_evaluated_items = 3000
        # Reading a whole list (to sort it in memory) or counting it stops past these many items read.
        self.max_collected_evaluated = 5000
        self.max_counted_evaluated = 10_000

    # --- writes -------------------------------------------------------------------

    def next_incident_number(self, *, org_id: str, year: int) -> int:
        answer = self.client.update_item(
            TableName=self.table_name,
            Key=item_key(counters_pk(org_id), incident_number_sk(year)),
            UpdateExpression="ADD #seq :one",
            ExpressionAttributeNames={"#seq": "seq"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(answer["Attributes"]["seq"]["N"])

    def create_incident(
        self,
        *,
        incident: Mapping[str, Any],
        events: list[EventRecord],
        counters: Mapping[str, int],
        dedup_claim: str | None = None,
        stats: StatsDeltas | None = None,
    ) -> None:
        # The pointer that finds the incident by its number (kept when the incident is deleted:
        # the incident's own read says it is gone).
        pointer = {
            **incident_number_key(incident["org_id"], incident["incident_number"]),
            "entity": "incident_number",
            "incident_id": incident["id"],
        }
        also = [ItemWrite(pointer, condition="attribute_not_exists(pk)")]
        if dedup_claim:
            # One open incident per dedup key, even when two alerts arrive at once.
            claim = {
                **dedup_claim_key(incident["org_id"], dedup_claim),
                "entity": "dedup",
                "incident_id": incident["id"],
                "created_at": incident["created_at"],
            }
            also.append(ItemWrite(claim, condition="attribute_not_exists(pk)"))
        self._write(incident, expected_version=None, also=also, events=events, counters=counters, stats=stats)

    def get_dedup_owner(self, *, org_id: str, dedup_key: str) -> str | None:
        answer = self.client.get_item(
            TableName=self.table_name,
            Key=marshal(dedup_claim_key(org_id, dedup_key)),
            ConsistentRead=True,
        )
        item = answer.get("Item")
        return str(item["incident_id"]["S"]) if item else None

    def release_dedup(self, *, org_id: str, dedup_key: str, incident_id: str) -> bool:
        released = unless_condition_failed(
            lambda: self.client.delete_item(
                TableName=self.table_name,
                Key=marshal(dedup_claim_key(org_id, dedup_key)),
                ConditionExpression="incident_id = :id",
                ExpressionAttributeValues={":id": {"S": incident_id}},
            )
        )
        return released is not None

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
        self._write(
            incident, expected_version=expected_version, also=also, events=events, counters=counters, stats=stats
        )

    def _write(
        self,
        incident: Mapping[str, Any],
        *,
        expected_version: int | None,
        also: Sequence[ItemWrite],
        events: list[EventRecord],
        counters: Mapping[str, int],
        stats: StatsDeltas | None,
    ) -> None:
        """One transaction: the incident (new, or conditional on its version), other items, events, counters."""
        transact(
            self.client,
            [
                {"Put": versioned_put(self.table_name, incident_item(incident), expected_version=expected_version)},
                *self._sla_due_put(incident),
                *(write.transact_item(self.table_name) for write in also),
                *event_puts(self.table_name, events),
                *self._counter_updates(incident["org_id"], counters, stats),
            ],
        )

    def _sla_due_put(self, incident: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The SLA scanner's entry for the incident's next SLA moment, if one is pending."""
        entry = sla_due_item(incident)
        return [{"Put": {"TableName": self.table_name, "Item": marshal(entry)}}] if entry else []

    def _counter_updates(
        self, org_id: str, counters: Mapping[str, int], stats: StatsDeltas | None
    ) -> list[dict[str, Any]]:
        """One ADD per counters item that moves: the org's TOTALS (with the open-now counters of
        `stats`), and the analytics counters of the change's day."""
        totals = dict(counters)
        for name, delta in (stats.totals if stats else {}).items():
            totals[name] = totals.get(name, 0) + delta
        updates = [self._counter_update(item_key(counters_pk(org_id), TOTALS_SK), totals)]
        if stats:
            updates.append(self._counter_update(item_key(stats_pk(org_id), stats_day_sk(stats.day)), stats.day_counts))
        return [update for update in updates if update]

    def _counter_update(self, key: dict[str, Any], counters: Mapping[str, int]) -> dict[str, Any]:
        """A transaction's ADD of the non-zero `counters` to the item at `key` (none: {})."""
        deltas = {name: delta for name, delta in counters.items() if delta}
        if not deltas:
            return {}
        names = {f"#c{i}": name for i, name in enumerate(deltas)}
        values = {f":c{i}": {"N": str(delta)} for i, delta in enumerate(deltas.values())}
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": key,
                "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(deltas))),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    # --- reads --------------------------------------------------------------------

    def get_incident(self, *, org_id: str, incident_id: str) -> dict[str, Any] | None:
        answer = self.client.get_item(
            TableName=self.table_name,
            Key=item_key(incident_pk(org_id, incident_id), INCIDENT_SK),
            ConsistentRead=True,
        )
        item = answer.get("Item")
        return incident_from_item(unmarshal(item)) if item else None

    def incident_id_for_number(self, *, org_id: str, incident_number: str) -> str | None:
        pointer = self.get_fields(marshal(incident_number_key(org_id, incident_number)))
        return str(pointer["incident_id"]) if pointer else None

    def get_counters(self, *, org_id: str) -> dict[str, int]:
        answer = self.client.get_item(TableName=self.table_name, Key=item_key(counters_pk(org_id), TOTALS_SK))
        item = unmarshal(answer.get("Item") or {})
        return {name: int(value) for name, value in item.items() if isinstance(value, Decimal)}

    def sla_policy(self, *, org_id: str) -> dict[str, Any] | None:
        # Cached per warm container for a short while: a create stays at two DynamoDB calls.
        return SlaRepository(table_name=self.table_name, client=self.client).cached_policy(org_id=org_id)


@lru_cache(maxsize=1)
def get_repository() -> IncidentRepository:
    """The repository for this process, built at first use from the settings."""
    return DynamoIncidentRepository(table_name=get_settings().table_name)
