"""The triage worker's logic: one queued message -> one run carried out, at most once.

A run is claimed with a conditional update (queued -> running; or running past its
`deadline_at`, when its worker died), and its completion is written in the same transaction
as the triaged incident and its `incident.triaged` event, conditional on the run still
running. So a redelivered message never runs a completed triage again or writes a second result.

A run never outlives its worker in `running`. The worker knows when Lambda will stop it (the
context's remaining time) and stores that moment as the run's `deadline_at`. It keeps
`FINISH_MARGIN` of it to write the run's end: an assessment (engine and similar incidents)
still going then is abandoned and the run is written `failed` ("ran out of time"). With less
than `FINISH_MARGIN + MIN_RUN_TIME` left, a message is not claimed at all (`OutOfTime`: back to
the queue, the run stays queued). If the worker dies anyway (a crash), the run is stale once
its deadline has passed: the message's redelivery claims it again, a new request replaces it.

What an outcome means for the message:
- `completed`, `failed`, `skipped`: the message is done (acknowledged). A failed run (the
  engine failed, the incident was deleted, the playbook is unknown) is a result, with its
  `incident.triage_failed` event: retrying would only fail again. Skipped means the run
  is not claimable: finished, or in hand elsewhere and not yet stale.
- `MalformedMessage`: logged and counted (`core/malformed.py`); not ours to drop, the message
  goes back to the queue, then to the dead-letter queue (alarm) after `maxReceiveCount` receipts.
- `OutOfTime`, and any other error (DynamoDB unavailable, ...): raised, and the message is retried.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

from incident_core.core.auth import ALL_PERMISSIONS, Principal
from incident_core.core.business_metrics import TRIAGE_VERDICTS, count
from incident_core.core.clock import iso, utc_now
from incident_core.core.errors import Conflict, NotFound, VersionMismatch
from incident_core.core.malformed import count_malformed
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import Change, apply_change
from incident_core.incidents.vocabulary import Status
from incident_core.storage.dynamo import ItemWrite
from incident_core.triage.assessment import SimilarCandidates, assess
from incident_core.triage.engine import RulesEngine, TriageEngine, UnknownPlaybook
from incident_core.triage.queue import TriageMessage
from incident_core.triage.repository import TriageRepository, get_triage_repository
from incident_core.triage.service import STALE_AFTER, triage_event

Outcome = Literal["completed", "failed", "skipped"]

WORKER_ACTOR = "triage"
MAX_ERROR_LENGTH = 1000
# Kept before Lambda stops the worker, to write the run's end (a failure, with its retries).
FINISH_MARGIN = timedelta(seconds=5)
MIN_RUN_TIME = timedelta(seconds=2)  # less than this left for the assessment: the message waits


class MalformedMessage(ValueError):
    """A queue message that is not a triage message."""


class OutOfTime(RuntimeError):
    """Too little of the invocation is left to carry out a run: the message goes back to the queue."""


class _RanOutOfTime(Exception):
    """The assessment did not finish within the time left to it."""


def default_engine() -> TriageEngine:
    """The engine the stack is configured with (`TriageEngine`): rules (default) or bedrock."""
    settings = get_settings()
    if settings.triage_engine == "bedrock":
        from incident_core.triage.bedrock import BedrockEngine  # loads pydantic: only when configured

        return BedrockEngine(model_id=settings.bedrock_model_id)
    return RulesEngine()


def parse_message(body: str) -> TriageMessage:
    try:
        return TriageMessage.from_json(body)
    except (ValueError, KeyError, TypeError) as error:
        raise MalformedMessage(f"not a triage message: {type(error).__name__}") from error


def handle_message(
    body: str,
    *,
    message_id: str = "",
    time_left_ms: int | None = None,
    engine: TriageEngine | None = None,
    repository: TriageRepository | None = None,
    incidents: IncidentRepository | None = None,
    now: Callable[[], datetime] = utc_now,
    candidates: SimilarCandidates | None = None,
) -> Outcome:
    """Carry out the run a queue message names, within `time_left_ms` (the invocation's remaining
    time; None: unbounded); raise to have the message retried (see the module)."""
    try:
        message = parse_message(body)
    except MalformedMessage as error:
        count_malformed(worker="triage-worker", reason=str(error), record_id=message_id)
        raise
    try:
        outcome = run_triage(
            message,
            engine=engine,
            repository=repository,
            incidents=incidents,
            now=now,
            time_left_ms=time_left_ms,
            candidates=candidates,
        )
    except Exception:
        logger.exception("triage message failed: back to the queue", message_id=message_id, triage_id=message.triage_id)
        raise
    logger.info("triage", triage_id=message.triage_id, incident_id=message.incident_id, outcome=outcome)
    return outcome


def run_triage(
    message: TriageMessage,
    *,
    engine: TriageEngine | None = None,
    repository: TriageRepository | None = None,
    incidents: IncidentRepository | None = None,
    now: Callable[[], datetime] = utc_now,
    time_left_ms: int | None = None,
    candidates: SimilarCandidates | None = None,
) -> Outcome:
    """Carry out one queued run: `completed`, `failed`, or `skipped` (not claimable: done or in hand).

    With `time_left_ms` the run ends before the invocation does (see the module)."""
    repository = repository or get_triage_repository()
    incidents = incidents or get_repository()
    started = now()
    ends_at = started + timedelta(milliseconds=time_left_ms) if time_left_ms is not None else None
    if ends_at is not None and ends_at - started < FINISH_MARGIN + MIN_RUN_TIME:
        raise OutOfTime(f"{time_left_ms} ms left: too little to carry out run {message.triage_id}")
    run = repository.claim_run(
        org_id=message.org_id,
        incident_id=message.incident_id,
        triage_id=message.triage_id,
        now=iso(started),
        stale_before=iso(started - STALE_AFTER),
        deadline=iso(ends_at) if ends_at is not None else None,
    )
    if run is None:
        return "skipped"
    clock = time.perf_counter()
    incident = incidents.get_incident(org_id=message.org_id, incident_id=message.incident_id)
    if incident is None or incident.get("deleted_at"):
        _fail(run, incident, "incident was deleted", repository, now)
        return "failed"
    engine = engine or default_engine()
    budget = (ends_at - FINISH_MARGIN - now()).total_seconds() if ends_at is not None else None
    try:
        assessment = _within(
            budget,
            lambda: assess(
                incident, run.get("playbook"), engine, incidents, org_id=message.org_id, candidates=candidates
            ),
        )
    except _RanOutOfTime:
        _fail(run, incident, f"triage ran out of time: no result within {budget:.1f} s", repository, now)
        return "failed"
    except UnknownPlaybook as error:
        _fail(run, incident, str(error), repository, now)
        return "failed"
    except Exception as error:  # the engine's failure is the run's result, not a retry loop
        _fail(run, incident, f"{type(error).__name__}: {error}", repository, now)
        return "failed"
    result = assessment.result
    finished = {
        **run,
        "status": "completed",
        "completed_at": iso(now()),
        "duration_ms": round((time.perf_counter() - clock) * 1000),
        "verdict": result["verdict"],
        "recommended_actions": result["recommended_actions"],
        "observables": assessment.observables,
        "similar_incidents": assessment.similar,
        "playbook": result["playbook"],
        "engine": result["engine"],
        "engine_version": result["engine_version"],
    }
    completion = repository.completion(finished)
    try:
        apply_change(
            principal=Principal(sub=WORKER_ACTOR, org_id=message.org_id, permissions=frozenset(ALL_PERMISSIONS)),
            incident_id=message.incident_id,
            if_match=None,
            repository=incidents,
            mutate=lambda current, at: _triaged(current, at, finished, completion),
            read=incident,  # read above, not deleted (the worker sees every incident of its org)
        )
    except NotFound:  # the incident was deleted meanwhile
        _fail(run, None, "incident was deleted", repository, now)
        return "failed"
    except Conflict:
        current = repository.get_run(org_id=message.org_id, incident_id=message.incident_id, triage_id=run["id"])
        if (
            current is not None
            and current.get("status") == "running"
            and current.get("started_at") == run["started_at"]
        ):
            raise  # still ours, the incident only busy: the message comes back, the run is claimed again
        return "skipped"  # another worker finished it
    count(TRIAGE_VERDICTS, classification=str(result["verdict"]["classification"]))
    return "completed"


def _within[T](seconds: float | None, work: Callable[[], T]) -> T:
    """`work()`, or `_RanOutOfTime` once `seconds` have passed (None: no limit).

    The work runs on a daemon thread, which is left behind when time runs out: it only reads
    (the engine, similar incidents), and the run's outcome is written by the caller alone.
    """
    if seconds is None:
        return work()
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except Exception as error:
            outcome.append((False, error))

    thread = threading.Thread(target=run, name="triage-assessment", daemon=True)
    thread.start()
    thread.join(max(seconds, 0.0))
    if not outcome:
        raise _RanOutOfTime
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value  # type: ignore[no-any-return]


def _triaged(current: dict[str, Any], at: str, finished: Mapping[str, Any], completion: ItemWrite) -> Change:
    """The incident with the run's result (open -> triaged), its `incident.triaged` event and the run's completion."""
    current.update(
        verdict=finished["verdict"],
        recommended_actions=finished["recommended_actions"],
        observables=finished["observables"],
        triaged_at=at,
    )
    counters: dict[str, int] = {}
    changes: dict[str, Any] = {
        "triage_id": finished["id"],
        "verdict": finished["verdict"],
        "playbook": finished["playbook"],
    }
    if current.get("status") == Status.OPEN.value:
        current["status"] = Status.TRIAGED.value
        counters = {"status_open": -1, "status_triaged": 1}
        changes["status"] = {"old": Status.OPEN.value, "new": Status.TRIAGED.value}
    return Change(current, [("incident.triaged", changes)], counters, also=[completion])


def _fail(
    run: Mapping[str, Any],
    incident: Mapping[str, Any] | None,
    reason: str,
    repository: TriageRepository,
    now: Callable[[], datetime],
) -> None:
    error = reason[:MAX_ERROR_LENGTH]
    failed = {**run, "status": "failed", "error": error, "completed_at": iso(now())}
    # A deleted incident is still the event's subject; a vanished one is named by the run.
    subject = incident or {"id": run["incident_id"], "org_id": run["org_id"], "version": 0}
    event = triage_event("incident.triage_failed", subject, WORKER_ACTOR, {"triage_id": run["id"], "error": error})
    try:
        repository.fail_run(failed, event=event)
    except VersionMismatch:
        logger.info("triage run already finished elsewhere", triage_id=run["id"])
