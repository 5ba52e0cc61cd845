"""Response actions: a catalog, approvals, and the hand-off to integrations.

Built-in actions change the incident (assign, escalate, add tags, resolve, notify) and run
as soon as they are approved (or at once when they need no approval). External actions
(quarantine an email, block an IP, disable a user, ...) are requested from integrations:
an `action.requested` event goes out (to webhook subscribers), and the integration
reports back with `POST .../actions/{action_id}/result`. Approval levels come from the
catalog and go up one level for critical incidents; nobody approves their own request.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from incident_core.actions.repository import ActionRepository, get_action_repository
from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso
from incident_core.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, VersionMismatch
from incident_core.incidents.models import (
    Classification,
    IncidentUpdate,
    Severity,
    ShortText,
    Status,
    StatusChange,
    StrictInput,
    Tag,
)
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import change_status, public_view, update_incident, visible_incident
from incident_core.storage.outbox import EventRecord, incident_event

ApprovalLevel = Literal["none", "analyst", "senior"]
LEVELS: tuple[ApprovalLevel, ...] = ("none", "analyst", "senior")
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
# No email-validator dependency in the layer: a plain shape check is enough for a sender to block.
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AssignParams(_Params):
    assigned_to: ShortText
    assigned_team: ShortText | None = None


class EscalateParams(_Params):
    severity: Severity

    @field_validator("severity", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class AddTagsParams(_Params):
    tags: Annotated[list[Tag], Field(min_length=1, max_length=20)]


class ResolveParams(_Params):
    classification: Classification | None = None
    resolution: Text | None = None


class NotifyParams(_Params):
    message: Text
    channel: ShortText | None = None


class QuarantineEmailParams(_Params):
    message_id: ShortText | None = None
    sender: Email | None = None
    subject: ShortText | None = None
    recipient: Email | None = None


class SenderParams(_Params):
    sender: Email


class BlockIpParams(_Params):
    ip: str
    duration_hours: Annotated[int, Field(ge=1, le=8760)] | None = None

    @field_validator("ip")
    @classmethod
    def _public_ip(cls, value: str) -> str:
        try:
            address = ipaddress.ip_address(value.strip())
        except ValueError:
            raise ValueError("ip must be a valid IPv4 or IPv6 address") from None
        if not address.is_global:
            raise ValueError("ip must be a public address (blocking a private one would cut off your own network)")
        return str(address)


class UserParams(_Params):
    user: ShortText


class HostParams(_Params):
    host: ShortText


class ServiceParams(_Params):
    service: ShortText


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    parameters: type[_Params]
    approval: ApprovalLevel
    external: bool
    description: str


CATALOG: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("assign", AssignParams, "none", False, "Assign the incident to a person (and team)"),
        ActionSpec("escalate", EscalateParams, "none", False, "Raise the incident's severity"),
        ActionSpec("add_tags", AddTagsParams, "none", False, "Add tags to the incident"),
        ActionSpec("resolve", ResolveParams, "analyst", False, "Resolve the incident"),
        ActionSpec("notify", NotifyParams, "none", False, "Send a message to subscribers (webhooks)"),
        ActionSpec("quarantine_email", QuarantineEmailParams, "analyst", True, "Pull an email from mailboxes"),
        ActionSpec("block_sender", SenderParams, "analyst", True, "Block mail from a sender"),
        ActionSpec("block_ip", BlockIpParams, "analyst", True, "Block a public IP address at the edge"),
        ActionSpec("disable_user", UserParams, "senior", True, "Disable a user account"),
        ActionSpec("isolate_host", HostParams, "senior", True, "Isolate a host from the network"),
        ActionSpec("restart_service", ServiceParams, "analyst", True, "Restart a service"),
        ActionSpec("reset_credentials", UserParams, "analyst", True, "Force a credential reset"),
    )
}


class ActionRequest(StrictInput):
    action: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)]
    parameters: dict[str, Any] = Field(default_factory=dict)
    reason: Text | None = None


class Rejection(StrictInput):
    reason: Text


class ActionResult(StrictInput):
    success: bool
    message: Text | None = None
    details: dict[str, Any] | None = None


def approval_level(spec: ActionSpec, incident: Mapping[str, Any]) -> ApprovalLevel:
    """The catalog's level, one higher for a critical incident."""
    level = spec.approval
    if incident.get("severity") == Severity.CRITICAL.value:
        level = LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]
    return level


