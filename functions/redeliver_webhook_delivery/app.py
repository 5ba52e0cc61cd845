"""POST /webhooks/{id}/deliveries/{delivery_id}/redeliver: send a delivery again (same webhook-id)."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

api = IncidentApi()


@api.route("POST", "/webhooks/<id>/deliveries/<delivery_id>/redeliver", permission="webhooks:write")
def redeliver(id: str, delivery_id: str) -> Response[str]:  # noqa: A002
    return ok(delivery_log.redeliver(principal=api.principal, webhook_id=id, delivery_id=delivery_id), status_code=202)


lambda_handler = api.handler()
