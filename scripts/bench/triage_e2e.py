"""Triage end to end (``triage_e2e_ms``), on MiniStack.

On the same MiniStack deployment as the webhook latency (deployed with ``AutoTriage=true``
over the ``local`` config, the template's default made sure) and after it, in an org of its
own (no webhook subscription): a phishing-like incident is created with ``POST /incidents``
and ``GET /incidents/{id}`` is polled every 20 ms; each time runs from the moment the POST
is sent to the arrival of the first answer that shows the incident ``triaged`` (the run's
completion and the incident's new status are written in one transaction). Every second the
latest run is read too, so a failed run ends the wait with its reason. After 3 warm-up
incidents (cold starts), 30 one after another; median and p95 (nearest rank). An incident
not triaged within 30 s, or whose run failed, fails the bench and is never counted as a
time. Skipped whenever the webhook latency is.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scripts.bench.config import (
    ROOT,
    TRIAGE_E2E_INCIDENTS,
    TRIAGE_E2E_TIMEOUT_SECONDS,
    TRIAGE_E2E_WARMUP_TIMEOUT_SECONDS,
    TRIAGE_E2E_WARMUPS,
    TRIAGE_POLL_SECONDS,
    TRIAGE_RUN_CHECK_SECONDS,
)
from scripts.bench.errors import BenchError
from scripts.bench.figures import TriageE2ESamples

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
