"""Train the learned playbook selector (`incident_core.triage.playbook_selector`); `scripts.triage_train` calls it.

Each incident of the training splits, stored as the service stores it with its observables extracted, is one
example: what it says (`scorer_features.content_features`) and its expected playbook. Fitted with the
scorer's settings (`triage_fit.fit`), written to the layer's `playbook_selector_weights.json` with the same
kind of header as the scorer's. Trained before the scorer: the rules' outcomes the scorer learns from depend
on the playbooks the selector chooses.

`selector_evaluation` is its leave-one-split-out: for each split, the selector fitted on the others, used where
today's rules fall back to `generic`, and the playbook accuracy of the rules alone and with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from incident_core.triage.engine import matched_playbook
from incident_core.triage.evidence import PreparedIncident
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbook_selector import MIN_PROBABILITY, PLAYBOOK_NAMES
from incident_core.triage.playbooks.catalog import FALLBACK_PLAYBOOK
from incident_core.triage.scorer import ScorerModel, probabilities
from incident_core.triage.scorer_features import content_features
from scripts.bench.config import LAYER_SOURCE
from scripts.bench.triage_accuracy import load_split, stored_incident
from scripts.triage_fit import Example, FitSettings, Fitted, fit

SELECTOR_WEIGHTS_PATH = LAYER_SOURCE / "incident_core" / "triage" / "playbook_selector_weights.json"


@dataclass(frozen=True, slots=True)
class SelectorCase:
    """An incident as the selector reads it (its features), with its expected playbook (its label)."""

    example: Example
    prepared: PreparedIncident


def selector_cases(splits: Sequence[str], folder: Path) -> list[SelectorCase]:
    cases: list[SelectorCase] = []
    for split in splits:
        for item in load_split(split, folder):
            incident = stored_incident(item["incident"])
            prepared = PreparedIncident(incident, extract_observables(incident))
            example = Example(item["id"], split, content_features(prepared), item["expected"]["playbook"])
            cases.append(SelectorCase(example, prepared))
    return cases


def train_selector(cases: Sequence[SelectorCase], settings: FitSettings) -> Fitted:
    return fit([case.example for case in cases], PLAYBOOK_NAMES, settings)


def as_model(fitted: Fitted) -> ScorerModel:
    return ScorerModel(
        classes=fitted.classes,
        bias=tuple(fitted.bias),
        weights={name: tuple(row) for name, row in fitted.weights.items()},
        header={},
    )


def chosen(model: ScorerModel, case: SelectorCase) -> str | None:
    """What `playbook_selector.learned_playbook` would name (None: `generic` stays)."""
    chances = probabilities(model, case.example.features)
    best = max(model.classes, key=lambda name: (chances[name], -model.classes.index(name)))
    return None if best == FALLBACK_PLAYBOOK or chances[best] < MIN_PROBABILITY else best


def selector_evaluation(cases: Sequence[SelectorCase], splits: Sequence[str], settings: FitSettings) -> list[str]:
    """Leave-one-split-out playbook accuracy: today's rules' match alone, and with the selector where none matched."""
    lines = ["Playbook selector, leave-one-split-out (where the rules fell back to generic):"]
    for left_out in splits:
        model = as_model(train_selector([case for case in cases if case.example.split != left_out], settings))
        mine = [case for case in cases if case.example.split == left_out]
        alone = with_selector = named = 0
        for case in mine:
            matched = matched_playbook(case.prepared)
            rules = matched.name if matched is not None else FALLBACK_PLAYBOOK
            final = rules
            if rules == FALLBACK_PLAYBOOK and (learned := chosen(model, case)) is not None:
                final, named = learned, named + 1
            alone += rules == case.example.label
            with_selector += final == case.example.label
        lines.append(
            f"  {left_out:<11} playbook accuracy {alone / len(mine):.3f} -> {with_selector / len(mine):.3f} "
            f"({named} of {len(mine)} incidents given a playbook by the selector)"
        )
    return lines
