"""POST /clients/{id}/rotate: a new secret, shown once; the old one stops working at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.clients import service as clients
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.clients.responses import ClientSecretRotated

api = IncidentApi()


@api.route("POST", "/clients/<id>/rotate", permission="clients:write", errors=(409,))
def rotate_client_secret(id: str) -> Response[ClientSecretRotated]:  # noqa: A002
    return ok(clients.rotate_secret(principal=api.principal, client_id=id))


lambda_handler = api.handler()
