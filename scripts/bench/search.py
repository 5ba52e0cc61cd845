"""Search as an org grows (``search``): the reads and time of a tag, word and observable lookup.

Two orgs are seeded in a MiniStack DynamoDB of the bench's own: one with 1,000 incidents and one
with 10,000. In each, the oldest incident alone has the word, the tag and the observable looked
up; the others share tags and words among themselves. The incident items are written with
BatchWriteItem in their stored shape (`incidents.list_store.incident_item`), and their index
items with the same search module the stream indexer runs (`SearchIndexStore.index_incidents`,
batched): the stack's indexer would index 11,000 stream records one Lambda batch at a time,
too slow for the bench.

Each lookup is the real `list_incidents` handler in this process, paging with the cursor until
the old incident shows: ``requests`` (pages) and ``reads`` (DynamoDB calls on the incidents'
table, the rate limit's counter not counted) to that first hit, and ``ms`` (the median time of
those requests, over ``SEARCH_REPEATS`` runs after a warm-up; the scan once). The target: each 10k figure
within ``SEARCH_GROWTH_TARGET`` times its 1k figure. ``scan`` is the same word asked with a
filter the index does not serve (so the bounded scan reads the org's incidents newest first):
what every lookup cost before the index; it has no target.
"""

from __future__ import annotations

import json
import statistics
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from scripts.bench.config import RATE_LIMIT_CALL, SECRET, TABLE
from scripts.bench.dynamodb_calls import CallRecorder
from scripts.bench.errors import BenchError
from scripts.bench.in_process import environment, in_process_environment
from scripts.bench.ministack import dynamodb_server

SEARCH_ORGS = {"1k": ("bench-search-1k", 1_000), "10k": ("bench-search-10k", 10_000)}
WORD, TAG, OBSERVABLE = "quokkarelay", "case-7781", "198.51.100.77"
SEARCH_LOOKUPS: dict[str, dict[str, str]] = {
    "word": {"q": WORD},
    "tag": {"tag": TAG},
    "observable": {"observable": OBSERVABLE},
    "scan": {"q": WORD, "source": "bench"},  # another filter: the bounded scan serves it (no target)
}
UNTARGETED = ("scan",)
SEARCH_GROWTH_TARGET = 1.5  # each 10k figure within this many times its 1k figure
SEARCH_REPEATS = 5
SCAN_REPEATS = 1  # the scan reads every incident of the org: once is enough to show it
MAX_PAGES = 100
INDEX_CHUNK = 500  # incidents indexed per `index_incidents` call while seeding


@dataclass(slots=True)
class SearchFigures:
    """Per lookup kind: requests, reads and ms to the first hit in each org; and how the orgs were seeded."""

    figures: dict[str, dict[str, float]] = field(default_factory=dict)
    seeding: dict[str, Any] = field(default_factory=dict)

    def entries(self) -> dict[str, Any]:
        return {"search": self.figures, "search_seeding": self.seeding}


def search_targets() -> dict[str, float]:
    return {"search_growth": SEARCH_GROWTH_TARGET}


def missed_search_targets(report: Mapping[str, Any]) -> list[str]:
    """A line per lookup whose reads or time at 10,000 incidents exceed the target times those at 1,000."""
    target = float(report.get("targets", {}).get("search_growth", SEARCH_GROWTH_TARGET))
    missed: list[str] = []
    for kind, entry in report.get("search", {}).items():
        if kind in UNTARGETED:
            continue
        for measure in ("reads", "ms"):
            small, large = float(entry[f"{measure}_1k"]), float(entry[f"{measure}_10k"])
            if large > target * small:
                missed.append(
                    f"search by {kind}: {measure} {large:g} at 10k incidents vs {small:g} at 1k (target <= {target}x)"
                )
    return missed


