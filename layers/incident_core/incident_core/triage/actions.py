"""Recommended actions: a playbook's `ActionRule`s turned into actions with their targets.

Each rule whose conditions hold (classification, confidence, indicators that fired) gives one
action per target, with parameters filled from raw_data and observables (`block_ip` only for
public addresses); an account, host or sender that raw_data does not name is read from the
prose (`triage.mentions`). The same action on the same target is given once. Of the
`escalate` rules only the highest severity is kept, and only when above the incident's own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from incident_core.incidents.vocabulary import SEVERITY_RANK, Severity
from incident_core.triage.evidence import (
    PreparedIncident,
    as_text,
    public_ip,
    scalar_text,
    strings_in,
    target_value,
)
from incident_core.triage.mentions import hosts_in, senders_in, users_in
from incident_core.triage.playbooks.rules import ActionRule, Playbook

__all__ = ["RecommendedAction", "recommended_actions"]

MENTION_FINDERS = {("user", "user"): users_in, ("host", "host"): hosts_in, ("email", "sender"): senders_in}
"""Targets (by target kind and parameter) read from the prose when raw_data, observables and affected
systems name none."""
ADDRESS_PARAMETERS = ("sender", "recipient")
"""Optional action parameters that take one e-mail address (`ActionRule.optional`)."""


@dataclass(frozen=True, slots=True)
class RecommendedAction:
    """An action of `playbooks.rules.ACTION_CATALOG`, why, and its parameters (e.g. `{"ip": ...}`)."""

    action: str
    reason: str
    parameters: dict[str, Any]


def recommended_actions(
    playbook: Playbook, incident: PreparedIncident, classification: str, confidence: float, fired: set[str]
) -> list[RecommendedAction]:
    """The actions of the playbook's rules that hold for this classification and (rules' scale) confidence."""
    actions: list[RecommendedAction] = []
    escalation: RecommendedAction | None = None
    for rule in playbook.actions:
        if confidence < rule.min_confidence:
            continue
        if rule.when and classification not in rule.when:
            continue
        if (rule.requires and not fired.intersection(rule.requires)) or fired.intersection(rule.unless):
            continue
        for action in _instances(rule, incident):
            if action.action == "escalate":
                escalation = _higher_escalation(escalation, action, incident)
            elif not any(same.action == action.action and same.parameters == action.parameters for same in actions):
                actions.append(action)  # one action per target, with the reason of the first rule that gives it
    if escalation is not None:
        actions.append(escalation)
    return actions


def _instances(rule: ActionRule, incident: PreparedIncident) -> list[RecommendedAction]:
    """The actions of one rule: one per target found (none when it needs a target and has none)."""
    parameters = copy.deepcopy(dict(rule.parameters))
    for name, fields in rule.optional:
        value = _optional_value(incident.values(fields, text_fallback=True), name)
        if value is not None:
            parameters[name] = value
    if rule.target is None:
        return [
            RecommendedAction(action=rule.action, reason=rule.reason.format_map({"target": ""}), parameters=parameters)
        ]
    return [
        RecommendedAction(
            action=rule.action,
            reason=rule.reason.format_map({"target": target}),
            parameters={**parameters, rule.param: target},
        )
        for target in _targets(rule, incident)
    ]


def _optional_value(values: Sequence[Any], name: str) -> str | None:
    """An optional parameter's value, as the action takes it: the first e-mail address for an
    address parameter (of a list, or of `a, b` text), else the first value whole (a subject or
    message id may hold commas, and is never shortened for show)."""
    if name in ADDRESS_PARAMETERS:
        return next(filter(None, (target_value(value, "email") for value in strings_in(values))), None)
    for value in values:
        first = next(iter(value), None) if isinstance(value, list | tuple) else value
        if first is not None and not isinstance(first, Mapping | list | tuple | bool):
            found = target_value(scalar_text(first), None)
            if found:
                return found
    return None


def _targets(rule: ActionRule, incident: PreparedIncident) -> list[str]:
    candidates: list[tuple[str, bool | None]] = [
        (value, None) for value in strings_in(incident.values(rule.fields, text_fallback=True))
    ]
    candidates.extend((observable.value, observable.private) for observable in incident.observed(rule.observable_types))
    if rule.use_affected_systems:
        systems = incident.incident.get("affected_systems")
        if isinstance(systems, list | tuple):
            candidates.extend((as_text(system), None) for system in systems if as_text(system).strip())
    finder = MENTION_FINDERS.get((rule.target or "", rule.param))
    if finder is not None and not candidates:
        candidates.extend((value, None) for value in finder(incident.text))
    targets: dict[str, None] = {}
    for value, private in candidates:
        target = public_ip(value, private) if rule.target == "ip" else target_value(value, rule.target)
        if target:
            targets.setdefault(target)
        if len(targets) >= rule.limit:
            break
    return list(targets)


def _higher_escalation(
    current: RecommendedAction | None, candidate: RecommendedAction, incident: PreparedIncident
) -> RecommendedAction | None:
    """The escalation to the higher severity, and none that is not above the incident's own."""
    ranks = {severity.value: rank for severity, rank in SEVERITY_RANK.items()}
    wanted = ranks.get(str(candidate.parameters.get("severity", Severity.CRITICAL.value)), 0)
    own = ranks.get(as_text(incident.incident.get("severity")).lower(), 0)
    if wanted <= own:
        return current
    if current is not None and ranks.get(str(current.parameters.get("severity")), 0) >= wanted:
        return current
    return candidate
