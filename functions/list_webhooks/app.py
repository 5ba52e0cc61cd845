"""GET /webhooks: the org's subscriptions (secrets never shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookList

api = IncidentApi()


@api.route("GET", "/webhooks", permission="webhooks:read")
def list_webhooks() -> Response[WebhookList]:
    items = webhooks.list_webhooks(principal=api.principal)
    return ok(items, meta={"total": len(items)})


lambda_handler = api.handler()
