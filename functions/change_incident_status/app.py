"""PUT /incidents/{id}/status: move an incident through its lifecycle (aliases and 002's numbers 1-5 accepted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG, IF_MATCH
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import StatusChange
from incident_core.incidents.vocabulary import status_label

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route(
    "PUT",
    "/incidents/<id>/status",
    permission="incidents:write",
    request_headers=(IF_MATCH,),
    response_headers=(ETAG,),
    errors=(409, 412),
)
def change_status(id: str, change: StatusChange) -> Response[Incident]:  # noqa: A002
    data = incidents.change_status(
        principal=api.principal, incident_id=id, change=change, if_match=api.header("If-Match")
    )
    message = f"Incident status updated to {status_label(data['status'], data['classification'])}"
    return ok(data, message=message, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
