"""GET /analytics/incidents: the org's incident figures over a range of days, from counters (no scan)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_core.analytics import report
from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi

if TYPE_CHECKING:
    from incident_core.analytics.responses import IncidentAnalytics

api = IncidentApi()


@api.route("GET", "/analytics/incidents", permission="incidents:read", query=report.ANALYTICS_QUERY, errors=(403,))
def get_incident_analytics() -> Response[IncidentAnalytics]:
    span = report.parse_range(api.query_params())
    return ok(report.incident_analytics(principal=api.principal, span=span))


lambda_handler = api.handler()
