"""GET /webhooks/{id}/stats: delivery statistics, from counters (no scan)."""

from aws_lambda_powertools.event_handler import Response

from incident_core import webhooks
from incident_core.http import IncidentApi, ok

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/stats", permission="webhooks:read")
def stats(id: str) -> Response[str]:  # noqa: A002
    return ok(webhooks.webhook_stats(principal=api.principal, webhook_id=id))


lambda_handler = api.handler()
