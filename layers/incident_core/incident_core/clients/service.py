"""API clients of an org: create, list, read, rotate the secret, revoke.

A client is what an integration signs in as at `POST /auth/token` (OAuth 2.0 client
credentials, `clients/tokens.py`). Its id names its org (`<org>.cli_<24 hex>`), so a token
request, which carries nothing else, finds the client under its org's keys, and an id of
another org is not found, like a missing one. Its secret is shown once, when it is made or
rotated, and stored only as a scrypt hash (`clients/secrets.py`). A client may ask only for
permissions its creator holds; a revoked one is kept (who revoked it, when) and gets no token.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from incident_core.clients.repository import ClientRepository, get_client_repository
from incident_core.clients.secrets import hash_secret, new_client_secret
from incident_core.core.auth import ALL_PERMISSIONS, Principal, canonical_permission
from incident_core.core.clock import iso, now_iso, parse_iso, utc_now
from incident_core.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from incident_core.core.org_ids import new_org_scoped_id, org_of_scoped_id

if TYPE_CHECKING:  # the request model (pydantic) is only an annotation here
    from incident_core.clients.models import ClientCreate

CLIENT_ID_KIND = "cli"
PUBLIC_FIELDS = (
    "client_id",
    "name",
    "permissions",
    "status",
    "expires_at",
    "org_id",
    "created_by",
    "created_at",
    "updated_at",
    "secret_rotated_at",
    "revoked_at",
    "revoked_by",
    "version",
)


def new_client_id(org_id: str) -> str:
    return new_org_scoped_id(org_id, CLIENT_ID_KIND)


def org_of_client_id(client_id: str) -> str | None:
    """The org a client id names, or None when it is no id this API makes."""
    return org_of_scoped_id(client_id, CLIENT_ID_KIND)


def client_status(client: Mapping[str, Any]) -> str:
    """`active`, `revoked`, or `expired` (its `expires_at` passed)."""
    if client.get("revoked_at"):
        return "revoked"
    expires_at = client.get("client_expires_at")
    if expires_at and parse_iso(str(expires_at)) <= utc_now():
        return "expired"
    return "active"


def public_view(client: Mapping[str, Any]) -> dict[str, Any]:
    """A client as the API shows it: never its secret or the secret's hash."""
    fields = {**client, "client_id": client["id"], "expires_at": client.get("client_expires_at")}
    view = {name: fields.get(name) for name in PUBLIC_FIELDS}
    view["status"] = client_status(client)
    return view


def granted_permissions(words: Iterable[str]) -> list[str]:
    """Our names of the permissions asked for (seed 004's names too); unknown ones are a 400."""
    permissions = sorted({canonical_permission(word) for word in words})
    unknown = [permission for permission in permissions if permission not in ALL_PERMISSIONS]
    if unknown:
        raise ValidationFailed.for_field("permissions", f"Unknown permissions: {', '.join(unknown)}")
    return permissions


def create_client(
    *, principal: Principal, data: ClientCreate, repository: ClientRepository | None = None
) -> dict[str, Any]:
    """A new client, with its secret (in this answer only)."""
    repository = repository or get_client_repository()
    permissions = granted_permissions(data.permissions)
    not_held = [permission for permission in permissions if not principal.has(permission)]
    if not_held:  # no one hands out more than it holds itself
        raise Forbidden(
            "A client can not be given permissions its creator does not hold",
            details={"permissions_not_held": not_held},
        )
    secret, now = new_client_secret(), now_iso()
    client = {
        "id": new_client_id(principal.org_id),
        "org_id": principal.org_id,
        "name": data.name,
        "permissions": permissions,
        "client_expires_at": iso(data.expires_at) if data.expires_at else None,
        "secret_hash": hash_secret(secret),
        "created_by": principal.sub,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    repository.put_client(client, expected_version=None)
    return {**public_view(client), "client_secret": secret}


def list_clients(*, principal: Principal, repository: ClientRepository | None = None) -> list[dict[str, Any]]:
    """The org's clients, revoked ones included, oldest first."""
    clients = (repository or get_client_repository()).list_clients(org_id=principal.org_id)
    return [public_view(client) for client in sorted(clients, key=lambda client: str(client["created_at"]))]


def visible_client(principal: Principal, client_id: str, repository: ClientRepository) -> dict[str, Any]:
    """The caller's org's client, or 404 (another org's is not found either)."""
    client = None
    if org_of_client_id(client_id) == principal.org_id:
        client = repository.get_client(org_id=principal.org_id, client_id=client_id)
    if client is None:
        raise NotFound("Client not found")
    return client


def get_client(*, principal: Principal, client_id: str, repository: ClientRepository | None = None) -> dict[str, Any]:
    return public_view(visible_client(principal, client_id, repository or get_client_repository()))


def rotate_secret(
    *, principal: Principal, client_id: str, repository: ClientRepository | None = None
) -> dict[str, Any]:
    """A new secret (in this answer only); the old one stops working at once."""
    repository = repository or get_client_repository()
    client = visible_client(principal, client_id, repository)
    if client.get("revoked_at"):
        raise Conflict("The client is revoked: create a new one")
    secret, now = new_client_secret(), now_iso()
    version = int(client["version"])
    changed = {**client, "secret_hash": hash_secret(secret), "secret_rotated_at": now, "updated_at": now}
    repository.put_client({**changed, "version": version + 1}, expected_version=version)
    return {**public_view({**changed, "version": version + 1}), "client_secret": secret}


def revoke_client(
    *, principal: Principal, client_id: str, repository: ClientRepository | None = None
) -> dict[str, Any]:
    """Revoke for good: kept for audit, gets no token again. Revoking twice changes nothing."""
    repository = repository or get_client_repository()
    client = visible_client(principal, client_id, repository)
    if client.get("revoked_at"):
        return public_view(client)
    now, version = now_iso(), int(client["version"])
    revoked = {**client, "revoked_at": now, "revoked_by": principal.sub, "updated_at": now, "version": version + 1}
    repository.put_client(revoked, expected_version=version)
    return public_view(revoked)
