"""Storage of API clients: the interface, and DynamoDB.

Keys (same table as incidents, in `incident_core.storage.keys`): `ORG#<org>#CLIENTS` /
`CLIENT#<client id>` (one Query lists an org's clients). Failed token requests are counted
with the rate limits' counters (`storage/rate_counters.py`), in their own table.

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
from incident_core.storage.keys import CLIENT_PREFIX, client_sk, clients_pk


class ClientRepository(ABC):
    """What the client service and the token endpoint need from storage."""

    @abstractmethod
    def put_client(self, client: Mapping[str, Any], *, expected_version: int | None) -> None:
        """Store a client: new when `expected_version` is None, else only over that version."""

    @abstractmethod
    def get_client(self, *, org_id: str, client_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_clients(self, *, org_id: str) -> list[dict[str, Any]]: ...


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


@lru_cache(maxsize=1)
def get_client_repository() -> ClientRepository:
    return DynamoClientRepository(table_name=get_settings().table_name)
