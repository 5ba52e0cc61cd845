"""Event router throughput (``router_records_per_s``) and a quiet org's webhook latency while another
org bursts (``webhook_latency_under_burst_ms``, measured first: ``burst_latency``), on the MiniStack
stack the bench deploys. Before each measurement the delivery and triage queues are left to drain.

Router throughput: the stream must hold a backlog, or the figure is the rate records arrive, not
the rate they are routed (the API on MiniStack creates ~15 incidents a second). So a template
incident is created through the API, and ``ROUTER_RECORDS`` copies of its incident item and its
``incident.created`` event item (new ids) are written straight to the table with BatchWriteItem:
the incidents first, then (once a sentinel incident's webhook says the stream is through them)
the events, whose INSERTs the stream hands to the router. The org has one
subscription to ``incident.created`` and automatic triage is on (the bench's overrides), so each
record costs what a real one does: a triage run, a delivery, two queue messages. Throughput = records
/ (the newest delivery's ``created_at`` - the moment the first event item was written); median of
``ROUTER_RUNS`` runs, each with an org of its own.

Standalone (deploys a stack of its own; prints the figures as JSON)::

    .venv/bin/python -m scripts.bench.router_throughput
"""

from __future__ import annotations

import json
import statistics
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scripts.bench.burst_latency import (
    BURST_CLIENTS,
    BURST_INCIDENTS,
    BUSY_DRAIN_TIMEOUT_SECONDS,
    UNDER_BURST_P95_TARGET_MS,
    Api,
    BurstLatencySamples,
    epoch_seconds,
    time_latency_under_burst,
)
from scripts.bench.config import REGION, ROOT, ROUTER_BASELINE_COMMIT, WEBHOOK_TIMEOUT_SECONDS
from scripts.bench.errors import BenchError
from scripts.bench.functions import NEW_INCIDENT

ROUTER_RUNS = 3
ROUTER_RECORDS = 1000
ROUTER_TIMEOUT_SECONDS = 180.0
THROUGHPUT_TARGET_FACTOR = 5.0
# Measured before issue 22 (one record at a time), with this module against the commit before it, on
# 2026-11-30; the bench measures that router again in each run (`router_baseline`) and falls back to
# this figure only when it can not.
ROUTER_BASELINE_RECORDS_PER_S = 52.3
WRITE_BATCH = 25  # BatchWriteItem's limit
IDLE_TIMEOUT_SECONDS = 300.0


@dataclass
class RouterThroughputSamples:
    """Records routed per second, one per run."""

    records_per_s: list[float] = field(default_factory=list)
    records: int = ROUTER_RECORDS

    def entry(self) -> float:
        return round(statistics.median(self.records_per_s), 1)


# --- router throughput --------------------------------------------------------------------------------


