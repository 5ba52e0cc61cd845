"""Response actions: requests, approvals, and the hand-off to integrations.

An action is requested with the parameters its catalog entry (`actions/catalog.py`) asks
for. One that needs no approval runs at once; others wait for an approver of the right
level, and nobody approves their own request. Once approved, a built-in action changes the
incident; an external one goes out as an `action.requested` event (to webhook subscribers)
and the integration reports back with `POST .../actions/{action_id}/result`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from incident_core.actions.catalog import (
    BUILT_INS,
    CATALOG,
    action_spec,
    approval_level,
    can_approve,
    validated_parameters,
)
from incident_core.actions.repository import ActionRepository, get_action_repository
from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso
from incident_core.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, VersionMismatch
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import public_view, visible_incident
from incident_core.storage.outbox import EventRecord, incident_event

if TYPE_CHECKING:
    from incident_core.actions.models import ActionRequest, ActionResult, Rejection

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
    "result",
    "incident_id",
    "version",
)


# Kept on an action created with an Idempotency-Key: the view its request answered with, which
# a replay of that request answers again, whatever became of the action since.
FIRST_ANSWER = "first_answer"


def action_view(action: Mapping[str, Any]) -> dict[str, Any]:
    return {"action_id": action.get("id"), **{name: action.get(name) for name in VIEW_FIELDS}}


def _stores(
    repository: ActionRepository | None, incidents: IncidentRepository | None
) -> tuple[ActionRepository, IncidentRepository]:
    """The repositories a call was given, else the process's own."""
    return repository or get_action_repository(), incidents or get_repository()


def _event(name: str, principal: Principal, incident: Mapping[str, Any], action: Mapping[str, Any]) -> EventRecord:
    view = action_view(action)
    return incident_event(
        name,
        incident,
        actor=principal.sub,
        data={**view, "incident": public_view(incident)},
        changes={"action": {key: view[key] for key in ("action_id", "action", "status", "parameters")}},
    )


