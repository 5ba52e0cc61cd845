"""In-memory comments and timeline, subclassing the real interfaces."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from incident_core.collaboration.repository import CollaborationRepository, Page
from incident_core.core.errors import VersionMismatch
from incident_core.storage.keys import COMMENT_PREFIX, EVENT_PREFIX, incident_pk
from incident_core.storage.outbox import EventRecord
from tests.support.fakes.incidents import InMemoryIncidentRepository


class InMemoryCollaborationRepository(CollaborationRepository):
    """Comments in write order; the timeline is the incidents fake's event log.

    As in the table, the events of comments and of incident changes share one partition:
    comment events are appended to `incidents.events`, so the timeline reads both in the
    order they were written. Resume keys have the table's shape (`pk`, `sk`).
    """

    def __init__(self, incidents: InMemoryIncidentRepository) -> None:
        self.incidents = incidents
        self.comments: dict[tuple[str, str, str], dict[str, Any]] = {}

    def list_events(
        self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None
    ) -> tuple[list[EventRecord], dict[str, str] | None]:
        keyed = [
            (f"{EVENT_PREFIX}{position:08d}", event)
            for position, event in enumerate(self.incidents.events)
            if event.subject == "incident" and (event.org_id, event.subject_id) == (org_id, incident_id)
        ]
        if start_key:
            keyed = [(sk, event) for sk, event in keyed if sk > start_key["sk"]]
        page = keyed[:limit]
        resume = {"pk": incident_pk(org_id, incident_id), "sk": page[-1][0]} if len(keyed) > limit else None
        return [event for _, event in page], resume

    def put_comment(self, comment: Mapping[str, Any], *, event: EventRecord, expected_version: int | None) -> None:
        key = (comment["org_id"], comment["incident_id"], comment["id"])
        incident = self.incidents.get_incident(org_id=key[0], incident_id=key[1])
        if incident is None or incident.get("deleted_at"):
            raise VersionMismatch
        stored = self.comments.get(key)
        if (stored is None) != (expected_version is None) or (stored and stored["version"] != expected_version):
            raise VersionMismatch
        self.comments[key] = {name: value for name, value in copy.deepcopy(dict(comment)).items() if value is not None}
        self.incidents.events.append(event)

    def get_comment(self, *, org_id: str, incident_id: str, comment_id: str) -> dict[str, Any] | None:
        found = self.comments.get((org_id, incident_id, comment_id))
        return copy.deepcopy(found) if found else None

    def list_comments(self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None) -> Page:
        ids = [comment_id for (org, incident, comment_id) in self.comments if (org, incident) == (org_id, incident_id)]
        if start_key:
            ids = ids[ids.index(start_key["sk"].removeprefix(COMMENT_PREFIX)) + 1 :]
        page = ids[:limit]
        resume = (
            {"pk": incident_pk(org_id, incident_id), "sk": f"{COMMENT_PREFIX}{page[-1]}"} if len(ids) > limit else None
        )
        return Page([copy.deepcopy(self.comments[(org_id, incident_id, comment_id)]) for comment_id in page], resume)

    def owns_key(self, *, org_id: str, incident_id: str, key: Mapping[str, str]) -> bool:
        return set(key) == {"pk", "sk"} and key.get("pk") == incident_pk(org_id, incident_id)
