"""GET /webhooks/{id}/stats: delivery statistics, from counters (no scan)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.webhooks import delivery_log

if TYPE_CHECKING:
    from incident_core.webhooks.responses import WebhookStats

api = IncidentApi()


@api.route("GET", "/webhooks/<id>/stats", permission="webhooks:read")
def get_webhook_stats(id: str) -> Response[WebhookStats]:  # noqa: A002
    return ok(delivery_log.webhook_stats(principal=api.principal, webhook_id=id))


lambda_handler = api.handler()
