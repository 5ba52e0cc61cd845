"""Triage engines: a verdict and recommended actions for an incident and its observables.

`RulesEngine`, the default, is deterministic and offline: the same incident and
observables always give the same result. It runs the data of the `playbooks` package:

1. The playbook: the one named, else the best match, else `generic`. A playbook scores
   10 when the incident's type is one of its `incident_types`, 3 when its source has
   one of its `sources` among its words, 2 per keyword found in the title, description
   or tags (1 when found only in raw_data) and 1 per raw_data field it names that is
   present. The highest score wins, a tie goes to the playbook listed first. Keywords
   (here and in indicators) match whole words in any letter case, whatever separates
   them: "failed sign-in" also finds "FAILED_SIGN_IN".
2. The indicators: each fired or not (see `playbooks.rules.Indicator`); of those sharing a
   group only the heaviest counts. Confidence is `1 - prod(1 - w)` over the positive
   weights that fired, times `prod(1 - |w|)` over the negative (mitigating) ones,
   rounded to 2 decimals.
3. The classification. Security playbooks: malicious at `malicious_at` (0.7) or more,
   suspicious at `suspicious_at` (0.4) or more, benign below. When nothing fired, benign
   if the incident holds facts that were looked at (raw_data or observables: a tool's
   event with no sign of harm), unknown when there is nothing to go on. Operational
   playbooks (availability, performance) are about impact, not intent: benign, with the
   category saying what kind of trouble it is and the confidence how sure it is, unless
   one of the playbook's `attack_indicators` fired (a DDoS is an attack): malicious.
4. The actions: each `ActionRule` whose conditions hold, with parameters filled from
   raw_data and observables (`block_ip` only for public addresses); an account, host or
   sender that raw_data does not name is read from the prose (`triage.mentions`). The same
   action on the same target is given once. Of the `escalate` rules only the highest
   severity is kept, and only when above the incident's own.

`reasoning` lists the indicators that counted, in the playbook's order, in words.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from incident_core.incidents.vocabulary import SEVERITY_RANK, Severity
from incident_core.triage.evidence import (
    Found,
    PreparedIncident,
    as_text,
    as_words,
    find_term,
    normalised,
    public_ip,
    quote,
    scalar_text,
    strings_in,
    target_value,
    terms_in,
)
from incident_core.triage.indicators import EVALUATORS
from incident_core.triage.mentions import hosts_in, senders_in, users_in
from incident_core.triage.playbooks.catalog import FALLBACK_PLAYBOOK, PLAYBOOKS
from incident_core.triage.playbooks.rules import RULES_VERSION, ActionRule, Indicator, Playbook
from incident_core.triage.playbooks.validation import validate_playbooks

if TYPE_CHECKING:
    from incident_core.triage.observables import Observable

__all__ = [
    "ENGINE_VERSION",
    "RecommendedAction",
    "RulesEngine",
    "TriageEngine",
    "TriageResult",
    "UnknownPlaybook",
    "Verdict",
    "playbook_names",
    "select_playbook",
    "to_dict",
]

ENGINE_VERSION = f"rules-{RULES_VERSION}"

SCORE_TYPE, SCORE_SOURCE, SCORE_KEYWORD, SCORE_RAW_KEYWORD, SCORE_FIELD = 10, 3, 2, 1, 1
MENTION_FINDERS = {("user", "user"): users_in, ("host", "host"): hosts_in, ("email", "sender"): senders_in}
"""Targets (by target kind and parameter) read from the prose when raw_data, observables and affected
systems name none."""
ADDRESS_PARAMETERS = ("sender", "recipient")
"""Optional action parameters that take one e-mail address (`ActionRule.optional`)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """`classification` (one of `playbooks.rules.CLASSIFICATIONS`), `confidence` 0-1 (2 decimals), the playbook's
    `category`, and `reasoning`: the indicators that counted, in words."""

    classification: str
    confidence: float
    category: str
    reasoning: list[str]


@dataclass(frozen=True, slots=True)
class RecommendedAction:
    """An action of `playbooks.rules.ACTION_CATALOG`, why, and its parameters (e.g. `{"ip": ...}`)."""

    action: str
    reason: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TriageResult:
    """What an engine concludes; `to_dict` gives its JSON shape."""

    verdict: Verdict
    recommended_actions: list[RecommendedAction]
    playbook: str
    engine: str
    engine_version: str


