"""Storage of integration keys: the interface, and DynamoDB.

Keys (same table as incidents): `ORG#<org>#INTEGRATION_KEYS` / `IKEY#<key id>`; one Query lists
an org's keys, one GetItem finds the key an event presents (its id names its org). Revoked
keys are kept (who revoked them, when), like API clients.
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
from incident_core.storage.keys import org_prefix

KEY_PREFIX = "IKEY#"


def integration_keys_pk(org_id: str) -> str:
    return f"{org_prefix(org_id)}INTEGRATION_KEYS"


def integration_key_sk(key_id: str) -> str:
    return f"{KEY_PREFIX}{key_id}"


class IntegrationKeyRepository(ABC):
    @abstractmethod
    def put_key(self, key: Mapping[str, Any], *, expected_version: int | None) -> None:
        """Store a key: new when `expected_version` is None, else only over that version."""

    @abstractmethod
    def get_key(self, *, org_id: str, key_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_keys(self, *, org_id: str) -> list[dict[str, Any]]: ...


class DynamoIntegrationKeyRepository(DynamoTable, IntegrationKeyRepository):
    def put_key(self, key: Mapping[str, Any], *, expected_version: int | None) -> None:
        pk, sk = integration_keys_pk(key["org_id"]), integration_key_sk(key["id"])
        item = stored_item(key, pk=pk, sk=sk, entity="integration_key")
        request = versioned_put(self.table_name, item, expected_version=expected_version)
        if unless_condition_failed(lambda: self.client.put_item(**request)) is None:
            raise VersionMismatch

    def get_key(self, *, org_id: str, key_id: str) -> dict[str, Any] | None:
        return self.get_fields(item_key(integration_keys_pk(org_id), integration_key_sk(key_id)))

    def list_keys(self, *, org_id: str) -> list[dict[str, Any]]:
        return self.query_all(prefix_query(self.table_name, integration_keys_pk(org_id), KEY_PREFIX))


@lru_cache(maxsize=1)
def get_integration_key_repository() -> IntegrationKeyRepository:
    return DynamoIntegrationKeyRepository(table_name=get_settings().table_name)
