"""Triage engines: a verdict and recommended actions for an incident and its observables.

`RulesEngine`, the default, is deterministic and offline: the same incident and
observables always give the same result. It runs the data of the `playbooks` package:

1. The playbook: the one named, else the best match, else `generic`. A playbook scores
   10 when the incident's type is one of its `incident_types`, 3 when its source has
   one of its `sources` among its words, 2 per keyword found in the title, description
   or tags (1 when found only in raw_data) and 1 per raw_data field it names that is
   present. The highest score wins, a tie goes to the playbook listed first; when none
   scores, the learned playbook selector (`triage.playbook_selector`) may name one from the
   incident's words, else `generic`. Keywords
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
4. The learned scorer (`triage.scorer`): a logistic regression over the rules' outcome (playbook,
   classification, confidence, indicators that fired) and the incident's words. When its verdict
   is more serious than the rules' it is the final one (its probability the confidence, a line of
   reasoning saying why); where the rules said benign with nothing fired on an incident whose
   words say little, it may call it `unknown`; otherwise, and always for `unknown`, the rules'
   verdict stands.
5. The actions (`triage.actions`): each `ActionRule` whose conditions hold for the final
   classification. Their `min_confidence` is on the rules' scale: the rules' confidence, brought
   up into the final classification's band when the scorer raised it (a case it promotes to
   malicious counts as at least `malicious_at`, so it gets its containment actions).

`reasoning` lists the indicators that counted, in the playbook's order, in words, and when the
scorer changed the verdict its line: its verdict, the features that weighed most, what the rules said.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from incident_core.triage.actions import RecommendedAction, recommended_actions
from incident_core.triage.evidence import (
    Found,
    PreparedIncident,
    as_text,
    normalised,
    quote,
)
from incident_core.triage.indicators import EVALUATORS
from incident_core.triage.matching import as_words, find_term, terms_in
from incident_core.triage.playbook_selector import LearnedChoice, learned_playbook
from incident_core.triage.playbooks.catalog import FALLBACK_PLAYBOOK, PLAYBOOKS
from incident_core.triage.playbooks.rules import RULES_VERSION, Indicator, Playbook
from incident_core.triage.playbooks.validation import validate_playbooks
from incident_core.triage.scorer import score
from incident_core.triage.scorer_features import RulesOutcome

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
    "matched_playbook",
    "playbook_names",
    "run_rules",
    "select_playbook",
    "to_dict",
]

ENGINE_VERSION = f"rules-{RULES_VERSION}"

SCORE_TYPE, SCORE_SOURCE, SCORE_KEYWORD, SCORE_RAW_KEYWORD, SCORE_FIELD = 10, 3, 2, 1, 1


@dataclass(frozen=True, slots=True)
class Verdict:
    """`classification` (one of `playbooks.rules.CLASSIFICATIONS`), `confidence` 0-1 (2 decimals), the playbook's
    `category`, and `reasoning`: the indicators that counted, in words."""

    classification: str
    confidence: float
    category: str
    reasoning: list[str]


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
    return _best_match(PreparedIncident(incident, ()))[0]


def _best_match(incident: PreparedIncident) -> tuple[Playbook, LearnedChoice | None]:
    """The playbook that matches best; when none matches, the learned selector's choice (and it), else `generic`."""
    matched = matched_playbook(incident)
    if matched is not None:
        return matched, None
    learned = learned_playbook(incident)
    if learned is None:
        return _fallback(), None
    return next(playbook for playbook in PLAYBOOKS if playbook.name == learned.playbook), learned


def matched_playbook(incident: PreparedIncident) -> Playbook | None:
    """The playbook whose types, sources, keywords and fields match best (the first of a tie); None when none does."""
    best: Playbook | None = None
    best_score = 0
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
        prepared, chosen, fired, outcome = run_rules(incident, observables, playbook=playbook)
        reasoning = [_reason(indicator, found) for indicator, found in fired] or [
            f"No indicator of the {chosen.name} playbook fired"
        ]
        if outcome.learned_playbook is not None:
            reasoning.insert(
                0,
                f"Playbook {chosen.name} chosen by the learned selector ({outcome.learned_playbook:.2f}): "
                "no playbook's types, sources or keywords matched",
            )
        classification, confidence = outcome.classification, outcome.confidence
        scored = score(prepared, outcome)
        if scored is not None:
            classification, confidence = scored.classification, scored.confidence
            reasoning.append(scored.reason)
        action_confidence = _rules_scale(chosen, outcome, classification)
        verdict = Verdict(
            classification=classification, confidence=confidence, category=chosen.category, reasoning=reasoning
        )
        actions = recommended_actions(chosen, prepared, classification, action_confidence, set(outcome.fired))
        return TriageResult(
            verdict=verdict,
            recommended_actions=actions,
            playbook=chosen.name,
            engine=self.name,
            engine_version=self.version,
        )


def run_rules(
    incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
) -> tuple[PreparedIncident, Playbook, list[tuple[Indicator, Found]], RulesOutcome]:
    """The rules alone: the incident prepared, the playbook, the indicators that counted and the rules'
    outcome (what the learned scorer reads, and what `scripts/triage_train.py` trains it on)."""
    prepared = PreparedIncident(incident, observables)
    chosen, learned = (
        (select_playbook(incident, name=playbook), None) if playbook is not None else _best_match(prepared)
    )
    fired = _fired(chosen, prepared)
    confidence = _confidence(indicator.weight for indicator, _ in fired)
    has_facts = prepared.has_facts
    outcome = RulesOutcome(
        playbook=chosen.name,
        classification=_classify(chosen, confidence, fired, has_facts=has_facts),
        confidence=confidence,
        fired=tuple(indicator.id for indicator, _ in fired),
        mitigated=any(indicator.weight < 0 for indicator, _ in fired),
        has_facts=has_facts,
        learned_playbook=learned.probability if learned else None,
        brief=prepared.is_brief,
    )
    return prepared, chosen, fired, outcome


def _rules_scale(playbook: Playbook, outcome: RulesOutcome, classification: str) -> float:
    """The confidence the action rules are gated on: the rules' own (`ActionRule.min_confidence` is on their
    scale), brought up into the band of the classification when the scorer raised it: at least
    `malicious_at` for malicious (`suspicious_at` on an operational playbook, where an attack is malicious
    from there), at least `suspicious_at` for suspicious."""
    if classification in (outcome.classification, "unknown"):
        return outcome.confidence
    if classification == "malicious" and playbook.kind != "operational":
        return max(outcome.confidence, playbook.malicious_at)
    return max(outcome.confidence, playbook.suspicious_at)


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


validate_playbooks()  # at import: bad playbook data fails the cold start, not a triage
