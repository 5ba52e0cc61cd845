"""The learned triage scorer: a small multinomial logistic regression beside the rules.

The rules engine (`triage.engine`) picks a playbook and fires its indicators; the scorer reads
that outcome together with the incident's words (`triage.scorer_features`) and gives a
probability to each classification: softmax over `bias + sum(value * weight)` of the features it
has weights for. Its verdict is the most probable of malicious, suspicious and benign. It only
ever raises the rules' verdict: when it is more serious (suspicious or malicious where the rules
said benign, malicious where they said suspicious) it is the final verdict, with its probability
as the confidence and a line of reasoning naming the features that weighed most; otherwise the
rules' verdict stands as they gave it. The rules under-call wording they were not written for,
while what they call malicious rests on a specific sign (a detector's own verdict, a known
technique); leave-one-split-out, raising only does as well on unseen wording as replacing and
keeps the rules' right calls.

`unknown` (nothing to go on) is the rules' call where the incident holds no facts. The scorer adds
one more: where the rules said benign with no indicator fired, it did not raise the verdict, the
incident's title, description and tags say little (`PreparedIncident.is_brief`: "Webroot alert:
Threat detected", "FW: alert, see attached") and the scorer gives `unknown` more than
`UNKNOWN_AT` of its four-class probability, the verdict is `unknown`. A tool's forwarded event
with a few fields but no account of what happened is not a benign event a responder can close.
Leave-one-split-out (session 16), macro-F1 mean 0.743 -> 0.784, no split down (11 of the 12
incidents it calls unknown are; the twelfth is benign); without the brevity guard it also called
reports in other languages and alerts of unfamiliar words unknown (expansion 0.760 -> 0.633).

The weights (`scorer_weights.json`, shipped in the layer beside this module) are trained
offline on the labelled corpus's training splits by `scripts/triage_train.py`
(`make train-triage`); its header records the rules version they were trained with, the splits
and a hash of the training corpus. They are read once, at the first triage. Everything here is
deterministic: the same incident and rules outcome always give the same verdict.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incident_core.triage.playbooks.rules import CLASSIFICATIONS, RULES_VERSION
from incident_core.triage.scorer_features import WORDING_FEATURES, RulesOutcome, describe_feature, incident_features

if TYPE_CHECKING:
    from incident_core.triage.evidence import PreparedIncident

__all__ = [
    "SCORED_CLASSES",
    "UNKNOWN_AT",
    "WEIGHTS_FILE",
    "Scored",
    "ScorerModel",
    "load_model",
    "model",
    "probabilities",
    "score",
    "scored_verdict",
]

WEIGHTS_FILE = Path(__file__).with_name("scorer_weights.json")
SCORED_CLASSES = ("malicious", "suspicious", "benign")
"""What the scorer may raise a verdict to, most serious first; `unknown` only as the module doc says."""
EXPLAINED_FEATURES = 3
UNKNOWN_AT = 0.5
"""The probability of `unknown` above which a brief benign incident with nothing fired is unknown."""


@dataclass(frozen=True, slots=True)
class ScorerModel:
    """Trained weights: `bias` and one row per feature, each in the order of `classes`; `header` says how
    they were trained (rules version, splits, corpus hash, regularisation)."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    header: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Scored:
    """The scorer's verdict: its classification, confidence, the probability of each class, and the line
    of reasoning that says why."""

    classification: str
    confidence: float
    probabilities: Mapping[str, float]
    reason: str


