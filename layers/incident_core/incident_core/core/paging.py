"""Paging, once for every list: query-string reading, `limit`/`cursor`, signed cursors.

A cursor carries the DynamoDB key to resume from, plus the scope (or a fingerprint of the
query) it belongs to; an HMAC makes it impossible to forge into another key or org, and
the scope check makes it useless on another list.

A page size above `MAX_LIMIT` is read as `MAX_LIMIT` (every list's `meta.limit` says what
was used); below 1, or not an integer, it is a 400.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from incident_core.core.auth import signing_secret
from incident_core.core.clock import iso, parse_iso
from incident_core.core.errors import ValidationFailed
from incident_core.core.settings import get_settings

INVALID_CURSOR = "cursor is invalid or belongs to another query"
MAX_LIMIT = 100
MAX_OFFSET_ITEMS = 10_000  # how deep offset paging (page/offset) reaches; cursors go further
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


LIMIT = QueryParameter(
    "limit", f"Items per page (1 or more; above {MAX_LIMIT} reads as {MAX_LIMIT})", kind="integer", minimum=1
)
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

    def spelling(self, *names: str, read: Callable[[str], Any] | None = None) -> str:
        """Which of several spellings of one parameter the query used (the first name when none).

        Two spellings with different values (as `read` reads them; else their text, in any letter
        case) are refused, naming both: a list must not answer one while the client meant the other."""
        given = [name for name in names if self.many(name)]
        value = read or (lambda name: [part.lower() for part in self.many(name)])
        for other in given[1:]:
            if value(other) != value(given[0]):
                message = f"{given[0]} and {other} are the same parameter: give one, or the same value to both"
                raise ValidationFailed(
                    message, details=[{"field": given[0], "message": message}, {"field": other, "message": message}]
                )
        return given[0] if given else names[0]

    def page_size(self, name: str, *, maximum: int = MAX_LIMIT) -> int | None:
        """A page size: an integer of at least 1; above `maximum` it is read as `maximum`."""
        value = self.single(name)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit()) or int(value) < 1:  # `isdigit` alone takes `²`
            raise ValidationFailed.for_field(name, f"{name} must be an integer from 1 to {maximum}")
        return min(int(value), maximum)

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        value = self.single(name)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
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
    """`limit` (1-100, more reads as 100) and `cursor`, beside the list's own `filters`; anything else is refused."""
    query = QueryParams(params)
    query.refuse_unknown(PAGING_PARAMETERS | set(filters))
    limit = query.page_size("limit")
    return PageRequest(limit=limit or default_limit, cursor=query.single("cursor"), query=query)


@dataclass(slots=True)
class Listing:
    """One page of a list: its items and the `meta` the envelope shows."""

    items: list[dict[str, Any]]
    meta: dict[str, Any]


def total_pages(total: int, limit: int) -> int:
    """How many pages of `limit` items hold `total` items (0 for an empty list)."""
    return -(-total // limit)


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


# What one page's items may weigh, as JSON escaped into Lambda's answer (a body is a string inside
# Lambda's own JSON, so each quote and backslash costs one more byte). Lambda answers at most 6 MiB:
# a list that also shows its items under a second name (seed 004's `incidents`) stays under it.
PAGE_BYTES_BUDGET = 2_500_000


def items_within_budget(items: Sequence[Mapping[str, Any]], *, budget: int = PAGE_BYTES_BUDGET) -> int:
    """How many of `items`, from the first, fit in `budget` bytes of answer (at least one)."""
    used = 0
    for count, item in enumerate(items):
        text = json.dumps(item, separators=(",", ":"), default=str)
        used += len(text.encode()) + text.count('"') + text.count("\\")
        if used > budget:
            return max(1, count)
    return len(items)
