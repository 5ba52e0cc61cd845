"""`POST /incidents/{id}/analyze` (seed 004): an incident's analysis, answered at once.

Synchronous and read-only: nothing is stored and no event is written (the analysis is
worked out again on each request from the incident as it is now; a stored triage run is
what `POST /incidents/{id}/triage` is for). Its reads: the incident (GetItem), the org's
latest incidents for similar ones (a Query on `by_org`, `triage/assessment.py`, as the
triage worker does), the org's resolved incidents (two bounded Queries on `by_status`) and, when
those are too few, the org's analytics day items (one Query).

The answer is 004's `message` and `analysis`, with our fields beside them (as
`POST /incidents/{id}/remediate` answers 004's `result`), all inside our envelope's `data`:

- `confidence_score`: the rules engine's verdict confidence (the engine is always the
  deterministic rules engine here, whatever the worker is configured with).
- `root_causes`, `affected_components`, `suggested_actions`: from the playbook's hypotheses
  (`triage/playbooks/hypotheses.py`). A hypothesis counts when one of its indicators fires or
  one of its terms is in the incident; the `MAX_ROOT_CAUSES` with the most evidence are taken
  (ties in the playbook's order), else the playbook's fallback. Components are those of the
  hypotheses taken, then the incident's `affected_systems`; actions are theirs, in words.
  `hypotheses` beside the analysis lists each with its evidence.
- `recommended_actions`: the engine's recommendations, runnable as returned by
  `POST /incidents/{id}/actions` (the same as a triage run's).
- `similar_incidents`: the numbers (`INC-2026-000017`) of the org's similar incidents.
- `risk_assessment`: the severity's level (low LOW ... critical CRITICAL), one level higher
  (at most CRITICAL) when the verdict is `malicious`, at least MEDIUM when `suspicious`;
  `risk_basis` says which applied.
- `estimated_resolution_time` (ISO 8601, whole minutes from one minute on, e.g. `PT2H30M`):
  the median time from creation to resolution of the org's resolved and closed incidents
  of the same `incident_type` and severity, among the latest `HISTORY_SAMPLE` of each
  status, once there are `MIN_HISTORY` of them; until then the default of the severity
  (`DEFAULT_RESOLUTION`: critical PT4H, high PT8H, medium PT24H, low PT72H). Between the two,
  the analytics' MTTR histograms (`analytics/report.recent_mttr`: the severity's p50 over 90
  days, any type) once they hold `MIN_HISTORY` resolutions.
  `estimate_basis` says which: `history (n=7)`, `mttr histogram p50 for high (n=12, 90 days)`
  or `default for high`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from statistics import median
from typing import TYPE_CHECKING, Any

from incident_core.analytics.report import RECENT_MTTR_DAYS, recent_mttr
from incident_core.analytics.repository import AnalyticsRepository, get_analytics_repository
from incident_core.core.clock import parse_iso
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import visible_incident
from incident_core.incidents.vocabulary import SEVERITY_RANK, ListQuery, Severity, Status
from incident_core.triage.assessment import assess
from incident_core.triage.engine import RulesEngine, select_playbook
from incident_core.triage.evidence import PreparedIncident
from incident_core.triage.indicators import EVALUATORS
from incident_core.triage.matching import terms_in
from incident_core.triage.playbooks.hypotheses import HYPOTHESES, Hypothesis

if TYPE_CHECKING:
    from incident_core.core.auth import Principal
    from incident_core.triage.engine import TriageEngine
    from incident_core.triage.playbooks.rules import Playbook

MESSAGE = "Analysis completed"
MAX_ROOT_CAUSES = 3
HISTORY_SAMPLE = 50  # the latest resolved (and closed) incidents of the type and severity read
HISTORY_FIELDS = ("id", "incident_type", "created_at", "resolved_at")  # what a resolution time is read from
MIN_HISTORY = 3  # resolved incidents needed before their median is the estimate
RESOLVED_STATUSES = (Status.RESOLVED, Status.CLOSED)
DEFAULT_RESOLUTION: dict[Severity, timedelta] = {
    Severity.CRITICAL: timedelta(hours=4),
    Severity.HIGH: timedelta(hours=8),
    Severity.MEDIUM: timedelta(hours=24),
    Severity.LOW: timedelta(hours=72),
}
RISK_LEVELS = ("LOW", "MEDIUM", "HIGH", "CRITICAL")  # by severity rank, 1-4


def analyze_incident(
    *,
    principal: Principal,
    incident_id: str,
    incidents: IncidentRepository | None = None,
    engine: TriageEngine | None = None,
    analytics: AnalyticsRepository | None = None,
) -> dict[str, Any]:
    """The analysis of a visible incident (404 otherwise), in 004's shape with our fields beside it.

    The MTTR histograms are read from `analytics`: the process's when no repository is given."""
    if incidents is None:
        analytics = analytics or get_analytics_repository()
    incidents = incidents or get_repository()
    incident = visible_incident(principal, incident_id, incidents)
    assessment = assess(incident, None, engine or RulesEngine(), incidents, org_id=principal.org_id)
    result = assessment.result
    verdict = result["verdict"]
    playbook = select_playbook(incident, name=result["playbook"])
    hypotheses = supported_hypotheses(playbook, PreparedIncident(incident, assessment.found))
    severity = Severity(incident["severity"])
    risk, risk_basis = risk_assessment(severity, verdict["classification"])
    estimate, estimate_basis = estimated_resolution(incident, incidents, org_id=principal.org_id, analytics=analytics)
    systems = incident.get("affected_systems") or []
    return {
        "message": MESSAGE,
        "analysis": {
            "root_causes": [item["cause"] for item in hypotheses],
            "confidence_score": verdict["confidence"],
            "affected_components": _unique(
                [*(name for item in hypotheses for name in item["components"]), *map(str, systems)]
            ),
            "suggested_actions": _unique(action for item in hypotheses for action in item["suggested_actions"]),
            "similar_incidents": [
                item["incident_number"] for item in assessment.similar if item.get("incident_number")
            ],
            "risk_assessment": risk,
            "estimated_resolution_time": estimate,
        },
        "incident_id": incident["id"],
        "incident_number": incident.get("incident_number"),
        "playbook": result["playbook"],
        "verdict": verdict,
        "hypotheses": hypotheses,
        "recommended_actions": result["recommended_actions"],
        "risk_basis": risk_basis,
        "estimate_basis": estimate_basis,
        "engine": result["engine"],
        "engine_version": result["engine_version"],
    }


