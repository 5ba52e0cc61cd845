"""POST /events: trigger, acknowledge or resolve by dedup key, in the shape of PagerDuty Events v2."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.alerts.models import InboundEvent
from incident_core.alerts.service import handle_alert
from incident_core.alerts.sources.pagerduty import alert_from_inbound_event
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.alerts.responses import EventAccepted

api = IncidentApi()


@api.route("POST", "/events", permission="incidents:write", status=202, errors=(409,))
def ingest_event(event: InboundEvent) -> Response[EventAccepted]:
    outcome = handle_alert(alert_from_inbound_event(event), principal=api.principal)
    # PagerDuty's clients read `status` and `dedup_key` at the top level.
    answer = {"status": "success", "message": f"Event processed: {outcome.result}", "dedup_key": outcome.dedup_key}
    return ok({**answer, "incident_id": outcome.incident_id}, status_code=202, top_level=answer)


lambda_handler = api.handler()
