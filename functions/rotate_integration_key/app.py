"""POST /integrations/keys/{id}/rotate: a new key, shown once; the old one stops working at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.integrations import service as keys

if TYPE_CHECKING:
    from incident_core.integrations.responses import IntegrationKeyWithSecret

api = IncidentApi()


@api.route("POST", "/integrations/keys/<id>/rotate", permission="clients:write", errors=(409,))
def rotate_integration_key(id: str) -> Response[IntegrationKeyWithSecret]:  # noqa: A002
    return ok(keys.rotate_key(principal=api.principal, key_id=id))


lambda_handler = api.handler()
