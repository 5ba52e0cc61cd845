"""POST /incidents: report a new incident."""

from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import IncidentCreate

api = IncidentApi()


@api.route("POST", "/incidents", permission=("incidents:write", "incidents:create"))
def create_incident(incident: IncidentCreate) -> Response[str]:
    data = incidents.create_incident(principal=api.principal, data=incident)
    return created(data, location=f"/incidents/{data['id']}", headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
