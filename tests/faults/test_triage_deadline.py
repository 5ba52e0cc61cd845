"""A triage worker running out of time, on moto, with a fake Lambda context and a fake slow engine.

Lambda stops a worker at its timeout without warning. What must hold: a run is never left
`running` past the moment its worker is stopped. The worker reads that moment from its context
(`get_remaining_time_in_millis`), stores it on the run as `deadline_at`, and ends the run
itself (failed: "ran out of time") before then; with too little time left it does not claim
the run at all (the message goes back to the queue). A worker that dies anyway leaves a run
that is stale once its deadline has passed: the next request fails it and takes over, or the
message's redelivery carries it out.

The worker's margins are shrunk (`FINISH_MARGIN` 300 ms instead of 5 s) so that a context with
600 ms left plays a Lambda about to time out in well under a second of test time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from incident_core.incidents.repository import get_repository
from incident_core.triage import worker
from incident_core.triage.engine import RulesEngine, TriageEngine, TriageResult
from incident_core.triage.observables import Observable
from incident_core.triage.repository import get_triage_repository
from tests.faults.conftest import FaultLedger
from tests.integration.conftest import TRIAGE_QUEUE, TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline

TIME_LEFT_MS = 600  # a Lambda 600 ms from its timeout


class FakeContext:
    """A Lambda context whose remaining time runs down from `remaining_ms` in real time."""

    function_name = "triage-worker"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:triage-worker"
    aws_request_id = "11111111-1111-1111-1111-111111111111"

    def __init__(self, remaining_ms: int) -> None:
        self.ends = time.monotonic() + remaining_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, round((self.ends - time.monotonic()) * 1000))


class SlowEngine(TriageEngine):
    """An engine (a model) that answers only once released: longer than any time left."""

    name = "slow"
    version = "0"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = threading.Event()

    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        self.release.wait(timeout=10)
        result = RulesEngine().triage(incident, observables, playbook=playbook)
        self.finished.set()
        return result


class LambdaKilled(BaseException):
    """The worker stopped where it stood: nothing of ours runs after it."""


@pytest.fixture(autouse=True)
def short_margins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "FINISH_MARGIN", timedelta(milliseconds=300))
    monkeypatch.setattr(worker, "MIN_RUN_TIME", timedelta(milliseconds=100))


@pytest.fixture
def slow_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowEngine]:
    engine = SlowEngine()
    monkeypatch.setattr(worker, "default_engine", lambda: engine)
    yield engine
    engine.release.set()  # the abandoned assessment thread ends with the test


@pytest.fixture
def triage_queue(pipeline: Pipeline) -> str:
    return str(boto3.client("sqs").get_queue_url(QueueName=TRIAGE_QUEUE)["QueueUrl"])


def requested_run(gateway: InProcessGateway, token: str, incident_id: str) -> dict[str, Any]:
    response = gateway.request("POST", f"/incidents/{incident_id}/triage", json_body={}, token=token)
    assert response.status_code == 202, response.text
    run: dict[str, Any] = response.json()["data"]
    return run


def stored_run(gateway: InProcessGateway, token: str, incident_id: str, triage_id: str) -> dict[str, Any]:
    response = gateway.request("GET", f"/incidents/{incident_id}/triage/{triage_id}", token=token)
    assert response.status_code == 200, response.text
    run: dict[str, Any] = response.json()["data"]
    return run


def run_item(incident_id: str, triage_id: str) -> dict[str, Any]:
    """The run's item as stored (with `deadline_at`, which the API does not show)."""
    found = get_triage_repository().get_run(org_id="acme", incident_id=incident_id, triage_id=triage_id)
    assert found is not None
    return found


def kill_after_the_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's first read after its claim (the incident) kills it; later workers read as usual."""
    incidents = get_repository()
    read = incidents.get_incident
    calls: list[int] = []

    def killing(**kwargs: Any) -> dict[str, Any] | None:
        calls.append(1)
        if len(calls) == 1:
            raise LambdaKilled
        return read(**kwargs)

    monkeypatch.setattr(incidents, "get_incident", killing)


def work(gateway: InProcessGateway, records: list[dict[str, Any]], time_left_ms: int) -> dict[str, Any]:
    result: dict[str, Any] = gateway.function("triage_worker").lambda_handler(
        {"Records": records}, FakeContext(time_left_ms)
    )
    return result


def event_names(incident_id: str) -> list[str]:
    return [event["event"] for event in stored_events("acme", incident_id)]


