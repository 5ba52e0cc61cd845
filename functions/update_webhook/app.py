"""PATCH and PUT /webhooks/{id}: change a subscription, `is_active` included."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks
from incident_core.webhooks.models import WebhookUpdate

api = IncidentApi()


@api.route("PATCH", "/webhooks/<id>", permission="webhooks:write")
@api.route("PUT", "/webhooks/<id>", permission="webhooks:write")
def update_webhook(id: str, changes: WebhookUpdate) -> Response[str]:  # noqa: A002
    data = webhooks.update_webhook(
        principal=api.principal, webhook_id=id, changes=changes, if_match=api.header("If-Match")
    )
    return ok(data, headers={"ETag": f'"{data["version"]}"'})


lambda_handler = api.handler()
