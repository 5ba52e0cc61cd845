"""GET /incidents/{id}/attachments: uploaded attachments with short-lived download URLs."""

from incident_core.attachments import service as attachments
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("GET", "/incidents/<id>/attachments", permission="incidents:read")
def list_attachments(id: str) -> Response[str]:  # noqa: A002
    page = attachments.list_attachments(principal=api.principal, incident_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
