"""POST /incidents/{id}/analyze: the incident's analysis in seed 004's shape, worked out now (nothing stored)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage.analysis import analyze_incident

if TYPE_CHECKING:
    from incident_core.triage.responses import IncidentAnalysis

api = IncidentApi()


@api.route("POST", "/incidents/<id>/analyze", permission="incidents:triage")
def analyze(id: str) -> Response[IncidentAnalysis]:  # noqa: A002
    return ok(analyze_incident(principal=api.principal, incident_id=id))


lambda_handler = api.handler()
