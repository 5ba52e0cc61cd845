"""POST /webhooks: subscribe a URL to events; the secret is shown only in this answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.contract import LOCATION
from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks
from incident_core.webhooks.models import WebhookCreate

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookWithSecret

api = IncidentApi()


@api.route("POST", "/webhooks", permission="webhooks:write", status=201, response_headers=(LOCATION,))
def create_webhook(subscription: WebhookCreate) -> Response[WebhookWithSecret]:
    data = webhooks.create_webhook(principal=api.principal, data=subscription)
    return created(data, location=f"/webhooks/{data['id']}")


lambda_handler = api.handler()