def _template_items(dynamodb: Any, table: str, org: str, incident_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The incident item and its `incident.created` event item, as stored (DynamoDB JSON)."""
    pk = f"ORG#{org}#INC#{incident_id}"
    incident = dynamodb.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": "INCIDENT"}})["Item"]
    events = dynamodb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :events)",
        ExpressionAttributeValues={":pk": {"S": pk}, ":events": {"S": "EVENT#"}},
    )["Items"]
    created = [item for item in events if item.get("event", {}).get("S") == "incident.created"]
    if not created:
        raise BenchError(f"router throughput: incident {incident_id} has no incident.created event item")
    return incident, created[0]


def _copy(item: dict[str, Any], replacements: Mapping[str, str]) -> dict[str, Any]:
    """An item (DynamoDB JSON) with every id in `replacements` replaced in its string attributes."""
    text = json.dumps(item)
    for old, new in replacements.items():
        text = text.replace(old, new)
    copied: dict[str, Any] = json.loads(text)
    return copied


def _write_all(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), WRITE_BATCH):
        request = {table: [{"PutRequest": {"Item": item}} for item in items[start : start + WRITE_BATCH]]}
        while request:
            request = dynamodb.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


def _deliveries(dynamodb: Any, table: str, org: str, webhook_id: str) -> list[dict[str, Any]]:
    request: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :deliveries)",
        "ExpressionAttributeValues": {
            ":pk": {"S": f"ORG#{org}#WEBHOOK#{webhook_id}"},
            ":deliveries": {"S": "DELIVERY#"},
        },
        "ProjectionExpression": "created_at",
    }
    items: list[dict[str, Any]] = []
    while True:
        answer = dynamodb.query(**request)
        items += answer.get("Items", [])
        if not answer.get("LastEvaluatedKey"):
            return items
        request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def _client(service: str, endpoint_url: str) -> Any:
    import boto3

    make: Any = boto3.client  # typed per service name; this takes any
    return make(
        service,
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def wait_until_idle(endpoint_url: str, outputs: Mapping[str, str]) -> None:
    """Until the delivery and triage queues hold nothing (visible, in flight or delayed): the work an
    earlier run left behind (its triage runs, spread by the fair share) would load this one."""
    sqs = _client("sqs", endpoint_url)
    counts = (
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
    )
    deadline = time.monotonic() + IDLE_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        busy = 0
        for name in ("DeliveryQueueUrl", "DeliveryBulkQueueUrl", "TriageQueueUrl", "TriageBulkQueueUrl"):
            attributes = sqs.get_queue_attributes(QueueUrl=outputs[name], AttributeNames=counts)["Attributes"]
            busy += sum(int(attributes.get(count, 0)) for count in counts)
        if not busy:
            return
        time.sleep(1.0)
    raise BenchError(f"router throughput: the queues were still busy after {IDLE_TIMEOUT_SECONDS:.0f} s")


def router_run(api_url: str, endpoint_url: str, outputs: Mapping[str, str], records: int) -> float:
    """One run: `records` event items written at once; records routed per second."""
    from tests.support.receiver import webhook_receiver

    org = f"bench-router-{uuid.uuid4().hex[:8]}"
    api = Api(api_url, org)
    dynamodb = _client("dynamodb", endpoint_url)
    table = outputs["TableName"]
    with webhook_receiver() as receiver:
        webhook_id = api.subscribe(receiver.url)
        template_id = str(api.post("/incidents", NEW_INCIDENT)["id"])
        receiver.wait_for(1, timeout=60)
        incident, event = _template_items(dynamodb, table, org, template_id)
        template_event_id = event["event_id"]["S"]
        incidents, events = [], []
        for _ in range(records):
            replacements = {template_id: str(uuid.uuid4()), template_event_id: str(uuid.uuid4())}
            incidents.append(_copy(incident, replacements))
            events.append(_copy(event, replacements))
        _write_all(dynamodb, table, incidents)
        wait_until_idle(endpoint_url, outputs)
        # The incident items' INSERTs go to the stream's other consumers (the search indexer), which
        # MiniStack serves on the same poller: a sentinel incident's webhook arriving says the stream
        # is through them, so the timer starts on a stream that holds only what is measured.
        api.post("/incidents", NEW_INCIDENT)
        if len(receiver.wait_for(2, timeout=ROUTER_TIMEOUT_SECONDS)) < 2:
            raise BenchError("router throughput: the sentinel incident's webhook never arrived")
        started = time.time()
        _write_all(dynamodb, table, events)
        deadline = time.monotonic() + ROUTER_TIMEOUT_SECONDS
        while True:
            found = _deliveries(dynamodb, table, org, webhook_id)
            if len(found) >= records + 2:
                break
            if time.monotonic() > deadline:
                raise BenchError(f"router throughput: {len(found) - 2} of {records} records routed in time")
            time.sleep(0.25)
        routed = max(epoch_seconds(item["created_at"]["S"]) for item in found)
        # Let the deliveries drain before the next run, so a run does not pay for the last one's worker.
        receiver.wait_for(records + 2, timeout=ROUTER_TIMEOUT_SECONDS)
    return records / (routed - started)


def time_router_throughput(
    api_url: str,
    endpoint_url: str,
    outputs: Mapping[str, str],
    *,
    runs: int = ROUTER_RUNS,
    records: int = ROUTER_RECORDS,
) -> RouterThroughputSamples:
    samples = RouterThroughputSamples(records=records)
    for index in range(runs):
        samples.records_per_s.append(router_run(api_url, endpoint_url, outputs, records))
        print(f"bench: router run {index + 1}/{runs}: {samples.records_per_s[-1]:.1f} records/s", flush=True)
    return samples


@dataclass
class RouterFigures:
    """Both measurements, made on the bench's MiniStack stack, and the router before issue 22 timed in the
    same run (`router_baseline`; `baseline_error` says why it was not, and the recorded figure stands in)."""

    throughput: RouterThroughputSamples
    burst: BurstLatencySamples
    baseline: RouterThroughputSamples | None = None
    baseline_error: str = ""

    def baseline_records_per_s(self) -> float:
        """What the target is a multiple of: the baseline measured in this run, else the recorded one."""
        if self.baseline is not None and self.baseline.records_per_s:
            return self.baseline.entry()
        return ROUTER_BASELINE_RECORDS_PER_S

    def baseline_entry(self) -> dict[str, Any]:
        if self.baseline is not None and self.baseline.records_per_s:
            return {
                "source": f"measured in this run: the router of {ROUTER_BASELINE_COMMIT[:12]}, one record at a time",
                "commit": ROUTER_BASELINE_COMMIT,
                "records_per_s": [round(value, 1) for value in self.baseline.records_per_s],
                "median": self.baseline.entry(),
            }
        return {
            "source": "recorded on 2026-11-30 (not measured in this run)",
            "median": ROUTER_BASELINE_RECORDS_PER_S,
            "error": self.baseline_error or "not measured",
        }

    def entries(self) -> dict[str, Any]:
        """The report's keys (`router_records_per_s`, `webhook_latency_under_burst_ms`) and their samples."""
        entries: dict[str, Any] = {}
        if self.throughput.records_per_s:
            entries["router_records_per_s"] = self.throughput.entry()
            entries["router_speedup"] = round(self.throughput.entry() / self.baseline_records_per_s(), 2)
        if self.burst.latencies_ms:
            entries["webhook_latency_under_burst_ms"] = self.burst.entry()
        entries["router_samples"] = {
            "records_per_s": [round(value, 1) for value in self.throughput.records_per_s],
            "records": self.throughput.records,
            "baseline": self.baseline_entry(),
            "under_burst_latencies_ms": [round(value, 1) for value in self.burst.latencies_ms],
            "under_burst_lost": list(self.burst.lost),
            "burst_incidents": self.burst.burst_created,
            "burst_seconds": round(self.burst.burst_seconds, 1),
            "quiet_during_burst": self.burst.during_burst,
            "busy_missing": self.burst.busy_missing,
            "under_burst_stage_medians_ms": self.burst.stage_medians(),
            "during_burst_stage_medians_ms": self.burst.stage_medians(during_burst=True),
        }
        return entries

    def failures(self) -> list[str]:
        failures = []
        if self.burst.lost:
            failures.append(
                f"{len(self.burst.lost)} quiet-org webhooks never arrived during the burst "
                f"within {WEBHOOK_TIMEOUT_SECONDS:.0f} s (incidents {', '.join(self.burst.lost)})"
            )
        if self.burst.busy_missing:
            failures.append(
                f"{self.burst.busy_missing} of the busy orgs' webhooks had not arrived "
                f"{BUSY_DRAIN_TIMEOUT_SECONDS:.0f} s after the burst"
            )
        if not self.burst.latencies_ms:
            failures.append("no webhook latency under burst was measured")
        if not self.throughput.records_per_s:
            failures.append("no router throughput was measured")
        return failures


def router_targets(baseline_records_per_s: float = ROUTER_BASELINE_RECORDS_PER_S) -> dict[str, Any]:
    return {
        "router_speedup": THROUGHPUT_TARGET_FACTOR,
        "router_records_per_s": round(baseline_records_per_s * THROUGHPUT_TARGET_FACTOR, 1),
        "webhook_latency_under_burst_ms": {"p95": UNDER_BURST_P95_TARGET_MS},
    }


def missed_router_targets(report: Mapping[str, Any]) -> list[str]:
    """One line per missed router target of a report."""
    missed: list[str] = []
    throughput = report.get("router_records_per_s")
    speedup = report.get("router_speedup")
    if throughput is not None and speedup is not None and speedup < THROUGHPUT_TARGET_FACTOR:
        baseline = report.get("router_samples", {}).get("baseline", {})
        missed.append(
            f"router throughput is {throughput:.1f} records/s, {speedup:g}x the {baseline.get('median', '?')} of "
            f"the router before batching ({baseline.get('source', 'recorded')}; "
            f"target >= {THROUGHPUT_TARGET_FACTOR:g}x)"
        )
    latency = report.get("webhook_latency_under_burst_ms")
    if latency is not None and latency["p95"] >= UNDER_BURST_P95_TARGET_MS:
        missed.append(
            f"a quiet org's webhook p95 during a burst is {latency['p95']:.0f} ms "
            f"(target < {UNDER_BURST_P95_TARGET_MS:g})"
        )
    return missed


def measure_router(api_url: str, endpoint_url: str, outputs: Mapping[str, str]) -> RouterFigures:
    """The burst first (on a stack the throughput runs have not loaded with their triage), then the throughput."""
    print(
        f"bench: a quiet org's webhooks while another creates {BURST_INCIDENTS} incidents from {BURST_CLIENTS} clients",
        flush=True,
    )
    wait_until_idle(endpoint_url, outputs)
    burst = time_latency_under_burst(api_url)
    print(f"bench: router throughput on MiniStack, {ROUTER_RUNS} runs of {ROUTER_RECORDS} records", flush=True)
    return RouterFigures(time_router_throughput(api_url, endpoint_url, outputs), burst)


def main() -> None:
    """Deploy a stack of its own into a MiniStack of its own, measure both, print them as JSON."""
    import shutil
    import tempfile
    from pathlib import Path

    from scripts.bench.stack import deploy_bench_stack
    from scripts.local_stack.emulator import start_emulator, stop_emulator
    from scripts.local_stack.urls import local_api_url

    state_dir = Path(tempfile.mkdtemp(prefix="incident-bench-router-"))
    try:
        emulator = start_emulator(state_dir, die_with_parent=True)
        try:
            outputs = deploy_bench_stack(
                emulator.url, repo_root=ROOT, stack_name="incident-api-bench-router", state_dir=state_dir
            )
            api_url = local_api_url(emulator.url, outputs)
            figures = measure_router(api_url, emulator.url, outputs)
        finally:
            stop_emulator(state_dir)
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)
    entries = figures.entries()
    print(json.dumps({**entries, "missed": missed_router_targets(entries), "failed": figures.failures()}, indent=2))


if __name__ == "__main__":
    main()
