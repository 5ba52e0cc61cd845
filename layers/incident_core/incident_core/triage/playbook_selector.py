"""The learned playbook selector: which playbook an incident the rules could not place is about.

The rules choose a playbook by its incident types, sources, keywords and raw_data fields
(`engine.select_playbook`); wording they were not written for matches none, and the incident falls
back to `generic`, whose indicators and actions are the least specific ("hundreds of sign-in
failures from one address" in a tool's own words is brute force). Where that happens, a small
multinomial logistic regression over what the incident says (`scorer_features.content_features`:
severity, observable kinds, words) names the playbook, when it gives it at least
`MIN_PROBABILITY`; otherwise `generic` stays. It never overrides a playbook the rules matched, nor
one asked for by name.

Its weights (`playbook_selector_weights.json`, beside this module) are fitted offline on the
labelled corpus's training splits by `scripts/triage_train.py` (`make train-triage`), with the
scorer's settings, before the scorer (whose training reads the rules' outcomes, and so the
playbooks this chooses). They are read at the first incident that falls back; a missing file
leaves every choice to the rules. Leave-one-split-out, used where the rules fell back: playbook
accuracy 0.606 -> 0.665 and 0.620 -> 0.659 on the two splits written in other voices
(docs/architecture.md, "Triage").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from incident_core.triage.playbooks.catalog import FALLBACK_PLAYBOOK, PLAYBOOKS
from incident_core.triage.scorer import ScorerModel, load_model, probabilities
from incident_core.triage.scorer_features import content_features

if TYPE_CHECKING:
    from incident_core.triage.evidence import PreparedIncident

__all__ = ["MIN_PROBABILITY", "SELECTOR_WEIGHTS_FILE", "LearnedChoice", "learned_playbook", "selector_model"]

SELECTOR_WEIGHTS_FILE = Path(__file__).with_name("playbook_selector_weights.json")
MIN_PROBABILITY = 0.5
PLAYBOOK_NAMES = tuple(playbook.name for playbook in PLAYBOOKS)


@dataclass(frozen=True, slots=True)
class LearnedChoice:
    """A playbook the selector named, and its probability."""

    playbook: str
    probability: float


@lru_cache(maxsize=1)
def selector_model() -> ScorerModel | None:
    """The committed weights, read once; None when the layer ships none."""
    if not SELECTOR_WEIGHTS_FILE.exists():
        return None
    return load_model(SELECTOR_WEIGHTS_FILE, expected_classes=PLAYBOOK_NAMES)


def learned_playbook(prepared: PreparedIncident, model: ScorerModel | None = None) -> LearnedChoice | None:
    """The playbook the selector names for an incident the rules could not place; None to keep `generic`."""
    model = model or selector_model()
    if model is None:
        return None
    chances = probabilities(model, content_features(prepared))
    best = max(model.classes, key=lambda name: (chances[name], -model.classes.index(name)))
    if best == FALLBACK_PLAYBOOK or chances[best] < MIN_PROBABILITY:
        return None
    return LearnedChoice(best, round(chances[best], 2))
