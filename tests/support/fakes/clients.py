"""An in-memory stand-in for the API clients' storage, subclassing the real interface."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from incident_core.clients.repository import ClientRepository
from incident_core.core.errors import VersionMismatch


class InMemoryClientRepository(ClientRepository):
    """Clients in a dict, with the conditions DynamoDB enforces."""

    def __init__(self) -> None:
        self.clients: dict[tuple[str, str], dict[str, Any]] = {}

    def put_client(self, client: Mapping[str, Any], *, expected_version: int | None) -> None:
        key = (str(client["org_id"]), str(client["id"]))
        current = self.clients.get(key)
        if (
            (current is not None)
            if expected_version is None
            else (current is None or current["version"] != expected_version)
        ):
            raise VersionMismatch
        self.clients[key] = copy.deepcopy({name: value for name, value in client.items() if value is not None})

    def get_client(self, *, org_id: str, client_id: str) -> dict[str, Any] | None:
        found = self.clients.get((org_id, client_id))
        return copy.deepcopy(found) if found else None

    def list_clients(self, *, org_id: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(client) for (org, _), client in self.clients.items() if org == org_id]
