"""GET /health: liveness and version; no auth, no storage."""

from aws_lambda_powertools.event_handler import Response

from incident_core.http import IncidentApi, ok
from incident_core.settings import get_settings

api = IncidentApi()


@api.route("GET", "/health", permission=None)
def health() -> Response[str]:
    return ok({"status": "ok", "version": get_settings().app_version})


lambda_handler = api.handler()
