"""GET /incidents/{id}/triage/{triage_id}: one triage run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage import service as triage

if TYPE_CHECKING:
    from incident_core.triage.responses import TriageRun

api = IncidentApi()


@api.route("GET", "/incidents/<id>/triage/<triage_id>", permission="incidents:read")
def get_triage_run(id: str, triage_id: str) -> Response[TriageRun]:  # noqa: A002
    return ok(triage.get_run(principal=api.principal, incident_id=id, triage_id=triage_id))


lambda_handler = api.handler()
