"""The action catalog: which actions exist, their parameters, approval levels, and how the
built-in ones run.

Built-in actions change the incident (assign, escalate, add tags, resolve, notify) and run
in the API. External actions (quarantine an email, block an IP, disable a user, ...) are
carried out by integrations, which learn of them from the `action.requested` event.
Approval levels come from the catalog and go up one level for a critical incident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from incident_core.actions.models import (
    ActionParameters,
    AddTagsParams,
    AssignParams,
    BlockIpParams,
    EscalateParams,
    HostParams,
    NotifyParams,
    QuarantineEmailParams,
    ResolveParams,
    SenderParams,
    ServiceParams,
    UserParams,
)
from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.incidents.models import IncidentUpdate, StatusChange
from incident_core.incidents.repository import IncidentRepository
from incident_core.incidents.service import change_status, update_incident, visible_incident
from incident_core.incidents.vocabulary import Severity, Status

ApprovalLevel = Literal["none", "analyst", "senior"]
LEVELS: tuple[ApprovalLevel, ...] = ("none", "analyst", "senior")


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    parameters: type[ActionParameters]
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


def action_spec(name: str) -> ActionSpec:
    """The catalog's entry for `name` (a 400 naming the choices when there is none)."""
    spec = CATALOG.get(name)
    if spec is None:
        raise ValidationFailed.for_field("action", f"action must be one of: {', '.join(sorted(CATALOG))}")
    return spec


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


def validated_parameters(spec: ActionSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The action's parameters checked by its model, errors named `parameters.<field>`."""
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


# --- the built-in actions: each changes the incident and says what it did ------------------------


def _update(
    principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository, changes: Mapping[str, Any]
) -> None:
    """Edit the action's incident (`changes` as an `IncidentUpdate` body)."""
    update = IncidentUpdate.model_validate(changes)
    update_incident(principal=principal, incident_id=action["incident_id"], changes=update, repository=incidents)


def _assign(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    _update(principal, action, incidents, action["parameters"])
    return f"assigned to {action['parameters']['assigned_to']}"


def _escalate(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    _update(principal, action, incidents, {"severity": action["parameters"]["severity"]})
    return f"severity set to {action['parameters']['severity']}"


def _add_tags(principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository) -> str:
    current = visible_incident(principal, action["incident_id"], incidents)
    tags = list(dict.fromkeys([*(current.get("tags") or []), *action["parameters"]["tags"]]))[:20]
    _update(principal, action, incidents, {"tags": tags})
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
