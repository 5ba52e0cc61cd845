"""API clients and `POST /auth/token` through the real handlers, against moto's DynamoDB.

An admin makes a client; the client gets a token every way RFC 6749 and seed 004 allow (form,
HTTP Basic, JSON, 004's username/password) and uses it on `GET /incidents` through the real
`authenticate`; rotation stops the old secret, revocation the client; scopes narrow a token;
another org's client ids are not found; guessing is stopped after five failures a minute.
"""

from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest

from incident_core.core.observability import logger
from incident_core.http.rate_limits import AUTHENTICATION, counter_name
from tests.integration.conftest import RATE_LIMIT_TABLE, TABLE, TokenFactory
from tests.support.gateway import ApiResponse, InProcessGateway

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CLIENT = {"name": "Zabbix monitoring", "permissions": ["incident:read", "incident:write"]}


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Everything the functions log (at INFO), captured from the logger's own handler."""
    handler = logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous_stream, previous_level = handler.setStream(buffer), logger.log_level
    logger.setLevel("INFO")
    try:
        yield buffer
    finally:
        handler.setStream(previous_stream)
        logger.setLevel(previous_level)


def make_client(gateway: InProcessGateway, admin: str, **fields: Any) -> dict[str, Any]:
    response = gateway.request("POST", "/clients", json_body={**CLIENT, **fields}, token=admin)
    assert response.status_code == 201, response.text
    assert response.header("Location") == f"clients/{response.json()['data']['client_id']}"
    data: dict[str, Any] = response.json()["data"]
    return data


def token_for(gateway: InProcessGateway, **form: str) -> ApiResponse:
    return gateway.request("POST", "/auth/token", raw_body=urlencode(form), headers=FORM)


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {**FORM, "Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def client_credentials(client: dict[str, Any], secret: str | None = None, **extra: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": secret or client["client_secret"],
        **extra,
    }


def test_a_client_gets_a_token_every_way_and_uses_it_on_incidents_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    client = make_client(gateway, token())
    answers = {
        "form": token_for(gateway, **client_credentials(client)),
        "seed 004": token_for(gateway, username=client["client_id"], password=client["client_secret"]),
        "basic": gateway.request(
            "POST",
            "/auth/token",
            raw_body="grant_type=client_credentials",
            headers=basic(client["client_id"], client["client_secret"]),
        ),
        "json": gateway.request("POST", "/auth/token", json_body=client_credentials(client)),
    }
    for way, answer in answers.items():
        assert answer.status_code == 200, (way, answer.text)
        body = answer.json()
        assert set(body) == {"access_token", "token_type", "expires_in", "scope"}, way
        assert (body["token_type"], body["expires_in"], body["scope"]) == (
            "bearer",
            3600,
            "incidents:read incidents:write",
        )
        assert (answer.header("Cache-Control"), answer.header("Pragma")) == ("no-store", "no-cache")
        listed = gateway.request("GET", "/incidents", token=body["access_token"])
        assert listed.status_code == 200, (way, listed.text)
    access = answers["form"].json()["access_token"]
    created = gateway.request(
        "POST",
        "/incidents",
        json_body={"title": "Disk full", "description": "Disk full on db-1", "severity": "low"},
        token=access,
    )
    assert created.status_code == 201, created.text
    assert created.json()["data"]["created_by"] == f"client:{client['client_id']}"
    assert gateway.request("GET", "/clients", token=access).status_code == 403  # it holds no clients:read


def test_a_scope_narrows_the_token_and_a_scope_beyond_the_client_is_invalid_scope_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    client = make_client(gateway, token())
    narrow = token_for(gateway, **client_credentials(client, scope="incidents:read"))
    assert narrow.json()["scope"] == "incidents:read"
    body = {"title": "Disk full", "description": "Disk full on db-1", "severity": "low"}
    refused = gateway.request("POST", "/incidents", json_body=body, token=narrow.json()["access_token"])
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN")
    beyond = token_for(gateway, **client_credentials(client, scope="incidents:read incidents:delete"))
    assert (beyond.status_code, beyond.json()) == (
        400,
        {"error": "invalid_scope", "error_description": "The client may not ask for: incidents:delete"},
    )


def test_rotation_stops_the_old_secret_and_revocation_the_client_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    admin = token()
    client = make_client(gateway, admin)
    rotated = gateway.request("POST", f"/clients/{client['client_id']}/rotate", token=admin)
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["data"]["client_secret"]
    old = token_for(gateway, **client_credentials(client))
    assert (old.status_code, old.json()["error"], old.header("WWW-Authenticate")) == (
        401,
        "invalid_client",
        'Basic realm="incident-api", charset="UTF-8"',
    )
    assert token_for(gateway, **client_credentials(client, new_secret)).status_code == 200
    revoked = gateway.request("DELETE", f"/clients/{client['client_id']}", token=admin)
    assert (revoked.status_code, revoked.json()["data"]["status"]) == (200, "revoked")
    after = token_for(gateway, **client_credentials(client, new_secret))
    assert (after.status_code, after.json()["error"]) == (401, "invalid_client")
    kept = gateway.request("GET", f"/clients/{client['client_id']}", token=admin).json()["data"]
    assert (kept["status"], kept["revoked_by"]) == ("revoked", "alice")
    again = gateway.request("POST", f"/clients/{client['client_id']}/rotate", token=admin)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "CONFLICT")


