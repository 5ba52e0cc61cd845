"""PUT /sla-policy: replace the org's SLA policy (admins); it applies to incidents created or changed next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.sla import service as sla
from incident_core.sla.models import SlaPolicyUpdate

if TYPE_CHECKING:
    from incident_core.sla.responses import SlaPolicy

api = IncidentApi()


@api.route("PUT", "/sla-policy", permission="sla:write")
def put_sla_policy(policy: SlaPolicyUpdate) -> Response[SlaPolicy]:
    return ok(sla.put_policy(principal=api.principal, policy=policy))


lambda_handler = api.handler()
