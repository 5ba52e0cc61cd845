"""POST /incidents/{id}/remediate: run a remediation (seed 004), an action of the catalog answered in 004's shape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.actions import remediation
from incident_core.actions.models import ActionRequest
from incident_core.http.contract import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, LOCATION
from incident_core.http.rate_limits import AUTOMATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.actions.responses import Remediation

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/remediate",
    permission="actions:execute",
    status=201,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(LOCATION, IDEMPOTENT_REPLAYED),
    errors=(409, 422),
    rate_class=AUTOMATION,  # seed 004: automation, 5 a minute by default
)
def remediate_incident(id: str, request: ActionRequest) -> Response[Remediation]:  # noqa: A002
    answer, is_new = remediation.remediate(
        principal=api.principal, incident_id=id, data=request, idempotency_key=api.header("Idempotency-Key")
    )
    # It is the actions API underneath: Location names the action, a replay answers the first answer again.
    replayed = {} if is_new else {"Idempotent-Replayed": "true"}
    return created(answer, location=f"/incidents/{id}/actions/{answer['action_id']}", headers=replayed)


lambda_handler = api.handler()
