"""Ids that name their org: `<org>.<kind>_<24 hex>` (API clients `cli`, integration keys `ik`).

A credential that arrives alone (a client id at `/auth/token`, an integration key at
`/v2/enqueue`) is found under its org's keys from the id itself, and an id of another org is
not found, like a missing one.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache

from incident_core.core.auth import ORG_ID_PATTERN


def new_org_scoped_id(org_id: str, kind: str) -> str:
    return f"{org_id}.{kind}_{secrets.token_hex(12)}"


@lru_cache(maxsize=8)
def _scoped_id(kind: str) -> re.Pattern[str]:
    return re.compile(rf"^(?P<org>.+)\.{re.escape(kind)}_[0-9a-f]{{24}}$")


def org_of_scoped_id(identifier: str, kind: str) -> str | None:
    """The org an id of `kind` names, or None when it is no id this API makes."""
    found = _scoped_id(kind).match(identifier)
    org_id = found.group("org") if found else None
    return org_id if org_id and ORG_ID_PATTERN.match(org_id) else None
