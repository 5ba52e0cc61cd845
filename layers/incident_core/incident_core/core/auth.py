"""Bearer JWT authentication and permission checks.

HS256 with a shared secret for local and simple installs; RS256/ES256 against a JWKS
URL (Cognito, Auth0, Okta) when `JWT_JWKS_URL` is set. Permissions come from the
`permissions` list, the space-separated `scope`, or the `roles` claim.

A refused token is a 401 whose `details.reason` is one of our own fixed words (`TokenReason`);
a key set that can not be fetched in time is a 503 (`KeysUnavailable`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import jwt

from incident_core.core.errors import Forbidden, ServiceUnavailable, TokenExpired, Unauthorized
from incident_core.core.settings import Settings, checked_secret, get_settings

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
    "clients:read",
    "clients:write",
    "sla:write",  # the org's SLA policy (PUT /sla-policy): admins only
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
    "client:read": "clients:read",
    "client:write": "clients:write",
}

ORG_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
MAX_SUB_LENGTH = 256  # it becomes part of index keys (`by_creator`, `by_assignee`)
AUTH_REQUIRED = "Authentication required: send a valid Bearer token in the Authorization header"
# Clock skew allowed on `exp`, `nbf` and `iat`. The issuer and Lambda both keep NTP time, well
# within a second of each other: 5 s covers that, where the former 30 s kept a stolen, revoked
# or simply expired token usable half a minute longer than its issuer meant.
EXPIRY_LEEWAY_SECONDS = 5


class TokenReason(StrEnum):
    """Why a token was refused (`error.details.reason` of a 401): a fixed vocabulary."""

    MALFORMED = "token is not a well-formed JWT"
    ALGORITHM = "token algorithm is not accepted"
    SIGNATURE = "token signature does not verify"
    NOT_YET_VALID = "token is not valid yet (nbf or iat in the future)"
    ISSUER = "token issuer is not accepted"
    AUDIENCE = "token audience is not accepted"
    KEY_UNKNOWN = "token key id (kid) is not in the issuer's key set"
    INVALID = "token is not valid"

    @staticmethod
    def missing_claim(claim: str) -> str:
        """`token has no valid <claim> claim`, for the claims we check (any other: INVALID)."""
        return f"token has no valid {claim} claim" if claim in CHECKED_CLAIMS else TokenReason.INVALID


CHECKED_CLAIMS = frozenset({"exp", "sub", "iss", "aud", "nbf", "iat"})
REASONS: tuple[tuple[type[jwt.PyJWTError], TokenReason], ...] = (
    (jwt.InvalidSignatureError, TokenReason.SIGNATURE),
    (jwt.DecodeError, TokenReason.MALFORMED),
    (jwt.InvalidAlgorithmError, TokenReason.ALGORITHM),
    (jwt.ImmatureSignatureError, TokenReason.NOT_YET_VALID),
    (jwt.InvalidIssuerError, TokenReason.ISSUER),
    (jwt.InvalidAudienceError, TokenReason.AUDIENCE),
)


class KeysUnavailable(ServiceUnavailable):
    """The JWKS URL is down, slow past its timeout, or answers no usable key set: the token may
    be good, so the caller is told to retry (503 with `Retry-After`), not to sign in again (401)."""

    def __init__(self) -> None:
        super().__init__("The identity provider's signing keys could not be fetched: retry shortly")


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
    """The token's claims once its algorithm, signature, times, issuer and audience check out.

    A refusal names its reason in our own fixed words (`TokenReason`), never the JWT library's
    text (which names internals and changes between versions); a key set that can not be
    fetched is a 503 (`KeysUnavailable`), since the caller's token may well be good.
    """
    options: dict[str, Any] = {"require": ["exp", "sub"], "verify_aud": settings.jwt_audience is not None}
    try:
        algorithm = jwt.get_unverified_header(token).get("alg")
        if algorithm not in settings.jwt_algorithms or (algorithm.startswith("HS") and not _has_secret(settings)):
            raise Unauthorized(AUTH_REQUIRED, details={"reason": TokenReason.ALGORITHM})
        key: Any = signing_secret(settings) if algorithm.startswith("HS") else _jwks_signing_key(token, settings)
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(settings.jwt_algorithms),
            options=cast("jwt.types.Options", options),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            leeway=EXPIRY_LEEWAY_SECONDS,
        )
    except jwt.ExpiredSignatureError as error:
        raise TokenExpired("The token has expired: sign in again") from error
    except jwt.PyJWTError as error:
        raise Unauthorized(AUTH_REQUIRED, details={"reason": _reason(error)}) from None
    return claims


def _reason(error: jwt.PyJWTError) -> str:
    """Why the library refused a token, in our words (the most specific class first)."""
    if isinstance(error, jwt.MissingRequiredClaimError):
        return TokenReason.missing_claim(error.claim)
    if isinstance(error, jwt.exceptions.InvalidSubjectError):
        return TokenReason.missing_claim("sub")
    for kind, reason in REASONS:
        if isinstance(error, kind):
            return reason
    return TokenReason.INVALID


def _jwks_signing_key(token: str, settings: Settings) -> Any:
    """The issuer's public key named by the token's `kid`, from the JWKS URL (fetched with a
    bounded timeout, then cached). A key set that can not be had is `KeysUnavailable`; a `kid`
    that is not in it is the library's error, a 401."""
    url = _require(settings.jwt_jwks_url)
    try:
        client = _jwks_client(url, settings.jwt_jwks_timeout_seconds)
        client.get_signing_keys()  # the key set itself: from the cache, or fetched now
    except (jwt.PyJWKClientError, jwt.PyJWKSetError, ValueError) as error:
        raise KeysUnavailable() from error
    try:
        return client.get_signing_key_from_jwt(token).key
    except (jwt.PyJWKClientConnectionError, jwt.PyJWKSetError, ValueError) as error:
        # the one refetch an unknown `kid` triggers (at most once per cooldown) failed
        raise KeysUnavailable() from error
    except jwt.PyJWKClientError as error:
        raise Unauthorized(AUTH_REQUIRED, details={"reason": TokenReason.KEY_UNKNOWN}) from error


