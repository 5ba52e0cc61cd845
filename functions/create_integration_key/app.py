"""POST /integrations/keys: a new integration key of the org; the key is shown only in this answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.integrations import service as keys
from incident_core.integrations.models import IntegrationKeyCreate

if TYPE_CHECKING:
    from incident_core.integrations.responses import IntegrationKeyWithSecret

api = IncidentApi()


@api.route("POST", "/integrations/keys", permission="clients:write", status=201, response_headers=(LOCATION,))
def create_integration_key(key: IntegrationKeyCreate) -> Response[IntegrationKeyWithSecret]:
    data = keys.create_key(principal=api.principal, data=key)
    return created(data, location=f"/integrations/keys/{data['key_id']}")


lambda_handler = api.handler()
