"""API clients and `POST /auth/token` over HTTP: an admin makes a client, the client signs in with
OAuth's client-credentials form and with seed 004's username/password form, uses its token, and a
revoked client's secret stops working."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import ApiClient, TokenFactory


@pytest.fixture
def org() -> str:
    return f"cli-{uuid.uuid4().hex[:10]}"


def test_a_client_gets_tokens_in_both_forms_uses_them_and_is_revoked(
    api: ApiClient, token: TokenFactory, org: str
) -> None:
    # Given an admin who makes a client that may read and write incidents
    admin = token(org=org, roles=["admin"])
    made = api.post(
        "/clients", json={"name": "monitoring", "permissions": ["incident:read", "incident:write"]}, token=admin
    )
    assert made.status_code == 201, made.text
    client = made.json()["data"]
    client_id, secret = client["client_id"], client["client_secret"]
    token_url = api.url("/auth/token")

    # When it signs in with client credentials, and with seed 004's form (as printed there)
    oauth = api.session.post(
        token_url,
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        timeout=30,
    )
    seed_004 = api.session.post(token_url, data={"username": client_id, "password": secret}, timeout=30)

    # Then both answer RFC 6749's token response, and the token works on the API
    for answer in (oauth, seed_004):
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["token_type"] == "bearer" and body["expires_in"] > 0
        assert sorted(body["scope"].split()) == ["incidents:read", "incidents:write"]
        assert answer.headers["Cache-Control"] == "no-store"
    access = oauth.json()["access_token"]
    created = api.post(
        "/incidents",
        json={
            "title": "Alert: High CPU Usage",
            "description": "CPU usage exceeded 90% for 5 minutes",
            "severity": "HIGH",
        },
        token=access,
    )
    assert created.status_code == 201, created.text
    assert created.json()["data"]["created_by"] == f"client:{client_id}"
    assert api.get("/incidents", token=seed_004.json()["access_token"]).json()["meta"]["total"] == 1
    # A client can not manage webhooks it was not given
    assert api.get("/webhooks", token=access).status_code == 403

    # When the admin revokes it, its secret no longer gets a token
    assert api.delete(f"/clients/{client_id}", token=admin).status_code == 200
    refused = api.session.post(token_url, data={"username": client_id, "password": secret}, timeout=30)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_client"


def test_a_wrong_secret_is_invalid_client(api: ApiClient, token: TokenFactory, org: str) -> None:
    admin = token(org=org, roles=["admin"])
    client = api.post("/clients", json={"name": "ci", "permissions": ["incidents:read"]}, token=admin).json()["data"]
    answer = api.session.post(
        api.url("/auth/token"),
        data={"grant_type": "client_credentials", "client_id": client["client_id"], "client_secret": "cs_wrong"},
        timeout=30,
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"
    assert answer.headers["WWW-Authenticate"].startswith("Basic")
