"""Alerts in, incidents out: one open incident per dedup key, whatever sends the alert.

CloudWatch alarms (SNS, EventBridge, direct action), the `/events` API
(PagerDuty-Events-like) and Alertmanager/Grafana webhooks are all turned into `Alert`s by
their parsers; this module applies one set of rules to them:
- trigger: open an incident holding the dedup key (a conditional write on a dedup item,
  so two alerts at once still open one), or, while one is open, count the alert on it
  (`alert_count`, `last_alert_at`) with a timeline event;
- acknowledge: move the open incident to acknowledged;
- resolve: resolve the open incident (when auto-resolve is on) and free the key, so the
  next trigger opens a new incident; otherwise record it on the timeline;
- note: a timeline event only (e.g. INSUFFICIENT_DATA).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from incident_core.core.auth import ALL_PERMISSIONS, Principal
from incident_core.core.errors import Conflict, NotFound, VersionMismatch
from incident_core.incidents.models import IncidentCreate, StatusChange
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import (
    ALLOWED_TRANSITIONS,
    Change,
    apply_change,
    create_incident,
    transition,
)
from incident_core.incidents.views import public_view
from incident_core.incidents.vocabulary import Severity, Status

AlertAction = Literal["trigger", "acknowledge", "resolve", "note"]
ALERT_UPDATE_ATTEMPTS = 12  # a burst of alerts of one alarm all land on one incident
RESOLVED_BY_ALERT = "alarm returned to OK"
CLOSED_STATUSES = (Status.RESOLVED.value, Status.CLOSED.value)


@dataclass(frozen=True, slots=True)
class Alert:
    action: AlertAction
    dedup_key: str
    title: str
    description: str
    severity: Severity
    source: str
    incident_type: str = "alarm"
    affected_systems: tuple[str, ...] = ()
    raw_data: Mapping[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    occurred_at: str | None = None
    note: str | None = None
    resolution: str = RESOLVED_BY_ALERT
    severity_stated: bool = True  # False: `severity` is a fallback (an integration key's default may replace it)
    assigned_team: str | None = None


@dataclass(frozen=True, slots=True)
class AlertOutcome:
    """What the alert did: `opened`, `counted`, `acknowledged`, `resolved`, `noted` or `ignored`."""

    result: str
    dedup_key: str
    incident_id: str | None = None


def system_principal(org_id: str, source: str) -> Principal:
    """The actor of changes made by an integration (recorded in `created_by` and events)."""
    return Principal(sub=f"integration:{source}", org_id=org_id, permissions=frozenset(ALL_PERMISSIONS))


def handle_alert(
    alert: Alert, *, principal: Principal, auto_resolve: bool = True, repository: IncidentRepository | None = None
) -> AlertOutcome:
    repository = repository or get_repository()
    if alert.action == "trigger":
        return _trigger(alert, principal, repository)
    incident = _open_incident(alert, principal, repository)
    if incident is None:
        return AlertOutcome("ignored", alert.dedup_key)
    if alert.action == "resolve":
        return _resolve(alert, principal, repository, incident, auto_resolve=auto_resolve)
    if alert.action == "acknowledge":
        return _acknowledge(alert, principal, repository, incident)
    _record(alert, principal, repository, incident["id"], event="incident.alert_noted")
    return AlertOutcome("noted", alert.dedup_key, incident["id"])


def _open_incident(alert: Alert, principal: Principal, repository: IncidentRepository) -> dict[str, Any] | None:
    """The open incident holding the alert's key; a key left by a closed or deleted incident is freed."""
    incident_id = repository.get_dedup_owner(org_id=principal.org_id, dedup_key=alert.dedup_key)
    if incident_id is None:
        return None
    incident = repository.get_incident(org_id=principal.org_id, incident_id=incident_id)
    if incident is None or incident.get("deleted_at") or incident.get("status") in CLOSED_STATUSES:
        # Resolved or deleted by a person since: the key is free for a new incident.
        repository.release_dedup(org_id=principal.org_id, dedup_key=alert.dedup_key, incident_id=incident_id)
        return None
    return incident


