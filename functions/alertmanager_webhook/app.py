"""POST /integrations/alertmanager: Prometheus Alertmanager (and Grafana) webhooks; one alert per fingerprint.

A Bearer JWT with `incidents:write`, or an integration key (`Authorization: Token token=<key>` or
`?key=<key>`: `integrations/caller.py`), whose defaults go onto what it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.alerts.models import AlertmanagerWebhook
from incident_core.alerts.service import handle_alert
from incident_core.alerts.sources.alertmanager import alerts_from_alertmanager
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.integrations.caller import SEND_EVENTS, integration_key_caller, with_key_defaults

if TYPE_CHECKING:
    from incident_core.alerts.responses import AlertsReceived

api = IncidentApi()


@api.route(
    "POST",
    "/integrations/alertmanager",
    permission=("incidents:write", SEND_EVENTS),
    authenticator=integration_key_caller,
    status=202,
    errors=(409,),
)
def receive_alertmanager_webhook(hook: AlertmanagerWebhook) -> Response[AlertsReceived]:
    alerts = [with_key_defaults(alert, api.principal) for alert in alerts_from_alertmanager(hook)]
    outcomes = [handle_alert(alert, principal=api.principal) for alert in alerts]
    results = [{"dedup_key": o.dedup_key, "result": o.result, "incident_id": o.incident_id} for o in outcomes]
    return ok({"status": "success", "alerts": results}, status_code=202)


lambda_handler = api.handler()
