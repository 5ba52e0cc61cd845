"""GET /incidents: list an org's incidents (newest first by default), filtered, sorted and paged.

The page is `data`, as every list of ours; seed 004's clients read it as `incidents`, which the
answer also holds (the same items: a page's size is bounded so that both fit, `core/paging.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents import listing

if TYPE_CHECKING:
    from incident_core.incidents.responses import IncidentPage

api = IncidentApi()


@api.route("GET", "/incidents", permission="incidents:read", query=listing.LIST_QUERY)
def list_incidents() -> Response[IncidentPage]:
    query = listing.parse_list_query(api.query_params(), principal=api.principal)
    page = listing.list_incidents(principal=api.principal, query=query)
    return ok(page.items, meta=page.meta, top_level={"incidents": page.items})


lambda_handler = api.handler()
