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
from incident_core.core.paging import (
    INVALID_CURSOR,
    QueryParams,
    cursor_secret,
    decode_cursor,
    encode_cursor,
    fingerprint,
)
from incident_core.incidents.repository import IncidentRepository, get_repository, severity_counter, status_counter
from incident_core.incidents.vocabulary import ListQuery, Severity, Status, parse_severity, parse_status
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
    "created_at",
    "updated_at",
    "acknowledged_at",
    "triaged_at",
    "resolved_at",
    "closed_at",
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

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET_ITEMS = 10_000
MAX_UPDATE_ATTEMPTS = 3
LIST_PARAMETERS = frozenset(
    {
        "status",
        "severity",
        "incident_type",
        "source",
        "dedup_key",
        "assigned_to",
        "assigned_team",
        "tag",
        "created_after",
        "created_before",
        "q",
        "limit",
        "cursor",
        "page",
        "per_page",
        "sort",
    }
)


@dataclass(slots=True)
class Change:
    """The outcome of a mutation: the new state, its events and the counter deltas."""

    incident: dict[str, Any]
    events: list[tuple[str, dict[str, Any] | None]]
    counters: dict[str, int] = field(default_factory=dict)
    also: list[ItemWrite] = field(default_factory=list)  # other items written in the same transaction


@dataclass(slots=True)
class IncidentList:
    items: list[dict[str, Any]]
    meta: dict[str, Any]


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


# --- list ------------------------------------------------------------------------------


def parse_list_query(params: Mapping[str, list[str]], *, principal: Principal) -> ListQuery:
    """Validate `GET /incidents` parameters; unknown ones are refused, not ignored."""
    read = QueryParams(params)
    read.refuse_unknown(LIST_PARAMETERS)
    sort = read.single("sort") or "-created_at"
    if sort not in ("created_at", "-created_at"):
        raise ValidationFailed.for_field("sort", "sort must be created_at or -created_at")
    assigned_to = read.single("assigned_to")
    unassigned = assigned_to is not None and assigned_to.lower() == "unassigned"
    if unassigned or (assigned_to is not None and assigned_to.lower() == "me"):
        assigned_to = None if unassigned else principal.sub

    limit = read.integer("limit", low=1, high=MAX_LIMIT)
    page = read.integer("page", low=1, high=MAX_OFFSET_ITEMS)
    per_page = read.integer("per_page", low=1, high=MAX_LIMIT)
    cursor = read.single("cursor")
    if cursor and (page or per_page):
        raise ValidationFailed.for_field("cursor", "use either cursor or page/per_page, not both")
    if page or per_page:
        page, per_page = page or 1, per_page or limit or DEFAULT_LIMIT
        if page * per_page > MAX_OFFSET_ITEMS:
            raise ValidationFailed.for_field(
                "page", f"page * per_page can not exceed {MAX_OFFSET_ITEMS}: use cursor pagination to go further"
            )
    created_after, created_before = read.timestamp("created_after"), read.timestamp("created_before")
    if created_after and created_before and created_after > created_before:
        raise ValidationFailed.for_field("created_after", "created_after must be before created_before")
    return ListQuery(
        statuses=read.choices("status", lambda value: parse_status(value)[0]),
        severities=read.choices("severity", parse_severity),
        incident_type=read.lower("incident_type"),
        source=read.lower("source"),
        dedup_key=read.single("dedup_key"),
        assigned_to=assigned_to,
        unassigned=unassigned,
        assigned_team=read.single("assigned_team"),
        tag=read.single("tag"),
        created_after=created_after,
        created_before=created_before,
        text=read.single("q"),
        created_by=principal.sub if principal.sees_only_own_incidents else None,
        limit=per_page or limit or DEFAULT_LIMIT,
        cursor=cursor,
        page=page,
        per_page=per_page,
        ascending=sort == "created_at",
    )


def list_incidents(
    *, principal: Principal, query: ListQuery, repository: IncidentRepository | None = None
) -> IncidentList:
    repository = _repository(repository)
    secret = cursor_secret()
    query_print = fingerprint(query.fields(exclude={"limit", "cursor", "page", "per_page"}))
    start_key = None
    if query.cursor:
        payload = decode_cursor(query.cursor, secret=secret)
        key, index = payload.get("k"), payload.get("i")
        if (
            payload.get("f") != query_print
            or not isinstance(key, dict)
            or not isinstance(index, str)
            or not repository.owns_key(org_id=principal.org_id, index=index, key=key)
        ):
            raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
        start_key = key

    limit = (query.per_page or DEFAULT_LIMIT) if query.page else query.limit
    has_more_after_skip = True
    if query.page and query.page > 1 and query.per_page:
        start_key, has_more_after_skip = repository.skip_incidents(
            org_id=principal.org_id, query=query, count=(query.page - 1) * query.per_page
        )
    if not has_more_after_skip:
        page_items: list[dict[str, Any]] = []
        resume_key, has_more, index = None, False, ""
    else:
        page = repository.list_incidents(org_id=principal.org_id, query=query, limit=limit, start_key=start_key)
        page_items, resume_key, has_more, index = page.items, page.resume_key, page.has_more, page.index

    meta: dict[str, Any] = {
        "limit": limit,
        "has_more": has_more,
        "next_cursor": encode_cursor({"i": index, "k": resume_key, "f": query_print}, secret=secret)
        if has_more and resume_key
        else None,
    }
    if query.page:
        meta.update(page=query.page, per_page=query.per_page)
    total = _known_total(principal, query, repository)
    if total is not None:
        meta["total"] = total
    return IncidentList(items=[public_view(item) for item in page_items], meta=meta)


def _known_total(principal: Principal, query: ListQuery, repository: IncidentRepository) -> int | None:
    """The list's total from the org's counters, where the filters allow counting that way."""
    narrowed = query.fields(exclude={"limit", "cursor", "page", "per_page", "ascending", "statuses", "severities"})
    if any(value not in (None, False) for value in narrowed.values()) or principal.sees_only_own_incidents:
        return None
    if query.statuses and query.severities:
        return None
    counters = repository.get_counters(org_id=principal.org_id)
    if query.statuses:
        return max(0, sum(counters.get(status_counter(status.value), 0) for status in query.statuses))
    if query.severities:
        return max(0, sum(counters.get(severity_counter(severity.value), 0) for severity in query.severities))
    return max(0, counters.get("total", 0))


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
