"""DELETE /incidents/{id}: soft delete, kept for audit."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents

api = IncidentApi()


@api.route("DELETE", "/incidents/<id>", permission="incidents:delete")
def delete_incident(id: str) -> Response[str]:  # noqa: A002
    data = incidents.delete_incident(principal=api.principal, incident_id=id, if_match=api.header("If-Match"))
    return ok(data)


lambda_handler = api.handler()
