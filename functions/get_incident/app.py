"""GET /incidents/{id}: one incident, by its id or its number (`INC-2026-000042`), with its version as ETag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import service as incidents

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route("GET", "/incidents/<id>", permission="incidents:read", response_headers=(ETAG,))
def get_incident(id: str) -> Response[Incident]:  # noqa: A002 - the path parameter's name
    data = incidents.get_incident(principal=api.principal, incident_id=id)
    return ok(data, headers={"ETag": incidents.etag(data)})


lambda_handler = api.handler()
