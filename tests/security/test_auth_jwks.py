"""OWASP API2 with an identity provider's keys: RS256 tokens checked against a JWKS URL.

The JWKS URL is a real HTTP server on 127.0.0.1 (a free port) that serves the provider's key
set, or answers slowly, wrongly, or not at all; the attacks go through `GET /incidents` (the
real function, in-process, against moto's DynamoDB). A token the keys refuse is a 401 with
our reason; a key set that can not be had (down, slower than `JWT_JWKS_TIMEOUT_SECONDS`,
not a key set) is a 503 `SERVICE_UNAVAILABLE`, answered within the timeout: the caller's
token may be good, so it is told to retry, not to sign in again.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from incident_core.core import auth
from incident_core.core.auth import TokenReason
from incident_core.core.errors import RETRY_AFTER_SECONDS
from incident_core.core.settings import get_settings
from tests.integration.conftest import SECRET
from tests.security.conftest import AttackGateway, AttackLedger
from tests.security.test_auth_tokens import answer, assert_refused, claims, refusal, unsigned
from tests.support.gateway import ApiResponse

TIMEOUT_SECONDS = 0.3
SLOW_SECONDS = 1.5
PROVIDER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ATTACKER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "provider-2026"
UNAVAILABLE = (503, {"code": "SERVICE_UNAVAILABLE", "message": auth.KeysUnavailable().message})


def key_set(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {"keys": [{**jwk, "kid": kid, "use": "sig", "alg": "RS256"}]}


def rs256(key: rsa.RSAPrivateKey = PROVIDER_KEY, kid: str | None = KID, **changes: Any) -> str:
    return jwt.encode(claims(**changes), key, algorithm="RS256", headers={"kid": kid} if kid else None)


def hs256_with_the_public_key() -> str:
    """The alg-confusion forgery: HS256 keyed with the provider's public key (PEM), which anyone
    has. PyJWT refuses a PEM as an HMAC key, so the MAC is computed as an attacker would."""
    public_pem = PROVIDER_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = jwt.encode(claims(), "x" * 32, algorithm="HS256", headers={"kid": KID}).rsplit(".", 1)[0]
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


@dataclass
class KeyServer:
    """A JWKS endpoint: `mode` is keys, slow, garbage, error or empty; `hits` counts the fetches."""

    url: str
    keys: dict[str, Any]
    mode: str = "keys"
    hits: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def key_server(keys: dict[str, Any]) -> Iterator[KeyServer]:
    state: list[KeyServer] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server = state[0]
            with server.lock:
                server.hits += 1
            if server.mode == "slow":
                time.sleep(SLOW_SECONDS)
            body = {
                "garbage": b"<html>gateway timeout</html>",
                "empty": b'{"keys": []}',
                "error": b'{"message": "internal"}',
            }.get(server.mode, json.dumps(server.keys).encode())
            self.send_response(500 if server.mode == "error" else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up first (the slow mode)
                self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.append(KeyServer(url=f"http://127.0.0.1:{httpd.server_address[1]}/.well-known/jwks.json", keys=keys))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state[0]
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/.well-known/jwks.json"


def use_jwks(monkeypatch: pytest.MonkeyPatch, url: str, algorithms: str = "RS256") -> None:
    monkeypatch.setenv("JWT_ALGORITHMS", algorithms)
    monkeypatch.setenv("JWT_JWKS_URL", url)
    monkeypatch.setenv("JWT_JWKS_TIMEOUT_SECONDS", str(TIMEOUT_SECONDS))
    get_settings.cache_clear()
    auth._jwks_client.cache_clear()


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch, aws: None) -> Iterator[KeyServer]:
    with key_server(key_set(PROVIDER_KEY, KID)) as server:
        use_jwks(monkeypatch, server.url)
        yield server
    auth._jwks_client.cache_clear()


def list_incidents(gateway: AttackGateway, token: str) -> ApiResponse:
    return gateway.request("GET", "/incidents", token=token)


def assert_unavailable(response: ApiResponse) -> None:
    """503 in our envelope, asking the client to retry (not to sign in again)."""
    assert answer(response) == UNAVAILABLE
    assert response.header("Retry-After") == str(RETRY_AFTER_SECONDS)


def timed(gateway: AttackGateway, token: str) -> tuple[ApiResponse, float]:
    started = time.monotonic()
    response = list_incidents(gateway, token)
    return response, time.monotonic() - started


def test_the_providers_token_is_accepted_and_its_keys_fetched_once_moto(
    gateway: AttackGateway, provider: KeyServer
) -> None:
    for _ in range(3):
        response = list_incidents(gateway, rs256())
        assert response.status_code == 200, response.text
    assert provider.hits == 1


def test_tokens_the_providers_keys_refuse_are_401_moto(
    gateway: AttackGateway, provider: KeyServer, attacks: AttackLedger
) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    forged = {
        "kid not in the key set": (rs256(kid="rotated-away"), TokenReason.KEY_UNKNOWN),
        "no kid": (rs256(kid=None), TokenReason.KEY_UNKNOWN),
        "the attacker's key under the provider's kid": (rs256(ATTACKER_KEY), TokenReason.SIGNATURE),
        "payload tampered under a good signature": (
            rs256().split(".")[0] + "." + rs256(org_id="globex").split(".")[1] + "." + rs256().split(".")[2],
            TokenReason.SIGNATURE,
        ),
        "HS256 signed with the provider's public key (alg confusion)": (
            hs256_with_the_public_key(),
            TokenReason.ALGORITHM,
        ),
        "ES256 with the provider's kid": (
            jwt.encode(claims(), ec_key, algorithm="ES256", headers={"kid": KID}),
            TokenReason.ALGORITHM,
        ),
        "alg none with the provider's kid": (unsigned(claims()), TokenReason.ALGORITHM),
        "expired": (rs256(exp=int(time.time()) - 60), None),
    }
    answers = {name: answer(attacks.record(list_incidents(gateway, token))) for name, (token, _) in forged.items()}
    expected = {name: refusal(reason) for name, (_, reason) in forged.items() if reason}
    assert answers == {**expected, "expired": refusal(None, code="TOKEN_EXPIRED")}
    # an unknown kid refetches the key set at most once per cooldown: no fetch per forged token
    assert provider.hits == 1


def test_a_jku_header_is_never_followed_moto(
    gateway: AttackGateway, provider: KeyServer, attacks: AttackLedger
) -> None:
    with key_server(key_set(ATTACKER_KEY, "attacker")) as attackers:
        for kid in ("attacker", KID):
            token = jwt.encode(claims(), ATTACKER_KEY, algorithm="RS256", headers={"kid": kid, "jku": attackers.url})
            response = attacks.record(list_incidents(gateway, token))
            assert_refused(response, TokenReason.KEY_UNKNOWN if kid == "attacker" else TokenReason.SIGNATURE)
        assert attackers.hits == 0


def test_an_hs256_token_signed_with_the_public_key_fails_its_signature_when_both_are_accepted_moto(
    monkeypatch: pytest.MonkeyPatch, gateway: AttackGateway, provider: KeyServer, attacks: AttackLedger
) -> None:
    use_jwks(monkeypatch, provider.url, algorithms="HS256,RS256")
    assert_refused(attacks.record(list_incidents(gateway, hs256_with_the_public_key())), TokenReason.SIGNATURE)
    assert list_incidents(gateway, jwt.encode(claims(), SECRET, algorithm="HS256")).status_code == 200
    assert list_incidents(gateway, rs256()).status_code == 200


# The provider's outages are faults, not attacks: the token is good, so they are not in the ledger.
@pytest.mark.parametrize("mode", ["garbage", "error", "empty"])
def test_a_key_set_that_is_not_one_is_503_moto(gateway: AttackGateway, provider: KeyServer, mode: str) -> None:
    provider.mode = mode
    response = list_incidents(gateway, rs256())
    assert_unavailable(response)
    provider.mode = "keys"  # the provider recovers: nothing bad was cached
    assert list_incidents(gateway, rs256()).status_code == 200


def test_a_slow_key_set_is_503_within_the_timeout_moto(gateway: AttackGateway, provider: KeyServer) -> None:
    provider.mode = "slow"
    response, elapsed = timed(gateway, rs256())
    assert_unavailable(response)
    assert elapsed < TIMEOUT_SECONDS + 0.5 < SLOW_SECONDS


def test_a_key_set_url_that_refuses_connections_is_503_moto(
    monkeypatch: pytest.MonkeyPatch, gateway: AttackGateway
) -> None:
    use_jwks(monkeypatch, closed_port_url())
    response, elapsed = timed(gateway, rs256())
    assert_unavailable(response)
    assert elapsed < TIMEOUT_SECONDS + 0.5
    auth._jwks_client.cache_clear()


def test_rs256_without_a_jwks_url_is_401_moto(
    monkeypatch: pytest.MonkeyPatch, gateway: AttackGateway, attacks: AttackLedger
) -> None:
    monkeypatch.setenv("JWT_ALGORITHMS", "HS256,RS256")
    monkeypatch.delenv("JWT_JWKS_URL", raising=False)
    get_settings.cache_clear()
    assert_refused(attacks.record(list_incidents(gateway, rs256())), TokenReason.ALGORITHM)
