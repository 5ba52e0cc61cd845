"""POST /webhooks/{id}/deliveries/{delivery_id}/redeliver: send a delivery again (same webhook-id)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

if TYPE_CHECKING:
    from incident_core.webhooks.responses import RedeliveryQueued

api = IncidentApi()


@api.route(
    "POST",
    "/webhooks/<id>/deliveries/<delivery_id>/redeliver",
    permission="webhooks:write",
    status=202,
    errors=(409,),
)
def redeliver_webhook_delivery(id: str, delivery_id: str) -> Response[RedeliveryQueued]:  # noqa: A002
    return ok(delivery_log.redeliver(principal=api.principal, webhook_id=id, delivery_id=delivery_id), status_code=202)


lambda_handler = api.handler()
