"""What the sync and async clients share: their settings, and a `Call` made into an HTTP request."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

import httpx

from incident_api.auth import ClientCredentials, Credentials, credentials_from
from incident_api.operations import Call
from incident_api.retrying import RetryPolicy

DEFAULT_TIMEOUT_S = 30.0
DISTRIBUTION = "incident-api-client"


def _user_agent() -> str:
    try:
        return f"{DISTRIBUTION}/{version(DISTRIBUTION)}"
    except PackageNotFoundError:
        return DISTRIBUTION


USER_AGENT = _user_agent()


class ClientCore:
    """The base URL, the credentials and the retry policy of a client.

    Authenticate with `token` (a bearer token obtained elsewhere) or with an API client's
    `client_id` and `client_secret` (seed 004's `username` and `password` are the same two).
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        username: str | None = None,
        password: str | None = None,
        scope: str | None = None,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
        if (client_id is not None and username is not None) or (client_secret is not None and password is not None):
            raise ValueError("pass client_id/client_secret or username/password, not both")
        self.base_url = base_url.rstrip("/")
        self.credentials: Credentials | None = credentials_from(
            token=token,
            client_id=client_id if client_id is not None else username,
            client_secret=client_secret if client_secret is not None else password,
            scope=scope,
        )
        self.retry = retry or RetryPolicy()
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}

    def build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call[object]) -> httpx.Request:
        return http.build_request(
            call.method,
            self.base_url + call.path,
            params=list(call.params) or None,
            json=call.body,
            headers={**self.headers, **call.headers},
        )

    @property
    def refreshable(self) -> ClientCredentials | None:
        """The client credentials, when a refused token can be replaced by a new one."""
        return self.credentials if isinstance(self.credentials, ClientCredentials) else None


def authorize(request: httpx.Request, token: str) -> None:
    request.headers["Authorization"] = f"Bearer {token}"
