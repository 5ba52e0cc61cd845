"""POST /incidents: report a new incident."""

from incident_core import incidents
from incident_core.http import IncidentApi, Response, created
from incident_core.models import IncidentCreate

api = IncidentApi()


@api.route("POST", "/incidents", permission=("incidents:write", "incidents:create"))
def create_incident(incident: IncidentCreate) -> Response[str]:
    data = incidents.create_incident(principal=api.principal, data=incident)
    return created(data, location=f"/incidents/{data['id']}", headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
