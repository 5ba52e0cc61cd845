"""GET /clients/{id}: one API client (secret never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.clients import service as clients
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.clients.responses import Client

api = IncidentApi()


@api.route("GET", "/clients/<id>", permission="clients:read")
def get_client(id: str) -> Response[Client]:  # noqa: A002 - the path parameter's name
    return ok(clients.get_client(principal=api.principal, client_id=id))


lambda_handler = api.handler()
