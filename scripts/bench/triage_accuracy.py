"""Triage accuracy (``triage_accuracy``): an engine against the labelled corpus of ``tests/data/triage``.

    .venv/bin/python -m scripts.bench.triage_accuracy --split tuning     # a readable report
    .venv/bin/python -m scripts.bench.triage_accuracy --split development
    .venv/bin/python -m scripts.bench.triage_accuracy --split held_out --json

Each incident is the body a client would POST: it is validated by `IncidentCreate` and stored
as the service stores it, then goes through `extract_observables` + the engine (the rules
engine by default), and the verdict is compared with the labels (figures: `accuracy_metrics`).
`make bench` evaluates the held-out split, which rule tuning never reads; tuning reads the tuning and
development splits (tests/data/triage/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scripts.bench.accuracy_metrics import CLASSES, CONFIDENT_ALL_CLEAR, Prediction, accuracy_figures
from scripts.bench.config import LAYER_SOURCE, ROOT, TRIAGE_ACCURACY_SPLIT, TRIAGE_ACCURACY_TARGETS

if TYPE_CHECKING:
    from incident_core.triage.engine import TriageEngine

CORPUS_DIR = ROOT / "tests" / "data" / "triage"
SPLITS = ("tuning", "development", "held_out", "expansion", "breadth", "coverage")


def load_split(split: str, folder: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """The labelled incidents of a split, in file order."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; splits: {', '.join(SPLITS)}")
    lines = (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def stored_incident(body: Mapping[str, Any]) -> dict[str, Any]:
    """The incident as the service stores it from a create body (what the triage worker reads)."""
    from incident_core.incidents.models import IncidentCreate

    return IncidentCreate.model_validate(dict(body)).model_dump(mode="json", exclude_none=True)


def predict(cases: Sequence[Mapping[str, Any]], engine: TriageEngine | None = None) -> list[Prediction]:
    """Each labelled incident through `extract_observables` + `engine` (the rules engine by default)."""
    from incident_core.triage.engine import RulesEngine
    from incident_core.triage.observables import extract_observables

    engine = engine or RulesEngine()
    predictions: list[Prediction] = []
    for item in cases:
        incident = stored_incident(item["incident"])
        result = engine.triage(incident, extract_observables(incident))
        expected = item["expected"]
        predictions.append(
            Prediction(
                case_id=item["id"],
                expected_classification=expected["classification"],
                expected_playbook=expected["playbook"],
                expected_actions=tuple(expected["actions"]),
                classification=result.verdict.classification,
                confidence=result.verdict.confidence,
                playbook=result.playbook,
                actions=tuple(action.action for action in result.recommended_actions),
            )
        )
    return predictions


def evaluate_split(split: str = TRIAGE_ACCURACY_SPLIT, engine: TriageEngine | None = None) -> dict[str, Any]:
    """The figures of `engine` on a split, with the split's name and the engine's (what the bench reports)."""
    predictions = predict(load_split(split), engine)
    figures = accuracy_figures(predictions)
    by_playbook: dict[str, dict[str, float | int]] = {}
    for name in sorted({item.expected_playbook for item in predictions}):
        mine = [item for item in predictions if item.expected_playbook == name]
        by_playbook[name] = {
            "incidents": len(mine),
            "classification_accuracy": round(sum(item.correct for item in mine) / len(mine), 4),
            "playbook_accuracy": round(sum(item.playbook == name for item in mine) / len(mine), 4),
        }
    engine_name = f"{engine.name} {engine.version}" if engine is not None else "rules (default)"
    return {"split": split, "engine": engine_name, **figures, "by_playbook": by_playbook}


def missed_accuracy_targets(figures: Mapping[str, Any], targets: Mapping[str, float] | None = None) -> list[str]:
    """One line per missed target of the accuracy figures (empty when both are met)."""
    targets = targets or TRIAGE_ACCURACY_TARGETS
    missed: list[str] = []
    if figures["macro_f1"] < targets["macro_f1"]:
        missed.append(
            f"triage macro-F1 on the {figures['split']} split is {figures['macro_f1']:.3f} "
            f"(target >= {targets['macro_f1']:g})"
        )
    if figures["malicious_called_benign"] > targets["malicious_called_benign"]:
        missed.append(
            f"{figures['malicious_called_benign']} malicious incidents of the {figures['split']} split are called "
            f"benign with confidence > {CONFIDENT_ALL_CLEAR} (target {targets['malicious_called_benign']:g}): "
            + ", ".join(figures["malicious_called_benign_ids"])
        )
    return missed


def format_accuracy(figures: Mapping[str, Any], targets: Mapping[str, float] | None = None) -> list[str]:
    """The readable report of `evaluate_split`'s figures, with a verdict per target."""
    targets = targets or TRIAGE_ACCURACY_TARGETS
    f1_ok = figures["macro_f1"] >= targets["macro_f1"]
    benign_ok = figures["malicious_called_benign"] <= targets["malicious_called_benign"]
    actions = figures["action_recall"]
    lines = [
        f"Triage accuracy: {figures['engine']} on the {figures['split']} split ({figures['incidents']} incidents)",
        f"{'accuracy':<34} {figures['accuracy']:>7.3f}",
        f"{'macro-F1':<34} {figures['macro_f1']:>7.3f}  target >= {targets['macro_f1']:g}  "
        f"{'ok' if f1_ok else 'MISSED'}",
        f"{'malicious called benign (> 0.5)':<34} {figures['malicious_called_benign']:>7d}  target "
        f"{targets['malicious_called_benign']:g}  {'ok' if benign_ok else 'MISSED'}",
        f"{'playbook accuracy':<34} {figures['playbook_accuracy']:>7.3f}",
        f"{'action recall':<34} {actions['recall']:>7.3f}  ({actions['recommended']} of {actions['expected']} "
        "expected actions recommended)",
        "",
        f"{'class':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8} {'called':>7}",
    ]
    for name, entry in figures["per_class"].items():
        lines.append(
            f"{name:<12} {entry['precision']:>9.3f} {entry['recall']:>7.3f} {entry['f1']:>6.3f} "
            f"{entry['support']:>8d} {entry['called']:>7d}"
        )
    lines += [
        "",
        "Confusion matrix (rows: expected, columns: engine)",
        f"{'':<12}" + "".join(f"{c:>11}" for c in CLASSES),
    ]
    for expected, row in figures["confusion_matrix"].items():
        lines.append(f"{expected:<12}" + "".join(f"{row[called]:>11d}" for called in CLASSES))
    lines += [
        "",
        "Calibration (correct: the classification is the expected one)",
        f"{'confidence':<12} {'count':>6} {'correct':>8} {'share':>6}",
    ]
    for entry in figures["calibration"]:
        lines.append(f"{entry['bin']:<12} {entry['count']:>6d} {entry['correct']:>8d} {entry['share_correct']:>6.2f}")
    if figures.get("by_playbook"):
        lines += ["", f"{'expected playbook':<20} {'incidents':>9} {'class acc':>9} {'playbook acc':>12}"]
        for name, entry in figures["by_playbook"].items():
            lines.append(
                f"{name:<20} {entry['incidents']:>9d} {entry['classification_accuracy']:>9.3f} "
                f"{entry['playbook_accuracy']:>12.3f}"
            )
    if figures["malicious_called_benign_ids"]:
        lines.append(f"malicious called benign: {', '.join(figures['malicious_called_benign_ids'])}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.triage_accuracy", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, default=TRIAGE_ACCURACY_SPLIT)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the report")
    args = parser.parse_args(argv)
    if str(LAYER_SOURCE) not in sys.path:
        sys.path.insert(0, str(LAYER_SOURCE))
    figures = evaluate_split(args.split)
    print(json.dumps(figures, indent=2) if args.json else "\n".join(format_accuracy(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
