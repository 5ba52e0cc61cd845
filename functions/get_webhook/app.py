"""GET /webhooks/{id}: one subscription (secret never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import ETAG
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

if TYPE_CHECKING:
    from incident_core.webhooks.responses import Webhook

api = IncidentApi()


@api.route("GET", "/webhooks/<id>", permission="webhooks:read", response_headers=(ETAG,))
def get_webhook(id: str) -> Response[Webhook]:  # noqa: A002 - the path parameter's name
    data = webhooks.get_webhook(principal=api.principal, webhook_id=id)
    return ok(data, headers={"ETag": f'"{data["version"]}"'})


lambda_handler = api.handler()
