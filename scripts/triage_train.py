#!/usr/bin/env python3
"""Train the learned triage scorer (`incident_core.triage.scorer`) on the labelled corpus, after the learned
playbook selector (`incident_core.triage.playbook_selector`, `scripts.triage_selector`).

    make train-triage                                       # write the weights
    PYTHONPATH=layers/incident_core .venv/bin/python -m scripts.triage_train --evaluate   # figures only
    PYTHONPATH=layers/incident_core .venv/bin/python -m scripts.triage_train --check      # exit 1 if stale

Each incident of the training splits (`TRAINING_SPLITS` that exist: tuning, development,
expansion, breadth, coverage) is stored as the service stores it, its observables extracted and the rules run
(`triage.engine.run_rules`); its features (`triage.scorer_features`) and expected class are
one example. The rules of today were tuned on tuning and development and are nearly always
right there, so each incident is also an example with the outcome the rules gave before they
read its split (`scripts.triage_unseen_rules`: the rules being wrong as on unseen wording) and
one with its words and facts only (no rules features). The weights (`triage_fit.fit`) go to
the layer's `scorer_weights.json` with a header: the rules version, the splits, the SHA-256 of
the training corpus and the settings. The held-out split is never read.

`--evaluate` trains on all training splits but one and scores the one left out, for each: the
honest estimate of the scorer on wording it has not seen (the in-sample figures are not). The
split left out is scored with the outcomes of rules that had not read it (the recorded ones for
tuning, development and breadth; today's for expansion and coverage, which no rule was tuned on).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from incident_core.triage.engine import run_rules
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbook_selector import selector_model
from incident_core.triage.playbooks.catalog import PLAYBOOKS
from incident_core.triage.playbooks.rules import CLASSIFICATIONS, RULES_VERSION
from incident_core.triage.scorer import ScorerModel, scored_verdict
from incident_core.triage.scorer_features import RulesOutcome, incident_features
from scripts.bench.accuracy_metrics import Prediction, accuracy_figures
from scripts.bench.config import LAYER_SOURCE, ROOT
from scripts.bench.triage_accuracy import load_split, stored_incident
from scripts.triage_fit import Example, FitSettings, Fitted, fit
from scripts.triage_selector import SELECTOR_WEIGHTS_PATH, selector_cases, selector_evaluation, train_selector

if TYPE_CHECKING:
    from incident_core.triage.evidence import PreparedIncident

CORPUS_DIR = ROOT / "tests" / "data" / "triage"
TRAINING_SPLITS = ("tuning", "development", "expansion", "breadth", "coverage")
"""The splits the scorer learns from, in order, when their file exists; never `held_out`."""
UNSEEN_RULES = ROOT / "scripts" / "data" / "triage_unseen_rules.jsonl"
"""The rules' outcomes before they read each split (`scripts.triage_unseen_rules`): training data too."""
WEIGHTS_PATH = LAYER_SOURCE / "incident_core" / "triage" / "scorer_weights.json"
DECIMALS = 4
FORMAT = 1
SETTINGS = FitSettings()


@dataclass(frozen=True, slots=True)
class Case:
    """A training example and what it was made from: the rules' outcome it reads (`variant` "current": the
    rules of today; "unseen": the rules before they read the split; "words": no rules features at all)."""

    example: Example
    outcome: RulesOutcome
    variant: str
    prepared: PreparedIncident


def training_splits(folder: Path = CORPUS_DIR) -> list[str]:
    """The training splits whose file exists, in `TRAINING_SPLITS` order."""
    return [split for split in TRAINING_SPLITS if (folder / f"{split}.jsonl").exists()]


def corpus_hash(splits: Sequence[str], folder: Path = CORPUS_DIR, unseen: Path = UNSEEN_RULES) -> str:
    """SHA-256 over each split's name and the bytes of its .jsonl, in order, then the recorded outcomes of the
    rules before they read each split (`UNSEEN_RULES`, also training data)."""
    digest = hashlib.sha256()
    for split in splits:
        digest.update(split.encode() + b"\0")
        digest.update((folder / f"{split}.jsonl").read_bytes())
        digest.update(b"\0")
    if unseen.exists():
        digest.update(unseen.read_bytes())
    return digest.hexdigest()


