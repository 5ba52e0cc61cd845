"""GET /incidents/{id}/triage: the latest triage run of an incident."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage import service as triage

api = IncidentApi()


@api.route("GET", "/incidents/<id>/triage", permission="incidents:read")
def latest_run(id: str) -> Response[str]:  # noqa: A002
    return ok(triage.get_latest_run(principal=api.principal, incident_id=id))


lambda_handler = api.handler()
