"""Concurrent updates of one incident, through the real update function, on moto.

Each thread is its own Lambda container (its own copy of `functions/update_incident/app.py`,
which keeps the request it serves on its `IncidentApi`), and all of them start at once. moto
answers one request at a time, as DynamoDB applies each request atomically; the threads race
between their requests (read, then conditional write), which is the race that matters.

- With the same `If-Match`, exactly one update wins (200); the others are told the incident
  changed (412), and nothing of theirs is written.
- Without `If-Match`, a lost race is read again and retried, so every update lands: the version
  goes up by exactly one per update, each with its own `incident.updated` event.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from incident_core.core.errors import VersionMismatch
from incident_core.incidents.repository import DynamoIncidentRepository
from tests.faults.conftest import FaultLedger
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident, stored_events
from tests.support.gateway import ApiResponse, InProcessGateway

WRITERS = 8


def race(count: int, request: Callable[[InProcessGateway, int], ApiResponse]) -> list[ApiResponse]:
    """`request(gateway, i)` from `count` threads at once, each with a gateway (containers) of its own."""
    gateways = [InProcessGateway() for _ in range(count)]
    for gateway in gateways:
        gateway.function("update_incident")  # loaded before the race: a cold start is not the point here
    start = threading.Barrier(count)

    def one(index: int) -> ApiResponse:
        start.wait()
        return request(gateways[index], index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture
def lost_races(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every conditional write that lost its race (the repository's `VersionMismatch`), counted."""
    lost: list[int] = []
    replace = DynamoIncidentRepository.replace_incident

    def counted(self: DynamoIncidentRepository, **kwargs: Any) -> None:
        try:
            replace(self, **kwargs)
        except VersionMismatch:
            lost.append(kwargs["expected_version"])
            raise

    monkeypatch.setattr(DynamoIncidentRepository, "replace_incident", counted)
    return lost


def test_updates_with_the_same_if_match_at_once_one_wins_the_rest_412_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    lost_races: list[int],
    faults: FaultLedger,
) -> None:
    incident = new_incident(gateway, token())
    path = f"/incidents/{incident['id']}"

    answers = race(
        WRITERS,
        lambda gw, i: gw.request(
            "PATCH", path, json_body={"title": f"Writer {i}"}, token=token(), headers={"If-Match": '"1"'}
        ),
    )
    faults.inject("concurrent update with the same If-Match", WRITERS - 1)

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [412] * (WRITERS - 1), [answer.text for answer in answers]
    assert {answer.json()["error"]["code"] for answer in answers if answer.status_code == 412} == {
        "PRECONDITION_FAILED"
    }
    [winner] = [answer.json()["data"] for answer in answers if answer.status_code == 200]
    stored = gateway.request("GET", path, token=token()).json()["data"]
    assert (stored["version"], stored["title"]) == (2, winner["title"])
    updates = [json.loads(event["changes_json"])["title"]["new"] for event in stored_events("acme", incident["id"])[1:]]
    written = faults.reconcile(expected=[winner["title"]], found=updates)  # the winner's, once; no loser's
    assert written.lost == [] and written.duplicated == []


def test_updates_without_if_match_at_once_all_land_one_version_each_moto(
    gateway: InProcessGateway,
    token: TokenFactory,
    lost_races: list[int],
    faults: FaultLedger,
) -> None:
    incident = new_incident(gateway, token())
    path = f"/incidents/{incident['id']}"
    tags = [f"writer-{i}" for i in range(WRITERS)]

    answers = race(WRITERS, lambda gw, i: gw.request("PATCH", path, json_body={"title": tags[i]}, token=token()))
    faults.inject("concurrent update without If-Match (a lost race)", len(lost_races))

    assert [answer.status_code for answer in answers] == [200] * WRITERS, [answer.text for answer in answers]
    assert sorted(answer.json()["data"]["version"] for answer in answers) == list(range(2, WRITERS + 2))
    stored = gateway.request("GET", path, token=token()).json()["data"]
    assert stored["version"] == 1 + WRITERS
    events = stored_events("acme", incident["id"])[1:]
    assert sorted(int(event["sequence"]) for event in events) == list(range(2, WRITERS + 2))
    titles = [json.loads(event["changes_json"])["title"]["new"] for event in events]
    written = faults.reconcile(expected=tags, found=titles)  # every update once
    assert written.lost == [] and written.duplicated == []
    assert lost_races, "the writers never raced: the test proved nothing"
