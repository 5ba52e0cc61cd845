"""How an action is shown: every stored field of the API's view, and the fields derived for
clients of other action APIs (seed 001: `id`, `action_type`, `message`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

VIEW_FIELDS = (
    "action",
    "parameters",
    "reason",
    "status",
    "approval_level",
    "requested_by",
    "requested_at",
    "approved_by",
    "approved_at",
    "rejected_by",
    "rejected_at",
    "rejection_reason",
    "completed_at",
    "executed_by",
    "executed_at",
    "duration_ms",
    "result",
    "incident_id",
    "version",
)
# Shown beside the stored fields, for clients of other action APIs (seed 001): `id` and
# `action_type` repeat `action_id` and `action`; `message` says where the action stands.
DERIVED_FIELDS = ("id", "action_type", "message")
APPROVERS = {"analyst": "analyst", "senior": "senior analyst"}
FINISHED = ("completed", "failed")


def action_view(action: Mapping[str, Any]) -> dict[str, Any]:
    view = {"action_id": action.get("id"), **{name: action.get(name) for name in VIEW_FIELDS}}
    if view["status"] in FINISHED and view["executed_at"] is None:  # stored before these fields were kept
        view["executed_at"] = view["completed_at"]
        view["executed_by"] = action.get("reported_by") or action.get("approved_by") or action.get("requested_by")
    return with_derived_fields(view)


def with_derived_fields(view: Mapping[str, Any]) -> dict[str, Any]:
    """A view with its `DERIVED_FIELDS` (again: a kept first answer may predate some of them)."""
    return {**view, "id": view.get("action_id"), "action_type": view.get("action"), "message": status_message(view)}


def status_message(view: Mapping[str, Any]) -> str:
    """Where the action stands, in words."""
    status, result = view.get("status"), view.get("result") or {}
    outcome = result.get("message")
    if status == "pending_approval":
        return f"Action requires {APPROVERS.get(str(view.get('approval_level')), 'an')} approval"
    if status == "approved":
        return "Action approved"
    if status == "requested":
        return "Action requested from the integrations: waiting for their result"
    if status == "completed":
        return str(outcome or "Action completed")
    if status == "failed":
        return f"Action failed: {outcome}" if outcome else "Action failed"
    return f"Action rejected: {view.get('rejection_reason')}"
