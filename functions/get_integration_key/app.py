"""GET /integrations/keys/{id}: one integration key (the key itself never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.integrations import service as keys

if TYPE_CHECKING:
    from incident_core.integrations.responses import IntegrationKey

api = IncidentApi()


@api.route("GET", "/integrations/keys/<id>", permission="clients:read")
def get_integration_key(id: str) -> Response[IntegrationKey]:  # noqa: A002 - the path parameter's name
    return ok(keys.get_key(principal=api.principal, key_id=id))


lambda_handler = api.handler()
