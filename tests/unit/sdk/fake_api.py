"""A fake incident API for the SDK's unit tests, behind `httpx.MockTransport`: scripted answers
per route (taken from the documented examples of `openapi.json`), every request recorded."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from incident_api import AsyncIncidentClient, IncidentClient

DOCUMENT = Path(__file__).resolve().parents[3] / "openapi.json"
BASE_URL = "https://api.test"

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


@cache
def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT.read_text())
    return loaded


def documented_body(path: str, method: str, status: int) -> dict[str, Any]:
    """The documented example of an operation's answer (a fresh copy)."""
    content = _document()["paths"][path][method]["responses"][str(status)]["content"]["application/json"]
    example: dict[str, Any] = copy.deepcopy(content["example"])
    return example


def documented(path: str, method: str, status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=documented_body(path, method, status), headers=headers)


def incident(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = documented_body("/incidents/{id}", "get", 200)["data"]
    return {**data, **fields}


def incident_page(ids: list[str], *, next_cursor: str | None) -> httpx.Response:
    items = [incident(id=incident_id) for incident_id in ids]
    meta = {"limit": 100, "has_more": next_cursor is not None, "next_cursor": next_cursor}
    return httpx.Response(200, json={"success": True, "data": items, "incidents": items, "meta": meta})


def api_error(
    status: int, code: str, message: str, *, details: Any = None, request_id: str = "req-1", **headers: str
) -> httpx.Response:
    body = {"success": False, "error": {"code": code, "message": message, "details": details}, "request_id": request_id}
    return httpx.Response(status, json=body, headers={"X-Request-Id": request_id, **headers})


def access_token(token: str, expires_in: int = 3600) -> httpx.Response:
    body = {"access_token": token, "token_type": "bearer", "expires_in": expires_in, "scope": "incidents:read"}
    return httpx.Response(200, json=body)


@dataclass
class FakeApi:
    """Answers by `"METHOD /path"`, in order (the last one repeats); every request is kept."""

    routes: dict[str, list[Answer]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def on(self, route: str, *answers: Answer) -> FakeApi:
        self.routes.setdefault(route, []).extend(answers)
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        # A snapshot: a retried request is the same object, sent again with other headers.
        self.requests.append(
            httpx.Request(request.method, request.url, headers=request.headers, content=request.content)
        )
        route = f"{request.method} {request.url.path}"
        answers = self.routes.get(route)
        if not answers:
            return api_error(404, "NOT_FOUND", f"no fake answer for {route}")
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(request) if callable(answer) else answer

    def sent(self, route: str) -> list[httpx.Request]:
        return [request for request in self.requests if f"{request.method} {request.url.path}" == route]

    def client(self, **options: Any) -> IncidentClient:
        options.setdefault("token", "static-token")
        http = httpx.Client(transport=httpx.MockTransport(self.handle))
        return IncidentClient(BASE_URL, http_client=http, **options)

    def async_client(self, **options: Any) -> AsyncIncidentClient:
        options.setdefault("token", "static-token")
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handle))
        return AsyncIncidentClient(BASE_URL, http_client=http, **options)


def json_body(request: httpx.Request) -> Any:
    return json.loads(request.content)
