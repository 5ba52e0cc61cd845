"""POST /v2/enqueue: PagerDuty Events API v2; the body's `routing_key` (an integration key) is the credential."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response
from incident_core.http.router import IncidentApi
from incident_core.integrations.pagerduty_events import enqueue

if TYPE_CHECKING:
    from incident_core.integrations.responses import EventProcessed

api = IncidentApi()


@api.route("POST", "/v2/enqueue", permission=None, status=202, errors=(401, 403, 429))
def enqueue_pagerduty_event() -> Response[EventProcessed]:
    return enqueue(api.raw_body())


lambda_handler = api.handler()
