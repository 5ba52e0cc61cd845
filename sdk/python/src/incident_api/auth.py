"""How a client authenticates: a static bearer token, or OAuth client credentials.

`ClientCredentials` gets its token at `POST /auth/token` (RFC 6749 4.4: a form with
`grant_type=client_credentials`, the client's id and secret, and the `scope` if one is asked
for) and gets a new one before the old one expires: `refresh_margin` seconds before, or half
its lifetime for a short-lived token. The clients (sync and async) ask `current()` before every
request and fetch a token when it answers None; an answer of 401 drops the token once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from incident_api.models import AccessToken

TOKEN_PATH = "/auth/token"
CLIENT_CREDENTIALS = "client_credentials"


@dataclass(frozen=True)
class BearerToken:
    """A token obtained elsewhere (an identity provider, `make token`), sent as it is."""

    token: str

    def current(self) -> str:
        return self.token


@dataclass
class ClientCredentials:
    """An API client's id and secret (`POST /clients` shows the secret once); seed 004 calls
    them username and password."""

    client_id: str
    client_secret: str = field(repr=False)
    scope: str | None = None
    refresh_margin: float = 60.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    _token: str | None = field(default=None, init=False, repr=False)
    _refresh_at: float = field(default=0.0, init=False, repr=False)

    def current(self) -> str | None:
        """The token while it is fresh; None when a new one is needed."""
        if self._token is not None and self.clock() < self._refresh_at:
            return self._token
        return None

    def token_request(self, base_url: str) -> httpx.Request:
        """The `POST /auth/token` request (form-encoded, RFC 6749 4.4.2 with the credentials in the body)."""
        form = {"grant_type": CLIENT_CREDENTIALS, "client_id": self.client_id, "client_secret": self.client_secret}
        if self.scope:
            form["scope"] = self.scope
        return httpx.Request("POST", base_url + TOKEN_PATH, data=form, headers={"Accept": "application/json"})

    def accept(self, response: httpx.Response, *, sent_at: float) -> str:
        """Keep the token of a 200 answer to `token_request`; `sent_at` is `clock()` when it was sent."""
        answer = AccessToken.model_validate_json(response.content)
        lifetime = float(answer.expires_in)
        self._token = answer.access_token
        self._refresh_at = sent_at + lifetime - min(self.refresh_margin, lifetime / 2)
        return answer.access_token

    def invalidate(self) -> None:
        """Forget the token (the API refused it): the next request gets a new one."""
        self._token = None


Credentials = BearerToken | ClientCredentials


def credentials_from(
    *,
    token: str | None,
    client_id: str | None,
    client_secret: str | None,
    scope: str | None,
) -> Credentials | None:
    """The one way of authenticating the arguments name (None: no Authorization header at all)."""
    if token is not None and (client_id is not None or client_secret is not None):
        raise ValueError("pass a token or client credentials, not both")
    if token is not None:
        return BearerToken(token)
    if client_id is None and client_secret is None:
        return None
    if not client_id or not client_secret:
        raise ValueError("client credentials need both the client id and the secret (username and password)")
    return ClientCredentials(client_id, client_secret, scope=scope)