def load_model(path: Path = WEIGHTS_FILE, expected_classes: Sequence[str] = CLASSIFICATIONS) -> ScorerModel:
    """The weights file read into a model (the learned playbook selector's too, whose classes are playbooks)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    classes = tuple(data["classes"])
    if set(classes) != set(expected_classes):
        raise ValueError(f"the model's classes {classes} are not {tuple(expected_classes)}")
    weights = {name: tuple(float(value) for value in row) for name, row in data["weights"].items()}
    if any(len(row) != len(classes) for row in weights.values()) or len(data["bias"]) != len(classes):
        raise ValueError("a scorer weight row does not have one weight per class")
    header = {key: value for key, value in data.items() if key not in ("weights", "bias")}
    return ScorerModel(classes=classes, bias=tuple(float(v) for v in data["bias"]), weights=weights, header=header)


@lru_cache(maxsize=1)
def model() -> ScorerModel:
    """The committed weights, read once."""
    return load_model()


def probabilities(scorer: ScorerModel, features: Mapping[str, float]) -> dict[str, float]:
    """The softmax of the scores of each class (all of `scorer.classes`)."""
    logits = list(scorer.bias)
    for name, value in features.items():
        row = scorer.weights.get(name)
        if row is not None:
            for index, weight in enumerate(row):
                logits[index] += value * weight
    top = max(logits)
    exponentials = [math.exp(logit - top) for logit in logits]
    total = sum(exponentials)
    return {name: exponential / total for name, exponential in zip(scorer.classes, exponentials, strict=True)}


def score(prepared: PreparedIncident, outcome: RulesOutcome, scorer: ScorerModel | None = None) -> Scored | None:
    """The scorer's verdict when it is more serious than the rules', or `unknown` for a brief benign incident
    with nothing fired (see the module doc); None when the rules' verdict stands."""
    if outcome.classification not in SCORED_CLASSES:
        return None  # unknown: nothing to go on, the rules' call
    return scored_verdict(scorer or model(), incident_features(prepared, outcome), outcome)


def scored_verdict(scorer: ScorerModel, features: Mapping[str, float], outcome: RulesOutcome) -> Scored | None:
    """`score` from features already computed (`scorer_features.incident_features`)."""
    if outcome.classification not in SCORED_CLASSES:
        return None
    every = probabilities(scorer, features)
    scored_total = sum(every[name] for name in SCORED_CLASSES)
    chances = {name: every[name] / scored_total for name in SCORED_CLASSES}
    classification = max(SCORED_CLASSES, key=lambda name: (chances[name], -SCORED_CLASSES.index(name)))
    if SCORED_CLASSES.index(classification) < SCORED_CLASSES.index(outcome.classification):
        confidence = round(chances[classification], 2)
        reason = _reason(scorer, features, classification, confidence, outcome, against=SCORED_CLASSES)
        return Scored(classification=classification, confidence=confidence, probabilities=chances, reason=reason)
    if _nothing_to_go_on(outcome) and every.get("unknown", 0.0) > UNKNOWN_AT:
        confidence = round(every["unknown"], 2)
        reason = _reason(scorer, features, "unknown", confidence, outcome, against=("benign",))
        return Scored(classification="unknown", confidence=confidence, probabilities=every, reason=reason)
    return None  # as serious as the rules' verdict or less: theirs stands


def _nothing_to_go_on(outcome: RulesOutcome) -> bool:
    """Benign only because nothing fired, on an incident whose own words say little (see the module doc)."""
    return outcome.classification == "benign" and not outcome.fired and outcome.brief


def _strongest(
    scorer: ScorerModel, features: Mapping[str, float], classification: str, against: Sequence[str]
) -> list[str]:
    """The features that push most towards `classification` rather than the other classes of `against`."""
    chosen = scorer.classes.index(classification)
    others = [scorer.classes.index(name) for name in against if name != classification]
    pushes: list[tuple[float, str]] = []
    for name, value in features.items():
        row = scorer.weights.get(name)
        if row is not None:
            push = value * (row[chosen] - sum(row[index] for index in others) / len(others))
            if push > 0:
                pushes.append((push, name))
    pushes.sort(key=lambda item: (-item[0], item[1]))
    return [name for _, name in pushes[:EXPLAINED_FEATURES]]


def _reason(
    scorer: ScorerModel,
    features: Mapping[str, float],
    classification: str,
    confidence: float,
    outcome: RulesOutcome,
    *,
    against: Sequence[str],
) -> str:
    strongest = _strongest(scorer, features, classification, against)
    words = [describe_feature(name) for name in strongest if name.startswith(WORDING_FEATURES)]
    signs = [describe_feature(name) for name in strongest if not name.startswith(WORDING_FEATURES)]
    parts = ([f"words {', '.join(words)}"] if words else []) + signs
    why = f" — {'; '.join(parts)}" if parts else ""
    return (
        f"Learned scorer (rules-{RULES_VERSION}): {classification} {confidence:.2f}{why}; "
        f"rules said {outcome.classification} {outcome.confidence:.2f}"
    )
