"""The triage analysis's `estimated_resolution_time` reads the MTTR histograms when the org's history of the
incident's own type and severity is too short, and they hold enough resolutions of its severity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from incident_core.analytics.repository import get_analytics_repository
from incident_core.incidents import service
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)  # inside the histograms' 90 days


@pytest.fixture
def clock(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    now = [START]
    monkeypatch.setattr(service, "utc_now", lambda: now[0])
    get_analytics_repository.cache_clear()
    yield now
    get_analytics_repository.cache_clear()


def analysis(gateway: InProcessGateway, token: str, incident: dict[str, Any]) -> tuple[str, str]:
    answer = gateway.request("POST", f"/incidents/{incident['id']}/analyze", token=token)
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    return data["analysis"]["estimated_resolution_time"], data["estimate_basis"]


def test_the_estimate_falls_back_to_the_severitys_mttr_histogram(
    gateway: InProcessGateway, token: TokenFactory, clock: list[datetime]
) -> None:
    analyst = token()
    for hours, kind in ((1, "malware"), (2, "phishing"), (4, "dlp")):  # critical, other types than the one analysed
        clock[0] = START
        incident = new_incident(gateway, analyst, severity="critical", incident_type=kind)
        clock[0] = START + timedelta(hours=hours)
        path = f"/incidents/{incident['id']}/status"
        moved = gateway.request("PUT", path, json_body={"status": "resolved"}, token=analyst)
        assert moved.status_code == 200, moved.text
    analysed = new_incident(gateway, analyst, severity="critical", incident_type="availability")
    # 3,600 s in [1,920, 3,840), 7,200 in [3,840, 7,680), 14,400 in [7,680, 15,360): the median's rank 1.5 is
    # halfway through the second bucket, 5,760 s.
    assert analysis(gateway, analyst, analysed) == ("PT1H36M", "mttr histogram p50 for critical (n=3, 90 days)")
    # Another severity has no resolutions: its default
    high = new_incident(gateway, analyst, severity="high", incident_type="availability")
    assert analysis(gateway, analyst, high) == ("PT8H", "default for high")
