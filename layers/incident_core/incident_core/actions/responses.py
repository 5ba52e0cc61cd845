"""What the action routes answer, as models: for the OpenAPI document only (never imported at run time).

They mirror `actions.views.action_view`; a unit test checks that every field of the view
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
    "id": "act_20260314091502123_1a2b3c4d",
    "action": "quarantine_email",
    "action_type": "quarantine_email",
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
    "executed_by": "svc-mail-integration",
    "executed_at": "2026-03-14T09:18:31.950Z",
    "duration_ms": None,
    "result": OUTCOME_EXAMPLE,
    "message": "Removed from 37 mailboxes",
    "incident_id": EXAMPLE_INCIDENT_ID,
    "version": 3,
}
PENDING_ACTION_EXAMPLE: dict[str, Any] = {
    **ACTION_EXAMPLE,
    "action_id": "act_20260314092011458_5e6f7a8b",
    "id": "act_20260314092011458_5e6f7a8b",
    "action": "block_ip",
    "action_type": "block_ip",
    "parameters": {"ip": "185.159.82.14", "duration_hours": 24},
    "reason": "Hosts the credential-harvesting page",
    "status": "pending_approval",
    "requested_at": "2026-03-14T09:20:11.458Z",
    "approved_by": None,
    "approved_at": None,
    "completed_at": None,
    "executed_by": None,
    "executed_at": None,
    "result": None,
    "message": "Action requires analyst approval",
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
    id: str = Field(description="The same as `action_id`")
    action: ActionName
    action_type: ActionName = Field(description="The same as `action`")
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
    executed_by: str | None = Field(
        description="Who carried it out: the caller whose request or approval ran a built-in action, or the"
        " integration that reported an external one's result"
    )
    executed_at: Timestamp | None = Field(description="When it was carried out (built-in) or reported (external)")
    duration_ms: int | None = Field(description="How long a built-in action took to run (null for external ones)")
    result: ActionOutcome | None
    message: str = Field(
        description="Where it stands, in words: e.g. `Action requires senior analyst approval`, or the result's"
        " message once completed",
        examples=["Action requires senior analyst approval"],
    )
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


# --- POST /incidents/{id}/remediate (seed 004's shape) ------------------------------------------

REMEDIATION_EXAMPLE: dict[str, Any] = {
    "message": "Remediation requested",
    "result": {
        "success": False,
        "action": "restart_service",
        "execution_time": None,
        "details": {"service_name": "api-service", "environment": "production", "wait_for_health_check": True},
        "logs": [
            "2026-03-14T09:25:40.311Z: restart_service requested by monitoring",
            "2026-03-14T09:25:40.311Z: waiting for analyst approval",
        ],
    },
    "action_id": "act_20260314092540311_9c0d1e2f",
    "status": "pending_approval",
    "approval_level": "analyst",
    "incident_id": EXAMPLE_INCIDENT_ID,
}
EXECUTED_REMEDIATION_EXAMPLE: dict[str, Any] = {
    "message": "Remediation executed",
    "result": {
        "success": True,
        "action": "escalate",
        "execution_time": "PT0.045S",
        "details": {"severity": "critical", "previous_severity": "high", "current_severity": "critical"},
        "logs": [
            "2026-03-14T09:26:02.118Z: escalate requested by monitoring",
            "2026-03-14T09:26:02.170Z: completed: severity set to critical",
        ],
    },
    "action_id": "act_20260314092602118_3a4b5c6d",
    "status": "completed",
    "approval_level": "none",
    "incident_id": EXAMPLE_INCIDENT_ID,
}


class RemediationResult(BaseModel):
    """What the remediation did: for a built-in action, its run; for an external one, nothing yet."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [REMEDIATION_EXAMPLE["result"], EXECUTED_REMEDIATION_EXAMPLE["result"]]},
    )

    success: bool = Field(description="Whether it ran and worked: false while it waits (approval, integration)")
    action: ActionName
    execution_time: str | None = Field(
        description="How long a built-in action took, an ISO 8601 duration (`PT0.045S`); null until it ran",
        examples=["PT0.045S"],
    )
    details: dict[str, Any] = Field(
        description="The action's parameters, and what the run changed (`previous_<field>`, `current_<field>`)"
    )
    logs: list[str] = Field(description="`<timestamp>: <what happened>`, oldest first")


class Remediation(BaseModel):
    """`POST /incidents/{id}/remediate` (seed 004): the action it requested, in 004's shape."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [REMEDIATION_EXAMPLE, EXECUTED_REMEDIATION_EXAMPLE]}
    )

    message: Literal["Remediation executed", "Remediation requested", "Remediation rejected"]
    result: RemediationResult
    action_id: str = Field(description="The action underneath: `GET /incidents/{id}/actions/{action_id}`")
    status: ActionStatus = Field(
        description="The action's status: `completed` or `failed` once run; `pending_approval` or `requested`"
        " while it waits"
    )
    approval_level: ApprovalLevel
    incident_id: str