def load_cases(splits: Sequence[str], folder: Path = CORPUS_DIR) -> list[Case]:
    """Every labelled incident of `splits` as a training case (rules of today run, features computed)."""

    cases: list[Case] = []
    for split in splits:
        for item in load_split(split, folder):
            incident = stored_incident(item["incident"])
            prepared, _, _, outcome = run_rules(incident, extract_observables(incident))
            cases.append(_case(item["id"], split, item["expected"]["classification"], prepared, outcome, "current"))
    return cases


def _case(
    case_id: str, split: str, label: str, prepared: PreparedIncident, outcome: RulesOutcome, variant: str
) -> Case:
    features = incident_features(prepared, outcome)
    if variant == "words":
        features = {name: value for name, value in features.items() if not name.startswith("rules.")}
    return Case(Example(case_id, split, features, label), outcome, variant, prepared)


def unseen_cases(cases: Sequence[Case], path: Path = UNSEEN_RULES) -> list[Case]:
    """The cases again, with the outcome the rules gave before they read the split
    (`scripts.triage_unseen_rules`) where one is recorded. Those rules said unknown whenever no indicator
    fired; today's say benign when the incident holds facts, and so does this. Indicators that no longer
    exist are left out."""
    known = {indicator.id for playbook in PLAYBOOKS for indicator in playbook.indicators}
    recorded = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                recorded[item["id"]] = item
    found: list[Case] = []
    for case in cases:
        item = recorded.get(case.example.case_id)
        if item is None:
            continue
        has_facts = case.outcome.has_facts
        classification = item["classification"]
        if classification == "unknown" and has_facts:
            classification = "benign"
        outcome = RulesOutcome(
            playbook=item["playbook"],
            classification=classification,
            confidence=float(item["confidence"]),
            fired=tuple(name for name in item["fired"] if name in known),
            mitigated=bool(item["mitigated"]),
            has_facts=has_facts,
            brief=case.outcome.brief,
        )
        found.append(
            _case(case.example.case_id, case.example.split, case.example.label, case.prepared, outcome, "unseen")
        )
    return found


def training_set(cases: Sequence[Case]) -> list[Case]:
    """What the scorer learns from: each case with today's rules, with the rules before they read it (when
    recorded), and with words only (so that words alone carry a verdict when the rules have nothing)."""
    words = [_case(c.example.case_id, c.example.split, c.example.label, c.prepared, c.outcome, "words") for c in cases]
    return [*cases, *unseen_cases(cases), *words]


def _rounded(values: Sequence[float]) -> list[float]:
    return [round(value, DECIMALS) + 0.0 for value in values]


def weights_document(fitted: Fitted, splits: Sequence[str], settings: FitSettings, examples: int) -> str:
    """The weights file: a JSON object, its header first and one feature per line (readable diffs)."""
    header = {
        "format": FORMAT,
        "rules_version": RULES_VERSION,
        "splits": list(splits),
        "corpus_sha256": corpus_hash(splits),
        "examples": examples,
        "settings": asdict(settings),
        "classes": list(fitted.classes),
        "bias": _rounded(fitted.bias),
    }
    rows = {name: _rounded(row) for name, row in sorted(fitted.weights.items()) if any(round(v, DECIMALS) for v in row)}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, sort_keys=True)}," for key, value in header.items()]
    lines.append('  "weights": {')
    body = [f"    {json.dumps(name)}: {json.dumps(row)}" for name, row in rows.items()]
    lines.append(",\n".join(body))
    lines.append("  }")
    return "{\n" + "\n".join(lines) + "\n}\n"


def train(cases: Sequence[Case], settings: FitSettings = SETTINGS) -> Fitted:
    return fit([case.example for case in cases], CLASSIFICATIONS, settings)


def predictions(fitted: Fitted, cases: Sequence[Case]) -> list[Prediction]:
    """The final verdict (the scorer's, or the rules' unknown) of each case."""
    scorer = ScorerModel(
        classes=fitted.classes,
        bias=tuple(fitted.bias),
        weights={name: tuple(row) for name, row in fitted.weights.items()},
        header={},
    )
    found: list[Prediction] = []
    for case in cases:
        scored = scored_verdict(scorer, case.example.features, case.outcome)
        classification, confidence = (
            (scored.classification, scored.confidence)
            if scored
            else (case.outcome.classification, case.outcome.confidence)
        )
        found.append(_prediction(case, classification, confidence))
    return found


def rules_predictions(cases: Sequence[Case]) -> list[Prediction]:
    return [_prediction(case, case.outcome.classification, case.outcome.confidence) for case in cases]


