"""GET /analytics/incidents agrees with the incidents, to the unit: a scripted set of incidents, each change
at a controlled time, then every figure of the answer (and its two DynamoDB calls)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from incident_core.analytics.histogram import EDGES_SECONDS
from incident_core.analytics.repository import get_analytics_repository
from incident_core.core import aws
from incident_core.incidents import service
from tests.integration.conftest import RATE_LIMIT_TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

EMPTY = {"created": 0, "acknowledged": 0, "resolved": 0, "closed": 0, "reopened": 0}
NO_DURATION = {"count": 0, "mean_seconds": None, "p50_seconds": None, "p90_seconds": None}


class Clock:
    """The service's clock, set by the test before each change."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 2, tzinfo=UTC)

    def at(self, text: str) -> None:
        self.moment = datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    controlled = Clock()
    monkeypatch.setattr(service, "utc_now", lambda: controlled.moment)
    return controlled


@pytest.fixture
def analytics(aws: None) -> Iterator[None]:
    get_analytics_repository.cache_clear()
    yield
    get_analytics_repository.cache_clear()


@pytest.fixture
def dynamodb_calls(analytics: None) -> Iterator[list[str]]:
    """The DynamoDB calls on the incidents' table (the rate limit's counter is apart)."""
    calls: list[str] = []

    def record(**event: Any) -> None:
        if event["params"].get("TableName") != RATE_LIMIT_TABLE:
            calls.append(event["model"].name)

    aws.session().register("provide-client-params.dynamodb", record)
    yield calls
    aws.session().unregister("provide-client-params.dynamodb", record)


def move(gateway: InProcessGateway, token: str, incident: dict[str, Any], **body: Any) -> None:
    response = gateway.request("PUT", f"/incidents/{incident['id']}/status", json_body=body, token=token)
    assert response.status_code == 200, response.text


def scripted_set(gateway: InProcessGateway, token: str, clock: Clock) -> None:
    """Six incidents over 2026-11-02 (a Monday), 11-03 and 11-10."""
    clock.at("2026-11-02T09:00:00")
    a = new_incident(gateway, token, severity="critical", source="siem", incident_type="phishing")
    clock.at("2026-11-02T09:00:30")
    move(gateway, token, a, status="acknowledged")  # MTTA 30 s
    clock.at("2026-11-02T09:10:00")
    move(gateway, token, a, status="resolved", classification="true_positive")  # MTTR 600 s
    clock.at("2026-11-02T10:00:00")
    b = new_incident(gateway, token, severity="high", source="siem", incident_type="malware")
    clock.at("2026-11-02T10:05:00")
    move(gateway, token, b, status="acknowledged")  # MTTA 300 s
    clock.at("2026-11-03T08:00:00")
    c = new_incident(gateway, token, severity="low", source="edr", incident_type="phishing")
    clock.at("2026-11-03T08:02:00")
    move(gateway, token, c, status="closed", classification="false_positive")  # dismissed at once
    clock.at("2026-11-03T09:00:00")
    move(gateway, token, a, status="closed")  # keeps its true_positive
    clock.at("2026-11-03T10:00:00")
    move(gateway, token, b, status="resolved", classification="true_positive")  # MTTR 86,400 s
    clock.at("2026-11-03T11:00:00")
    move(gateway, token, b, status="investigating")  # reopened: its true_positive goes
    clock.at("2026-11-10T10:00:00")
    move(gateway, token, b, status="resolved", classification="benign")  # MTTR 691,200 s
    clock.at("2026-11-10T12:00:00")
    new_incident(gateway, token, severity="medium", source="edr", incident_type="malware")  # stays open
    clock.at("2026-11-10T13:00:00")
    e = new_incident(gateway, token, severity="high", source="siem", incident_type="phishing")
    clock.at("2026-11-10T13:01:00")
    move(gateway, token, e, status="acknowledged")  # MTTA 60 s, stays acknowledged
    clock.at("2026-11-10T14:00:00")
    f = new_incident(gateway, token, severity="low")  # no source, no type
    clock.at("2026-11-10T14:30:00")
    assert gateway.request("DELETE", f"/incidents/{f['id']}", token=token).status_code == 200


