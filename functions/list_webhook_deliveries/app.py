"""GET /webhooks/{id}/deliveries: the delivery log, newest first (filters `status`, `event`)."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/deliveries", permission="webhooks:read")
def list_deliveries(id: str) -> Response[str]:  # noqa: A002
    page = delivery_log.list_deliveries(principal=api.principal, webhook_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
