"""POST /incidents/{id}/triage: queue a triage run (optionally a named playbook, or `force` a new one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import LOCATION
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage import service as triage
from incident_core.triage.models import TriageRequest

if TYPE_CHECKING:
    from incident_core.triage.responses import TriageRun

api = IncidentApi()


@api.route("POST", "/incidents/<id>/triage", permission="incidents:triage", status=202, response_headers=(LOCATION,))
def request_triage(id: str, request: TriageRequest | None = None) -> Response[TriageRun]:  # noqa: A002
    run = triage.request_triage(principal=api.principal, incident_id=id, data=request or TriageRequest())
    return ok(run, status_code=202, headers={"Location": f"/incidents/{id}/triage/{run['triage_id']}"})


lambda_handler = api.handler()
