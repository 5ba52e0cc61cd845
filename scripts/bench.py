#!/usr/bin/env python3
"""Benchmark of the API functions: cold-start cost, DynamoDB calls per request, webhooks and triage.

    .venv/bin/python scripts/bench.py                  # what `make bench` runs
    .venv/bin/python scripts/bench.py --samples 3      # quicker, noisier
    .venv/bin/python scripts/bench.py --skip-webhook-latency   # no MiniStack deploy: no webhook latency,
                                                               # no triage end to end
    .venv/bin/python scripts/bench.py --importtime create_incident   # import profile, no figures

Prints a table and writes the same figures to ``.local/bench.json``::

    {"cold_start": {"<function>": {"ratio": r, "median_ms": m, "baseline_ms": b}},
     "dynamodb_calls": {"create_incident": n, "get_incident": n, "list_incidents": n},
     "webhook_latency_ms": {"median": m, "p95": p, "samples": n},
     "delivery_speedup": {"concurrent_ms": c, "serial_ms": s, "speedup": s / c},
     "triage_engine_ms": {"median": m, "p99": p, "samples": n},
     "triage_e2e_ms": {"median": m, "p95": p, "samples": n},
     ...extra keys: samples, dynamodb_call_names, webhook_latency_samples, delivery_speedup_samples,
        triage_engine_samples, triage_e2e_samples, targets, missed, failed, skipped, python, boto3,
        measured_at}

A missed target is reported (MISSED) and the exit status stays 0; a bench that could not
measure what it should (a webhook that never arrived, a delivery that did not end
``delivered``, an incident not triaged in time, a corpus that misses a playbook) is reported
as FAILED, with exit status 1, after the report is written.

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
  route needs one). The first calls reach the DynamoDB of a MiniStack started here on
  127.0.0.1 (moto's server takes 40-50 ms for a transaction or a GSI Query, ten times
  DynamoDB, which would be charged to the function and not to the bare handler).
- The baseline is a bare handler that only imports boto3 and makes the DynamoDB client
  at module level, run by the same runner with the same path and environment. Its
  samples are paired with the function's samples, in alternating order, so machine noise
  falls on both. The ratio is median(function) / median(paired baseline).

DynamoDB calls per request are counted in-process against moto (``mock_aws``) with a
botocore ``before-call.dynamodb`` hook on the layer's session (``incident_core.core.aws``), after a warm-up call of
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

Delivery throughput (``delivery_speedup``): one batch of deliveries to a subscriber that
answers after 100 ms, sent by ``deliver_all`` (the worker's concurrent path) and, in the
same run, another batch by a serial loop of ``deliver``; median of 9 runs each, the order
alternating, every run on a fresh table. The worker's code runs in this process; DynamoDB
is a MiniStack of the bench's own and the subscriber a small HTTP server, each in a process
of its own on 127.0.0.1 (a subscriber in this process would take the worker's GIL). Every
delivery must end ``delivered``, and the subscriber must count one POST per delivery.
MiniStack serves DynamoDB calls one at a time, where DynamoDB overlaps them: the worker's
own DynamoDB time is charged in full here.

Triage engine (``triage_engine_ms``), in-process: a corpus of 240 incidents generated from a
fixed seed (``random.Random``, so every run times the same incidents) imitating each
playbook's alerts and benign look-alikes: phishing mails from the gateway (lookalike sender,
Reply-To elsewhere, defanged URLs, attachments) and as users report them (headers pasted in
the text), sign-in summaries (failed-login counts, source IPs, target users), EDR alerts
(hashes, process names, command lines), DLP alerts (bytes_out, destinations), CloudWatch and
uptime availability alarms, CloudWatch and APM performance alerts, and generic ones; about one
in seven carries 10-30 KiB of raw_data (a mail body, sign-in or process events, access logs).
After one untimed pass over the corpus, each incident is timed once (perf_counter) through
``extract_observables`` + ``RulesEngine().triage``: the engine's time only, not the worker's
(no SQS, DynamoDB, similar incidents or Lambda). Median and p99 (nearest rank), targets
< 5 ms and < 20 ms. The corpus must reach every playbook, or the bench fails.

Triage end to end (``triage_e2e_ms``), on the same MiniStack deployment as the webhook
latency (deployed with ``AutoTriage=true`` over the ``local`` config, the template's default
made sure) and after it, in an org of its own (no webhook subscription): a phishing-like
incident is created with ``POST /incidents`` and ``GET /incidents/{id}`` is polled every
20 ms; each time runs from the moment the POST is sent to the arrival of the first answer
that shows the incident ``triaged`` (the run's completion and the incident's new status are
written in one transaction). Every second the latest run is read too, so a failed run ends
the wait with its reason. After 3 warm-up incidents (cold starts), 30 one after another;
median and p95 (nearest rank). An incident not triaged within 30 s, or whose run failed,
fails the bench and is never counted as a time. Skipped whenever the webhook latency is.
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
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
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

# Delivery worker throughput: the worker in-process; DynamoDB (MiniStack) and the subscriber in processes of their own.
SPEEDUP_TARGET = 8.0
DELIVERY_BATCH = 10
SUBSCRIBER_DELAY_SECONDS = 0.1
DELIVERY_RUNS = 9

# Triage: the engine in-process over a generated corpus, and end to end on MiniStack.
TRIAGE_ENGINE_TARGETS: dict[str, float] = {"median": 5.0, "p99": 20.0}  # ms per incident, strictly below
TRIAGE_ENGINE_MEASURES = (
    "extract_observables + RulesEngine().triage per incident, in-process: the engine's time only "
    "(no SQS, DynamoDB, similar incidents, serialisation or Lambda)"
)
TRIAGE_CORPUS_SIZE = 240
TRIAGE_CORPUS_SEED = 5  # issue 5
TRIAGE_ENGINE_WARMUPS = 1  # untimed passes over the whole corpus first
LARGE_RAW_DATA_SHARE = 0.15  # of the corpus, with raw_data of LARGE_RAW_DATA_KIB
LARGE_RAW_DATA_KIB = (10, 30)  # the API takes up to 32 KiB
TRIAGE_E2E_INCIDENTS = 30
TRIAGE_E2E_WARMUPS = 3
TRIAGE_E2E_TIMEOUT_SECONDS = 30.0
TRIAGE_E2E_WARMUP_TIMEOUT_SECONDS = 60.0  # the warm-ups include the cold starts of the worker and the GET
TRIAGE_POLL_SECONDS = 0.02
TRIAGE_RUN_CHECK_SECONDS = 1.0  # how often the latest run is read too (a failed run ends the wait)
MINISTACK_MEASUREMENTS = ("webhook_latency_ms", "triage_e2e_ms")  # made on the one deployment, or skipped together
MINISTACK_OVERRIDES = {"AutoTriage": "true"}  # over samconfig's [local] ones (the template's default, made sure)

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

SUBSCRIBER_SOURCE = '''\
"""The bench's webhook subscriber, in a process of its own (as a subscriber is): POSTs to
/hook answer 200 after the current delay; POST /control?delay_ms=N sets it; GET /control
answers the number of POSTs received so far."""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

state = {"delay": 0.0, "posts": 0}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        url = urlparse(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path == "/control":
            state["delay"] = int(parse_qs(url.query)["delay_ms"][0]) / 1000
            return self._answer(200, b"{}")
        with lock:
            state["posts"] += 1
        time.sleep(state["delay"])
        self._answer(200, b\'{"ok": true}\')

    def do_GET(self):
        self._answer(200, str(state["posts"]).encode())

    def log_message(self, format, *args):
        return


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # a batch of 10 concurrent POSTs must not overflow the backlog
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
sys.stdout.write(f"{server.server_address[1]}\\n")
sys.stdout.flush()
server.serve_forever()
'''

NEW_INCIDENT: dict[str, Any] = {
    "title": "Suspicious login from a new country",
    "description": "Impossible travel for a finance user: Frankfurt then Sao Paulo within 20 minutes.",
    "severity": "high",
    "incident_type": "account_compromise",
    "source": "siem",
    "affected_systems": ["okta", "vpn"],
    "tags": ["identity", "finance"],
}


# The phishing report of the triage E2E test: sender/Reply-To mismatch, a defanged URL, credential words.
TRIAGE_INCIDENT: dict[str, Any] = {
    "title": "Phishing: invoice mail asks finance to log in",
    "description": (
        "Reported mail from billing@examp1e[.]com (Reply-To: pay-desk@evil-payments.example) asks to verify the "
        "password within 24 hours at hxxps://login-micros0ft[.]com/auth?u=1 or the account is suspended."
    ),
    "severity": "high",
    "incident_type": "phishing",
    "source": "phishalarm",
    "raw_data": {"from": "billing@examp1e.com", "reply_to": "pay-desk@evil-payments.example"},
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
    engine = report.get("triage_engine_ms")
    if engine is not None:
        engine_targets: Mapping[str, float] = targets.get("triage_engine_ms", TRIAGE_ENGINE_TARGETS)
        for name, limit_ms in engine_targets.items():
            if engine[name] >= limit_ms:
                missed.append(
                    f"triage engine {name} is {engine[name]:.2f} ms per incident over {engine['samples']} incidents "
                    f"(target < {limit_ms:g} ms)"
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
    triage_engine: TriageEngineSamples | None = None,
    triage_e2e: TriageE2ESamples | None = None,
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
    if triage_engine is not None and triage_engine.runs:
        report["triage_engine_ms"] = triage_engine_entry(triage_engine.timings_ms)
    if triage_e2e is not None and triage_e2e.latencies_ms:
        report["triage_e2e_ms"] = triage_e2e_entry(triage_e2e.latencies_ms)
    report.update(
        {
            "dynamodb_call_names": {name: list(calls) for name, calls in dynamodb_calls.items()},
            "targets": {
                "cold_start_ratio": RATIO_TARGET,
                "dynamodb_calls": dict(DYNAMODB_TARGETS),
                "webhook_latency_ms": dict(WEBHOOK_LATENCY_TARGETS),
                "delivery_speedup": SPEEDUP_TARGET,
                "triage_engine_ms": dict(TRIAGE_ENGINE_TARGETS),
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
    )
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
    lines += ["", *_format_webhook_latency(report), "", *_format_delivery_speedup(report)]
    lines += ["", *_format_triage_engine(report), "", *_format_triage_e2e(report), ""]
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
    from incident_core.core.settings import get_settings
    from incident_core.incidents.repository import get_repository

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

    def record(self, **event: Any) -> None:
        """A `before-call` handler: botocore passes the operation's model as `model`."""
        self._calls.append(str(event["model"].name))

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
        # The layer's botocore session makes every client of the functions (the repository's
        # lazily, at first use), so the hook on it sees each of their calls.
        from incident_core.core import aws

        aws.session().register("before-call.dynamodb", recorder.record)
        try:
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
        finally:
            aws.session().unregister("before-call.dynamodb", recorder.record)
    return calls


