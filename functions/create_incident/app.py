"""POST /incidents: report a new incident."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents
from incident_core.incidents.models import IncidentCreate
from incident_core.storage import idempotency

if TYPE_CHECKING:
    from incident_core.incidents.responses import CreatedIncident

api = IncidentApi()


@api.route(
    "POST",
    "/incidents",
    permission=("incidents:write", "incidents:create"),
    status=201,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(LOCATION, ETAG, IDEMPOTENT_REPLAYED),
    errors=(409, 422),
)
def create_incident(incident: IncidentCreate) -> Response[CreatedIncident]:
    def create() -> Response[CreatedIncident]:
        data = incidents.create_incident(principal=api.principal, data=incident)
        etag = {"ETag": incidents.etag(data)}
        return created(data, location=f"/incidents/{data['id']}", headers=etag, top_level={"id": data["id"]})

    # The same Idempotency-Key and body again: no second incident, the first answer again.
    return idempotency.once(
        principal=api.principal,
        route="POST /incidents",
        key=api.header(idempotency.HEADER),
        request=idempotency.sent_body(api.raw_body()),
        create=create,
    )


lambda_handler = api.handler()