def request_action(
    *,
    principal: Principal,
    incident_id: str,
    data: ActionRequest,
    idempotency_key: str | None = None,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> tuple[dict[str, Any], bool]:
    """Create an action; (its view, whether this call created it). Same key, same answer: the
    view the first request answered with, not the action as it is now."""
    repository, incidents = _stores(repository, incidents)
    spec = action_spec(data.action)
    parameters = validated_parameters(spec, data.parameters)
    incident = visible_incident(principal, incident_id, incidents)
    fingerprint = hashlib.sha256(
        json.dumps([data.action, parameters, data.reason], sort_keys=True).encode()
    ).hexdigest()
    key = hashlib.sha256(f"{principal.sub}:{idempotency_key}".encode()).hexdigest()[:40] if idempotency_key else None
    if key:
        replay = _replay(repository, principal, incident_id, key, fingerprint)
        if replay is not None:
            return replay, False
    level = approval_level(spec, incident)
    now = now_iso()
    digits = "".join(character for character in now if character.isdigit())
    action: dict[str, Any] = {
        "id": f"act_{digits}_{secrets.token_hex(4)}",
        "org_id": principal.org_id,
        "incident_id": incident_id,
        "action": spec.name,
        "parameters": parameters,
        "reason": data.reason,
        "approval_level": level,
        "status": "pending_approval" if level != "none" else "approved",
        "requested_by": principal.sub,
        "requested_at": now,
        "version": 1,
    }
    if key and level != "none":  # answered as created
        action[FIRST_ANSWER] = action_view(action)
    idempotency = (
        {"key": key, "action_id": action["id"], "fingerprint": fingerprint, "created_at": now} if key else None
    )
    try:
        repository.create(action, event=_event("action.created", principal, incident, action), idempotency=idempotency)
    except VersionMismatch:
        if key:
            replay = _replay(repository, principal, incident_id, key, fingerprint)
            if replay is not None:
                return replay, False
        raise NotFound(f"Incident {incident_id} not found") from None
    if level == "none":
        action = _carry_out(principal, action, repository=repository, incidents=incidents, keep_answer=bool(key))
    return action_view(action), True


def _replay(
    repository: ActionRepository, principal: Principal, incident_id: str, key: str, fingerprint: str
) -> dict[str, Any] | None:
    record = repository.idempotency_record(org_id=principal.org_id, incident_id=incident_id, key=key)
    if record is None:
        return None
    if record.get("fingerprint") != fingerprint:
        raise Conflict(
            "Idempotency-Key was used for a different request", details={"action_id": record.get("action_id")}
        )
    existing = repository.get(org_id=principal.org_id, incident_id=incident_id, action_id=str(record["action_id"]))
    if existing is None:
        return None
    # Without a kept answer, the first request has not answered yet (or died first): the action as it is.
    answer: dict[str, Any] = existing.get(FIRST_ANSWER) or action_view(existing)
    return answer


def _carry_out(
    principal: Principal,
    action: dict[str, Any],
    *,
    repository: ActionRepository,
    incidents: IncidentRepository,
    keep_answer: bool = False,
) -> dict[str, Any]:
    """Run a built-in action now, or request an external one from the integrations; with
    `keep_answer` (its own request had an Idempotency-Key) the result is kept as the answer."""
    incident = visible_incident(principal, action["incident_id"], incidents)
    if CATALOG[action["action"]].external:
        name, outcome = "action.requested", {"status": "requested"}
    else:
        name, outcome = _run_built_in(principal, action, incidents)
        incident = visible_incident(principal, action["incident_id"], incidents)  # as the action left it
    updated = _next_version(action, outcome)
    if keep_answer:
        updated[FIRST_ANSWER] = action_view(updated)
    repository.update(
        updated, expected_version=int(action["version"]), events=[_event(name, principal, incident, updated)]
    )
    return updated


def _run_built_in(
    principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository
) -> tuple[str, dict[str, Any]]:
    """Its event name and outcome; a change the incident refuses is a failed action, not an error."""
    try:
        success, message = True, BUILT_INS[action["action"]](principal, action, incidents)
    except (ValidationFailed, Conflict) as error:
        success, message = False, error.message
    status = "completed" if success else "failed"
    return f"action.{status}", {
        "status": status,
        "result": {"success": success, "message": message},
        "completed_at": now_iso(),
    }


def _next_version(action: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    return {**action, **changes, "version": int(action["version"]) + 1}


def _action(
    principal: Principal, incident_id: str, action_id: str, repository: ActionRepository, incidents: IncidentRepository
) -> dict[str, Any]:
    visible_incident(principal, incident_id, incidents)
    action = repository.get(org_id=principal.org_id, incident_id=incident_id, action_id=action_id)
    if action is None:
        raise NotFound(f"Action {action_id} not found")
    return action


def _pending(action: Mapping[str, Any]) -> None:
    if action["status"] != "pending_approval":
        raise Conflict(f"Action is {action['status']}, not pending approval", details={"status": action["status"]})


def _change(
    principal: Principal,
    action: Mapping[str, Any],
    changes: Mapping[str, Any],
    *,
    event: str,
    repository: ActionRepository,
    incidents: IncidentRepository,
) -> dict[str, Any]:
    """Store a reviewed action's change with its event; a concurrent change is a 409."""
    incident = visible_incident(principal, action["incident_id"], incidents)
    changed = _next_version(action, changes)
    try:
        repository.update(
            changed,
            expected_version=int(action["version"]),
            events=[_event(event, principal, incident, changed)],
        )
    except VersionMismatch as error:
        raise Conflict("Action was changed by another request: fetch it and retry") from error
    return changed


def approve_action(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    repository, incidents = _stores(repository, incidents)
    action = _action(principal, incident_id, action_id, repository, incidents)
    _pending(action)
    if action["requested_by"] == principal.sub:
        raise Forbidden("The requester can not approve its own action", details={"requested_by": principal.sub})
    if not can_approve(principal, action["approval_level"]):
        raise Forbidden(
            f"A {action['approval_level']} approval is needed",
            details={
                "required_permission": "actions:approve:senior",
                "user_permissions": sorted(principal.permissions),
            },
        )
    approved = _change(
        principal,
        action,
        {"status": "approved", "approved_by": principal.sub, "approved_at": now_iso()},
        event="action.approved",
        repository=repository,
        incidents=incidents,
    )
    return action_view(_carry_out(principal, approved, repository=repository, incidents=incidents))


def reject_action(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    data: Rejection,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    repository, incidents = _stores(repository, incidents)
    action = _action(principal, incident_id, action_id, repository, incidents)
    _pending(action)
    rejection = {
        "status": "rejected",
        "rejected_by": principal.sub,
        "rejected_at": now_iso(),
        "rejection_reason": data.reason,
    }
    rejected = _change(
        principal, action, rejection, event="action.rejected", repository=repository, incidents=incidents
    )
    return action_view(rejected)


def report_result(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    data: ActionResult,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    """An integration reports what became of a requested action."""
    repository, incidents = _stores(repository, incidents)
    action = _action(principal, incident_id, action_id, repository, incidents)
    if action["status"] != "requested":
        raise Conflict(f"Action is {action['status']}, not waiting for a result", details={"status": action["status"]})
    outcome = {
        "status": "completed" if data.success else "failed",
        "result": data.model_dump(exclude_none=True),
        "completed_at": now_iso(),
        "reported_by": principal.sub,
    }
    event = "action.completed" if data.success else "action.failed"
    finished = _change(principal, action, outcome, event=event, repository=repository, incidents=incidents)
    return action_view(finished)


def get_action(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    return action_view(_action(principal, incident_id, action_id, *_stores(repository, incidents)))


def list_actions(
    *,
    principal: Principal,
    incident_id: str,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> list[dict[str, Any]]:
    repository, incidents = _stores(repository, incidents)
    visible_incident(principal, incident_id, incidents)
    found = repository.list(org_id=principal.org_id, incident_id=incident_id)
    return [action_view(item) for item in found]
