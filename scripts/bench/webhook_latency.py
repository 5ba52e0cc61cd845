"""Webhook latency (``webhook_latency_ms``), end to end on MiniStack.

An emulator of its own in a temporary state directory (never the developer's ``.local`` one;
stopped by its pid at the end, its log kept as ``.local/bench/webhook-ministack.log``), the
repo's template deployed as ``incident-api-bench`` with the ``local`` config (insecure webhook
targets allowed, subscriptions cached for 1 s), a subscriber on 127.0.0.1 subscribed to
``incident.created`` through ``POST /webhooks``. After the router's cache has expired and a
few warm-up incidents (the cold starts of the router and the worker are not what this
measures), incidents are created one after another; each latency runs from the moment
``POST /incidents`` is sent to the subscriber's arrival time of that incident's event.
Median and p95 (nearest rank). An event that does not arrive within 20 s is lost: the bench
fails, a loss is never counted as a latency.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scripts.bench.config import (
    ROOT,
    ROUTER_CACHE_WAIT_SECONDS,
    WEBHOOK_TIMEOUT_SECONDS,
    WEBHOOK_WARMUP_TIMEOUT_SECONDS,
)
from scripts.bench.errors import BenchError
from scripts.bench.figures import WebhookLatencySamples
from scripts.bench.functions import NEW_INCIDENT


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


def time_webhook_latency(api_url: str, incidents: int, warmups: int) -> WebhookLatencySamples:
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
