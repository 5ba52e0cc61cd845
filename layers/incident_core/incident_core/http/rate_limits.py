"""Rate limits per caller and class of endpoint (seed 004), and the headers that state them.

A caller (an org and a token's `sub`: a person, or an API client's `client:<id>`) may make, a
minute, `RATE_LIMIT_READS` GETs (200 by default), `RATE_LIMIT_WRITES` POST/PUT/PATCHes (100),
`RATE_LIMIT_DELETES` DELETEs (20) and `RATE_LIMIT_AUTOMATION` requests to a route that runs
remediation (5, `IncidentApi.route(..., rate_class=AUTOMATION)`); a limit of 0 is none. Failed
`POST /auth/token` requests are limited per client id (`RATE_LIMIT_AUTHENTICATION`, 5) by
`clients/tokens.py` with the same counters.

The router takes a slot once the caller is authenticated and authorized, before anything else
is read (`storage/rate_counters.py`: one conditional UpdateItem). Every answer to that caller
then carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (when the
window ends, epoch seconds); over the limit the answer is 429 `RATE_LIMITED` with
`Retry-After` (seconds). Requests that fail authentication are not counted here: API Gateway's
stage throttling is the outer guard (`template.yaml`, ApiThrottlingRateLimit).

When the counters' table is throttled or down through botocore's retries, the request is
served unlimited and a warning is logged: the limits protect the API, they must not be the
reason it fails during an incident.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from incident_core.core.errors import RateLimited, unavailable_error
from incident_core.core.observability import logger
from incident_core.core.settings import RateLimits, get_settings

if TYPE_CHECKING:
    from incident_core.core.auth import Principal
    from incident_core.storage.rate_counters import RateCounterStore, Window

READS, WRITES, DELETES, AUTOMATION, AUTHENTICATION = "reads", "writes", "deletes", "automation", "authentication"
RATE_CLASSES = (READS, WRITES, DELETES, AUTOMATION, AUTHENTICATION)
HEADER_NAMES = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def rate_class_of(method: str, declared: str | None = None) -> str:
    """A route's class: the one it declares, else by its method."""
    if declared is not None:
        return declared
    return {"GET": READS, "HEAD": READS, "DELETE": DELETES}.get(method.upper(), WRITES)


def limit_for(rate_class: str, limits: RateLimits | None = None) -> int:
    limit: int = getattr(limits or get_settings().rate_limits, rate_class)
    return limit


def counter_name(rate_class: str, *who: str) -> str:
    """A counter's name: the class and a hash of whose requests it counts (bounded, whatever a `sub` holds)."""
    digest = hashlib.sha256("\x00".join(who).encode()).hexdigest()[:32]
    return f"{rate_class}#{digest}"


def limit_headers(window: Window) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(window.limit),
        "X-RateLimit-Remaining": str(window.remaining),
        "X-RateLimit-Reset": str(window.resets_at),
    }


def take_slot(
    counter: str,
    *,
    rate_class: str,
    now: float | None = None,
    store: RateCounterStore | None = None,
    limit: int | None = None,
) -> Window | None:
    """Count a request against `counter`: its window, or None when nothing is limited (no table,
    a limit of 0, or the counters unreachable). Over the limit: `RateLimited`. `limit` is the
    class's own (an integration key's, `integrations/caller.py`) instead of the settings' one."""
    limit = limit_for(rate_class) if limit is None else limit
    store = (store or _counters()) if limit > 0 else None
    if store is None:
        return None
    moment = time.time() if now is None else now
    try:
        window = store.take(counter, limit=limit, now=moment)
    except Exception as error:
        if unavailable_error(error) is None:
            raise
        logger.warning("rate limit counters unavailable: request served unlimited", error=type(error).__name__)
        return None
    if not window.allowed:
        retry_after = window.retry_after(moment)
        raise RateLimited(
            f"Too many {rate_class} requests: {limit} a minute are allowed; retry after {retry_after} s",
            retry_after_seconds=retry_after,
            limit_headers=limit_headers(window),
        )
    return window


def take_caller_slot(principal: Principal, *, method: str, declared: str | None = None) -> Window | None:
    """Count one request of an authenticated caller against its class's limit (see the module)."""
    rate_class = rate_class_of(method, declared)
    return take_slot(counter_name(rate_class, principal.org_id, principal.sub), rate_class=rate_class)


def give_back_slot(counter: str, *, now: float | None = None, store: RateCounterStore | None = None) -> None:
    """Uncount a request of `counter`'s window at `now` (a token request whose secret was right)."""
    store = store or _counters()
    if store is not None:
        store.give_back(counter, now=time.time() if now is None else now)


def _counters() -> RateCounterStore | None:
    # Imported here: the routes without a caller (the catch-all, /health, /docs) load no storage.
    from incident_core.storage.rate_counters import get_rate_counter_store

    return get_rate_counter_store()
