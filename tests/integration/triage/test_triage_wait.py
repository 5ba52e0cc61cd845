"""`Prefer: wait=<seconds>` on `POST /incidents/{id}/triage` against moto: the request polls the run
item while the worker (run here during the request's first pause) carries the run out."""

from __future__ import annotations

import functools
import time

import boto3
import pytest

from incident_core.triage import waiting
from tests.integration.conftest import TRIAGE_QUEUE, TokenFactory
from tests.integration.helpers import new_incident
from tests.integration.triage.test_triage import PHISHING
from tests.support.gateway import InProcessGateway
from tests.support.pipeline import Pipeline


@pytest.fixture
def triage_queue() -> str:
    return str(boto3.client("sqs").get_queue_url(QueueName=TRIAGE_QUEUE)["QueueUrl"])


@pytest.fixture
def pipeline(gateway: InProcessGateway) -> Pipeline:
    queue_url = boto3.client("sqs").get_queue_url(QueueName="deliveries-it")["QueueUrl"]
    return Pipeline(gateway, table="incidents-it", queue_url=queue_url)


def test_seed_001s_synchronous_triage_answers_200_with_the_completed_run(
    gateway: InProcessGateway,
    token: TokenFactory,
    pipeline: Pipeline,
    triage_queue: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []

    def worker_runs_during_the_pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 1:
            assert pipeline.triage(triage_queue)["records"] == 1

    monkeypatch.setattr(
        waiting, "wait_for_run", functools.partial(waiting.wait_for_run, sleep=worker_runs_during_the_pause)
    )
    analyst = token()
    incident = new_incident(gateway, analyst, **PHISHING)
    path = f"/incidents/{incident['id']}/triage"
    response = gateway.request(
        "POST", path, json_body={"playbook": "phishing", "force": True}, headers={"Prefer": "wait=20"}, token=analyst
    )
    assert response.status_code == 200, response.text
    assert response.header("Preference-Applied") == "wait=20"
    run = response.json()["data"]
    assert run["status"] == "completed" and run["playbook"] == "phishing"
    assert run["verdict"]["classification"] == "malicious" and 0 <= run["verdict"]["confidence"] <= 1
    assert isinstance(run["duration_ms"], int) and run["duration_ms"] >= 0
    assert response.header("Location") == f"triage/{run['triage_id']}"
    assert pauses == [0.025]  # one pause, then the run item read back completed
    assert gateway.request("GET", path, token=analyst).json()["data"] == run


def test_a_run_no_worker_takes_within_the_wait_is_answered_202_when_the_wait_runs_out(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    analyst = token()
    incident = new_incident(gateway, analyst, **PHISHING)
    started = time.monotonic()
    response = gateway.request(
        "POST", f"/incidents/{incident['id']}/triage", headers={"Prefer": "respond-async, wait=1"}, token=analyst
    )
    waited = time.monotonic() - started
    assert response.status_code == 202, response.text
    assert response.header("Preference-Applied") == "wait=1"
    assert response.json()["data"]["status"] == "queued"
    assert 1.0 <= waited < 3.0


@pytest.mark.parametrize("prefer", ["wait=later", "wait=-5", "return=minimal"])
def test_a_preference_not_understood_is_ignored(gateway: InProcessGateway, token: TokenFactory, prefer: str) -> None:
    analyst = token()
    incident = new_incident(gateway, analyst, **PHISHING)
    response = gateway.request("POST", f"/incidents/{incident['id']}/triage", headers={"Prefer": prefer}, token=analyst)
    assert response.status_code == 202, response.text
    assert response.header("Preference-Applied") is None
    assert response.json()["data"]["status"] == "queued"
