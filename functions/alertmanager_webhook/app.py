"""POST /integrations/alertmanager: Prometheus Alertmanager (and Grafana) webhooks; one alert per fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.alerts.models import AlertmanagerWebhook
from incident_core.alerts.service import handle_alert
from incident_core.alerts.sources.alertmanager import alerts_from_alertmanager
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.alerts.responses import AlertsReceived

api = IncidentApi()


@api.route("POST", "/integrations/alertmanager", permission="incidents:write", status=202, errors=(409,))
def receive_alertmanager_webhook(hook: AlertmanagerWebhook) -> Response[AlertsReceived]:
    outcomes = [handle_alert(alert, principal=api.principal) for alert in alerts_from_alertmanager(hook)]
    results = [{"dedup_key": o.dedup_key, "result": o.result, "incident_id": o.incident_id} for o in outcomes]
    return ok({"status": "success", "alerts": results}, status_code=202)


lambda_handler = api.handler()
