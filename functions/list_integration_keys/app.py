"""GET /integrations/keys: the org's integration keys, revoked ones too (the keys themselves never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.integrations import service as keys

if TYPE_CHECKING:
    from incident_core.integrations.responses import IntegrationKeyList

api = IncidentApi()


@api.route("GET", "/integrations/keys", permission="clients:read")
def list_integration_keys() -> Response[IntegrationKeyList]:
    items = keys.list_keys(principal=api.principal)
    return ok(items, meta={"total": len(items)})


lambda_handler = api.handler()
