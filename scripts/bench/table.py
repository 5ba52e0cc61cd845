"""The table the bench prints: the same figures as the JSON report, with a verdict per target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scripts.bench.config import (
    LARGE_RAW_DATA_KIB,
    SPEEDUP_TARGET,
    TRIAGE_ENGINE_TARGETS,
    WEBHOOK_LATENCY_TARGETS,
)
from scripts.bench.figures import median_ms
from scripts.bench.triage_accuracy import format_accuracy


def format_report(report: Mapping[str, Any]) -> str:
    """The human-readable table of a report (the same figures as the JSON)."""
    ratio_target = report["targets"]["cold_start_ratio"]
    peer_target = report["targets"].get("cold_start_peer_ratio")
    call_targets = report["targets"]["dynamodb_calls"]
    lines = [
        "Cold start: fresh process, imports + module set-up + first call, median of "
        f"{_sample_count(report)}, tracing disabled",
        f"{'function':<24} {'median ms':>10} {'import ms':>10} {'baseline ms':>12} {'ratio':>7}  {'':<6} "
        f"{'peer ms':>8} {'peer ratio':>10}  targets: ratio <= {ratio_target}, peer ratio <= {peer_target}",
    ]
    for name, entry in report["cold_start"].items():
        imports = report.get("samples", {}).get(name, {}).get("import_ms") or []
        import_text = f"{median_ms(imports):>10.1f}" if imports else f"{'-':>10}"
        verdict = "ok" if entry["ratio"] <= ratio_target else "MISSED"
        if "peer_ratio" in entry and peer_target is not None:
            peer_verdict = "ok" if entry["peer_ratio"] <= peer_target else "MISSED"
            peer_text = f"{entry['peer_ms']:>8.1f} {entry['peer_ratio']:>10.2f}  {peer_verdict}"
        else:
            peer_text = f"{'-':>8} {'-':>10}"
        lines.append(
            f"{name:<24} {entry['median_ms']:>10.1f} {import_text} {entry['baseline_ms']:>12.1f} "
            f"{entry['ratio']:>7.2f}  {verdict:<6} {peer_text}"
        )
    lines += [
        "",
        "DynamoDB calls per request on the incidents' table (the rate limit's counter apart, target"
        f" <= {report['targets'].get('rate_limit_calls', 1)} each: {report.get('rate_limit_calls', {})})",
        f"{'function':<24} {'calls':>5} {'target':>7}  {'':<6} calls made",
    ]
    for name, count in report["dynamodb_calls"].items():
        limit = call_targets.get(name)
        verdict = "-" if limit is None else ("ok" if count <= limit else "MISSED")
        target_text = f"<= {limit}" if limit is not None else "-"
        names = ", ".join(report.get("dynamodb_call_names", {}).get(name, []))
        lines.append(f"{name:<24} {count:>5} {target_text:>7}  {verdict:<6} {names}")
    lines += ["", *_format_webhook_latency(report), "", *_format_delivery_speedup(report)]
    lines += ["", *_format_triage_engine(report), "", *_format_triage_e2e(report), ""]
    lines += [*_format_router(report), ""]
    if "triage_accuracy" in report:
        lines += [*format_accuracy(report["triage_accuracy"], report["targets"].get("triage_accuracy")), ""]
    missed = report.get("missed") or []
    failed = report.get("failed") or []
    lines += [f"MISSED: {line}" for line in missed]
    lines += [f"FAILED: {line}" for line in failed]
    if not missed and not failed:
        lines.append("All targets met.")
    return "\n".join(lines)


def _format_router(report: Mapping[str, Any]) -> list[str]:
    skipped = report.get("skipped", {}).get("router_records_per_s")
    if skipped:
        return [f"Event router: skipped ({skipped})"]
    samples = report.get("router_samples", {})
    baseline = samples.get("baseline", {})
    targets = report["targets"]
    lines = ["Event router on MiniStack (issue 22)"]
    if "router_records_per_s" in report:
        lines += [
            f"  throughput {report['router_records_per_s']:.1f} records/s (runs {samples.get('records_per_s')}), "
            f"{report['router_speedup']:g}x the router before batching: {baseline.get('median')} records/s, "
            f"{baseline.get('source')} (target >= {targets.get('router_speedup')}x)",
        ]
    if "webhook_latency_under_burst_ms" in report:
        entry = report["webhook_latency_under_burst_ms"]
        lines.append(
            f"  a quiet org's webhooks while another creates {samples.get('burst_incidents')} incidents "
            f"({samples.get('burst_seconds')} s): median {entry['median']:.0f} ms, p95 {entry['p95']:.0f} ms "
            f"(target p95 < {targets['webhook_latency_under_burst_ms']['p95']:g})"
        )
        during = samples.get("during_burst_stage_medians_ms")
        if during:
            stages = ", ".join(f"{name} {value:.0f}" for name, value in during.items())
            lines.append(
                f"  of the {samples.get('quiet_during_burst')} created during the burst, stage medians (ms): {stages}"
            )
    return lines


def _format_webhook_latency(report: Mapping[str, Any]) -> list[str]:
    skipped = report.get("skipped", {}).get("webhook_latency_ms")
    if skipped:
        return [f"Webhook latency: skipped ({skipped})"]
    entry = report.get("webhook_latency_ms")
    details = report.get("webhook_latency_samples", {})
    if entry is None:
        return ["Webhook latency: not measured (see FAILED)"]
    targets: Mapping[str, float] = report["targets"].get("webhook_latency_ms", WEBHOOK_LATENCY_TARGETS)
    lines = [
        "Webhook latency on MiniStack: POST /incidents sent -> event received by the subscriber,",
        f"{entry['samples']} incidents one after another, after {len(details.get('warmup_ms', []))} warm-up "
        "incidents (cold starts of the router and the worker are not measured)",
        f"{'':<24} {'ms':>10} {'target':>10}",
    ]
    for name in ("median", "p95"):
        limit = targets.get(name)
        verdict = "-" if limit is None else ("ok" if entry[name] < limit else "MISSED")
        target_text = f"< {limit:.0f}" if limit is not None else "-"
        lines.append(f"{name:<24} {entry[name]:>10.1f} {target_text:>10}  {verdict}")
    if details.get("warmup_ms"):
        warmups = ", ".join(f"{value:.0f}" for value in details["warmup_ms"])
        lines.append(f"{'(warm-ups, not counted)':<24} {warmups} ms")
    return lines


def _format_delivery_speedup(report: Mapping[str, Any]) -> list[str]:
    skipped = report.get("skipped", {}).get("delivery_speedup")
    if skipped:
        return [f"Delivery throughput: skipped ({skipped})"]
    entry = report.get("delivery_speedup")
    if entry is None:
        return ["Delivery throughput: not measured (see FAILED)"]
    details = report.get("delivery_speedup_samples", {})
    target = float(report["targets"].get("delivery_speedup", SPEEDUP_TARGET))
    runs = len(details.get("concurrent_ms", []))
    verdict = "ok" if entry["speedup"] >= target else "MISSED"
    batch = details.get("batch")
    delay_ms = float(details.get("subscriber_delay_ms", 0))
    lines = [
        "Delivery worker throughput (the worker in-process; DynamoDB in MiniStack and the subscriber in processes"
        f" of their own): a batch of {batch or '?'} deliveries to a subscriber answering after {delay_ms:.0f} ms,"
        f" median of {runs} runs",
        f"{'concurrent (deliver_all)':<24} {entry['concurrent_ms']:>10.1f} ms",
        f"{'serial (deliver loop)':<24} {entry['serial_ms']:>10.1f} ms",
        f"{'speedup':<24} {entry['speedup']:>10.2f} x  target >= {target:g}  {verdict}",
    ]
    if batch:
        overhead = entry["serial_ms"] / batch - delay_ms
        lines.append(
            f"{'(serial, per delivery)':<24} {entry['serial_ms'] / batch:>10.1f} ms = {delay_ms:.0f} ms subscriber "
            f"+ {overhead:.1f} ms of everything else (DynamoDB calls, signing, HTTP)"
        )
    return lines


def _format_triage_engine(report: Mapping[str, Any]) -> list[str]:
    skipped = report.get("skipped", {}).get("triage_engine_ms")
    if skipped:
        return [f"Triage engine: skipped ({skipped})"]
    details = report.get("triage_engine_samples")
    if details is None:
        return ["Triage engine: not measured in this run"]
    entry = report.get("triage_engine_ms")
    if entry is None:
        return ["Triage engine: not measured (see FAILED)"]
    targets: Mapping[str, float] = report["targets"].get("triage_engine_ms", TRIAGE_ENGINE_TARGETS)
    sizes = details.get("raw_data_kib", {})
    low, _ = LARGE_RAW_DATA_KIB
    lines = [
        "Triage engine, in-process: extract_observables + RulesEngine().triage per incident, the engine's time only",
        f"(no SQS, DynamoDB, similar incidents or Lambda), untimed passes first: {details.get('warmup_passes', 0)}; "
        f"{entry['samples']} generated incidents (seed {details.get('seed')};",
        f"{sizes.get('large', 0)} with at least {low} KiB of raw_data, the largest {sizes.get('max', 0):.1f} KiB)",
        f"{'':<24} {'ms':>10} {'target':>10}",
    ]
    for name in ("median", "p99"):
        limit = targets.get(name)
        verdict = "-" if limit is None else ("ok" if entry[name] < limit else "MISSED")
        target_text = f"< {limit:g}" if limit is not None else "-"
        lines.append(f"{name:<24} {entry[name]:>10.2f} {target_text:>10}  {verdict}")
    slowest = details.get("slowest")
    if slowest:
        lines.append(
            f"{'(slowest)':<24} {slowest['ms']:>10.2f} ms: {slowest['kind']} ({slowest['playbook']}), "
            f"{slowest['raw_data_kib']:.1f} KiB of raw_data"
        )
    chosen = ", ".join(f"{name} {count}" for name, count in details.get("playbooks", {}).items())
    lines.append(f"{'(playbooks chosen)':<24} {chosen}")
    return lines


def _format_triage_e2e(report: Mapping[str, Any]) -> list[str]:
    skipped = report.get("skipped", {}).get("triage_e2e_ms")
    if skipped:
        return [f"Triage end to end: skipped ({skipped})"]
    details = report.get("triage_e2e_samples")
    if details is None:
        return ["Triage end to end: not measured in this run"]
    entry = report.get("triage_e2e_ms")
    if entry is None:
        return ["Triage end to end: not measured (see FAILED)"]
    lines = [
        "Triage end to end on MiniStack: POST /incidents sent -> first answer of GET /incidents/{id} showing it",
        f"triaged (polled every {details.get('poll_ms', 0):.0f} ms), {entry['samples']} phishing-like incidents one "
        f"after another, after {len(details.get('warmup_ms', []))} warm-up incidents (cold starts, not counted)",
        f"{'':<24} {'ms':>10}  (no target set)",
    ]
    lines += [f"{name:<24} {entry[name]:>10.1f}" for name in ("median", "p95")]
    if details.get("warmup_ms"):
        warmups = ", ".join(f"{value:.0f}" for value in details["warmup_ms"])
        lines.append(f"{'(warm-ups, not counted)':<24} {warmups} ms")
    verdicts = ", ".join(f"{name} {count}" for name, count in details.get("classifications", {}).items())
    if verdicts:
        lines.append(f"{'(verdicts)':<24} {verdicts}")
    return lines


def _sample_count(report: Mapping[str, Any]) -> int:
    counts = {len(entry["function_ms"]) for entry in report.get("samples", {}).values()}
    return max(counts) if counts else 0
