"""GET /webhooks: the org's subscriptions (secrets never shown)."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

api = IncidentApi()


@api.route("GET", "/webhooks", permission="webhooks:read")
def list_webhooks() -> Response[str]:
    items = webhooks.list_webhooks(principal=api.principal)
    return ok(items, meta={"total": len(items)})


lambda_handler = api.handler()
