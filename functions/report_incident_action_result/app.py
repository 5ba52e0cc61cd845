"""POST /incidents/{id}/actions/{action_id}/result: an integration reports what became of an action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.actions import service as actions
from incident_core.actions.models import ActionResult
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.actions.responses import Action

api = IncidentApi()


@api.route("POST", "/incidents/<id>/actions/<action_id>/result", permission="actions:execute", errors=(409,))
def report_action_result(id: str, action_id: str, result: ActionResult) -> Response[Action]:  # noqa: A002
    return ok(actions.report_result(principal=api.principal, incident_id=id, action_id=action_id, data=result))


lambda_handler = api.handler()
