"""Fixed log-scale histograms of durations (MTTA, MTTR): percentiles without the raw samples.

Bucket edges are `60 * 2**k` seconds for k = 0..15: 1 min, 2 min, 4 min, ... 1,966,080 s (22.75
days). Bucket 0 holds [0, 60 s), bucket i (1..15) holds [EDGES[i-1], EDGES[i]), bucket 16 holds
[1,966,080 s, infinity). A duration is counted in whole seconds (rounded down; a negative one, from
clock skew, as 0), with its count and its sum beside the buckets, so the mean is exact.

A percentile q of n samples is the value of rank q * n: the bucket whose cumulative count first
reaches that rank, then linear interpolation inside it, lower + (rank - count below) / count in
bucket * (upper - lower). The last bucket has no upper edge: its percentiles read as its lower edge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

EDGES_SECONDS: tuple[int, ...] = tuple(60 * 2**k for k in range(16))
BUCKET_COUNT = len(EDGES_SECONDS) + 1
PERCENTILE_INTERPOLATION = "linear within the bucket that holds rank q*n; the open last bucket reads as its lower edge"


def bucket_index(seconds: int) -> int:
    """The bucket that holds a duration of `seconds`."""
    for index, edge in enumerate(EDGES_SECONDS):
        if seconds < edge:
            return index
    return len(EDGES_SECONDS)


def bucket_bounds(index: int) -> tuple[int, int | None]:
    """The lower and upper edge of a bucket (None: the last one has no upper edge)."""
    lower = 0 if index == 0 else EDGES_SECONDS[index - 1]
    upper = EDGES_SECONDS[index] if index < len(EDGES_SECONDS) else None
    return lower, upper


def percentile(counts: Sequence[int], q: float) -> float | None:
    """The q-th quantile (0 < q <= 1) of the samples counted in `counts` (one per bucket); None for none."""
    total = sum(counts)
    if total <= 0:
        return None
    rank = q * total
    below = 0
    for index, count in enumerate(counts):
        if count > 0 and below + count >= rank:
            lower, upper = bucket_bounds(index)
            if upper is None:
                return float(lower)
            return round(lower + (rank - below) / count * (upper - lower), 1)
        below += count
    return float(bucket_bounds(len(counts) - 1)[0])  # pragma: no cover - negative counts only


def summary(count: int, total_seconds: int, counts: Sequence[int]) -> dict[str, float | int | None]:
    """Count, mean, p50 and p90 (seconds) of one histogram."""
    return {
        "count": count,
        "mean_seconds": round(total_seconds / count, 1) if count > 0 else None,
        "p50_seconds": percentile(counts, 0.5),
        "p90_seconds": percentile(counts, 0.9),
    }


def bucket_counts(values: Mapping[str, int], prefix: str) -> list[int]:
    """The counts of one histogram from counters named `<prefix>b<index>` (absent ones are 0)."""
    return [int(values.get(f"{prefix}b{index}", 0)) for index in range(BUCKET_COUNT)]
