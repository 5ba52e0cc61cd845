"""GET /health: liveness and version; no auth, no storage."""

from incident_core.core.settings import get_settings
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

api = IncidentApi()


@api.route("GET", "/health", permission=None)
def health() -> Response[str]:
    return ok({"status": "ok", "version": get_settings().app_version})


lambda_handler = api.handler()
