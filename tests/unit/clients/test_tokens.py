"""`POST /auth/token`'s logic over an in-memory fake: request forms, RFC 6749 answers, the failure limit."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import jwt
import pytest

from incident_core.clients.models import ClientCreate
from incident_core.clients.secrets import hash_secret, secret_matches
from incident_core.clients.service import create_client, revoke_client
from incident_core.clients.token_http import basic_credentials, token_request
from incident_core.clients.tokens import OAuthError, TokenRequest, issue_token
from incident_core.core.auth import ALL_PERMISSIONS, Principal, authenticate
from incident_core.core.errors import ServiceUnavailable
from incident_core.core.settings import get_settings
from tests.support.fakes.clients import InMemoryClientRepository
from tests.support.fakes.rate_counters import InMemoryRateCounterStore

ADMIN = Principal(sub="alice", org_id="acme", permissions=frozenset(ALL_PERMISSIONS))
FORM = "application/x-www-form-urlencoded"
NOW = 1_800_000_010.0  # ten seconds into a minute
FAILURE_LIMIT = get_settings().rate_limits.authentication


@pytest.fixture(autouse=True)
def counters(monkeypatch: pytest.MonkeyPatch) -> InMemoryRateCounterStore:
    """The rate limits' counters, in memory (the unit settings name no table)."""
    store = InMemoryRateCounterStore()
    monkeypatch.setattr("incident_core.http.rate_limits._counters", lambda: store)
    return store


@pytest.fixture
def repository() -> InMemoryClientRepository:
    return InMemoryClientRepository()


@pytest.fixture
def client(repository: InMemoryClientRepository) -> dict[str, Any]:
    data = ClientCreate.model_validate({"name": "Zabbix", "permissions": ["incidents:read", "incidents:create"]})
    return create_client(principal=ADMIN, data=data, repository=repository)


def _refusal(request: TokenRequest, repository: InMemoryClientRepository) -> tuple[int, str, dict[str, str]]:
    with pytest.raises(OAuthError) as refused:
        issue_token(request, repository=repository, now=NOW)
    return refused.value.status, refused.value.error, refused.value.headers


def test_a_token_holds_the_clients_org_and_permissions_and_passes_authenticate(
    repository: InMemoryClientRepository, client: dict[str, Any]
) -> None:
    answer = issue_token(TokenRequest(client["client_id"], client["client_secret"]), repository=repository).body
    assert {key: answer[key] for key in ("token_type", "expires_in", "scope")} == {
        "token_type": "bearer",
        "expires_in": 3600,
        "scope": "incidents:create incidents:read",
    }
    claims = jwt.decode(answer["access_token"], get_settings().jwt_secret or "", algorithms=["HS256"])
    assert claims["sub"] == f"client:{client['client_id']}"
    assert (claims["org_id"], claims["client_id"], claims["exp"] - claims["iat"]) == ("acme", client["client_id"], 3600)
    principal = authenticate({"Authorization": f"Bearer {answer['access_token']}"})
    assert (principal.org_id, principal.permissions) == ("acme", frozenset({"incidents:read", "incidents:create"}))


def test_a_scope_narrows_the_token_and_one_beyond_the_client_is_invalid_scope(
    repository: InMemoryClientRepository, client: dict[str, Any]
) -> None:
    narrowed = issue_token(
        TokenRequest(client["client_id"], client["client_secret"], scope="incident:read"), repository=repository
    )
    assert narrowed.body["scope"] == "incidents:read"
    request = TokenRequest(client["client_id"], client["client_secret"], scope="incidents:read incidents:delete")
    assert _refusal(request, repository) == (400, "invalid_scope", {})


def test_unknown_wrong_revoked_and_expired_clients_get_the_same_invalid_client(
    repository: InMemoryClientRepository, client: dict[str, Any]
) -> None:
    basic = 'Basic realm="incident-api", charset="UTF-8"'

    def refusal(request: TokenRequest) -> tuple[int, str, str, str | None]:
        status, error, headers = _refusal(request, repository)
        return status, error, headers["WWW-Authenticate"], headers.get("X-RateLimit-Remaining")

    # An id of our form is counted whether or not it names a client: its answer tells nothing.
    assert refusal(TokenRequest(client["client_id"], "cs_wrong")) == (401, "invalid_client", basic, "4")
    unknown = "acme.cli_000000000000000000000000"
    assert refusal(TokenRequest(unknown, client["client_secret"])) == (401, "invalid_client", basic, "4")
    assert refusal(TokenRequest("no-such-client", client["client_secret"])) == (401, "invalid_client", basic, None)
    stored = repository.clients[("acme", client["client_id"])]
    stored["client_expires_at"] = "2020-01-01T00:00:00.000Z"
    assert refusal(TokenRequest(client["client_id"], client["client_secret"])) == (401, "invalid_client", basic, "3")
    del stored["client_expires_at"]
    revoke_client(principal=ADMIN, client_id=client["client_id"], repository=repository)
    assert refusal(TokenRequest(client["client_id"], client["client_secret"])) == (401, "invalid_client", basic, "2")


