"""GET /analytics/incidents over HTTP: a scripted set of incidents in a fresh org, then the exact figures.

The clock is the stack's, so durations are not controlled: every change of the script follows the
previous within seconds, so each MTTA and MTTR sample falls in the first histogram bucket, [0, 60 s),
whose percentiles interpolate to fixed values (p50 = 30 s, p90 = 54 s)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory

IN_FIRST_BUCKET = {"p50_seconds": 30.0, "p90_seconds": 54.0}
NO_DURATION = {"count": 0, "mean_seconds": None, "p50_seconds": None, "p90_seconds": None}


def create(api: ApiClient, token: str, severity: str, **fields: Any) -> dict[str, Any]:
    body = {"title": f"{severity} scripted incident", "description": "Scripted for the analytics figures"}
    response = api.post("/incidents", json={**body, "severity": severity, **fields}, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def move(api: ApiClient, token: str, incident: dict[str, Any], **body: Any) -> None:
    response = api.put(f"/incidents/{incident['id']}/status", json=body, token=token)
    assert response.status_code == 200, response.text


def test_the_figures_of_a_scripted_set_are_exact(api: ApiClient, token: TokenFactory) -> None:
    admin = token(org=f"analytics-{uuid.uuid4().hex[:10]}")
    a = create(api, admin, "critical", source="siem", incident_type="phishing")
    move(api, admin, a, status="acknowledged")
    move(api, admin, a, status="resolved", classification="true_positive")
    move(api, admin, a, status="closed")
    b = create(api, admin, "high", source="siem", incident_type="malware")
    move(api, admin, b, status="acknowledged")
    move(api, admin, b, status="resolved", classification="true_positive")
    move(api, admin, b, status="investigating")  # reopened: its true_positive goes
    move(api, admin, b, status="resolved", classification="benign")
    c = create(api, admin, "low", source="edr", incident_type="phishing")
    move(api, admin, c, status="closed", classification="false_positive")
    create(api, admin, "medium", source="edr", incident_type="malware")  # stays open
    e = create(api, admin, "high", source="siem", incident_type="phishing")
    move(api, admin, e, status="acknowledged")  # stays acknowledged
    f = create(api, admin, "low")
    assert api.delete(f"/incidents/{f['id']}", token=admin).status_code == 200

    today = datetime.now(UTC).date()
    query = {"from": (today - timedelta(days=1)).isoformat(), "to": (today + timedelta(days=1)).isoformat()}
    response = api.get("/analytics/incidents", params=query, token=admin)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["totals"] == {"created": 6, "acknowledged": 3, "resolved": 3, "closed": 2, "reopened": 1}
    assert len(data["buckets"]) == 3
    assert sum(bucket["created"] for bucket in data["buckets"]) == 6
    assert data["open_now"] == {
        "total": 2,
        "by_status": {"open": 1, "triaged": 0, "acknowledged": 1, "investigating": 0},
        "by_severity": {"low": 0, "medium": 1, "high": 1, "critical": 0},
    }
    for metric, counts in (("mtta", {"critical": 1, "high": 2}), ("mttr", {"critical": 1, "high": 2})):
        figures = data[metric]
        assert (figures["low"], figures["medium"]) == (NO_DURATION, NO_DURATION)
        for severity, count in counts.items():
            assert figures[severity]["count"] == count
            assert 0 <= figures[severity]["mean_seconds"] < 60
            assert {name: figures[severity][name] for name in IN_FIRST_BUCKET} == IN_FIRST_BUCKET
    assert data["classifications"] == {"true_positive": 1, "false_positive": 1, "benign": 1, "disrupted": 0}
    assert data["false_positive_rate"] == 0.3333
    assert {source: figures["false_positive_rate"] for source, figures in data["by_source"].items()} == {
        "edr": 1.0,
        "siem": 0.0,
    }
    assert {kind: figures["false_positive_rate"] for kind, figures in data["by_incident_type"].items()} == {
        "malware": 0.0,
        "phishing": 0.5,
    }
    assert data["top_sources"] == [{"source": "siem", "count": 3}, {"source": "edr", "count": 2}]
    assert data["top_incident_types"] == [
        {"incident_type": "phishing", "count": 3},
        {"incident_type": "malware", "count": 2},
    ]
    weeks = api.get("/analytics/incidents", params={**query, "bucket": "week"}, token=admin).json()["data"]
    assert weeks["totals"] == data["totals"]
    assert sum(bucket["resolved"] for bucket in weeks["buckets"]) == 3
    reporter = api.get("/analytics/incidents", token=token(org="analytics-x", roles=["reporter"]))
    assert reporter.status_code == 403
