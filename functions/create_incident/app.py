"""POST /incidents: report a new incident."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG, LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import IncidentCreate

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route(
    "POST",
    "/incidents",
    permission=("incidents:write", "incidents:create"),
    status=201,
    response_headers=(LOCATION, ETAG),
    errors=(409,),
)
def create_incident(incident: IncidentCreate) -> Response[Incident]:
    data = incidents.create_incident(principal=api.principal, data=incident)
    return created(data, location=f"/incidents/{data['id']}", headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
