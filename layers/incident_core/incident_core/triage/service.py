"""Triage: classify an incident, extract its observables, find similar ones, recommend actions.

A run is requested (by a person, or automatically for new incidents), queued on SQS and
carried out by the triage worker with the configured engine. The worker is idempotent:
a run is claimed with a conditional update (queued -> running), and its completion is
written in the same transaction as the triaged incident and its `incident.triaged` event,
so a redelivered message never runs a completed triage again or writes a second result.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any

from pydantic import StringConstraints

from incident_core.core.auth import ALL_PERMISSIONS, Principal
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import Conflict, NotFound, ValidationFailed, VersionMismatch
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.incidents.models import ListQuery, Status, StrictInput
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import Change, apply_change, public_view, visible_incident
from incident_core.storage.outbox import EventRecord, incident_event
from incident_core.triage.engine import RulesEngine, TriageEngine, UnknownPlaybook, playbook_names, to_dict
from incident_core.triage.observables import extract_observables
from incident_core.triage.queue import TriageMessage, TriageQueue, get_triage_queue
from incident_core.triage.repository import TriageRepository, get_triage_repository
from incident_core.triage.similarity import similar_incidents

STALE_AFTER = timedelta(minutes=15)  # a queued or running run older than this is presumed lost
SIMILAR_CANDIDATES = 200  # recent incidents of the org compared (one bounded Query)
ACTIVE = ("queued", "running")
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


class TriageRequest(StrictInput):
    playbook: (
        Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)] | None
    ) = None
    force: bool = False


def run_view(run: Mapping[str, Any]) -> dict[str, Any]:
    view = {name: run.get(name) for name in RUN_FIELDS}
    view["triage_id"] = view.pop("id")
    return view


def _triage_id(requested_at: str, seed: str | None = None) -> str:
    digits = "".join(character for character in requested_at if character.isdigit())
    suffix = hashlib.sha256(seed.encode()).hexdigest()[:12] if seed else secrets.token_hex(6)
    return f"trg_{digits}_{suffix}"


def _is_stale(run: Mapping[str, Any], now: datetime) -> bool:
    moment = run.get("started_at") or run.get("requested_at") or ""
    return str(moment) < iso(now - STALE_AFTER)


def _event(name: str, incident: Mapping[str, Any], actor: str, changes: Mapping[str, Any]) -> EventRecord:
    return incident_event(name, incident, actor=actor, data=public_view(incident), changes=changes)


def request_triage(
    *,
    principal: Principal,
    incident_id: str,
    data: TriageRequest,
    incidents: IncidentRepository | None = None,
    repository: TriageRepository | None = None,
    queue: TriageQueue | None = None,
) -> dict[str, Any]:
    """Queue a run; without `force`, a run already queued or running is returned instead."""
    repository = repository or get_triage_repository()
    incident = visible_incident(principal, incident_id, incidents or get_repository())
    if data.playbook and data.playbook not in playbook_names():
        raise ValidationFailed.for_field("playbook", f"playbook must be one of: {', '.join(playbook_names())}")
    now = utc_now()
    if not data.force:
        latest = repository.latest_run(org_id=principal.org_id, incident_id=incident_id)
        if latest and latest.get("status") in ACTIVE and not _is_stale(latest, now):
            return run_view(latest)
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
    event = _event(
        "incident.triage_requested", incident, principal.sub, {"triage_id": run["id"], "playbook": data.playbook}
    )
    if not repository.create_run(run, event=event):
        raise NotFound(f"Incident {incident_id} not found")
    (queue or get_triage_queue()).send(TriageMessage(principal.org_id, incident_id, str(run["id"])))
    return run_view(run)


def enqueue_auto_triage(
    event: EventRecord, *, repository: TriageRepository | None = None, queue: TriageQueue | None = None
) -> str | None:
    """For an `incident.created` event: queue its automatic run (once, whatever re-runs the router)."""
    if event.name != "incident.created" or event.subject != "incident":
        return None
    repository = repository or get_triage_repository()
    triage_id = _triage_id(event.occurred_at, seed=f"auto:{event.event_id}")
    run = {
        "id": triage_id,
        "org_id": event.org_id,
        "incident_id": event.subject_id,
        "status": "queued",
        "force": False,
        "trigger": "auto",
        "requested_by": "auto-triage",
        "requested_at": event.occurred_at,
    }
    if not repository.create_run(run, event=None):
        existing = repository.get_run(org_id=event.org_id, incident_id=event.subject_id, triage_id=triage_id)
        if existing is None or existing.get("status") != "queued":
            return None  # made and queued by an earlier run of the router, or the incident is gone
    (queue or get_triage_queue()).send(TriageMessage(event.org_id, event.subject_id, triage_id))
    return triage_id


def get_latest_run(
    *, principal: Principal, incident_id: str, repository: TriageRepository | None = None
) -> dict[str, Any]:
    visible_incident(principal, incident_id, get_repository())
    latest = (repository or get_triage_repository()).latest_run(org_id=principal.org_id, incident_id=incident_id)
    if latest is None:
        raise NotFound(f"Incident {incident_id} has not been triaged")
    return run_view(latest)


def get_run(
    *, principal: Principal, incident_id: str, triage_id: str, repository: TriageRepository | None = None
) -> dict[str, Any]:
    visible_incident(principal, incident_id, get_repository())
    run = (repository or get_triage_repository()).get_run(
        org_id=principal.org_id, incident_id=incident_id, triage_id=triage_id
    )
    if run is None:
        raise NotFound(f"Triage run {triage_id} not found")
    return run_view(run)


def default_engine() -> TriageEngine:
    """The engine the stack is configured with (`TriageEngine`): rules (default) or bedrock."""
    settings = get_settings()
    if settings.triage_engine == "bedrock":
        from incident_core.triage.bedrock import BedrockEngine

        return BedrockEngine(model_id=settings.bedrock_model_id)
    return RulesEngine()


def run_triage(
    message: TriageMessage,
    *,
    engine: TriageEngine | None = None,
    repository: TriageRepository | None = None,
    incidents: IncidentRepository | None = None,
    now: Callable[[], datetime] = utc_now,
) -> str:
    """Carry out one queued run: `completed`, `failed`, or `skipped` (not claimable: done or in hand)."""
    repository = repository or get_triage_repository()
    incidents = incidents or get_repository()
    started = now()
    run = repository.claim_run(
        org_id=message.org_id,
        incident_id=message.incident_id,
        triage_id=message.triage_id,
        now=iso(started),
        stale_before=iso(started - STALE_AFTER),
    )
    if run is None:
        return "skipped"
    principal = Principal(sub="triage", org_id=message.org_id, permissions=frozenset(ALL_PERMISSIONS))
    clock = time.perf_counter()
    incident = incidents.get_incident(org_id=message.org_id, incident_id=message.incident_id)
    if incident is None or incident.get("deleted_at"):
        _fail(run, incident, "incident was deleted", repository)
        return "failed"
    engine = engine or default_engine()
    try:
        found = extract_observables(incident)
        observables = [item.to_dict() for item in found]
        result = to_dict(engine.triage(incident, found, playbook=run.get("playbook")))
        candidates = incidents.list_incidents(
            org_id=message.org_id, query=ListQuery(limit=SIMILAR_CANDIDATES), limit=SIMILAR_CANDIDATES, start_key=None
        ).items
        similar = similar_incidents(incident, observables, candidates)
    except UnknownPlaybook as error:
        _fail(run, incident, str(error), repository)
        return "failed"
    except Exception as error:  # the engine's failure is the run's result, not a retry loop
        _fail(run, incident, f"{type(error).__name__}: {error}", repository)
        return "failed"
    completed_at = iso(now())
    finished = {
        **run,
        "status": "completed",
        "completed_at": completed_at,
        "duration_ms": round((time.perf_counter() - clock) * 1000),
        "verdict": result["verdict"],
        "recommended_actions": result["recommended_actions"],
        "observables": observables,
        "similar_incidents": similar,
        "playbook": result["playbook"],
        "engine": result["engine"],
        "engine_version": result["engine_version"],
    }

    def mutate(current: dict[str, Any], at: str) -> Change:
        current.update(
            verdict=result["verdict"],
            recommended_actions=result["recommended_actions"],
            observables=observables,
            triaged_at=at,
        )
        counters: dict[str, int] = {}
        changes: dict[str, Any] = {"triage_id": run["id"], "verdict": result["verdict"], "playbook": result["playbook"]}
        if current.get("status") == Status.OPEN.value:
            current["status"] = Status.TRIAGED.value
            counters = {"status_open": -1, "status_triaged": 1}
            changes["status"] = {"old": Status.OPEN.value, "new": Status.TRIAGED.value}
        return Change(current, [("incident.triaged", changes)], counters, also=[repository.completion(finished)])

    try:
        apply_change(
            principal=principal, incident_id=message.incident_id, if_match=None, repository=incidents, mutate=mutate
        )
    except (Conflict, NotFound):
        return "skipped"  # another worker finished it, or the incident went away meanwhile
    return "completed"


def _fail(
    run: Mapping[str, Any], incident: Mapping[str, Any] | None, reason: str, repository: TriageRepository
) -> None:
    failed = {**run, "status": "failed", "error": reason[:1000], "completed_at": iso(utc_now())}
    subject = incident or {"id": run["incident_id"], "org_id": run["org_id"], "version": 0}
    event = _event("incident.triage_failed", subject, "triage", {"triage_id": run["id"], "error": reason[:1000]})
    try:
        repository.fail_run(failed, event=event)
    except VersionMismatch:
        logger.info("triage run already finished elsewhere", triage_id=run["id"])
