"""The router bench's figures (issue 22): report keys, targets missed, what fails the bench."""

from __future__ import annotations

from scripts.bench.burst_latency import BurstLatencySamples
from scripts.bench.report import build_report
from scripts.bench.router_throughput import (
    ROUTER_BASELINE_RECORDS_PER_S,
    THROUGHPUT_TARGET_FACTOR,
    RouterFigures,
    RouterThroughputSamples,
)


def _figures(records_per_s: list[float], latencies_ms: list[float], lost: list[str] | None = None) -> RouterFigures:
    return RouterFigures(
        RouterThroughputSamples(records_per_s=records_per_s),
        BurstLatencySamples(latencies_ms=latencies_ms, lost=lost or []),
    )


def test_the_report_has_the_router_keys_median_and_nearest_rank_p95() -> None:
    fast = ROUTER_BASELINE_RECORDS_PER_S * THROUGHPUT_TARGET_FACTOR
    report = build_report(
        {}, {}, router=_figures([fast + 20, fast + 50, fast + 10], [float(ms) for ms in range(1, 21)])
    )
    assert report["router_records_per_s"] == round(fast + 20, 1)
    assert report["webhook_latency_under_burst_ms"] == {"median": 10.5, "p95": 19.0, "samples": 20}
    assert report["targets"]["router_records_per_s"] == round(
        ROUTER_BASELINE_RECORDS_PER_S * THROUGHPUT_TARGET_FACTOR, 1
    )
    assert report["missed"] == [] and report["failed"] == []


def test_a_slow_router_and_a_starved_quiet_org_are_missed_targets() -> None:
    report = build_report({}, {}, router=_figures([ROUTER_BASELINE_RECORDS_PER_S * 2], [100.0] * 18 + [900.0] * 2))
    assert [line.split(" is ")[0] for line in report["missed"]] == [
        "router throughput",
        "a quiet org's webhook p95 during a burst",
    ]


def test_a_quiet_webhook_that_never_arrived_fails_the_bench() -> None:
    report = build_report({}, {}, router=_figures([1000.0], [100.0], lost=["inc-1"]))
    assert any("never arrived" in line for line in report["failed"])


def test_a_busy_webhook_that_had_not_arrived_after_the_burst_fails_the_bench() -> None:
    figures = _figures([1000.0], [100.0])
    figures.burst.busy_missing = 3
    report = build_report({}, {}, router=figures)
    assert report["failed"] == ["3 of the busy orgs' webhooks had not arrived 180 s after the burst"]
    assert report["router_samples"]["busy_missing"] == 3


def test_the_quiet_webhooks_stages_are_reported_as_medians() -> None:
    figures = _figures([1000.0], [100.0, 200.0, 900.0])
    figures.burst.stages_ms = [(10.0, 50.0, 40.0), (20.0, 150.0, 30.0), (700.0, 100.0, 100.0)]
    report = build_report({}, {}, router=figures)
    assert report["router_samples"]["under_burst_stage_medians_ms"] == {"routed": 20.0, "queued": 100.0, "sent": 40.0}
    assert _figures([1000.0], [100.0]).burst.stage_medians() == {}
