"""DELETE /clients/{id}: revoke an API client for good; it is kept (for audit) and gets no token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.clients import service as clients
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.clients.responses import Client

api = IncidentApi()


@api.route("DELETE", "/clients/<id>", permission="clients:write")
def revoke_client(id: str) -> Response[Client]:  # noqa: A002
    return ok(clients.revoke_client(principal=api.principal, client_id=id))


lambda_handler = api.handler()
