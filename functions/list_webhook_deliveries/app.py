"""GET /webhooks/{id}/deliveries: the delivery log, newest first (filters `status`, `event`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

if TYPE_CHECKING:
    from incident_core.webhooks.responses import Delivery

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/deliveries", permission="webhooks:read", query=delivery_log.DELIVERY_QUERY)
def list_webhook_deliveries(id: str) -> Response[list[Delivery]]:  # noqa: A002
    page = delivery_log.list_deliveries(principal=api.principal, webhook_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
