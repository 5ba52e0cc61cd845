"""GET /incidents/{id}/comments: the incident's comments, oldest first."""

from incident_core.collaboration import service as collaboration
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("GET", "/incidents/<id>/comments", permission="incidents:read")
def list_comments(id: str) -> Response[str]:  # noqa: A002
    page = collaboration.list_comments(principal=api.principal, incident_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
