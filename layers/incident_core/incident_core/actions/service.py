"""Response actions: requests, approvals, and the hand-off to integrations.

An action is requested with the parameters its catalog entry (`actions/catalog.py`) asks
for. One that needs no approval runs at once; others wait for an approver of the right
level, and nobody approves their own request. Once approved, a built-in action changes the
incident; an external one goes out as an `action.requested` event (to webhook subscribers)
and the integration reports back with `POST .../actions/{action_id}/result`.
"""

from __future__ import annotations

import hashlib
import secrets
import time
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
from incident_core.actions.reads import get_action as get_action
from incident_core.actions.reads import list_actions as list_actions
from incident_core.actions.reads import stored_action, stores
from incident_core.actions.repository import ActionRepository
from incident_core.actions.views import action_view, with_derived_fields
from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso, parse_iso
from incident_core.core.errors import (
    Conflict,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    ValidationFailed,
    VersionMismatch,
)
from incident_core.incidents.repository import IncidentRepository
from incident_core.incidents.service import visible_incident
from incident_core.incidents.views import public_view
from incident_core.storage import idempotency as idempotency_keys
from incident_core.storage.outbox import EventRecord, incident_event

if TYPE_CHECKING:
    from incident_core.actions.models import ActionRequest, ActionResult, Rejection

# Kept on an action created with an Idempotency-Key: the view its request answered with, which
# a replay of that request answers again, whatever became of the action since.
FIRST_ANSWER = "first_answer"
# The key's rule, its fingerprint and the 422 are `storage/idempotency.py`'s; the record is written
# in the action's own transaction (no in-flight state) and points at the action, which keeps the answer.
IDEMPOTENCY_KEY_RULE = idempotency_keys.KEY_RULE_TEXT


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
    idempotency_keys.checked_key(idempotency_key)
    repository, incidents = stores(repository, incidents)
    spec = action_spec(data.action)
    parameters = validated_parameters(spec, data.parameters)
    reason = _reason(data.reason, parameters.get("reason"))
    incident = visible_incident(principal, incident_id, incidents)
    fingerprint = idempotency_keys.fingerprint([data.action, parameters, reason])
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
        "reason": reason,
        "approval_level": level,
        "status": "pending_approval" if level != "none" else "approved",
        "requested_by": principal.sub,
        "requested_at": now,
        "version": 1,
    }
    if key and level != "none":  # answered as created
        action[FIRST_ANSWER] = action_view(action)
    idempotency = (
        {
            "key": key,
            "action_id": action["id"],
            "fingerprint": fingerprint,
            "created_at": now,
            "expires_at": int(parse_iso(now).timestamp()) + idempotency_keys.RECORD_TTL_SECONDS,
        }
        if key
        else None
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


def _reason(given: str | None, in_parameters: str | None) -> str | None:
    """The action's reason: given at the top of the request or among its parameters (not two different ones)."""
    if given and in_parameters and given != in_parameters:
        raise ValidationFailed.for_field(
            "parameters.reason", "parameters.reason and reason differ: give one of them (or the same)"
        )
    return given or in_parameters


def _replay(
    repository: ActionRepository, principal: Principal, incident_id: str, key: str, fingerprint: str
) -> dict[str, Any] | None:
    record = repository.idempotency_record(org_id=principal.org_id, incident_id=incident_id, key=key)
    if record is None:
        return None
    if record.get("fingerprint") != fingerprint:
        raise IdempotencyKeyReused(
            "Idempotency-Key was used for a different request: use a new key",
            details={"action_id": record.get("action_id")},
        )
    existing = repository.get(org_id=principal.org_id, incident_id=incident_id, action_id=str(record["action_id"]))
    if existing is None:
        return None
    # Without a kept answer, the first request has not answered yet (or died first): the action as it is.
    first = existing.get(FIRST_ANSWER)
    return with_derived_fields(first) if first else action_view(existing)


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
        name, outcome = _run_built_in(principal, action, incident, incidents)
        incident = visible_incident(principal, action["incident_id"], incidents)  # as the action left it
    updated = _next_version(action, outcome)
    if keep_answer:
        updated[FIRST_ANSWER] = action_view(updated)
    repository.update(
        updated, expected_version=int(action["version"]), events=[_event(name, principal, incident, updated)]
    )
    return updated


def _run_built_in(
    principal: Principal, action: Mapping[str, Any], incident: Mapping[str, Any], incidents: IncidentRepository
) -> tuple[str, dict[str, Any]]:
    """Its event name and outcome; a change the incident refuses is a failed action, not an error."""
    started = time.perf_counter()
    result: dict[str, Any]
    try:
        message, details = BUILT_INS[action["action"]](principal, action, incident, incidents)
        result = {"success": True, "message": message, "details": details}
    except (ValidationFailed, Conflict) as error:
        result = {"success": False, "message": error.message}
    duration_ms = round((time.perf_counter() - started) * 1000)
    status = "completed" if result["success"] else "failed"
    finished = now_iso()
    return f"action.{status}", {
        "status": status,
        "result": result,
        "completed_at": finished,
        "executed_by": principal.sub,
        "executed_at": finished,
        "duration_ms": duration_ms,
    }


def _next_version(action: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    return {**action, **changes, "version": int(action["version"]) + 1}


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
    repository, incidents = stores(repository, incidents)
    action = stored_action(principal, incident_id, action_id, repository, incidents)
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
    repository, incidents = stores(repository, incidents)
    action = stored_action(principal, incident_id, action_id, repository, incidents)
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
    repository, incidents = stores(repository, incidents)
    action = stored_action(principal, incident_id, action_id, repository, incidents)
    if action["status"] != "requested":
        raise Conflict(f"Action is {action['status']}, not waiting for a result", details={"status": action["status"]})
    reported_at = now_iso()
    outcome = {
        "status": "completed" if data.success else "failed",
        "result": data.model_dump(exclude_none=True),
        "completed_at": reported_at,
        "reported_by": principal.sub,
        "executed_by": principal.sub,  # the integration that carried it out
        "executed_at": reported_at,
    }
    event = "action.completed" if data.success else "action.failed"
    finished = _change(principal, action, outcome, event=event, repository=repository, incidents=incidents)
    return action_view(finished)
