"""GET /incidents/{id}/actions: the incident's actions, oldest first."""

from incident_core.actions import service as actions
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("GET", "/incidents/<id>/actions", permission="incidents:read")
def list_actions(id: str) -> Response[str]:  # noqa: A002
    items = actions.list_actions(principal=api.principal, incident_id=id)
    return ok(items, meta={"total": len(items)})


lambda_handler = api.handler()
