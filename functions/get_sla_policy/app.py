"""GET /sla-policy: the org's SLA policy (per severity, its deadlines and what a breach does)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.sla import service as sla

if TYPE_CHECKING:
    from incident_core.sla.responses import SlaPolicy

api = IncidentApi()


@api.route("GET", "/sla-policy", permission="incidents:read", errors=(403,))
def get_sla_policy() -> Response[SlaPolicy]:
    return ok(sla.get_policy(principal=api.principal))


lambda_handler = api.handler()
