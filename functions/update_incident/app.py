"""PATCH and PUT /incidents/{id}: change editable fields and, by the lifecycle rules, the status;
`If-Match` guards against lost updates. A reporter (incidents:create without incidents:write) may
change only the title of an incident it created."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG, IF_MATCH
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import IncidentUpdate

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route(
    "PATCH",
    "/incidents/<id>",
    permission=("incidents:write", "incidents:create"),
    request_headers=(IF_MATCH,),
    response_headers=(ETAG,),
    errors=(409, 412),
)
@api.route(
    "PUT",
    "/incidents/<id>",
    permission=("incidents:write", "incidents:create"),
    request_headers=(IF_MATCH,),
    response_headers=(ETAG,),
    errors=(409, 412),
)
def update_incident(id: str, changes: IncidentUpdate) -> Response[Incident]:  # noqa: A002
    data = incidents.update_incident(
        principal=api.principal,
        incident_id=id,
        changes=changes,
        if_match=api.header("If-Match"),
        enforce_edit_rights=True,
    )
    return ok(data, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
