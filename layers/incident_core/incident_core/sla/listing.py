"""`GET /incidents?sla=breached|at_risk`: the incidents whose SLA is in that state (index `by_sla`).

`breached`: a deadline was missed (the incident stays listed once resolved: combine with `status`
to narrow); `at_risk`: a pending deadline is in the last quarter of its time, none missed yet.
"""

from __future__ import annotations

from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import QueryParameter, QueryParams
from incident_core.storage.keys import SLA_LISTED_STATES

SLA_PARAMETER = QueryParameter(
    "sla",
    "`breached` (a deadline was missed) or `at_risk` (a pending deadline is in the last quarter of its time)",
    choices=SLA_LISTED_STATES,
)


def sla_filter(read: QueryParams) -> str | None:
    """The `sla` state to list, or None."""
    value = read.lower("sla")
    if value is not None and value not in SLA_LISTED_STATES:
        raise ValidationFailed.for_field("sla", "sla must be one of: " + ", ".join(SLA_LISTED_STATES))
    return value
