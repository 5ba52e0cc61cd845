"""The request model of `POST /integrations/keys`: a name, the defaults of what it opens, a rate limit."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from incident_core.incidents.models import NOT_BLANK, Keyword, SeverityWord, ShortText, StrictInput, TagList

# PagerDuty's own limit of events per routing key and minute: tools built for it keep within it.
DEFAULT_EVENTS_PER_MINUTE = 120
MAX_EVENTS_PER_MINUTE = 6000


class IntegrationKeyCreate(StrictInput):
    """A new integration key of the caller's org: a monitoring tool's credential that can only send events."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=100), NOT_BLANK] = Field(
        examples=["Prometheus Alertmanager (prod)"]
    )
    default_severity: SeverityWord | None = Field(
        default=None, description="The severity of what it opens when the event states none (an alert without one)"
    )
    team: ShortText | None = Field(default=None, description="The `assigned_team` of what it opens")
    tags: TagList = Field(default_factory=list, description="Added to the tags of what it opens")
    incident_type: Keyword | None = Field(
        default=None, description="The `incident_type` of what it opens (else `alert`)"
    )
    rate_limit_per_minute: int = Field(
        default=DEFAULT_EVENTS_PER_MINUTE,
        ge=1,
        le=MAX_EVENTS_PER_MINUTE,
        description="Events a minute it may send; over it, 429 with Retry-After",
    )
