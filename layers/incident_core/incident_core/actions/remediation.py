"""Remediation (seed 004's `POST /incidents/{id}/remediate`): the actions API in another shape.

A remediation is an action of the catalog requested exactly as `POST .../actions` requests it
(same validation, approvals, `Idempotency-Key` and events; it is listed with the incident's
actions). Only the answer differs: what 004's clients read, `message` and a `result` with
`success`, the `action`, its `execution_time` (an ISO 8601 duration), `details` and `logs`.

A built-in action runs at once, so its result is the run's. An external one waits for an
approval and then for its integration: it is answered as requested, `success` false, with the
action's `status` saying what it waits for.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from incident_core.actions.service import request_action
from incident_core.actions.views import FINISHED

if TYPE_CHECKING:
    from incident_core.actions.models import ActionRequest
    from incident_core.actions.repository import ActionRepository
    from incident_core.core.auth import Principal
    from incident_core.incidents.repository import IncidentRepository

EXECUTED = "Remediation executed"
REQUESTED = "Remediation requested"
REJECTED = "Remediation rejected"


def remediate(
    *,
    principal: Principal,
    incident_id: str,
    data: ActionRequest,
    idempotency_key: str | None = None,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> tuple[dict[str, Any], bool]:
    """Request the action; (the remediation answer, whether this call created the action)."""
    action, created = request_action(
        principal=principal,
        incident_id=incident_id,
        data=data,
        idempotency_key=idempotency_key,
        repository=repository,
        incidents=incidents,
    )
    return remediation_view(action), created


def remediation_view(action: Mapping[str, Any]) -> dict[str, Any]:
    """An action (its view) as a remediation answer."""
    status = action["status"]
    executed = status in FINISHED
    result = action.get("result") or {}
    message = EXECUTED if executed else REJECTED if status == "rejected" else REQUESTED
    return {
        "message": message,
        "result": {
            "success": bool(result.get("success")) if executed else False,
            "action": action["action"],
            "execution_time": iso_duration(action.get("duration_ms")) if executed else None,
            "details": {**(action.get("parameters") or {}), **(result.get("details") or {})},
            "logs": action_log(action),
        },
        "action_id": action["action_id"],
        "status": status,
        "approval_level": action["approval_level"],
        "incident_id": action["incident_id"],
    }


def iso_duration(milliseconds: int | None) -> str | None:
    """Milliseconds as an ISO 8601 duration in seconds: 45 -> `PT0.045S`, 45000 -> `PT45S`."""
    if milliseconds is None:
        return None
    return f"PT{(Decimal(int(milliseconds)) / 1000).normalize():f}S"


def action_log(action: Mapping[str, Any]) -> list[str]:
    """What happened to the action, one `<timestamp>: <what>` line per step, oldest first."""
    lines = [f"{action['requested_at']}: {action['action']} requested by {action['requested_by']}"]
    if action.get("approved_at"):
        lines.append(f"{action['approved_at']}: approved by {action['approved_by']}")
    if action.get("rejected_at"):
        lines.append(f"{action['rejected_at']}: rejected by {action['rejected_by']}: {action['rejection_reason']}")
    status = action["status"]
    if status == "pending_approval":
        lines.append(f"{action['requested_at']}: waiting for {action['approval_level']} approval")
    elif status == "requested":
        moment = action.get("approved_at") or action["requested_at"]
        lines.append(f"{moment}: sent to the integrations, waiting for their result")
    elif status in FINISHED:
        result = action.get("result") or {}
        outcome = "completed" if result.get("success") else "failed"
        said = f": {result['message']}" if result.get("message") else ""
        lines.append(f"{action.get('executed_at') or action.get('completed_at')}: {outcome}{said}")
    return lines
