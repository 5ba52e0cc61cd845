#!/usr/bin/env python3
"""Benchmark of the API functions: cold-start cost, DynamoDB calls per request, and webhooks.

    .venv/bin/python scripts/bench.py                  # what `make bench` runs
    .venv/bin/python scripts/bench.py --samples 3      # quicker, noisier
    .venv/bin/python scripts/bench.py --skip-webhook-latency   # no MiniStack deploy (~10-15 s less)
    .venv/bin/python scripts/bench.py --importtime create_incident   # import profile, no figures

Prints a table and writes the same figures to ``.local/bench.json``::

    {"cold_start": {"<function>": {"ratio": r, "median_ms": m, "baseline_ms": b}},
     "dynamodb_calls": {"create_incident": n, "get_incident": n, "list_incidents": n},
     "webhook_latency_ms": {"median": m, "p95": p, "samples": n},
     "delivery_speedup": {"concurrent_ms": c, "serial_ms": s, "speedup": s / c},
     ...extra keys: samples, dynamodb_call_names, webhook_latency_samples, delivery_speedup_samples,
        targets, missed, failed, skipped, python, boto3, measured_at}

A missed target is reported (MISSED) and the exit status stays 0; a bench that could not
measure what it should (a webhook that never arrived, a delivery that did not end
``delivered``) is reported as FAILED, with exit status 1, after the report is written.

Cold start, measured the way Lambda runs a function:

- Dependencies as Lambda sees them. The layer is built by its own Makefile, the one
  ``sam build`` runs (``layers/incident_core/Makefile``: requirements plus
  ``incident_core``, compiled to unchecked-hash bytecode, since ``/opt`` is read-only
  and a layer shipped as source is compiled again at every cold start), into
  ``.local/bench/layer-build``, afresh on every run. The runtime's boto3 (the version
  of the dev venv) goes into ``.local/bench/runtime`` with bytecode, as the Lambda
  runtime ships it, reused while a stamp (boto3 version, interpreter) still matches.
  The functions are copied afresh without ``__pycache__`` (SAM ships them as source).
  ``cryptography`` must not be on that path: pyjwt imports it whenever it is installed.
- One fresh interpreter per sample: ``python3.13 -S -s -E -B`` (no dev site-packages,
  no PYTHON* variables, no bytecode written), with the function's environment from
  ``template.yaml`` (tracing off) plus what the Lambda runtime sets. A tiny runner puts
  the function, the layer and the runtime on ``sys.path`` and measures, from its own
  start, the import of ``app`` and the first ``lambda_handler`` call with a realistic
  API Gateway event (a valid HS256 token; an incident created beforehand where the
  route needs one). The first calls reach moto's DynamoDB server, started here on
  127.0.0.1.
- The baseline is a bare handler that only imports boto3 and makes the DynamoDB client
  at module level, run by the same runner with the same path and environment. Its
  samples are paired with the function's samples, in alternating order, so machine noise
  falls on both. The ratio is median(function) / median(paired baseline).

DynamoDB calls per request are counted in-process against moto (``mock_aws``) with a
botocore ``before-call.dynamodb`` hook on the default session, after a warm-up call of
the same handler, so lazy set-up is not counted.

Webhook latency (``webhook_latency_ms``), end to end on MiniStack: an emulator of its own
in a temporary state directory (never the developer's ``.local`` one; stopped by its pid
at the end, its log kept as ``.local/bench/webhook-ministack.log``), the repo's template
deployed as ``incident-api-bench`` with the ``local`` config (insecure webhook targets
allowed, subscriptions cached for 1 s), a subscriber on 127.0.0.1 subscribed to
``incident.created`` through ``POST /webhooks``. After the router's cache has expired and
a few warm-up incidents (the cold starts of the router and the worker are not what this
measures), incidents are created one after another; each latency runs from the moment
``POST /incidents`` is sent to the subscriber's arrival time of that incident's event.
Median and p95 (nearest rank). An event that does not arrive within 20 s is lost: the
bench fails, a loss is never counted as a latency.

Delivery throughput (``delivery_speedup``), in-process against moto: one batch of
deliveries to a local subscriber that answers after 100 ms, sent by ``deliver_all`` (the
worker's concurrent path) and, in the same run, another batch by a serial loop of
``deliver``; median of 3 runs each, the order alternating, every run in a fresh moto
state (moto's TransactWriteItems copies the whole table, so a grown table would slow the
later runs). Every delivery must end ``delivered``. Moto's DynamoDB runs in this process
and holds the GIL, so its calls do not overlap as real network calls would: the speedup
measured here is a lower bound of the worker's.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYER_SOURCE = ROOT / "layers" / "incident_core"
FUNCTIONS_SOURCE = ROOT / "functions"
BENCH_DIR = ROOT / ".local" / "bench"
REPORT_PATH = ROOT / ".local" / "bench.json"

SAMPLES = 7
RATIO_TARGET = 1.3
DYNAMODB_TARGETS: dict[str, int] = {"create_incident": 2, "get_incident": 1, "list_incidents": 2}
DEPENDENCY_LAYOUT = "bench-deps-2"  # bump to force a reinstall when the layout changes

TABLE = "incidents-bench"
SECRET = "bench-secret-0123456789abcdef0123456789"
REGION = "us-east-1"
ORG = "bench"
RESULT_MARKER = "BENCH-RESULT "
SAMPLE_TIMEOUT_SECONDS = 60

# Webhook latency on MiniStack (targets: strictly below, in ms).
WEBHOOK_LATENCY_TARGETS: dict[str, float] = {"median": 1000.0, "p95": 2000.0}
WEBHOOK_STACK = "incident-api-bench"
WEBHOOK_INCIDENTS = 50
WEBHOOK_WARMUPS = 3
WEBHOOK_TIMEOUT_SECONDS = 20.0
WEBHOOK_WARMUP_TIMEOUT_SECONDS = 60.0  # the warm-ups include the cold starts of router and worker
ROUTER_CACHE_WAIT_SECONDS = 2.0  # the local config caches an org's subscriptions for 1 s
WEBHOOK_LOG = BENCH_DIR / "webhook-ministack.log"

# Delivery worker throughput (worker in-process, DynamoDB in MiniStack).
SPEEDUP_TARGET = 8.0
DELIVERY_BATCH = 10
SUBSCRIBER_DELAY_SECONDS = 0.1
DELIVERY_RUNS = 3

BASELINE_SOURCE = '''\
"""A bare handler: boto3 and the client the functions make, nothing else."""

import boto3

client = boto3.client("dynamodb")


def lambda_handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}
'''

RUNNER_SOURCE = '''\
"""One cold start: import `app` from the code directory, call it once, print the timings."""

import time

STARTED = time.perf_counter()

import json
import sys


class Context:
    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "00000000-0000-4000-8000-000000000000"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "bench"

    def get_remaining_time_in_millis(self):
        return 10_000


def main():
    event_file, *paths = sys.argv[1:]
    sys.path[:1] = paths
    with open(event_file, encoding="utf-8") as handle:
        event = json.load(handle)
    module = __import__("app")
    imported = time.perf_counter()
    response = module.lambda_handler(event, Context())
    finished = time.perf_counter()
    result = {
        "total_ms": (finished - STARTED) * 1000,
        "import_ms": (imported - STARTED) * 1000,
        "status": response.get("statusCode"),
        "body": response.get("body"),
        "cryptography_loaded": "cryptography" in sys.modules,
    }
    sys.stdout.write(MARKER + json.dumps(result) + "\\n")
    sys.stdout.flush()


main()
'''.replace("MARKER", repr(RESULT_MARKER))

NEW_INCIDENT: dict[str, Any] = {
    "title": "Suspicious login from a new country",
    "description": "Impossible travel for a finance user: Frankfurt then Sao Paulo within 20 minutes.",
    "severity": "high",
    "incident_type": "account_compromise",
    "source": "siem",
    "affected_systems": ["okta", "vpn"],
    "tags": ["identity", "finance"],
}


LAYER_BYTECODE = "the layer as its Makefile builds it (unchecked-hash .pyc); functions as source"


class BenchError(RuntimeError):
    """The bench could not measure what it should (not a missed target)."""


# --- report: pure functions, unit-tested ------------------------------------------------------


@dataclass
class ColdStartSamples:
    """Cold-start samples of one function and of the baseline runs paired with them (ms)."""

    function_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    import_ms: list[float] = field(default_factory=list)


def median_ms(values: Sequence[float]) -> float:
    """The median of some durations, rounded to 0.1 ms."""
    if not values:
        raise ValueError("no samples")
    return round(statistics.median(values), 1)


def cold_start_ratio(function_ms: Sequence[float], baseline_ms: Sequence[float]) -> float:
    """median(function) / median(baseline), rounded to 0.01."""
    baseline = statistics.median(baseline_ms) if baseline_ms else 0.0
    if baseline <= 0:
        raise ValueError("the baseline has no positive samples")
    return round(statistics.median(function_ms) / baseline, 2)


def cold_start_entry(samples: ColdStartSamples) -> dict[str, float]:
    """The `cold_start` entry of one function: ratio, its median and the baseline's median."""
    return {
        "ratio": cold_start_ratio(samples.function_ms, samples.baseline_ms),
        "median_ms": median_ms(samples.function_ms),
        "baseline_ms": median_ms(samples.baseline_ms),
    }


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