# ---------------------------------------------------------------- root causes


def supported_hypotheses(playbook: Playbook, incident: PreparedIncident) -> list[dict[str, Any]]:
    """The playbook's hypotheses with evidence, most first (at most `MAX_ROOT_CAUSES`), else its fallback."""
    entry = HYPOTHESES[playbook.name]
    scored = [(hypothesis, _evidence(hypothesis, playbook, incident)) for hypothesis in entry.hypotheses]
    ranked = sorted(
        ((hypothesis, evidence) for hypothesis, evidence in scored if evidence), key=lambda pair: -len(pair[1])
    )  # a stable sort: ties keep the playbook's order
    chosen = ranked[:MAX_ROOT_CAUSES] or [(entry.fallback, [])]
    return [
        {
            "cause": hypothesis.cause,
            "components": list(hypothesis.components),
            "suggested_actions": list(hypothesis.actions),
            "evidence": evidence,
        }
        for hypothesis, evidence in chosen
    ]


def _evidence(hypothesis: Hypothesis, playbook: Playbook, incident: PreparedIncident) -> list[dict[str, Any]]:
    """What supports the hypothesis: its indicators that fire (with what they found), then its terms found."""
    evidence: list[dict[str, Any]] = []
    indicators = {indicator.id: indicator for indicator in playbook.indicators}
    for name in hypothesis.indicators:
        indicator = indicators[name]
        found = EVALUATORS[indicator.kind](incident, indicator)
        if found is not None:
            evidence.append({"kind": "indicator", "id": name, "found": found.value})
    if hypothesis.terms:
        present = terms_in(incident.text_words, hypothesis.terms) | terms_in(incident.raw_words, hypothesis.terms)
        evidence.extend(
            {"kind": "term", "id": None, "found": term} for term in hypothesis.terms if term.lower() in present
        )
    return evidence


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------- risk


