"""GET /observables/{value}/incidents: the org's incidents that saw this IP, domain, URL, e-mail, hash or CVE id.

Newest first, paged with `limit` and `cursor`; served by the search index (`search/`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.search import service as search

if TYPE_CHECKING:
    from incident_core.incidents.responses import IncidentPage

api = IncidentApi()


@api.route(
    "GET", "/observables/<value>/incidents", permission="incidents:read", query=search.OBSERVABLE_INCIDENTS_QUERY
)
def list_observable_incidents(value: str) -> Response[IncidentPage]:
    page = search.observable_incidents(principal=api.principal, value=value, params=api.query_params())
    return ok(page.items, meta=page.meta, top_level={"incidents": page.items})


lambda_handler = api.handler()
