"""The router bench's figures (issue 22): report keys, targets missed, what fails the bench."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.bench.burst_latency import BurstLatencySamples
from scripts.bench.config import ROUTER_BASELINE_COMMIT
from scripts.bench.errors import BenchError
from scripts.bench.report import build_report
from scripts.bench.router_baseline import export_commit, with_missing_outputs
from scripts.bench.router_throughput import (
    ROUTER_BASELINE_RECORDS_PER_S,
    THROUGHPUT_TARGET_FACTOR,
    RouterFigures,
    RouterThroughputSamples,
)
from scripts.bench.table import format_report


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


def test_without_a_baseline_measured_in_the_run_the_recorded_one_stands_in_and_says_why() -> None:
    figures = _figures([523.0], [100.0])
    figures.baseline_error = "git archive 8c799ef66fa5 failed: shallow clone"
    report = build_report({}, {}, router=figures)
    assert report["router_speedup"] == 10.0
    assert report["router_samples"]["baseline"] == {
        "source": "recorded on 2026-11-30 (not measured in this run)",
        "median": ROUTER_BASELINE_RECORDS_PER_S,
        "error": "git archive 8c799ef66fa5 failed: shallow clone",
    }


def test_the_target_is_a_multiple_of_the_baseline_measured_in_the_same_run() -> None:
    # The same router figure meets the target against a slow day's baseline and misses it against a
    # fast one: the ratio, not the absolute figure, is the target.
    slow_day = _figures([150.0, 160.0, 140.0], [100.0])
    slow_day.baseline = RouterThroughputSamples(records_per_s=[21.0, 20.0, 23.0])
    report = build_report({}, {}, router=slow_day)
    assert report["router_speedup"] == round(150.0 / 21.0, 2)
    assert report["targets"]["router_records_per_s"] == 105.0
    assert report["router_samples"]["baseline"]["records_per_s"] == [21.0, 20.0, 23.0]
    assert report["router_samples"]["baseline"]["commit"] == ROUTER_BASELINE_COMMIT
    assert report["missed"] == []

    fast_day = _figures([150.0], [100.0])
    fast_day.baseline = RouterThroughputSamples(records_per_s=[52.0])
    [missed] = build_report({}, {}, router=fast_day)["missed"]
    assert missed.startswith("router throughput is 150.0 records/s, 2.88x the 52.0 of the router before batching")


def test_the_baseline_stack_lacks_the_bulk_lanes_so_the_runs_wait_on_its_prompt_queues() -> None:
    outputs = with_missing_outputs({"DeliveryQueueUrl": "d", "TriageQueueUrl": "t", "TableName": "x"})
    assert outputs == {
        "DeliveryQueueUrl": "d",
        "TriageQueueUrl": "t",
        "TableName": "x",
        "DeliveryBulkQueueUrl": "d",
        "TriageBulkQueueUrl": "t",
    }


def test_a_commit_is_exported_whole_into_a_directory_of_its_own(tmp_path: Path) -> None:
    # HEAD, which even a shallow clone holds (the bench exports ROUTER_BASELINE_COMMIT the same way).
    export_commit("HEAD", tmp_path)
    for path in ("template.yaml", "samconfig.toml", "functions/event_router/app.py", "layers/incident_core/Makefile"):
        assert (tmp_path / path).is_file(), path


def test_a_commit_git_does_not_have_is_a_bench_error(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="git archive 000000000000 failed"):
        export_commit("0" * 40, tmp_path)


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


def test_the_stages_of_the_quiet_webhooks_created_during_the_burst_are_reported_apart() -> None:
    """After the burst the pipeline is idle again: the medians of every sample hide where the burst's time goes."""
    figures = _figures([1000.0], [900.0, 700.0, 60.0])
    figures.burst.stages_ms = [(500.0, 300.0, 100.0), (300.0, 200.0, 200.0), (10.0, 30.0, 20.0)]
    figures.burst.created_during_burst = [True, True, False]
    figures.burst.during_burst = 2
    report = build_report({}, {}, router=figures)
    assert report["router_samples"]["during_burst_stage_medians_ms"] == {
        "routed": 400.0,
        "queued": 250.0,
        "sent": 150.0,
    }
    assert figures.burst.stage_medians(during_burst=False) == {"routed": 10.0, "queued": 30.0, "sent": 20.0}
    assert "of the 2 created during the burst, stage medians (ms): routed 400, queued 250, sent 150" in format_report(
        report
    )
