"""The bench's settings: where it works, its targets, how many samples it takes and how long it waits."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYER_SOURCE = ROOT / "layers" / "incident_core"
FUNCTIONS_SOURCE = ROOT / "functions"
PEER_SOURCE = ROOT / "scripts" / "bench" / "peer_handler.py"  # the handler a user would write instead
BENCH_DIR = ROOT / ".local" / "bench"
REPORT_PATH = ROOT / ".local" / "bench.json"

SAMPLES = 7
RATIO_TARGET = 1.3
PEER_RATIO_TARGET = 0.8  # each function's cold start over the peer's (scripts/bench/peer_handler.py)
DYNAMODB_TARGETS: dict[str, int] = {"create_incident": 2, "get_incident": 1, "list_incidents": 2, "analytics": 2}
# The rate limit's counter (issue 15): one UpdateItem per request, on its own table, counted apart
# from the calls on the incidents' table (whose targets above stay as they were).
RATE_LIMIT_TABLE = "rate-limits-bench"
RATE_LIMIT_CALL = "UpdateItem (rate limit)"
RATE_LIMIT_CALLS_TARGET = 1
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
# Made on the one deployment, or skipped together.
MINISTACK_MEASUREMENTS = (
    "webhook_latency_ms",
    "triage_e2e_ms",
    "router_records_per_s",
    "webhook_latency_under_burst_ms",
)
# The last commit whose event router took its stream records one at a time (issue 22's "today"): the
# bench times its router in each run beside today's (`router_baseline`).
ROUTER_BASELINE_COMMIT = "8c799ef66fa561b409824eecb01718041c6f63c3"
# Over samconfig's [local] ones: automatic triage (the template's default, made sure), and no rate limits:
# the triage wait polls every 20 ms as one caller (issue 22 measures the limits under load).
MINISTACK_OVERRIDES = {
    "AutoTriage": "true",
    **{f"RateLimit{kind}": "0" for kind in ("Reads", "Writes", "Deletes", "Automation", "Authentication")},
}

# Triage accuracy: the rules engine against the labelled corpus of tests/data/triage (held-out split).
TRIAGE_ACCURACY_SPLIT = "held_out"
TRIAGE_ACCURACY_TARGETS: dict[str, float] = {"macro_f1": 0.9, "malicious_called_benign": 0}
