"""Signed test tokens (HS256), shaped like the ones `make token` prints."""

from __future__ import annotations

import time
from typing import Any

import jwt

ALL_SCOPES = [
    "incidents:read",
    "incidents:write",
    "incidents:delete",
    "incidents:triage",
    "actions:execute",
    "actions:approve",
    "webhooks:read",
    "webhooks:write",
]


def make_token(
    *,
    secret: str,
    org: str = "acme",
    sub: str = "alice",
    permissions: list[str] | None = None,
    roles: list[str] | None = None,
    ttl: int = 3600,
    extra: dict[str, Any] | None = None,
) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": sub, "org_id": org, "iat": now, "exp": now + ttl, **(extra or {})}
    if roles is not None:
        claims["roles"] = roles
    else:
        claims["permissions"] = ALL_SCOPES if permissions is None else permissions
    return jwt.encode(claims, secret, algorithm="HS256")
