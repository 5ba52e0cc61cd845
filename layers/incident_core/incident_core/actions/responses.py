"""What the action routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `actions.service.action_view`; a unit test checks that every field of the view
is here and nothing else. The list of an incident's actions is not paged: its `meta` is
only their count (`ActionList`, the whole body).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from incident_core.actions.catalog import CATALOG, ApprovalLevel
from incident_core.http.openapi import Envelope
from incident_core.incidents.responses import Timestamp

ActionName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(CATALOG)})]
ActionStatus = Literal["pending_approval", "approved", "requested", "completed", "failed", "rejected"]


class ActionOutcome(BaseModel):
    """What became of the action: run by the API (built-in actions) or reported by an integration."""

    success: bool
    message: str | None = None
    details: dict[str, Any] | None = None


class Action(BaseModel):
    """A response action of an incident, from its request to its outcome."""

    model_config = ConfigDict(extra="forbid")

    action_id: str = Field(examples=["act_20260314091502123_1a2b3c4d"])
    action: ActionName
    parameters: dict[str, Any]
    reason: str | None
    status: ActionStatus = Field(
        description="`pending_approval` until approved or rejected; an approved external action is `requested`"
        " until its integration reports `completed` or `failed`; built-in actions run at once"
    )
    approval_level: ApprovalLevel
    requested_by: str
    requested_at: Timestamp
    approved_by: str | None
    approved_at: Timestamp | None
    rejected_by: str | None
    rejected_at: Timestamp | None
    rejection_reason: str | None
    completed_at: Timestamp | None
    result: ActionOutcome | None
    incident_id: str
    version: int


class ActionCount(BaseModel):
    """The `meta` of the list of actions: how many there are (all of them are listed)."""

    model_config = ConfigDict(extra="forbid")

    total: int


class ActionList(Envelope[list[Action]]):
    """`GET /incidents/{id}/actions`: every action of the incident, oldest first, and their count."""

    model_config = ConfigDict(extra="forbid")

    meta: ActionCount
