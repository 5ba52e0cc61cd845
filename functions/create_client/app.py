"""POST /clients: a new API client of the org; its secret is shown only in this answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.clients import service as clients
from incident_core.clients.models import ClientCreate
from incident_core.http.contract import LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.clients.responses import ClientWithSecret

api = IncidentApi()


@api.route("POST", "/clients", permission="clients:write", status=201, response_headers=(LOCATION,))
def create_client(client: ClientCreate) -> Response[ClientWithSecret]:
    data = clients.create_client(principal=api.principal, data=client)
    return created(data, location=f"/clients/{data['client_id']}")


lambda_handler = api.handler()
