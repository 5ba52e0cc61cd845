"""The SLA scanner (`functions/sla_scanner`, an EventBridge schedule every minute).

Each incident with a pending deadline sits in the scanner's due index under the minute of its
next SLA moment (`sla.deadlines`: a deadline's at-risk moment, then the deadline). A run Queries
the minute buckets from its checkpoint (the minute the last run reached; at most
`MAX_LOOKBACK_MINUTES` back, so missed runs are caught up) to now, and for each incident found
changes it through the incident service (`incidents.service.apply_change`, conditional on its
version, with its events and counters in one transaction):
- a deadline passed unmet: it is recorded as breached, once (a re-run, or a second scanner, reads
  the breach and does nothing), with an `incident.sla_breached` event (timeline and webhooks),
  and the policy's `on_breach` applies: `escalate_severity` one step (its deadlines move with it),
  `reassign_team`; `notify` is the event alone;
- an at-risk moment passed: the state becomes `at_risk` (the incident enters `?sla=at_risk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from incident_core.core.auth import ALL_PERMISSIONS, Principal
from incident_core.core.clock import iso, parse_iso, utc_now
from incident_core.core.errors import NotFound
from incident_core.incidents.lifecycle import Change, EventSpec, edit
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import apply_change
from incident_core.sla.deadlines import escalated, overdue, refreshed_sla, target_for
from incident_core.sla.repository import SlaRepository, get_sla_repository

SCANNER_ACTOR = "sla-scanner"
BREACH_EVENT = "incident.sla_breached"
FIRST_LOOKBACK_MINUTES = 60  # no checkpoint yet (the first run of a new stack)
MAX_LOOKBACK_MINUTES = 24 * 60  # after an outage, the buckets of the last day are caught up


@dataclass(slots=True)
class ScanReport:
    minutes: int = 0
    checked: int = 0
    breached: int = 0
    refreshed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "minutes": self.minutes,
            "checked": self.checked,
            "breached": self.breached,
            "refreshed": self.refreshed,
        }


def due_minutes(now: datetime, checkpoint: str | None) -> list[str]:
    """The minute buckets (`2026-11-30T22:15`) to read: from the checkpoint's minute (bounded) to now's."""
    last = now.replace(second=0, microsecond=0)
    first = last - timedelta(minutes=FIRST_LOOKBACK_MINUTES)
    if checkpoint:
        first = max(
            parse_iso(checkpoint).replace(second=0, microsecond=0), last - timedelta(minutes=MAX_LOOKBACK_MINUTES)
        )
    minutes, moment = [], min(first, last)
    while moment <= last:
        minutes.append(iso(moment)[:16])
        moment += timedelta(minutes=1)
    return minutes


def scan(
    *,
    now: datetime | None = None,
    incidents: IncidentRepository | None = None,
    sla: SlaRepository | None = None,
) -> ScanReport:
    """One run: every incident whose next SLA moment is due, checked and changed once."""
    moment = now or utc_now()
    incidents, sla = incidents or get_repository(), sla or get_sla_repository()
    up_to = iso(moment)
    report = ScanReport()
    seen: set[tuple[str, str]] = set()
    for minute in due_minutes(moment, sla.get_checkpoint()):
        report.minutes += 1
        for _, org_id, incident_id in sla.due_entries(minute=minute, up_to=up_to):
            if (org_id, incident_id) in seen:
                continue
            seen.add((org_id, incident_id))
            report.checked += 1
            outcome = check_incident(org_id=org_id, incident_id=incident_id, repository=incidents)
            report.breached += outcome == "breached"
            report.refreshed += outcome == "refreshed"
    sla.put_checkpoint(up_to)
    return report


def check_incident(*, org_id: str, incident_id: str, repository: IncidentRepository) -> str | None:
    """Breach the incident's overdue deadlines (or mark it at risk); "breached", "refreshed" or None."""
    principal = Principal(sub=SCANNER_ACTOR, org_id=org_id, permissions=frozenset(ALL_PERMISSIONS))
    outcome: list[str] = []

    def mutate(incident: dict[str, Any], now: str) -> Change | None:
        outcome.clear()
        sla = incident.get("sla")
        if not sla:
            return None
        policy = repository.sla_policy(org_id=org_id)
        missed = overdue(incident, now)
        if not missed:
            if refreshed_sla(incident, policy, now, previous_status=str(incident["status"])) == sla:
                return None
            outcome.append("refreshed")
            return Change(incident, [])
        outcome.append("breached")
        return _breach(incident, missed, policy, now)

    try:
        apply_change(principal=principal, incident_id=incident_id, if_match=None, repository=repository, mutate=mutate)
    except NotFound:
        return None  # deleted since (a deleted incident leaves the index with its next write)
    return outcome[0] if outcome else None


def _breach(incident: dict[str, Any], missed: list[tuple[str, str]], policy: dict[str, Any] | None, now: str) -> Change:
    """Record the missed deadlines and apply what the policy of the incident's severity says."""
    severity = str(incident["severity"])
    entries = [{"deadline": name, "due": due, "breached_at": now, "severity": severity} for name, due in missed]
    sla = dict(incident["sla"])
    sla["breached"] = [*sla.get("breached", []), *entries]
    incident["sla"] = sla
    target = target_for(policy, severity) or {}
    actions = list(target.get("on_breach") or ["notify"])
    requested: dict[str, Any] = {}
    if "escalate_severity" in actions and escalated(severity) != severity:
        requested["severity"] = escalated(severity)
    if "reassign_team" in actions and target.get("reassign_team"):
        requested["assigned_team"] = target["reassign_team"]
    events: list[EventSpec] = [
        (BREACH_EVENT, {"sla_breach": {"old": None, "new": {**entry, "on_breach": actions}}}) for entry in entries
    ]
    applied = edit(incident, requested, now, actor=SCANNER_ACTOR) if requested else None
    if applied is None:
        return Change(incident, events)
    return Change(applied.incident, events + applied.events, applied.counters)
