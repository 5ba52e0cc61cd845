"""Benchmark of the API functions: cold-start cost, DynamoDB calls per request, webhooks and triage.

    .venv/bin/python -m scripts.bench                  # what `make bench` runs
    .venv/bin/python -m scripts.bench --samples 3      # quicker, noisier
    .venv/bin/python -m scripts.bench --skip-webhook-latency   # no MiniStack deploy: no webhook latency,
                                                               # no triage end to end
    .venv/bin/python -m scripts.bench --importtime create_incident   # import profile, no figures
    .venv/bin/python -m scripts.bench --cold-start-only   # cold starts and DynamoDB calls, nothing else

Prints a table and writes the same figures to ``.local/bench.json``::

    {"cold_start": {"<function>": {"ratio": r, "peer_ratio": q, "median_ms": m, "baseline_ms": b, "peer_ms": p}},
     "dynamodb_calls": {"create_incident": n, "get_incident": n, "list_incidents": n},
     "webhook_latency_ms": {"median": m, "p95": p, "samples": n},
     "delivery_speedup": {"concurrent_ms": c, "serial_ms": s, "speedup": s / c},
     "triage_engine_ms": {"median": m, "p99": p, "samples": n},
     "triage_e2e_ms": {"median": m, "p95": p, "samples": n},
     "router_records_per_s": r, "router_speedup": r / (the router before batching, timed in the same run),
     "webhook_latency_under_burst_ms": {"median": m, "p95": p, "samples": n},
    "triage_accuracy": {"split": "held_out", "accuracy": a, "macro_f1": f, "per_class": {...},
                        "confusion_matrix": {...}, "calibration": [...], "malicious_called_benign": n,
                        "playbook_accuracy": p, "action_recall": {...}, ...},
     ...extra keys: samples, dynamodb_call_names, webhook_latency_samples, delivery_speedup_samples,
        triage_engine_samples, triage_e2e_samples, targets, missed, failed, skipped, python, boto3,
        measured_at}

A missed target is reported (MISSED) and the exit status stays 0; a bench that could not
measure what it should (a webhook that never arrived, a delivery that did not end
``delivered``, an incident not triaged in time, a corpus that misses a playbook) is reported
as FAILED, with exit status 1, after the report is written.

How each figure is measured is told by its module: ``cold_start`` (with ``lambda_layout``),
``dynamodb_calls``, ``webhook_latency``, ``delivery_speedup``, ``triage_engine`` (with
``corpus``), ``triage_e2e`` and ``triage_accuracy`` (with ``accuracy_metrics``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from scripts.bench.cold_start import Sampler, benchmarked_functions, make_subjects, measure_cold_starts
from scripts.bench.config import (
    DELIVERY_BATCH,
    DELIVERY_RUNS,
    LAYER_SOURCE,
    MINISTACK_MEASUREMENTS,
    REPORT_PATH,
    ROOT,
    SAMPLES,
    TRIAGE_ACCURACY_SPLIT,
    TRIAGE_CORPUS_SIZE,
)
from scripts.bench.corpus.generator import triage_corpus
from scripts.bench.delivery_speedup import measure_delivery_speedup
from scripts.bench.dynamodb_calls import count_dynamodb_calls
from scripts.bench.errors import BenchError
from scripts.bench.figures import TriageE2ESamples, WebhookLatencySamples
from scripts.bench.functions import function_environment
from scripts.bench.import_profile import profile_imports
from scripts.bench.lambda_layout import LAYER_BYTECODE, BenchPaths, lambda_python, prepare, runtime_versions
from scripts.bench.ministack import dynamodb_server, measure_on_ministack
from scripts.bench.report import build_report
from scripts.bench.router_throughput import RouterFigures
from scripts.bench.search import SearchFigures, measure_search
from scripts.bench.table import format_report
from scripts.bench.triage_accuracy import evaluate_split
from scripts.bench.triage_engine import time_triage_engine


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
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
        "--cold-start-only",
        action="store_true",
        help="measure the cold starts and DynamoDB calls only (no triage, delivery or MiniStack figures)",
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

    skipped = ministack_skips(args)
    triage_engine, triage_accuracy, delivery_speedup = None, None, None
    search: SearchFigures | None = None
    if args.cold_start_only:
        skipped.update(dict.fromkeys(IN_PROCESS_MEASUREMENTS, "--cold-start-only"))
    else:
        print(f"bench: triage engine, {TRIAGE_CORPUS_SIZE} generated incidents in-process", flush=True)
        triage_engine = time_triage_engine(triage_corpus())
        print(f"bench: triage accuracy on the labelled {TRIAGE_ACCURACY_SPLIT} split", flush=True)
        triage_accuracy = evaluate_split(TRIAGE_ACCURACY_SPLIT)
        print(f"bench: delivery throughput, {DELIVERY_RUNS} runs of {DELIVERY_BATCH} concurrent + serial", flush=True)
        delivery_speedup = measure_delivery_speedup()
        print("bench: search lookups in orgs of 1,000 and 10,000 incidents (MiniStack DynamoDB)", flush=True)
        search = measure_search()
    webhook_latency: WebhookLatencySamples | None = None
    triage_e2e: TriageE2ESamples | None = None
    router: RouterFigures | None = None
    if not skipped:
        webhook_latency, triage_e2e, router = measure_on_ministack()

    versions = runtime_versions()
    report = build_report(
        cold_starts,
        calls,
        webhook_latency=webhook_latency,
        delivery_speedup=delivery_speedup,
        triage_engine=triage_engine,
        triage_e2e=triage_e2e,
        triage_accuracy=triage_accuracy,
        router=router,
        search=search,
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


# What --cold-start-only skips besides the MiniStack measurements.
IN_PROCESS_MEASUREMENTS = ("triage_engine_ms", "triage_accuracy", "delivery_speedup", "search")


def webhook_skip_reason(args: argparse.Namespace) -> str | None:
    """Why this run skips the webhook latency (None: it measures it)."""
    if args.skip_webhook_latency:
        return "--skip-webhook-latency"
    if args.cold_start_only:
        return "--cold-start-only"
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
