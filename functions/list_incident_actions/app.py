"""GET /incidents/{id}/actions: the incident's actions, oldest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.actions import reads as actions
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.actions.responses import ActionList

api = IncidentApi()


@api.route("GET", "/incidents/<id>/actions", permission="incidents:read")
def list_actions(id: str) -> Response[ActionList]:  # noqa: A002
    items = actions.list_actions(principal=api.principal, incident_id=id)
    return ok(items, meta={"total": len(items)})


lambda_handler = api.handler()
