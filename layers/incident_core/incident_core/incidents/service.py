"""The incident service: lifecycle rules on top of the repository.

Functions take plain models and a `Principal`, and know nothing of API Gateway. Every
change is written together with its events (timeline and webhook outbox) in one
transaction by the repository; updates are conditional on `version`.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed, VersionMismatch
from incident_core.incidents.repository import IncidentRepository, get_repository, severity_counter, status_counter
from incident_core.incidents.vocabulary import STAMPED_TIMES, Severity, Status
from incident_core.storage.dynamo import ItemWrite
from incident_core.storage.outbox import EventRecord, incident_event

if TYPE_CHECKING:  # request models come in validated; reads never load pydantic
    from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange

PUBLIC_FIELDS = (
    "id",
    "incident_number",
    "title",
    "description",
    "severity",
    "status",
    "incident_type",
    "source",
    "dedup_key",
    "affected_systems",
    "tags",
    "raw_data",
    "observables",
    "assigned_to",
    "assigned_team",
    "verdict",
    "recommended_actions",
    "classification",
    "resolution",
    "alert_count",
    "last_alert_at",
    "created_by",
    "org_id",
    "version",
    *STAMPED_TIMES,
)
LIST_FIELDS = frozenset({"affected_systems", "tags", "observables", "recommended_actions"})

ALLOWED_TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.OPEN: (Status.TRIAGED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED),
    Status.TRIAGED: (Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED),
    Status.ACKNOWLEDGED: (Status.INVESTIGATING, Status.RESOLVED),
    Status.INVESTIGATING: (Status.RESOLVED,),
    Status.RESOLVED: (Status.CLOSED, Status.INVESTIGATING),
    Status.CLOSED: (),
}
STATUS_TIMESTAMPS = {
    Status.TRIAGED: "triaged_at",
    Status.ACKNOWLEDGED: "acknowledged_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
}

MAX_UPDATE_ATTEMPTS = 3


@dataclass(slots=True)
class Change:
    """The outcome of a mutation: the new state, its events and the counter deltas."""

    incident: dict[str, Any]
    events: list[tuple[str, dict[str, Any] | None]]
    counters: dict[str, int] = field(default_factory=dict)
    also: list[ItemWrite] = field(default_factory=list)  # other items written in the same transaction


def public_view(incident: Mapping[str, Any]) -> dict[str, Any]:
    """The incident as the API shows it: every public field, absent ones as null or []."""
    return {name: incident.get(name, [] if name in LIST_FIELDS else None) for name in PUBLIC_FIELDS}


def etag(incident: Mapping[str, Any]) -> str:
    return f'"{incident["version"]}"'


def _repository(repository: IncidentRepository | None) -> IncidentRepository:
    return repository or get_repository()


def _events(
    incident: Mapping[str, Any], actor: str, occurred_at: str, specs: list[tuple[str, dict[str, Any] | None]]
) -> list[EventRecord]:
    data = public_view(incident)
    return [
        incident_event(name, incident, actor=actor, data=data, changes=changes, occurred_at=occurred_at)
        for name, changes in specs
    ]


# --- create and read ------------------------------------------------------------------


def create_incident(
    *,
    principal: Principal,
    data: IncidentCreate,
    repository: IncidentRepository | None = None,
    claim_dedup: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Create an incident; with `claim_dedup`, only if no open incident holds its `dedup_key`."""
    repository = _repository(repository)
    now = utc_now()
    created_at = iso(now)
    number = repository.next_incident_number(org_id=principal.org_id, year=now.year)
    incident: dict[str, Any] = {
        **data.model_dump(exclude_none=True),
        "id": str(uuid.uuid4()),
        "incident_number": f"INC-{now.year}-{number:06d}",
        "created_by": principal.sub,
        "org_id": principal.org_id,
        "version": 1,
        "created_at": created_at,
        "updated_at": created_at,
        **(extra or {}),
    }
    incident["severity"] = data.severity.value
    incident["status"] = data.status.value
    timestamp_field = STATUS_TIMESTAMPS.get(data.status)
    if timestamp_field:
        incident[timestamp_field] = created_at
    specs: list[tuple[str, dict[str, Any] | None]] = [("incident.created", None)]
    if data.assigned_to:
        specs.append(("incident.assigned", {"assigned_to": {"old": None, "new": data.assigned_to}}))
    repository.create_incident(
        incident=incident,
        events=_events(incident, principal.sub, created_at, specs),
        counters={"total": 1, status_counter(incident["status"]): 1, severity_counter(incident["severity"]): 1},
        dedup_claim=data.dedup_key if claim_dedup else None,
    )
    return public_view(incident)


