"""The bench's report: medians, ratios, targets, the JSON shape and the table (no timing)."""

from __future__ import annotations

import json

import pytest

from scripts.bench.config import (
    DYNAMODB_TARGETS,
    RATIO_TARGET,
    SPEEDUP_TARGET,
    WEBHOOK_LATENCY_TARGETS,
)
from scripts.bench.figures import (
    ColdStartSamples,
    DeliverySpeedupSamples,
    WebhookLatencySamples,
    cold_start_entry,
    cold_start_ratio,
    delivery_speedup_entry,
    median_ms,
    percentile,
    webhook_latency_entry,
)
from scripts.bench.report import bench_failures, build_report, missed_targets
from scripts.bench.table import format_report
from tests.unit.scripts.helpers import CALLS


def samples(function_ms: list[float], baseline_ms: list[float]) -> ColdStartSamples:
    return ColdStartSamples(function_ms=function_ms, baseline_ms=baseline_ms, import_ms=[v / 2 for v in function_ms])


def test_median_of_odd_and_even_counts_rounded_to_a_tenth() -> None:
    assert median_ms([300.0, 100.0, 200.0]) == 200.0
    assert median_ms([100.0, 200.0, 300.04, 400.0]) == 250.0
    assert median_ms([1.234]) == 1.2
    with pytest.raises(ValueError):
        median_ms([])


def test_ratio_is_median_over_median_and_ignores_outliers() -> None:
    assert cold_start_ratio([120.0, 130.0, 5000.0], [100.0, 100.0, 1.0]) == 1.3
    assert cold_start_ratio([150.0], [100.0]) == 1.5
    with pytest.raises(ValueError):
        cold_start_ratio([150.0], [])
    with pytest.raises(ValueError):
        cold_start_ratio([150.0], [0.0])


def test_cold_start_entry_has_exactly_the_specified_keys() -> None:
    entry = cold_start_entry(samples([210.0, 190.0, 200.0], [100.0, 90.0, 110.0]))
    assert entry == {"ratio": 2.0, "median_ms": 200.0, "baseline_ms": 100.0}


def test_cold_start_entry_with_a_peer_has_its_ratio_beside_the_ratio() -> None:
    measured = samples([210.0, 190.0, 200.0], [100.0, 90.0, 110.0])
    measured.peer_ms.extend([260.0, 250.0, 240.0])
    entry = cold_start_entry(measured)
    assert entry == {"ratio": 2.0, "peer_ratio": 0.8, "median_ms": 200.0, "baseline_ms": 100.0, "peer_ms": 250.0}
    assert list(entry) == ["ratio", "peer_ratio", "median_ms", "baseline_ms", "peer_ms"]


def test_a_function_slower_than_0_8x_its_peer_misses_the_peer_target_and_the_table_says_so() -> None:
    fast, slow = samples([120.0], [100.0]), samples([125.0], [100.0])
    fast.peer_ms.append(200.0)
    slow.peer_ms.append(150.0)
    report = build_report({"get_incident": fast, "create_incident": slow}, CALLS)
    assert report["targets"]["cold_start_peer_ratio"] == 0.8
    assert report["samples"]["create_incident"]["peer_ms"] == [150.0]
    assert report["missed"] == [
        "cold start of create_incident is 0.83x the handler a user would write instead "
        "(125.0 ms vs 150.0 ms; target <= 0.8) (where the time goes: docs/architecture.md, Performance)"
    ]
    cold_start_table = format_report(report).split("\n\n")[0].splitlines()
    rows = {line.split()[0]: line for line in cold_start_table if line.startswith(("get_", "create_"))}
    assert rows["get_incident"].split()[-3:] == ["200.0", "0.60", "ok"]
    assert rows["create_incident"].split()[-3:] == ["150.0", "0.83", "MISSED"]


def test_report_shape_counts_and_names() -> None:
    report = build_report(
        {"get_incident": samples([120.0, 125.0, 130.0], [100.0, 100.0, 100.0])},
        CALLS,
        context={"python": "3.13.0", "measured_at": "2026-11-23T00:00:00Z"},
    )
    assert report["cold_start"] == {"get_incident": {"ratio": 1.25, "median_ms": 125.0, "baseline_ms": 100.0}}
    assert report["dynamodb_calls"] == {"create_incident": 2, "get_incident": 1, "list_incidents": 2}
    assert report["dynamodb_call_names"]["create_incident"] == ["UpdateItem", "TransactWriteItems"]
    assert report["samples"]["get_incident"]["function_ms"] == [120.0, 125.0, 130.0]
    assert report["python"] == "3.13.0"
    assert report["missed"] == []
    assert json.loads(json.dumps(report)) == report


