"""GET /me/incidents: the incidents the caller may see, across every org its token names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import my_incidents

if TYPE_CHECKING:
    from incident_core.incidents.responses import Incident

api = IncidentApi()


@api.route("GET", "/me/incidents", permission="incidents:read", query=my_incidents.MY_INCIDENTS_QUERY)
def list_my_incidents() -> Response[list[Incident]]:
    page = my_incidents.my_incidents(principal=api.principal, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
