"""GET /health: liveness and version; no auth, no storage."""

from incident_core.http import IncidentApi, Response, ok
from incident_core.settings import get_settings

api = IncidentApi()


@api.route("GET", "/health", permission=None)
def health() -> Response[str]:
    return ok({"status": "ok", "version": get_settings().app_version})


lambda_handler = api.handler()
