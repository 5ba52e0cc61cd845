"""DynamoDB storage of triage runs, in the incident's partition: `TRIAGE#<triage id>`.

Run ids start with their request time, so the newest run is one Query away. The run's
completion is written in the same transaction as the triaged incident and its event (an
`ItemWrite` handed to the incident repository), so a result is never half written.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from incident_core.core.errors import VersionMismatch
from incident_core.core.settings import get_settings
from incident_core.incidents.repository import incident_item_writes
from incident_core.storage.dynamo import (
    DynamoTable,
    ItemWrite,
    item_fields,
    item_key,
    marshal,
    prefix_query,
    stored_item,
    transact,
    unless_condition_failed,
    unmarshal,
)
from incident_core.storage.keys import TRIAGE_PREFIX, incident_pk
from incident_core.storage.new_items import NewItemsOutcome, create_one_at_a_time, write_new_items
from incident_core.storage.outbox import EventRecord, event_puts


class TriageRepository(ABC):
    @abstractmethod
    def create_run(self, run: Mapping[str, Any], *, event: EventRecord | None) -> bool:
        """Store a queued run (with its event) if the incident exists; False if the run id exists."""

    def create_runs(self, runs: Sequence[Mapping[str, Any]]) -> NewItemsOutcome:
        """Store queued runs without events (the router's automatic ones); the outcome names (by
        position) those not created (`existing`: the id exists or the incident is gone) and those not
        written (`failed`). This default stores one at a time and stops at the first error."""
        return create_one_at_a_time(runs, lambda run: self.create_run(run, event=None))

    @abstractmethod
    def get_run(self, *, org_id: str, incident_id: str, triage_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def latest_run(self, *, org_id: str, incident_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def claim_run(
        self, *, org_id: str, incident_id: str, triage_id: str, now: str, stale_before: str, deadline: str | None = None
    ) -> dict[str, Any] | None:
        """queued, or running past its `deadline_at` (or, without one, since before `stale_before`)
        -> running until `deadline` (when the claiming worker is stopped); None when not claimable."""

    @abstractmethod
    def completion(self, run: Mapping[str, Any]) -> ItemWrite:
        """The write that stores a finished run, only while it is still `running`."""

    @abstractmethod
    def fail_run(self, run: Mapping[str, Any], *, event: EventRecord) -> None: ...


class DynamoTriageRepository(DynamoTable, TriageRepository):
    def _key(self, org_id: str, incident_id: str, triage_id: str) -> dict[str, Any]:
        return item_key(incident_pk(org_id, incident_id), f"{TRIAGE_PREFIX}{triage_id}")

    def _item(self, run: Mapping[str, Any]) -> dict[str, Any]:
        pk = incident_pk(run["org_id"], run["incident_id"])
        return stored_item(run, pk=pk, sk=f"{TRIAGE_PREFIX}{run['id']}", entity="triage")

    def create_run(self, run: Mapping[str, Any], *, event: EventRecord | None) -> bool:
        events = [event] if event is not None else []
        try:
            transact(
                self.client,
                incident_item_writes(self.table_name, self._item(run), expected_version=None, events=events),
            )
        except VersionMismatch:
            return False
        return True

    def create_runs(self, runs: Sequence[Mapping[str, Any]]) -> NewItemsOutcome:
        """Runs in transactions of up to 50 (a run's put and its incident's check; `storage.new_items`)."""
        writes = [
            incident_item_writes(self.table_name, self._item(run), expected_version=None, events=[]) for run in runs
        ]
        return write_new_items(self.client, writes)

    def get_run(self, *, org_id: str, incident_id: str, triage_id: str) -> dict[str, Any] | None:
        return self.get_fields(self._key(org_id, incident_id, triage_id))

    def latest_run(self, *, org_id: str, incident_id: str) -> dict[str, Any] | None:
        pk = incident_pk(org_id, incident_id)
        request = prefix_query(self.table_name, pk, TRIAGE_PREFIX, ScanIndexForward=False, Limit=1, ConsistentRead=True)
        items = self.client.query(**request).get("Items", [])
        return item_fields(unmarshal(items[0])) if items else None

    def claim_run(
        self, *, org_id: str, incident_id: str, triage_id: str, now: str, stale_before: str, deadline: str | None = None
    ) -> dict[str, Any] | None:
        values = {":running": "running", ":queued": "queued", ":now": now, ":stale": stale_before}
        update = "SET #status = :running, started_at = :now REMOVE deadline_at"
        if deadline is not None:
            update, values[":deadline"] = "SET #status = :running, started_at = :now, deadline_at = :deadline", deadline
        answer = unless_condition_failed(
            lambda: self.client.update_item(
                TableName=self.table_name,
                Key=self._key(org_id, incident_id, triage_id),
                UpdateExpression=update,
                ConditionExpression=(
                    "#status = :queued OR (#status = :running AND (deadline_at < :now"
                    " OR (attribute_not_exists(deadline_at) AND started_at < :stale)))"
                ),
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=marshal(values),
                ReturnValues="ALL_NEW",
            )
        )
        return item_fields(unmarshal(answer["Attributes"])) if answer is not None else None

    def completion(self, run: Mapping[str, Any]) -> ItemWrite:
        return ItemWrite(
            item=self._item(run),
            condition="#status = :running",
            names={"#status": "status"},
            values={":running": "running"},
        )

    def fail_run(self, run: Mapping[str, Any], *, event: EventRecord) -> None:
        transact(
            self.client,
            [
                self.completion(run).transact_item(self.table_name),
                *event_puts(self.table_name, [event]),
            ],
        )


@lru_cache(maxsize=1)
def get_triage_repository() -> TriageRepository:
    return DynamoTriageRepository(table_name=get_settings().table_name)
