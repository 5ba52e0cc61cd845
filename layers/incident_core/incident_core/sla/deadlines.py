"""An incident's SLA record: its deadlines, their breaches, its state and its next moment to check.

The org's policy (`sla.service`, stored as plain data) names per severity how long an incident may
stay unacknowledged (`acknowledge_within`) and unresolved (`resolve_within`). The record is kept on
the incident item (`sla`) and rewritten by every change of the incident (`refreshed_sla`), in the
change's own transaction:
- the deadlines count from `started_at`: the creation, or the last reopen (which restarts them and
  forgets the breaches of the resolution that was undone);
- a severity change moves them (the new severity's durations, from the same start);
- a deadline is met once the incident is acknowledged (any status past open and triaged) or
  resolved (resolved or closed); a breached one stays breached;
- `state`: `breached` (a deadline was missed), else `at_risk` (a pending deadline is in the last
  `AT_RISK_SHARE` of its time), else `on_track` (deadlines pending), else `met`;
- `next_check_at`: when the scanner must look next (a pending deadline's at-risk moment, then the
  deadline itself; now, when that is past); it places the incident in the scanner's due-minute
  index (`storage.keys`).
Plain Python (no pydantic): the create path and the scanner use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from incident_core.core.clock import iso, parse_iso
from incident_core.incidents.vocabulary import Severity, Status
from incident_core.sla.durations import duration_seconds

ACKNOWLEDGE = "acknowledge"
RESOLVE = "resolve"
DEADLINES = (ACKNOWLEDGE, RESOLVE)
AT_RISK_SHARE = 0.25  # the last quarter of the allowed time
UNACKNOWLEDGED = frozenset({Status.OPEN.value, Status.TRIAGED.value})
ENDED = frozenset({Status.RESOLVED.value, Status.CLOSED.value})
SEVERITY_ORDER = tuple(severity.value for severity in Severity)  # low .. critical
BREACH_ACTIONS = ("notify", "escalate_severity", "reassign_team")


def target_for(policy: Mapping[str, Any] | None, severity: str) -> Mapping[str, Any] | None:
    """The policy's targets for one severity, or None when it names none."""
    if not policy:
        return None
    target = (policy.get("severities") or {}).get(severity)
    return target if isinstance(target, Mapping) else None


def is_met(deadline: str, status: str) -> bool:
    return status not in UNACKNOWLEDGED if deadline == ACKNOWLEDGE else status in ENDED


def escalated(severity: str) -> str:
    """One step up (`critical` stays `critical`)."""
    position = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER) - 1
    return SEVERITY_ORDER[min(position + 1, len(SEVERITY_ORDER) - 1)]


def refreshed_sla(
    incident: Mapping[str, Any], policy: Mapping[str, Any] | None, now: str, *, previous_status: str | None
) -> dict[str, Any] | None:
    """The SLA record of `incident` as it is after a change (`previous_status` None: its creation).

    None when no deadline applies and none was breached."""
    current = incident.get("sla") or {}
    reopened = previous_status in ENDED and incident["status"] not in ENDED
    started_at = now if reopened else str(current.get("started_at") or incident["created_at"])
    breached: list[dict[str, Any]] = [] if reopened else [dict(entry) for entry in current.get("breached", [])]
    target = target_for(policy, str(incident["severity"]))
    if target is None and not breached:
        return None
    start, moment = parse_iso(started_at), parse_iso(now)
    record: dict[str, Any] = {"started_at": started_at, "breached": breached}
    breached_kinds = {entry["deadline"] for entry in breached}
    checks: list[datetime] = []
    at_risk = False
    for deadline in DEADLINES:
        seconds = duration_seconds(str((target or {}).get(f"{deadline}_within") or ""))
        record[f"{deadline}_by"] = None
        if seconds is None:
            continue
        due = start + timedelta(seconds=seconds)
        record[f"{deadline}_by"] = iso(due)
        if deadline in breached_kinds or is_met(deadline, str(incident["status"])):
            continue
        at_risk_from = due - timedelta(seconds=round(seconds * AT_RISK_SHARE))
        if at_risk_from <= moment:
            at_risk = True
            checks.append(due)
        else:
            checks.append(at_risk_from if not breached else due)
    pending = bool(checks)
    record["state"] = "breached" if breached else "at_risk" if at_risk else "on_track" if pending else "met"
    # Never before now: a moment already past (a severity change that brought a deadline forward) goes
    # in now's minute, which the scanner's next run reads (its checkpoint is never past now's minute).
    record["next_check_at"] = iso(max(min(checks), moment)) if checks else None
    return record


def overdue(incident: Mapping[str, Any], now: str) -> list[tuple[str, str]]:
    """The deadlines (name, due) of `incident` that passed at `now` unmet and not yet breached."""
    sla = incident.get("sla") or {}
    breached_kinds = {entry["deadline"] for entry in sla.get("breached", [])}
    moment = parse_iso(now)
    found = []
    for deadline in DEADLINES:
        due = sla.get(f"{deadline}_by")
        if not due or deadline in breached_kinds or is_met(deadline, str(incident["status"])):
            continue
        if parse_iso(str(due)) <= moment:
            found.append((deadline, str(due)))
    return found


def sla_view(sla: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """What an incident shows of its SLA record (None when no policy applies)."""
    if not sla:
        return None
    return {
        "acknowledge_by": sla.get("acknowledge_by"),
        "resolve_by": sla.get("resolve_by"),
        "breached": [dict(entry) for entry in sla.get("breached", [])],
        "state": sla.get("state"),
    }
