"""The request model of `PUT /sla-policy`: per severity, its deadlines and what a breach does.

Durations are ISO 8601 (`sla.durations.RULE`), stored upper case. A severity the policy leaves out
has no deadlines. `on_breach` lists what a missed deadline does besides recording the
`incident.sla_breached` event (which webhooks deliver): `notify` (the event only),
`escalate_severity` (one step up), `reassign_team` (to `reassign_team`, required with it).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from incident_core.incidents.models import ShortText, StrictInput
from incident_core.sla.durations import PUBLISHED_PATTERN, RULE, duration_seconds

BreachAction = Literal["notify", "escalate_severity", "reassign_team"]
TARGET_EXAMPLE: dict[str, Any] = {
    "acknowledge_within": "PT15M",
    "resolve_within": "PT4H",
    "on_breach": ["notify", "escalate_severity", "reassign_team"],
    "reassign_team": "sre-oncall",
}
POLICY_EXAMPLE: dict[str, Any] = {
    "severities": {
        "critical": TARGET_EXAMPLE,
        "high": {"acknowledge_within": "PT1H", "resolve_within": "P1D", "on_breach": ["notify"]},
    }
}


def _checked_duration(value: str) -> str:
    if duration_seconds(value) is None:
        raise PydanticCustomError("duration", "must be {rule}", {"rule": RULE})
    return value.strip().upper()


def _unique_actions(actions: list[str]) -> list[str]:
    if len(set(actions)) != len(actions):
        raise PydanticCustomError("unique", "each breach action at most once")
    return actions


def _notify_only() -> list[BreachAction]:
    return ["notify"]


Duration = Annotated[
    str,
    AfterValidator(_checked_duration),
    Field(max_length=32, description=RULE, json_schema_extra={"pattern": PUBLISHED_PATTERN}, examples=["PT15M"]),
]


class SeverityTarget(StrictInput):
    """The deadlines of one severity (at least one), counted from creation (or the last reopen)."""

    acknowledge_within: Duration | None = Field(default=None, description="Time to acknowledge. " + RULE)
    resolve_within: Duration | None = Field(default=None, description="Time to resolve. " + RULE)
    on_breach: Annotated[list[BreachAction], AfterValidator(_unique_actions)] = Field(
        default_factory=_notify_only,
        min_length=1,
        max_length=3,
        description="What a missed deadline does besides the `incident.sla_breached` event: `notify` (the event"
        " only), `escalate_severity` (one step up), `reassign_team` (to `reassign_team`)",
    )
    reassign_team: ShortText | None = Field(default=None, description="The team `reassign_team` assigns")

    @model_validator(mode="after")
    def _consistent(self) -> SeverityTarget:
        if self.acknowledge_within is None and self.resolve_within is None:
            raise PydanticCustomError("deadline", "name acknowledge_within, resolve_within or both")
        acknowledge, resolve = (
            duration_seconds(self.acknowledge_within or ""),
            duration_seconds(self.resolve_within or ""),
        )
        if acknowledge and resolve and resolve < acknowledge:
            raise PydanticCustomError("deadline", "resolve_within must not be shorter than acknowledge_within")
        if ("reassign_team" in self.on_breach) != (self.reassign_team is not None):
            raise PydanticCustomError("team", "reassign_team names the team exactly when on_breach has reassign_team")
        return self


class SeverityTargets(StrictInput):
    low: SeverityTarget | None = None
    medium: SeverityTarget | None = None
    high: SeverityTarget | None = None
    critical: SeverityTarget | None = None


class SlaPolicyUpdate(StrictInput):
    """The org's whole SLA policy: it replaces the one stored. Severities left out have no deadlines."""

    severities: SeverityTargets

    def stored(self) -> dict[str, Any]:
        """The severities as stored: only those named, only the fields set."""
        return self.severities.model_dump(mode="json", exclude_none=True)
