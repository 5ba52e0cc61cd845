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
from incident_core.incidents.responses import EXAMPLE_INCIDENT_ID, Timestamp

ActionName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(CATALOG)})]
ActionStatus = Literal["pending_approval", "approved", "requested", "completed", "failed", "rejected"]

OUTCOME_EXAMPLE: dict[str, Any] = {
    "success": True,
    "message": "Removed from 37 mailboxes",
    "details": {"mailboxes": 37, "integration": "m365-defender"},
}
ACTION_EXAMPLE: dict[str, Any] = {
    "action_id": "act_20260314091502123_1a2b3c4d",
    "action": "quarantine_email",
    "parameters": {"sender": "billing@paypa1-billing.com", "subject": "Invoice INV-88213 overdue"},
    "reason": "Pull the message from every mailbox it reached",
    "status": "completed",
    "approval_level": "analyst",
    "requested_by": "alice@acme.example",
    "requested_at": "2026-03-14T09:15:02.123Z",
    "approved_by": "bob@acme.example",
    "approved_at": "2026-03-14T09:18:27.604Z",
    "rejected_by": None,
    "rejected_at": None,
    "rejection_reason": None,
    "completed_at": "2026-03-14T09:18:31.950Z",
    "result": OUTCOME_EXAMPLE,
    "incident_id": EXAMPLE_INCIDENT_ID,
    "version": 3,
}
PENDING_ACTION_EXAMPLE: dict[str, Any] = {
    **ACTION_EXAMPLE,
    "action_id": "act_20260314092011458_5e6f7a8b",
    "action": "block_ip",
    "parameters": {"ip": "185.159.82.14", "duration_hours": 24},
    "reason": "Hosts the credential-harvesting page",
    "status": "pending_approval",
    "requested_at": "2026-03-14T09:20:11.458Z",
    "approved_by": None,
    "approved_at": None,
    "completed_at": None,
    "result": None,
    "version": 1,
}


class ActionOutcome(BaseModel):
    """What became of the action: run by the API (built-in actions) or reported by an integration."""

    model_config = ConfigDict(json_schema_extra={"examples": [OUTCOME_EXAMPLE]})

    success: bool
    message: str | None = None
    details: dict[str, Any] | None = None


class Action(BaseModel):
    """A response action of an incident, from its request to its outcome."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ACTION_EXAMPLE]})

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

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"total": 2}]})

    total: int


class ActionList(Envelope[list[Action]]):
    """`GET /incidents/{id}/actions`: every action of the incident, oldest first, and their count."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"success": True, "data": [ACTION_EXAMPLE, PENDING_ACTION_EXAMPLE], "meta": {"total": 2}}]
        },
    )

    meta: ActionCount
