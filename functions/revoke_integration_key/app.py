"""DELETE /integrations/keys/{id}: revoke an integration key for good; it is kept (for audit) and refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.integrations import service as keys

if TYPE_CHECKING:
    from incident_core.integrations.responses import IntegrationKey

api = IncidentApi()


@api.route("DELETE", "/integrations/keys/<id>", permission="clients:write")
def revoke_integration_key(id: str) -> Response[IntegrationKey]:  # noqa: A002
    return ok(keys.revoke_key(principal=api.principal, key_id=id))


lambda_handler = api.handler()
