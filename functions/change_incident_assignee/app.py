"""PUT /incidents/{id}/assignee: assign (or unassign with null) a user and a team."""

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import AssigneeChange
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents

api = IncidentApi()


@api.route("PUT", "/incidents/<id>/assignee", permission="incidents:write")
def change_assignee(id: str, assignee: AssigneeChange) -> Response[str]:  # noqa: A002
    data = collaboration.change_assignee(
        principal=api.principal, incident_id=id, data=assignee, if_match=api.header("If-Match")
    )
    return ok(data, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
