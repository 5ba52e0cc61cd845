"""The incident service: create, read, edit, move through the lifecycle, delete.

Functions take plain models and a `Principal`, and know nothing of API Gateway. Every
change is written together with its events (timeline and webhook outbox) in one
transaction by the repository; updates are conditional on `version`. The lifecycle rules
(allowed moves, timestamps, events) live in `incidents.lifecycle`. Every write also carries the
analytics counters the change moves (`analytics.counters.stats_deltas`, from the incident before
and after), in the same transaction, and its SLA deadlines under the org's policy (`sla.deadlines`).

Every view of an incident shows 002's numeric status beside the word (`status_id`,
`status_name`), and every write stores `status_id` on the item, for lists to filter on.
An incident is read by its id or by its number (`INC-2026-000042`, through a pointer item
the create transaction writes).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from incident_core.analytics.counters import stats_deltas
from incident_core.core.auth import Principal
from incident_core.core.business_metrics import INCIDENTS_OPENED, NO_SOURCE, count
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ValidationFailed,
    VersionMismatch,
)
from incident_core.incidents.lifecycle import (
    ALLOWED_TRANSITIONS,
    ENDED,
    STATUS_TIMESTAMPS,
    Change,
    EventSpec,
    edit,
    transition,
)
from incident_core.incidents.repository import IncidentRepository, get_repository, severity_counter, status_counter
from incident_core.incidents.views import etag, public_view
from incident_core.incidents.vocabulary import (
    INCIDENT_NUMBER,
    LIST_FIELDS,
    Status,
    status_id,
)
from incident_core.sla.deadlines import refreshed_sla
from incident_core.storage.outbox import EventRecord, incident_event

if TYPE_CHECKING:  # request models come in validated; reads never load pydantic
    from incident_core.incidents.models import IncidentCreate, IncidentUpdate, StatusChange

__all__ = [
    "ALLOWED_TRANSITIONS",
    "Change",
    "apply_change",
    "change_status",
    "create_incident",
    "delete_incident",
    "etag",
    "get_incident",
    "transition",
    "update_incident",
    "visible_incident",
]

TITLE_ONLY = "Without incidents:write only the title of an incident you created can be changed"

# Without If-Match a lost race re-reads and tries again: enough for a burst of concurrent writers
# on one incident to all land (tests/faults), then 409.
MAX_UPDATE_ATTEMPTS = 10


def _repository(repository: IncidentRepository | None) -> IncidentRepository:
    return repository or get_repository()


def _events(incident: Mapping[str, Any], actor: str, occurred_at: str, specs: list[EventSpec]) -> list[EventRecord]:
    data = public_view(incident)
    return [
        incident_event(name, incident, actor=actor, data=data, changes=changes, occurred_at=occurred_at)
        for name, changes in specs
    ]


def _stamp_status_id(incident: dict[str, Any]) -> None:
    """The item's own `status_id` (lists filter on it), from its status and classification."""
    incident["status_id"] = status_id(incident["status"], incident.get("classification"))


def _refresh_sla(
    incident: dict[str, Any], repository: IncidentRepository, now: str, *, previous_status: str | None
) -> None:
    """The incident's SLA deadlines and state (`sla.deadlines`) under its org's policy, as of `now`."""
    policy = repository.sla_policy(org_id=str(incident["org_id"]))
    sla = refreshed_sla(incident, policy, now, previous_status=previous_status)
    if sla:
        incident["sla"] = sla
    else:
        incident.pop("sla", None)


# --- create and read ------------------------------------------------------------------


