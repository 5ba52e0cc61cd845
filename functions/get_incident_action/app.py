"""GET /incidents/{id}/actions/{action_id}: one action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.actions import reads as actions
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.actions.responses import Action

api = IncidentApi()


@api.route("GET", "/incidents/<id>/actions/<action_id>", permission="incidents:read")
def get_action(id: str, action_id: str) -> Response[Action]:  # noqa: A002
    return ok(actions.get_action(principal=api.principal, incident_id=id, action_id=action_id))


lambda_handler = api.handler()
