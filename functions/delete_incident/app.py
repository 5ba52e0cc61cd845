"""DELETE /incidents/{id}: soft delete, kept for audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import IF_MATCH
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents

if TYPE_CHECKING:
    from incident_core.incidents.responses import DeletedIncident

api = IncidentApi()


@api.route("DELETE", "/incidents/<id>", permission="incidents:delete", request_headers=(IF_MATCH,), errors=(409, 412))
def delete_incident(id: str) -> Response[DeletedIncident]:  # noqa: A002
    data = incidents.delete_incident(principal=api.principal, incident_id=id, if_match=api.header("If-Match"))
    return ok(data, message="Incident deleted successfully")  # seed 004's answer


lambda_handler = api.handler()
