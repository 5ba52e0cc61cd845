"""`Prefer: wait=<seconds>` (RFC 7240) on `POST /incidents/{id}/triage`: parsing, polling, the handler's answers."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import pytest

from incident_core.triage import service, waiting
from incident_core.triage.engine import RulesEngine
from incident_core.triage.models import TriageRequest
from incident_core.triage.queue import TriageMessage
from incident_core.triage.service import request_triage, run_view
from incident_core.triage.waiting import MAX_WAIT_SECONDS, requested_wait, wait_for_run
from incident_core.triage.worker import run_triage
from scripts.dev_token import make_token
from tests.support.api_events import LambdaContext, api_event, load_function
from tests.support.fakes.triage import ANALYST, ORG, InMemoryTriageQueue, TriageIncidentRepository, new_incident
from tests.support.template import template

UNIT_SECRET = "unit-secret-0123456789abcdef0123456789"  # the JWT secret tests/unit/conftest.py sets


@pytest.mark.parametrize(
    ("prefer", "seconds"),
    [
        ("wait=5", 5),
        ("WAIT = 7", 7),
        ('wait="3"', 3),
        ("respond-async, wait=10", 10),
        ("wait=10; foo=bar", 10),
        ("wait=0", 0),
        ("wait=999", MAX_WAIT_SECONDS),
        ("wait=4, wait=9", 4),  # only the first instance counts (RFC 7240, 2)
        (None, None),
        ("", None),
        ("respond-async", None),
        ("return=minimal", None),
        ("wait", None),
        ("wait=", None),
        ("wait=-1", None),
        ("wait=1.5", None),
        ("wait=soon", None),
        ("wait=\u00b2", None),  # a digit to str.isdigit, not a number of seconds
        ("wait=1234567890123", None),
        ("wait=soon, wait=5", None),  # the first is not understood: ignored, and so are the others
    ],
)
def test_the_wait_preference_is_read_as_rfc_7240_says(prefer: str | None, seconds: int | None) -> None:
    assert requested_wait(prefer) == seconds


class FakeClock:
    """A monotonic clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def _queued(incidents: TriageIncidentRepository, queue: InMemoryTriageQueue) -> dict[str, Any]:
    incident_id = new_incident(incidents)
    return request_triage(
        principal=ANALYST,
        incident_id=incident_id,
        data=TriageRequest(),
        incidents=incidents,
        repository=incidents.triage,
        queue=queue,
    )


def _work(incidents: TriageIncidentRepository, message: TriageMessage) -> None:
    assert run_triage(message, engine=RulesEngine(), repository=incidents.triage, incidents=incidents) == "completed"


