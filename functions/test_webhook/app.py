"""POST /webhooks/{id}/test: queue a `webhook.test` event for this subscription now."""

from aws_lambda_powertools.event_handler import Response

from incident_core import webhooks
from incident_core.http import IncidentApi, ok

api = IncidentApi()


@api.route("POST", "/webhooks/<id>/test", permission="webhooks:write")
def send_test(id: str) -> Response[str]:  # noqa: A002
    return ok(webhooks.send_test_event(principal=api.principal, webhook_id=id), status_code=202)


lambda_handler = api.handler()
