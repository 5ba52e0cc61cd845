"""Bearer JWT authentication and permission checks.

HS256 with a shared secret for local and simple installs; RS256/ES256 against a JWKS
URL (Cognito, Auth0, Okta) when `JWT_JWKS_URL` is set. Permissions come from the
`permissions` list, the space-separated `scope`, or the `roles` claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import jwt

from incident_core.core.errors import Forbidden, TokenExpired, Unauthorized
from incident_core.core.settings import Settings, get_settings

if TYPE_CHECKING:
    from jwt import PyJWKClient

ALL_PERMISSIONS = (
    "incidents:read",
    "incidents:create",
    "incidents:write",
    "incidents:delete",
    "incidents:triage",
    "actions:execute",
    "actions:approve",
    "webhooks:read",
    "webhooks:write",
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # A reporter files incidents and follows its own; it sees no one else's.
    "reporter": frozenset({"incidents:read", "incidents:create"}),
    "responder": frozenset(
        {
            "incidents:read",
            "incidents:create",
            "incidents:write",
            "incidents:triage",
            "actions:execute",
            "webhooks:read",
        }
    ),
    "admin": frozenset(ALL_PERMISSIONS),
}

# Other spellings of our roles and permissions (seed 003's roles, seed 004's singular permission
# names), any letter case: a token minted for a client of either works unchanged.
ROLE_ALIASES = {"systemadmin": "admin", "system_admin": "admin", "administrator": "admin"}
PERMISSION_ALIASES = {
    "incident:read": "incidents:read",
    "incident:write": "incidents:write",
    "incident:create": "incidents:create",
    "incident:delete": "incidents:delete",
    "incident:triage": "incidents:triage",
    "automation:execute": "actions:execute",
    "automation:approve": "actions:approve",
    "action:execute": "actions:execute",
    "action:approve": "actions:approve",
    "webhook:read": "webhooks:read",
    "webhook:write": "webhooks:write",
}

ORG_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
AUTH_REQUIRED = "Authentication required: send a valid Bearer token in the Authorization header"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: user, org (tenant) and what it may do."""

    sub: str
    org_id: str
    permissions: frozenset[str]
    roles: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()

    @property
    def sees_only_own_incidents(self) -> bool:
        """Reporters (and nothing more) see only the incidents they created."""
        return bool(self.roles) and set(self.roles) <= {"reporter"} and not self._direct_permissions

    @property
    def _direct_permissions(self) -> frozenset[str]:
        granted_by_roles: frozenset[str] = frozenset().union(
            *(ROLE_PERMISSIONS.get(role, frozenset()) for role in self.roles)
        )
        return self.permissions - granted_by_roles

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, *any_of: str) -> None:
        """Raise `Forbidden` unless the principal holds at least one of the permissions."""
        if any(self.has(permission) for permission in any_of):
            return
        raise Forbidden(
            f"Missing permission {any_of[0]}",
            details={"required_permission": any_of[0], "user_permissions": sorted(self.permissions)},
        )


def bearer_token(headers: Mapping[str, str] | None) -> str:
    """The token of an `Authorization: Bearer` header, looked up case-insensitively."""
    value = ""
    for name, header_value in (headers or {}).items():
        if name.lower() == "authorization":
            value = header_value or ""
            break
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(AUTH_REQUIRED)
    return token.strip()


def authenticate(headers: Mapping[str, str] | None, *, settings: Settings | None = None) -> Principal:
    settings = settings or get_settings()
    token = bearer_token(headers)
    claims = decode_token(token, settings=settings)
    return principal_from_claims(claims, settings=settings)


def decode_token(token: str, *, settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"require": ["exp", "sub"], "verify_aud": settings.jwt_audience is not None}
    try:
        header = jwt.get_unverified_header(token)
        algorithm = header.get("alg")
        if algorithm not in settings.jwt_algorithms:
            raise Unauthorized(AUTH_REQUIRED, details={"reason": "token algorithm not accepted"})
        key: Any
        if algorithm.startswith("HS"):
            key = signing_secret(settings)
        else:
            key = _jwks_client(_require(settings.jwt_jwks_url)).get_signing_key_from_jwt(token).key
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(settings.jwt_algorithms),
            options=cast("jwt.types.Options", options),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            leeway=30,
        )
    except jwt.ExpiredSignatureError as error:
        raise TokenExpired("The token has expired: sign in again") from error
    except jwt.PyJWTError as error:
        raise Unauthorized(AUTH_REQUIRED, details={"reason": str(error)}) from error
    return claims


def principal_from_claims(claims: Mapping[str, Any], *, settings: Settings) -> Principal:
    org_id = claims.get(settings.jwt_org_claim)
    orgs: tuple[str, ...] = ()
    if isinstance(org_id, list):
        orgs = tuple(org if isinstance(org, str) else "" for org in org_id)
        org_id = orgs[0] if orgs else None
    if not isinstance(org_id, str) or not all(ORG_ID_PATTERN.match(org) for org in (*orgs, org_id)):
        raise Unauthorized(AUTH_REQUIRED, details={"reason": f"token has no valid {settings.jwt_org_claim} claim"})
    roles = tuple(dict.fromkeys(canonical_role(role) for role in _words(claims.get("roles"))))
    permissions = {
        canonical_permission(word) for word in (*_words(claims.get("permissions")), *_words(claims.get("scope")))
    }
    for role in roles:
        permissions |= ROLE_PERMISSIONS.get(role, frozenset())
    if "incidents:write" in permissions:
        permissions.add("incidents:create")
    return Principal(
        sub=str(claims["sub"]),
        org_id=org_id,
        permissions=frozenset(permissions),
        roles=roles,
        orgs=orgs or (org_id,),
    )


def canonical_role(role: str) -> str:
    """Our name of a role: `Reporter`, `SystemAdmin` and `admin` are `reporter`, `admin`, `admin`."""
    word = role.strip().lower().replace("-", "_")
    return ROLE_ALIASES.get(word, word)


def canonical_permission(permission: str) -> str:
    """Our name of a permission: `incident:read` and `INCIDENTS:READ` are `incidents:read`."""
    word = permission.strip().lower()
    return PERMISSION_ALIASES.get(word, word)


def signing_secret(settings: Settings) -> str:
    """The HS256 secret: a plain value locally, Secrets Manager or SSM in AWS (read once)."""
    if settings.jwt_secret:
        return settings.jwt_secret
    return _secret_from_aws(settings.jwt_secret_arn, settings.jwt_secret_parameter)


@lru_cache(maxsize=4)
def _secret_from_aws(secret_arn: str | None, parameter_name: str | None) -> str:
    from incident_core.core import aws

    if secret_arn:
        value = aws.client("secretsmanager").get_secret_value(SecretId=secret_arn).get("SecretString")
    elif parameter_name:
        value = aws.client("ssm").get_parameter(Name=parameter_name, WithDecryption=True)["Parameter"].get("Value")
    else:
        value = None
    if not value:
        raise RuntimeError("no JWT secret is configured (JWT_SECRET, JWT_SECRET_ARN or JWT_SECRET_PARAMETER)")
    return str(value)


@lru_cache(maxsize=2)
def _jwks_client(url: str) -> PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=600)


def _require(value: str | None) -> str:
    if not value:
        raise Unauthorized(AUTH_REQUIRED, details={"reason": "asymmetric tokens need JWT_JWKS_URL"})
    return value


def _words(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return [word for word in value.replace(",", " ").split() if word]
    if isinstance(value, list | tuple):
        return [str(word) for word in value if word]
    return []