def test_an_expired_client_gets_no_token_moto(gateway: InProcessGateway, token: TokenFactory) -> None:
    client = make_client(gateway, token(), expires_at="2099-01-01T00:00:00Z")
    assert client["expires_at"] == "2099-01-01T00:00:00.000Z"
    assert token_for(gateway, **client_credentials(client)).status_code == 200
    boto3.client("dynamodb").update_item(  # its expiry passes
        TableName=TABLE,
        Key={"pk": {"S": "ORG#acme#CLIENTS"}, "sk": {"S": f"CLIENT#{client['client_id']}"}},
        UpdateExpression="SET client_expires_at = :past",
        ExpressionAttributeValues={":past": {"S": "2020-01-01T00:00:00.000Z"}},
    )
    refused = token_for(gateway, **client_credentials(client))
    assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client")
    assert (
        gateway.request("GET", f"/clients/{client['client_id']}", token=token()).json()["data"]["status"] == "expired"
    )


def test_a_creator_can_not_hand_a_client_more_than_it_holds_escalation_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    manager = token(sub="carl", scopes=["clients:write", "clients:read", "incidents:read"])
    refused = gateway.request(
        "POST",
        "/clients",
        json_body={"name": "x", "permissions": ["incidents:read", "clients:write", "incident:delete"]},
        token=manager,
    )
    assert (refused.status_code, refused.json()["error"]["details"]) == (
        403,
        {"permissions_not_held": ["incidents:delete"]},
    )
    assert gateway.request("GET", "/clients", token=manager).json()["data"] == []


def test_another_orgs_client_ids_answer_404_like_missing_ones_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    client = make_client(gateway, token(org="globex"))
    attacker = token(org="acme", sub="mallory")
    missing = client["client_id"][: -len("0" * 24)] + "0" * 24
    for method, suffix in (("GET", ""), ("DELETE", ""), ("POST", "/rotate")):
        stolen = gateway.request(method, f"/clients/{client['client_id']}{suffix}", token=attacker)
        absent = gateway.request(method, f"/clients/{missing}{suffix}", token=attacker)
        assert stolen.status_code == absent.status_code == 404
        assert stolen.json()["error"] == absent.json()["error"] == {"code": "NOT_FOUND", "message": "Client not found"}
    assert gateway.request("GET", "/clients", token=attacker).json()["data"] == []
    assert token_for(gateway, **client_credentials(client)).status_code == 200  # untouched


def test_the_sixth_failure_in_a_minute_is_429_slow_down_even_with_the_right_secret_brute_force_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    client = make_client(gateway, token())
    guesses = [token_for(gateway, **client_credentials(client, f"cs_guess_{n}")).status_code for n in range(5)]
    assert guesses == [401] * 5
    limited = token_for(gateway, **client_credentials(client))
    assert limited.status_code == 429
    assert limited.json()["error"] == "slow_down"
    assert 1 <= int(limited.header("Retry-After") or "0") <= 60
    assert (limited.header("X-RateLimit-Limit"), limited.header("X-RateLimit-Remaining")) == ("5", "0")
    # The counter, in the rate limits' table (a test may Scan it: no request path does).
    counter = counter_name(AUTHENTICATION, client["client_id"])
    counters = boto3.client("dynamodb").scan(TableName=RATE_LIMIT_TABLE)["Items"]
    mine = [item for item in counters if item["pk"]["S"].startswith(counter + "#")]
    assert [(item["hits"]["N"], "expires_at" in item) for item in mine] == [("5", True)]


def test_the_secret_never_appears_in_reads_storage_or_logs_moto(
    gateway: InProcessGateway, token: TokenFactory, logs: io.StringIO
) -> None:
    admin = token()
    client = make_client(gateway, admin)
    secret = client["client_secret"]
    token_for(gateway, **client_credentials(client))
    token_for(gateway, username=client["client_id"], password=secret)
    token_for(gateway, **client_credentials(client, secret + "x"))
    reads = [
        gateway.request("GET", "/clients", token=admin).text,
        gateway.request("GET", f"/clients/{client['client_id']}", token=admin).text,
        gateway.request("DELETE", f"/clients/{client['client_id']}", token=admin).text,
    ]
    assert all(secret not in read and "secret_hash" not in read for read in reads)
    stored = boto3.client("dynamodb").get_item(
        TableName=TABLE, Key={"pk": {"S": "ORG#acme#CLIENTS"}, "sk": {"S": f"CLIENT#{client['client_id']}"}}
    )["Item"]
    assert secret not in json.dumps(stored)
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    assert [line["status"] for line in lines if line["route"] == "/auth/token"] == [200, 200, 401]
    assert secret not in logs.getvalue()
