"""Fitting the learned triage scorer's weights: L2-regularised multinomial logistic regression.

Pure Python (the scorer ships in the Lambda layer, which has no numpy), full-batch gradient
descent with Adam steps for a fixed number of epochs from all-zero weights: no randomness, the
examples in corpus order, so the same examples always give the same weights. Used by
`scripts/triage_train.py`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from incident_core.triage.scorer_features import WORDING_FEATURES

__all__ = ["Example", "FitSettings", "Fitted", "fit", "vocabulary"]


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled incident: its features, its expected class and the split it comes from."""

    case_id: str
    split: str
    features: Mapping[str, float]
    label: str


@dataclass(frozen=True, slots=True)
class FitSettings:
    """`l2`: the regularisation strength (on the feature weights, not the biases); `epochs` and
    `learning_rate` of the Adam steps; `balanced`: each class weighs as much as the others in total;
    `min_count` / `min_splits`: a word is a feature when this many training incidents of this
    many splits hold it (a word only one split's tools write is a tool's name, not a sign)."""

    l2: float = 0.01
    epochs: int = 150
    learning_rate: float = 0.05
    balanced: bool = True
    min_count: int = 3
    min_splits: int = 2


@dataclass(frozen=True, slots=True)
class Fitted:
    classes: tuple[str, ...]
    bias: list[float]
    weights: dict[str, list[float]]


def vocabulary(examples: Sequence[Example], settings: FitSettings) -> list[str]:
    """The features kept, sorted: the rules' and the incident's facts when two incidents hold them, words
    and word beginnings under `settings.min_count` and `settings.min_splits`."""
    counts: Counter[str] = Counter()
    splits: dict[str, set[str]] = {}
    for example in examples:
        for name in example.features:
            counts[name] += 1
            splits.setdefault(name, set()).add(example.split)
    available = len({example.split for example in examples})
    needed_splits = min(settings.min_splits, available)
    kept = []
    for name, count in counts.items():
        if name.startswith(WORDING_FEATURES):
            if count >= settings.min_count and len(splits[name]) >= needed_splits:
                kept.append(name)
        elif count >= 2:
            kept.append(name)
    return sorted(kept)


def fit(examples: Sequence[Example], classes: Sequence[str], settings: FitSettings) -> Fitted:
    """The weights minimising the (class-weighted) mean cross-entropy + l2/2 * |weights|^2."""
    names = vocabulary(examples, settings)
    index = {name: position for position, name in enumerate(names)}
    size = len(classes)
    rows = [
        [(index[name], value) for name, value in sorted(example.features.items()) if name in index]
        for example in examples
    ]
    labels = [classes.index(example.label) for example in examples]
    per_class = Counter(labels)
    if settings.balanced:
        sample_weights = [len(examples) / (len(per_class) * per_class[label]) for label in labels]
    else:
        sample_weights = [1.0] * len(examples)
    total = sum(sample_weights)
    weights = [[0.0] * size for _ in names]
    bias = [0.0] * size
    optimiser = _Adam(len(names) + 1, size, settings.learning_rate)
    for _ in range(settings.epochs):
        gradient = [[0.0] * size for _ in names]
        bias_gradient = [0.0] * size
        for row, label, sample in zip(rows, labels, sample_weights, strict=True):
            logits = list(bias)
            for position, value in row:
                weight_row = weights[position]
                for klass in range(size):
                    logits[klass] += value * weight_row[klass]
            errors = _softmax(logits)
            errors[label] -= 1.0
            scale = sample / total
            errors = [error * scale for error in errors]
            for klass in range(size):
                bias_gradient[klass] += errors[klass]
            for position, value in row:
                gradient_row = gradient[position]
                for klass in range(size):
                    gradient_row[klass] += value * errors[klass]
        for position, weight_row in enumerate(weights):
            gradient_row = gradient[position]
            for klass in range(size):
                gradient_row[klass] += settings.l2 * weight_row[klass]
        optimiser.step([*weights, bias], [*gradient, bias_gradient])
    return Fitted(classes=tuple(classes), bias=bias, weights=dict(zip(names, weights, strict=True)))


def _softmax(logits: Sequence[float]) -> list[float]:
    top = max(logits)
    exponentials = [math.exp(logit - top) for logit in logits]
    total = sum(exponentials)
    return [value / total for value in exponentials]


class _Adam:
    """Adam steps (beta1 0.9, beta2 0.999) on rows of parameters, in place."""

    def __init__(self, rows: int, size: int, learning_rate: float) -> None:
        self.first = [[0.0] * size for _ in range(rows)]
        self.second = [[0.0] * size for _ in range(rows)]
        self.learning_rate = learning_rate
        self.steps = 0

    def step(self, parameters: Sequence[list[float]], gradients: Sequence[list[float]]) -> None:
        self.steps += 1
        correction1 = 1 - 0.9**self.steps
        correction2 = 1 - 0.999**self.steps
        rate = self.learning_rate * math.sqrt(correction2) / correction1
        for row, gradient, first, second in zip(parameters, gradients, self.first, self.second, strict=True):
            for klass, value in enumerate(gradient):
                first[klass] = 0.9 * first[klass] + 0.1 * value
                second[klass] = 0.999 * second[klass] + 0.001 * value * value
                row[klass] -= rate * first[klass] / (math.sqrt(second[klass]) + 1e-8)
