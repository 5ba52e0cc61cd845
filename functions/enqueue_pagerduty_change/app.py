"""POST /v2/change/enqueue: PagerDuty change events, noted on the open incidents whose system they name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response
from incident_core.http.router import IncidentApi
from incident_core.integrations.change_events import enqueue_change

if TYPE_CHECKING:
    from incident_core.integrations.responses import ChangeProcessed

api = IncidentApi()


@api.route("POST", "/v2/change/enqueue", permission=None, status=202, errors=(401, 403, 429))
def enqueue_pagerduty_change() -> Response[ChangeProcessed]:
    return enqueue_change(api.raw_body())


lambda_handler = api.handler()
