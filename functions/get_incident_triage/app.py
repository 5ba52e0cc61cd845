"""GET /incidents/{id}/triage: the latest triage run of an incident."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage import service as triage

if TYPE_CHECKING:
    from incident_core.triage.responses import TriageRun

api = IncidentApi()


@api.route("GET", "/incidents/<id>/triage", permission="incidents:read")
def get_latest_triage_run(id: str) -> Response[TriageRun]:  # noqa: A002
    return ok(triage.get_latest_run(principal=api.principal, incident_id=id))


lambda_handler = api.handler()