def can_approve(principal: Principal, level: ApprovalLevel) -> bool:
    """Analyst approvals need `actions:approve`; senior ones the admin role or `actions:approve:senior`."""
    if not principal.has("actions:approve"):
        return False
    return level != "senior" or "admin" in principal.roles or principal.has("actions:approve:senior")


def action_view(action: Mapping[str, Any]) -> dict[str, Any]:
    fields = (
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
    return {"action_id": action.get("id"), **{name: action.get(name) for name in fields}}


def _event(name: str, principal: Principal, incident: Mapping[str, Any], action: Mapping[str, Any]) -> EventRecord:
    view = action_view(action)
    return incident_event(
        name,
        incident,
        actor=principal.sub,
        data={**view, "incident": public_view(incident)},
        changes={"action": {key: view[key] for key in ("action_id", "action", "status", "parameters")}},
    )


def _parameters(spec: ActionSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return spec.parameters.model_validate(raw).model_dump(mode="json", exclude_none=True)
    except ValidationError as error:
        details = []
        for item in error.errors():
            field = ".".join(str(part) for part in ("parameters", *item.get("loc", ())))
            message = str(item.get("msg", "is invalid")).removeprefix("Value error, ")
            if item.get("type") == "missing":
                message = f"{field} is required"
            elif item.get("type") == "extra_forbidden":
                message = f"{field} is not a parameter of {spec.name}"
            details.append({"field": field, "message": message})
        raise ValidationFailed(f"Invalid parameters for {spec.name}", details=details) from error


def request_action(
    *,
    principal: Principal,
    incident_id: str,
    data: ActionRequest,
    idempotency_key: str | None = None,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> tuple[dict[str, Any], bool]:
    """Create an action; (its view, whether this call created it). Same key, same answer."""
    repository = repository or get_action_repository()
    incidents = incidents or get_repository()
    spec = CATALOG.get(data.action)
    if spec is None:
        raise ValidationFailed.for_field("action", f"action must be one of: {', '.join(sorted(CATALOG))}")
    parameters = _parameters(spec, data.parameters)
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
        action = _carry_out(principal, action, repository=repository, incidents=incidents)
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
    return action_view(existing) if existing else None


def _carry_out(
    principal: Principal, action: dict[str, Any], *, repository: ActionRepository, incidents: IncidentRepository
) -> dict[str, Any]:
    """Run a built-in action now, or request an external one from the integrations."""
    spec = CATALOG[action["action"]]
    incident = visible_incident(principal, action["incident_id"], incidents)
    if spec.external:
        updated = {**action, "status": "requested", "version": int(action["version"]) + 1}
        repository.update(
            updated,
            expected_version=int(action["version"]),
            events=[_event("action.requested", principal, incident, updated)],
        )
        return updated
    try:
        result = BUILT_INS[spec.name](principal, action, incidents)
        outcome = {"status": "completed", "result": {"success": True, "message": result}}
        name = "action.completed"
    except (ValidationFailed, Conflict) as error:
        outcome = {"status": "failed", "result": {"success": False, "message": error.message}}
        name = "action.failed"
    incident = visible_incident(principal, action["incident_id"], incidents)
    updated = {**action, **outcome, "completed_at": now_iso(), "version": int(action["version"]) + 1}
    repository.update(
        updated, expected_version=int(action["version"]), events=[_event(name, principal, incident, updated)]
    )
    return updated


def _assign(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    changes = IncidentUpdate.model_validate(action["parameters"])
    update_incident(principal=principal, incident_id=action["incident_id"], changes=changes, repository=incidents)
    return f"assigned to {action['parameters']['assigned_to']}"


def _escalate(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    changes = IncidentUpdate.model_validate({"severity": action["parameters"]["severity"]})
    update_incident(principal=principal, incident_id=action["incident_id"], changes=changes, repository=incidents)
    return f"severity set to {action['parameters']['severity']}"


def _add_tags(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    current = visible_incident(principal, action["incident_id"], incidents)
    tags = list(dict.fromkeys([*(current.get("tags") or []), *action["parameters"]["tags"]]))[:20]
    update_incident(
        principal=principal, incident_id=action["incident_id"], changes=IncidentUpdate(tags=tags), repository=incidents
    )
    return f"tags now {', '.join(tags)}"


def _resolve(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    change = StatusChange(status=Status.RESOLVED, **action["parameters"])
    change_status(principal=principal, incident_id=action["incident_id"], change=change, repository=incidents)
    return "incident resolved"


def _notify(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    return f"notified: {action['parameters']['message']}"  # the action.completed event carries it to subscribers


BUILT_INS: dict[str, Callable[[Principal, Mapping[str, Any], IncidentRepository], str]] = {
    "assign": _assign,
    "escalate": _escalate,
    "add_tags": _add_tags,
    "resolve": _resolve,
    "notify": _notify,
}


def _action(principal: Principal, incident_id: str, action_id: str, repository: ActionRepository) -> dict[str, Any]:
    visible_incident(principal, incident_id, get_repository())
    action = repository.get(org_id=principal.org_id, incident_id=incident_id, action_id=action_id)
    if action is None:
        raise NotFound(f"Action {action_id} not found")
    return action


def approve_action(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    repository = repository or get_action_repository()
    incidents = incidents or get_repository()
    action = _action(principal, incident_id, action_id, repository)
    if action["status"] != "pending_approval":
        raise Conflict(f"Action is {action['status']}, not pending approval", details={"status": action["status"]})
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
    incident = visible_incident(principal, incident_id, incidents)
    approved = {
        **action,
        "status": "approved",
        "approved_by": principal.sub,
        "approved_at": now_iso(),
        "version": int(action["version"]) + 1,
    }
    try:
        repository.update(
            approved,
            expected_version=int(action["version"]),
            events=[_event("action.approved", principal, incident, approved)],
        )
    except VersionMismatch as error:
        raise Conflict("Action was changed by another request: fetch it and retry") from error
    return action_view(_carry_out(principal, approved, repository=repository, incidents=incidents))


def reject_action(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    data: Rejection,
    repository: ActionRepository | None = None,
) -> dict[str, Any]:
    repository = repository or get_action_repository()
    action = _action(principal, incident_id, action_id, repository)
    if action["status"] != "pending_approval":
        raise Conflict(f"Action is {action['status']}, not pending approval", details={"status": action["status"]})
    incident = visible_incident(principal, incident_id, get_repository())
    rejected = {
        **action,
        "status": "rejected",
        "rejected_by": principal.sub,
        "rejected_at": now_iso(),
        "rejection_reason": data.reason,
        "version": int(action["version"]) + 1,
    }
    try:
        repository.update(
            rejected,
            expected_version=int(action["version"]),
            events=[_event("action.rejected", principal, incident, rejected)],
        )
    except VersionMismatch as error:
        raise Conflict("Action was changed by another request: fetch it and retry") from error
    return action_view(rejected)


def report_result(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    data: ActionResult,
    repository: ActionRepository | None = None,
) -> dict[str, Any]:
    """An integration reports what became of a requested action."""
    repository = repository or get_action_repository()
    action = _action(principal, incident_id, action_id, repository)
    if action["status"] != "requested":
        raise Conflict(f"Action is {action['status']}, not waiting for a result", details={"status": action["status"]})
    incident = visible_incident(principal, incident_id, get_repository())
    finished = {
        **action,
        "status": "completed" if data.success else "failed",
        "result": data.model_dump(exclude_none=True),
        "completed_at": now_iso(),
        "reported_by": principal.sub,
        "version": int(action["version"]) + 1,
    }
    name = "action.completed" if data.success else "action.failed"
    try:
        repository.update(
            finished, expected_version=int(action["version"]), events=[_event(name, principal, incident, finished)]
        )
    except VersionMismatch as error:
        raise Conflict("Action was changed by another request: fetch it and retry") from error
    return action_view(finished)


def get_action(
    *, principal: Principal, incident_id: str, action_id: str, repository: ActionRepository | None = None
) -> dict[str, Any]:
    return action_view(_action(principal, incident_id, action_id, repository or get_action_repository()))


def list_actions(
    *, principal: Principal, incident_id: str, repository: ActionRepository | None = None
) -> list[dict[str, Any]]:
    visible_incident(principal, incident_id, get_repository())
    found = (repository or get_action_repository()).list(org_id=principal.org_id, incident_id=incident_id)
    return [action_view(item) for item in found]
