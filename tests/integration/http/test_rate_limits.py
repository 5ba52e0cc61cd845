"""Rate limits per caller and class of request (seed 004), through the real handlers against moto.

The template's default limits (the `aws` fixture sets no RATE_LIMIT_* but the table): reads
200, writes 100, deletes 20, automation 5 a minute. The limiter's clock is stopped for each test
(`fresh_minute`, faked): however slowly the requests run, they fall in one window.
"""

from __future__ import annotations

from typing import Any

import boto3

from incident_core.storage.rate_counters import WINDOW_SECONDS
from tests.integration.conftest import RATE_LIMIT_TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import ApiResponse, InProcessGateway

RESTART = {"action": "restart_service", "parameters": {"service_name": "api", "environment": "production"}}
LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def limits(response: ApiResponse) -> tuple[str | None, ...]:
    return tuple(response.header(name) for name in LIMIT_HEADERS)


def remediate(gateway: InProcessGateway, token: str, incident_id: str) -> ApiResponse:
    return gateway.request("POST", f"/incidents/{incident_id}/remediate", json_body=RESTART, token=token)


def table_items(table: str) -> list[dict[str, Any]]:
    """Every item of a test table (a test may Scan: no request path does)."""
    items: list[dict[str, Any]] = boto3.client("dynamodb").scan(TableName=table, ConsistentRead=True)["Items"]
    return items


def test_every_answer_to_a_caller_states_its_limit_and_what_is_left(
    gateway: InProcessGateway, token: TokenFactory, fresh_minute: int
) -> None:
    caller = token(sub="reader")
    created = new_incident(gateway, caller)  # a write: its own class
    answers = [gateway.request("GET", f"/incidents/{created['id']}", token=caller) for _ in range(3)]
    missing = gateway.request("GET", "/incidents/inc_0000000000000000000000000", token=caller)
    assert [limits(answer) for answer in answers] == [
        ("200", "199", str(fresh_minute)),
        ("200", "198", str(fresh_minute)),
        ("200", "197", str(fresh_minute)),
    ]
    assert (missing.status_code, limits(missing)) == (404, ("200", "196", str(fresh_minute)))
    listed = gateway.request("GET", "/incidents", token=caller)
    assert limits(listed) == ("200", "195", str(fresh_minute))


def test_the_sixth_remediation_in_a_minute_is_429_with_retry_after_and_runs_nothing(
    gateway: InProcessGateway, token: TokenFactory, fresh_minute: int
) -> None:
    responder = token(sub="responder")
    incident = new_incident(gateway, responder, severity="high")
    answers = [remediate(gateway, responder, incident["id"]) for _ in range(6)]
    assert [answer.status_code for answer in answers] == [201] * 5 + [429]
    assert [answer.header("X-RateLimit-Remaining") for answer in answers] == ["4", "3", "2", "1", "0", "0"]
    refused = answers[-1]
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    assert refused.json()["error"]["message"].startswith("Too many automation requests: 5 a minute are allowed")
    assert refused.header("Retry-After") == "15"
    assert limits(refused) == ("5", "0", str(fresh_minute))
    actions = gateway.request("GET", f"/incidents/{incident['id']}/actions", token=responder).json()["data"]
    assert len(actions) == 5  # the refused one ran nothing
    # Another class of the same caller, and another caller, are counted apart.
    assert gateway.request("GET", f"/incidents/{incident['id']}", token=responder).status_code == 200
    assert remediate(gateway, token(sub="colleague"), incident["id"]).status_code == 201


def test_the_101st_write_is_refused_before_its_body_is_read_and_creates_nothing(
    gateway: InProcessGateway, token: TokenFactory, fresh_minute: int
) -> None:
    writer = token(sub="script")
    body = {"title": "Disk full on db-1", "description": "The /var volume of db-1 is at 100%", "severity": "low"}
    statuses = [gateway.request("POST", "/incidents", json_body=body, token=writer).status_code for _ in range(100)]
    assert statuses == [201] * 100
    over = gateway.request("POST", "/incidents", json_body=body, token=writer)
    invalid = gateway.request("POST", "/incidents", json_body={"severity": "nonsense"}, token=writer)
    assert (over.status_code, invalid.status_code) == (429, 429)  # counted before the body is validated
    listed = gateway.request("GET", "/incidents", token=writer).json()
    assert listed["meta"]["total"] == 100


def test_a_request_that_fails_authentication_is_not_counted(
    gateway: InProcessGateway, token: TokenFactory, fresh_minute: int
) -> None:
    expired = token(sub="late", ttl=-60)
    refused = gateway.request("GET", "/incidents", token=expired)
    assert refused.status_code == 401 and limits(refused) == (None, None, None)
    forbidden = gateway.request("DELETE", "/incidents/inc_1", token=token(sub="viewer", scopes=["incidents:read"]))
    assert forbidden.status_code == 403 and limits(forbidden) == (None, None, None)
    assert table_items(RATE_LIMIT_TABLE) == []


def test_a_counter_is_one_item_that_expires_a_minute_after_its_window(
    gateway: InProcessGateway, token: TokenFactory, fresh_minute: int
) -> None:
    caller = token(sub="counted")
    for _ in range(3):
        gateway.request("GET", "/incidents", token=caller)
    [item] = table_items(RATE_LIMIT_TABLE)
    assert item["pk"]["S"].startswith("reads#") and item["pk"]["S"].endswith(f"#{fresh_minute - WINDOW_SECONDS}")
    assert (item["hits"]["N"], item["expires_at"]["N"]) == ("3", str(fresh_minute + WINDOW_SECONDS))
    assert "counted" not in item["pk"]["S"] and "acme" not in item["pk"]["S"]  # a hash, not the caller's name