def _incidents(org_id: str, count: int) -> list[dict[str, Any]]:
    """`count` incidents of the org, oldest first; the oldest alone has the word, the tag and the observable."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = []
    for n in range(count):
        created = (start + timedelta(seconds=n)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        incident: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "org_id": org_id,
            "title": f"Routine maintenance window {n}",
            "description": "Scheduled patching of the fleet",
            "severity": "low",
            "status": "open",
            "source": "bench",
            "tags": ["routine", f"batch-{n % 50}"],
            "created_by": "bench-user",
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        if n == 0:
            incident.update(
                title=f"Exfiltration through {WORD}",
                description=f"Beacon to {OBSERVABLE} every minute",
                tags=["routine", TAG],
            )
        made.append(incident)
    return made


def _seed(client: Any, org_id: str, count: int) -> dict[str, Any]:
    from incident_core.incidents.list_store import incident_item
    from incident_core.search.store import SearchIndexStore
    from incident_core.storage.dynamo import marshal

    started = time.perf_counter()
    items = [incident_item(incident) for incident in _incidents(org_id, count)]
    for begin in range(0, len(items), 25):
        pending: dict[str, Any] = {
            TABLE: [{"PutRequest": {"Item": marshal(item)}} for item in items[begin : begin + 25]]
        }
        while pending:
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    written = time.perf_counter()
    index = SearchIndexStore(table_name=TABLE, client=client)
    for begin in range(0, len(items), INDEX_CHUNK):
        index.index_incidents(items[begin : begin + INDEX_CHUNK])
    return {
        "incidents": count,
        "items_s": round(written - started, 1),
        "index_s": round(time.perf_counter() - written, 1),
        "how": "BatchWriteItem of the items; index items by SearchIndexStore.index_incidents (the indexer's code)",
    }


def _first_hit(handler: Any, token: str, query: Mapping[str, str], recorder: CallRecorder) -> tuple[int, int, float]:
    """Requests, DynamoDB reads and ms until the oldest incident shows, paging with the cursor."""
    from tests.support.api_events import LambdaContext, api_event

    recorder.take()
    cursor: str | None = None
    started = time.perf_counter()
    for requests in range(1, MAX_PAGES + 1):
        parameters = {name: [value] for name, value in query.items()} | ({"cursor": [cursor]} if cursor else {})
        response = handler.lambda_handler(
            api_event("GET", "/incidents", token=token, query=parameters), LambdaContext()
        )
        if response["statusCode"] != 200:
            raise BenchError(f"search {dict(query)} answered {response['statusCode']}: {response['body']}")
        body = json.loads(response["body"])
        if any(WORD in item["title"] for item in body["data"]):
            elapsed_ms = (time.perf_counter() - started) * 1000
            reads = [call for call in recorder.take() if call != RATE_LIMIT_CALL]
            return requests, len(reads), elapsed_ms
        cursor = body["meta"].get("next_cursor")
        if not cursor:
            break
    raise BenchError(f"search {dict(query)} never found the old incident")


def measure_search() -> SearchFigures:
    """Seed both orgs, then time each lookup in each."""
    import boto3

    from scripts.dev_token import ALL_PERMISSIONS, make_token
    from tests.support.api_events import load_function

    figures = SearchFigures()
    recorder = CallRecorder()
    with dynamodb_server() as endpoint, environment(in_process_environment(endpoint)):
        from incident_core.core import aws
        from incident_core.search.store import get_search_index

        get_search_index.cache_clear()
        client = boto3.client("dynamodb", endpoint_url=endpoint)
        for size, (org_id, count) in SEARCH_ORGS.items():
            print(f"bench: search, seeding {count} incidents of {org_id}", flush=True)
            figures.seeding[size] = _seed(client, org_id, count)
        handler = load_function("list_incidents")
        aws.session().register("before-call.dynamodb", recorder.record)
        try:
            for kind, query in SEARCH_LOOKUPS.items():
                entry: dict[str, float] = {}
                for size, (org_id, _) in SEARCH_ORGS.items():
                    token = make_token(secret=SECRET, org=org_id, sub="bench-user", permissions=ALL_PERMISSIONS)
                    if kind not in UNTARGETED:
                        _first_hit(handler, token, query, recorder)  # warm-up: clients, caches
                    repeats = SCAN_REPEATS if kind in UNTARGETED else SEARCH_REPEATS
                    runs = [_first_hit(handler, token, query, recorder) for _ in range(repeats)]
                    entry[f"requests_{size}"] = runs[-1][0]
                    entry[f"reads_{size}"] = runs[-1][1]
                    entry[f"ms_{size}"] = round(statistics.median(run[2] for run in runs), 1)
                figures.figures[kind] = entry
                print(f"bench: search by {kind}: {entry}", flush=True)
        finally:
            aws.session().unregister("before-call.dynamodb", recorder.record)
            get_search_index.cache_clear()
    return figures
