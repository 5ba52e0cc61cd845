"""Access tokens for API clients: OAuth 2.0 client credentials (RFC 6749, 4.4).

A token is an HS256 JWT signed with the stack's own secret (`core/auth.sign_token`, the key
bearer tokens are verified with, so rotating the `JwtSecret` parameter rotates it too):
`sub` is `client:<client id>`, with the org, the permissions granted, `client_id`, `iat`, `exp`
(`TOKEN_LIFETIME_SECONDS`, 3600 by default), and `iss` / `aud` when the stack checks them.

Refusals are RFC 6749's (5.2), raised as `OAuthError`: an unknown client, a wrong secret, a
revoked or an expired client are the same 401 `invalid_client`, and a client id that names no
client costs the same scrypt work as one that does, so neither the answer nor its time tells
which. Failed requests are limited per client id (`RATE_LIMIT_AUTHENTICATION` a minute, 5 by
default, with the rate limits' counters: `http/rate_limits.py`): a request takes a slot of the
minute's counter before its secret is checked (one conditional UpdateItem, so parallel guesses
can not outrun the count) and gives it back when the secret is right; with every slot taken the
answer is 429 `slow_down` with `Retry-After`, whatever the secret. Every answer for a client id
this API makes carries `X-RateLimit-*`: the failures still allowed this minute.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from incident_core.clients.repository import ClientRepository, get_client_repository
from incident_core.clients.secrets import burn_a_check, secret_matches
from incident_core.clients.service import client_status, org_of_client_id
from incident_core.core.auth import canonical_permission, sign_token
from incident_core.core.errors import RateLimited
from incident_core.core.settings import get_settings
from incident_core.http.rate_limits import AUTHENTICATION, counter_name, give_back_slot, limit_headers, take_slot

if TYPE_CHECKING:
    from incident_core.storage.rate_counters import RateCounterStore

CLIENT_CREDENTIALS = "client_credentials"
BAD_CLIENT = "Client authentication failed"


class OAuthError(Exception):
    """A refusal in RFC 6749's words: `error` (5.2), a description, an HTTP status."""

    def __init__(
        self,
        status: int,
        error: str,
        description: str,
        *,
        retry_after: int | None = None,
        limit_headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description)
        self.status, self.error, self.description, self.retry_after = status, error, description, retry_after
        self.limit_headers = dict(limit_headers or {})

    @property
    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}

    @property
    def headers(self) -> dict[str, str]:
        if self.status == 401:
            return {"WWW-Authenticate": 'Basic realm="incident-api", charset="UTF-8"', **self.limit_headers}
        if self.retry_after is not None:
            return {"Retry-After": str(self.retry_after), **self.limit_headers}
        return dict(self.limit_headers)


def invalid_client(limit_headers: dict[str, str] | None = None) -> OAuthError:
    return OAuthError(401, "invalid_client", BAD_CLIENT, limit_headers=limit_headers)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """RFC 6749 5.1's answer, and the failure limit's headers."""

    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TokenRequest:
    """A token request, however it was sent (form, JSON, HTTP Basic, seed 004's username/password)."""

    client_id: str
    client_secret: str
    scope: str | None = None


def issue_token(
    request: TokenRequest,
    *,
    repository: ClientRepository | None = None,
    counters: RateCounterStore | None = None,
    now: float | None = None,
) -> IssuedToken:
    """RFC 6749 5.1's answer: `access_token`, `token_type`, `expires_in`, `scope`."""
    repository = repository or get_client_repository()
    org_id = org_of_client_id(request.client_id)
    if org_id is None:  # no id this API makes: nothing to count against, the same work and answer
        burn_a_check(request.client_secret)
        raise invalid_client()
    moment = time.time() if now is None else now
    counter = counter_name(AUTHENTICATION, request.client_id)
    try:
        window = take_slot(counter, rate_class=AUTHENTICATION, now=moment, store=counters)
    except RateLimited as limited:
        raise OAuthError(
            429,
            "slow_down",
            f"Too many failed token requests for this client: retry after {limited.retry_after_seconds} s",
            retry_after=limited.retry_after_seconds,
            limit_headers=limited.limit_headers,
        ) from None
    # A failure keeps its slot; a success gives it back: the headers count what is left of the failures.
    failed = limit_headers(window) if window is not None else {}
    client = repository.get_client(org_id=org_id, client_id=request.client_id)
    if client is None:
        burn_a_check(request.client_secret)
        raise invalid_client(failed)
    if not secret_matches(request.client_secret, client["secret_hash"]) or client_status(client) != "active":
        raise invalid_client(failed)
    give_back_slot(counter, now=moment, store=counters)
    permissions = granted_scope(request.scope, allowed=client["permissions"])
    body = {
        "access_token": sign_token(token_claims(client, permissions, issued_at=int(moment))),
        "token_type": "bearer",
        "expires_in": get_settings().token_lifetime_seconds,
        "scope": " ".join(permissions),
    }
    if window is None:
        return IssuedToken(body)
    return IssuedToken(body, {**failed, "X-RateLimit-Remaining": str(window.remaining + 1)})


def granted_scope(scope: str | None, *, allowed: list[str]) -> list[str]:
    """The permissions a request asks for (all the client's when it names none); any other is `invalid_scope`."""
    if scope is None or not scope.strip():
        return sorted(allowed)
    asked = sorted({canonical_permission(word) for word in scope.split()})
    beyond = [permission for permission in asked if permission not in allowed]
    if beyond:
        raise OAuthError(400, "invalid_scope", f"The client may not ask for: {' '.join(beyond)}")
    return asked


def token_claims(client: dict[str, Any], permissions: list[str], *, issued_at: int) -> dict[str, Any]:
    settings = get_settings()
    claims: dict[str, Any] = {
        "sub": f"client:{client['id']}",
        settings.jwt_org_claim: client["org_id"],
        "permissions": permissions,
        "client_id": client["id"],
        "iat": issued_at,
        "exp": issued_at + settings.token_lifetime_seconds,
    }
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    return claims