class UnknownPlaybook(ValueError):
    """The playbook asked for does not exist."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown playbook {name!r}; playbooks: {', '.join(playbook_names())}")
        self.name = name


class TriageEngine(ABC):
    """Turns an incident (as the API shows it) and its observables into a `TriageResult`."""

    name: str
    version: str

    @abstractmethod
    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        """The verdict and recommended actions; `playbook` forces one (`UnknownPlaybook` if none has that name)."""


def playbook_names() -> list[str]:
    """The names a triage request may ask for, in order of precedence."""
    return [playbook.name for playbook in PLAYBOOKS]


def to_dict(result: TriageResult) -> dict[str, Any]:
    """The JSON shape of a result."""
    return asdict(result)


# ---------------------------------------------------------------- choosing a playbook


def select_playbook(incident: Mapping[str, Any], *, name: str | None = None) -> Playbook:
    """The playbook named, else the best match (see the module doc), else `generic`."""
    if name is not None:
        for playbook in PLAYBOOKS:
            if playbook.name == name:
                return playbook
        raise UnknownPlaybook(name)
    return _best_match(PreparedIncident(incident, ()))


def _best_match(incident: PreparedIncident) -> Playbook:
    best, best_score = _fallback(), 0
    for playbook in PLAYBOOKS:
        score = _match_score(playbook, incident)
        if score > best_score:
            best, best_score = playbook, score
    return best


def _fallback() -> Playbook:
    return next(playbook for playbook in PLAYBOOKS if playbook.name == FALLBACK_PLAYBOOK)


def _match_score(playbook: Playbook, incident: PreparedIncident) -> int:
    matches = playbook.matches
    score = 0
    incident_type = normalised(as_text(incident.incident.get("incident_type")))
    if incident_type and any(incident_type == normalised(name) for name in matches.incident_types):
        score += SCORE_TYPE
    if matches.sources and find_term(as_words(as_text(incident.incident.get("source"))), matches.sources):
        score += SCORE_SOURCE
    if matches.keywords:
        in_text = terms_in(incident.text_words, matches.keywords)
        in_raw = terms_in(incident.raw_words, matches.keywords) - in_text
        score += SCORE_KEYWORD * len(in_text) + SCORE_RAW_KEYWORD * len(in_raw)
    score += SCORE_FIELD * sum(1 for name in matches.raw_fields if incident.values([name]))
    return score


# ---------------------------------------------------------------- the rules engine


class RulesEngine(TriageEngine):
    """The default engine: the playbooks' rules, deterministic and offline."""

    name = "rules"
    version = ENGINE_VERSION

    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        prepared = PreparedIncident(incident, observables)
        chosen = select_playbook(incident, name=playbook) if playbook is not None else _best_match(prepared)
        fired = _fired(chosen, prepared)
        confidence = _confidence(indicator.weight for indicator, _ in fired)
        classification = _classify(chosen, confidence, fired, has_facts=prepared.has_facts)
        reasoning = [_reason(indicator, found) for indicator, found in fired] or [
            f"No indicator of the {chosen.name} playbook fired"
        ]
        verdict = Verdict(
            classification=classification, confidence=confidence, category=chosen.category, reasoning=reasoning
        )
        fired_ids = {indicator.id for indicator, _ in fired}
        actions = _actions(chosen, prepared, verdict, fired_ids)
        return TriageResult(
            verdict=verdict,
            recommended_actions=actions,
            playbook=chosen.name,
            engine=self.name,
            engine_version=self.version,
        )


def _fired(playbook: Playbook, incident: PreparedIncident) -> list[tuple[Indicator, Found]]:
    """The indicators that fired and count, in the playbook's order (the heaviest of a group)."""
    fired = [(indicator, EVALUATORS[indicator.kind](incident, indicator)) for indicator in playbook.indicators]
    heaviest: dict[str, Indicator] = {}
    for indicator, found in fired:
        if found is not None and indicator.group:
            current = heaviest.get(indicator.group)
            if current is None or abs(indicator.weight) > abs(current.weight):
                heaviest[indicator.group] = indicator
    return [
        (indicator, found)
        for indicator, found in fired
        if found is not None and (not indicator.group or heaviest[indicator.group] is indicator)
    ]


def _confidence(weights: Iterable[float]) -> float:
    """1 - prod(1 - w) over positive weights, scaled down by prod(1 - |w|) over negative ones."""
    positive = mitigation = 1.0
    for weight in weights:
        if weight >= 0:
            positive *= 1 - min(weight, 1.0)
        else:
            mitigation *= 1 - min(-weight, 1.0)
    return round(min(max((1 - positive) * mitigation, 0.0), 1.0), 2)


def _classify(
    playbook: Playbook, confidence: float, fired: Sequence[tuple[Indicator, Found]], *, has_facts: bool
) -> str:
    if playbook.kind == "operational":
        attacked = any(indicator.id in playbook.attack_indicators for indicator, _ in fired)
        return "malicious" if attacked and confidence >= playbook.suspicious_at else "benign"
    if not fired:
        return "benign" if has_facts else "unknown"
    if confidence >= playbook.malicious_at:
        return "malicious"
    if confidence >= playbook.suspicious_at:
        return "suspicious"
    return "benign"


def _reason(indicator: Indicator, found: Found) -> str:
    return indicator.reason.format_map({"value": quote(found.value), "other": quote(found.other)})


def _actions(
    playbook: Playbook, incident: PreparedIncident, verdict: Verdict, fired: set[str]
) -> list[RecommendedAction]:
    actions: list[RecommendedAction] = []
    escalation: RecommendedAction | None = None
    for rule in playbook.actions:
        if verdict.confidence < rule.min_confidence:
            continue
        if rule.when and verdict.classification not in rule.when:
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


validate_playbooks()  # at import: bad playbook data fails the cold start, not a triage
