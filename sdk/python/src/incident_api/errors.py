"""Typed errors: every failure the SDK raises is an `IncidentApiError`.

An answer of 4xx/5xx becomes an `ApiError` subclass picked by its status, carrying the API's
envelope (`{"success": false, "error": {"code", "message", "details"}, "request_id"}`): its
`code`, `message`, `details` and `request_id`. `POST /auth/token` answers OAuth's own errors
(`{"error": "invalid_client", "error_description": ...}`): their `error` is the `code`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

REQUEST_ID_HEADER = "X-Request-Id"
MAX_TEXT_IN_MESSAGE = 500


class IncidentApiError(Exception):
    """Anything the SDK raises."""


class ApiConnectionError(IncidentApiError):
    """The API could not be reached (connection refused, timed out, ...), retries included."""


class WebhookVerificationError(IncidentApiError):
    """A webhook delivery whose signature does not verify: forged, altered, too old or unsigned."""


class ApiError(IncidentApiError):
    """The API answered an error: its status, and the envelope's code, message, details and request id."""

    def __init__(
        self,
        *,
        status_code: int,
        code: str,
        message: str,
        details: Any = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status_code} {code}: {message}" + (f" (request {request_id})" if request_id else ""))
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.headers: dict[str, str] = dict(headers or {})


class BadRequestError(ApiError):
    """400: the request is invalid (`details` names the fields)."""


class AuthenticationError(ApiError):
    """401: no token, a bad or expired one, or wrong client credentials."""


class PermissionDeniedError(ApiError):
    """403: the token lacks the permission."""


class NotFoundError(ApiError):
    """404: no such resource in the caller's org."""


class ConflictError(ApiError):
    """409: the state does not allow it (a lifecycle rule, an Idempotency-Key reused with another body)."""


class PreconditionFailedError(ApiError):
    """412: `If-Match` names a version that is no longer current."""


class UnprocessableError(ApiError):
    """422: well-formed, but it can not be done."""


class RateLimitError(ApiError):
    """429: over the caller's limit; `retry_after` seconds until the window ends."""

    @property
    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers)


class ServerError(ApiError):
    """5xx: the API failed (503: busy; `Retry-After` says when to retry)."""


ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableError,
    429: RateLimitError,
}


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """`Retry-After` in seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    value = next((text for name, text in headers.items() if name.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def error_from_response(response: httpx.Response) -> ApiError:
    """The typed error of an error answer, whatever its body (envelope, OAuth error, or neither)."""
    status = response.status_code
    headers = dict(response.headers.items())
    request_id = response.headers.get(REQUEST_ID_HEADER)
    code, message, details = f"HTTP_{status}", response.reason_phrase or "error", None
    body = _json_or_none(response)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):  # our envelope
            code = str(error.get("code") or code)
            message = str(error.get("message") or message)
            details = error.get("details")
            request_id = str(body.get("request_id") or request_id or "") or None
        elif isinstance(error, str):  # OAuth (RFC 6749, 5.2)
            code = error
            message = str(body.get("error_description") or message)
    elif response.text:
        message = response.text[:MAX_TEXT_IN_MESSAGE]
    kind = ERRORS_BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return kind(status_code=status, code=code, message=message, details=details, request_id=request_id, headers=headers)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None
