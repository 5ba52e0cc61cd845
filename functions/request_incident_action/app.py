"""POST /incidents/{id}/actions: request a response action (built-in or from an integration)."""

from incident_core.actions import service as actions
from incident_core.actions.models import ActionRequest
from incident_core.http.responses import Response, created, ok
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("POST", "/incidents/<id>/actions", permission="actions:execute")
def request_action(id: str, request: ActionRequest) -> Response[str]:  # noqa: A002 - the path parameter's name
    action, is_new = actions.request_action(
        principal=api.principal, incident_id=id, data=request, idempotency_key=api.header("Idempotency-Key")
    )
    if not is_new:  # the same Idempotency-Key again: the same answer, no second action
        return ok(action, headers={"Idempotent-Replayed": "true"})
    return created(action, location=f"/incidents/{id}/actions/{action['action_id']}")


lambda_handler = api.handler()
