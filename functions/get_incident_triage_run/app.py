"""GET /incidents/{id}/triage/{triage_id}: one triage run."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage import service as triage

api = IncidentApi()


@api.route("GET", "/incidents/<id>/triage/<triage_id>", permission="incidents:read")
def get_run(id: str, triage_id: str) -> Response[str]:  # noqa: A002
    return ok(triage.get_run(principal=api.principal, incident_id=id, triage_id=triage_id))


lambda_handler = api.handler()
