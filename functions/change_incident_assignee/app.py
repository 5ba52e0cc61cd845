"""PUT /incidents/{id}/assignee: assign (or unassign with null) a user and a team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.collaboration.models import AssigneeChange
from incident_core.http.contract import ETAG, IF_MATCH
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route(
    "PUT",
    "/incidents/<id>/assignee",
    permission="incidents:write",
    request_headers=(IF_MATCH,),
    response_headers=(ETAG,),
    errors=(409, 412),
)
def change_assignee(id: str, assignee: AssigneeChange) -> Response[Incident]:  # noqa: A002
    data = collaboration.change_assignee(
        principal=api.principal, incident_id=id, data=assignee, if_match=api.header("If-Match")
    )
    return ok(data, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
