"""POST /events: trigger, acknowledge or resolve by dedup key, in the shape of PagerDuty Events v2.

A Bearer JWT with `incidents:write`, or an integration key (`Authorization: Token token=<key>`,
`?key=<key>`, or the body's `routing_key`: `integrations/caller.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.alerts.models import InboundEvent
from incident_core.alerts.service import handle_alert
from incident_core.alerts.sources.pagerduty import alert_from_inbound_event
from incident_core.http.contract import IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.integrations.caller import SEND_EVENTS, integration_key_caller, with_key_defaults
from incident_core.storage import idempotency

if TYPE_CHECKING:
    from incident_core.alerts.responses import EventAccepted

api = IncidentApi()


@api.route(
    "POST",
    "/events",
    permission=("incidents:write", SEND_EVENTS),
    authenticator=integration_key_caller,
    status=202,
    request_headers=(IDEMPOTENCY_KEY,),
    response_headers=(IDEMPOTENT_REPLAYED,),
    errors=(409, 422),
)
def ingest_event(event: InboundEvent) -> Response[EventAccepted]:
    def process() -> Response[EventAccepted]:
        alert = with_key_defaults(alert_from_inbound_event(event), api.principal)
        outcome = handle_alert(alert, principal=api.principal)
        # PagerDuty's clients read `status` and `dedup_key` at the top level.
        message = f"Event processed: {outcome.result}"
        answer = {"status": "success", "message": message, "dedup_key": outcome.dedup_key}
        return ok({**answer, "incident_id": outcome.incident_id}, status_code=202, top_level=answer)

    # The dedup key already makes a repeated trigger one incident (PagerDuty's own idempotency);
    # an Idempotency-Key also answers a repeat with the first answer (`created`, not `deduplicated`).
    return idempotency.once(
        principal=api.principal,
        route="POST /events",
        key=api.header(idempotency.HEADER),
        request=idempotency.sent_body(api.raw_body()),
        create=process,
    )


lambda_handler = api.handler()
