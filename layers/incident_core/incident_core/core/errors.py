"""Domain exceptions, each carrying its HTTP status and error code (rendered once, in `http/responses.py`)."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """Base of every error the API answers with its own envelope."""

    status_code = 500
    code = "INTERNAL_ERROR"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ValidationFailed(AppError):
    status_code = 400
    code = "VALIDATION_ERROR"

    def __init__(self, message: str, *, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message, details=details or [])

    @classmethod
    def for_field(cls, field: str, message: str) -> ValidationFailed:
        return cls(message, details=[{"field": field, "message": message}])


class Unauthorized(AppError):
    status_code = 401
    code = "UNAUTHORIZED"


class TokenExpired(AppError):
    status_code = 401
    code = "TOKEN_EXPIRED"


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


class PayloadTooLarge(AppError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"


class RateLimited(AppError):
    status_code = 429
    code = "RATE_LIMITED"


class VersionMismatch(Exception):
    """Raised by the repository when a conditional write lost against a concurrent one."""
