"""An incident's assessment: the engine's result, its observables and the org's similar incidents.

The triage worker stores it as a run's result (`triage/worker.py`); the analysis
(`triage/analysis.py`) answers it at once. One function, so that both see the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incident_core.incidents.vocabulary import ListQuery
from incident_core.triage.engine import to_dict
from incident_core.triage.observables import extract_observables
from incident_core.triage.similarity import similar_incidents

if TYPE_CHECKING:
    from incident_core.incidents.repository import IncidentRepository
    from incident_core.triage.engine import TriageEngine
    from incident_core.triage.observables import Observable

SIMILAR_CANDIDATES = 200  # recent incidents of the org compared (one bounded Query)
# What the comparison and its entries read of a candidate: a projection, as an incident item also
# holds its raw data, triage result, SLA and search text (200 whole items were ~45% of a triage run's
# CPU in a burst, `make bench`'s, and as much of the table's answer to serialize).
CANDIDATE_FIELDS = ("id", "org_id", "incident_number", "title", "description", "status", "created_at", "observables")


class SimilarCandidates:
    """The incidents similar ones are chosen among: an org's `SIMILAR_CANDIDATES` newest, of their
    `CANDIDATE_FIELDS`, read once per org for as long as this lives. The triage worker keeps one per
    SQS batch, so a batch's runs (a storm's incidents are mostly one org's) share one Query; each run
    still leaves itself out. A fresh one reads afresh (the analysis endpoint makes its own)."""

    def __init__(self) -> None:
        self._by_org: dict[str, list[dict[str, Any]]] = {}

    def of_org(self, org_id: str, incidents: IncidentRepository) -> list[dict[str, Any]]:
        if org_id not in self._by_org:
            self._by_org[org_id] = incidents.list_incidents(
                org_id=org_id,
                query=ListQuery(limit=SIMILAR_CANDIDATES),
                limit=SIMILAR_CANDIDATES,
                start_key=None,
                fields=CANDIDATE_FIELDS,
            ).items
        return self._by_org[org_id]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the engine and the similarity search made of an incident."""

    result: dict[str, Any]  # the engine's `TriageResult` as JSON
    observables: list[dict[str, Any]]
    similar: list[dict[str, Any]]
    found: tuple[Observable, ...] = ()  # the observables as the engine read them


def assess(
    incident: Mapping[str, Any],
    playbook: str | None,
    engine: TriageEngine,
    incidents: IncidentRepository,
    *,
    org_id: str,
    candidates: SimilarCandidates | None = None,
) -> Assessment:
    """The engine's result for the incident (`playbook` forces one), and the similar incidents among the
    org's `SIMILAR_CANDIDATES` latest (a Query on `by_org`, of their `CANDIDATE_FIELDS`; once per
    `candidates`)."""
    found = tuple(extract_observables(incident))
    observables = [item.to_dict() for item in found]
    result = to_dict(engine.triage(incident, found, playbook=playbook))
    compared = (candidates or SimilarCandidates()).of_org(org_id, incidents)
    return Assessment(result, observables, similar_incidents(incident, observables, compared), found)
