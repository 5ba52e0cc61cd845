"""The envelopes every API answer uses: success (`ok`, `created`) and errors (`error_response`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from incident_core.core.errors import AppError

JSON = "application/json"


@dataclass
class Response[DataT]:
    """What an endpoint answers; `ok`, `created` and `error_response` build the envelopes.

    `DataT` names what the envelope's `data` holds (`Response[Incident]`, `Response[list[Incident]]`)
    for the OpenAPI document (`http/openapi.py`); the body itself is the JSON text."""

    status_code: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = JSON


def _json(body: Mapping[str, Any]) -> str:
    # Strict JSON: a NaN or infinity would be written as bare `NaN`/`Infinity`, which browsers and
    # webhook consumers reject; with `allow_nan=False` it is a ValueError, so a 500 in our envelope.
    return json.dumps(body, separators=(",", ":"), default=str, allow_nan=False)


def ok(
    data: Any,
    *,
    status_code: int = 200,
    meta: Mapping[str, Any] | None = None,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
    top_level: Mapping[str, Any] | None = None,
) -> Response[Any]:
    """The success envelope; `top_level` adds fields beside `data` (for clients of other APIs' shapes)."""
    body: dict[str, Any] = {"success": True, **(top_level or {}), "data": data}
    if message is not None:
        body["message"] = message
    if meta is not None:
        body["meta"] = dict(meta)
    return Response(status_code=status_code, body=_json(body), headers=dict(headers or {}))


def created(
    data: Any,
    *,
    location: str,
    headers: Mapping[str, str] | None = None,
    top_level: Mapping[str, Any] | None = None,
) -> Response[Any]:
    return ok(data, status_code=201, headers={"Location": location, **(headers or {})}, top_level=top_level)


def error_response(error: AppError, *, request_id: str) -> Response[Any]:
    payload: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details is not None:
        payload["details"] = error.details
    body = {"success": False, "error": payload, "request_id": request_id}
    return Response(status_code=error.status_code, body=_json(body), headers={"X-Request-Id": request_id})
