"""Reading the EMF metrics a run printed (Powertools writes one JSON object a line to stdout)."""

from __future__ import annotations

import json
from collections import Counter


def metric_counts(output: str, metric: str, dimension: str | None = None) -> Counter[str]:
    """`metric`'s total per value of `dimension` (under "" without one), from the EMF lines in `output`."""
    counted: Counter[str] = Counter()
    for line in output.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "_aws" in data and metric in data:
            value = data[metric]
            key = str(data[dimension]) if dimension is not None else ""
            counted[key] += int(sum(value) if isinstance(value, list) else value)
    return counted
