"""POST /incidents/{id}/triage: queue a triage run (optionally a named playbook, or `force` a new one).

With `Prefer: wait=<seconds>` (RFC 7240; 20 s at most) the answer waits for the run: 200 with the
finished run (verdict, `duration_ms`) and `Preference-Applied`, else 202 with the run as it stands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import LOCATION, PREFER, PREFERENCE_APPLIED
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.triage import service as triage
from incident_core.triage import waiting
from incident_core.triage.models import TriageRequest

if TYPE_CHECKING:
    from incident_core.triage.responses import TriageRun

api = IncidentApi()


@api.route(
    "POST",
    "/incidents/<id>/triage",
    permission="incidents:triage",
    status=202,
    also=(200,),
    request_headers=(PREFER,),
    response_headers=(LOCATION, PREFERENCE_APPLIED),
)
def request_triage(id: str, request: TriageRequest | None = None) -> Response[TriageRun]:  # noqa: A002
    wait = waiting.requested_wait(api.header("Prefer"))
    run = triage.request_triage(principal=api.principal, incident_id=id, data=request or TriageRequest())
    headers = {"Location": f"/incidents/{id}/triage/{run['triage_id']}"}
    if wait:
        run = waiting.wait_for_run(run, org_id=api.principal.org_id, seconds=wait)
        headers["Preference-Applied"] = f"wait={wait}"
    return ok(run, status_code=200 if run["status"] in waiting.FINISHED else 202, headers=headers)


lambda_handler = api.handler()
