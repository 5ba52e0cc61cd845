"""GET /webhooks/{id}/deliveries/{delivery_id}: one delivery with every attempt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

if TYPE_CHECKING:
    from incident_core.webhooks.responses import DeliveryWithAttempts

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/deliveries/<delivery_id>", permission="webhooks:read")
def get_webhook_delivery(id: str, delivery_id: str) -> Response[DeliveryWithAttempts]:  # noqa: A002
    return ok(delivery_log.get_delivery(principal=api.principal, webhook_id=id, delivery_id=delivery_id))


lambda_handler = api.handler()
