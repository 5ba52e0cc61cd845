"""An in-memory action repository, subclassing the real interface."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from incident_core.actions.repository import ActionRepository
from incident_core.core.errors import VersionMismatch
from incident_core.storage.outbox import EventRecord
from tests.support.fakes.incidents import InMemoryIncidentRepository


class InMemoryActionRepository(ActionRepository):
    """Actions and `Idempotency-Key` records by (org, incident, id); a create needs the incident alive."""

    def __init__(self, incidents: InMemoryIncidentRepository) -> None:
        self.incidents = incidents
        self.actions: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.idempotency: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.events: list[EventRecord] = []

    def create(self, action: Mapping[str, Any], *, event: EventRecord, idempotency: Mapping[str, Any] | None) -> None:
        org_id, incident_id = action["org_id"], action["incident_id"]
        incident = self.incidents.get_incident(org_id=org_id, incident_id=incident_id)
        if incident is None or incident.get("deleted_at"):
            raise VersionMismatch
        if (org_id, incident_id, action["id"]) in self.actions:
            raise VersionMismatch
        if idempotency is not None and (org_id, incident_id, idempotency["key"]) in self.idempotency:
            raise VersionMismatch
        self.actions[(org_id, incident_id, action["id"])] = copy.deepcopy(dict(action))
        if idempotency is not None:
            self.idempotency[(org_id, incident_id, idempotency["key"])] = dict(idempotency)
        self.events.append(event)

    def update(self, action: Mapping[str, Any], *, expected_version: int, events: list[EventRecord]) -> None:
        key = (action["org_id"], action["incident_id"], action["id"])
        stored = self.actions.get(key)
        if stored is None or stored["version"] != expected_version:
            raise VersionMismatch
        self.actions[key] = copy.deepcopy(dict(action))
        self.events.extend(events)

    def get(self, *, org_id: str, incident_id: str, action_id: str) -> dict[str, Any] | None:
        found = self.actions.get((org_id, incident_id, action_id))
        return copy.deepcopy(found) if found else None

    def list(self, *, org_id: str, incident_id: str) -> list[dict[str, Any]]:
        return [
            copy.deepcopy(action)
            for (org, incident, _), action in self.actions.items()
            if (org, incident) == (org_id, incident_id)
        ]

    def idempotency_record(self, *, org_id: str, incident_id: str, key: str) -> dict[str, Any] | None:
        found = self.idempotency.get((org_id, incident_id, key))
        return dict(found) if found else None
