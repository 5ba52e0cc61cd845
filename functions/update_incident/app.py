"""PATCH and PUT /incidents/{id}: change editable fields; `If-Match` guards against lost updates."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import IncidentUpdate

api = IncidentApi()


@api.route("PATCH", "/incidents/<id>", permission="incidents:write")
@api.route("PUT", "/incidents/<id>", permission="incidents:write")
def update_incident(id: str, changes: IncidentUpdate) -> Response[str]:  # noqa: A002
    data = incidents.update_incident(
        principal=api.principal, incident_id=id, changes=changes, if_match=api.header("If-Match")
    )
    return ok(data, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
