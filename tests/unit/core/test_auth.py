"""Tokens to principals: signature, expiry, claims, roles and the reporter's view."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from incident_core.core.auth import authenticate, bearer_token
from incident_core.core.errors import Forbidden, TokenExpired, Unauthorized
from incident_core.core.settings import get_settings

SECRET = "unit-secret-0123456789abcdef0123456789"


def _token(claims: dict[str, Any], secret: str = SECRET, algorithm: str = "HS256") -> str:
    base = {"sub": "u1", "org_id": "acme", "exp": int(time.time()) + 60}
    return jwt.encode({**base, **claims}, secret, algorithm=algorithm)


def _headers(token: str, name: str = "Authorization") -> dict[str, str]:
    return {name: f"Bearer {token}"}


def test_scope_permissions_and_roles_combine() -> None:
    principal = authenticate(
        _headers(_token({"scope": "incidents:read webhooks:read", "permissions": ["actions:approve"]}))
    )
    assert principal.permissions == {"incidents:read", "webhooks:read", "actions:approve"}
    responder = authenticate(_headers(_token({"roles": ["responder"]})))
    assert (
        responder.has("incidents:write") and responder.has("incidents:create") and not responder.has("incidents:delete")
    )
    assert not responder.sees_only_own_incidents


def test_reporter_role_alone_sees_only_its_own() -> None:
    assert authenticate(_headers(_token({"roles": ["reporter"]}))).sees_only_own_incidents
    assert not authenticate(_headers(_token({"roles": ["reporter", "responder"]}))).sees_only_own_incidents
    assert not authenticate(
        _headers(_token({"roles": ["reporter"], "permissions": ["incidents:write"]}))
    ).sees_only_own_incidents


def test_header_name_and_scheme_in_any_letter_case() -> None:
    token = _token({"permissions": []})
    assert authenticate({"authorization": f"bearer {token}"}).sub == "u1"
    with pytest.raises(Unauthorized):
        bearer_token({"Authorization": f"Basic {token}"})
    with pytest.raises(Unauthorized):
        bearer_token({})


@pytest.mark.parametrize(
    "token",
    [
        _token({}, secret="another-secret-0123456789abcdef01234"),
        _token({"org_id": None}),
        _token({"org_id": "bad#org"}),
        jwt.encode({"sub": "u1", "org_id": "acme"}, SECRET, algorithm="HS256"),  # no exp
        jwt.encode({"sub": "u1", "org_id": "acme", "exp": int(time.time()) + 60}, "", algorithm="none"),
        "not.a.token",
    ],
)
def test_bad_tokens_are_unauthorized(token: str) -> None:
    with pytest.raises(Unauthorized):
        authenticate(_headers(token))


def test_expired_token_is_told_apart() -> None:
    with pytest.raises(TokenExpired):
        authenticate(_headers(_token({"exp": int(time.time()) - 120})))


def test_issuer_and_audience_are_checked_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ISSUER", "https://issuer.example")
    monkeypatch.setenv("JWT_AUDIENCE", "incident-api")
    get_settings.cache_clear()
    good = _token({"iss": "https://issuer.example", "aud": "incident-api"})
    assert authenticate(_headers(good)).org_id == "acme"
    for claims in (
        {"iss": "https://evil.example", "aud": "incident-api"},
        {"iss": "https://issuer.example", "aud": "x"},
    ):
        with pytest.raises(Unauthorized):
            authenticate(_headers(_token(claims)))


def test_org_claim_name_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ORG_CLAIM", "custom:org_id")
    get_settings.cache_clear()
    principal = authenticate(_headers(_token({"custom:org_id": "globex", "org_id": None})))
    assert principal.org_id == "globex"


def test_require_names_the_missing_permission() -> None:
    principal = authenticate(_headers(_token({"permissions": ["incidents:read"]})))
    with pytest.raises(Forbidden) as raised:
        principal.require("incidents:write", "incidents:create")
    assert raised.value.details == {"required_permission": "incidents:write", "user_permissions": ["incidents:read"]}


def test_seed_004_permission_names_map_to_ours() -> None:
    principal = authenticate(
        _headers(
            _token(
                {
                    "permissions": [
                        "incident:read",
                        "incident:write",
                        "incident:delete",
                        "automation:execute",
                        "webhook:read",
                        "webhook:write",
                    ]
                }
            )
        )
    )
    assert principal.permissions == {
        "incidents:read",
        "incidents:write",
        "incidents:create",
        "incidents:delete",
        "actions:execute",
        "webhooks:read",
        "webhooks:write",
    }


@pytest.mark.parametrize(
    ("claimed", "roles"),
    [
        (["Reporter"], ("reporter",)),
        (["RESPONDER"], ("responder",)),
        (["SystemAdmin"], ("admin",)),
        (["Admin", "SystemAdmin"], ("admin",)),
    ],
)
def test_roles_in_any_letter_case_and_system_admin(claimed: list[str], roles: tuple[str, ...]) -> None:
    principal = authenticate(_headers(_token({"roles": claimed})))
    assert principal.roles == roles
    assert principal.sees_only_own_incidents is (roles == ("reporter",))


@pytest.mark.parametrize("orgs", [["acme", "acme#INCIDENT"], ["acme", ""], ["acme", 7], []])
def test_every_entry_of_a_list_valued_org_claim_is_checked(orgs: list[Any]) -> None:
    with pytest.raises(Unauthorized) as raised:
        authenticate(_headers(_token({"org_id": orgs})))
    assert raised.value.details == {"reason": "token has no valid org_id claim"}


def test_a_list_valued_org_claim_names_every_org() -> None:
    principal = authenticate(_headers(_token({"org_id": ["acme", "globex"], "roles": ["responder"]})))
    assert (principal.org_id, principal.orgs) == ("acme", ("acme", "globex"))