def risk_assessment(severity: Severity, classification: str) -> tuple[str, str]:
    """The risk level (see the module) and the rule that gave it, in words."""
    rank = SEVERITY_RANK[severity]
    basis = f"severity {severity.value}"
    if classification == "malicious" and rank < len(RISK_LEVELS):
        rank += 1
        basis += ", one level up: the verdict is malicious"
    elif classification == "suspicious" and rank < 2:
        rank = 2
        basis += ", raised to MEDIUM: the verdict is suspicious"
    return RISK_LEVELS[rank - 1], basis


# ---------------------------------------------------------------- resolution time


def estimated_resolution(
    incident: Mapping[str, Any],
    incidents: IncidentRepository,
    *,
    org_id: str,
    analytics: AnalyticsRepository | None = None,
) -> tuple[str, str]:
    """The estimate (ISO 8601 duration) and its basis (see the module)."""
    severity = Severity(incident["severity"])
    times = resolution_times(incident, incidents, org_id=org_id)
    if len(times) >= MIN_HISTORY:
        return iso_duration(median(times)), f"history (n={len(times)})"
    if analytics is not None:
        count, p50 = recent_mttr(org_id=org_id, severity=severity.value, repository=analytics)
        if count >= MIN_HISTORY and p50 is not None:
            basis = f"mttr histogram p50 for {severity.value} (n={count}, {RECENT_MTTR_DAYS} days)"
            return iso_duration(p50), basis
    return iso_duration(DEFAULT_RESOLUTION[severity].total_seconds()), f"default for {severity.value}"


def resolution_times(incident: Mapping[str, Any], incidents: IncidentRepository, *, org_id: str) -> list[float]:
    """Seconds from creation to resolution of the org's latest resolved and closed incidents of the
    incident's type and severity (the incident itself excluded; a closed one never resolved has none)."""
    incident_type = incident.get("incident_type")
    severity = Severity(incident["severity"])
    times: list[float] = []
    for status in RESOLVED_STATUSES:
        query = ListQuery(
            statuses=(status,), severities=(severity,), incident_type=incident_type, limit=HISTORY_SAMPLE
        )  # `by_status` (one status), the rest as a filter: incidents/list_queries.plan_query
        page = incidents.list_incidents(
            org_id=org_id, query=query, limit=HISTORY_SAMPLE, start_key=None, fields=HISTORY_FIELDS
        )
        times.extend(_times_to_resolve(page.items, incident, incident_type))
    return times


def _times_to_resolve(items: Sequence[Mapping[str, Any]], incident: Mapping[str, Any], kind: Any) -> list[float]:
    times = []
    for item in items:
        # Without a type, only untyped incidents compare (the Query could not filter on a missing type).
        if item.get("id") == incident.get("id") or item.get("incident_type") != kind or not item.get("resolved_at"):
            continue
        seconds = (parse_iso(str(item["resolved_at"])) - parse_iso(str(item["created_at"]))).total_seconds()
        if seconds >= 0:
            times.append(seconds)
    return times


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration in hours, minutes and seconds, whole minutes from one minute on:
    7200 -> `PT2H`, 5400 -> `PT1H30M`, 42 -> `PT42S`."""
    total = round(seconds / 60) * 60 if seconds >= 60 else round(seconds)
    hours, rest = divmod(int(total), 3600)
    minutes, remaining = divmod(rest, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{remaining}S" if remaining else "")
    return f"PT{parts or '0S'}"