def create_incident(
    *,
    principal: Principal,
    data: IncidentCreate,
    repository: IncidentRepository | None = None,
    claim_dedup: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Create an incident; with `claim_dedup`, only if no open incident holds its `dedup_key`.

    Created `investigating` with no assignee, it is assigned to the caller."""
    repository = _repository(repository)
    now = utc_now()
    created_at = iso(now)
    number = repository.next_incident_number(org_id=principal.org_id, year=now.year)
    incident: dict[str, Any] = {
        **data.model_dump(mode="json", exclude_none=True),
        "id": str(uuid.uuid4()),
        "incident_number": f"INC-{now.year}-{number:06d}",
        "created_by": principal.sub,
        "org_id": principal.org_id,
        "version": 1,
        "created_at": created_at,
        "updated_at": created_at,
        **(extra or {}),
    }
    if data.status is Status.INVESTIGATING and not data.assigned_to:
        incident["assigned_to"] = principal.sub
    _stamp_status_id(incident)
    timestamp_field = STATUS_TIMESTAMPS.get(data.status)
    if timestamp_field:
        incident[timestamp_field] = created_at
    _refresh_sla(incident, repository, created_at, previous_status=None)
    specs: list[EventSpec] = [("incident.created", None)]
    if incident.get("assigned_to"):
        specs.append(("incident.assigned", {"assigned_to": {"old": None, "new": incident["assigned_to"]}}))
    repository.create_incident(
        incident=incident,
        events=_events(incident, principal.sub, created_at, specs),
        counters={"total": 1, status_counter(incident["status"]): 1, severity_counter(incident["severity"]): 1},
        dedup_claim=data.dedup_key if claim_dedup else None,
        stats=stats_deltas(None, incident, created_at),
    )
    count(INCIDENTS_OPENED, source=str(incident.get("source") or NO_SOURCE).lower())
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
    """One incident, by its id or by its number (`INC-2026-000042`, any letter case): two reads at most."""
    repository = _repository(repository)
    if INCIDENT_NUMBER.match(incident_id):
        number = incident_id.upper()
        found = repository.incident_id_for_number(org_id=principal.org_id, incident_number=number)
        if found is None:
            raise NotFound(f"Incident {incident_id} not found")
        try:
            return public_view(visible_incident(principal, found, repository))
        except NotFound:
            raise NotFound(f"Incident {incident_id} not found") from None
    return public_view(visible_incident(principal, incident_id, repository))


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
    if not (value.isascii() and value.isdigit() and len(value) <= 18):  # `²` and 5,000 digits are no version
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
    read: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Read, change and write back an incident, conditional on its version (the first attempt starts
    from `read` when the caller has just read it, as visible to the principal; a retry reads afresh)."""
    expected = _expected_version(if_match)
    for attempt in range(attempts):
        if attempt:
            time.sleep(random.uniform(0.005, 0.03) * attempt)  # noqa: S311 - jitter: let the other writer finish
        fresh = read is None or attempt > 0
        current = visible_incident(principal, incident_id, repository) if fresh else dict(read or {})
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
        _stamp_status_id(change.incident)
        _refresh_sla(change.incident, repository, now, previous_status=str(current["status"]))
        try:
            repository.replace_incident(
                incident=change.incident,
                expected_version=int(current["version"]),
                events=_events(change.incident, principal.sub, now, change.events),
                counters=change.counters,
                also=change.also,
                stats=stats_deltas(current, change.incident, now),
            )
        except VersionMismatch:
            if expected is not None:
                raise PreconditionFailed("Incident was changed by another request: fetch it and retry") from None
            continue
        return change.incident
    raise Conflict("Incident is being changed by other requests: retry")


def _title_only(principal: Principal) -> Forbidden:
    details = {"required_permission": "incidents:write", "user_permissions": sorted(principal.permissions)}
    return Forbidden(TITLE_ONLY, details=details)


def _requested(changes: IncidentUpdate) -> dict[str, Any]:
    """The named fields as stored values (enums as words, `null` lists as []); the model refuses
    `null` for the fields it can not clear."""
    requested = {
        name: value.value if isinstance(value, StrEnum) else value for name, value in changes.changed_fields().items()
    }
    for name in LIST_FIELDS & requested.keys():
        requested[name] = requested[name] or []  # `null` clears a list: it is then empty, never null
    if requested.get("classification") is not None and requested.get("status") not in ENDED:
        raise ValidationFailed.for_field("classification", "classification is only set when resolving or closing")
    return requested


def update_incident(
    *,
    principal: Principal,
    incident_id: str,
    changes: IncidentUpdate,
    if_match: str | None = None,
    repository: IncidentRepository | None = None,
    enforce_edit_rights: bool = False,
) -> dict[str, Any]:
    """Change the named fields, and move the status if one is named, in one conditional write.

    With `enforce_edit_rights` (the API's `PATCH`/`PUT /incidents/{id}`), a caller without
    incidents:write may change only the title of an incident it created; other domains (actions,
    the assignee route) authorize their changes themselves."""
    requested = _requested(changes)
    title_only = enforce_edit_rights and not principal.has("incidents:write")
    if title_only and set(requested) - {"title"}:
        raise _title_only(principal)

    def mutate(incident: dict[str, Any], now: str) -> Change | None:
        if title_only and incident.get("created_by") != principal.sub:
            raise _title_only(principal)
        return edit(incident, requested, now, actor=principal.sub)

    incident = apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=if_match,
        repository=_repository(repository),
        mutate=mutate,
    )
    return public_view(incident)


def change_status(
    *,
    principal: Principal,
    incident_id: str,
    change: StatusChange,
    if_match: str | None = None,
    repository: IncidentRepository | None = None,
) -> dict[str, Any]:
    """Move an incident (`PUT /incidents/{id}/status`); investigating with no assignee assigns the caller."""
    if change.classification is not None and change.status not in ENDED:
        raise ValidationFailed.for_field("classification", "classification is only set when resolving or closing")
    incident = apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=if_match,
        repository=_repository(repository),
        mutate=lambda current, now: transition(current, change, now, actor=principal.sub),
    )
    return public_view(incident)


def delete_incident(
    *,
    principal: Principal,
    incident_id: str,
    if_match: str | None = None,
    repository: IncidentRepository | None = None,
) -> dict[str, Any]:
    """Soft delete: the incident leaves every read and list, and stays for audit (its number's pointer
    stays too: the incident's own read says it is gone)."""

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
