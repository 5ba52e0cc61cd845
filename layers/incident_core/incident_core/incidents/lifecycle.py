"""The status lifecycle of an incident: which moves are allowed, and what each move stamps and announces.

`open -> triaged -> acknowledged -> investigating -> resolved -> closed`, with reopen
(`resolved -> investigating`); `closed` is final. Two shortcuts:
- moving to `investigating` with no assignee assigns the caller (`actor`);
- an active incident (open, triaged, acknowledged, investigating) may be closed at once when it
  is dismissed: classification `false_positive` or `benign` (002's `{"status": 4}` on a New one).

`transition` changes the incident dict in place and returns the `Change` to write: the events
(status_changed, then resolved / closed / reopened, then assigned) and the status counters.
`PUT /incidents/{id}/status` comes here; `edit` (`PATCH`/`PUT /incidents/{id}`) changes the
named fields and then, when the body names another status, moves it here too: one `Change`,
so one conditional write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from incident_core.core.errors import Conflict, ValidationFailed
from incident_core.incidents.repository import severity_counter, status_counter
from incident_core.incidents.vocabulary import DISMISSALS, LIST_FIELDS, Classification, Status
from incident_core.storage.dynamo import ItemWrite

EventSpec = tuple[str, dict[str, Any] | None]  # an event's name and its changes (old/new per field)

ALLOWED_TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.OPEN: (Status.TRIAGED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED),
    Status.TRIAGED: (Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED),
    Status.ACKNOWLEDGED: (Status.INVESTIGATING, Status.RESOLVED),
    Status.INVESTIGATING: (Status.RESOLVED,),
    Status.RESOLVED: (Status.CLOSED, Status.INVESTIGATING),
    Status.CLOSED: (),
}
# The statuses an incident may be closed from at once, when the close dismisses it.
DISMISSABLE = (Status.OPEN, Status.TRIAGED, Status.ACKNOWLEDGED, Status.INVESTIGATING)
ENDED = (Status.RESOLVED, Status.CLOSED)
KEEP_ASSIGNEE = "an investigating incident must keep an assignee"
STATUS_TIMESTAMPS = {
    Status.TRIAGED: "triaged_at",
    Status.ACKNOWLEDGED: "acknowledged_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
}


@dataclass(slots=True)
class Change:
    """The outcome of a mutation: the new state, its events and the counter deltas."""

    incident: dict[str, Any]
    events: list[EventSpec]
    counters: dict[str, int] = field(default_factory=dict)
    also: list[ItemWrite] = field(default_factory=list)  # other items written in the same transaction


class StatusMove(Protocol):
    """What a move names: `StatusChange` (the status route's body) or `Move` (a status in an update)."""

    @property
    def status(self) -> Status: ...
    @property
    def classification(self) -> Classification | None: ...
    @property
    def resolution(self) -> str | None: ...
    @property
    def assigned_to(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Move:
    """A move built by the service (the status part of an update)."""

    status: Status
    classification: Classification | None = None
    resolution: str | None = None
    assigned_to: str | None = None
    note: str | None = None


def check_transition(current: Status, target: Status, classification: Classification | None) -> None:
    """Raise `Conflict` (409, with the allowed targets) unless `current -> target` is a legal move."""
    if current == target:
        raise Conflict(f"Incident is already {target.label}")
    allowed = ALLOWED_TRANSITIONS[current]
    dismissed = target == Status.CLOSED and current in DISMISSABLE and classification in DISMISSALS
    if target in allowed or dismissed:
        return
    details: dict[str, Any] = {"from": current.value, "to": target.value, "allowed": [s.value for s in allowed]}
    if target == Status.CLOSED and current in DISMISSABLE:
        details["closes_when_classified_as"] = sorted(value.value for value in DISMISSALS)
    raise Conflict(f"Cannot change status from {current.label} to {target.label}", details=details)


def status_events(current: Status, target: Status, diff: dict[str, Any]) -> list[EventSpec]:
    specs: list[EventSpec] = [("incident.status_changed", diff)]
    if target == Status.RESOLVED:
        specs.append(("incident.resolved", diff))
    elif target == Status.CLOSED:
        specs.append(("incident.closed", diff))
    elif current in ENDED:
        specs.append(("incident.reopened", diff))
    return specs


def transition(incident: dict[str, Any], change: StatusMove, now: str, *, actor: str | None = None) -> Change:
    """Move an incident to `change.status`, stamping the lifecycle timestamps.

    Moving to investigating with no assignee (named here or held already) assigns `actor`;
    without an actor (alerts, workers) it is a 400."""
    current, target = Status(incident["status"]), change.status
    check_transition(current, target, change.classification)
    assignee = change.assigned_to or incident.get("assigned_to")
    if target == Status.INVESTIGATING and not assignee:
        if not actor:
            raise ValidationFailed.for_field(
                "assigned_to", "assigned_to is required to move an incident to investigating"
            )
        assignee = actor
    diff: dict[str, Any] = {"status": {"old": current.value, "new": target.value}}
    incident["status"] = target.value
    assignment: list[EventSpec] = []
    if assignee and assignee != incident.get("assigned_to"):
        diff["assigned_to"] = {"old": incident.get("assigned_to"), "new": assignee}
        incident["assigned_to"] = assignee
        assignment.append(("incident.assigned", {"assigned_to": diff["assigned_to"]}))
    timestamp_field = STATUS_TIMESTAMPS.get(target)
    if timestamp_field and not (target == Status.ACKNOWLEDGED and incident.get(timestamp_field)):
        incident[timestamp_field] = now
    if current in ENDED and target == Status.INVESTIGATING:
        for name in ("resolved_at", "closed_at", "classification", "resolution"):
            incident[name] = None
    if change.classification is not None:
        incident["classification"] = change.classification.value
    if change.resolution is not None:
        incident["resolution"] = change.resolution
    if change.note:
        diff["note"] = change.note
    counters = {status_counter(current.value): -1, status_counter(target.value): 1}
    return Change(incident, status_events(current, target, diff) + assignment, counters)


def edit(incident: dict[str, Any], requested: Mapping[str, Any], now: str, *, actor: str) -> Change | None:
    """The change an update makes: its fields first (an assignee named with `investigating` counts),
    then its status move by the lifecycle rules (with its resolution and classification)."""
    fields = dict(requested)
    target = Status(fields.pop("status")) if "status" in fields else None
    moving = target is not None and target != incident["status"]
    final_status = target if target is not None else Status(incident["status"])
    if "assigned_to" in fields and not fields["assigned_to"] and final_status == Status.INVESTIGATING:
        raise ValidationFailed.for_field("assigned_to", KEEP_ASSIGNEE)
    move_parts = {name: fields.pop(name) for name in ("classification", "resolution") if moving and name in fields}
    diff = {
        name: {"old": incident.get(name), "new": value}
        for name, value in fields.items()
        if incident.get(name, [] if name in LIST_FIELDS else None) != value
    }
    if not diff and not moving:
        return None
    for name, change in diff.items():
        incident[name] = change["new"]
    specs: list[EventSpec] = [("incident.updated", diff)] if diff else []
    if "assigned_to" in diff or "assigned_team" in diff:
        specs.append(
            ("incident.assigned", {name: diff[name] for name in ("assigned_to", "assigned_team") if name in diff})
        )
    counters: dict[str, int] = {}
    if "severity" in diff:
        counters = {
            severity_counter(str(diff["severity"]["old"])): -1,
            severity_counter(str(diff["severity"]["new"])): 1,
        }
    if target is not None and moving:
        classification = move_parts.get("classification")
        move = Move(
            status=target,
            classification=Classification(classification) if classification else None,
            resolution=move_parts.get("resolution"),
        )
        moved = transition(incident, move, now, actor=actor)
        specs += moved.events
        counters.update(moved.counters)
    return Change(incident, specs, counters)
