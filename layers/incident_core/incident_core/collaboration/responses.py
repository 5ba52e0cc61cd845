"""What the collaboration routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `collaboration.service` (`comment_view`, the timeline's items, the answer of a
delete); a unit test checks each against real answers. The assignee change and "my
incidents" answer incidents: `incidents.responses.Incident`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.responses import EXAMPLE_INCIDENT_ID, Timestamp

COMMENT_EXAMPLE: dict[str, Any] = {
    "id": "cmt_20260314091502123_1a2b3c4d",
    "incident_id": EXAMPLE_INCIDENT_ID,
    "author": "bob@acme.example",
    "body": "37 users received the lure; 2 clicked the link. Resetting their passwords now.",
    "internal": True,
    "created_at": "2026-03-14T09:22:05.342Z",
    "edited_at": "2026-03-14T09:24:51.007Z",
    "version": 2,
}
TIMELINE_EVENT_EXAMPLE: dict[str, Any] = {
    "id": "5b1e9c7a-2d4f-4a6b-8c0e-3f5a7b9d1c2e",
    "event": "incident.status_changed",
    "occurred_at": "2026-03-14T09:31:12.618Z",
    "actor": "bob@acme.example",
    "sequence": 4,
    "changes": {"status": {"old": "triaged", "new": "investigating"}},
}


class Comment(BaseModel):
    """A comment on an incident; `internal` ones are hidden from reporters."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [COMMENT_EXAMPLE]})

    id: str = Field(examples=["cmt_20260314091502123_1a2b3c4d"])
    incident_id: str
    author: str
    body: str
    internal: bool
    created_at: Timestamp
    edited_at: Timestamp | None
    version: int


class DeletedComment(BaseModel):
    """A comment removed from view (its text stays in the timeline's events)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"id": COMMENT_EXAMPLE["id"], "deleted": True}]}
    )

    id: str
    deleted: Literal[True]


class TimelineEvent(BaseModel):
    """One event of the incident, with what changed (`{"field": {"old": ..., "new": ...}}` for edits)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [TIMELINE_EVENT_EXAMPLE]})

    id: str
    event: str = Field(examples=["incident.status_changed"])
    occurred_at: Timestamp
    actor: str
    sequence: int = Field(description="The incident's version after the event")
    changes: dict[str, Any] | None