def _has_secret(settings: Settings) -> bool:
    return bool(settings.jwt_secret or settings.jwt_secret_arn or settings.jwt_secret_parameter)


def principal_from_claims(claims: Mapping[str, Any], *, settings: Settings) -> Principal:
    org_id = claims.get(settings.jwt_org_claim)
    orgs: tuple[str, ...] = ()
    if isinstance(org_id, list):
        orgs = tuple(org if isinstance(org, str) else "" for org in org_id)
        org_id = orgs[0] if orgs else None
    if not isinstance(org_id, str) or not all(ORG_ID_PATTERN.match(org) for org in (*orgs, org_id)):
        raise Unauthorized(AUTH_REQUIRED, details={"reason": f"token has no valid {settings.jwt_org_claim} claim"})
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUB_LENGTH:
        raise Unauthorized(AUTH_REQUIRED, details={"reason": TokenReason.missing_claim("sub")})
    roles = tuple(dict.fromkeys(canonical_role(role) for role in _words(claims.get("roles"))))
    permissions = {
        canonical_permission(word) for word in (*_words(claims.get("permissions")), *_words(claims.get("scope")))
    }
    for role in roles:
        permissions |= ROLE_PERMISSIONS.get(role, frozenset())
    if "incidents:write" in permissions:
        permissions.add("incidents:create")
    return Principal(
        sub=sub,
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


def sign_token(claims: Mapping[str, Any], *, settings: Settings | None = None) -> str:
    """An HS256 token signed with the stack's own secret, the key `decode_token` verifies with
    (so rotating `JwtSecret` rotates it too): the tokens `POST /auth/token` issues.

    A deployment without that secret, or that does not accept HS256 (an external IdP alone),
    issues none: 503 naming the settings, never a token it would itself refuse."""
    settings = settings or get_settings()
    has_secret = settings.jwt_secret or settings.jwt_secret_arn or settings.jwt_secret_parameter
    if not has_secret or "HS256" not in settings.jwt_algorithms:
        raise ServiceUnavailable(
            "This deployment issues no tokens: it needs an HS256 signing secret (JwtSecret) and HS256 among"
            " JwtAlgorithms",
            retry_after_seconds=3600,
        )
    return jwt.encode(dict(claims), signing_secret(settings), algorithm="HS256")


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
        setting = "the secret JWT_SECRET_ARN names (stack parameter JwtSecretArn)"
    elif parameter_name:
        value = aws.client("ssm").get_parameter(Name=parameter_name, WithDecryption=True)["Parameter"].get("Value")
        setting = "the parameter JWT_SECRET_PARAMETER names (stack parameter JwtSecretParameter)"
    else:
        value, setting = None, ""
    if not value:
        raise RuntimeError("no JWT secret is configured (JWT_SECRET, JWT_SECRET_ARN or JWT_SECRET_PARAMETER)")
    return checked_secret(str(value), setting=setting) or ""


@lru_cache(maxsize=2)
def _jwks_client(url: str, timeout_seconds: float) -> PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=600, timeout=timeout_seconds)


def _require(value: str | None) -> str:
    if not value:
        raise Unauthorized(AUTH_REQUIRED, details={"reason": TokenReason.ALGORITHM})
    return value


def _words(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return [word for word in value.replace(",", " ").split() if word]
    if isinstance(value, list | tuple):
        return [str(word) for word in value if word]
    return []
