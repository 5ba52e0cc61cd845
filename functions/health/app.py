"""GET /health: liveness and version; no auth, no storage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.core.settings import get_settings
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.incidents.responses import Health

api = IncidentApi()


@api.route("GET", "/health", permission=None)
def health() -> Response[Health]:
    return ok({"status": "ok", "version": get_settings().app_version})


lambda_handler = api.handler()
