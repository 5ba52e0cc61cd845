"""A quiet org's webhook latency while another org bursts (``webhook_latency_under_burst_ms``), on the
MiniStack stack the bench deploys (``router_throughput`` runs it before the router's throughput).

A quiet org and a busy org, each subscribed to ``incident.created`` with a subscriber of its own.
A warm-up burst of ``WARMUP_BURST_INCIDENTS`` first, by a third org (so the busy org's fair share
is whole when its burst starts): MiniStack starts a worker process per concurrent invocation (API
functions, delivery and triage workers, on both lanes), and those cold starts are not what this
measures (as the webhook latency's warm-ups). Then the busy org creates
``BURST_INCIDENTS`` incidents through the API from ``BURST_CLIENTS`` threads as fast as they go;
one second in, the quiet org creates ``QUIET_INCIDENTS``, one every ``QUIET_INTERVAL_SECONDS``
(not waiting for arrivals), all while the burst goes on. A quiet latency runs from the API's 201 (the
change and its event are committed then) to the arrival at the quiet subscriber (same host
clock): on MiniStack the API itself queues under eight busy clients, and that is the API's time,
not the webhook pipeline's (the event's own `timestamp` is taken before the commit). Median and
p95 (nearest rank). A quiet event that does not arrive within
``WEBHOOK_TIMEOUT_SECONDS`` of the burst's end is lost (the bench fails). The busy subscriber stays
up until every busy webhook has arrived (within ``BUSY_DRAIN_TIMEOUT_SECONDS``; one short fails the
bench too): a delivery still on the bulk lane when it closed would fail and be retried with backoff
for hours, and the throughput runs that follow wait for idle queues.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scripts.bench.config import ROOT, ROUTER_CACHE_WAIT_SECONDS, WEBHOOK_TIMEOUT_SECONDS
from scripts.bench.errors import BenchError
from scripts.bench.figures import percentile
from scripts.bench.functions import NEW_INCIDENT

BURST_INCIDENTS = 300
BURST_CLIENTS = 8
QUIET_INCIDENTS = 20
QUIET_WARMUPS = 3
QUIET_INTERVAL_SECONDS = 0.5  # between the quiet org's incidents: 20 spread over the burst's first ~10 s
WARMUP_BURST_INCIDENTS = BURST_INCIDENTS  # as large as the burst: every lane reaches the concurrency the burst takes
BURST_HEAD_START_SECONDS = 1.0
UNDER_BURST_P95_TARGET_MS = 500.0
BUSY_DRAIN_TIMEOUT_SECONDS = 180.0


@dataclass
class BurstLatencySamples:
    """The quiet org's webhook latencies (ms) during the other org's burst, and what did not arrive."""

    latencies_ms: list[float] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    burst_seconds: float = 0.0
    burst_created: int = 0
    during_burst: int = 0  # quiet incidents created before the burst's last one
    busy_missing: int = 0  # the busy orgs' webhooks (warm-up and burst) that had not arrived by the end
    stages_ms: list[tuple[float, float, float]] = field(default_factory=list)  # (routed, queued, sent), `_stages`
    created_during_burst: list[bool] = field(default_factory=list)  # per stage sample: created before the burst ended

    def stage_medians(self, *, during_burst: bool | None = None) -> dict[str, float]:
        """The median of each stage of the quiet webhooks' latencies: routed, queued (on the delivery queue and
        in the worker until its first attempt), sent (the attempt until the subscriber had it); of every
        sample, or only of those created during the burst (True) or after it (False)."""
        stages = [
            stage
            for index, stage in enumerate(self.stages_ms)
            if during_burst is None
            or (index < len(self.created_during_burst) and self.created_during_burst[index] == during_burst)
        ]
        if not stages:
            return {}
        names = ("routed", "queued", "sent")
        return {name: round(statistics.median(stage[i] for stage in stages), 1) for i, name in enumerate(names)}

    def entry(self) -> dict[str, float | int]:
        return {
            "median": round(statistics.median(self.latencies_ms), 1),
            "p95": round(percentile(self.latencies_ms, 0.95), 1),
            "samples": len(self.latencies_ms),
        }


def epoch_seconds(timestamp: str) -> float:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


class Api:
    """An org's caller of the API: one token, one session per thread."""

    def __init__(self, api_url: str, org: str) -> None:
        from scripts.dev_token import ALL_PERMISSIONS, local_jwt_secret, make_token

        self.api_url = api_url
        self.token = make_token(secret=local_jwt_secret(ROOT), org=org, sub="bench-user", permissions=ALL_PERMISSIONS)
        self._local = threading.local()

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._call("POST", path, body, expected=201)

    def get(self, path: str) -> dict[str, Any]:
        return self._call("GET", path, None, expected=200)

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None, *, expected: int) -> dict[str, Any]:
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # never send 127.0.0.1 through a proxy
        response = session.request(
            method,
            f"{self.api_url}{path}",
            json=None if body is None else dict(body),
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
        )
        if response.status_code != expected:
            raise BenchError(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        data: dict[str, Any] = response.json()["data"]
        return data

    def subscribe(self, url: str) -> str:
        return str(self.post("/webhooks", {"name": "bench", "url": url, "events": ["incident.created"]})["id"])


def _arrival(receiver: Any, incident_id: str, timeout: float) -> tuple[float, str] | None:
    """When the incident's `incident.created` reached the subscriber (epoch s) and its delivery's id (the
    `webhook-id` header); None if not in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for received in list(receiver.received):
            payload = json.loads(received.body)
            if payload.get("event") == "incident.created" and payload["data"].get("id") == incident_id:
                return float(received.at), str(received.headers["webhook-id"])
        time.sleep(0.005)
    return None


def _stages(api: Api, webhook_id: str, created: float, arrival: tuple[float, str]) -> tuple[float, float, float]:
    """Where a quiet webhook's time went (ms): the API's 201 -> the router wrote its delivery -> the worker's
    first attempt -> the subscriber had it (the delivery's `created_at` and first `attempted_at`)."""
    arrived, delivery_id = arrival
    delivery = api.get(f"/webhooks/{webhook_id}/deliveries/{delivery_id}")
    routed = epoch_seconds(str(delivery["created_at"]))
    sent = epoch_seconds(str((delivery.get("attempts") or [{}])[0].get("attempted_at") or delivery["created_at"]))
    return (
        max(0.0, routed - created) * 1000.0,
        max(0.0, sent - routed) * 1000.0,
        max(0.0, arrived - sent) * 1000.0,
    )


class Burst:
    """`count` incidents created by one org from `clients` threads, as fast as they go."""

    def __init__(self, api: Api, count: int, clients: int) -> None:
        self.api = api
        self.remaining = count
        self.created = 0
        self.errors: list[str] = []
        self.started = self.ended = 0.0
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]

    def start(self) -> Burst:
        self.started = time.time()
        for thread in self._threads:
            thread.start()
        return self

    def join(self) -> Burst:
        for thread in self._threads:
            thread.join()
        if self.errors:
            raise BenchError(f"latency under burst: the burst failed: {self.errors[0]}")
        return self

    def _client(self) -> None:
        while True:
            with self._lock:
                if not self.remaining or self.errors:
                    return
                self.remaining -= 1
            try:
                self.api.post("/incidents", NEW_INCIDENT)
            except BenchError as error:
                self.errors.append(str(error))
                return
            with self._lock:
                self.created += 1
                self.ended = time.time()


def time_latency_under_burst(
    api_url: str,
    *,
    burst: int = BURST_INCIDENTS,
    clients: int = BURST_CLIENTS,
    quiet: int = QUIET_INCIDENTS,
) -> BurstLatencySamples:
    from tests.support.receiver import webhook_receiver

    quiet_api = Api(api_url, f"bench-quiet-{uuid.uuid4().hex[:8]}")
    busy_api = Api(api_url, f"bench-busy-{uuid.uuid4().hex[:8]}")
    warm_api = Api(api_url, f"bench-warm-{uuid.uuid4().hex[:8]}")  # an org of its own: the busy org's share stays whole
    samples = BurstLatencySamples()
    with webhook_receiver() as quiet_receiver, webhook_receiver() as busy_receiver:
        quiet_webhook = quiet_api.subscribe(quiet_receiver.url)
        busy_api.subscribe(busy_receiver.url)
        warm_api.subscribe(busy_receiver.url)
        time.sleep(ROUTER_CACHE_WAIT_SECONDS)
        # A warm-up burst starts the processes a burst needs (MiniStack runs a worker process per
        # concurrent invocation, and unzips a new one's code in its own process, stalling every
        # stream and queue for about a second: their cold starts are not what this measures), as
        # large as the burst (the bulk lanes' workers) and from one client more (the quiet org's
        # creates run beside the burst's eight).
        Burst(warm_api, WARMUP_BURST_INCIDENTS, clients + 1).start().join()
        busy_receiver.wait_for(WARMUP_BURST_INCIDENTS, timeout=120)
        for _ in range(QUIET_WARMUPS):
            incident_id = str(quiet_api.post("/incidents", NEW_INCIDENT)["id"])
            if _arrival(quiet_receiver, incident_id, 60) is None:
                raise BenchError(f"latency under burst: warm-up incident {incident_id} never arrived")
        measured = Burst(busy_api, burst, clients).start()
        time.sleep(BURST_HEAD_START_SECONDS)
        sent: list[tuple[str, float]] = []
        for _ in range(quiet):  # on a cadence of their own, not waiting for each arrival
            sent.append((str(quiet_api.post("/incidents", NEW_INCIDENT)["id"]), time.time()))
            time.sleep(QUIET_INTERVAL_SECONDS)
        measured.join()
        for incident_id, created in sent:
            arrival = _arrival(quiet_receiver, incident_id, WEBHOOK_TIMEOUT_SECONDS)
            if arrival is None:
                samples.lost.append(incident_id)
            else:  # it may arrive before the 201 reaches the client: 0 then
                samples.latencies_ms.append(max(0.0, arrival[0] - created) * 1000.0)
                samples.stages_ms.append(_stages(quiet_api, quiet_webhook, created, arrival))
                samples.created_during_burst.append(created <= measured.ended)
        busy_expected = WARMUP_BURST_INCIDENTS + measured.created
        busy_arrived = len(busy_receiver.wait_for(busy_expected, timeout=BUSY_DRAIN_TIMEOUT_SECONDS))
        samples.busy_missing = max(0, busy_expected - busy_arrived)
        samples.burst_created = measured.created
        samples.burst_seconds = measured.ended - measured.started
        samples.during_burst = sum(1 for _, at in sent if at <= measured.ended)
    print(
        f"bench: burst of {samples.burst_created} incidents in {samples.burst_seconds:.1f} s; "
        f"{samples.during_burst} of {quiet} quiet incidents created during it; "
        f"the quiet webhooks' stages (medians, ms): {samples.stage_medians()}, "
        f"of those created during it: {samples.stage_medians(during_burst=True)}",
        flush=True,
    )
    return samples
