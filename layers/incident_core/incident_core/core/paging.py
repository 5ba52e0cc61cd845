"""Paging, once for every list: query-string reading, `limit`/`cursor`, signed cursors.

A cursor carries the DynamoDB key to resume from, plus the scope (or a fingerprint of the
query) it belongs to; an HMAC makes it impossible to forge into another key or org, and
the scope check makes it useless on another list.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from incident_core.core.auth import signing_secret
from incident_core.core.clock import iso, parse_iso
from incident_core.core.errors import ValidationFailed
from incident_core.core.settings import get_settings

INVALID_CURSOR = "cursor is invalid or belongs to another query"
MAX_LIMIT = 100
PAGING_PARAMETERS = frozenset({"limit", "cursor"})


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


@dataclass(frozen=True, slots=True)
class QueryParameter:
    """One query parameter an endpoint reads."""

    name: str
    description: str
    kind: str = "string"  # "string", "integer", "boolean" or "timestamp" (an ISO 8601 date or date-time)
    choices: tuple[str, ...] = ()
    many: bool = False  # several values: comma-separated or repeated
    minimum: int | None = None
    maximum: int | None = None


LIMIT = QueryParameter("limit", "Items per page", kind="integer", minimum=1, maximum=100)
CURSOR = QueryParameter("cursor", "`meta.next_cursor` of the previous page (opaque, signed)")
PAGING_QUERY = (LIMIT, CURSOR)


class QueryParams:
    """Typed access to a multi-value query string, with errors naming the parameter."""

    def __init__(self, params: Mapping[str, list[str]]) -> None:
        self.params = params

    def refuse_unknown(self, allowed: Iterable[str]) -> None:
        """Unknown parameters are refused, never ignored (a typo must not widen a list)."""
        unknown = sorted(set(self.params) - set(allowed))
        if unknown:
            raise ValidationFailed(
                f"Unknown query parameter: {unknown[0]}",
                details=[{"field": name, "message": f"{name} is not a supported parameter"} for name in unknown],
            )

    def single(self, name: str) -> str | None:
        values = [value.strip() for value in self.params.get(name, []) if value and value.strip()]
        return values[-1] if values else None

    def many(self, name: str) -> list[str]:
        return [part.strip() for value in self.params.get(name, []) for part in value.split(",") if part.strip()]

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        value = self.single(name)
        if value is None:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            raise ValidationFailed.for_field(name, f"{name} must be an integer from {low} to {high}")
        return int(value)

    def flag(self, name: str) -> bool:
        """A `true`/`false` parameter (any letter case); absent is false, anything else an error."""
        value = (self.single(name) or "false").lower()
        if value not in ("true", "false"):
            raise ValidationFailed.for_field(name, f"{name} must be true or false")
        return value == "true"

    def timestamp(self, name: str) -> str | None:
        value = self.single(name)
        if value is None:
            return None
        try:
            moment = parse_iso(value)
        except ValueError as error:
            raise ValidationFailed.for_field(name, f"{name} must be an ISO 8601 date or date-time") from error
        try:
            return iso(moment)
        except OverflowError:  # within a day of year 1 or 9999 in UTC: nothing is earlier, or later
            return iso((datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC))

    def lower(self, name: str) -> str | None:
        value = self.single(name)
        return value.lower() if value else None

    def choices[T](self, name: str, parse: Callable[[str], T]) -> tuple[T, ...]:
        try:
            return tuple(dict.fromkeys(parse(value) for value in self.many(name)))
        except ValueError as error:
            raise ValidationFailed.for_field(name, str(error)) from error


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What a list endpoint was asked: the page size, the cursor, and its other parameters."""

    limit: int
    cursor: str | None
    query: QueryParams


def page_request(
    params: Mapping[str, list[str]], *, filters: Iterable[str] = (), default_limit: int = 20
) -> PageRequest:
    """`limit` (1-100) and `cursor`, beside the list's own `filters`; anything else is refused."""
    query = QueryParams(params)
    query.refuse_unknown(PAGING_PARAMETERS | set(filters))
    limit = query.integer("limit", low=1, high=MAX_LIMIT)
    return PageRequest(limit=limit or default_limit, cursor=query.single("cursor"), query=query)


@dataclass(slots=True)
class Listing:
    """One page of a list: its items and the `meta` the envelope shows."""

    items: list[dict[str, Any]]
    meta: dict[str, Any]


def resume_key(cursor: str | None, *, scope: str, owns: Callable[[Mapping[str, Any]], bool]) -> dict[str, Any] | None:
    """The key a cursor resumes from, if it was issued for `scope` and the key is the caller's."""
    if not cursor:
        return None
    payload = decode_cursor(cursor, secret=cursor_secret())
    key = payload.get("k")
    if payload.get("s") != scope or not isinstance(key, dict) or not owns(key):
        raise ValidationFailed.for_field("cursor", INVALID_CURSOR)
    return key


def listing(items: list[dict[str, Any]], *, limit: int, scope: str, resume: Mapping[str, Any] | None) -> Listing:
    """A page whose list goes on from `resume` (None: it was the last page)."""
    next_cursor = encode_cursor({"s": scope, "k": dict(resume)}, secret=cursor_secret()) if resume else None
    return Listing(items, {"limit": limit, "has_more": resume is not None, "next_cursor": next_cursor})
