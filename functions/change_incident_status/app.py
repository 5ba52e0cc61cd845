"""PUT /incidents/{id}/status: move an incident through its lifecycle (aliases accepted)."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import StatusChange
from incident_core.incidents.vocabulary import Status

api = IncidentApi()


@api.route("PUT", "/incidents/<id>/status", permission="incidents:write")
def change_status(id: str, change: StatusChange) -> Response[str]:  # noqa: A002
    data = incidents.change_status(
        principal=api.principal, incident_id=id, change=change, if_match=api.header("If-Match")
    )
    message = f"Incident status updated to {Status(data['status']).label}"
    return ok(data, message=message, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
