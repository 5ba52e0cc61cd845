"""POST /webhooks/{id}/test: queue a `webhook.test` event for this subscription now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookTestQueued

api = IncidentApi()


@api.route("POST", "/webhooks/<id>/test", permission="webhooks:write", status=202, errors=(409,))
def send_webhook_test_event(id: str) -> Response[WebhookTestQueued]:  # noqa: A002
    return ok(webhooks.send_test_event(principal=api.principal, webhook_id=id), status_code=202)


lambda_handler = api.handler()
