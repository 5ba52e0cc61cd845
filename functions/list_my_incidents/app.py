"""GET /me/incidents: incidents assigned to the caller, across every org its token names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route("GET", "/me/incidents", permission="incidents:read", query=collaboration.LIST_QUERY)
def list_my_incidents() -> Response[list[Incident]]:
    page = collaboration.my_incidents(principal=api.principal, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
