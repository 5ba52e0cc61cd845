"""The report written to `.local/bench.json`: the figures, the targets missed and what failed.
Pure functions, unit-tested."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from scripts.bench.config import (
    DYNAMODB_TARGETS,
    PEER_RATIO_TARGET,
    RATE_LIMIT_CALL,
    RATE_LIMIT_CALLS_TARGET,
    RATIO_TARGET,
    SPEEDUP_TARGET,
    TRIAGE_ACCURACY_TARGETS,
    TRIAGE_E2E_TIMEOUT_SECONDS,
    TRIAGE_ENGINE_TARGETS,
    WEBHOOK_LATENCY_TARGETS,
    WEBHOOK_TIMEOUT_SECONDS,
)
from scripts.bench.figures import (
    ColdStartSamples,
    DeliverySpeedupSamples,
    TriageE2ESamples,
    TriageEngineSamples,
    WebhookLatencySamples,
    cold_start_entry,
    delivery_speedup_entry,
    triage_e2e_entry,
    triage_engine_details,
    triage_engine_entry,
    webhook_latency_entry,
)
from scripts.bench.router_throughput import RouterFigures, missed_router_targets, router_targets
from scripts.bench.search import SearchFigures, missed_search_targets, search_targets
from scripts.bench.triage_accuracy import missed_accuracy_targets


def bench_failures(
    webhook_latency: WebhookLatencySamples | None,
    delivery_speedup: DeliverySpeedupSamples | None,
    *,
    triage_engine: TriageEngineSamples | None = None,
    triage_e2e: TriageE2ESamples | None = None,
) -> list[str]:
    """One line per thing the bench could not measure as it should (these fail the bench)."""
    failures: list[str] = []
    if webhook_latency is not None:
        if webhook_latency.lost:
            failures.append(
                f"{len(webhook_latency.lost)} of {webhook_latency.incidents} webhooks never reached the subscriber "
                f"within {WEBHOOK_TIMEOUT_SECONDS:.0f} s (incidents {', '.join(webhook_latency.lost)})"
            )
        if not webhook_latency.latencies_ms:
            failures.append("no webhook latency was measured")
    if delivery_speedup is not None:
        failures += [f"delivery throughput: {line}" for line in delivery_speedup.not_delivered]
        if not delivery_speedup.concurrent_ms or not delivery_speedup.serial_ms:
            failures.append("no delivery throughput was measured")
    if triage_engine is not None:
        if not triage_engine.runs:
            failures.append("no triage engine time was measured")
        elif unreached := triage_engine.unreached_playbooks():
            failures.append(f"the triage corpus never reaches the playbooks {', '.join(unreached)}")
    if triage_e2e is not None:
        if triage_e2e.not_triaged:
            failures.append(
                f"{len(triage_e2e.not_triaged)} of {triage_e2e.incidents} incidents did not come back triaged "
                f"within {TRIAGE_E2E_TIMEOUT_SECONDS:.0f} s: {'; '.join(triage_e2e.not_triaged)}"
            )
        if not triage_e2e.latencies_ms:
            failures.append("no triage end-to-end time was measured")
    return failures


def _missed_call_targets(report: Mapping[str, Any], targets: Mapping[str, Any]) -> list[str]:
    """DynamoDB calls per request over their targets: on the incidents' table, and the rate limit's counter."""
    missed: list[str] = []
    call_targets: Mapping[str, int] = targets.get("dynamodb_calls", DYNAMODB_TARGETS)
    for function, calls in report.get("dynamodb_calls", {}).items():
        limit = call_targets.get(function)
        if limit is not None and calls > limit:
            missed.append(f"{function} makes {calls} DynamoDB calls per request (target <= {limit})")
    counter_target = int(targets.get("rate_limit_calls", RATE_LIMIT_CALLS_TARGET))
    for function, calls in report.get("rate_limit_calls", {}).items():
        if calls > counter_target:
            missed.append(f"{function} makes {calls} rate-limit counter calls per request (target <= {counter_target})")
    return missed


# Where a body function's cold start goes (pydantic's import, which the peer pays too; the first
# validator; Powertools' Logger; pyjwt; the first DynamoDB request), measured piece by piece.
WHY_COLD = " (where the time goes: docs/architecture.md, Performance)"


def missed_targets(report: Mapping[str, Any]) -> list[str]:
    """One line per missed target of a report; empty when every target is met."""
    missed: list[str] = []
    targets = report.get("targets", {})
    ratio_target = float(targets.get("cold_start_ratio", RATIO_TARGET))
    for function, entry in report.get("cold_start", {}).items():
        if entry["ratio"] > ratio_target:
            missed.append(
                f"cold start of {function} is {entry['ratio']:.2f}x the bare handler "
                f"({entry['median_ms']:.1f} ms vs {entry['baseline_ms']:.1f} ms; target <= {ratio_target}){WHY_COLD}"
            )
    peer_target = float(targets.get("cold_start_peer_ratio", PEER_RATIO_TARGET))
    for function, entry in report.get("cold_start", {}).items():
        if "peer_ratio" in entry and entry["peer_ratio"] > peer_target:
            missed.append(
                f"cold start of {function} is {entry['peer_ratio']:.2f}x the handler a user would write instead "
                f"({entry['median_ms']:.1f} ms vs {entry['peer_ms']:.1f} ms; target <= {peer_target}){WHY_COLD}"
            )
    missed += _missed_call_targets(report, targets)
    latency = report.get("webhook_latency_ms")
    if latency is not None:
        latency_targets: Mapping[str, float] = targets.get("webhook_latency_ms", WEBHOOK_LATENCY_TARGETS)
        for name, limit_ms in latency_targets.items():
            if latency[name] >= limit_ms:
                missed.append(
                    f"webhook latency {name} is {latency[name]:.1f} ms over {latency['samples']} incidents "
                    f"(target < {limit_ms:.0f} ms)"
                )
    engine = report.get("triage_engine_ms")
    if engine is not None:
        engine_targets: Mapping[str, float] = targets.get("triage_engine_ms", TRIAGE_ENGINE_TARGETS)
        for name, limit_ms in engine_targets.items():
            if engine[name] >= limit_ms:
                missed.append(
                    f"triage engine {name} is {engine[name]:.2f} ms per incident over {engine['samples']} incidents "
                    f"(target < {limit_ms:g} ms)"
                )
    accuracy = report.get("triage_accuracy")
    if accuracy is not None:
        missed += missed_accuracy_targets(accuracy, targets.get("triage_accuracy", TRIAGE_ACCURACY_TARGETS))
    speedup = report.get("delivery_speedup")
    if speedup is not None:
        speedup_target = float(targets.get("delivery_speedup", SPEEDUP_TARGET))
        if speedup["speedup"] < speedup_target:
            missed.append(
                f"delivery speedup is {speedup['speedup']:.2f}x ({speedup['serial_ms']:.1f} ms serial vs "
                f"{speedup['concurrent_ms']:.1f} ms concurrent; target >= {speedup_target:g})"
            )
    missed += missed_router_targets(report)
    missed += missed_search_targets(report)
    return missed


def build_report(
    cold_starts: Mapping[str, ColdStartSamples],
    dynamodb_calls: Mapping[str, Sequence[str]],
    *,
    webhook_latency: WebhookLatencySamples | None = None,
    delivery_speedup: DeliverySpeedupSamples | None = None,
    triage_engine: TriageEngineSamples | None = None,
    triage_e2e: TriageE2ESamples | None = None,
    triage_accuracy: Mapping[str, Any] | None = None,
    router: RouterFigures | None = None,
    search: SearchFigures | None = None,
    skipped: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The report written to `.local/bench.json`: the specified keys first, then extras.

    `skipped` names measurements not made this run (key -> why); a measurement that was
    made but could not be computed is in `failed`, not in its key.
    """
    report: dict[str, Any] = {
        "cold_start": {name: cold_start_entry(samples) for name, samples in cold_starts.items()},
        "dynamodb_calls": {
            name: len([call for call in calls if call != RATE_LIMIT_CALL]) for name, calls in dynamodb_calls.items()
        },
        "rate_limit_calls": {name: list(calls).count(RATE_LIMIT_CALL) for name, calls in dynamodb_calls.items()},
    }
    if webhook_latency is not None and webhook_latency.latencies_ms:
        report["webhook_latency_ms"] = webhook_latency_entry(webhook_latency.latencies_ms)
    if delivery_speedup is not None and delivery_speedup.concurrent_ms and delivery_speedup.serial_ms:
        report["delivery_speedup"] = delivery_speedup_entry(delivery_speedup.concurrent_ms, delivery_speedup.serial_ms)
    if triage_engine is not None and triage_engine.runs:
        report["triage_engine_ms"] = triage_engine_entry(triage_engine.timings_ms)
    if triage_e2e is not None and triage_e2e.latencies_ms:
        report["triage_e2e_ms"] = triage_e2e_entry(triage_e2e.latencies_ms)
    if triage_accuracy is not None:
        report["triage_accuracy"] = dict(triage_accuracy)
    if router is not None:
        report.update(router.entries())
    if search is not None and search.figures:
        report.update(search.entries())
    report.update(
        {
            "dynamodb_call_names": {name: list(calls) for name, calls in dynamodb_calls.items()},
            "targets": {
                "cold_start_ratio": RATIO_TARGET,
                "cold_start_peer_ratio": PEER_RATIO_TARGET,
                "dynamodb_calls": dict(DYNAMODB_TARGETS),
                "rate_limit_calls": RATE_LIMIT_CALLS_TARGET,
                "webhook_latency_ms": dict(WEBHOOK_LATENCY_TARGETS),
                "delivery_speedup": SPEEDUP_TARGET,
                "triage_engine_ms": dict(TRIAGE_ENGINE_TARGETS),
                "triage_accuracy": dict(TRIAGE_ACCURACY_TARGETS),
                **router_targets(*([router.baseline_records_per_s()] if router is not None else [])),
                **search_targets(),
            },
            "samples": {
                name: {
                    "function_ms": [round(value, 1) for value in samples.function_ms],
                    "baseline_ms": [round(value, 1) for value in samples.baseline_ms],
                    "import_ms": [round(value, 1) for value in samples.import_ms],
                    "peer_ms": [round(value, 1) for value in samples.peer_ms],
                }
                for name, samples in cold_starts.items()
            },
        }
    )
    if webhook_latency is not None:
        report["webhook_latency_samples"] = {
            "latencies_ms": [round(value, 1) for value in webhook_latency.latencies_ms],
            "warmup_ms": [round(value, 1) for value in webhook_latency.warmup_ms],
            "incidents": webhook_latency.incidents,
            "lost": list(webhook_latency.lost),
        }
    if delivery_speedup is not None:
        report["delivery_speedup_samples"] = {
            "concurrent_ms": [round(value, 1) for value in delivery_speedup.concurrent_ms],
            "serial_ms": [round(value, 1) for value in delivery_speedup.serial_ms],
            "batch": delivery_speedup.batch,
            "subscriber_delay_ms": round(delivery_speedup.subscriber_delay_ms, 1),
        }
    if triage_engine is not None:
        report["triage_engine_samples"] = triage_engine_details(triage_engine)
    if triage_e2e is not None:
        report["triage_e2e_samples"] = {
            "latencies_ms": [round(value, 1) for value in triage_e2e.latencies_ms],
            "warmup_ms": [round(value, 1) for value in triage_e2e.warmup_ms],
            "incidents": triage_e2e.incidents,
            "not_triaged": list(triage_e2e.not_triaged),
            "classifications": dict(Counter(triage_e2e.classifications).most_common()),
            "poll_ms": round(triage_e2e.poll_ms, 1),
            "polls_median": statistics.median(triage_e2e.polls) if triage_e2e.polls else 0,
        }
    report.update(context or {})
    report["skipped"] = dict(skipped or {})
    report["missed"] = missed_targets(report)
    report["failed"] = bench_failures(
        webhook_latency, delivery_speedup, triage_engine=triage_engine, triage_e2e=triage_e2e
    ) + (router.failures() if router is not None else [])
    return report
