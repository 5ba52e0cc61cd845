"""What each measurement collects (its samples) and the figures made of them: medians,
nearest-rank percentiles, ratios. Pure functions, unit-tested."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scripts.bench.config import (
    DELIVERY_BATCH,
    LARGE_RAW_DATA_KIB,
    SUBSCRIBER_DELAY_SECONDS,
    TRIAGE_CORPUS_SEED,
    TRIAGE_ENGINE_MEASURES,
    TRIAGE_ENGINE_WARMUPS,
    TRIAGE_POLL_SECONDS,
)


@dataclass
class ColdStartSamples:
    """Cold-start samples of one function and of the baseline and peer runs paired with them (ms)."""

    function_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    import_ms: list[float] = field(default_factory=list)
    peer_ms: list[float] = field(default_factory=list)


def median_ms(values: Sequence[float]) -> float:
    """The median of some durations, rounded to 0.1 ms."""
    if not values:
        raise ValueError("no samples")
    return round(statistics.median(values), 1)


def cold_start_ratio(function_ms: Sequence[float], baseline_ms: Sequence[float]) -> float:
    """median(function) / median(baseline), rounded to 0.01 (the peer's ratio too, with its samples)."""
    baseline = statistics.median(baseline_ms) if baseline_ms else 0.0
    if baseline <= 0:
        raise ValueError("the baseline has no positive samples")
    return round(statistics.median(function_ms) / baseline, 2)


def cold_start_entry(samples: ColdStartSamples) -> dict[str, float]:
    """The `cold_start` entry of one function: its ratio to the bare handler and to the peer (the
    handler a user would write instead, when measured), its median and theirs."""
    entry = {"ratio": cold_start_ratio(samples.function_ms, samples.baseline_ms)}
    if samples.peer_ms:
        entry["peer_ratio"] = cold_start_ratio(samples.function_ms, samples.peer_ms)
    entry.update({"median_ms": median_ms(samples.function_ms), "baseline_ms": median_ms(samples.baseline_ms)})
    if samples.peer_ms:
        entry["peer_ms"] = median_ms(samples.peer_ms)
    return entry


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (the smallest value with `fraction` of the values at or below it)."""
    if not values:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(values)
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[rank - 1]


@dataclass
class WebhookLatencySamples:
    """End-to-end webhook latencies (ms) and what did not arrive."""

    latencies_ms: list[float] = field(default_factory=list)
    warmup_ms: list[float] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # ids of incidents whose event never arrived in time

    @property
    def incidents(self) -> int:
        return len(self.latencies_ms) + len(self.lost)


@dataclass
class DeliverySpeedupSamples:
    """Wall time (ms) of each run of a batch, concurrent and serial, and deliveries that did not succeed."""

    concurrent_ms: list[float] = field(default_factory=list)
    serial_ms: list[float] = field(default_factory=list)
    batch: int = DELIVERY_BATCH
    subscriber_delay_ms: float = SUBSCRIBER_DELAY_SECONDS * 1000
    not_delivered: list[str] = field(default_factory=list)  # one line per delivery that did not end delivered


def webhook_latency_entry(latencies_ms: Sequence[float]) -> dict[str, float | int]:
    """The `webhook_latency_ms` entry: median, p95 (nearest rank), both rounded to 0.1 ms, and the count."""
    return {
        "median": median_ms(latencies_ms),
        "p95": round(percentile(latencies_ms, 0.95), 1),
        "samples": len(latencies_ms),
    }


def delivery_speedup_entry(concurrent_ms: Sequence[float], serial_ms: Sequence[float]) -> dict[str, float]:
    """The `delivery_speedup` entry: medians of the runs and serial / concurrent, rounded to 0.01."""
    concurrent = statistics.median(concurrent_ms) if concurrent_ms else 0.0
    if concurrent <= 0 or not serial_ms:
        raise ValueError("the delivery speedup needs positive concurrent and serial samples")
    serial = statistics.median(serial_ms)
    return {
        "concurrent_ms": round(concurrent, 1),
        "serial_ms": round(serial, 1),
        "speedup": round(serial / concurrent, 2),
    }


@dataclass(frozen=True)
class EngineRun:
    """One corpus incident through the engine: what it was, what the engine made of it, how long it took."""

    kind: str
    playbook: str
    classification: str
    raw_data_bytes: int
    ms: float


@dataclass
class TriageEngineSamples:
    """The engine's time per corpus incident, and the playbooks it has (the corpus must reach each)."""

    runs: list[EngineRun] = field(default_factory=list)
    playbooks: tuple[str, ...] = ()
    warmups: int = TRIAGE_ENGINE_WARMUPS
    seed: int = TRIAGE_CORPUS_SEED

    @property
    def timings_ms(self) -> list[float]:
        return [run.ms for run in self.runs]

    def unreached_playbooks(self) -> list[str]:
        chosen = {run.playbook for run in self.runs}
        return [name for name in self.playbooks if name not in chosen]


@dataclass
class TriageE2ESamples:
    """POST /incidents -> triaged on MiniStack (ms), and the incidents that did not get there."""

    latencies_ms: list[float] = field(default_factory=list)
    warmup_ms: list[float] = field(default_factory=list)
    not_triaged: list[str] = field(default_factory=list)  # "<incident id>: why" (timed out, or its run failed)
    classifications: list[str] = field(default_factory=list)
    polls: list[int] = field(default_factory=list)
    poll_ms: float = TRIAGE_POLL_SECONDS * 1000

    @property
    def incidents(self) -> int:
        return len(self.latencies_ms) + len(self.not_triaged)


def triage_engine_entry(timings_ms: Sequence[float]) -> dict[str, float | int]:
    """The `triage_engine_ms` entry: median and p99 (nearest rank), rounded to 0.01 ms, and the count."""
    if not timings_ms:
        raise ValueError("no samples")
    return {
        "median": round(statistics.median(timings_ms), 2),
        "p99": round(percentile(timings_ms, 0.99), 2),
        "samples": len(timings_ms),
    }


def triage_e2e_entry(latencies_ms: Sequence[float]) -> dict[str, float | int]:
    """The `triage_e2e_ms` entry: median, p95 (nearest rank), both rounded to 0.1 ms, and the count."""
    return webhook_latency_entry(latencies_ms)


def triage_engine_details(samples: TriageEngineSamples) -> dict[str, Any]:
    """The extras of `triage_engine_samples`: the corpus as the engine saw it, and every timing."""
    runs = samples.runs
    chosen = Counter(run.playbook for run in runs)
    by_playbook = {
        name: round(statistics.median([run.ms for run in runs if run.playbook == name]), 2)
        for name in samples.playbooks
        if chosen[name]
    }
    details: dict[str, Any] = {
        "measures": TRIAGE_ENGINE_MEASURES,
        "corpus": len(runs),
        "seed": samples.seed,
        "warmup_passes": samples.warmups,
        "playbooks": {name: chosen[name] for name in samples.playbooks},
        "classifications": dict(Counter(run.classification for run in runs).most_common()),
        "median_ms_by_playbook": by_playbook,
        "raw_data_kib": _raw_data_kib([run.raw_data_bytes for run in runs]),
        "timings_ms": [round(run.ms, 3) for run in runs],
    }
    if runs:
        slowest = max(runs, key=lambda run: run.ms)
        details["slowest"] = {
            "kind": slowest.kind,
            "playbook": slowest.playbook,
            "raw_data_kib": round(slowest.raw_data_bytes / 1024, 1),
            "ms": round(slowest.ms, 2),
        }
    return details


def _raw_data_kib(sizes: Sequence[int]) -> dict[str, float | int]:
    low, _ = LARGE_RAW_DATA_KIB
    return {
        "median": round(statistics.median(sizes) / 1024, 1) if sizes else 0.0,
        "max": round(max(sizes) / 1024, 1) if sizes else 0.0,
        "large": sum(1 for size in sizes if size >= low * 1024),
    }
