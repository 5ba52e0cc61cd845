"""What one incident change adds to the org's analytics counters (the write side of analytics).

`stats_deltas(before, after, now)` compares an incident before and after a change (`before` None:
created) and answers the ADD deltas the change's own transaction applies (`incidents/repository`):

- on the day item of the change (`ORG#<org>#STATS` / `DAY#<yyyy-mm-dd>`, UTC):
  - events: `created` (with `created#source#<s>`, `created#type#<t>`), `acknowledged` (when
    `acknowledged_at` is first stamped), `resolved` (each time `resolved_at` is stamped anew),
    `closed` (`closed_at` stamped), `reopened` (an ended incident moved back);
  - MTTA at each acknowledgement, MTTR at each resolution, per severity: `<metric>#<severity>#count`,
    `#sum` (seconds) and `#b<i>` (`analytics.histogram` buckets), measured from `created_at`;
  - classifications, net: the change's classification counts after minus before
    (`class#<c>`, `class#<c>#source#<s>`, `class#<c>#type#<t>`), so a range that holds every change
    counts each live incident's current classification once (a reclassification or a reopen moves -1
    to the day it happens; a deletion too);
- on the org's TOTALS item, beside `status_*` and `severity_*`: `open_severity_<s>`, the live
  incidents not resolved or closed, per severity (after minus before).

Event counters count what happened (a deleted incident was still created), once per change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from incident_core.analytics.histogram import bucket_index
from incident_core.core.clock import parse_iso
from incident_core.incidents.vocabulary import Status

EVENTS = ("created", "acknowledged", "resolved", "closed", "reopened")
METRICS = {"mtta": "acknowledged_at", "mttr": "resolved_at"}  # measured from created_at
DIMENSIONS = {"source": "source", "type": "incident_type"}  # counter word -> incident field
ENDED = frozenset({Status.RESOLVED.value, Status.CLOSED.value})
SEPARATOR = "#"


@dataclass(frozen=True, slots=True)
class StatsDeltas:
    """The analytics counters one change moves: on its day's item, and on the org's TOTALS."""

    day: str
    day_counts: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


def open_severity_counter(severity: str) -> str:
    return f"open_severity_{severity}"


def dimension_counter(kind: str, dimension: str, value: str) -> str:
    """`created#source#<s>`, `class#false_positive#type#<t>`: a count split by source or type."""
    return SEPARATOR.join((kind, dimension, value))


def classification_counter(classification: str) -> str:
    return f"class{SEPARATOR}{classification}"


def histogram_prefix(metric: str, severity: str) -> str:
    return f"{metric}{SEPARATOR}{severity}{SEPARATOR}"


def _seconds_between(start: str, end: str) -> int:
    return max(0, int((parse_iso(end) - parse_iso(start)).total_seconds()))


def _state(incident: Mapping[str, Any] | None) -> Counter[str]:
    """The counters a live incident holds by being what it is: open per severity, its classification."""
    held: Counter[str] = Counter()
    if incident is None or incident.get("deleted_at"):
        return held
    if incident.get("status") not in ENDED:
        held[open_severity_counter(str(incident["severity"]))] += 1
    classification = incident.get("classification")
    if classification:
        kind = classification_counter(str(classification))
        held[kind] += 1
        for dimension, name in DIMENSIONS.items():
            if incident.get(name):
                held[dimension_counter(kind, dimension, str(incident[name]))] += 1
    return held


def _stamped(before: Mapping[str, Any] | None, after: Mapping[str, Any], name: str) -> bool:
    """Whether this change stamped `name` anew."""
    return bool(after.get(name)) and after.get(name) != (before or {}).get(name)


def _events(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> Counter[str]:
    happened: Counter[str] = Counter()
    if after.get("deleted_at"):
        return happened
    if before is None:
        happened["created"] += 1
        for dimension, name in DIMENSIONS.items():
            if after.get(name):
                happened[dimension_counter("created", dimension, str(after[name]))] += 1
    if after.get("acknowledged_at") and not (before or {}).get("acknowledged_at"):
        happened["acknowledged"] += 1
        _sample(happened, "mtta", after)
    if _stamped(before, after, "resolved_at"):
        happened["resolved"] += 1
        _sample(happened, "mttr", after)
    if _stamped(before, after, "closed_at"):
        happened["closed"] += 1
    if before is not None and before.get("status") in ENDED and after.get("status") not in ENDED:
        happened["reopened"] += 1
    return happened


def _sample(happened: Counter[str], metric: str, incident: Mapping[str, Any]) -> None:
    """One duration, from `created_at` to the metric's timestamp, in the incident's severity's histogram."""
    seconds = _seconds_between(str(incident["created_at"]), str(incident[METRICS[metric]]))
    prefix = histogram_prefix(metric, str(incident["severity"]))
    happened[f"{prefix}count"] += 1
    happened[f"{prefix}sum"] += seconds
    happened[f"{prefix}b{bucket_index(seconds)}"] += 1


def stats_deltas(before: Mapping[str, Any] | None, after: Mapping[str, Any], now: str) -> StatsDeltas:
    """The counters a change moves (`before` None: the incident is created), counted on the UTC day of `now`."""
    held_before, held_after = _state(before), _state(after)
    moved = {name: held_after[name] - held_before[name] for name in held_before.keys() | held_after.keys()}
    day_counts = dict(_events(before, after))
    totals: dict[str, int] = {}
    for name, delta in moved.items():
        if not delta:
            continue
        if name.startswith("open_severity_"):
            totals[name] = delta
        else:
            day_counts[name] = day_counts.get(name, 0) + delta
    return StatsDeltas(day=now[:10], day_counts=day_counts, totals=totals)
