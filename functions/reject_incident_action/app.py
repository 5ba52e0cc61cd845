"""POST /incidents/{id}/actions/{action_id}/reject: reject a pending action, with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.actions import service as actions
from incident_core.actions.models import Rejection
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.actions.responses import Action

api = IncidentApi()


@api.route("POST", "/incidents/<id>/actions/<action_id>/reject", permission="actions:approve", errors=(409,))
def reject_action(id: str, action_id: str, rejection: Rejection) -> Response[Action]:  # noqa: A002
    return ok(actions.reject_action(principal=api.principal, incident_id=id, action_id=action_id, data=rejection))


lambda_handler = api.handler()
