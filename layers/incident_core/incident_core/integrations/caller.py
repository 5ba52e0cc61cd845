"""A request sent with an integration key: who it is, what it may do, what it applies.

A key is presented as `Authorization: Token token=<key>` (PagerDuty's REST scheme; `Token <key>`
too, as Alertmanager's `authorization: {type: Token}` sends it), as
`?key=<key>` (for tools that can only set a URL), or as the body's `routing_key` (PagerDuty
Events v2). It yields a `KeyPrincipal`: the key's org, `sub` `integration-key:<key id>`, and
the one permission `events:send`, which no route but the event receivers accepts; the key's
defaults (severity, team, tags, incident type) go onto the alerts it sends.

Each key has its own rate limit (`rate_limit_per_minute`), counted with the API's counters
(`http/rate_limits.take_slot`) under a counter named for the key.

Routes opt in with `IncidentApi.route(..., authenticator=integration_key_caller)`: a request
with a Bearer token, or with no key at all, goes the JWT way unchanged.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal
from incident_core.http.body import body_text
from incident_core.http.rate_limits import counter_name, take_slot
from incident_core.incidents.vocabulary import Severity
from incident_core.integrations.service import key_of

if TYPE_CHECKING:
    from incident_core.alerts.service import Alert
    from incident_core.storage.rate_counters import Window

SEND_EVENTS = "events:send"
EVENTS_RATE_CLASS = "events"
MAX_TAGS = 20


@dataclass(frozen=True, slots=True)
class KeyDefaults:
    """What a key applies to what it opens: a severity where the event states none, a team, tags, a type."""

    severity: Severity | None = None
    team: str | None = None
    tags: tuple[str, ...] = ()
    incident_type: str | None = None


@dataclass(frozen=True, slots=True)
class KeyPrincipal(Principal):
    """The caller of a request sent with an integration key: it may send events, nothing else."""

    key_id: str = ""
    defaults: KeyDefaults = KeyDefaults()


def key_principal(key: Mapping[str, Any]) -> KeyPrincipal:
    severity = key.get("default_severity")
    return KeyPrincipal(
        sub=f"integration-key:{key['id']}",
        org_id=str(key["org_id"]),
        permissions=frozenset({SEND_EVENTS}),
        key_id=str(key["id"]),
        defaults=KeyDefaults(
            severity=Severity(severity) if severity else None,
            team=key.get("team") or None,
            tags=tuple(key.get("tags") or ()),
            incident_type=key.get("incident_type") or None,
        ),
    )


def authenticate_key(text: str) -> tuple[KeyPrincipal, Window | None]:
    """The caller a key is, once its own rate limit has a slot: 401, 403 or 429 otherwise."""
    key = key_of(text)
    counter = counter_name(EVENTS_RATE_CLASS, str(key["org_id"]), str(key["id"]))
    window = take_slot(counter, rate_class=EVENTS_RATE_CLASS, limit=int(key["rate_limit_per_minute"]))
    return key_principal(key), window


def presented_key_text(event: Mapping[str, Any]) -> str | None:
    """The integration key a request carries, or None (a Bearer token, or nothing: the JWT way)."""
    authorization = next(
        (str(value) for name, value in (event.get("headers") or {}).items() if name.lower() == "authorization"), ""
    )
    scheme, _, rest = authorization.strip().partition(" ")
    if scheme.lower() == "bearer":
        return None
    if scheme.lower() == "token":  # `Token token=<key>` (PagerDuty's), `Token token="<key>"`, or `Token <key>`
        name, equals, value = rest.strip().partition("=")
        return (value if equals and name.strip().lower() == "token" else rest).strip().strip('"')
    query = event.get("queryStringParameters") or {}
    if query.get("key"):
        return str(query["key"])
    return _routing_key(event)


def _routing_key(event: Mapping[str, Any]) -> str | None:
    """The body's `routing_key` (PagerDuty Events v2), when the body is a JSON object with one."""
    try:
        body = json.loads(body_text(event) or "null")
    except (ValueError, RecursionError):
        return None  # not JSON: the JWT way answers (401), then validation would (400)
    key = body.get("routing_key") if isinstance(body, dict) else None
    return key if isinstance(key, str) and key.strip() else None


def integration_key_caller(event: Mapping[str, Any]) -> tuple[Principal, Window | None] | None:
    """The router's opt-in authenticator (`IncidentApi.route(authenticator=...)`)."""
    text = presented_key_text(event)
    return authenticate_key(text) if text is not None else None


def with_key_defaults(alert: Alert, principal: Principal) -> Alert:
    """The alert with the key's defaults applied (a JWT caller's alert is left as it is)."""
    if not isinstance(principal, KeyPrincipal):
        return alert
    defaults = principal.defaults
    tags = tuple(dict.fromkeys((*alert.tags, *defaults.tags)))[:MAX_TAGS]
    return dataclasses.replace(
        alert,
        severity=alert.severity if alert.severity_stated or defaults.severity is None else defaults.severity,
        assigned_team=defaults.team or alert.assigned_team,
        tags=tags,
        incident_type=defaults.incident_type or alert.incident_type,
    )
