#!/usr/bin/env python3
"""Print a signed HS256 JWT for the local stack (and only the token) on stdout.

    .venv/bin/python scripts/dev_token.py                        # org demo, every permission
    .venv/bin/python scripts/dev_token.py --org acme --scopes "incidents:read"
    .venv/bin/python scripts/dev_token.py --roles reporter       # roles claim, no permissions
    .venv/bin/python scripts/dev_token.py --ttl -60              # already expired

    curl -H "Authorization: Bearer $(.venv/bin/python scripts/dev_token.py)" "$(cat .local/api-url)/incidents"

The signing secret is the ``JwtSecret`` of ``parameter_overrides`` in the
``[local.deploy.parameters]`` section of samconfig.toml, the value the local stack
is deployed with; the environment variable ``JWT_SECRET`` overrides it.
Defaults can also come from ``DEV_TOKEN_ORG``, ``DEV_TOKEN_SUB``,
``DEV_TOKEN_SCOPES``, ``DEV_TOKEN_ROLES`` and ``DEV_TOKEN_TTL``.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

import jwt

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_ENV = "local"
ALL_PERMISSIONS: tuple[str, ...] = (
    "incidents:read",
    "incidents:write",
    "incidents:delete",
    "incidents:triage",
    "actions:execute",
    "actions:approve",
    "webhooks:read",
    "webhooks:write",
    "clients:read",
    "clients:write",
    "sla:write",
)


def make_token(
    *,
    secret: str,
    org: str,
    sub: str,
    permissions: Sequence[str] | None = None,
    roles: Sequence[str] | None = None,
    ttl: int = 3600,
) -> str:
    """An HS256 JWT with ``sub``, ``org_id``, ``iat``, ``exp`` and the given claims.

    ``permissions`` and ``roles`` are put in only when not None (a list each);
    a negative ``ttl`` gives a token that has already expired.
    """
    now = int(time.time())
    claims: dict[str, object] = {"sub": sub, "org_id": org, "iat": now, "exp": now + ttl}
    if permissions is not None:
        claims["permissions"] = list(permissions)
    if roles is not None:
        claims["roles"] = list(roles)
    return jwt.encode(claims, secret, algorithm="HS256")


def local_jwt_secret(repo_root: Path = REPO_ROOT, config_env: str = CONFIG_ENV) -> str:
    """``JwtSecret`` from ``[<env>.deploy.parameters]`` parameter_overrides in samconfig.toml."""
    config_file = repo_root / "samconfig.toml"
    with config_file.open("rb") as fh:
        config = tomllib.load(fh)
    params = config.get(config_env, {}).get("deploy", {}).get("parameters", {})
    raw = params.get("parameter_overrides", "")
    tokens = shlex.split(raw) if isinstance(raw, str) else [str(item) for item in raw]
    for token in tokens:
        key, sep, value = token.partition("=")
        if sep and key == "JwtSecret":
            return value
    msg = f"no JwtSecret in [{config_env}.deploy.parameters] parameter_overrides of {config_file}"
    raise KeyError(msg)


def _split(value: str) -> list[str]:
    return [item for item in re.split(r"[\s,]+", value) if item]


def main(argv: Sequence[str] | None = None) -> int:
    env = os.environ
    parser = argparse.ArgumentParser(description="Print a signed HS256 dev JWT for the local stack.")
    parser.add_argument("--org", default=env.get("DEV_TOKEN_ORG", "demo"), help="org_id claim (default: demo)")
    parser.add_argument("--sub", default=env.get("DEV_TOKEN_SUB", "dev-user"), help="sub claim (default: dev-user)")
    parser.add_argument(
        "--scopes", default=env.get("DEV_TOKEN_SCOPES"), help="space-separated permissions (default: all of them)"
    )
    parser.add_argument(
        "--roles",
        default=env.get("DEV_TOKEN_ROLES"),
        help="comma/space-separated roles, e.g. reporter; gives a roles claim and no permissions",
    )
    parser.add_argument(
        "--ttl",
        type=int,
        default=int(env.get("DEV_TOKEN_TTL", "3600")),
        help="lifetime in seconds (default: 3600; negative: already expired)",
    )
    parser.add_argument("--repo-root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    secret = env.get("JWT_SECRET") or local_jwt_secret(args.repo_root)
    roles = _split(args.roles) if args.roles else None
    if roles:
        permissions = _split(args.scopes) if args.scopes is not None else None
    else:
        permissions = _split(args.scopes) if args.scopes is not None else list(ALL_PERMISSIONS)
    print(make_token(secret=secret, org=args.org, sub=args.sub, permissions=permissions, roles=roles, ttl=args.ttl))
    return 0


if __name__ == "__main__":
    sys.exit(main())