# --- cold starts in fresh processes ------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def dynamodb_server() -> Iterator[str]:
    """A MiniStack of the bench's own on 127.0.0.1 with the template's table; yields its URL.

    MiniStack, not moto's server: moto spends 40-50 ms of server time on a TransactWriteItems
    (it copies every table) and on a 21-item GSI Query, ten times what DynamoDB takes, and
    that would be charged to the functions' first calls (the bare handler makes none).
    MiniStack answers these in about 2 ms. Stopped by its pid at the end.
    """
    import boto3

    from scripts import local_stack
    from tests.support.template import table_definition

    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-dynamodb-"))
    emulator = local_stack.start_emulator(state_dir, die_with_parent=True)
    try:
        client = boto3.client(
            "dynamodb",
            endpoint_url=emulator.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_table(TableName=TABLE, **table_definition())
        client.get_waiter("table_exists").wait(TableName=TABLE, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        yield emulator.url
    finally:
        local_stack.stop_emulator(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


@dataclass
class SubscriberProcess:
    """The bench's subscriber, running in a process of its own on 127.0.0.1."""

    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def set_delay(self, seconds: float) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/control?delay_ms={round(seconds * 1000)}", data=b"", method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - our own 127.0.0.1 server
            answer.read()

    def posts(self) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/control", timeout=5) as answer:
            return int(answer.read())


@contextlib.contextmanager
def subscriber_process(python: str) -> Iterator[SubscriberProcess]:
    """Start the subscriber (its port read from its first line of output); stopped by its pid."""
    script = BENCH_DIR / "subscriber.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(SUBSCRIBER_SOURCE)
    process = subprocess.Popen([python, "-S", "-s", "-E", "-B", str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.isdigit():
            raise BenchError(f"the bench's subscriber did not start (said {line!r})")
        yield SubscriberProcess(int(line))
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


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

    samples = DeliverySpeedupSamples(batch=batch, subscriber_delay_ms=delay_seconds * 1000)
    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-dynamodb-"))
    emulator = local_stack.start_emulator(state_dir)
    try:
        settings = {**in_process_environment(emulator.url), "ALLOW_INSECURE_WEBHOOK_TARGETS": "true"}
        with environment(settings), subscriber_process(lambda_python()) as receiver:
            for run_index in range(runs):
                order = ("concurrent", "serial") if run_index % 2 == 0 else ("serial", "concurrent")
                receiver.set_delay(0.0)
                elapsed, problems = _delivery_run(receiver, order, batch=batch, delay_seconds=delay_seconds)
                samples.concurrent_ms.append(elapsed["concurrent"])
                samples.serial_ms.append(elapsed["serial"])
                samples.not_delivered += [f"run {run_index + 1}: {line}" for line in problems]
    finally:
        local_stack.stop_emulator(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)
    return samples


def _delivery_run(
    receiver: SubscriberProcess, order: Sequence[str], *, batch: int, delay_seconds: float
) -> tuple[dict[str, float], list[str]]:
    """One run on a fresh table: wall time (ms) per kind, and the deliveries that did not succeed."""
    import boto3

    from incident_core.core.auth import Principal
    from incident_core.core.clock import iso, utc_now
    from incident_core.core.settings import get_settings
    from incident_core.webhooks.delivery import DeliveryOutcome, deliver, deliver_all
    from incident_core.webhooks.models import WebhookCreate
    from incident_core.webhooks.queue import DeliveryMessage
    from incident_core.webhooks.repository import get_webhook_repository
    from incident_core.webhooks.subscriptions import create_webhook, delivery_id_for, new_delivery
    from incident_core.webhooks.transport.sender import HttpWebhookSender
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

            posts_before = receiver.posts()
            warm_up = pending(1)
            sent: list[tuple[DeliveryMessage, DeliveryOutcome | BaseException]] = []
            sent += zip(warm_up, serially(warm_up), strict=True)
            measured = {kind: pending(batch) for kind in order}
            receiver.set_delay(delay_seconds)
            elapsed: dict[str, float] = {}
            for kind in order:
                messages = measured[kind]
                started = time.perf_counter()
                outcomes = concurrently(messages) if kind == "concurrent" else serially(messages)
                elapsed[kind] = (time.perf_counter() - started) * 1000
                sent += zip(messages, outcomes, strict=True)
            problems = _undelivered(sent, repository)
            posts = receiver.posts() - posts_before
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


def measure_on_ministack() -> tuple[WebhookLatencySamples, TriageE2ESamples]:
    """Deploy the template into a MiniStack of the bench's own; time incident -> subscriber, then
    POST /incidents -> triaged, on the same stack."""
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
                parameter_overrides=MINISTACK_OVERRIDES,
                progress=lambda line: print(f"bench: {line}", flush=True),
            )
            print(f"bench: {WEBHOOK_STACK} deployed in {time.monotonic() - started:.1f} s", flush=True)
            api_url = local_stack.local_api_url(emulator.url, outputs)
            print(f"bench: webhook latency on MiniStack, {WEBHOOK_INCIDENTS} incidents", flush=True)
            samples = _time_webhooks(api_url, WEBHOOK_INCIDENTS, WEBHOOK_WARMUPS)
            print(f"bench: triage end to end on MiniStack, {TRIAGE_E2E_INCIDENTS} incidents", flush=True)
            triage = time_triage_e2e(api_url)
        finally:
            # Only the emulator recorded in the bench's own state dir, by its pid.
            local_stack.stop_emulator(state_dir)
            with contextlib.suppress(OSError):
                WEBHOOK_LOG.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(state_dir / local_stack.LOG_FILE, WEBHOOK_LOG)
        keep_state = bool(samples.lost or triage.not_triaged)
        return samples, triage
    except local_stack.LocalStackError as error:
        raise BenchError(f"MiniStack: {error}") from error
    finally:
        if keep_state:
            print(f"bench: kept the MiniStack stack's state and logs in {state_dir}", file=sys.stderr)
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


# --- triage: the engine over a generated corpus (in-process), and end to end (MiniStack) -------


@dataclass(frozen=True)
class CorpusIncident:
    """One generated incident and the kind of alert it imitates (e.g. `phishing_gateway`)."""

    kind: str
    incident: dict[str, Any]

    @property
    def raw_data_bytes(self) -> int:
        return json_size(self.incident.get("raw_data"))


def json_size(value: Any) -> int:
    """Bytes of `value` as compact JSON (how the API measures raw_data against its limit)."""
    return len(json.dumps(value, separators=(",", ":"), default=str).encode()) if value is not None else 0


_FIRST_NAMES = ("ana", "li", "sam", "maria", "john", "kenji", "petra", "farah", "raj", "emma", "lucas", "noor")
_LAST_NAMES = ("garcia", "wei", "okafor", "rossi", "smith", "tanaka", "novak", "haddad", "patel", "silva", "khan")
_PUBLIC_FIRST_OCTETS = (5, 31, 45, 77, 91, 103, 141, 176, 185, 193, 212)
_LOOKALIKES = (
    "paypa1-secure.com",
    "login-micros0ft.com",
    "micros0ft-security.com",
    "0ffice365-verify.net",
    "docusign-envelope-review.com",
    "app1eid-support.com",
    "dropbox-sharefile.net",
    "amaz0n-billing.com",
    "examp1e-payroll.com",
)
_FREEMAIL = ("gmail.com", "outlook.com", "protonmail.com", "yandex.com", "evil-payments.example")
_SHORTENERS = ("bit.ly", "tinyurl.com", "t.co", "is.gd")
_PHISH_SUBJECTS = (
    "Action required: your account has been suspended",
    "Invoice {n} overdue - verify payment details",
    "Unusual sign-in activity on your account",
    "Your password expires today",
    "Shared document: Q4 bonus review",
    "DocuSign: please review and sign {n}",
)
_HOSTS = ("WS-FIN-{n:03d}", "LT-HR-{n:03d}", "SRV-FILE-{n:02d}", "WS-ENG-{n:03d}", "LT-SALES-{n:03d}")
_SERVICES = ("checkout", "payments", "orders", "search", "auth", "catalog", "notifications", "billing")
_MALWARE = (
    ("Ransom:Win32/LockBit.A", "ransomware", "lockbit.exe"),
    ("Trojan:Win32/Qakbot", "malware", "rundll32.exe"),
    ("HackTool:Win32/Mimikatz", "malware", "mimikatz.exe"),
    ("Backdoor:Win64/CobaltStrike", "malware", "beacon.exe"),
    ("Trojan:PowerShell/Downloader", "malware", "powershell.exe"),
)
_MALICIOUS_COMMANDS = (
    "vssadmin.exe delete shadows /all /quiet",
    'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
    "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAA=",
    "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full",
    "psexec64.exe \\\\SRV-FILE-02 -s cmd.exe /c whoami",
    "wmic.exe shadowcopy delete",
)
_SLOW_STATEMENTS = (
    "SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC",
    "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2",
    "SELECT count(*) FROM sessions WHERE expires_at > now()",
)
_EXFIL_DESTINATIONS = ("mega.nz", "wetransfer.com", "drive.google.com", "dropbox.com", "transfer.sh", "gofile.io")


def _user(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)}.{rng.choice(_LAST_NAMES)}"


def _public_ip(rng: random.Random) -> str:
    return f"{rng.choice(_PUBLIC_FIRST_OCTETS)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _private_ip(rng: random.Random) -> str:
    return rng.choice(
        (
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        )
    )


def _hex(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


def _timestamp(rng: random.Random) -> str:
    day, hour, minute, second = rng.randint(1, 22), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


def defang(url: str) -> str:
    """`https://a.example/x` -> `hxxps://a[.]example/x`, as analysts paste links."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.replace('http', 'hxxp')}://{host.replace('.', '[.]')}{slash}{path}"


def _grow_list(raw: dict[str, Any], key: str, make: Callable[[int], Any], target_bytes: int) -> None:
    """Append `make(i)` to `raw[key]` until raw_data is about `target_bytes` of JSON."""
    items: list[Any] = raw.setdefault(key, [])
    size = json_size(raw)
    while size < target_bytes:
        item = make(len(items))
        items.append(item)
        size += json_size(item) + 1


def _grow_text(raw: dict[str, Any], key: str, make: Callable[[int], str], target_bytes: int) -> None:
    """Grow the string `raw[key]` paragraph by paragraph until raw_data is about `target_bytes`."""
    parts = [raw.get(key, "")]
    size = json_size(raw)
    while size < target_bytes:
        part = make(len(parts))
        parts.append(part)
        size += json_size(part)  # the part, quoted and escaped, less its quotes, plus the "\n" before it
    raw[key] = "\n".join(part for part in parts if part)


def _incident(
    index: int,
    *,
    title: str,
    description: str,
    severity: str,
    incident_type: str | None,
    source: str,
    tags: Sequence[str] = (),
    affected_systems: Sequence[str] = (),
    raw_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An incident as the API shows it (the fields triage reads, and a few it ignores)."""
    return {
        "id": f"inc-bench-{index:04d}",
        "org_id": ORG,
        "title": title[:255],
        "description": description[:5000],
        "severity": severity,
        "status": "open",
        "incident_type": incident_type,
        "source": source,
        "tags": list(tags),
        "affected_systems": list(affected_systems),
        "raw_data": raw_data,
        "version": 1,
        "created_at": "2026-11-23T09:00:00Z",
    }


def _phishing_gateway(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    domain = rng.choice(_LOOKALIKES)
    sender = f"{rng.choice(('billing', 'no-reply', 'security', 'payroll', 'support'))}@{domain}"
    reply_to = f"{rng.choice(('pay-desk', 'verify.team', 'helpdesk', 'accounts'))}@{rng.choice(_FREEMAIL)}"
    ip = _public_ip(rng)
    urls = rng.sample(
        [
            f"https://{domain}/auth/login?session={_hex(rng, 8)}",
            f"http://{ip}/{rng.choice(('o365', 'paypal', 'wp-admin'))}/login.php",
            f"https://{rng.choice(_SHORTENERS)}/{_hex(rng, 7)}",
        ],
        k=rng.randint(1, 3),
    )
    delivered = rng.randint(1, 40)
    subject = rng.choice(_PHISH_SUBJECTS).format(n=rng.randint(10000, 99999))
    recipients = [f"{_user(rng)}@example.org" for _ in range(min(delivered, 12))]
    raw: dict[str, Any] = {
        "message_id": f"<{_hex(rng, 12)}@mail.{domain}>",
        "sender": f"{rng.choice(('PayPal Service', 'Microsoft 365', 'IT Helpdesk', 'Payroll'))} <{sender}>",
        "reply_to": reply_to,
        "recipients": recipients,
        "subject": subject,
        "headers": {
            "spf": rng.choice(("fail", "softfail", "pass")),
            "dkim": rng.choice(("none", "fail", "pass")),
            "dmarc": rng.choice(("fail", "none")),
        },
        "sender_ip": ip,
        "domain_age_days": rng.randint(1, 400),
        "urls": [defang(url) for url in urls],
        "classification": rng.choice(("phish", "credential_phishing", "malicious", "suspicious")),
    }
    if rng.random() < 0.5:
        extension = rng.choice(("docm", "xlsm", "pdf", "html", "iso", "zip"))
        raw["attachments"] = [
            {"filename": f"Invoice_{rng.randint(10000, 99999)}.{extension}", "size": rng.randint(20_000, 900_000)}
        ]
    if large:
        _grow_text(
            raw,
            "html_body",
            lambda n: (
                f"<p>Dear customer, we noticed unusual activity (ref {_hex(rng, 6)}). Verify your password within "
                f'24 hours at <a href="{urls[n % len(urls)]}">{defang(urls[n % len(urls)])}</a> or your account '
                f"will be suspended. Contact {sender} for help.</p>"
            ),
            large,
        )
    return _incident(
        index,
        title=rng.choice(
            (
                f"Email gateway: credential phish delivered to {delivered} users",
                f"URL defense: malicious link clicked by {recipients[0]}",
                f"Phishing: '{subject}'",
            )
        ),
        description=(
            f"A message from {sender} (Reply-To: {reply_to}) was retro-actively classified as phish after "
            f"delivery to {delivered} mailboxes. It links to {defang(urls[0])} and asks to sign in to keep the "
            "account active."
        ),
        severity=rng.choice(("medium", "high")),
        incident_type=rng.choice(("phishing", "suspicious_email")),
        source=rng.choice(("proofpoint", "mimecast", "defender for office")),
        tags=["email", "phishing"],
        raw_data=raw,
    )


def _phishing_reported(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    domain = rng.choice(_LOOKALIKES)
    sender = f"{rng.choice(('billing', 'no-reply', 'it-support'))}@{domain}"
    reply_to = f"{rng.choice(('pay-desk', 'recovery'))}@{rng.choice(_FREEMAIL)}"
    url = f"https://{domain}/{rng.choice(('auth', 'verify', 'sso'))}?u={rng.randint(1, 999)}"
    reporter = _user(rng)
    description = (
        f"From: {sender}\nReply-To: {reply_to}\nSubject: {rng.choice(_PHISH_SUBJECTS).format(n=rng.randint(100, 999))}"
        f"\n\n{reporter} reported this mail. It asks to verify the password within 24 hours at {defang(url)} "
        f"or the account is suspended. Sender IP {_public_ip(rng).replace('.', '[.]')}."
    )
    raw: dict[str, Any] = {"reporter": f"{reporter}@example.org", "report_channel": "phishalarm"}
    if large:
        _grow_list(
            raw,
            "received",
            lambda n: (
                f"from mail-{_hex(rng, 6)}.outbound.{domain} ([{_public_ip(rng)}]) by mx{n % 4}.example.org "
                f"with ESMTPS id {_hex(rng, 16)}; Mon, 23 Nov 2026 09:{n % 60:02d}:01 +0000"
            ),
            large,
        )
    return _incident(
        index,
        title=f"User reported a suspicious email from {domain.replace('.', '[.]')}",
        description=description,
        severity="medium",
        incident_type="phishing",
        source="phishalarm",
        tags=["reported"],
        raw_data=raw if large or rng.random() < 0.5 else None,  # half of the small reports: the text only
    )


def _phishing_benign(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    vendor = rng.choice(("hr-newsletter.example.org", "news.example.org", "mailer.example.org"))
    raw: dict[str, Any] = {
        "sender": f"updates@{vendor}",
        "reply_to": f"updates@{vendor}",
        "subject": rng.choice(("November newsletter", "Benefits enrolment reminder", "Office closure on Friday")),
        "headers": {"spf": "pass", "dkim": "pass", "dmarc": "pass"},
        "urls": [f"https://intranet.example.org/news/{rng.randint(100, 999)}"],
        "classification": "bulk",
        "domain_age_days": rng.randint(800, 4000),
    }
    if large:
        _grow_text(raw, "text_body", lambda n: f"Item {n}: the canteen menu and office news for week {n % 52}.", large)
    return _incident(
        index,
        title="Reported email: internal newsletter",
        description="A user reported the monthly newsletter as suspicious; the gateway marks it bulk, SPF/DKIM pass.",
        severity="low",
        incident_type="suspicious_email",
        source="phishalarm",
        tags=["reported"],
        raw_data=raw,
    )


def _sign_in_event(rng: random.Random, users: Sequence[str], ips: Sequence[str]) -> dict[str, Any]:
    return {
        "published": _timestamp(rng),
        "actor": f"{rng.choice(users)}@example.org",
        "client_ip": rng.choice(ips),
        "outcome": "FAILURE",
        "reason": rng.choice(("INVALID_CREDENTIALS", "VERIFICATION_ERROR", "LOCKED_OUT")),
        "user_agent": rng.choice(("python-requests/2.31", "Mozilla/5.0 (Windows NT 10.0)", "curl/8.4.0")),
        "geo": rng.choice(("RU", "CN", "BR", "NL", "US", "VN")),
    }


def _brute_force_spray(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    ip = _public_ip(rng)
    users = [f"{_user(rng)}@example.org" for _ in range(rng.randint(10, 60))]
    failures = rng.randint(20, 900)
    raw: dict[str, Any] = {
        "source_ip": ip,
        "failed_logins": failures,
        "target_users": users,
        "successful_logins": rng.choice((0, 0, 1)),
        "ip_reputation": rng.choice(("high", "malicious", "medium")),
        "window_minutes": rng.choice((10, 15, 60)),
    }
    if large:
        _grow_list(raw, "events", lambda n: _sign_in_event(rng, users, [ip]), large)
    provider = rng.choice(("okta", "entra", "auth0"))
    return _incident(
        index,
        title=f"Password spray: {failures} failed sign-ins against {len(users)} accounts from {ip}",
        description=(
            f"{provider} reports {failures} failed sign-ins for {len(users)} distinct users from {ip} within "
            f"{raw['window_minutes']} minutes."
        ),
        severity=rng.choice(("medium", "high")),
        incident_type=rng.choice(("password_spray", "brute_force")),
        source=provider,
        tags=["identity"],
        raw_data=raw,
    )


def _brute_force_stuffing(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = f"{_user(rng)}@example.org"
    ips = [_public_ip(rng) for _ in range(rng.randint(5, 40))]
    failures = rng.randint(10, 400)
    raw: dict[str, Any] = {
        "user": user,
        "failed_attempts": failures,
        "source_ips": ips,
        "successful_logins": rng.choice((0, 1)),
        "risk_level": rng.choice(("high", "medium")),
    }
    if large:
        _grow_list(raw, "events", lambda n: _sign_in_event(rng, [user], ips), large)
    return _incident(
        index,
        title=f"Sign-in summary: {failures} failed logins for {user} from {len(ips)} IPs",
        description=f"Credential stuffing suspected: {failures} failed logins for {user} from {len(ips)} sources.",
        severity="high",
        incident_type=rng.choice(("credential_stuffing", "account_takeover", "authentication")),
        source=rng.choice(("okta", "cognito", "duo")),
        tags=["identity"],
        raw_data=raw,
    )


def _brute_force_benign(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = f"{_user(rng)}@example.org"
    ip = _private_ip(rng)
    raw: dict[str, Any] = {"user": user, "failed_logins": rng.randint(1, 4), "source_ip": ip, "successful_logins": 1}
    if large:
        _grow_list(raw, "events", lambda n: _sign_in_event(rng, [user], [ip]), large)
    return _incident(
        index,
        title=f"Account lockout for {user}",
        description=f"{user} was locked out after a few failed logins from the office network ({ip}), then signed in.",
        severity="low",
        incident_type="authentication",
        source="okta",
        tags=["identity"],
        raw_data=raw,
    )


def _edr_alert(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    family, incident_type, image = rng.choice(_MALWARE)
    host = rng.choice(_HOSTS).format(n=rng.randint(1, 300))
    user = _user(rng)
    command = rng.choice(_MALICIOUS_COMMANDS)
    c2 = _public_ip(rng)
    raw: dict[str, Any] = {
        "host": host,
        "user": f"EXAMPLE\\{user}",
        "process_name": image,
        "parent_process": rng.choice(("winword.exe", "explorer.exe", "outlook.exe", "services.exe")),
        "command_line": command,
        "sha256": _hex(rng, 64),
        "md5": _hex(rng, 32),
        "sha1": _hex(rng, 40),
        "file_path": f"C:\\Users\\{user}\\AppData\\Local\\Temp\\{image}",
        "hash_reputation": rng.choice(("malicious", "known_bad", "unknown")),
        "vt_positives": rng.randint(0, 62),
        "malware_family": family,
        "destination_ip": c2,
    }
    if incident_type == "ransomware":
        raw["ransom_note"] = "restore-my-files.txt: your files have been encrypted, pay to decrypt your files"
    if large:
        _grow_list(
            raw,
            "process_events",
            lambda n: {
                "pid": 1000 + n,
                "ppid": 900 + n // 3,
                "image": rng.choice(("cmd.exe", "powershell.exe", "conhost.exe", image, "svchost.exe")),
                "command_line": rng.choice((command, "cmd.exe /c whoami /all", 'net group "domain admins" /domain')),
                "sha256": _hex(rng, 64),
                "remote_ip": rng.choice((c2, _private_ip(rng))),
                "ts": _timestamp(rng),
            },
            large,
        )
    vendor = rng.choice(("crowdstrike", "sentinelone", "defender for endpoint"))
    return _incident(
        index,
        title=f"{vendor}: {family} detected on {host}",
        description=(
            f"Endpoint detection on {host} ({user}): {image} started by {raw['parent_process']} ran `{command}` "
            f"and connected to {c2}. SHA-256 {raw['sha256']}."
        ),
        severity=rng.choice(("high", "critical")),
        incident_type=incident_type,
        source=vendor,
        tags=["endpoint"],
        affected_systems=[host],
        raw_data=raw,
    )


def _edr_test_file(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    host = rng.choice(_HOSTS).format(n=rng.randint(1, 300))
    raw: dict[str, Any] = {
        "host": host,
        "file_name": "eicar.com.txt",
        "sha256": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
        "threat_name": "EICAR test file",
        "action": "quarantined",
    }
    if large:
        _grow_list(raw, "scan_log", lambda n: f"{_timestamp(rng)} scanned C:\\Data\\file_{n:05d}.docx clean", large)
    return _incident(
        index,
        title=f"EICAR test file detected on {host}",
        description="The EICAR test file was downloaded during the quarterly antivirus check and quarantined.",
        severity="low",
        incident_type="malware",
        source="sentinelone",
        tags=["endpoint", "test"],
        affected_systems=[host],
        raw_data=raw,
    )


def _dlp_alert(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = _user(rng)
    destination = rng.choice(_EXFIL_DESTINATIONS)
    size_gb = round(rng.uniform(0.6, 48.0), 1)
    raw: dict[str, Any] = {
        "user": f"{user}@example.org",
        "bytes_out": rng.choice((int(size_gb * 1e9), f"{size_gb} GB")),
        "destination": f"https://{destination}/upload",
        "destination_category": rng.choice(("personal storage", "file sharing", "uncategorized")),
        "first_seen_destination": rng.choice((True, False)),
        "source_ip": _private_ip(rng),
        "policy": rng.choice(("Customer PII", "Source code", "Financial reports")),
    }
    if large:
        _grow_list(
            raw,
            "files",
            lambda n: {
                "path": f"/home/{user}/projects/{rng.choice(('crm', 'billing', 'core'))}/export_{n:05d}.csv",
                "size": rng.randint(10_000, 90_000_000),
                "labels": rng.sample(["PII", "confidential", "finance", "source"], k=2),
            },
            large,
        )
    return _incident(
        index,
        title=f"DLP: {size_gb} GB uploaded to {destination} by {user}",
        description=f"Large outbound transfer: {size_gb} GB to {destination} matched policy {raw['policy']}.",
        severity=rng.choice(("medium", "high")),
        incident_type=rng.choice(("data_exfiltration", "dlp")),
        source=rng.choice(("netskope", "purview", "zscaler")),
        tags=["dlp"],
        raw_data=raw,
    )


def _dlp_benign(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    user = _user(rng)
    raw: dict[str, Any] = {
        "user": f"{user}@example.org",
        "bytes_out": rng.randint(50_000, 4_000_000),
        "destination": "https://example.sharepoint.com/sites/finance",
        "sanctioned": True,
        "policy": "Financial reports",
    }
    if large:
        _grow_list(raw, "files", lambda n: {"path": f"/Shared/Finance/report_{n:04d}.xlsx", "size": 40_000}, large)
    return _incident(
        index,
        title=f"DLP: report shared to the corporate SharePoint by {user}",
        description="A finance report was uploaded to the sanctioned corporate SharePoint site.",
        severity="low",
        incident_type="dlp",
        source="purview",
        tags=["dlp"],
        raw_data=raw,
    )


def _cloudwatch_alarm(rng: random.Random, index: int, large: int, *, metric: str, namespace: str) -> dict[str, Any]:
    service = rng.choice(_SERVICES)
    alarm = f"prod-{service}-{metric.lower()}"
    threshold = rng.choice((5.0, 25.0, 80.0, 1.5))
    values = [round(threshold * rng.uniform(1.05, 4.0), 1) for _ in range(rng.randint(1, 5))]
    reason = (
        f"Threshold Crossed: {len(values)} out of the last {len(values)} datapoints {values} "
        f"was greater than the threshold ({threshold})"
    )
    raw: dict[str, Any] = {
        "alarm_name": alarm,
        "alarm_arn": f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarm}",
        "state": "ALARM",
        "previous_state": "OK",
        "state_reason": reason,
        "metric_name": metric,
        "namespace": namespace,
        "dimensions": {"Service": f"prod-{service}"},
        "threshold": threshold,
        "region": "us-east-1",
    }
    if large:
        _grow_list(
            raw,
            "recent_logs",
            lambda n: (
                f"{_timestamp(rng)} {_private_ip(rng)}:443 {rng.choice(('502', '503', '504', '200'))} "
                f"GET https://{service}.example.com/api/v1/{service}/{rng.randint(1, 99999)} "
                f"target_processing_time={rng.uniform(0.01, 9.0):.3f}"
            ),
            large,
        )
    return _incident(
        index,
        title=f"{alarm} is in ALARM",
        description=f"{metric} of prod-{service} crossed {threshold}.\n\n{reason}",
        severity=rng.choice(("medium", "high", "critical")),
        incident_type="alarm",
        source="cloudwatch",
        tags=["alarm", namespace],
        affected_systems=[f"prod-{service}"],
        raw_data=raw,
    )


def _availability_alarm(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    metric, namespace = rng.choice(
        (
            ("HTTPCode_Target_5XX_Count", "AWS/ApplicationELB"),
            ("UnHealthyHostCount", "AWS/ApplicationELB"),
            ("5XXError", "AWS/ApiGateway"),
            ("StatusCheckFailed", "AWS/EC2"),
            ("Errors", "AWS/Lambda"),
        )
    )
    return _cloudwatch_alarm(rng, index, large, metric=metric, namespace=namespace)


def _uptime_check(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    service = rng.choice(_SERVICES)
    raw: dict[str, Any] = {
        "check": f"https://{service}.example.com/health",
        "status_code": rng.choice((502, 503, 504)),
        "error_rate": f"{rng.randint(20, 100)}%",
        "regions_failing": rng.sample(["us-east", "eu-west", "ap-south", "sa-east"], k=rng.randint(2, 4)),
        "down_since": _timestamp(rng),
    }
    if large:
        _grow_list(
            raw,
            "probes",
            lambda n: {"region": rng.choice(raw["regions_failing"]), "ts": _timestamp(rng), "timeout_ms": 30000},
            large,
        )
    return _incident(
        index,
        title=f"{service} is down: HTTP {raw['status_code']} from {len(raw['regions_failing'])} regions",
        description=f"The health check of {service} times out or returns {raw['status_code']}; the service is down.",
        severity="critical",
        incident_type=rng.choice(("availability", "outage")),
        source=rng.choice(("pingdom", "statuspage", "synthetics")),
        tags=["uptime"],
        affected_systems=[service],
        raw_data=raw,
    )


def _performance_alarm(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    metric, namespace = rng.choice(
        (
            ("CPUUtilization", "AWS/RDS"),
            ("TargetResponseTime", "AWS/ApplicationELB"),
            ("ApproximateAgeOfOldestMessage", "AWS/SQS"),
            ("Duration", "AWS/Lambda"),
            ("MemoryUtilization", "AWS/ECS"),
        )
    )
    return _cloudwatch_alarm(rng, index, large, metric=metric, namespace=namespace)


def _apm_latency(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    service = rng.choice(_SERVICES)
    p99 = rng.randint(1500, 12000)
    raw: dict[str, Any] = {
        "service": service,
        "p99_latency_ms": p99,
        "latency_ms": p99 // 3,
        "cpu_percent": rng.randint(60, 99),
        "queue_depth": rng.randint(0, 50_000),
        "apdex": round(rng.uniform(0.3, 0.8), 2),
    }
    if large:
        _grow_list(
            raw,
            "slow_traces",
            lambda n: {
                "trace_id": _hex(rng, 32),
                "span": rng.choice(("db.query", "http.client", "cache.get", "render")),
                "duration_ms": rng.randint(800, 15000),
                "db_statement": rng.choice(_SLOW_STATEMENTS),
            },
            large,
        )
    return _incident(
        index,
        title=f"{service}: p99 latency {p99} ms",
        description=f"Latency of {service} degraded: p99 {p99} ms, CPU {raw['cpu_percent']}%, saturation on the pool.",
        severity=rng.choice(("low", "medium")),
        incident_type=rng.choice(("performance", "latency", "degradation")),
        source=rng.choice(("apm", "new relic", "dynatrace")),
        tags=["apm"],
        affected_systems=[service],
        raw_data=raw,
    )


def _generic(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    cve = f"CVE-{rng.randint(2021, 2026)}-{rng.randint(1000, 49999)}"
    ip = _public_ip(rng)
    title, description, raw = rng.choice(
        (
            (
                f"Unauthorized access to the admin console from {ip}",
                f"The admin console of the wiki was accessed from {ip}; the account may be compromised.",
                {"ioc_match": rng.choice(("true", "false")), "actor_ip": ip, "console": "wiki-admin"},
            ),
            (
                f"Edge firewall vulnerable to {cve}",
                f"The vendor advisory for {cve} applies to our edge firewall; exploitation seen in the wild.",
                {"advisory": f"https://nvd.nist.gov/vuln/detail/{cve}", "asset": "fw-edge-01"},
            ),
            (
                "Lost laptop reported",
                "An employee reported their laptop lost on the train; the disk is encrypted.",
                {"asset_tag": f"LT-{rng.randint(1000, 9999)}", "encrypted": True},
            ),
            (
                "ISP abuse report",
                f"Our ISP forwarded an abuse report about traffic from {_public_ip(rng)} to {ip}.",
                {"reporter": "abuse@isp.example.net", "reference": _hex(rng, 10)},
            ),
        )
    )
    raw = dict(raw)
    if large:
        _grow_list(
            raw,
            "audit_log",
            lambda n: {
                "eventTime": _timestamp(rng),
                "eventName": rng.choice(("ConsoleLogin", "GetObject", "AssumeRole", "ListBuckets")),
                "sourceIPAddress": rng.choice((ip, _private_ip(rng))),
                "userIdentity": {"arn": f"arn:aws:iam::123456789012:user/{_user(rng)}"},
            },
            large,
        )
    return _incident(
        index,
        title=title,
        description=description,
        severity=rng.choice(("low", "medium", "high")),
        incident_type=rng.choice((None, "other", "security")),
        source=rng.choice(("api", "manual", "email")),
        tags=[],
        raw_data=raw,
    )


CORPUS_KINDS: tuple[tuple[str, Callable[[random.Random, int, int], dict[str, Any]]], ...] = (
    ("phishing_gateway", _phishing_gateway),
    ("phishing_reported", _phishing_reported),
    ("phishing_benign", _phishing_benign),
    ("brute_force_spray", _brute_force_spray),
    ("brute_force_stuffing", _brute_force_stuffing),
    ("brute_force_benign", _brute_force_benign),
    ("edr_alert", _edr_alert),
    ("edr_test_file", _edr_test_file),
    ("dlp_alert", _dlp_alert),
    ("dlp_benign", _dlp_benign),
    ("availability_alarm", _availability_alarm),
    ("uptime_check", _uptime_check),
    ("performance_alarm", _performance_alarm),
    ("apm_latency", _apm_latency),
    ("generic", _generic),
)
"""What the corpus imitates, taken in turn: each playbook's alerts, and benign look-alikes."""


def triage_corpus(size: int = TRIAGE_CORPUS_SIZE, *, seed: int = TRIAGE_CORPUS_SEED) -> list[CorpusIncident]:
    """`size` realistic incidents, the same for the same seed: the kinds in turn, about one in
    seven with a large raw_data (LARGE_RAW_DATA_KIB, e.g. a full mail body or an event list)."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    corpus: list[CorpusIncident] = []
    low, high = LARGE_RAW_DATA_KIB
    for index in range(size):
        kind, make = CORPUS_KINDS[index % len(CORPUS_KINDS)]
        large = rng.randint(low * 1024, high * 1024) if rng.random() < LARGE_RAW_DATA_SHARE else 0
        corpus.append(CorpusIncident(kind, make(rng, index, large)))
    return corpus


def time_triage_engine(
    corpus: Sequence[CorpusIncident], *, warmups: int = TRIAGE_ENGINE_WARMUPS
) -> TriageEngineSamples:
    """Time `extract_observables` + `RulesEngine().triage` per incident, in this process, after
    `warmups` untimed passes over the corpus (imports, regex compilation, caches)."""
    from incident_core.triage.engine import RulesEngine, playbook_names
    from incident_core.triage.observables import extract_observables

    for _ in range(warmups):
        for item in corpus:
            RulesEngine().triage(item.incident, extract_observables(item.incident))
    samples = TriageEngineSamples(playbooks=tuple(playbook_names()), warmups=warmups)
    clock = time.perf_counter
    for item in corpus:
        started = clock()
        observables = extract_observables(item.incident)
        result = RulesEngine().triage(item.incident, observables)
        elapsed_ms = (clock() - started) * 1000
        samples.runs.append(
            EngineRun(
                kind=item.kind,
                playbook=result.playbook,
                classification=result.verdict.classification,
                raw_data_bytes=item.raw_data_bytes,
                ms=elapsed_ms,
            )
        )
    return samples


@dataclass
class TriageTrip:
    """One incident end to end: its latency (ms), or why it has none."""

    incident_id: str
    latency_ms: float | None
    problem: str = ""  # when latency_ms is None: not triaged in time, or its run failed
    polls: int = 0
    classification: str | None = None


@dataclass
class TriageProbe:
    """Creates an incident over HTTP and polls it until it shows `status: triaged`.

    The clock and the sleep are injectable, so the loop is unit-tested without waiting.
    """

    api_url: str
    token: str
    session: Any  # requests.Session (or a stand-in with its `request`)
    poll_seconds: float = TRIAGE_POLL_SECONDS
    run_check_seconds: float = TRIAGE_RUN_CHECK_SECONDS
    clock: Callable[[], float] = time.perf_counter
    sleep: Callable[[float], None] = time.sleep
    created: int = 0

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> tuple[int, Any]:
        """(HTTP status, `data` of the answer or its text); status 0 when the request itself failed."""
        try:
            response = self.session.request(
                method,
                f"{self.api_url}{path}",
                json=dict(body) if body is not None else None,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=30,
            )
        except OSError as error:  # requests' errors are OSErrors (connection refused, reset, timeout)
            return 0, f"{type(error).__name__}: {error}"
        try:
            return response.status_code, response.json().get("data")
        except ValueError:
            return response.status_code, response.text[:300]

    def round_trip(self, timeout: float) -> TriageTrip:
        """Send POST /incidents, then GET /incidents/{id} every `poll_seconds` until it is triaged.

        The latency runs from just before the POST is sent to the arrival of the first answer that
        shows the incident triaged. Every `run_check_seconds` (and at the end) the latest run is
        read too, so a failed run ends the wait at once, with its reason.
        """
        self.created += 1
        body = {**TRIAGE_INCIDENT, "title": f"{TRIAGE_INCIDENT['title']} (bench {self.created})"}
        sent = self.clock()
        status, data = self._call("POST", "/incidents", body)
        if status != 201 or not isinstance(data, Mapping):
            raise BenchError(f"POST /incidents answered {status}: {str(data)[:500]}")
        incident_id = str(data["id"])
        deadline, next_check, polls = sent + timeout, sent + self.run_check_seconds, 0
        while True:
            polls += 1
            status, data = self._call("GET", f"/incidents/{incident_id}")
            seen = self.clock()
            if status == 200 and isinstance(data, Mapping) and data.get("status") == "triaged":
                verdict = data.get("verdict") or {}
                return TriageTrip(
                    incident_id, (seen - sent) * 1000, polls=polls, classification=verdict.get("classification")
                )
            last = f"status {data.get('status')}" if status == 200 and isinstance(data, Mapping) else f"HTTP {status}"
            timed_out = seen >= deadline
            if timed_out or seen >= next_check:
                next_check = seen + self.run_check_seconds
                run_status, run_text = self._latest_run(incident_id)
                if run_status == "failed":
                    return TriageTrip(incident_id, None, problem=f"its triage run {run_text}", polls=polls)
                if timed_out:
                    problem = f"not triaged within {timeout:.0f} s (last GET: {last}; latest run: {run_text})"
                    return TriageTrip(incident_id, None, problem=problem, polls=polls)
            self.sleep(self.poll_seconds)

    def _latest_run(self, incident_id: str) -> tuple[str | None, str]:
        """(status of the incident's latest triage run, or None when there is none; a description of it)."""
        status, run = self._call("GET", f"/incidents/{incident_id}/triage")
        if status != 200 or not isinstance(run, Mapping):
            return None, f"none (GET /incidents/{incident_id}/triage answered {status})"
        text = f"{run.get('triage_id')} {run.get('status')}"
        return run.get("status"), f"{text}: {run.get('error')}" if run.get("status") == "failed" else text


def time_triage_e2e(
    api_url: str, *, incidents: int = TRIAGE_E2E_INCIDENTS, warmups: int = TRIAGE_E2E_WARMUPS
) -> TriageE2ESamples:
    """POST /incidents -> triaged, `incidents` times one after another, after `warmups` not counted."""
    import requests

    from scripts.dev_token import ALL_PERMISSIONS, local_jwt_secret, make_token

    # An org of its own: no webhook subscription (no deliveries), its own similar-incident candidates.
    org = f"bench-triage-{uuid.uuid4().hex[:8]}"
    token = make_token(secret=local_jwt_secret(ROOT), org=org, sub="bench-user", permissions=ALL_PERMISSIONS)
    samples = TriageE2ESamples(poll_ms=TRIAGE_POLL_SECONDS * 1000)
    with requests.Session() as session:
        session.trust_env = False  # never send 127.0.0.1 through a proxy
        probe = TriageProbe(api_url, token, session)
        for _ in range(warmups):
            trip = probe.round_trip(TRIAGE_E2E_WARMUP_TIMEOUT_SECONDS)
            if trip.latency_ms is None:
                raise BenchError(f"triage end to end: warm-up incident {trip.incident_id}: {trip.problem}")
            samples.warmup_ms.append(trip.latency_ms)
        warm_text = ", ".join(f"{value:.0f}" for value in samples.warmup_ms)
        print(f"bench: triage warm-ups (cold starts, not counted): {warm_text} ms", flush=True)
        for index in range(incidents):
            trip = probe.round_trip(TRIAGE_E2E_TIMEOUT_SECONDS)
            samples.polls.append(trip.polls)
            if trip.latency_ms is None:
                samples.not_triaged.append(f"{trip.incident_id}: {trip.problem}")
            else:
                samples.latencies_ms.append(trip.latency_ms)
                samples.classifications.append(trip.classification or "none")
            if (index + 1) % 10 == 0:
                print(f"bench: triage end to end {index + 1}/{incidents} done", flush=True)
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

    print(f"bench: triage engine, {TRIAGE_CORPUS_SIZE} generated incidents in-process", flush=True)
    triage_engine = time_triage_engine(triage_corpus())
    print(f"bench: delivery throughput, {DELIVERY_RUNS} runs of {DELIVERY_BATCH} concurrent + serial", flush=True)
    delivery_speedup = measure_delivery_speedup()
    skipped = ministack_skips(args)
    webhook_latency: WebhookLatencySamples | None = None
    triage_e2e: TriageE2ESamples | None = None
    if not skipped:
        webhook_latency, triage_e2e = measure_on_ministack()

    versions = runtime_versions()
    report = build_report(
        cold_starts,
        calls,
        webhook_latency=webhook_latency,
        delivery_speedup=delivery_speedup,
        triage_engine=triage_engine,
        triage_e2e=triage_e2e,
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


def ministack_skips(args: argparse.Namespace) -> dict[str, str]:
    """The MiniStack measurements this run skips, each with why (empty: it makes them all)."""
    reason = webhook_skip_reason(args)
    return dict.fromkeys(MINISTACK_MEASUREMENTS, reason) if reason else {}


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
