"""OWASP API2 (broken authentication): every token attack against the real handler path.

Each attack goes through `GET /incidents` (the real function, in-process, against moto's
DynamoDB) with an HS256 deployment's settings, and must answer 401 in our envelope with a
reason from our own fixed vocabulary: never a 500, never the JWT library's text.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from incident_core.core.auth import AUTH_REQUIRED, CHECKED_CLAIMS, EXPIRY_LEEWAY_SECONDS, TokenReason
from incident_core.core.settings import get_settings
from tests.integration.conftest import SECRET
from tests.security.conftest import AttackLedger
from tests.support.gateway import ApiResponse, InProcessGateway

REASONS = {reason.value for reason in TokenReason} | {TokenReason.missing_claim(claim) for claim in CHECKED_CLAIMS}
ORG_REASON = "token has no valid org_id claim"
# What the JWT library says for these attacks: none of it may reach a response.
LIBRARY_WORDS = ("Signature verification failed", "Not enough segments", "not supported", "Invalid header")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**changes: Any) -> dict[str, Any]:
    """A good token's claims (acme, incidents:read), with `changes`; a value of None drops the claim."""
    now = int(time.time())
    base: dict[str, Any] = {"sub": "mallory", "org_id": "acme", "iat": now, "exp": now + 600}
    base["permissions"] = ["incidents:read"]
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def signed(payload: dict[str, Any], *, secret: str = SECRET, algorithm: str = "HS256", **headers: Any) -> str:
    return jwt.encode(payload, secret, algorithm=algorithm, headers=headers or None)


def unsigned(payload: dict[str, Any], *, alg: str = "none", signature: str = "") -> str:
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    return f"{header}.{b64(json.dumps(payload).encode())}.{signature}"


def with_payload(token: str, payload: dict[str, Any]) -> str:
    header, _, signature = token.split(".")
    return f"{header}.{b64(json.dumps(payload).encode())}.{signature}"


def attacker_rsa_token(payload: dict[str, Any], **headers: Any) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(payload, key, algorithm="RS256", headers=headers or None)


def list_incidents(gateway: InProcessGateway, token: str | None, *, authorization: str | None = None) -> ApiResponse:
    headers = {"Authorization": authorization} if authorization is not None else None
    return gateway.request("GET", "/incidents", token=token, headers=headers)


EXPIRED = "The token has expired: sign in again"


def refusal(reason: str | None, *, code: str = "UNAUTHORIZED") -> tuple[int, dict[str, Any]]:
    """The exact 401 answer (status, error) for a refused token."""
    error: dict[str, Any] = {"code": code, "message": AUTH_REQUIRED if code == "UNAUTHORIZED" else EXPIRED}
    if reason is not None:
        assert reason in REASONS | {ORG_REASON}, f"{reason!r} is not one of our fixed reasons"
        error["details"] = {"reason": reason}
    return 401, error


def answer(response: ApiResponse) -> tuple[int, Any]:
    """(status, error) of an answer, once its envelope, request id and wording are checked."""
    body = response.json()
    assert isinstance(body, dict) and body.get("success") is False, response.text
    assert body["request_id"] == response.header("X-Request-Id")
    assert not any(words.lower() in response.text.lower() for words in LIBRARY_WORDS), response.text
    return response.status_code, body["error"]


def assert_refused(response: ApiResponse, reason: str | None, *, code: str = "UNAUTHORIZED") -> None:
    """401 in our envelope, our message, `reason` (one of our fixed words), no library text."""
    assert answer(response) == refusal(reason, code=code)


