"""GET /me/incidents: incidents assigned to the caller, across every org its token names."""

from incident_core.collaboration import service as collaboration
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("GET", "/me/incidents", permission="incidents:read")
def my_incidents() -> Response[str]:
    page = collaboration.my_incidents(principal=api.principal, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
