"""DynamoDB storage of SLA policies, and the scanner's read of the due-minute index.

The org's policy is one item (`storage.keys.sla_policy_key`). Creating or changing an incident
needs it (its deadlines are written in the change's own transaction), so each warm container
keeps the policies it read for `POLICY_CACHE_SECONDS` (`PolicyCache`): a create then costs no
extra DynamoDB call, and a new policy applies to incidents created at most that long after it in
other containers (at once in the container that stored it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import DynamoTable, marshal, unmarshal
from incident_core.storage.keys import (
    sla_due_entry,
    sla_due_partition,
    sla_policy_key,
    sla_scanner_checkpoint_key,
)

POLICY_CACHE_SECONDS = 30.0
DUE_PAGE_SIZE = 100


class PolicyCache:
    """The org policies this container read (None too: "no policy"), each for `ttl_seconds`."""

    def __init__(self, ttl_seconds: float = POLICY_CACHE_SECONDS) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: dict[tuple[str, str], tuple[float, dict[str, Any] | None]] = {}

    def get(self, table_name: str, org_id: str, read: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
        key, now = (table_name, org_id), time.monotonic()
        cached = self._entries.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        policy = read()
        self._entries[key] = (now + self.ttl_seconds, policy)
        return policy

    def put(self, table_name: str, org_id: str, policy: dict[str, Any] | None) -> None:
        self._entries[(table_name, org_id)] = (time.monotonic() + self.ttl_seconds, policy)


@lru_cache(maxsize=1)
def get_policy_cache() -> PolicyCache:
    return PolicyCache()


class SlaRepository(DynamoTable):
    def get_policy(self, *, org_id: str) -> dict[str, Any] | None:
        """The org's stored policy (read now), or None when it has none."""
        return self.get_fields(marshal(sla_policy_key(org_id)))

    def cached_policy(self, *, org_id: str) -> dict[str, Any] | None:
        """The org's policy as this container last read it (at most `POLICY_CACHE_SECONDS` ago)."""
        return get_policy_cache().get(self.table_name, org_id, lambda: self.get_policy(org_id=org_id))

    def put_policy(self, *, org_id: str, severities: dict[str, Any], actor: str, now: str) -> dict[str, Any]:
        """Replace the org's policy (its version counts the replacements); answers what is stored."""
        answer = self.client.update_item(
            TableName=self.table_name,
            Key=marshal(sla_policy_key(org_id)),
            UpdateExpression="SET #entity = :entity, org_id = :org, severities = :severities, "
            "updated_at = :now, updated_by = :actor ADD #version :one",
            ExpressionAttributeNames={"#entity": "entity", "#version": "version"},
            ExpressionAttributeValues=marshal(
                {
                    ":entity": "sla_policy",
                    ":org": org_id,
                    ":severities": severities,
                    ":now": now,
                    ":actor": actor,
                    ":one": 1,
                }
            ),
            ReturnValues="ALL_NEW",
        )
        stored = unmarshal(answer["Attributes"])
        policy = {name: value for name, value in stored.items() if name not in ("pk", "sk", "entity")}
        get_policy_cache().put(self.table_name, org_id, policy)
        return policy

    def due_entries(self, *, minute: str, up_to: str) -> list[tuple[str, str, str]]:
        """(moment, org id, incident id) of the incidents whose next SLA moment lies in `minute`
        (`2026-11-30T22:15`) and is not after `up_to` (ISO): every page of one Query on the minute's partition."""
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :minute AND sk < :after",
            # `<moment>#...` sorts before `<up_to>$` exactly when moment <= up_to (`#` < `$`).
            "ExpressionAttributeValues": {":minute": {"S": sla_due_partition(minute)}, ":after": {"S": f"{up_to}$"}},
            "Limit": DUE_PAGE_SIZE,
        }
        entries: list[tuple[str, str, str]] = []
        start_key: dict[str, str] | None = None
        while True:
            items, start_key = self.query_page(dict(request), start_key=start_key)
            entries.extend(sla_due_entry(str(item["sk"])) for item in items)
            if start_key is None:
                return entries

    def get_checkpoint(self) -> str | None:
        """When the scanner's last run reached (ISO), if it ran."""
        fields = self.get_fields(marshal(sla_scanner_checkpoint_key()))
        return str(fields["reached"]) if fields else None

    def put_checkpoint(self, reached: str) -> None:
        self.client.put_item(
            TableName=self.table_name,
            Item=marshal({**sla_scanner_checkpoint_key(), "entity": "sla_scanner", "reached": reached}),
        )


@lru_cache(maxsize=1)
def get_sla_repository() -> SlaRepository:
    """The repository for this process, built at first use from the settings."""
    return SlaRepository(table_name=get_settings().table_name)
