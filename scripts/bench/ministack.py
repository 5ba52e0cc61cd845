"""MiniStack emulators of the bench's own, each in a temporary state directory (never the
developer's ``.local`` one) and stopped by its pid: DynamoDB alone for the cold starts, and the
whole stack deployed for the webhook latency and triage end to end. (The delivery throughput
starts one of its own, in ``delivery_speedup``.)"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from scripts.bench.config import (
    RATE_LIMIT_TABLE,
    REGION,
    ROOT,
    TABLE,
    TRIAGE_E2E_INCIDENTS,
    WEBHOOK_INCIDENTS,
    WEBHOOK_LOG,
    WEBHOOK_STACK,
    WEBHOOK_WARMUPS,
)
from scripts.bench.errors import BenchError
from scripts.bench.figures import TriageE2ESamples, WebhookLatencySamples
from scripts.bench.router_baseline import measure_router_baseline
from scripts.bench.router_throughput import RouterFigures, measure_router
from scripts.bench.stack import deploy_bench_stack
from scripts.bench.triage_e2e import time_triage_e2e
from scripts.bench.webhook_latency import time_webhook_latency


@contextlib.contextmanager
def dynamodb_server() -> Iterator[str]:
    """A MiniStack of the bench's own on 127.0.0.1 with the template's table; yields its URL.

    MiniStack, not moto's server: moto spends 40-50 ms of server time on a TransactWriteItems
    (it copies every table) and on a 21-item GSI Query, ten times what DynamoDB takes, and
    that would be charged to the functions' first calls (the bare handler makes none).
    MiniStack answers these in about 2 ms. Stopped by its pid at the end.
    """
    import boto3

    from scripts.local_stack.emulator import start_emulator, stop_emulator
    from tests.support.template import table_definition

    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-dynamodb-"))
    emulator = start_emulator(state_dir, die_with_parent=True)
    try:
        client = boto3.client(
            "dynamodb",
            endpoint_url=emulator.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_table(TableName=TABLE, **table_definition())
        client.create_table(TableName=RATE_LIMIT_TABLE, **table_definition("RateLimitTable"))
        for table in (TABLE, RATE_LIMIT_TABLE):
            client.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        yield emulator.url
    finally:
        stop_emulator(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def _measure_router_baseline(router: RouterFigures) -> None:
    """The router before issue 22, timed after today's on the same machine (`router_baseline`)."""
    print("bench: the router before batching (one record at a time), in a MiniStack of its own", flush=True)
    try:
        router.baseline = measure_router_baseline()
    except BenchError as error:
        router.baseline_error = str(error)
        print(f"bench: the router before batching was not measured ({error}); the recorded figure stands in")


def measure_on_ministack() -> tuple[WebhookLatencySamples, TriageE2ESamples, RouterFigures]:
    """Deploy the template into a MiniStack of the bench's own; time incident -> subscriber, then
    POST /incidents -> triaged, then the event router's throughput and a quiet org's webhooks
    during another's burst (`router_throughput`), on the same stack; then the router before
    batching, deployed from its commit into a MiniStack of its own (`router_baseline`)."""
    from scripts.local_stack.config import LOG_FILE, LocalStackError
    from scripts.local_stack.emulator import start_emulator, stop_emulator
    from scripts.local_stack.urls import local_api_url

    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-stack-"))
    keep_state = True
    try:
        started = time.monotonic()
        emulator = start_emulator(state_dir, die_with_parent=True)
        print(f"bench: MiniStack started on {emulator.url} (pid {emulator.pid}, state in {state_dir})", flush=True)
        try:
            outputs = deploy_bench_stack(emulator.url, repo_root=ROOT, stack_name=WEBHOOK_STACK, state_dir=state_dir)
            print(f"bench: {WEBHOOK_STACK} deployed in {time.monotonic() - started:.1f} s", flush=True)
            api_url = local_api_url(emulator.url, outputs)
            print(f"bench: webhook latency on MiniStack, {WEBHOOK_INCIDENTS} incidents", flush=True)
            samples = time_webhook_latency(api_url, WEBHOOK_INCIDENTS, WEBHOOK_WARMUPS)
            print(f"bench: triage end to end on MiniStack, {TRIAGE_E2E_INCIDENTS} incidents", flush=True)
            triage = time_triage_e2e(api_url)
            router = measure_router(api_url, emulator.url, outputs)
        finally:
            # Only the emulator recorded in the bench's own state dir, by its pid.
            stop_emulator(state_dir)
            with contextlib.suppress(OSError):
                WEBHOOK_LOG.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(state_dir / LOG_FILE, WEBHOOK_LOG)
        keep_state = bool(samples.lost or triage.not_triaged or router.failures())
        _measure_router_baseline(router)
        return samples, triage, router
    except LocalStackError as error:
        raise BenchError(f"MiniStack: {error}") from error
    finally:
        if keep_state:
            print(f"bench: kept the MiniStack stack's state and logs in {state_dir}", file=sys.stderr)
        else:
            shutil.rmtree(state_dir, ignore_errors=True)
