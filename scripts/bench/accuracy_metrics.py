"""The figures of a triage engine against labelled incidents: pure functions over predictions.

- accuracy: share of incidents whose classification is the expected one;
- per class (malicious, suspicious, benign, unknown): precision = right calls of the class / calls of
  the class, recall = right calls / incidents of the class, F1 their harmonic mean (0 when either is 0);
- macro-F1: the mean F1 over the classes that occur among the expected or the predicted labels;
- playbook accuracy: share of incidents triaged with the expected playbook;
- the confusion matrix: expected class -> predicted class -> count;
- calibration: the verdicts grouped by confidence ([0, 0.5), [0.5, 0.6), ..., [0.9, 1.0]), each bin
  with its count and the share of its verdicts whose classification is the expected one ("correct");
- malicious called benign: incidents labelled malicious that the engine calls benign with a
  confidence above 0.5 (the worst miss: a confident all-clear on an attack);
- action recall: of all the actions the labels expect, the share the engine recommends (by name).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

CLASSES = ("malicious", "suspicious", "benign", "unknown")
CALIBRATION_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CONFIDENT_ALL_CLEAR = 0.5


@dataclass(frozen=True)
class Prediction:
    """One labelled incident and what the engine made of it."""

    case_id: str
    expected_classification: str
    expected_playbook: str
    expected_actions: tuple[str, ...]
    classification: str
    confidence: float
    playbook: str
    actions: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.classification == self.expected_classification


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def per_class(predictions: Sequence[Prediction]) -> dict[str, dict[str, float | int]]:
    """Precision, recall, F1 and support (incidents expected in the class) of each class."""
    figures: dict[str, dict[str, float | int]] = {}
    for label in CLASSES:
        called = sum(1 for item in predictions if item.classification == label)
        expected = sum(1 for item in predictions if item.expected_classification == label)
        right = sum(1 for item in predictions if item.classification == label and item.correct)
        precision, recall = _ratio(right, called), _ratio(right, expected)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        figures[label] = {"precision": precision, "recall": recall, "f1": f1, "support": expected, "called": called}
    return figures


def macro_f1(classes: dict[str, dict[str, float | int]]) -> float:
    """The mean F1 over the classes expected or predicted at least once."""
    present = [entry["f1"] for entry in classes.values() if entry["support"] or entry["called"]]
    return round(sum(present) / len(present), 4) if present else 0.0


def confusion_matrix(predictions: Sequence[Prediction]) -> dict[str, dict[str, int]]:
    """expected class -> predicted class -> count, every class in both."""
    counts = Counter((item.expected_classification, item.classification) for item in predictions)
    return {expected: {called: counts[expected, called] for called in CLASSES} for expected in CLASSES}


def _bin_name(low: float, high: float) -> str:
    return f"[{low:.1f},{high:.1f}{']' if high == 1.0 else ')'}"


def calibration(predictions: Sequence[Prediction]) -> list[dict[str, Any]]:
    """One entry per confidence bin: its name, count, correct verdicts and their share."""
    bins: list[dict[str, Any]] = []
    for low, high in pairwise(CALIBRATION_EDGES):
        inside = [
            item for item in predictions if low <= item.confidence < high or (high == 1.0 and item.confidence == 1.0)
        ]
        correct = sum(1 for item in inside if item.correct)
        bins.append(
            {
                "bin": _bin_name(low, high),
                "count": len(inside),
                "correct": correct,
                "share_correct": _ratio(correct, len(inside)),
            }
        )
    return bins


def malicious_called_benign(predictions: Sequence[Prediction]) -> list[str]:
    """Ids of malicious incidents called benign with a confidence above 0.5."""
    return [
        item.case_id
        for item in predictions
        if item.expected_classification == "malicious"
        and item.classification == "benign"
        and item.confidence > CONFIDENT_ALL_CLEAR
    ]


def action_recall(predictions: Sequence[Prediction]) -> dict[str, float | int]:
    """Expected actions recommended / expected actions, over the whole split."""
    expected = sum(len(set(item.expected_actions)) for item in predictions)
    found = sum(len(set(item.expected_actions) & set(item.actions)) for item in predictions)
    return {"recall": _ratio(found, expected), "expected": expected, "recommended": found}


def accuracy_figures(predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Every figure of the module doc, as the bench report holds them."""
    classes = per_class(predictions)
    missed = malicious_called_benign(predictions)
    return {
        "incidents": len(predictions),
        "accuracy": _ratio(sum(1 for item in predictions if item.correct), len(predictions)),
        "macro_f1": macro_f1(classes),
        "per_class": classes,
        "playbook_accuracy": _ratio(
            sum(1 for item in predictions if item.playbook == item.expected_playbook), len(predictions)
        ),
        "confusion_matrix": confusion_matrix(predictions),
        "calibration": calibration(predictions),
        "malicious_called_benign": len(missed),
        "malicious_called_benign_ids": missed,
        "action_recall": action_recall(predictions),
    }
