"""DynamoDB storage of response actions, in the incident's partition: `ACTION#<action id>`.

Every change of an action is one transaction: the action (conditional on its `version`),
its event item, and, when it is created, a check that the incident exists and the
`Idempotency-Key` record that makes a retried request return the same action.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from incident_core.core.settings import get_settings
from incident_core.incidents.repository import incident_item_writes
from incident_core.storage.dynamo import DynamoTable, item_key, prefix_query, stored_item, transact, versioned_put
from incident_core.storage.keys import ACTION_PREFIX, IDEMPOTENCY_PREFIX, incident_pk
from incident_core.storage.outbox import EventRecord, event_puts


class ActionRepository(ABC):
    @abstractmethod
    def create(self, action: Mapping[str, Any], *, event: EventRecord, idempotency: Mapping[str, Any] | None) -> None:
        """Store a new action (VersionMismatch when the incident is gone or the key was used)."""

    @abstractmethod
    def update(self, action: Mapping[str, Any], *, expected_version: int, events: list[EventRecord]) -> None: ...

    @abstractmethod
    def get(self, *, org_id: str, incident_id: str, action_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list(self, *, org_id: str, incident_id: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def idempotency_record(self, *, org_id: str, incident_id: str, key: str) -> dict[str, Any] | None: ...


# Free-form values an integration reports (`result.details`) are kept as JSON text, like an
# incident's `raw_data`: any JSON number fits (DynamoDB's own numbers stop at 38 digits and
# 1e-130..1e126), and they come back exactly as sent.
AS_TEXT = ("result", "first_answer")


def _stored_action(item: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    action = dict(item)
    for name in AS_TEXT:
        text = action.pop(f"{name}_json", None)
        if isinstance(text, str):
            action[name] = json.loads(text)
    return action


class DynamoActionRepository(DynamoTable, ActionRepository):
    def _item(self, action: Mapping[str, Any]) -> dict[str, Any]:
        pk = incident_pk(action["org_id"], action["incident_id"])
        fields = {name: value for name, value in action.items() if name not in AS_TEXT}
        for name in AS_TEXT:
            if action.get(name) is not None:
                fields[f"{name}_json"] = json.dumps(action[name], separators=(",", ":"), allow_nan=False)
        return stored_item(fields, pk=pk, sk=f"{ACTION_PREFIX}{action['id']}", entity="action")

    def create(self, action: Mapping[str, Any], *, event: EventRecord, idempotency: Mapping[str, Any] | None) -> None:
        items = incident_item_writes(self.table_name, self._item(action), expected_version=None, events=[event])
        if idempotency is not None:
            pk, sk = incident_pk(action["org_id"], action["incident_id"]), f"{IDEMPOTENCY_PREFIX}{idempotency['key']}"
            record = stored_item(idempotency, pk=pk, sk=sk, entity="idempotency")
            items.append({"Put": versioned_put(self.table_name, record, expected_version=None)})
        transact(self.client, items)

    def update(self, action: Mapping[str, Any], *, expected_version: int, events: list[EventRecord]) -> None:
        put = versioned_put(self.table_name, self._item(action), expected_version=expected_version)
        transact(self.client, [{"Put": put}, *event_puts(self.table_name, events)])

    def get(self, *, org_id: str, incident_id: str, action_id: str) -> dict[str, Any] | None:
        return _stored_action(
            self.get_fields(item_key(incident_pk(org_id, incident_id), f"{ACTION_PREFIX}{action_id}"))
        )

    def list(self, *, org_id: str, incident_id: str) -> list[dict[str, Any]]:
        query = prefix_query(self.table_name, incident_pk(org_id, incident_id), ACTION_PREFIX)
        return [action for item in self.query_all(query, most=1000) if (action := _stored_action(item)) is not None]

    def idempotency_record(self, *, org_id: str, incident_id: str, key: str) -> dict[str, Any] | None:
        return self.get_fields(item_key(incident_pk(org_id, incident_id), f"{IDEMPOTENCY_PREFIX}{key}"))


@lru_cache(maxsize=1)
def get_action_repository() -> ActionRepository:
    return DynamoActionRepository(table_name=get_settings().table_name)