def test_the_sixth_failure_in_a_minute_is_slow_down_even_with_the_right_secret_brute_force(
    repository: InMemoryClientRepository, client: dict[str, Any]
) -> None:
    guesses = [_refusal(TokenRequest(client["client_id"], f"cs_guess{n}"), repository) for n in range(FAILURE_LIMIT)]
    assert {status for status, _, _ in guesses} == {401}
    assert [headers["X-RateLimit-Remaining"] for _, _, headers in guesses] == ["4", "3", "2", "1", "0"]
    assert _refusal(TokenRequest(client["client_id"], client["client_secret"]), repository) == (
        429,
        "slow_down",
        {
            "Retry-After": "50",
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(int(NOW) - 10 + 60),
        },
    )
    later = issue_token(TokenRequest(client["client_id"], client["client_secret"]), repository=repository, now=NOW + 60)
    assert later.body["token_type"] == "bearer"


def test_successes_do_not_use_up_the_failure_budget(
    repository: InMemoryClientRepository, client: dict[str, Any], counters: InMemoryRateCounterStore
) -> None:
    answers = [
        issue_token(TokenRequest(client["client_id"], client["client_secret"]), repository=repository, now=NOW)
        for _ in range(FAILURE_LIMIT + 2)
    ]
    assert set(counters.hits.values()) == {0}
    assert {answer.headers["X-RateLimit-Remaining"] for answer in answers} == {"5"}


def test_a_secret_longer_than_ours_is_hashed_the_same_and_refused() -> None:
    stored = hash_secret("cs_short")
    assert not secret_matches("cs_short" + "x" * 300, stored)
    assert not secret_matches("cs_short", {**stored, "algorithm": "md5"})


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.mark.parametrize(
    ("body", "content_type", "authorization", "expected"),
    [
        ("grant_type=client_credentials&client_id=a&client_secret=s", FORM, None, TokenRequest("a", "s")),
        (
            "grant_type=client_credentials&scope=incidents%3Aread",
            FORM,
            _basic("a", "s"),
            TokenRequest("a", "s", "incidents:read"),
        ),
        ("username=a&password=s", f"{FORM}; charset=UTF-8", None, TokenRequest("a", "s")),
        (
            '{"grant_type": "client_credentials", "client_id": "a", "client_secret": "s"}',
            "application/json",
            None,
            TokenRequest("a", "s"),
        ),
        ("grant_type=client_credentials", FORM, _basic("a%3Ab", "s%2B"), TokenRequest("a:b", "s+")),
    ],
)
def test_each_accepted_request_form(
    body: str, content_type: str, authorization: str | None, expected: TokenRequest
) -> None:
    assert token_request(body, content_type=content_type, authorization=authorization) == expected


@pytest.mark.parametrize(
    ("body", "content_type", "authorization", "expected"),
    [
        ("grant_type=password&username=a&password=s", FORM, None, (400, "unsupported_grant_type")),
        ("client_id=a&client_secret=s", FORM, None, (400, "invalid_request")),
        ("grant_type=client_credentials&client_id=a&client_id=b&client_secret=s", FORM, None, (400, "invalid_request")),
        ("grant_type=client_credentials&client_id=a&client_secret=s", FORM, _basic("a", "s"), (400, "invalid_request")),
        ("grant_type=client_credentials&client_id=a&client_secret=s", "text/plain", None, (400, "invalid_request")),
        ('["grant_type"]', "application/json", None, (400, "invalid_request")),
        ("grant_type=client_credentials", FORM, None, (401, "invalid_client")),
        ("grant_type=client_credentials&client_id=a", FORM, None, (401, "invalid_client")),
        ("grant_type=client_credentials", FORM, "Bearer abc", (401, "invalid_client")),
        ("grant_type=client_credentials", FORM, "Basic !!!", (401, "invalid_client")),
        ("&".join(f"p{n}=v" for n in range(50)), FORM, None, (400, "invalid_request")),
    ],
)
def test_each_refused_request_form(
    body: str, content_type: str, authorization: str | None, expected: tuple[int, str]
) -> None:
    with pytest.raises(OAuthError) as refused:
        token_request(body, content_type=content_type, authorization=authorization)
    assert (refused.value.status, refused.value.error) == expected


def test_basic_without_a_header_is_none() -> None:
    assert basic_credentials(None) is None


def test_an_unknown_client_costs_the_same_scrypt_work_as_a_wrong_secret_timing(
    repository: InMemoryClientRepository, client: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real_scrypt = hashlib.scrypt

    def counted(password: bytes, **parameters: Any) -> bytes:
        calls.append(int(parameters["n"]))
        return real_scrypt(password, **parameters)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    for request in (
        TokenRequest(client["client_id"], "cs_wrong"),
        TokenRequest("acme.cli_000000000000000000000000", "cs_wrong"),
        TokenRequest("not-an-id-at-all", "cs_wrong"),
    ):
        _refusal(request, repository)
    assert calls == [2**14, 2**14, 2**14]


@pytest.mark.parametrize(
    ("variable", "value"),
    [("JWT_SECRET", ""), ("JWT_ALGORITHMS", "RS256")],
    ids=["no HS256 secret", "HS256 not accepted"],
)
def test_a_deployment_that_can_not_sign_issues_no_token_but_a_503(
    repository: InMemoryClientRepository,
    client: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("JWT_JWKS_URL", "https://idp.example.com/.well-known/jwks.json")
    get_settings.cache_clear()
    try:
        with pytest.raises(ServiceUnavailable) as refused:
            issue_token(TokenRequest(client["client_id"], client["client_secret"]), repository=repository)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert refused.value.status_code == 503
    assert "JwtSecret" in refused.value.message and "JwtAlgorithms" in refused.value.message