GOOD = signed(claims())
Attack = Callable[[], str]
TOKEN_ATTACKS: dict[str, tuple[Attack, str]] = {
    "alg none, no signature": (lambda: unsigned(claims()), TokenReason.ALGORITHM),
    "alg None (letter case)": (lambda: unsigned(claims(), alg="None"), TokenReason.ALGORITHM),
    "alg NONE with the good signature kept": (
        lambda: unsigned(claims(), alg="NONE", signature=GOOD.split(".")[2]),
        TokenReason.ALGORITHM,
    ),
    "alg HS512, an algorithm not configured": (
        lambda: signed(claims(), secret=SECRET * 2, algorithm="HS512"),
        TokenReason.ALGORITHM,
    ),
    "RS256 signed with the attacker's key (HS256 deployment)": (
        lambda: attacker_rsa_token(claims()),
        TokenReason.ALGORITHM,
    ),
    "payload tampered: org switched to globex": (
        lambda: with_payload(GOOD, claims(org_id="globex")),
        TokenReason.SIGNATURE,
    ),
    "payload tampered: permissions raised": (
        lambda: with_payload(GOOD, claims(permissions=["webhooks:write", "incidents:delete"])),
        TokenReason.SIGNATURE,
    ),
    "signature replaced": (lambda: GOOD.rsplit(".", 1)[0] + "." + b64(b"\x00" * 32), TokenReason.SIGNATURE),
    "signature stripped": (lambda: GOOD.rsplit(".", 1)[0] + ".", TokenReason.SIGNATURE),
    "signed with another secret": (
        lambda: signed(claims(), secret="attacker-secret-0123456789abcdef0123456789"),
        TokenReason.SIGNATURE,
    ),
    "jwk header with the attacker's own key": (
        lambda: signed(claims(), secret="attacker-secret-0123456789abcdef0123456789", jwk={"kty": "oct", "k": "x"}),
        TokenReason.SIGNATURE,
    ),
    "jku header pointing at the attacker": (
        lambda: signed(claims(), secret="attacker-secret-0123456789abcdef0123456789", jku="http://127.0.0.1:9/j"),
        TokenReason.SIGNATURE,
    ),
    "nbf one minute in the future": (lambda: signed(claims(nbf=int(time.time()) + 60)), TokenReason.NOT_YET_VALID),
    "iat one minute in the future": (lambda: signed(claims(iat=int(time.time()) + 60)), TokenReason.NOT_YET_VALID),
    "no sub claim": (lambda: signed(claims(sub=None)), TokenReason.missing_claim("sub")),
    "empty sub claim": (lambda: signed(claims(sub=" ")), TokenReason.missing_claim("sub")),
    "sub that is not a string": (lambda: signed(claims(sub=42)), TokenReason.missing_claim("sub")),
    "sub of 10,000 characters": (lambda: signed(claims(sub="m" * 10_000)), TokenReason.missing_claim("sub")),
    "no exp claim": (lambda: signed(claims(exp=None)), TokenReason.missing_claim("exp")),
    "exp that is not a number": (lambda: signed(claims(exp="tomorrow")), TokenReason.MALFORMED),
    "org claim with a key separator": (lambda: signed(claims(org_id="acme#INCIDENT")), ORG_REASON),
    "org list with a key separator in a later entry": (
        lambda: signed(claims(org_id=["acme", "acme#INCIDENT"])),
        ORG_REASON,
    ),
    "org list naming another org then a key separator": (
        lambda: signed(claims(org_id=["globex", "x", "acme#INCIDENT"])),
        ORG_REASON,
    ),
    "org list with a number": (lambda: signed(claims(org_id=["acme", 7])), ORG_REASON),
    "empty org list": (lambda: signed(claims(org_id=[])), ORG_REASON),
    "org claim that is an object": (lambda: signed(claims(org_id={"id": "acme"})), ORG_REASON),
    "org of 65 characters": (lambda: signed(claims(org_id="a" * 65)), ORG_REASON),
    "no org claim": (lambda: signed(claims(org_id=None)), ORG_REASON),
    "not a JWT": (lambda: "not.a.token", TokenReason.MALFORMED),
    "two segments": (lambda: GOOD.rsplit(".", 1)[0], TokenReason.MALFORMED),
    "four segments": (lambda: GOOD + ".extra", TokenReason.MALFORMED),
    "header that is not JSON": (lambda: b64(b"{nope") + "." + GOOD.split(".", 1)[1], TokenReason.MALFORMED),
    "payload that is not JSON (the signature is checked first)": (
        lambda: GOOD.split(".")[0] + "." + b64(b"[1,2") + "." + GOOD.split(".")[2],
        TokenReason.SIGNATURE,
    ),
}


def test_every_forged_or_malformed_token_is_401_with_our_reason_moto(
    gateway: InProcessGateway, attacks: AttackLedger
) -> None:
    answers = {
        name: answer(attacks.record(list_incidents(gateway, make()))) for name, (make, _) in TOKEN_ATTACKS.items()
    }
    assert answers == {name: refusal(reason) for name, (_, reason) in TOKEN_ATTACKS.items()}


