"""In-memory stand-ins for triage: runs, the queue, incidents whose changes also complete a run, an engine that fails.

`TriageIncidentRepository` is the incident fake plus its `triage` runs, sharing one
timeline (`events`): like the table, where a run's completion (the `ItemWrite` the triage
repository builds) is written in the incident change's transaction, all or nothing.
The unit tests of triage share their analyst and phishing incident from here too.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from incident_core.analytics.counters import StatsDeltas
from incident_core.core.auth import Principal
from incident_core.core.errors import VersionMismatch
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from incident_core.storage.dynamo import ItemWrite
from incident_core.storage.outbox import EventRecord
from incident_core.triage.engine import TriageEngine, TriageResult
from incident_core.triage.observables import Observable
from incident_core.triage.queue import TriageMessage, TriageQueue
from incident_core.triage.repository import TriageRepository
from tests.support.fakes.incidents import InMemoryIncidentRepository

RunKey = tuple[str, str, str]  # org, incident, triage id
TRIAGE_ENTITY = "triage"


def _key(run: Mapping[str, Any]) -> RunKey:
    return (str(run["org_id"]), str(run["incident_id"]), str(run["id"]))


class InMemoryTriageRepository(TriageRepository):
    """Runs in a dict; the conditions are those of `DynamoTriageRepository`, checked in Python."""

    def __init__(self, incidents: InMemoryIncidentRepository) -> None:
        self.incidents = incidents
        self.runs: dict[RunKey, dict[str, Any]] = {}

    def create_run(self, run: Mapping[str, Any], *, event: EventRecord | None) -> bool:
        incident = self.incidents.incidents.get((str(run["org_id"]), str(run["incident_id"])))
        if _key(run) in self.runs or incident is None or incident.get("deleted_at"):
            return False
        self.runs[_key(run)] = copy.deepcopy(dict(run))
        if event is not None:
            self.incidents.events.append(event)
        return True

    def get_run(self, *, org_id: str, incident_id: str, triage_id: str) -> dict[str, Any] | None:
        found = self.runs.get((org_id, incident_id, triage_id))
        return copy.deepcopy(found) if found else None

    def latest_run(self, *, org_id: str, incident_id: str) -> dict[str, Any] | None:
        ids = [key[2] for key in self.runs if key[:2] == (org_id, incident_id)]
        return self.get_run(org_id=org_id, incident_id=incident_id, triage_id=max(ids)) if ids else None

    def claim_run(
        self, *, org_id: str, incident_id: str, triage_id: str, now: str, stale_before: str, deadline: str | None = None
    ) -> dict[str, Any] | None:
        run = self.runs.get((org_id, incident_id, triage_id))
        if run is None:
            return None
        started_at, deadline_at = run.get("started_at"), run.get("deadline_at")
        if deadline_at is not None:
            stale = run["status"] == "running" and str(deadline_at) < now
        else:
            stale = run["status"] == "running" and started_at is not None and str(started_at) < stale_before
        if run["status"] != "queued" and not stale:
            return None
        run.update(status="running", started_at=now)
        run.pop("deadline_at", None)
        if deadline is not None:
            run["deadline_at"] = deadline
        return copy.deepcopy(run)

    def completion(self, run: Mapping[str, Any]) -> ItemWrite:
        return ItemWrite(
            item={**run, "entity": TRIAGE_ENTITY},
            condition="#status = :running",
            names={"#status": "status"},
            values={":running": "running"},
        )

    def fail_run(self, run: Mapping[str, Any], *, event: EventRecord) -> None:
        write = self.completion(run)
        self.check([write])
        self.store([write])
        self.incidents.events.append(event)

    # --- the transaction's part: check every condition first, then write ----------------------

    def check(self, writes: Sequence[ItemWrite]) -> None:
        """Raise `VersionMismatch` (a cancelled transaction) unless every run written is still running."""
        for write in writes:
            stored = self.runs.get(_key(write.item))
            if stored is None or stored["status"] != "running":
                raise VersionMismatch

    def store(self, writes: Sequence[ItemWrite]) -> None:
        for write in writes:
            run = {name: value for name, value in write.item.items() if name != "entity"}
            self.runs[_key(run)] = copy.deepcopy(run)


class TriageIncidentRepository(InMemoryIncidentRepository):
    """The incident fake whose changes also write the triage runs handed over with them (`also`)."""

    def __init__(self) -> None:
        super().__init__()
        self.triage = InMemoryTriageRepository(self)

    def replace_incident(
        self,
        *,
        incident: Mapping[str, Any],
        expected_version: int,
        events: list[EventRecord],
        counters: Mapping[str, int],
        also: Sequence[ItemWrite] = (),
        stats: StatsDeltas | None = None,
    ) -> None:
        runs = [write for write in also if write.item.get("entity") == TRIAGE_ENTITY]
        self.triage.check(runs)
        super().replace_incident(
            incident=incident,
            expected_version=expected_version,
            events=events,
            counters=counters,
            also=also,
            stats=stats,
        )
        self.triage.store(runs)


class InMemoryTriageQueue(TriageQueue):
    def __init__(self) -> None:
        self.sent: list[TriageMessage] = []

    def send(self, message: TriageMessage) -> None:
        self.sent.append(message)


class BrokenEngine(TriageEngine):
    """An engine whose model is down: every run it carries out fails."""

    name = "broken"
    version = "0"

    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        raise RuntimeError("model unavailable")


# --- what the triage unit tests share: an analyst of `acme` and a phishing incident of theirs ---

ORG = "acme"
ANALYST = Principal(sub="alice", org_id=ORG, permissions=frozenset({"incidents:read", "incidents:triage"}))
PHISHING = {
    "title": "Phishing: invoice mail asks finance to log in",
    "description": "Mail from billing@examp1e[.]com urges finance to verify their password at hxxp://203.0.113.7/login.",
    "severity": "high",
    "incident_type": "phishing",
}


def new_incident(incidents: TriageIncidentRepository, **fields: Any) -> str:
    """A phishing incident (with `fields` changed) created by the analyst; its id."""
    data = IncidentCreate.model_validate({**PHISHING, **fields})
    return str(create_incident(principal=ANALYST, data=data, repository=incidents)["id"])
