"""DELETE /webhooks/{id}: unsubscribe; deliveries still queued for it are dropped, not sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookDeleted

api = IncidentApi()


@api.route("DELETE", "/webhooks/<id>", permission="webhooks:write")
def delete_webhook(id: str) -> Response[WebhookDeleted]:  # noqa: A002
    webhooks.delete_webhook(principal=api.principal, webhook_id=id)
    return ok({"id": id, "deleted": True})


lambda_handler = api.handler()
