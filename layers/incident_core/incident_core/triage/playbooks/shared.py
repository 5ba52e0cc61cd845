"""Action rules and indicators that several playbooks share.

A constant is one rule used as-is by every playbook that lists it. A builder fixes
what each use has in common (the action, the target kind, the parameter, the fields
it reads) and takes what differs: the reason and when the rule applies, which stay
visible in each playbook.
"""

from __future__ import annotations

from incident_core.triage.playbooks.context_vocabulary import BENIGN_CONTEXT
from incident_core.triage.playbooks.operations_vocabulary import (
    ATTACK_CAUSE_TERMS,
    INFORMATIONAL_SEVERITIES,
    MONITOR_OUTPUT_FIELDS,
    PROCESS_DOWN_PATTERNS,
    SEVERITY_FIELDS,
)
from incident_core.triage.playbooks.rules import ActionRule, Indicator
from incident_core.triage.playbooks.vocabulary import (
    APPROVED_TESTING,
    CHANGE_TICKET,
    CRITICAL,
    IP_TYPES,
    ON_CALL,
    SECURITY_TEAM,
    SERVICE_FIELDS,
    USER_FIELDS,
    finding_families,
)

__all__ = [
    "ALERT_SEVERITY",
    "APPROVED_TESTING_WORDS",
    "ASSIGN_ANALYST",
    "ATTACK_ON_SERVICE",
    "BENIGN_CONTEXT_WORDS",
    "CHANGE_MANAGED",
    "ESCALATE_WHEN_CERTAIN",
    "INFORMATIONAL_ALERT",
    "MONITOR_FIRING",
    "MONITOR_RECOVERED",
    "NOTIFY_ON_CALL",
    "NOT_FOR_ON_CALL",
    "PROCESS_DOWN",
    "PROCESS_DOWN_FIELD",
    "RECENT_CHANGE",
    "WIDE_IMPACT",
    "add_tags",
    "alarm_metric",
    "block_ip",
    "expected_or_recovered",
    "finding_family",
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

MONITOR_STATE_FIELDS = (
    "state",
    "new_state_value",
    "alert_state",
    "monitor_state",
    "status",
    "alert_transition",
    "current_state",
    "alert_status",
    "notification_type",
    "monitor_condition",
    "event_action",
    "alert_type_friendly_name",
    "action",
)

INFORMATIONAL_ALERT = Indicator(
    id="informational_alert",
    kind="raw_field_equals",
    weight=-0.3,
    reason="The monitor rates the alert {value}, for the record only: lowers confidence",
    fields=SEVERITY_FIELDS,
    terms=INFORMATIONAL_SEVERITIES,
)
"""Operational playbooks: the monitor itself says nobody needs to act."""

PROCESS_DOWN = Indicator(
    id="process_down",
    kind="pattern_any",
    weight=0.3,
    reason="A process or instance is not running ('{value}')",
    terms=PROCESS_DOWN_PATTERNS,
    scope="text",
    group="process_down",
)
PROCESS_DOWN_FIELD = Indicator(
    id="process_down_field",
    kind="raw_field_pattern",
    weight=0.3,
    reason="A process or instance is not running ('{value}')",
    fields=MONITOR_OUTPUT_FIELDS,
    terms=PROCESS_DOWN_PATTERNS,
    group="process_down",
)
"""Operational playbooks: a process, service or instance is down or crashing (a restart is the first remedy)."""

NOT_FOR_ON_CALL = ("monitor_recovered", "planned_or_recovered", "informational_alert")
"""Operational indicators that say nobody needs to be paged: over, planned, or informational."""

NOTIFY_ON_CALL = ActionRule(
    action="notify",
    reason="Tell the on-call engineer",
    min_confidence=0.25,
    unless=NOT_FOR_ON_CALL,
    parameters=ON_CALL,
)
"""Operational playbooks: the on-call engineer hears of trouble that is on now and not planned."""

MONITOR_FIRING = Indicator(
    id="monitor_firing",
    kind="raw_field_equals",
    weight=0.2,
    reason="The monitor is firing (state {value})",
    fields=MONITOR_STATE_FIELDS,
    terms=(
        "alarm",
        "firing",
        "fired",
        "triggered",
        "trigger",
        "alert",
        "alerting",
        "down",
        "problem",
        "critical",
        "activated",
        "warn",
        "warning",
        "open",
        "opened",
        "unhealthy",
        "create",
    ),
    group="monitor_state",
)
"""Operational playbooks: the alarm that raised the incident is still in alarm."""

ATTACK_ON_SERVICE = Indicator(
    id="attack_on_service",
    kind="keyword_any",
    weight=0.5,
    reason="An attack causes the trouble ('{value}')",
    terms=ATTACK_CAUSE_TERMS,
)
"""Operational playbooks: the outage or slowness has an adversary behind it (a DDoS, a miner):
an attack indicator of the playbook, so the verdict is malicious."""

MONITOR_RECOVERED = Indicator(
    id="monitor_recovered",
    kind="raw_field_equals",
    weight=-0.6,
    reason="The monitor has recovered (state {value}): lowers confidence",
    fields=MONITOR_STATE_FIELDS,
    terms=("ok", "resolved", "recovered", "recovery", "up", "normal", "close", "closed", "cleared"),
    group="monitor_state",
)
"""Operational playbooks: the alarm that raised the incident is over."""


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
    unless: tuple[str, ...] = (),
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
        unless=unless,
        target="user",
        param="user",
        fields=fields,
        limit=limit,
    )