def test_missed_targets_name_each_miss() -> None:
    report = build_report(
        {
            "create_incident": samples([140.0], [100.0]),
            "health": samples([100.0], [100.0]),
        },
        {**CALLS, "get_incident": ["GetItem", "GetItem"]},
    )
    missed = report["missed"]
    assert len(missed) == 2
    assert missed[0].startswith("cold start of create_incident is 1.40x")
    limit = DYNAMODB_TARGETS["get_incident"]
    assert missed[1] == f"get_incident makes 2 DynamoDB calls per request (target <= {limit})"
    assert missed_targets(report) == missed


def test_ratio_exactly_at_the_target_is_met() -> None:
    report = build_report({"list_incidents": samples([130.0], [100.0])}, CALLS)
    assert report["cold_start"]["list_incidents"]["ratio"] == RATIO_TARGET
    assert report["missed"] == []


def test_table_shows_the_figures_and_the_verdicts() -> None:
    report = build_report(
        {"create_incident": samples([300.0, 310.0, 320.0], [100.0, 100.0, 100.0])},
        CALLS,
    )
    table = format_report(report)
    assert "median of 3" in table
    create_line = next(line for line in table.splitlines() if line.startswith("create_incident") and "MISSED" in line)
    assert "310.0" in create_line and "3.10" in create_line
    assert "UpdateItem, TransactWriteItems" in table
    assert "MISSED: cold start of create_incident is 3.10x" in table

    met = format_report(build_report({"health": samples([100.0], [100.0])}, CALLS))
    assert met.endswith("All targets met.")
    assert "MISSED" not in met


# --- webhooks: latency percentiles, delivery speedup, failures ------------------------------------


def latencies(count: int, *, start: float = 100.0, step: float = 10.0) -> list[float]:
    return [start + step * index for index in range(count)]


def test_percentile_is_the_nearest_rank() -> None:
    values = latencies(50)  # 100, 110, ..., 590
    assert percentile(values, 0.95) == 570.0  # rank ceil(47.5) = 48
    assert percentile(values, 0.5) == 340.0  # rank 25
    assert percentile(list(reversed(values)), 0.95) == 570.0
    assert percentile(latencies(20), 0.95) == 280.0  # rank exactly 19, no float round-up to 20
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([3.0, 1.0, 2.0], 1.0) == 3.0
    with pytest.raises(ValueError):
        percentile([], 0.95)
    with pytest.raises(ValueError):
        percentile([1.0], 0.0)


def test_webhook_latency_entry_has_exactly_the_specified_keys() -> None:
    values = [*latencies(49), 5000.0]
    entry = webhook_latency_entry(values)
    assert entry == {"median": 345.0, "p95": 570.0, "samples": 50}
    assert webhook_latency_entry([412.345]) == {"median": 412.3, "p95": 412.3, "samples": 1}


def test_delivery_speedup_is_serial_over_concurrent_medians() -> None:
    entry = delivery_speedup_entry([130.0, 125.0, 900.0], [1100.0, 1000.0, 1050.0])
    assert entry == {"concurrent_ms": 130.0, "serial_ms": 1050.0, "speedup": 8.08}
    with pytest.raises(ValueError):
        delivery_speedup_entry([], [1000.0])
    with pytest.raises(ValueError):
        delivery_speedup_entry([100.0], [])


def test_report_carries_the_webhook_keys_and_their_samples() -> None:
    report = build_report(
        {},
        CALLS,
        webhook_latency=WebhookLatencySamples(latencies_ms=latencies(50), warmup_ms=[2500.0, 400.0, 300.0]),
        delivery_speedup=DeliverySpeedupSamples(concurrent_ms=[120.0, 110.0, 115.0], serial_ms=[1000.0] * 3),
    )
    assert report["webhook_latency_ms"] == {"median": 345.0, "p95": 570.0, "samples": 50}
    assert report["delivery_speedup"] == {"concurrent_ms": 115.0, "serial_ms": 1000.0, "speedup": 8.7}
    assert report["webhook_latency_samples"]["warmup_ms"] == [2500.0, 400.0, 300.0]
    assert report["webhook_latency_samples"]["incidents"] == 50
    assert report["delivery_speedup_samples"]["batch"] == 10
    assert report["targets"]["webhook_latency_ms"] == WEBHOOK_LATENCY_TARGETS
    assert report["targets"]["delivery_speedup"] == SPEEDUP_TARGET
    assert report["missed"] == [] and report["failed"] == [] and report["skipped"] == {}
    assert json.loads(json.dumps(report)) == report


