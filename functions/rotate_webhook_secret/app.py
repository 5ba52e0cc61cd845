"""POST /webhooks/{id}/rotate-secret: a new secret; the old one still signs for 24 hours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookSecretRotated

api = IncidentApi()


@api.route("POST", "/webhooks/<id>/rotate-secret", permission="webhooks:write", errors=(409,))
def rotate_webhook_secret(id: str) -> Response[WebhookSecretRotated]:  # noqa: A002
    return ok(webhooks.rotate_secret(principal=api.principal, webhook_id=id))


lambda_handler = api.handler()