def test_every_figure_agrees_with_the_scripted_incidents(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock, dynamodb_calls: list[str]
) -> None:
    admin = token()
    scripted_set(gateway, admin, clock)
    dynamodb_calls.clear()
    query = {"from": "2026-11-02", "to": "2026-11-10"}
    response = gateway.request("GET", "/analytics/incidents", token=admin, query=query)
    assert response.status_code == 200, response.text
    assert dynamodb_calls == ["Query", "GetItem"]  # the range's day items, the org's totals
    data = response.json()["data"]
    assert (data["from"], data["to"], data["bucket"]) == ("2026-11-02", "2026-11-10", "day")
    assert data["totals"] == {"created": 6, "acknowledged": 3, "resolved": 3, "closed": 2, "reopened": 1}
    days = {
        bucket["start"]: {k: v for k, v in bucket.items() if k not in ("start", "end")} for bucket in data["buckets"]
    }
    assert list(days) == [f"2026-11-{day:02d}" for day in range(2, 11)]
    assert days["2026-11-02"] == {"created": 2, "acknowledged": 2, "resolved": 1, "closed": 0, "reopened": 0}
    assert days["2026-11-03"] == {"created": 1, "acknowledged": 0, "resolved": 1, "closed": 2, "reopened": 1}
    assert days["2026-11-10"] == {"created": 3, "acknowledged": 1, "resolved": 1, "closed": 0, "reopened": 0}
    assert all(days[f"2026-11-{day:02d}"] == EMPTY for day in range(4, 10))
    assert data["open_now"] == {
        "total": 2,
        "by_status": {"open": 1, "triaged": 0, "acknowledged": 1, "investigating": 0},
        "by_severity": {"low": 0, "medium": 1, "high": 1, "critical": 0},
    }
    # MTTA: critical 30 s (bucket [0, 60)); high 300 s ([240, 480)) and 60 s ([60, 120)).
    assert data["mtta"] == {
        "low": NO_DURATION,
        "medium": NO_DURATION,
        "high": {"count": 2, "mean_seconds": 180.0, "p50_seconds": 120.0, "p90_seconds": 432.0},
        "critical": {"count": 1, "mean_seconds": 30.0, "p50_seconds": 30.0, "p90_seconds": 54.0},
    }
    # MTTR: critical 600 s ([480, 960)); high 86,400 s ([61,440, 122,880)) and 691,200 s ([491,520, 983,040)).
    assert data["mttr"] == {
        "low": NO_DURATION,
        "medium": NO_DURATION,
        "high": {"count": 2, "mean_seconds": 388800.0, "p50_seconds": 122880.0, "p90_seconds": 884736.0},
        "critical": {"count": 1, "mean_seconds": 600.0, "p50_seconds": 720.0, "p90_seconds": 912.0},
    }
    assert data["classifications"] == {"true_positive": 1, "false_positive": 1, "benign": 1, "disrupted": 0}
    assert data["false_positive_rate"] == 0.3333
    assert data["by_source"] == {
        "edr": {"created": 2, "true_positive": 0, "false_positive": 1, "benign": 0, "disrupted": 0,
                "false_positive_rate": 1.0},
        "siem": {"created": 3, "true_positive": 1, "false_positive": 0, "benign": 1, "disrupted": 0,
                 "false_positive_rate": 0.0},
    }  # fmt: skip
    assert data["by_incident_type"] == {
        "malware": {"created": 2, "true_positive": 0, "false_positive": 0, "benign": 1, "disrupted": 0,
                    "false_positive_rate": 0.0},
        "phishing": {"created": 3, "true_positive": 1, "false_positive": 1, "benign": 0, "disrupted": 0,
                     "false_positive_rate": 0.5},
    }  # fmt: skip
    assert data["top_sources"] == [{"source": "siem", "count": 3}, {"source": "edr", "count": 2}]
    assert data["top_incident_types"] == [
        {"incident_type": "phishing", "count": 3},
        {"incident_type": "malware", "count": 2},
    ]
    assert data["histogram_edges_seconds"] == list(EDGES_SECONDS)


def test_weeks_are_summed_from_days_and_a_range_counts_only_its_days(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock, analytics: None
) -> None:
    admin = token()
    scripted_set(gateway, admin, clock)
    query = {"from": "2026-11-02", "to": "2026-11-10", "bucket": "week"}
    weeks = gateway.request("GET", "/analytics/incidents", token=admin, query=query).json()["data"]["buckets"]
    assert weeks == [
        {"start": "2026-11-02", "end": "2026-11-08", "created": 3, "acknowledged": 2, "resolved": 2, "closed": 2,
         "reopened": 1},
        {"start": "2026-11-09", "end": "2026-11-10", "created": 3, "acknowledged": 1, "resolved": 1, "closed": 0,
         "reopened": 0},
    ]  # fmt: skip
    # The last day alone: its events and samples only; its classification (b's benign) only.
    last = gateway.request("GET", "/analytics/incidents", token=admin, query={"from": "2026-11-10", "to": "2026-11-10"})
    data = last.json()["data"]
    assert data["totals"] == {"created": 3, "acknowledged": 1, "resolved": 1, "closed": 0, "reopened": 0}
    assert data["mtta"]["high"]["count"] == 1 and data["mtta"]["critical"]["count"] == 0
    assert data["mttr"]["high"] == {"count": 1, "mean_seconds": 691200.0, "p50_seconds": 737280.0,
                                    "p90_seconds": 933888.0}  # fmt: skip
    assert data["classifications"] == {"true_positive": 0, "false_positive": 0, "benign": 1, "disrupted": 0}
    assert data["open_now"]["total"] == 2  # now, whatever the range


def test_another_org_sees_none_of_it_and_bad_ranges_are_400(
    gateway: InProcessGateway, token: TokenFactory, clock: Clock, analytics: None
) -> None:
    scripted_set(gateway, token(), clock)
    other = gateway.request("GET", "/analytics/incidents", token=token(org="globex"), query={"from": "2026-11-02"})
    data = other.json()["data"]
    assert data["totals"] == EMPTY and data["open_now"]["total"] == 0 and data["by_source"] == {}
    for query, field in (
        ({"from": "2026-11-10", "to": "2026-11-02"}, "from"),
        ({"from": "2025-11-01", "to": "2026-11-10"}, "from"),  # more than 366 days
        ({"from": "yesterday"}, "from"),
        ({"bucket": "month"}, "bucket"),
        ({"since": "2026-11-02"}, "since"),
    ):
        refused = gateway.request("GET", "/analytics/incidents", token=token(), query=query)
        assert refused.status_code == 400, query
        assert refused.json()["error"]["details"][0]["field"] == field


def test_reporters_are_refused_and_readers_need_incidents_read(gateway: InProcessGateway, token: TokenFactory) -> None:
    reporter = gateway.request("GET", "/analytics/incidents", token=token(roles=["reporter"]))
    assert reporter.status_code == 403
    no_read = gateway.request("GET", "/analytics/incidents", token=token(scopes=["webhooks:read"]))
    assert no_read.status_code == 403
    responder = gateway.request("GET", "/analytics/incidents", token=token(roles=["responder"]))
    assert responder.status_code == 200
