"""Opaque, signed pagination cursors.

A cursor carries the DynamoDB key to resume from, plus a fingerprint of the query it
belongs to; an HMAC makes it impossible to forge into another key or org.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from incident_core.core.auth import signing_secret
from incident_core.core.errors import ValidationFailed
from incident_core.core.settings import get_settings

INVALID_CURSOR = "cursor is invalid or belongs to another query"


def encode_cursor(payload: dict[str, Any], *, secret: bytes) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()).rstrip(b"=")
    signature = base64.urlsafe_b64encode(hmac.new(secret, body, hashlib.sha256).digest()[:18]).rstrip(b"=")
    return f"{body.decode()}.{signature.decode()}"


def decode_cursor(cursor: str, *, secret: bytes) -> dict[str, Any]:
    body, _, signature = cursor.partition(".")
    expected = base64.urlsafe_b64encode(hmac.new(secret, body.encode(), hashlib.sha256).digest()[:18]).rstrip(b"=")
    if not signature or not hmac.compare_digest(expected, signature.encode()):
        raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError as error:
        raise ValidationFailed.for_field("cursor", INVALID_CURSOR) from error
    if not isinstance(payload, dict):
        raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
    return payload


def fingerprint(parts: dict[str, Any]) -> str:
    """A short digest of the query a cursor was issued for."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def cursor_secret() -> bytes:
    """The key that signs cursors: its own setting, else derived from the JWT secret."""
    settings = get_settings()
    if settings.cursor_secret:
        return settings.cursor_secret.encode()
    base = (
        signing_secret(settings)
        if (settings.jwt_secret or settings.jwt_secret_arn or settings.jwt_secret_parameter)
        else settings.table_name
    )
    return hmac.new(base.encode(), b"incident-api/cursor", hashlib.sha256).digest()
