"""GET /webhooks/{id}/deliveries: the delivery log, newest first (filters `status`, `event`)."""

from incident_core import webhooks
from incident_core.http import IncidentApi, Response, ok

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/deliveries", permission="webhooks:read")
def list_deliveries(id: str) -> Response[str]:  # noqa: A002
    page = webhooks.list_deliveries(principal=api.principal, webhook_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
