"""`GET /observables/{value}/incidents`: the org's incidents that saw one IP, domain, URL, e-mail, hash or CVE id.

The pivot an analyst makes from an indicator: the same lookup as `GET /incidents?observable=`,
newest first, paged with a cursor (`core.paging.page_request`).
"""

from __future__ import annotations

from collections.abc import Mapping

from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import PAGING_QUERY, Listing, page_request
from incident_core.incidents.listing import list_incidents
from incident_core.incidents.vocabulary import ListQuery
from incident_core.search.terms import observable_value

OBSERVABLE_INCIDENTS_QUERY = PAGING_QUERY


def observable_incidents(*, principal: Principal, value: str, params: Mapping[str, list[str]]) -> Listing:
    """One page of the incidents in which `value` (normalised first) was seen, newest first."""
    request = page_request(params)
    observable = observable_value(value)
    if observable is None:
        message = "value must be an IP address, domain, URL, e-mail address, hash or CVE id"
        raise ValidationFailed.for_field("value", message)
    query = ListQuery(
        observable=observable,
        created_by=principal.sub if principal.sees_only_own_incidents else None,
        limit=request.limit,
        cursor=request.cursor,
    )
    return list_incidents(principal=principal, query=query)
