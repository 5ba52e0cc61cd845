"""POST /incidents/{id}/actions: request a response action (built-in or from an integration)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.actions import service as actions
from incident_core.actions.models import ActionRequest
from incident_core.http.contract import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.actions.responses import Action

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/actions",
    permission="actions:execute",
    status=201,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(LOCATION, IDEMPOTENT_REPLAYED),
    errors=(409, 422),
)
def request_action(id: str, request: ActionRequest) -> Response[Action]:  # noqa: A002 - the path parameter's name
    action, is_new = actions.request_action(
        principal=api.principal, incident_id=id, data=request, idempotency_key=api.header("Idempotency-Key")
    )
    # The same Idempotency-Key again: no second action, and the first answer again (201, body, Location).
    replayed = {} if is_new else {"Idempotent-Replayed": "true"}
    return created(action, location=f"/incidents/{id}/actions/{action['action_id']}", headers=replayed)


lambda_handler = api.handler()
