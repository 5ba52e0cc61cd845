"""What a route promises beyond its body model: for the OpenAPI document, never on the request path.

Declared beside the route (`IncidentApi.route(..., status=201, query=..., errors=...)`), so
that the document says exactly what the function answers: its success status, the query
parameters and request headers it reads, the response headers it sets, and the error
statuses it can return besides the ones every route has. Plain dataclasses: reading them
costs a read path nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from incident_core.core.paging import QueryParameter


@dataclass(frozen=True, slots=True)
class Header:
    """A request or response header, with what it means here."""

    name: str
    description: str
    pattern: str | None = None  # what a valid value looks like, for the document
    sometimes: bool = False  # a response header only some answers carry (a replay's `Idempotent-Replayed`)


IF_MATCH = Header("If-Match", 'The version you read (`"3"`): a stale one answers 412')
IDEMPOTENCY_KEY = Header(
    "Idempotency-Key",
    "Repeat a request safely: the same key and body answer the first answer (status, body, Location) with"
    " `Idempotent-Replayed: true`; the key with another body answers 422 `IDEMPOTENCY_KEY_REUSED`, and 409 while"
    " the first request runs. Keys are per caller and route, kept 24 hours (1-255 printable ASCII characters)",
    # Printable ASCII, 1-255 characters; no space at either end (HTTP trims it).
    pattern=r"^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$",
)
ETAG = Header("ETag", 'The version of the resource (`"3"`), for If-Match')
LOCATION = Header(
    "Location", "The created resource, as a reference relative to the request URL (RFC 3986), e.g. `incidents/<id>`"
)
REQUEST_ID = Header("X-Request-Id", "The request's id, also in logs and in error bodies")
IDEMPOTENT_REPLAYED = Header(
    "Idempotent-Replayed", "`true` when this answer replays an earlier request's", sometimes=True
)
PREFER = Header(
    "Prefer",
    "RFC 7240 `wait=<seconds>`: answer 200 with the finished result if it is ready within that time (20 s at"
    " most), else as without it; a value that is not a number of seconds is ignored",
)
PREFERENCE_APPLIED = Header("Preference-Applied", "RFC 7240: the `wait=<seconds>` honoured (after the 20 s cap)")


@dataclass(frozen=True, slots=True)
class RouteDoc:
    """The documented promises of one route."""

    status: int = 200
    query: tuple[QueryParameter, ...] = ()
    request_headers: tuple[Header, ...] = ()
    response_headers: tuple[Header, ...] = ()
    errors: tuple[int, ...] = field(default=())
    also: tuple[int, ...] = ()  # other success statuses, with the same body (e.g. 200 beside a 202)
