"""What the collaboration routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `collaboration.service` (`comment_view`, the timeline's items, the answer of a
delete); a unit test checks each against real answers. The assignee change and "my
incidents" answer incidents: `incidents.responses.Incident`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.incidents.responses import Timestamp


class Comment(BaseModel):
    """A comment on an incident; `internal` ones are hidden from reporters."""

    model_config = ConfigDict(extra="forbid")

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

    model_config = ConfigDict(extra="forbid")

    id: str
    deleted: Literal[True]


class TimelineEvent(BaseModel):
    """One event of the incident, with what changed (`{"field": {"old": ..., "new": ...}}` for edits)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    event: str = Field(examples=["incident.status_changed"])
    occurred_at: Timestamp
    actor: str
    sequence: int = Field(description="The incident's version after the event")
    changes: dict[str, Any] | None
