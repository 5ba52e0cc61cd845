"""The async client: `AsyncIncidentClient`, the same surface as `IncidentClient`, awaited.

async with AsyncIncidentClient(base_url, token=...) as client:
    async for incident in client.incidents.list(status="open"):
        ...
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from types import TracebackType
from typing import Self

import httpx

from incident_api import retrying
from incident_api._core import DEFAULT_TIMEOUT_S, ClientCore, authorize
from incident_api.async_resources import AsyncIncidents, AsyncWebhooks
from incident_api.errors import ApiConnectionError, error_from_response
from incident_api.operations import Call
from incident_api.retrying import RetryPolicy


class AsyncIncidentClient:
    """The incident API with asyncio. Pass `http_client` to bring your own `httpx.AsyncClient`."""

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
        timeout: float = DEFAULT_TIMEOUT_S,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._core = ClientCore(
            base_url,
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            username=username,
            password=password,
            scope=scope,
            retry=retry,
            headers=headers,
        )
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http_client is None
        self._token_lock = asyncio.Lock()
        self.incidents = AsyncIncidents(self)
        self.webhooks = AsyncWebhooks(self)

    @property
    def base_url(self) -> str:
        return self._core.base_url

    async def execute[T](self, call: Call[T]) -> T:
        """Send one call (with its retries) and read its answer."""
        response = await self._send(self._core.build_request(self._http, call), authenticated=True)
        return call.read(response)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    async def _send(self, request: httpx.Request, *, authenticated: bool) -> httpx.Response:
        policy = self._core.retry
        attempt, token_renewed = 0, False
        while True:
            if authenticated:
                await self._authorize(request)
            try:
                response = await self._http.send(request)
            except httpx.TransportError as error:
                delay = policy.delay_after_failure(attempt, request, error)
                if delay is None:
                    raise ApiConnectionError(f"{request.method} {request.url}: {error!r}") from error
            else:
                renewable = self._core.refreshable
                if response.status_code == 401 and authenticated and renewable and not token_renewed:
                    renewable.invalidate()  # refused (revoked, rotated secret): one new token, once
                    token_renewed = True
                    continue
                if not response.is_error:
                    return response
                delay = policy.delay_after_answer(attempt, response)
                if delay is None:
                    raise error_from_response(response)
            await retrying.async_sleep(delay)
            attempt += 1

    async def _authorize(self, request: httpx.Request) -> None:
        credentials = self._core.credentials
        if credentials is None:
            return
        token = credentials.current()
        renewable = self._core.refreshable
        if token is None and renewable is not None:
            async with self._token_lock:
                token = renewable.current()
                if token is None:
                    sent_at = renewable.clock()
                    answer = await self._send(renewable.token_request(self._core.base_url), authenticated=False)
                    token = renewable.accept(answer, sent_at=sent_at)
        if token is not None:
            authorize(request, token)
