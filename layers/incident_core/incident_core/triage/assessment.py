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
) -> Assessment:
    """The engine's result for the incident (`playbook` forces one), and the similar incidents among the
    org's `SIMILAR_CANDIDATES` latest (a Query on `by_org`)."""
    found = tuple(extract_observables(incident))
    observables = [item.to_dict() for item in found]
    result = to_dict(engine.triage(incident, found, playbook=playbook))
    candidates = incidents.list_incidents(
        org_id=org_id, query=ListQuery(limit=SIMILAR_CANDIDATES), limit=SIMILAR_CANDIDATES, start_key=None
    ).items
    return Assessment(result, observables, similar_incidents(incident, observables, candidates), found)
