"""The action catalog: which actions exist, their parameters, approval levels, and how the
built-in ones run.

Built-in actions change the incident (assign, escalate, add tags, resolve, notify) and run
in the API; each says what it did, with the values it changed (`previous_<field>`,
`current_<field>`). External actions (quarantine an email, block an IP, disable a user, ...) are
carried out by integrations, which learn of them from the `action.requested` event.
Approval levels come from the catalog and go up one level for a critical incident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from incident_core.actions.models import (
    ALIAS_CONFLICT,
    MISSING_ONE_OF,
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
from incident_core.http.validation import validation_detail
from incident_core.incidents.models import IncidentUpdate, StatusChange
from incident_core.incidents.repository import IncidentRepository
from incident_core.incidents.service import change_status, update_incident
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
        ActionSpec("assign", AssignParams, "none", False, "Assign the incident to a person, a team, or both"),
        ActionSpec("escalate", EscalateParams, "none", False, "Raise the incident's severity"),
        ActionSpec("add_tags", AddTagsParams, "none", False, "Add tags to the incident"),
        ActionSpec("resolve", ResolveParams, "analyst", False, "Resolve the incident"),
        ActionSpec(
            "notify", NotifyParams, "none", False, "Send a message (to an audience) through subscribers (webhooks)"
        ),
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
    """The action's parameters checked by its model, aliases under their canonical names, errors
    named `parameters.<field>`."""
    try:
        return spec.parameters.model_validate(raw).model_dump(mode="json", exclude_none=True)
    except ValidationError as error:
        details = [_parameter_error(spec, item) for item in error.errors()]
        raise ValidationFailed(f"Invalid parameters for {spec.name}", details=details) from error


def _parameter_error(spec: ActionSpec, item: Mapping[str, Any]) -> dict[str, str]:
    kind, context = item.get("type"), item.get("ctx") or {}
    detail = validation_detail({**item, "loc": ("parameters", *item.get("loc", ()))})  # the API's words
    field, message = detail["field"], detail["message"]
    if kind == "extra_forbidden":
        message = f"{field} is not a parameter of {spec.name}"
    elif kind == ALIAS_CONFLICT:
        field = f"parameters.{context['alias']}"
        message = f"{field} and parameters.{context['canonical']} differ: give one of them"
    elif kind == MISSING_ONE_OF:
        names = spec.parameters.accepted(spec.parameters.ONE_OF_REQUIRED)
        field = f"parameters.{names[0]}"
        message = " or ".join(f"parameters.{name}" for name in names) + " is required"
    return {"field": field, "message": message}


# --- the built-in actions: each changes the incident and says what it did, and how ---------------

Outcome = tuple[str, dict[str, Any]]
"""What a built-in did: a sentence, and its details (the values before and after)."""


def _update(
    principal: Principal, action: Mapping[str, Any], incidents: IncidentRepository, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Edit the action's incident (`changes` as an `IncidentUpdate` body); the incident after."""
    update = IncidentUpdate.model_validate(changes)
    return update_incident(principal=principal, incident_id=action["incident_id"], changes=update, repository=incidents)


def _assign(
    principal: Principal, action: Mapping[str, Any], incident: Mapping[str, Any], incidents: IncidentRepository
) -> Outcome:
    fields = ("assigned_to", "assigned_team")
    changes = {name: action["parameters"][name] for name in fields if name in action["parameters"]}
    after = _update(principal, action, incidents, changes)
    assignee = changes.get("assigned_to")
    team = changes.get("assigned_team")
    words = f"{assignee} (team {team})" if assignee and team else assignee or f"team {team}"
    return f"assigned to {words}", _before_after(incident, after, fields)


def _escalate(
    principal: Principal, action: Mapping[str, Any], incident: Mapping[str, Any], incidents: IncidentRepository
) -> Outcome:
    after = _update(principal, action, incidents, {"severity": action["parameters"]["severity"]})
    return f"severity set to {action['parameters']['severity']}", _before_after(incident, after, ("severity",))


def _add_tags(
    principal: Principal, action: Mapping[str, Any], incident: Mapping[str, Any], incidents: IncidentRepository
) -> Outcome:
    tags = list(dict.fromkeys([*(incident.get("tags") or []), *action["parameters"]["tags"]]))[:20]
    after = _update(principal, action, incidents, {"tags": tags})
    return f"tags now {', '.join(tags)}", _before_after(incident, after, ("tags",))


def _resolve(
    principal: Principal, action: Mapping[str, Any], incident: Mapping[str, Any], incidents: IncidentRepository
) -> Outcome:
    fields = ("classification", "resolution")
    change = StatusChange(
        status=Status.RESOLVED, **{name: action["parameters"][name] for name in fields if name in action["parameters"]}
    )
    after = change_status(principal=principal, incident_id=action["incident_id"], change=change, repository=incidents)
    return "incident resolved", _before_after(incident, after, ("status", *fields))


def _notify(
    principal: Principal, action: Mapping[str, Any], incident: Mapping[str, Any], incidents: IncidentRepository
) -> Outcome:
    # The action.completed event carries the message to subscribers, who route it to the audience.
    parameters = action["parameters"]
    text = parameters.get("message") or action.get("reason") or f"{incident.get('incident_number')}: see the incident"
    audience = parameters.get("audience")
    details = {"message": text, **{name: parameters[name] for name in ("audience", "channel") if name in parameters}}
    return (f"notified {audience}: {text}" if audience else f"notified: {text}"), details


def _before_after(before: Mapping[str, Any], after: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """`previous_<field>` and `current_<field>` of each field: what the action changed."""
    details: dict[str, Any] = {}
    for name in fields:
        details[f"previous_{name}"] = before.get(name)
        details[f"current_{name}"] = after.get(name)
    return details


BuiltIn = Callable[[Principal, Mapping[str, Any], Mapping[str, Any], IncidentRepository], Outcome]
"""A built-in action: (who runs it, the action, its incident before, the incident store) -> what it did."""

BUILT_INS: dict[str, BuiltIn] = {
    "assign": _assign,
    "escalate": _escalate,
    "add_tags": _add_tags,
    "resolve": _resolve,
    "notify": _notify,
}
