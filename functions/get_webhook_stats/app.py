"""GET /webhooks/{id}/stats: delivery statistics, from counters (no scan)."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/stats", permission="webhooks:read")
def stats(id: str) -> Response[str]:  # noqa: A002
    return ok(delivery_log.webhook_stats(principal=api.principal, webhook_id=id))


lambda_handler = api.handler()
