"""Action rules and indicators that several playbooks share.

A constant is one rule used as-is by every playbook that lists it. A builder fixes
what each use has in common (the action, the target kind, the parameter, the fields
it reads) and takes what differs: the reason and when the rule applies, which stay
visible in each playbook.
"""

from __future__ import annotations

from incident_core.triage.playbooks.rules import ActionRule, Indicator
from incident_core.triage.playbooks.vocabulary import (
    CRITICAL,
    IP_TYPES,
    ON_CALL,
    SECURITY_TEAM,
    SERVICE_FIELDS,
    USER_FIELDS,
)

__all__ = [
    "ASSIGN_ANALYST",
    "ESCALATE_WHEN_CERTAIN",
    "MONITOR_FIRING",
    "NOTIFY_ON_CALL",
    "add_tags",
    "alarm_metric",
    "block_ip",
    "expected_or_recovered",
    "restart_service",
    "user_action",
]

ASSIGN_ANALYST = ActionRule(
    action="assign",
    reason="Needs an analyst",
    min_confidence=0.4,
    when=("malicious", "suspicious"),
    parameters=SECURITY_TEAM,
)
"""Security playbooks: a suspicious or malicious verdict goes to the security team."""

ESCALATE_WHEN_CERTAIN = ActionRule(
    action="escalate", reason="Confidence is very high", min_confidence=0.9, parameters=CRITICAL
)
"""Security playbooks: raise to critical when all but certain."""

NOTIFY_ON_CALL = ActionRule(action="notify", reason="Tell the on-call engineer", min_confidence=0.4, parameters=ON_CALL)
"""Operational playbooks: the on-call engineer hears of likely impact."""

MONITOR_FIRING = Indicator(
    id="monitor_firing",
    kind="raw_field_equals",
    weight=0.2,
    reason="The monitor is firing (state {value})",
    fields=("state", "new_state_value", "alert_state", "monitor_state"),
    terms=("alarm", "firing", "triggered", "alert"),
)
"""Operational playbooks: the alarm that raised the incident is still in alarm."""


def block_ip(
    reason: str,
    *,
    fields: tuple[str, ...],
    min_confidence: float,
    when: tuple[str, ...],
    observable_types: tuple[str, ...] = IP_TYPES,
) -> ActionRule:
    """Block each public address found in `fields` (then in IP observables, unless `observable_types` is empty)."""
    return ActionRule(
        action="block_ip",
        reason=reason,
        min_confidence=min_confidence,
        when=when,
        target="ip",
        param="ip",
        fields=fields,
        observable_types=observable_types,
    )


def user_action(
    action: str,
    reason: str,
    *,
    min_confidence: float,
    when: tuple[str, ...],
    requires: tuple[str, ...] = (),
    fields: tuple[str, ...] = USER_FIELDS,
    limit: int = 5,
) -> ActionRule:
    """`action` (e.g. `disable_user`, `reset_credentials`) for each account named in `fields`."""
    return ActionRule(
        action=action,
        reason=reason,
        min_confidence=min_confidence,
        when=when,
        requires=requires,
        target="user",
        param="user",
        fields=fields,
        limit=limit,
    )


def restart_service(reason: str, *, min_confidence: float) -> ActionRule:
    """Restart each service named in raw_data or among the affected systems (three at most)."""
    return ActionRule(
        action="restart_service",
        reason=reason,
        min_confidence=min_confidence,
        target="service",
        param="service_name",
        fields=SERVICE_FIELDS,
        use_affected_systems=True,
        limit=3,
    )


def add_tags(tag: str, reason: str, *, min_confidence: float = 0.0, when: tuple[str, ...] = ()) -> ActionRule:
    """Tag the incident with `tag`."""
    return ActionRule(
        action="add_tags", reason=reason, min_confidence=min_confidence, when=when, parameters={"tags": [tag]}
    )


def alarm_metric(reason: str, *, weight: float, metrics: tuple[str, ...]) -> Indicator:
    """The incident is a CloudWatch-style alarm on one of `metrics`."""
    return Indicator(
        id="alarm_metric",
        kind="raw_field_equals",
        weight=weight,
        reason=reason,
        fields=("metric_name", "metric"),
        terms=metrics,
    )


def expected_or_recovered(reason: str, *, terms: tuple[str, ...]) -> Indicator:
    """Operational playbooks: the text says the trouble was expected or is over, which lowers confidence."""
    return Indicator(
        id="planned_or_recovered", kind="keyword_any", weight=-0.6, reason=reason, terms=terms, scope="text"
    )