def visible_incident(principal: Principal, incident_id: str, repository: IncidentRepository) -> dict[str, Any]:
    if not _is_uuid(incident_id):
        raise NotFound(f"Incident {incident_id} not found")
    incident = repository.get_incident(org_id=principal.org_id, incident_id=incident_id)
    if (
        incident is None
        or incident.get("deleted_at")
        or (principal.sees_only_own_incidents and incident.get("created_by") != principal.sub)
    ):
        raise NotFound(f"Incident {incident_id} not found")
    return incident


def get_incident(
    *, principal: Principal, incident_id: str, repository: IncidentRepository | None = None
) -> dict[str, Any]:
    return public_view(visible_incident(principal, incident_id, _repository(repository)))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# --- changes -----------------------------------------------------------------------------


def _expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names (`"3"`, `W/"3"`, `3`), or None for none or `*`."""
    if if_match is None or not if_match.strip() or if_match.strip() == "*":
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed("If-Match must be an ETag returned by this API")
    return int(value)


def apply_change(
    *,
    principal: Principal,
    incident_id: str,
    if_match: str | None,
    repository: IncidentRepository,
    mutate: Callable[[dict[str, Any], str], Change | None],
    attempts: int = MAX_UPDATE_ATTEMPTS,
) -> dict[str, Any]:
    """Read, change and write back an incident, conditional on its version."""
    expected = _expected_version(if_match)
    for attempt in range(attempts):
        if attempt:
            time.sleep(random.uniform(0.005, 0.03) * attempt)  # noqa: S311 - jitter: let the other writer finish
        current = visible_incident(principal, incident_id, repository)
        if expected is not None and int(current["version"]) != expected:
            raise PreconditionFailed(
                f"Incident has changed: version is {current['version']}, If-Match named {expected}",
                details={"current_version": current["version"]},
            )
        now = iso(utc_now())
        change = mutate(dict(current), now)
        if change is None:
            return current
        change.incident.update(version=int(current["version"]) + 1, updated_at=now)
        try:
            repository.replace_incident(
                incident=change.incident,
                expected_version=int(current["version"]),
                events=_events(change.incident, principal.sub, now, change.events),
                counters=change.counters,
                also=change.also,
            )
        except VersionMismatch:
            if expected is not None:
                raise PreconditionFailed("Incident was changed by another request: fetch it and retry") from None
            continue
        return change.incident
    raise Conflict("Incident is being changed by other requests: retry")


def update_incident(
    *,
    principal: Principal,
    incident_id: str,
    changes: IncidentUpdate,
    if_match: str | None = None,
    repository: IncidentRepository | None = None,
) -> dict[str, Any]:
    requested = {
        name: (value.value if isinstance(value, Severity) else value)
        for name, value in changes.changed_fields().items()
    }
    for name in LIST_FIELDS & requested.keys():
        requested[name] = requested[name] or []  # `null` clears a list: it is then empty, never null
    for required in ("title", "description", "severity"):
        if required in requested and requested[required] is None:
            raise ValidationFailed.for_field(required, f"{required} can not be null")

    def mutate(incident: dict[str, Any], now: str) -> Change | None:
        diff = {
            name: {"old": incident.get(name), "new": value}
            for name, value in requested.items()
            if incident.get(name, [] if name in LIST_FIELDS else None) != value
        }
        if not diff:
            return None
        if "assigned_to" in diff and incident["status"] == Status.INVESTIGATING and not requested["assigned_to"]:
            raise ValidationFailed.for_field("assigned_to", "an investigating incident must keep an assignee")
        for name, change in diff.items():
            incident[name] = change["new"]
        specs: list[tuple[str, dict[str, Any] | None]] = [("incident.updated", diff)]
        if "assigned_to" in diff or "assigned_team" in diff:
            assignment: dict[str, Any] = {name: diff[name] for name in ("assigned_to", "assigned_team") if name in diff}
            specs.append(("incident.assigned", assignment))
        counters = {}
        if "severity" in diff:
            old, new = str(diff["severity"]["old"]), str(diff["severity"]["new"])
            counters = {severity_counter(old): -1, severity_counter(new): 1}
        return Change(incident, specs, counters)

    incident = apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=if_match,
        repository=_repository(repository),
        mutate=mutate,
    )
    return public_view(incident)


def _check_transition(current: Status, target: Status, assignee: str | None) -> None:
    if current == target:
        raise Conflict(f"Incident is already {target.label}")
    allowed = ALLOWED_TRANSITIONS[current]
    if target not in allowed:
        raise Conflict(
            f"Cannot change status from {current.label} to {target.label}",
            details={"from": current.value, "to": target.value, "allowed": [status.value for status in allowed]},
        )
    if target == Status.INVESTIGATING and not assignee:
        raise ValidationFailed.for_field("assigned_to", "assigned_to is required to move an incident to investigating")


def _status_events(current: Status, target: Status, diff: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    specs: list[tuple[str, dict[str, Any] | None]] = [("incident.status_changed", diff)]
    if target == Status.RESOLVED:
        specs.append(("incident.resolved", diff))
    elif target == Status.CLOSED:
        specs.append(("incident.closed", diff))
    elif current in (Status.RESOLVED, Status.CLOSED):
        specs.append(("incident.reopened", diff))
    return specs


def transition(incident: dict[str, Any], change: StatusChange, now: str) -> Change:
    """Move an incident to `change.status`, stamping the lifecycle timestamps."""
    current, target = Status(incident["status"]), change.status
    _check_transition(current, target, change.assigned_to or incident.get("assigned_to"))
    diff: dict[str, Any] = {"status": {"old": current.value, "new": target.value}}
    incident["status"] = target.value
    assignment: list[tuple[str, dict[str, Any] | None]] = []
    if change.assigned_to and change.assigned_to != incident.get("assigned_to"):
        diff["assigned_to"] = {"old": incident.get("assigned_to"), "new": change.assigned_to}
        incident["assigned_to"] = change.assigned_to
        assignment.append(("incident.assigned", {"assigned_to": diff["assigned_to"]}))
    timestamp_field = STATUS_TIMESTAMPS.get(target)
    if timestamp_field and not (target == Status.ACKNOWLEDGED and incident.get(timestamp_field)):
        incident[timestamp_field] = now
    if change.classification is not None:
        incident["classification"] = change.classification.value
    if target == Status.RESOLVED and change.resolution is not None:
        incident["resolution"] = change.resolution
    if current in (Status.RESOLVED, Status.CLOSED) and target == Status.INVESTIGATING:
        for name in ("resolved_at", "closed_at", "classification", "resolution"):
            incident[name] = None
    if change.note:
        diff["note"] = change.note
    counters = {status_counter(current.value): -1, status_counter(target.value): 1}
    return Change(incident, _status_events(current, target, diff) + assignment, counters)


def change_status(
    *,
    principal: Principal,
    incident_id: str,
    change: StatusChange,
    if_match: str | None = None,
    repository: IncidentRepository | None = None,
) -> dict[str, Any]:
    if change.classification is not None and change.status not in (Status.RESOLVED, Status.CLOSED):
        raise ValidationFailed.for_field("classification", "classification is only set when resolving or closing")
    incident = apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=if_match,
        repository=_repository(repository),
        mutate=lambda current, now: transition(current, change, now),
    )
    return public_view(incident)


def delete_incident(
    *,
    principal: Principal,
    incident_id: str,
    if_match: str | None = None,
    repository: IncidentRepository | None = None,
) -> dict[str, Any]:
    """Soft delete: the incident leaves every read and list, and stays for audit."""

    def mutate(incident: dict[str, Any], now: str) -> Change:
        incident.update(deleted_at=now, deleted_by=principal.sub)
        counters = {
            "total": -1,
            status_counter(incident["status"]): -1,
            severity_counter(incident["severity"]): -1,
        }
        return Change(incident, [("incident.deleted", None)], counters)

    incident = apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=if_match,
        repository=_repository(repository),
        mutate=mutate,
    )
    return {"id": incident["id"], "deleted": True, "deleted_at": incident["deleted_at"]}
