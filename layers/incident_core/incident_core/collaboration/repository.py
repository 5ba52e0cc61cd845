"""DynamoDB storage of an incident's timeline (its event items) and comments.

Both live in the incident's partition `ORG#<org>#INC#<id>`: events under `EVENT#...`
(written with every change), comments under `COMMENT#<comment id>` (ids start with their
creation time, so the partition reads them in order). Each comment change is one
transaction: the comment, its event item, and a check that the incident still exists.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from incident_core.core.settings import get_settings
from incident_core.incidents.repository import incident_item_writes
from incident_core.storage.dynamo import DynamoTable, item_fields, item_key, prefix_query, stored_item, transact
from incident_core.storage.keys import COMMENT_PREFIX, EVENT_PREFIX, incident_pk
from incident_core.storage.outbox import EventRecord, event_from_item


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    resume_key: dict[str, str] | None


class CollaborationRepository(ABC):
    @abstractmethod
    def list_events(
        self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None
    ) -> tuple[list[EventRecord], dict[str, str] | None]: ...

    @abstractmethod
    def put_comment(self, comment: Mapping[str, Any], *, event: EventRecord, expected_version: int | None) -> None:
        """Store a new (None) or changed comment with its event, if the incident still exists."""

    @abstractmethod
    def get_comment(self, *, org_id: str, incident_id: str, comment_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list_comments(self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None) -> Page: ...

    @abstractmethod
    def owns_key(self, *, org_id: str, incident_id: str, key: Mapping[str, str]) -> bool: ...


class DynamoCollaborationRepository(DynamoTable, CollaborationRepository):
    def _query(
        self, *, org_id: str, incident_id: str, prefix: str, limit: int, start_key: dict[str, str] | None, names: str
    ) -> tuple[list[dict[str, Any]], dict[str, str] | None]:
        pk = incident_pk(org_id, incident_id)
        request = prefix_query(self.table_name, pk, prefix, ScanIndexForward=True, Limit=limit)
        if names:
            attributes = [name.strip() for name in names.split(",")]
            request["ProjectionExpression"] = ", ".join(f"#p{i}" for i in range(len(attributes)))
            request["ExpressionAttributeNames"] = {f"#p{i}": name for i, name in enumerate(attributes)}
        return self.query_page(request, start_key=start_key)

    def list_events(
        self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None
    ) -> tuple[list[EventRecord], dict[str, str] | None]:
        # The timeline needs what changed, not the incident snapshot each event carries.
        items, resume = self._query(
            org_id=org_id,
            incident_id=incident_id,
            prefix=EVENT_PREFIX,
            limit=limit,
            start_key=start_key,
            names="pk, sk, event_id, event, org_id, subject, incident_id, occurred_at, actor, sequence, changes_json",
        )
        return [event_from_item(item) for item in items], resume

    def put_comment(self, comment: Mapping[str, Any], *, event: EventRecord, expected_version: int | None) -> None:
        pk = incident_pk(comment["org_id"], comment["incident_id"])
        item = stored_item(comment, pk=pk, sk=f"{COMMENT_PREFIX}{comment['id']}", entity="comment")
        transact(
            self.client, incident_item_writes(self.table_name, item, expected_version=expected_version, events=[event])
        )

    def get_comment(self, *, org_id: str, incident_id: str, comment_id: str) -> dict[str, Any] | None:
        return self.get_fields(item_key(incident_pk(org_id, incident_id), f"{COMMENT_PREFIX}{comment_id}"))

    def list_comments(self, *, org_id: str, incident_id: str, limit: int, start_key: dict[str, str] | None) -> Page:
        items, resume = self._query(
            org_id=org_id, incident_id=incident_id, prefix=COMMENT_PREFIX, limit=limit, start_key=start_key, names=""
        )
        return Page([item_fields(item) for item in items], resume)

    def owns_key(self, *, org_id: str, incident_id: str, key: Mapping[str, str]) -> bool:
        """Whether a resume key lies in this incident's partition."""
        return set(key) == {"pk", "sk"} and key.get("pk") == incident_pk(org_id, incident_id)


@lru_cache(maxsize=1)
def get_collaboration_repository() -> CollaborationRepository:
    return DynamoCollaborationRepository(table_name=get_settings().table_name)
