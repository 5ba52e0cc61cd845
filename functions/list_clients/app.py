"""GET /clients: the org's API clients, revoked ones too (secrets never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.clients import service as clients
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.clients.responses import ClientList

api = IncidentApi()


@api.route("GET", "/clients", permission="clients:read")
def list_clients() -> Response[ClientList]:
    items = clients.list_clients(principal=api.principal)
    return ok(items, meta={"total": len(items)})


lambda_handler = api.handler()
