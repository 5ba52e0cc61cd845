"""Storage of API clients and of their failed token requests: the interface, and DynamoDB.

Keys (same table as incidents, all in `incident_core.storage.keys`):
- client:   `ORG#<org>#CLIENTS` / `CLIENT#<client id>` (one Query lists an org's clients)
- failures: `ORG#<org>#CLIENT#<client id>` / `AUTH_FAILURES#<minute>`: a counter of one minute's
  failed token requests, removed by the table's TTL (`expires_at`, epoch seconds) after it.

A client's own expiry is `client_expires_at`, never `expires_at`: the table's TTL would delete
the record that revoked and expired clients are kept for.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from incident_core.core.errors import VersionMismatch
from incident_core.core.settings import get_settings
from incident_core.storage.dynamo import (
    DynamoTable,
    item_key,
    prefix_query,
    stored_item,
    unless_condition_failed,
    versioned_put,
)
from incident_core.storage.keys import CLIENT_PREFIX, client_failures_key, client_sk, clients_pk


class ClientRepository(ABC):
    """What the client service and the token endpoint need from storage."""

    @abstractmethod
    def put_client(self, client: Mapping[str, Any], *, expected_version: int | None) -> None:
        """Store a client: new when `expected_version` is None, else only over that version."""

    @abstractmethod
    def get_client(self, *, org_id: str, client_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_clients(self, *, org_id: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def take_attempt(self, *, org_id: str, client_id: str, window_start: int, limit: int) -> bool:
        """Count one token request against the minute's failures, unless `limit` are counted
        already (False: refused before its secret is checked)."""

    @abstractmethod
    def give_back_attempt(self, *, org_id: str, client_id: str, window_start: int) -> None:
        """Uncount a request whose secret was right: only failures stay counted."""


class DynamoClientRepository(DynamoTable, ClientRepository):
    def put_client(self, client: Mapping[str, Any], *, expected_version: int | None) -> None:
        item = stored_item(client, pk=clients_pk(client["org_id"]), sk=client_sk(client["id"]), entity="client")
        request = versioned_put(self.table_name, item, expected_version=expected_version)
        if unless_condition_failed(lambda: self.client.put_item(**request)) is None:
            raise VersionMismatch

    def get_client(self, *, org_id: str, client_id: str) -> dict[str, Any] | None:
        return self.get_fields(item_key(clients_pk(org_id), client_sk(client_id)))

    def list_clients(self, *, org_id: str) -> list[dict[str, Any]]:
        return self.query_all(prefix_query(self.table_name, clients_pk(org_id), CLIENT_PREFIX))

    def take_attempt(self, *, org_id: str, client_id: str, window_start: int, limit: int) -> bool:
        key = client_failures_key(org_id, client_id, window_start)
        # One conditional update: counted while under the limit, refused (no write) at it.
        answer = unless_condition_failed(
            lambda: self.client.update_item(
                TableName=self.table_name,
                Key=item_key(key["pk"], key["sk"]),
                UpdateExpression="ADD failures :one SET expires_at = if_not_exists(expires_at, :expires)",
                ConditionExpression="attribute_not_exists(failures) OR failures < :limit",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":expires": {"N": str(window_start + 120)},
                },
            )
        )
        return answer is not None

    def give_back_attempt(self, *, org_id: str, client_id: str, window_start: int) -> None:
        key = client_failures_key(org_id, client_id, window_start)
        unless_condition_failed(
            lambda: self.client.update_item(
                TableName=self.table_name,
                Key=item_key(key["pk"], key["sk"]),
                UpdateExpression="ADD failures :minus_one",
                ConditionExpression="attribute_exists(failures)",
                ExpressionAttributeValues={":minus_one": {"N": "-1"}},
            )
        )


@lru_cache(maxsize=1)
def get_client_repository() -> ClientRepository:
    return DynamoClientRepository(table_name=get_settings().table_name)
