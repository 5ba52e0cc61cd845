"""POST /webhooks: subscribe a URL to events; the secret is shown only in this answer."""

from incident_core.http.responses import Response, created
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks
from incident_core.webhooks.models import WebhookCreate

api = IncidentApi()


@api.route("POST", "/webhooks", permission="webhooks:write")
def create_webhook(subscription: WebhookCreate) -> Response[str]:
    data = webhooks.create_webhook(principal=api.principal, data=subscription)
    return created(data, location=f"/webhooks/{data['id']}")


lambda_handler = api.handler()