def test_an_assessment_outlasting_the_time_left_ends_the_run_failed_before_the_timeout_fake_context_fake_engine_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    triage_queue: str,
    slow_engine: SlowEngine,
    faults: FaultLedger,
) -> None:
    incident = new_incident(gateway, token())
    run = requested_run(gateway, token(), incident["id"])
    records = pipeline.receive(queue_url=triage_queue)

    started = time.monotonic()
    assert work(gateway, records, TIME_LEFT_MS) == {"batchItemFailures": []}  # a result: not retried
    faults.inject("triage worker 600 ms from its Lambda timeout, its engine slower than that")

    assert time.monotonic() - started < TIME_LEFT_MS / 1000  # ended before Lambda would have stopped it
    ended = stored_run(gateway, token(), incident["id"], run["triage_id"])
    assert ended["status"] == "failed" and ended["error"].startswith("triage ran out of time")
    assert event_names(incident["id"]).count("incident.triage_failed") == 1
    # The abandoned assessment finishes later and writes nothing: the run stays failed, once.
    slow_engine.release.set()
    assert slow_engine.finished.wait(timeout=5)
    time.sleep(0.05)
    assert stored_run(gateway, token(), incident["id"], run["triage_id"]) == ended
    outcome = faults.reconcile(
        expected=["incident.triage_failed"], found=event_names(incident["id"])[2:]
    )  # after created, triage_requested
    assert outcome.lost == [] and outcome.duplicated == []
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=token()).json()["data"]["status"] == "open"


def test_too_little_time_left_claims_nothing_and_the_message_goes_back_to_the_queue_fake_context_moto(
    gateway: InProcessGateway, token: TokenFactory, pipeline: Pipeline, triage_queue: str, faults: FaultLedger
) -> None:
    incident = new_incident(gateway, token())
    run = requested_run(gateway, token(), incident["id"])
    records = pipeline.receive(queue_url=triage_queue)

    # Every record of the batch failed: Powertools fails the invocation, SQS retries the message.
    with pytest.raises(BatchProcessingError):
        work(gateway, records, 350)  # under the 300 ms margin + 100 ms minimum
    faults.inject("triage worker invoked with too little time left")

    assert stored_run(gateway, token(), incident["id"], run["triage_id"])["status"] == "queued"  # never running
    assert work(gateway, records, 10_000) == {"batchItemFailures": []}  # the redelivery, with time
    assert stored_run(gateway, token(), incident["id"], run["triage_id"])["status"] == "completed"


def test_a_worker_killed_mid_run_leaves_it_running_only_until_its_deadline_then_a_request_takes_over_fake_context_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    triage_queue: str,
    faults: FaultLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    incident = new_incident(gateway, token())
    run = requested_run(gateway, token(), incident["id"])
    records = pipeline.receive(queue_url=triage_queue)
    kill_after_the_claim(monkeypatch)
    with pytest.raises(LambdaKilled):
        work(gateway, records, TIME_LEFT_MS)
    faults.inject("triage worker killed mid-run")

    claimed = run_item(incident["id"], run["triage_id"])
    assert claimed["status"] == "running" and claimed["deadline_at"] > claimed["started_at"]
    # Until its deadline the run is in hand: a request gets that run back.
    assert requested_run(gateway, token(), incident["id"])["triage_id"] == run["triage_id"]

    time.sleep(TIME_LEFT_MS / 1000 + 0.05)  # the worker's deadline passes
    taken_over = requested_run(gateway, token(), incident["id"])
    assert taken_over["triage_id"] != run["triage_id"] and taken_over["status"] == "queued"
    abandoned = stored_run(gateway, token(), incident["id"], run["triage_id"])
    assert abandoned["status"] == "failed" and "stopped before finishing" in abandoned["error"]
    # The dead worker's message, redelivered, finds the run ended: nothing runs twice.
    assert work(gateway, records, 10_000) == {"batchItemFailures": []}
    assert stored_run(gateway, token(), incident["id"], run["triage_id"]) == abandoned
    failed = faults.reconcile(
        expected=["incident.triage_failed"],
        found=[name for name in event_names(incident["id"]) if name == "incident.triage_failed"],
    )
    assert failed.lost == [] and failed.duplicated == []


def test_a_worker_killed_mid_run_its_redelivery_after_the_deadline_carries_the_run_out_once_fake_context_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    triage_queue: str,
    faults: FaultLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    incident = new_incident(gateway, token())
    run = requested_run(gateway, token(), incident["id"])
    records = pipeline.receive(queue_url=triage_queue)
    kill_after_the_claim(monkeypatch)
    with pytest.raises(LambdaKilled):
        work(gateway, records, TIME_LEFT_MS)
    faults.inject("triage worker killed mid-run")

    # A copy of the message before the deadline finds the run in hand: skipped (its own copy comes back later).
    assert work(gateway, records, 10_000) == {"batchItemFailures": []}
    assert run_item(incident["id"], run["triage_id"])["status"] == "running"
    time.sleep(TIME_LEFT_MS / 1000 + 0.05)
    assert work(gateway, records, 10_000) == {"batchItemFailures": []}

    assert stored_run(gateway, token(), incident["id"], run["triage_id"])["status"] == "completed"
    triaged = faults.reconcile(
        expected=["incident.triaged"],
        found=[name for name in event_names(incident["id"]) if name.startswith("incident.triage")][1:],
    )  # after incident.triage_requested
    assert triaged.lost == [] and triaged.duplicated == []