def test_a_kid_header_that_is_a_list_is_401_moto(gateway: InProcessGateway, attacks: AttackLedger) -> None:
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": ["a", "b"]}).encode())
    body = b64(json.dumps(claims()).encode())
    response = attacks.record(list_incidents(gateway, f"{header}.{body}.{GOOD.split('.')[2]}"))
    assert_refused(response, TokenReason.INVALID)


AUTHORIZATION_ATTACKS = ("", "Bearer", "Bearer    ", f"Basic {GOOD}", f"Token {GOOD}", GOOD, f"Bearer {GOOD} {GOOD}")


def test_an_authorization_header_without_one_bearer_token_is_401_moto(
    gateway: InProcessGateway, attacks: AttackLedger
) -> None:
    answers = [
        answer(attacks.record(list_incidents(gateway, None, authorization=value))) for value in AUTHORIZATION_ATTACKS
    ]
    assert answers == [refusal(None)] * 6 + [refusal(TokenReason.MALFORMED)]
    assert_refused(attacks.record(list_incidents(gateway, None)), None)  # no Authorization header at all


def test_a_token_past_the_leeway_is_token_expired_and_the_leeway_is_five_seconds_moto(
    gateway: InProcessGateway, attacks: AttackLedger
) -> None:
    assert EXPIRY_LEEWAY_SECONDS == 5
    for expired_ago in (EXPIRY_LEEWAY_SECONDS + 1, 30, 3600):
        response = attacks.record(list_incidents(gateway, signed(claims(exp=int(time.time()) - expired_ago))))
        assert_refused(response, None, code="TOKEN_EXPIRED")
    # clock skew inside the leeway is tolerated (the 30 s of before let a dead token live on)
    assert list_incidents(gateway, signed(claims(exp=int(time.time()) - 1))).status_code == 200


@pytest.fixture
def issuer_and_audience(monkeypatch: pytest.MonkeyPatch, gateway: InProcessGateway) -> InProcessGateway:
    monkeypatch.setenv("JWT_ISSUER", "https://id.example.com/")
    monkeypatch.setenv("JWT_AUDIENCE", "incident-api")
    get_settings.cache_clear()
    return gateway


IDENTITY = {"iss": "https://id.example.com/", "aud": "incident-api"}
ISSUER_ATTACKS: dict[str, tuple[dict[str, Any], str]] = {
    "another issuer": ({**IDENTITY, "iss": "https://evil.example.com/"}, TokenReason.ISSUER),
    "issuer with a path appended": ({**IDENTITY, "iss": "https://id.example.com/evil"}, TokenReason.ISSUER),
    "no issuer": ({**IDENTITY, "iss": None}, TokenReason.missing_claim("iss")),
    "another audience": ({**IDENTITY, "aud": "billing-api"}, TokenReason.AUDIENCE),
    "audience list without ours": ({**IDENTITY, "aud": ["billing-api", "crm"]}, TokenReason.AUDIENCE),
    "no audience": ({**IDENTITY, "aud": None}, TokenReason.missing_claim("aud")),
}


def test_a_wrong_issuer_or_audience_is_401_when_configured_moto(
    issuer_and_audience: InProcessGateway, attacks: AttackLedger
) -> None:
    answers = {
        name: answer(attacks.record(list_incidents(issuer_and_audience, signed(claims(**changes)))))
        for name, (changes, _) in ISSUER_ATTACKS.items()
    }
    assert answers == {name: refusal(reason) for name, (_, reason) in ISSUER_ATTACKS.items()}


def test_the_right_issuer_and_audience_are_accepted_moto(issuer_and_audience: InProcessGateway) -> None:
    response = list_incidents(issuer_and_audience, signed(claims(**{**IDENTITY, "aud": ["crm", "incident-api"]})))
    assert response.status_code == 200, response.text


def test_an_hs256_token_is_refused_when_no_secret_is_configured_moto(
    monkeypatch: pytest.MonkeyPatch, gateway: InProcessGateway, attacks: AttackLedger
) -> None:
    monkeypatch.setenv("JWT_SECRET", "")
    monkeypatch.setenv("JWT_ALGORITHMS", "HS256,RS256")
    get_settings.cache_clear()
    response = attacks.record(list_incidents(gateway, GOOD))
    assert_refused(response, TokenReason.ALGORITHM)