def _prediction(case: Case, classification: str, confidence: float) -> Prediction:
    return Prediction(
        case_id=case.example.case_id,
        expected_classification=case.example.label,
        expected_playbook="",
        expected_actions=(),
        classification=classification,
        confidence=confidence,
        playbook="",
        actions=(),
    )


def _summary(name: str, found: Sequence[Prediction]) -> str:
    figures = accuracy_figures(found)
    matrix = figures["confusion_matrix"]
    misses = ", ".join(
        f"{expected}->{called} {count}"
        for expected, row in matrix.items()
        for called, count in row.items()
        if expected != called and count
    )
    return (
        f"  {name:<11} macro-F1 {figures['macro_f1']:.3f}  accuracy {figures['accuracy']:.3f}  "
        f"malicious called benign > 0.5: {figures['malicious_called_benign']}  ({misses or 'no misses'})"
    )


def evaluate(cases: Sequence[Case], splits: Sequence[str], settings: FitSettings = SETTINGS) -> list[str]:
    """Leave-one-split-out: for each split, the scorer trained on the other splits, against the rules alone, both
    on the outcomes of rules that had not read the split (recorded ones, or today's for a split no rule read)."""
    every = training_set(cases)
    lines = [f"Leave-one-split-out (settings {asdict(settings)}):"]
    for left_out in splits:
        training = [case for case in every if case.example.split != left_out]
        mine = [case for case in every if case.example.split == left_out]
        unseen = [case for case in mine if case.variant == "unseen"]
        scored = unseen or [case for case in mine if case.variant == "current"]
        rules_version = _recorded_version(left_out) if unseen else RULES_VERSION
        fitted = train(training, settings)
        trained_on = "+".join(split for split in splits if split != left_out)
        lines.append(f"{left_out} ({len(scored)} incidents, rules {rules_version}), scorer trained on {trained_on}:")
        lines.append(_summary("rules", rules_predictions(scored)))
        lines.append(_summary("scorer", predictions(fitted, scored)))
    return lines


def _recorded_version(split: str, path: Path = UNSEEN_RULES) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["split"] == split:
            return str(json.loads(line)["rules_version"])
    return RULES_VERSION


def trained(cases: Sequence[Case], splits: Sequence[str], settings: FitSettings = SETTINGS) -> tuple[Fitted, str]:
    """The weights trained on `cases` (of `splits`) and the weights file's text."""
    fitted = train(training_set(cases), settings)
    return fitted, weights_document(fitted, splits, settings, len(cases))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.triage_train", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--evaluate", action="store_true", help="print leave-one-split-out figures; write nothing")
    mode.add_argument("--check", action="store_true", help="exit 1 when retraining would change the weights")
    parser.add_argument("--l2", type=float, default=SETTINGS.l2)
    parser.add_argument("--epochs", type=int, default=SETTINGS.epochs)
    args = parser.parse_args(argv)
    settings = FitSettings(**{**asdict(SETTINGS), "l2": args.l2, "epochs": args.epochs})
    splits = training_splits()
    chooser = selector_cases(splits, CORPUS_DIR)
    if args.evaluate:
        print("\n".join(selector_evaluation(chooser, splits, settings)))
        print("\n".join(evaluate(load_cases(splits), splits, settings)))
        return 0
    # The selector first: the rules' outcomes the scorer learns from depend on the playbooks it chooses.
    selector = train_selector(chooser, settings)
    selector_document = weights_document(selector, splits, settings, len(chooser))
    if not args.check:
        SELECTOR_WEIGHTS_PATH.write_text(selector_document, encoding="utf-8")
        selector_model.cache_clear()
    cases = load_cases(splits)
    fitted, document = trained(cases, splits, settings)
    if args.check:
        stale = [
            path
            for path, text in ((SELECTOR_WEIGHTS_PATH, selector_document), (WEIGHTS_PATH, document))
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        print(
            f"{', '.join(map(str, stale))} differ: run make train-triage"
            if stale
            else "the weights are the ones trained"
        )
        return 1 if stale else 0
    WEIGHTS_PATH.write_text(document, encoding="utf-8")
    print(f"wrote {SELECTOR_WEIGHTS_PATH.relative_to(ROOT)}: {len(selector.weights)} features")
    print(
        f"wrote {WEIGHTS_PATH.relative_to(ROOT)}: {len(fitted.weights)} features, {len(cases)} incidents of "
        f"{', '.join(splits)}"
    )
    print(
        "\n".join(
            _summary(split, predictions(fitted, [c for c in cases if c.example.split == split])) for split in splits
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
