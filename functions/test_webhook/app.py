"""POST /webhooks/{id}/test: queue a `webhook.test` event for this subscription now."""

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import subscriptions as webhooks

api = IncidentApi()


@api.route("POST", "/webhooks/<id>/test", permission="webhooks:write")
def send_test(id: str) -> Response[str]:  # noqa: A002
    return ok(webhooks.send_test_event(principal=api.principal, webhook_id=id), status_code=202)


lambda_handler = api.handler()
