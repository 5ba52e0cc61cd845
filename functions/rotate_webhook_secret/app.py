"""POST /webhooks/{id}/rotate-secret: a new secret; the old one still signs for 24 hours."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

api = IncidentApi()


@api.route("POST", "/webhooks/<id>/rotate-secret", permission="webhooks:write")
def rotate_secret(id: str) -> Response[str]:  # noqa: A002
    return ok(webhooks.rotate_secret(principal=api.principal, webhook_id=id))


lambda_handler = api.handler()