def bench_failures(
    webhook_latency: WebhookLatencySamples | None, delivery_speedup: DeliverySpeedupSamples | None
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
    return failures


def missed_targets(report: Mapping[str, Any]) -> list[str]:
    """One line per missed target of a report; empty when every target is met."""
    missed: list[str] = []
    targets = report.get("targets", {})
    ratio_target = float(targets.get("cold_start_ratio", RATIO_TARGET))
    for function, entry in report.get("cold_start", {}).items():
        if entry["ratio"] > ratio_target:
            missed.append(
                f"cold start of {function} is {entry['ratio']:.2f}x the bare handler "
                f"({entry['median_ms']:.1f} ms vs {entry['baseline_ms']:.1f} ms; target <= {ratio_target})"
            )
    call_targets: Mapping[str, int] = targets.get("dynamodb_calls", DYNAMODB_TARGETS)
    for function, calls in report.get("dynamodb_calls", {}).items():
        limit = call_targets.get(function)
        if limit is not None and calls > limit:
            missed.append(f"{function} makes {calls} DynamoDB calls per request (target <= {limit})")
    latency = report.get("webhook_latency_ms")
    if latency is not None:
        latency_targets: Mapping[str, float] = targets.get("webhook_latency_ms", WEBHOOK_LATENCY_TARGETS)
        for name, limit_ms in latency_targets.items():
            if latency[name] >= limit_ms:
                missed.append(
                    f"webhook latency {name} is {latency[name]:.1f} ms over {latency['samples']} incidents "
                    f"(target < {limit_ms:.0f} ms)"
                )
    speedup = report.get("delivery_speedup")
    if speedup is not None:
        speedup_target = float(targets.get("delivery_speedup", SPEEDUP_TARGET))
        if speedup["speedup"] < speedup_target:
            missed.append(
                f"delivery speedup is {speedup['speedup']:.2f}x ({speedup['serial_ms']:.1f} ms serial vs "
                f"{speedup['concurrent_ms']:.1f} ms concurrent; target >= {speedup_target:g})"
            )
    return missed


def build_report(
    cold_starts: Mapping[str, ColdStartSamples],
    dynamodb_calls: Mapping[str, Sequence[str]],
    *,
    webhook_latency: WebhookLatencySamples | None = None,
    delivery_speedup: DeliverySpeedupSamples | None = None,
    skipped: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The report written to `.local/bench.json`: the specified keys first, then extras.

    `skipped` names measurements not made this run (key -> why); a measurement that was
    made but could not be computed is in `failed`, not in its key.
    """
    report: dict[str, Any] = {
        "cold_start": {name: cold_start_entry(samples) for name, samples in cold_starts.items()},
        "dynamodb_calls": {name: len(calls) for name, calls in dynamodb_calls.items()},
    }
    if webhook_latency is not None and webhook_latency.latencies_ms:
        report["webhook_latency_ms"] = webhook_latency_entry(webhook_latency.latencies_ms)
    if delivery_speedup is not None and delivery_speedup.concurrent_ms and delivery_speedup.serial_ms:
        report["delivery_speedup"] = delivery_speedup_entry(delivery_speedup.concurrent_ms, delivery_speedup.serial_ms)
    report.update(
        {
            "dynamodb_call_names": {name: list(calls) for name, calls in dynamodb_calls.items()},
            "targets": {
                "cold_start_ratio": RATIO_TARGET,
                "dynamodb_calls": dict(DYNAMODB_TARGETS),
                "webhook_latency_ms": dict(WEBHOOK_LATENCY_TARGETS),
                "delivery_speedup": SPEEDUP_TARGET,
            },
            "samples": {
                name: {
                    "function_ms": [round(value, 1) for value in samples.function_ms],
                    "baseline_ms": [round(value, 1) for value in samples.baseline_ms],
                    "import_ms": [round(value, 1) for value in samples.import_ms],
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
    report.update(context or {})
    report["skipped"] = dict(skipped or {})
    report["missed"] = missed_targets(report)
    report["failed"] = bench_failures(webhook_latency, delivery_speedup)
    return report


def format_report(report: Mapping[str, Any]) -> str:
    """The human-readable table of a report (the same figures as the JSON)."""
    ratio_target = report["targets"]["cold_start_ratio"]
    call_targets = report["targets"]["dynamodb_calls"]
    lines = [
        "Cold start: fresh process, imports + module set-up + first call, median of "
        f"{_sample_count(report)}, tracing disabled",
        f"{'function':<24} {'median ms':>10} {'import ms':>10} {'baseline ms':>12} {'ratio':>7}  "
        f"target <= {ratio_target}",
    ]
    for name, entry in report["cold_start"].items():
        imports = report.get("samples", {}).get(name, {}).get("import_ms") or []
        import_text = f"{median_ms(imports):>10.1f}" if imports else f"{'-':>10}"
        verdict = "ok" if entry["ratio"] <= ratio_target else "MISSED"
        lines.append(
            f"{name:<24} {entry['median_ms']:>10.1f} {import_text} {entry['baseline_ms']:>12.1f} "
            f"{entry['ratio']:>7.2f}  {verdict}"
        )
    lines += ["", "DynamoDB calls per request", f"{'function':<24} {'calls':>5} {'target':>7}  {'':<6} calls made"]
    for name, count in report["dynamodb_calls"].items():
        limit = call_targets.get(name)
        verdict = "-" if limit is None else ("ok" if count <= limit else "MISSED")
        target_text = f"<= {limit}" if limit is not None else "-"
        names = ", ".join(report.get("dynamodb_call_names", {}).get(name, []))
        lines.append(f"{name:<24} {count:>5} {target_text:>7}  {verdict:<6} {names}")
    lines += ["", *_format_webhook_latency(report), "", *_format_delivery_speedup(report), ""]
    missed = report.get("missed") or []
    failed = report.get("failed") or []
    lines += [f"MISSED: {line}" for line in missed]
    lines += [f"FAILED: {line}" for line in failed]
    if not missed and not failed:
        lines.append("All targets met.")
    return "\n".join(lines)


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
        f"Delivery worker throughput (worker in-process, DynamoDB in MiniStack): a batch of {batch or '?'} "
        f"deliveries to a subscriber answering after {delay_ms:.0f} ms, median of {runs} runs",
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


def _sample_count(report: Mapping[str, Any]) -> int:
    counts = {len(entry["function_ms"]) for entry in report.get("samples", {}).values()}
    return max(counts) if counts else 0


# --- dependencies as Lambda sees them ------------------------------------------------------------


@dataclass(frozen=True)
class BenchPaths:
    """Where the Lambda-like import path and the bench's files live."""

    root: Path = BENCH_DIR

    @property
    def layer_artifacts(self) -> Path:
        """ARTIFACTS_DIR of the layer's own build (what sam build zips)."""
        return self.root / "layer-build"

    @property
    def layer(self) -> Path:
        """Where Lambda puts the layer on sys.path: the artifact's `python/`."""
        return self.layer_artifacts / "python"

    @property
    def runtime(self) -> Path:
        """What the Lambda runtime ships: boto3 and botocore, with bytecode."""
        return self.root / "runtime"

    @property
    def functions(self) -> Path:
        return self.root / "functions"

    @property
    def baseline(self) -> Path:
        return self.root / "baseline"

    @property
    def runner(self) -> Path:
        return self.root / "runner" / "runner.py"

    @property
    def events(self) -> Path:
        return self.root / "events"

    @property
    def home(self) -> Path:
        """An empty HOME, so no developer AWS config reaches the samples."""
        return self.root / "home"

    @property
    def stamp(self) -> Path:
        return self.root / "deps.stamp"

    def import_path(self, code_dir: Path) -> list[str]:
        """sys.path entries in Lambda's order: function code, layer, runtime."""
        return [str(code_dir), str(self.layer), str(self.runtime)]


def runtime_versions() -> dict[str, str]:
    """The boto3 and botocore versions of the dev venv (the bench's stand-in for Lambda's)."""
    return {name: importlib.metadata.version(name) for name in ("boto3", "botocore")}


def dependency_stamp(requirements: str, versions: Mapping[str, str], python: str) -> str:
    """A hash of everything the installed dependencies depend on."""
    text = json.dumps([DEPENDENCY_LAYOUT, requirements, dict(versions), python], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def install_runtime(paths: BenchPaths, python: str) -> None:
    """Install the runtime's boto3 (with bytecode), unless the stamp still matches."""
    versions = runtime_versions()
    stamp = dependency_stamp("", versions, python)
    if paths.stamp.is_file() and paths.stamp.read_text().strip() == stamp:
        return
    shutil.rmtree(paths.runtime, ignore_errors=True)
    paths.runtime.mkdir(parents=True)
    paths.stamp.unlink(missing_ok=True)
    pins = [f"{name}=={version}" for name, version in versions.items()]
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target"]
    print(f"bench: pip install --target {paths.runtime.relative_to(ROOT)} {' '.join(pins)}", flush=True)
    subprocess.run([*command, str(paths.runtime), *pins], check=True)
    paths.stamp.write_text(stamp + "\n")


def build_layer(paths: BenchPaths) -> None:
    """Build the layer with its own Makefile, as `sam build` does (into a scratch copy)."""
    shutil.rmtree(paths.layer_artifacts, ignore_errors=True)
    scratch = paths.root / "layer-source"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(LAYER_SOURCE, scratch, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    print("bench: building the layer with layers/incident_core/Makefile", flush=True)
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(scratch),
            "build-IncidentCoreLayer",
            f"ARTIFACTS_DIR={paths.layer_artifacts}",
        ],
        check=True,
        env=env,
    )


def check_no_cryptography(paths: BenchPaths) -> None:
    """Lambda's layer ships no `cryptography`; pyjwt would import it (~45 ms) if it were there."""
    found = [str(d / "cryptography") for d in (paths.layer, paths.runtime) if (d / "cryptography").exists()]
    if found:
        raise BenchError(f"cryptography is on the Lambda-like path ({', '.join(found)}); the layer must not ship it")


def copy_code(paths: BenchPaths, functions: Sequence[str]) -> None:
    """Fresh copies of the layer package, the functions, the baseline and the runner (no bytecode)."""
    no_bytecode = shutil.ignore_patterns("__pycache__", "*.pyc")
    for directory in (paths.functions, paths.baseline, paths.runner.parent, paths.events, paths.home):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    for name in functions:
        shutil.copytree(FUNCTIONS_SOURCE / name, paths.functions / name, ignore=no_bytecode)
    (paths.baseline / "app.py").write_text(BASELINE_SOURCE)
    paths.runner.write_text(RUNNER_SOURCE)


def prepare(paths: BenchPaths, python: str, functions: Sequence[str]) -> None:
    """Everything on disk the samples need."""
    paths.root.mkdir(parents=True, exist_ok=True)
    install_runtime(paths, python)
    build_layer(paths)
    check_no_cryptography(paths)
    copy_code(paths, functions)


# --- the functions, their events and environment, from template.yaml ---------------------------


@dataclass(frozen=True)
class BenchRequest:
    """The request a function's first call serves."""

    method: str
    resource: str
    body: Mapping[str, Any] | None = None
    query: Mapping[str, list[str]] | None = None
    headers: Mapping[str, str] | None = None
    authenticated: bool = True

    @property
    def needs_incident(self) -> bool:
        return "{id}" in self.resource


REQUESTS: dict[str, BenchRequest] = {
    "health": BenchRequest("GET", "/health", authenticated=False),
    "create_incident": BenchRequest("POST", "/incidents", body=NEW_INCIDENT),
    "list_incidents": BenchRequest("GET", "/incidents", query={"limit": ["20"]}),
    "get_incident": BenchRequest("GET", "/incidents/{id}"),
    "update_incident": BenchRequest(
        "PATCH",
        "/incidents/{id}",
        body={"severity": "critical", "tags": ["identity", "escalated"]},
        headers={"If-Match": '"1"'},
    ),
    "change_incident_status": BenchRequest("PUT", "/incidents/{id}/status", body={"status": "acknowledged"}),
    "delete_incident": BenchRequest("DELETE", "/incidents/{id}"),
}


@dataclass(frozen=True)
class ApiFunction:
    """An API function of the template: its logical id, code directory and routes."""

    logical_id: str
    name: str
    routes: tuple[tuple[str, str], ...]
    environment: Mapping[str, Any]


def api_functions(template: Mapping[str, Any]) -> list[ApiFunction]:
    """Every function of the template with an API event, in template order."""
    found: list[ApiFunction] = []
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = resource.get("Properties", {})
        routes = tuple(
            (str(event["Properties"]["Method"]).upper(), str(event["Properties"]["Path"]))
            for event in properties.get("Events", {}).values()
            if event.get("Type") == "Api"
        )
        if routes:
            name = str(properties["CodeUri"]).rstrip("/").split("/")[-1]
            variables = properties.get("Environment", {}).get("Variables", {})
            found.append(ApiFunction(logical_id, name, routes, variables))
    return found


def resolve(value: Any, refs: Mapping[str, str], conditions: Mapping[str, Any]) -> Any:
    """Evaluate the CloudFormation functions the environment uses (Ref, If, Equals, Not, Condition)."""
    if not (isinstance(value, dict) and len(value) == 1):
        return value
    ((kind, argument),) = value.items()
    if kind == "Ref":
        if argument not in refs:
            raise BenchError(f"bench has no value for !Ref {argument} in the function environment")
        return refs[argument]
    if kind == "Condition":
        return resolve(conditions[argument], refs, conditions)
    if kind == "Equals":
        left, right = (resolve(item, refs, conditions) for item in argument)
        return left == right
    if kind == "Not":
        return not resolve(argument[0], refs, conditions)
    if kind == "If":
        name, when_true, when_false = argument
        chosen = when_true if resolve(conditions[name], refs, conditions) else when_false
        return resolve(chosen, refs, conditions)
    raise BenchError(f"bench can not evaluate {kind} in the function environment")


def function_environment(
    template: Mapping[str, Any], function: ApiFunction | None, *, endpoint: str, home: Path
) -> dict[str, str]:
    """The environment of a function as deployed (template globals, tracing off) plus Lambda's own."""
    parameters = {name: str(spec.get("Default", "")) for name, spec in template.get("Parameters", {}).items()}
    parameters.update({"JwtSecret": SECRET, "Environment": "aws", "EnableTracing": "false", "LogLevel": "INFO"})
    # !Ref of a queue is its URL; the API functions never send to it (the event router does).
    queues = {
        name: f"https://sqs.{REGION}.amazonaws.com/123456789012/{name}"
        for name, resource in template.get("Resources", {}).items()
        if resource.get("Type") == "AWS::SQS::Queue"
    }
    # !Ref of a bucket is its name; the measured functions never touch it.
    buckets = {
        name: f"bench-{name.lower()}"
        for name, resource in template.get("Resources", {}).items()
        if resource.get("Type") == "AWS::S3::Bucket"
    }
    refs = {**parameters, **queues, **buckets, "AWS::Region": REGION, "IncidentsTable": TABLE}
    conditions = template.get("Conditions", {})
    variables = dict(template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
    variables.update(function.environment if function else {})
    environment = {name: str(resolve(value, refs, conditions)) for name, value in variables.items()}
    function_name = function.logical_id if function else "BareHandler"
    environment.update(
        {
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": function_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
            "_HANDLER": "app.lambda_handler",
            "HOME": str(home),
            "AWS_CONFIG_FILE": str(home / "config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
            "LANG": "C.UTF-8",
            "TZ": ":UTC",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        }
    )
    if environment.get("POWERTOOLS_TRACE_DISABLED", "true").lower() != "true":
        raise BenchError("the bench measures with tracing disabled, but the template enables it")
    return environment


def bench_token() -> str:
    """A valid HS256 token of the bench org with every permission."""
    from scripts.dev_token import ALL_PERMISSIONS, make_token

    return make_token(secret=SECRET, org=ORG, sub="bench-user", permissions=ALL_PERMISSIONS)


def request_event(request: BenchRequest, *, incident_id: str | None, token: str) -> dict[str, Any]:
    """The API Gateway REST proxy event of a request."""
    from tests.support.api_events import api_event

    return api_event(
        request.method,
        request.resource,
        path_parameters={"id": incident_id} if request.needs_incident and incident_id else None,
        body=dict(request.body) if request.body is not None else None,
        token=token if request.authenticated else None,
        headers=dict(request.headers or {}),
        query={name: list(values) for name, values in (request.query or {}).items()} or None,
    )


# --- in-process calls (seeding and counting) ---------------------------------------------------


@contextlib.contextmanager
def environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, remove) environment variables, and reset the layer's cached settings."""
    from incident_core.repository import get_repository
    from incident_core.settings import get_settings

    saved = {name: os.environ.get(name) for name in values}

    def apply(changes: Mapping[str, str | None]) -> None:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        get_repository.cache_clear()

    apply(values)
    try:
        yield
    finally:
        apply(saved)


def in_process_environment(endpoint: str | None) -> dict[str, str | None]:
    """Environment of in-process handler calls (the dev venv; quiet logs)."""
    return {
        "TABLE_NAME": TABLE,
        "JWT_SECRET": SECRET,
        "ENVIRONMENT": "aws",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_PROFILE": None,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }


class InProcessApi:
    """Calls the real handlers in this process, the way tests/integration does."""

    def __init__(self) -> None:
        self._modules: dict[str, Any] = {}
        self.token = bench_token()

    def call(self, name: str, incident_id: str | None = None) -> dict[str, Any]:
        from tests.support.api_events import LambdaContext, load_function

        if name not in self._modules:
            self._modules[name] = load_function(name)
        event = request_event(REQUESTS[name], incident_id=incident_id, token=self.token)
        response: dict[str, Any] = self._modules[name].lambda_handler(event, LambdaContext())
        if response["statusCode"] >= 400:
            raise BenchError(f"in-process {name} answered {response['statusCode']}: {response.get('body')}")
        return response

    def create(self) -> str:
        """Create an incident; its id."""
        body = json.loads(self.call("create_incident")["body"])
        return str(body["data"]["id"])


class CallRecorder:
    """Records DynamoDB API calls by name through botocore's `before-call.dynamodb` event."""

    def __init__(self) -> None:
        self._calls: list[str] = []

    def record(self, model: Any, **_: Any) -> None:
        self._calls.append(str(model.name))

    def take(self) -> list[str]:
        """The calls recorded since the last take."""
        calls, self._calls = self._calls, []
        return calls


def count_dynamodb_calls(template: Mapping[str, Any]) -> dict[str, list[str]]:
    """DynamoDB calls of one create, get and list request each (after a warm-up call of each)."""
    import boto3
    from moto import mock_aws

    from tests.support.template import table_definition

    recorder = CallRecorder()
    with environment(in_process_environment(None)), mock_aws():
        boto3.client("dynamodb", region_name=REGION).create_table(TableName=TABLE, **table_definition())
        # A fresh default session: every DynamoDB client made from now on (the repository's
        # is made lazily, at first use) carries the hook.
        boto3.setup_default_session(region_name=REGION)
        assert boto3.DEFAULT_SESSION is not None
        boto3.DEFAULT_SESSION.events.register("before-call.dynamodb", recorder.record)
        api = InProcessApi()
        warm_id = api.create()
        api.call("get_incident", warm_id)
        api.call("list_incidents")
        recorder.take()
        incident_id = api.create()
        calls = {"create_incident": recorder.take()}
        api.call("get_incident", incident_id)
        calls["get_incident"] = recorder.take()
        api.call("list_incidents")
        calls["list_incidents"] = recorder.take()
    return calls


# --- cold starts in fresh processes ------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def dynamodb_server() -> Iterator[str]:
    """moto's server on 127.0.0.1 with the template's table; yields its URL."""
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    from tests.support.template import table_definition

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "dynamodb",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_table(TableName=TABLE, **table_definition())
        yield endpoint
    finally:
        server.stop()


@dataclass(frozen=True)
class SampleResult:
    total_ms: float
    import_ms: float
    status: int


@dataclass(frozen=True)
class Sampler:
    """Runs one cold start of a code directory in a fresh, isolated interpreter."""

    python: str
    paths: BenchPaths
    extra_flags: tuple[str, ...] = ()

    def command(self, code_dir: Path, event_file: Path) -> list[str]:
        flags = ["-S", "-s", "-E", "-B", *self.extra_flags]
        return [self.python, *flags, str(self.paths.runner), str(event_file), *self.paths.import_path(code_dir)]

    def run(self, code_dir: Path, event_file: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(code_dir, event_file),
            env=dict(env),
            cwd=code_dir,
            capture_output=True,
            text=True,
            timeout=SAMPLE_TIMEOUT_SECONDS,
            check=False,
        )

    def sample(self, code_dir: Path, event_file: Path, env: Mapping[str, str]) -> SampleResult:
        """One cold start; fails loudly unless the first call answered below 500."""
        finished = self.run(code_dir, event_file, env)
        lines = [line for line in finished.stdout.splitlines() if line.startswith(RESULT_MARKER)]
        if finished.returncode != 0 or not lines:
            raise BenchError(
                f"cold start of {code_dir.name} failed (exit {finished.returncode})\n"
                f"stdout:\n{finished.stdout}\nstderr:\n{finished.stderr}"
            )
        result = json.loads(lines[-1].removeprefix(RESULT_MARKER))
        if result["cryptography_loaded"]:
            raise BenchError(f"{code_dir.name} imported cryptography, which Lambda's layer does not ship")
        status = int(result["status"] or 0)
        if not 0 < status < 500:
            raise BenchError(f"first call of {code_dir.name} answered {status}: {result['body']}")
        return SampleResult(float(result["total_ms"]), float(result["import_ms"]), status)


@dataclass(frozen=True)
class Subject:
    """A function under measurement: where its code is and what its samples send."""

    function: ApiFunction
    code_dir: Path
    env: Mapping[str, str]
    events: tuple[Path, ...]


def write_events(paths: BenchPaths, api: InProcessApi, name: str, samples: int) -> tuple[Path, ...]:
    """One event file per sample; routes on an incident get a fresh incident each."""
    request = REQUESTS[name]
    files: list[Path] = []
    for index in range(samples):
        incident_id = api.create() if request.needs_incident else None
        event = request_event(request, incident_id=incident_id, token=api.token)
        path = paths.events / f"{name}-{index}.json"
        path.write_text(json.dumps(event))
        files.append(path)
    return tuple(files)


def measure_cold_starts(
    sampler: Sampler, subjects: Sequence[Subject], baseline_env: Mapping[str, str], samples: int
) -> dict[str, ColdStartSamples]:
    """Paired samples, round-robin over the functions, alternating which of a pair runs first."""
    results = {subject.function.name: ColdStartSamples() for subject in subjects}
    for round_index in range(samples):
        for position, subject in enumerate(subjects):
            event = subject.events[round_index]
            collected = results[subject.function.name]
            baseline_first = (round_index + position) % 2 == 0
            for is_baseline in (baseline_first, not baseline_first):
                if is_baseline:
                    collected.baseline_ms.append(sampler.sample(sampler.paths.baseline, event, baseline_env).total_ms)
                else:
                    result = sampler.sample(subject.code_dir, event, subject.env)
                    collected.function_ms.append(result.total_ms)
                    collected.import_ms.append(result.import_ms)
        print(f"bench: round {round_index + 1}/{samples} done", flush=True)
    return results


def benchmarked_functions(template: Mapping[str, Any], only: Sequence[str] | None) -> list[ApiFunction]:
    """The template's API functions that have a bench request (others are named and skipped)."""
    chosen: list[ApiFunction] = []
    for function in api_functions(template):
        if only and function.name not in only:
            continue
        request = REQUESTS.get(function.name)
        if request is None or (request.method, request.resource) not in function.routes:
            print(f"bench: NOTE no bench request matches {function.name} {list(function.routes)}; skipped")
            continue
        chosen.append(function)
    unknown = set(only or ()) - {function.name for function in chosen}
    if unknown:
        raise BenchError(f"unknown or unbenchmarkable functions: {', '.join(sorted(unknown))}")
    return chosen


def make_subjects(
    template: Mapping[str, Any],
    functions: Sequence[ApiFunction],
    paths: BenchPaths,
    *,
    endpoint: str,
    samples: int,
) -> list[Subject]:
    """Seed the incidents the samples need (in-process, against the server) and write the events."""
    with environment(in_process_environment(endpoint)):
        api = InProcessApi()
        return [
            Subject(
                function=function,
                code_dir=paths.functions / function.name,
                env=function_environment(template, function, endpoint=endpoint, home=paths.home),
                events=write_events(paths, api, function.name, samples),
            )
            for function in functions
        ]


# --- import profile ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportTime:
    module: str
    self_us: int
    cumulative_us: int

    @property
    def package(self) -> str:
        return self.module.split(".")[0]


def parse_importtime(stderr: str) -> list[ImportTime]:
    """The entries of `python -X importtime` output."""
    entries: list[ImportTime] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, cumulative_us, module = (part.strip() for part in line.removeprefix("import time:").split("|"))
        entries.append(ImportTime(module, int(self_us), int(cumulative_us)))
    return entries


def format_import_profile(name: str, entries: Sequence[ImportTime], top: int = 25) -> str:
    """Self time per top-level package, then the modules of largest cumulative time."""
    by_package: dict[str, int] = {}
    for entry in entries:
        by_package[entry.package] = by_package.get(entry.package, 0) + entry.self_us
    lines = [f"Import profile of {name} (python -X importtime, same isolated setup)", "self ms  package"]
    for package, self_us in sorted(by_package.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"{self_us / 1000:>7.1f}  {package}")
    lines += ["", "cumulative ms  self ms  module"]
    for entry in sorted(entries, key=lambda item: -item.cumulative_us)[:top]:
        lines.append(f"{entry.cumulative_us / 1000:>13.1f}  {entry.self_us / 1000:>7.1f}  {entry.module}")
    return "\n".join(lines)


def profile_imports(sampler: Sampler, subjects: Sequence[Subject]) -> None:
    """Print the import profile of each subject's cold start (imports done by the first call included)."""
    profiler = Sampler(sampler.python, sampler.paths, ("-X", "importtime"))
    for subject in subjects:
        finished = profiler.run(subject.code_dir, subject.events[0], subject.env)
        if finished.returncode != 0:
            raise BenchError(f"import profile of {subject.function.name} failed:\n{finished.stderr}")
        print(format_import_profile(subject.function.name, parse_importtime(finished.stderr)))
        print()


# --- webhooks: delivery throughput (moto) and end-to-end latency (MiniStack) ------------------


def measure_delivery_speedup(
    *, runs: int = DELIVERY_RUNS, batch: int = DELIVERY_BATCH, delay_seconds: float = SUBSCRIBER_DELAY_SECONDS
) -> DeliverySpeedupSamples:
    """Per run: `batch` deliveries by `deliver_all` and `batch` others by a loop of `deliver`.

    The worker's code runs in this process; its DynamoDB is MiniStack's, a separate process
    on 127.0.0.1 as DynamoDB is to Lambda (in-process moto would hold the GIL during every
    call and measure moto, not the worker). The subscriber on 127.0.0.1 answers after
    `delay_seconds`. Every run uses a fresh table and warms up the clients and the sender
    with one delivery (not counted); the order alternates.
    """
    import tempfile

    from scripts import local_stack
    from tests.support.receiver import webhook_receiver

    samples = DeliverySpeedupSamples(batch=batch, subscriber_delay_ms=delay_seconds * 1000)
    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-dynamodb-"))
    emulator = local_stack.start_emulator(state_dir)
    try:
        settings = {**in_process_environment(emulator.url), "ALLOW_INSECURE_WEBHOOK_TARGETS": "true"}
        with environment(settings), webhook_receiver() as receiver:
            for run_index in range(runs):
                order = ("concurrent", "serial") if run_index % 2 == 0 else ("serial", "concurrent")
                receiver.delay_seconds = 0.0
                elapsed, problems = _delivery_run(receiver, order, batch=batch, delay_seconds=delay_seconds)
                samples.concurrent_ms.append(elapsed["concurrent"])
                samples.serial_ms.append(elapsed["serial"])
                samples.not_delivered += [f"run {run_index + 1}: {line}" for line in problems]
    finally:
        local_stack.stop_emulator(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)
    return samples


def _delivery_run(
    receiver: Any, order: Sequence[str], *, batch: int, delay_seconds: float
) -> tuple[dict[str, float], list[str]]:
    """One run on a fresh table: wall time (ms) per kind, and the deliveries that did not succeed."""
    import boto3

    from incident_core.auth import Principal
    from incident_core.clock import iso, utc_now
    from incident_core.queue import DeliveryMessage
    from incident_core.sender import HttpWebhookSender
    from incident_core.settings import get_settings
    from incident_core.webhook_delivery import DeliveryOutcome, deliver, deliver_all
    from incident_core.webhook_models import WebhookCreate
    from incident_core.webhook_repository import get_webhook_repository
    from incident_core.webhooks import create_webhook, delivery_id_for, new_delivery
    from scripts.dev_token import ALL_PERMISSIONS
    from tests.support.template import table_definition

    table = f"{TABLE}-{uuid.uuid4().hex[:8]}"
    get_webhook_repository.cache_clear()
    get_settings.cache_clear()
    try:
        with environment({"TABLE_NAME": table}):
            boto3.setup_default_session(region_name=REGION)  # none of count_dynamodb_calls' hooks
            boto3.client("dynamodb", region_name=REGION).create_table(TableName=table, **table_definition())
            repository = get_webhook_repository()
            principal = Principal(sub="bench-user", org_id=ORG, permissions=frozenset(ALL_PERMISSIONS))
            created = create_webhook(
                principal=principal,
                data=WebhookCreate(name="bench", url=receiver.url, events=["incident.created"]),
                repository=repository,
            )
            subscription = repository.get_subscription(org_id=ORG, webhook_id=str(created["id"]))
            if subscription is None:
                raise BenchError("the bench's webhook subscription was not stored")
            sender = HttpWebhookSender(allow_insecure=True)

            def pending(count: int) -> list[DeliveryMessage]:
                messages: list[DeliveryMessage] = []
                for _ in range(count):
                    event_id, occurred_at = str(uuid.uuid4()), iso(utc_now())
                    payload = {
                        "id": event_id,
                        "event": "incident.created",
                        "timestamp": occurred_at,
                        "org_id": ORG,
                        "sequence": 1,
                        "data": {**NEW_INCIDENT, "id": str(uuid.uuid4()), "status": "open", "version": 1},
                    }
                    delivery_id = delivery_id_for(event_id, subscription["id"], occurred_at)
                    if not repository.create_delivery(
                        new_delivery(subscription=subscription, payload=payload, delivery_id=delivery_id)
                    ):
                        raise BenchError(f"delivery {delivery_id} already existed")
                    messages.append(DeliveryMessage(ORG, subscription["id"], delivery_id))
                return messages

            def serially(messages: list[DeliveryMessage]) -> list[DeliveryOutcome | BaseException]:
                return [deliver(message, repository=repository, sender=sender) for message in messages]

            def concurrently(messages: list[DeliveryMessage]) -> list[DeliveryOutcome | BaseException]:
                return deliver_all(messages, repository=repository, sender=sender)

            posts_before = len(receiver.received)
            warm_up = pending(1)
            sent: list[tuple[DeliveryMessage, DeliveryOutcome | BaseException]] = []
            sent += zip(warm_up, serially(warm_up), strict=True)
            measured = {kind: pending(batch) for kind in order}
            receiver.delay_seconds = delay_seconds
            elapsed: dict[str, float] = {}
            for kind in order:
                messages = measured[kind]
                started = time.perf_counter()
                outcomes = concurrently(messages) if kind == "concurrent" else serially(messages)
                elapsed[kind] = (time.perf_counter() - started) * 1000
                sent += zip(messages, outcomes, strict=True)
            problems = _undelivered(sent, repository)
            posts = len(receiver.received) - posts_before
            if posts != len(sent):
                problems.append(f"the subscriber received {posts} POSTs for {len(sent)} deliveries")
            return elapsed, problems
    finally:
        get_webhook_repository.cache_clear()
        get_settings.cache_clear()


def _undelivered(sent: Sequence[tuple[Any, Any]], repository: Any) -> list[str]:
    """One line per delivery whose outcome or stored status is not `delivered`."""
    problems: list[str] = []
    for message, outcome in sent:
        status = getattr(outcome, "status", None)
        stored = repository.get_delivery(
            org_id=message.org_id, webhook_id=message.webhook_id, delivery_id=message.delivery_id
        )
        stored_status = stored.get("status") if stored else None
        if status != "delivered" or stored_status != "delivered":
            reason = getattr(outcome, "reason", "")
            what = repr(outcome) if isinstance(outcome, BaseException) else f"{status} ({reason})"
            problems.append(f"delivery {message.delivery_id} ended {what}, stored as {stored_status}")
    return problems


@dataclass(frozen=True)
class WebhookProbe:
    """Creates incidents over HTTP and waits for each one's `incident.created` at the subscriber."""

    api_url: str
    token: str
    receiver: Any  # tests.support.receiver.Receiver
    session: Any  # requests.Session
    arrivals: dict[str, float] = field(default_factory=dict)  # incident id -> first arrival (epoch s)

    def request(self, method: str, path: str, body: Mapping[str, Any]) -> Any:
        response = self.session.request(
            method,
            f"{self.api_url}{path}",
            json=dict(body),
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )
        if response.status_code != 201:
            raise BenchError(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response.json()["data"]

    def round_trip(self, timeout: float) -> tuple[str, float | None]:
        """(incident id, latency in ms from sending POST /incidents to arrival; None when lost)."""
        deadline = time.monotonic() + timeout
        sent = time.time()  # the receiver records arrivals with time.time() too
        incident_id = str(self.request("POST", "/incidents", NEW_INCIDENT)["id"])
        while True:
            self._collect()
            if incident_id in self.arrivals:
                return incident_id, (self.arrivals[incident_id] - sent) * 1000
            if time.monotonic() >= deadline:
                return incident_id, None
            time.sleep(0.005)

    def _collect(self) -> None:
        for received in list(self.receiver.received):
            payload = json.loads(received.body)
            if payload.get("event") == "incident.created":
                self.arrivals.setdefault(str(payload["data"]["id"]), received.at)


def measure_webhook_latency(
    *, incidents: int = WEBHOOK_INCIDENTS, warmups: int = WEBHOOK_WARMUPS
) -> WebhookLatencySamples:
    """Deploy the template into a MiniStack of the bench's own and time incident -> subscriber."""
    from scripts import local_stack

    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-stack-"))
    keep_state = True
    try:
        started = time.monotonic()
        emulator = local_stack.start_emulator(state_dir, die_with_parent=True)
        print(f"bench: MiniStack started on {emulator.url} (pid {emulator.pid}, state in {state_dir})", flush=True)
        try:
            outputs = local_stack.deploy(
                emulator.url,
                repo_root=ROOT,
                stack_name=WEBHOOK_STACK,
                state_dir=state_dir,
                build_dir=state_dir / "build",
                cached=False,
                progress=lambda line: print(f"bench: {line}", flush=True),
            )
            print(f"bench: {WEBHOOK_STACK} deployed in {time.monotonic() - started:.1f} s", flush=True)
            samples = _time_webhooks(local_stack.local_api_url(emulator.url, outputs), incidents, warmups)
        finally:
            # Only the emulator recorded in the bench's own state dir, by its pid.
            local_stack.stop_emulator(state_dir)
            with contextlib.suppress(OSError):
                WEBHOOK_LOG.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(state_dir / local_stack.LOG_FILE, WEBHOOK_LOG)
        keep_state = bool(samples.lost)
        return samples
    except local_stack.LocalStackError as error:
        raise BenchError(f"webhook latency: {error}") from error
    finally:
        if keep_state:
            print(f"bench: kept the webhook stack's state and logs in {state_dir}", file=sys.stderr)
        else:
            shutil.rmtree(state_dir, ignore_errors=True)


def _time_webhooks(api_url: str, incidents: int, warmups: int) -> WebhookLatencySamples:
    import requests

    from scripts.dev_token import ALL_PERMISSIONS, local_jwt_secret, make_token
    from tests.support.receiver import webhook_receiver

    org = f"bench-{uuid.uuid4().hex[:8]}"
    token = make_token(secret=local_jwt_secret(ROOT), org=org, sub="bench-user", permissions=ALL_PERMISSIONS)
    samples = WebhookLatencySamples()
    with requests.Session() as session, webhook_receiver() as receiver:
        session.trust_env = False  # never send 127.0.0.1 through a proxy
        probe = WebhookProbe(api_url, token, receiver, session)
        probe.request("POST", "/webhooks", {"name": "bench", "url": receiver.url, "events": ["incident.created"]})
        time.sleep(ROUTER_CACHE_WAIT_SECONDS)
        for _ in range(warmups):
            incident_id, latency = probe.round_trip(WEBHOOK_WARMUP_TIMEOUT_SECONDS)
            if latency is None:
                raise BenchError(
                    f"webhook latency: warm-up incident {incident_id} never reached the subscriber "
                    f"within {WEBHOOK_WARMUP_TIMEOUT_SECONDS:.0f} s"
                )
            samples.warmup_ms.append(latency)
        warm_text = ", ".join(f"{value:.0f}" for value in samples.warmup_ms)
        print(f"bench: webhook warm-ups (cold starts, not counted): {warm_text} ms", flush=True)
        for index in range(incidents):
            incident_id, latency = probe.round_trip(WEBHOOK_TIMEOUT_SECONDS)
            if latency is None:
                samples.lost.append(incident_id)
            else:
                samples.latencies_ms.append(latency)
            if (index + 1) % 10 == 0:
                print(f"bench: webhook latency {index + 1}/{incidents} done", flush=True)
    return samples


# --- main --------------------------------------------------------------------------------------


def lambda_python() -> str:
    """The base interpreter of the dev venv (python3.13, like the functions' runtime)."""
    python = str(getattr(sys, "_base_executable", "") or sys.executable)
    if sys.version_info[:2] != (3, 13):
        raise BenchError(f"the functions run on python3.13; this is {platform.python_version()}")
    return python


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=SAMPLES, help=f"cold starts per function (default {SAMPLES})")
    parser.add_argument("--functions", nargs="*", help="only these functions (code directory names)")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the JSON report (default {REPORT_PATH.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--skip-webhook-latency",
        action="store_true",
        help="skip the webhook latency on MiniStack (its deploy costs ~10-15 s); "
        "--functions and --importtime skip it too",
    )
    parser.add_argument(
        "--importtime",
        nargs="*",
        metavar="FUNCTION",
        help="print the import profile of these functions (all when none named) instead of measuring",
    )
    args = parser.parse_args(argv)
    if args.samples < 1:
        parser.error("--samples must be at least 1")
    if args.output is None:
        args.output = REPORT_PATH
    return args


def run(args: argparse.Namespace) -> int:
    from tests.support.template import template as load_template

    started = time.perf_counter()
    template = load_template()
    python = lambda_python()
    only = args.importtime if args.importtime else args.functions
    functions = benchmarked_functions(template, only)
    paths = BenchPaths()
    prepare(paths, python, [function.name for function in functions])
    sampler = Sampler(python, paths)
    samples = 1 if args.importtime is not None else args.samples

    calls = count_dynamodb_calls(template) if args.importtime is None else {}
    with dynamodb_server() as endpoint:
        subjects = make_subjects(template, functions, paths, endpoint=endpoint, samples=samples)
        if args.importtime is not None:
            profile_imports(sampler, subjects)
            return 0
        baseline_env = function_environment(template, None, endpoint=endpoint, home=paths.home)
        cold_starts = measure_cold_starts(sampler, subjects, baseline_env, samples)

    print(f"bench: delivery throughput, {DELIVERY_RUNS} runs of {DELIVERY_BATCH} concurrent + serial", flush=True)
    delivery_speedup = measure_delivery_speedup()
    skipped: dict[str, str] = {}
    webhook_latency: WebhookLatencySamples | None = None
    skip_reason = webhook_skip_reason(args)
    if skip_reason:
        skipped["webhook_latency_ms"] = skip_reason
    else:
        print(f"bench: webhook latency on MiniStack, {WEBHOOK_INCIDENTS} incidents", flush=True)
        webhook_latency = measure_webhook_latency()

    versions = runtime_versions()
    report = build_report(
        cold_starts,
        calls,
        webhook_latency=webhook_latency,
        delivery_speedup=delivery_speedup,
        skipped=skipped,
        context={
            "python": platform.python_version(),
            "boto3": versions["boto3"],
            "botocore": versions["botocore"],
            "layer_bytecode": LAYER_BYTECODE,
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "duration_s": round(time.perf_counter() - started, 1),
        },
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(format_report(report))
    print(f"\nbench: wrote {args.output} in {report['duration_s']} s")
    return 1 if report["failed"] else 0


def webhook_skip_reason(args: argparse.Namespace) -> str | None:
    """Why this run skips the webhook latency (None: it measures it)."""
    if args.skip_webhook_latency:
        return "--skip-webhook-latency"
    if args.functions is not None:
        return "--functions"
    if args.importtime is not None:
        return "--importtime"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    for path in (ROOT, LAYER_SOURCE):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    # The in-process handlers log at WARNING and never trace; set before the layer is imported.
    os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
    os.environ["POWERTOOLS_TRACE_DISABLED"] = "true"
    try:
        return run(parse_args(argv))
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"bench: ERROR {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