def test_the_run_is_polled_with_growing_pauses_until_it_is_finished(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    clock = FakeClock()
    run = _queued(incidents, queue)

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if len(clock.sleeps) == 5:  # the worker finishes during the fifth pause
            _work(incidents, queue.sent[0])

    finished = wait_for_run(run, org_id=ORG, seconds=10, repository=incidents.triage, sleep=sleep, clock=clock)
    assert clock.sleeps == [0.025, 0.05, 0.1, 0.2, 0.25]
    stored = incidents.triage.get_run(org_id=ORG, incident_id=run["incident_id"], triage_id=run["triage_id"])
    assert stored is not None and finished == run_view(stored)
    assert finished["status"] == "completed" and isinstance(finished["duration_ms"], int)


def test_a_run_not_finished_in_time_is_answered_as_it_stands(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue
) -> None:
    clock = FakeClock()
    run = _queued(incidents, queue)
    seen = wait_for_run(run, org_id=ORG, seconds=1, repository=incidents.triage, sleep=clock.sleep, clock=clock)
    assert seen == run and seen["status"] == "queued"
    # 25, 50, 100, 200 ms, then 250 ms pauses, the last one what is left of the second: never past the wait.
    assert clock.sleeps == [0.025, 0.05, 0.1, 0.2, 0.25, 0.25, 0.125]
    assert clock.now == 101.0


def test_a_finished_run_is_not_polled(incidents: TriageIncidentRepository, queue: InMemoryTriageQueue) -> None:
    clock = FakeClock()
    run = _queued(incidents, queue)
    _work(incidents, queue.sent[0])
    stored = incidents.triage.get_run(org_id=ORG, incident_id=run["incident_id"], triage_id=run["triage_id"])
    assert stored is not None
    done = run_view(stored)
    assert (
        wait_for_run(done, org_id=ORG, seconds=5, repository=incidents.triage, sleep=clock.sleep, clock=clock) == done
    )
    assert clock.sleeps == []


def test_the_wait_stays_well_below_the_request_functions_timeout() -> None:
    properties = template()["Resources"]["RequestIncidentTriageFunction"]["Properties"]
    assert properties["Timeout"] >= MAX_WAIT_SECONDS + 5  # room for the request's own work before and after


# --- the handler -----------------------------------------------------------------------------------


@pytest.fixture
def handler(
    incidents: TriageIncidentRepository, queue: InMemoryTriageQueue, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., dict[str, Any]]:
    """Calls `POST /incidents/{id}/triage` of a new incident over the fakes, with `headers`."""
    monkeypatch.setattr(service, "get_repository", lambda: incidents)
    monkeypatch.setattr(service, "get_triage_repository", lambda: incidents.triage)
    monkeypatch.setattr(service, "get_triage_queue", lambda: queue)
    monkeypatch.setattr(waiting, "get_triage_repository", lambda: incidents.triage)
    incident_id = new_incident(incidents)
    token = make_token(secret=UNIT_SECRET, org=ORG, sub="alice", permissions=["incidents:triage"])

    def call(headers: dict[str, str] | None = None) -> dict[str, Any]:
        event = api_event(
            "POST", "/incidents/{id}/triage", path_parameters={"id": incident_id}, token=token, headers=headers
        )
        result: dict[str, Any] = load_function("request_incident_triage").lambda_handler(event, LambdaContext())
        return result

    return call


def _with_clock(monkeypatch: pytest.MonkeyPatch, clock: FakeClock, sleep: Callable[[float], None]) -> None:
    monkeypatch.setattr(waiting, "wait_for_run", functools.partial(wait_for_run, sleep=sleep, clock=clock))


def test_a_run_finished_within_the_wait_is_answered_200_with_preference_applied(
    handler: Callable[..., dict[str, Any]],
    incidents: TriageIncidentRepository,
    queue: InMemoryTriageQueue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()

    def sleep(seconds: float) -> None:  # the worker takes the message during the first pause
        clock.sleep(seconds)
        if queue.sent and len(clock.sleeps) == 1:
            _work(incidents, queue.sent[0])

    _with_clock(monkeypatch, clock, sleep)
    response = handler({"Prefer": "wait=20"})
    assert response["statusCode"] == 200, response["body"]
    assert response["headers"]["Preference-Applied"] == "wait=20"
    run = json.loads(response["body"])["data"]
    assert response["headers"]["Location"] == f"triage/{run['triage_id']}"
    assert run["status"] == "completed" and run["verdict"]["classification"] in ("malicious", "suspicious")
    assert isinstance(run["duration_ms"], int) and run["duration_ms"] >= 0
    assert clock.sleeps == [0.025]


def test_a_run_not_finished_within_the_wait_is_answered_202_as_it_stands(
    handler: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    _with_clock(monkeypatch, clock, clock.sleep)
    response = handler({"Prefer": "wait=999"})
    assert response["statusCode"] == 202, response["body"]
    assert response["headers"]["Preference-Applied"] == f"wait={MAX_WAIT_SECONDS}"
    assert json.loads(response["body"])["data"]["status"] == "queued"
    assert clock.now == 100.0 + MAX_WAIT_SECONDS


@pytest.mark.parametrize("prefer", [None, "wait=0", "wait=soon", "respond-async"])
def test_without_an_understood_wait_the_answer_is_202_at_once(
    handler: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch, prefer: str | None
) -> None:
    clock = FakeClock()
    _with_clock(monkeypatch, clock, clock.sleep)
    response = handler({"Prefer": prefer} if prefer is not None else None)
    assert response["statusCode"] == 202, response["body"]
    assert "Preference-Applied" not in response["headers"]
    assert json.loads(response["body"])["data"]["status"] == "queued"
    assert clock.sleeps == []


def test_the_route_documents_prefer_and_both_answers() -> None:
    [route] = load_function("request_incident_triage").api.routes
    assert (route.doc.status, route.doc.also) == (202, (200,))
    assert [header.name for header in route.doc.request_headers] == ["Prefer"]
    assert [header.name for header in route.doc.response_headers] == ["Location", "Preference-Applied"]
    assert "20 s at most" in route.doc.request_headers[0].description


def test_the_openapi_document_shows_the_prefer_header_and_the_200_answer() -> None:
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    from incident_core.http.openapi import register_openapi

    resolver = APIGatewayRestResolver()
    register_openapi(load_function("request_incident_triage").api, resolver)
    document = resolver.get_openapi_json_schema(security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")})
    operation = json.loads(document)["paths"]["/incidents/{id}/triage"]["post"]
    assert [(item["name"], item["in"]) for item in operation["parameters"]] == [("id", "path"), ("prefer", "header")]
    answers = operation["responses"]
    assert (answers["200"]["description"], answers["202"]["description"]) == ("OK", "Accepted")
    assert answers["200"]["content"] == answers["202"]["content"]
    assert answers["200"]["headers"] == answers["202"]["headers"]
    limits = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
    assert set(answers["200"]["headers"]) == {"Location", "Preference-Applied", *limits}