def _trigger(alert: Alert, principal: Principal, repository: IncidentRepository) -> AlertOutcome:
    for _ in range(3):
        incident = _open_incident(alert, principal, repository)
        if incident is not None:
            _record(alert, principal, repository, incident["id"], event="incident.alert_received", count=True)
            return AlertOutcome("counted", alert.dedup_key, incident["id"])
        try:
            created = create_incident(
                principal=principal,
                data=IncidentCreate(
                    title=alert.title[:255],
                    description=_description(alert.description),
                    severity=alert.severity,
                    incident_type=alert.incident_type,
                    source=alert.source,
                    dedup_key=alert.dedup_key,
                    affected_systems=list(dict.fromkeys(alert.affected_systems))[:50],
                    tags=list(dict.fromkeys(tag[:50] for tag in alert.tags))[:20],
                    raw_data=dict(alert.raw_data),
                    assigned_team=alert.assigned_team,
                ),
                repository=repository,
                claim_dedup=True,
                extra={"alert_count": 1, "last_alert_at": alert.occurred_at or None},
            )
        except VersionMismatch:
            continue  # another alert of the same key opened it a moment ago: count on that one
        return AlertOutcome("opened", alert.dedup_key, str(created["id"]))
    raise Conflict(f"Could not open or find the incident of alert {alert.dedup_key}: retry")


def _record(
    alert: Alert,
    principal: Principal,
    repository: IncidentRepository,
    incident_id: str,
    *,
    event: str,
    count: bool = False,
) -> None:
    def mutate(incident: dict[str, Any], now: str) -> Change:
        changes: dict[str, Any] = {
            "alert": {"action": alert.action, "note": alert.note, "at": alert.occurred_at or now}
        }
        if count:
            incident["alert_count"] = int(incident.get("alert_count") or 1) + 1
            incident["last_alert_at"] = alert.occurred_at or now
            changes["alert_count"] = incident["alert_count"]
        return Change(incident, [(event, changes)])

    _apply(principal, repository, incident_id, mutate)


def _apply(
    principal: Principal,
    repository: IncidentRepository,
    incident_id: str,
    mutate: Callable[[dict[str, Any], str], Change | None],
) -> dict[str, Any]:
    """Change the incident as an alert does: no If-Match, and retried longer (a burst lands on one incident)."""
    return apply_change(
        principal=principal,
        incident_id=incident_id,
        if_match=None,
        repository=repository,
        mutate=mutate,
        attempts=ALERT_UPDATE_ATTEMPTS,
    )


def _move(
    principal: Principal, repository: IncidentRepository, incident_id: str, change: StatusChange
) -> dict[str, Any]:
    return _apply(principal, repository, incident_id, lambda current, now: transition(current, change, now))


def _resolve(
    alert: Alert,
    principal: Principal,
    repository: IncidentRepository,
    incident: Mapping[str, Any],
    *,
    auto_resolve: bool,
) -> AlertOutcome:
    if not auto_resolve or Status.RESOLVED not in ALLOWED_TRANSITIONS[Status(incident["status"])]:
        _record(alert, principal, repository, incident["id"], event="incident.alert_cleared")
        return AlertOutcome("noted", alert.dedup_key, incident["id"])
    change = StatusChange(status=Status.RESOLVED, resolution=alert.resolution, note=alert.note)
    try:
        resolved = _move(principal, repository, incident["id"], change)
    except (Conflict, NotFound):
        resolved = dict(incident)  # resolved by someone else meanwhile: only free the key
    repository.release_dedup(org_id=principal.org_id, dedup_key=alert.dedup_key, incident_id=incident["id"])
    return AlertOutcome("resolved", alert.dedup_key, str(public_view(resolved)["id"]))


def _acknowledge(
    alert: Alert, principal: Principal, repository: IncidentRepository, incident: Mapping[str, Any]
) -> AlertOutcome:
    if Status.ACKNOWLEDGED not in ALLOWED_TRANSITIONS[Status(incident["status"])]:
        _record(alert, principal, repository, incident["id"], event="incident.alert_noted")
        return AlertOutcome("noted", alert.dedup_key, incident["id"])
    _move(principal, repository, incident["id"], StatusChange(status=Status.ACKNOWLEDGED, note=alert.note))
    return AlertOutcome("acknowledged", alert.dedup_key, incident["id"])


def _description(text: str) -> str:
    """Descriptions need 10-5000 characters; alerts often carry less or more."""
    text = (text or "").strip()
    if len(text) < 10:
        text = f"{text} (no further details)".strip()
    return text[:5000]
