"""GET /webhooks/{id}: one subscription (secret never shown)."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

api = IncidentApi()


@api.route("GET", "/webhooks/<id>", permission="webhooks:read")
def get_webhook(id: str) -> Response[str]:  # noqa: A002 - the path parameter's name
    data = webhooks.get_webhook(principal=api.principal, webhook_id=id)
    return ok(data, headers={"ETag": f'"{data["version"]}"'})


lambda_handler = api.handler()
