"""Domain exceptions, each carrying its HTTP status and error code (rendered once, in `http/responses.py`).

AWS answers that mean "busy, try again" (throttling, a transaction conflict, a 5xx, no
connection) are retried where they happen: by botocore's retry mode (`core/aws.py`) and, for a
cancelled transaction, by `storage.dynamo.transact`. Those still failing after their retries
become `ServiceUnavailable` (`unavailable_error`): a 503 with `Retry-After`, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RETRY_AFTER_SECONDS = 2  # what a 503 asks the client to wait: longer than botocore's backoff has waited
# Error codes of AWS that say "too many requests now" (botocore's standard retry mode retries them).
THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "LimitExceededException",
        "TransactionInProgressException",
        "RequestThrottled",
        "SlowDown",
    }
)
# Why DynamoDB cancels a transaction when trying again can succeed (`CancellationReasons[].Code`).
TRANSIENT_CANCELLATIONS = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})
# botocore's exceptions for a request that got no answer (named, not imported: no botocore import here).
NO_ANSWER_ERRORS = frozenset({"ConnectionError", "HTTPClientError"})


class AppError(Exception):
    """Base of every error the API answers with its own envelope."""

    status_code = 500
    code = "INTERNAL_ERROR"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @property
    def headers(self) -> Mapping[str, str]:
        """Headers the error answer carries besides the envelope's (a 503's `Retry-After`)."""
        return {}


class ValidationFailed(AppError):
    status_code = 400
    code = "VALIDATION_ERROR"

    def __init__(self, message: str, *, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message, details=details or [])

    @classmethod
    def for_field(cls, field: str, message: str) -> ValidationFailed:
        return cls(message, details=[{"field": field, "message": message}])


BEARER_REALM = 'Bearer realm="incident-api"'


class Unauthorized(AppError):
    """No usable bearer token. The challenge (RFC 6750, 3) names the scheme; with a token that
    was sent and refused, `error="invalid_token"` too."""

    status_code = 401
    code = "UNAUTHORIZED"

    @property
    def headers(self) -> Mapping[str, str]:
        if self.details is None:  # no token at all: only the scheme (RFC 6750, 3.1)
            return {"WWW-Authenticate": BEARER_REALM}
        return {"WWW-Authenticate": f'{BEARER_REALM}, error="invalid_token"'}


class TokenExpired(Unauthorized):
    code = "TOKEN_EXPIRED"

    @property
    def headers(self) -> Mapping[str, str]:
        return {"WWW-Authenticate": f'{BEARER_REALM}, error="invalid_token", error_description="The token expired"'}


class Forbidden(AppError):
    status_code = 403
    code = "FORBIDDEN"


class NotFound(AppError):
    status_code = 404
    code = "NOT_FOUND"


class Conflict(AppError):
    status_code = 409
    code = "CONFLICT"


class PreconditionFailed(AppError):
    status_code = 412
    code = "PRECONDITION_FAILED"


class IdempotencyKeyReused(AppError):
    """An `Idempotency-Key` sent again with another request than the one it first came with."""

    status_code = 422
    code = "IDEMPOTENCY_KEY_REUSED"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class RateLimited(AppError):
    """Over a rate limit: the answer says when to retry and the limit's state (`http/rate_limits.py`)."""

    status_code = 429
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after_seconds: int, limit_headers: Mapping[str, str]) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
        self.limit_headers = dict(limit_headers)

    @property
    def headers(self) -> Mapping[str, str]:
        return {"Retry-After": str(self.retry_after_seconds), **self.limit_headers}


class VersionMismatch(Exception):
    """Raised by the repository when a conditional write lost against a concurrent one."""


class ServiceUnavailable(AppError):
    """AWS stayed busy (throttled, conflicting or down) through every retry: the client may retry later."""

    status_code = 503
    code = "SERVICE_UNAVAILABLE"

    def __init__(
        self,
        message: str = "The service is busy right now: retry in a moment",
        *,
        retry_after_seconds: int = RETRY_AFTER_SECONDS,
    ) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    @property
    def headers(self) -> Mapping[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


def unavailable_error(error: BaseException) -> ServiceUnavailable | None:
    """The 503 an AWS error stands for when it means "busy, try again" (see the module); else None.

    Throttling codes, a transaction cancelled only for transient reasons, a 5xx answer, and a
    request that got no answer at all (botocore's connection and read-timeout errors).
    """
    if isinstance(error, ServiceUnavailable):
        return error
    if any(
        kind.__name__ in NO_ANSWER_ERRORS and kind.__module__ == "botocore.exceptions" for kind in type(error).__mro__
    ):
        return ServiceUnavailable()
    response = getattr(error, "response", None)
    if not isinstance(response, Mapping):
        return None
    code = str((response.get("Error") or {}).get("Code") or "")
    status = int((response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
    if code == "TransactionCanceledException":
        reasons = {str(reason.get("Code")) for reason in response.get("CancellationReasons") or []} - {"None"}
        transient = bool(reasons) and reasons <= TRANSIENT_CANCELLATIONS
        return ServiceUnavailable() if transient else None
    if code in THROTTLING_CODES or status >= 500:
        return ServiceUnavailable()
    return None
