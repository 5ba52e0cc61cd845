"""GET /incidents/{id}: one incident, with its version as ETag."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents

api = IncidentApi()


@api.route("GET", "/incidents/<id>", permission="incidents:read")
def get_incident(id: str) -> Response[str]:  # noqa: A002 - the path parameter's name
    data = incidents.get_incident(principal=api.principal, incident_id=id)
    return ok(data, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