def restart_service(reason: str, *, min_confidence: float, requires: tuple[str, ...] = ()) -> ActionRule:
    """Restart each service named in raw_data or among the affected systems (three at most), unless the trouble
    is over or planned."""
    return ActionRule(
        action="restart_service",
        reason=reason,
        min_confidence=min_confidence,
        requires=requires,
        unless=NOT_FOR_ON_CALL,
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


BENIGN_CONTEXT_WORDS = Indicator(
    id="benign_context",
    kind="keyword_any",
    weight=-0.75,
    reason="Harmless context ('{value}'): lowers confidence",
    terms=BENIGN_CONTEXT,
    group="benign_context",
)
"""Security playbooks: an authorised test, a known-good tool, user error, a scheduled job."""

CHANGE_MANAGED = Indicator(
    id="change_managed",
    kind="pattern_any",
    weight=-0.6,
    reason="Change-managed or already assessed ('{value}'): lowers confidence",
    terms=CHANGE_TICKET,
    group="benign_context",
)
"""Security playbooks: the activity carries a change ticket, or was found not exploited."""

APPROVED_TESTING_WORDS = Indicator(
    id="approved_testing",
    kind="pattern_any",
    weight=-0.6,
    reason="Authorised testing ('{value}'): lowers confidence",
    terms=APPROVED_TESTING,
    scope="text",
    group="benign_context",
)
"""Security playbooks: the text says the activity is an approved test or a scheduled scan."""


def finding_family(indicator_id: str, reason: str, *, weight: float, families: tuple[str, ...]) -> Indicator:
    """A cloud detector's finding type of one of `families` (GuardDuty's `Family:Resource/Name`), the
    detector's own judgement of what it saw; the families share the group `finding`."""
    return Indicator(
        id=indicator_id,
        kind="pattern_any",
        weight=weight,
        reason=reason,
        terms=finding_families(*families),
        group="finding",
    )


ALERT_SEVERITY = Indicator(
    id="alert_critical",
    kind="raw_field_equals",
    weight=0.3,
    reason="The monitor rates the alert {value}",
    fields=SEVERITY_FIELDS,
    terms=("critical", "page", "p1", "sev1", "sev-1", "disaster", "high", "highest", "1", "emergency", "fatal"),
)
"""Operational playbooks: the monitor that raised the incident calls it critical."""

WIDE_IMPACT = Indicator(
    id="wide_impact",
    kind="keyword_any",
    weight=0.25,
    reason="Many are affected ('{value}')",
    terms=(
        "whole team",
        "everyone",
        "all users",
        "colleagues too",
        "customers",
        "several people",
        "whole company",
        "entire office",
        "all staff",
        "whole office",
        "nobody in the office",
        "all users on",
        "users in",
        "trucks waiting",
        "trucks queueing",
    ),
    scope="text",
)
"""Operational playbooks: users say the trouble reaches many people."""

RECENT_CHANGE = Indicator(
    id="recent_change",
    kind="keyword_any",
    weight=0.2,
    reason="Started with a change ('{value}')",
    terms=(
        "since the release",
        "after the release",
        "since the deploy",
        "after the deploy",
        "after the deployment",
        "since the update",
        "after the update",
        "since the upgrade",
        "after the upgrade",
    ),
    scope="text",
)
"""Operational playbooks: the trouble began with a release (a rollback is an option)."""
