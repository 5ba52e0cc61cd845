"""GET /incidents/{id}/timeline: every event of the incident in order, with what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.collaboration import service as collaboration
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.collaboration.responses import TimelineEvent

api = IncidentApi()


@api.route("GET", "/incidents/<id>/timeline", permission="incidents:read", query=collaboration.LIST_QUERY)
def get_timeline(id: str) -> Response[list[TimelineEvent]]:  # noqa: A002 - the path parameter's name
    page = collaboration.timeline(principal=api.principal, incident_id=id, params=api.query_params())
    return ok(page.items, meta=page.meta)


lambda_handler = api.handler()
