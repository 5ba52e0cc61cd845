"""DELETE /webhooks/{id}: unsubscribe; deliveries still queued for it are dropped, not sent."""

from incident_core import webhooks
from incident_core.http import IncidentApi, Response, ok

api = IncidentApi()


@api.route("DELETE", "/webhooks/<id>", permission="webhooks:write")
def delete_webhook(id: str) -> Response[str]:  # noqa: A002
    webhooks.delete_webhook(principal=api.principal, webhook_id=id)
    return ok({"id": id, "deleted": True})


lambda_handler = api.handler()
