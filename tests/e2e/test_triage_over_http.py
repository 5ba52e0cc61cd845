"""Triage end to end in MiniStack: auto-triage of new incidents, a forced run, similar incidents."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import ApiClient

if TYPE_CHECKING:
    from tests.e2e.conftest import DeployedStack, TokenFactory


@pytest.fixture(scope="module")
def api(auto_triage_stack: DeployedStack) -> Iterator[ApiClient]:
    """The API of the stack with automatic triage on (this module's own deployment)."""
    client = ApiClient(auto_triage_stack.api_url)
    yield client
    client.session.close()


PHISHING = {
    "title": "Phishing: invoice mail asks finance to log in",
    "description": (
        "Reported mail from billing@examp1e[.]com (Reply-To: pay-desk@evil-payments.example) asks to verify the "
        "password within 24 hours at hxxps://login-micros0ft[.]com/auth?u=1 or the account is suspended."
    ),
    "severity": "high",
    "incident_type": "phishing",
    "raw_data": {"from": "billing@examp1e.com", "reply_to": "pay-desk@evil-payments.example"},
}
BENIGN = {
    "title": "Checkout latency above 2 s",
    "description": "p95 latency of the checkout service is 2300 ms for 10 minutes; CPU on the nodes is at 93%.",
    "severity": "medium",
    "incident_type": "performance",
}


def wait_for_triage(api: ApiClient, token: str, incident_id: str, *, not_id: str | None = None) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = api.get(f"/incidents/{incident_id}/triage", token=token)
        if answer.status_code == 200:
            run: dict[str, Any] = answer.json()["data"]
            if run["status"] in ("completed", "failed") and run["triage_id"] != not_id:
                return run
        time.sleep(0.3)
    raise AssertionError(f"incident {incident_id} was not triaged within 30 s")


def test_new_incidents_are_triaged_and_linked(api: ApiClient, token: TokenFactory) -> None:
    analyst = token(org=f"tr-{uuid.uuid4().hex[:8]}")
    # Given a phishing report, it is triaged on its own within seconds
    first = api.post("/incidents", json=PHISHING, token=analyst).json()["data"]
    run = wait_for_triage(api, analyst, first["id"])
    assert run["status"] == "completed" and run["verdict"]["classification"] in ("malicious", "suspicious")
    values = {(item["type"], item["value"]) for item in run["observables"]}
    assert ("url", "https://login-micros0ft.com/auth?u=1") in values and ("domain", "login-micros0ft.com") in values
    assert {"quarantine_email", "block_sender"} & {action["action"] for action in run["recommended_actions"]}
    incident = api.get(f"/incidents/{first['id']}", token=analyst).json()["data"]
    assert incident["status"] == "triaged" and incident["verdict"]["classification"] == run["verdict"]["classification"]

    # A benign operational incident is not called malicious
    slow = api.post("/incidents", json=BENIGN, token=analyst).json()["data"]
    assert wait_for_triage(api, analyst, slow["id"])["verdict"]["classification"] != "malicious"

    # A second, similar incident lists the first among its similar incidents
    second = api.post("/incidents", json=PHISHING, token=analyst).json()["data"]
    similar = wait_for_triage(api, analyst, second["id"])["similar_incidents"]
    assert first["id"] in [item["id"] for item in similar]

    # Forcing makes a new run, which becomes the latest and completes
    previous = api.get(f"/incidents/{second['id']}/triage", token=analyst).json()["data"]["triage_id"]
    forced = api.post(f"/incidents/{second['id']}/triage", json={"force": True}, token=analyst)
    assert forced.status_code == 202
    forced_id = forced.json()["data"]["triage_id"]
    assert forced_id != previous
    again = wait_for_triage(api, analyst, second["id"], not_id=previous)
    assert again["triage_id"] == forced_id and again["status"] == "completed"