def test_report_without_webhook_measurements_has_no_webhook_keys() -> None:
    report = build_report({}, CALLS, skipped={"webhook_latency_ms": "--skip-webhook-latency"})
    assert "webhook_latency_ms" not in report and "delivery_speedup" not in report
    assert report["skipped"] == {"webhook_latency_ms": "--skip-webhook-latency"}
    table = format_report(report)
    assert "Webhook latency: skipped (--skip-webhook-latency)" in table
    assert table.endswith("All targets met.")


def test_latency_targets_are_strictly_below_and_speedup_at_least() -> None:
    at_limits = build_report(
        {},
        CALLS,
        webhook_latency=WebhookLatencySamples(latencies_ms=[1000.0] * 18 + [2000.0] * 2),
        delivery_speedup=DeliverySpeedupSamples(concurrent_ms=[100.0], serial_ms=[800.0]),
    )
    assert at_limits["delivery_speedup"]["speedup"] == SPEEDUP_TARGET
    missed = at_limits["missed"]
    assert len(missed) == 2
    assert missed[0] == "webhook latency median is 1000.0 ms over 20 incidents (target < 1000 ms)"
    assert missed[1] == "webhook latency p95 is 2000.0 ms over 20 incidents (target < 2000 ms)"
    assert missed_targets(at_limits) == missed

    slow_worker = build_report(
        {}, CALLS, delivery_speedup=DeliverySpeedupSamples(concurrent_ms=[500.0], serial_ms=[1500.0])
    )
    assert slow_worker["missed"] == ["delivery speedup is 3.00x (1500.0 ms serial vs 500.0 ms concurrent; target >= 8)"]


def test_lost_webhooks_and_undelivered_deliveries_fail_the_bench_not_the_latency() -> None:
    lost = WebhookLatencySamples(latencies_ms=latencies(48), lost=["inc-1", "inc-2"])
    undelivered = DeliverySpeedupSamples(
        concurrent_ms=[110.0], serial_ms=[1100.0], not_delivered=["delivery msg_1 ended retry (HTTP 500)"]
    )
    report = build_report({}, CALLS, webhook_latency=lost, delivery_speedup=undelivered)
    assert report["webhook_latency_ms"]["samples"] == 48  # the losses are not latencies
    assert report["webhook_latency_samples"]["lost"] == ["inc-1", "inc-2"]
    assert report["webhook_latency_samples"]["incidents"] == 50
    assert report["failed"] == [
        "2 of 50 webhooks never reached the subscriber within 20 s (incidents inc-1, inc-2)",
        "delivery throughput: delivery msg_1 ended retry (HTTP 500)",
    ]
    assert bench_failures(lost, undelivered) == report["failed"]
    table = format_report(report)
    assert "FAILED: 2 of 50 webhooks never reached the subscriber" in table
    assert "All targets met." not in table

    nothing = build_report({}, CALLS, webhook_latency=WebhookLatencySamples(lost=["inc-1"]))
    assert "webhook_latency_ms" not in nothing
    assert "no webhook latency was measured" in nothing["failed"]
    assert "Webhook latency: not measured (see FAILED)" in format_report(nothing)


def test_table_shows_the_webhook_figures_and_verdicts() -> None:
    report = build_report(
        {},
        CALLS,
        webhook_latency=WebhookLatencySamples(latencies_ms=[*latencies(49), 2500.0], warmup_ms=[3100.0, 450.0]),
        delivery_speedup=DeliverySpeedupSamples(concurrent_ms=[520.0], serial_ms=[1490.0]),
    )
    table = format_report(report)
    lines = table.splitlines()
    median_line = next(line for line in lines if line.startswith("median "))
    p95_line = next(line for line in lines if line.startswith("p95 "))
    assert "345.0" in median_line and "< 1000" in median_line and median_line.endswith("ok")
    assert "570.0" in p95_line and p95_line.endswith("ok")
    assert "after 2 warm-up incidents" in table and "3100, 450 ms" in table
    speedup_line = next(line for line in lines if line.startswith("speedup "))
    assert "2.87" in speedup_line and speedup_line.endswith("MISSED")
    assert "149.0 ms = 100 ms subscriber + 49.0 ms" in table
    assert "MISSED: delivery speedup is 2.87x" in table
