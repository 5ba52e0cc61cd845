"""Triage runs: request one, queue the automatic run of a new incident, read them back.

A run is requested (by a person, or automatically for new incidents), stored `queued` and
sent to the triage queue; the triage worker (`triage/worker.py`) carries it out. A run is
presumed lost (stale) when it is running past its `deadline_at` (the moment its worker's
invocation is stopped: the worker ends the run before then, so past it the worker died), or,
for a queued run and a run claimed without a deadline, once it is older than `STALE_AFTER`.
A new request replaces a stale run, and marks a stale running one failed, so no run shows
`running` for longer than a worker can run; the worker may also claim a stale run again.

Reads import no pydantic and no engine: the request model is only a type here, and the
playbook names are loaded by the request that checks them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import NotFound, ValidationFailed, VersionMismatch
from incident_core.core.sqs import NotQueued
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import visible_incident
from incident_core.incidents.views import public_view
from incident_core.storage.outbox import EventRecord, incident_event
from incident_core.triage.queue import TriageMessage, TriageQueue, get_triage_queue
from incident_core.triage.repository import TriageRepository, get_triage_repository

if TYPE_CHECKING:
    from incident_core.triage.models import TriageRequest

STALE_AFTER = timedelta(minutes=15)  # a queued or running run older than this is presumed lost
ACTIVE = ("queued", "running")
AUTO_TRIAGE_ACTOR = "auto-triage"
RUN_FIELDS = (
    "id",
    "incident_id",
    "status",
    "playbook",
    "force",
    "trigger",
    "requested_by",
    "requested_at",
    "started_at",
    "completed_at",
    "duration_ms",
    "verdict",
    "recommended_actions",
    "observables",
    "similar_incidents",
    "engine",
    "engine_version",
    "error",
)


def run_view(run: Mapping[str, Any]) -> dict[str, Any]:
    """A run as the API shows it: every public field (absent ones as null), its id as `triage_id`."""
    view = {name: run.get(name) for name in RUN_FIELDS}
    view["triage_id"] = view.pop("id")
    return view


def triage_event(name: str, incident: Mapping[str, Any], actor: str, changes: Mapping[str, Any]) -> EventRecord:
    """An `incident.triage_*` event of the incident, carrying the incident as the API shows it."""
    return incident_event(name, incident, actor=actor, data=public_view(incident), changes=changes)


def _triage_id(requested_at: str, seed: str | None = None) -> str:
    # The time first, so that the newest run of an incident sorts last; a seed makes the id deterministic.
    digits = "".join(character for character in requested_at if character.isdigit())
    suffix = hashlib.sha256(seed.encode()).hexdigest()[:12] if seed else secrets.token_hex(6)
    return f"trg_{digits}_{suffix}"


def _is_stale(run: Mapping[str, Any], now: datetime) -> bool:
    if run.get("status") == "running" and run.get("deadline_at"):
        return str(run["deadline_at"]) < iso(now)
    moment = run.get("started_at") or run.get("requested_at") or ""
    return str(moment) < iso(now - STALE_AFTER)


def _abandon(
    run: Mapping[str, Any], incident: Mapping[str, Any], actor: str, now: datetime, repository: TriageRepository
) -> None:
    """End a stale running run as failed (with its event), unless its worker ended it meanwhile."""
    error = "the triage worker stopped before finishing the run (timed out or crashed)"
    failed = {**run, "status": "failed", "error": error, "completed_at": iso(now)}
    event = triage_event("incident.triage_failed", incident, actor, {"triage_id": run["id"], "error": error})
    with suppress(VersionMismatch):  # completed or failed by its worker after all
        repository.fail_run(failed, event=event)


def _check_playbook(name: str | None) -> None:
    if not name:
        return
    # Imported here: the engine loads and checks every playbook, which reads of runs never need.
    from incident_core.triage.engine import playbook_names

    names = playbook_names()
    if name not in names:
        raise ValidationFailed.for_field("playbook", f"playbook must be one of: {', '.join(names)}")


def request_triage(
    *,
    principal: Principal,
    incident_id: str,
    data: TriageRequest,
    incidents: IncidentRepository | None = None,
    repository: TriageRepository | None = None,
    queue: TriageQueue | None = None,
) -> dict[str, Any]:
    """Queue a run; without `force`, a run already queued or running (and not stale) is returned instead."""
    repository = repository or get_triage_repository()
    incident = visible_incident(principal, incident_id, incidents or get_repository())
    _check_playbook(data.playbook)
    now = utc_now()
    latest = repository.latest_run(org_id=principal.org_id, incident_id=incident_id)
    if latest and latest.get("status") in ACTIVE:
        if not _is_stale(latest, now):
            if not data.force:
                return run_view(latest)
        elif latest.get("status") == "running":
            _abandon(latest, incident, principal.sub, now, repository)
    requested_at = iso(now)
    run = {
        "id": _triage_id(requested_at),
        "org_id": principal.org_id,
        "incident_id": incident_id,
        "status": "queued",
        "playbook": data.playbook,
        "force": data.force,
        "trigger": "request",
        "requested_by": principal.sub,
        "requested_at": requested_at,
    }
    event = triage_event(
        "incident.triage_requested", incident, principal.sub, {"triage_id": run["id"], "playbook": data.playbook}
    )
    if not repository.create_run(run, event=event):
        raise NotFound(f"Incident {incident_id} not found")
    (queue or get_triage_queue()).send(TriageMessage(principal.org_id, incident_id, str(run["id"])))
    return run_view(run)


@dataclass
class AutoTriageOutcome:
    """What `queue_auto_triage` did: the runs queued (event id -> triage id), and the events whose
    run could not be stored or queued (their stream records are retried), with why."""

    queued: dict[str, str] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def queue_auto_triage(
    events: Sequence[EventRecord],
    *,
    repository: TriageRepository | None = None,
    queue: TriageQueue | None = None,
    overflows: Callable[[Sequence[str]], list[bool]] | None = None,
) -> AutoTriageOutcome:
    """For the `incident.created` events of a stream batch: store their automatic runs (a few
    transactions) and queue them (SendMessageBatch). Once, whatever re-runs the router: the run id
    is derived from the event, an existing run is queued again only while still `queued`.
    `overflows(orgs)` says which messages, by their org, go on the bulk lane (the router's per-org fair share)."""
    created = [event for event in events if event.name == "incident.created" and event.subject == "incident"]
    outcome = AutoTriageOutcome()
    if not created:
        return outcome
    repository = repository or get_triage_repository()
    runs = [_auto_run(event) for event in created]
    stored = repository.create_runs(runs)
    outcome.errors += stored.errors
    to_queue: list[tuple[EventRecord, TriageMessage]] = []
    for index, (event, run) in enumerate(zip(created, runs, strict=True)):
        if index in stored.failed:
            outcome.failed.add(event.event_id)
            continue
        if index in stored.existing:
            try:
                existing = repository.get_run(org_id=event.org_id, incident_id=event.subject_id, triage_id=run["id"])
            except Exception as error:
                outcome.failed.add(event.event_id)
                outcome.errors.append(repr(error))
                continue
            if existing is None or existing.get("status") != "queued":
                continue  # made and queued by an earlier run of the router, or the incident is gone
        to_queue.append((event, TriageMessage(event.org_id, event.subject_id, str(run["id"]))))
    bulk = overflows([event.org_id for event, _ in to_queue]) if overflows else []
    try:
        (queue or get_triage_queue()).send_all([message for _, message in to_queue], bulk=bulk)
        not_queued: set[int] = set()
    except NotQueued as error:
        not_queued = set(error.indices)
        outcome.errors.append(error.reason)
    for index, (event, message) in enumerate(to_queue):
        if index in not_queued:
            outcome.failed.add(event.event_id)
        else:
            outcome.queued[event.event_id] = message.triage_id
    return outcome


def _auto_run(event: EventRecord) -> dict[str, Any]:
    return {
        "id": _triage_id(event.occurred_at, seed=f"auto:{event.event_id}"),
        "org_id": event.org_id,
        "incident_id": event.subject_id,
        "status": "queued",
        "force": False,
        "trigger": "auto",
        "requested_by": AUTO_TRIAGE_ACTOR,
        "requested_at": event.occurred_at,
    }


def enqueue_auto_triage(
    event: EventRecord, *, repository: TriageRepository | None = None, queue: TriageQueue | None = None
) -> str | None:
    """For one `incident.created` event: queue its automatic run (`queue_auto_triage`); raises when
    it could not be stored or queued."""
    outcome = queue_auto_triage([event], repository=repository, queue=queue)
    if event.event_id in outcome.failed:
        raise RuntimeError(f"automatic triage of {event.event_id} not queued: {'; '.join(outcome.errors)}")
    return outcome.queued.get(event.event_id)


def get_latest_run(
    *,
    principal: Principal,
    incident_id: str,
    incidents: IncidentRepository | None = None,
    repository: TriageRepository | None = None,
) -> dict[str, Any]:
    visible_incident(principal, incident_id, incidents or get_repository())
    latest = (repository or get_triage_repository()).latest_run(org_id=principal.org_id, incident_id=incident_id)
    if latest is None:
        raise NotFound(f"Incident {incident_id} has not been triaged")
    return run_view(latest)


def get_run(
    *,
    principal: Principal,
    incident_id: str,
    triage_id: str,
    incidents: IncidentRepository | None = None,
    repository: TriageRepository | None = None,
) -> dict[str, Any]:
    visible_incident(principal, incident_id, incidents or get_repository())
    run = (repository or get_triage_repository()).get_run(
        org_id=principal.org_id, incident_id=incident_id, triage_id=triage_id
    )
    if run is None:
        raise NotFound(f"Triage run {triage_id} not found")
    return run_view(run)
