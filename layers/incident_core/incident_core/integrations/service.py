"""Integration keys of an org: create, list, read, rotate, revoke; and the key an event presents.

A key is a monitoring tool's long-lived credential (PagerDuty's `routing_key`): it sends events
(`POST /v2/enqueue`, `/events`, `/integrations/alertmanager`) and nothing else. Admins manage
keys with the API clients' permissions (`clients:write`, `clients:read`): both are credentials
of the org. A key is shown once, when it is made or rotated, and stored only as a hash
(`integrations/key_material.py`); a revoked one is kept (who revoked it, when) and refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso
from incident_core.core.errors import Conflict, Forbidden, NotFound, Unauthorized
from incident_core.core.org_ids import org_of_scoped_id
from incident_core.integrations.key_material import (
    KEY_ID_KIND,
    key_matches,
    new_key,
    new_key_id,
    presented_key,
)
from incident_core.integrations.repository import IntegrationKeyRepository, get_integration_key_repository

if TYPE_CHECKING:
    from incident_core.integrations.models import IntegrationKeyCreate

PUBLIC_FIELDS = (
    "key_id",
    "name",
    "status",
    "default_severity",
    "team",
    "tags",
    "incident_type",
    "rate_limit_per_minute",
    "org_id",
    "created_by",
    "created_at",
    "updated_at",
    "rotated_at",
    "revoked_at",
    "revoked_by",
    "version",
)
UNKNOWN_KEY = "Invalid routing key: no active integration key of this API"
REVOKED_KEY = "The integration key is revoked: create a new one"


class UnknownKey(Unauthorized):
    """No key of ours, or a secret that does not match: the same answer for both."""


class RevokedKey(Forbidden):
    """The right secret of a key that was revoked (told only to whoever holds it)."""


def public_view(key: Mapping[str, Any]) -> dict[str, Any]:
    """A key as the API shows it: never the key nor its hash."""
    view = {name: key.get(name) for name in PUBLIC_FIELDS}
    view["key_id"] = key["id"]
    view["tags"] = list(key.get("tags") or [])
    view["status"] = "revoked" if key.get("revoked_at") else "active"
    return view


def create_key(
    *, principal: Principal, data: IntegrationKeyCreate, repository: IntegrationKeyRepository | None = None
) -> dict[str, Any]:
    """A new key, shown in this answer only."""
    repository = repository or get_integration_key_repository()
    key_id, now = new_key_id(principal.org_id), now_iso()
    wire_key, stored_hash = new_key(key_id)
    key = {
        "id": key_id,
        "org_id": principal.org_id,
        "name": data.name,
        "default_severity": data.default_severity.value if data.default_severity else None,
        "team": data.team,
        "tags": list(data.tags),
        "incident_type": data.incident_type,
        "rate_limit_per_minute": data.rate_limit_per_minute,
        "key_hash": stored_hash,
        "created_by": principal.sub,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    repository.put_key(key, expected_version=None)
    return {**public_view(key), "integration_key": wire_key}


def list_keys(*, principal: Principal, repository: IntegrationKeyRepository | None = None) -> list[dict[str, Any]]:
    """The org's keys, revoked ones included, oldest first."""
    keys = (repository or get_integration_key_repository()).list_keys(org_id=principal.org_id)
    return [public_view(key) for key in sorted(keys, key=lambda key: str(key["created_at"]))]


def visible_key(principal: Principal, key_id: str, repository: IntegrationKeyRepository) -> dict[str, Any]:
    """The caller's org's key, or 404 (another org's is not found either)."""
    key = None
    if org_of_scoped_id(key_id, KEY_ID_KIND) == principal.org_id:
        key = repository.get_key(org_id=principal.org_id, key_id=key_id)
    if key is None:
        raise NotFound("Integration key not found")
    return key


def get_key(*, principal: Principal, key_id: str, repository: IntegrationKeyRepository | None = None) -> dict[str, Any]:
    return public_view(visible_key(principal, key_id, repository or get_integration_key_repository()))


def rotate_key(
    *, principal: Principal, key_id: str, repository: IntegrationKeyRepository | None = None
) -> dict[str, Any]:
    """A new key of the same id and settings (in this answer only); the old one stops working at once."""
    repository = repository or get_integration_key_repository()
    key = visible_key(principal, key_id, repository)
    if key.get("revoked_at"):
        raise Conflict("The integration key is revoked: create a new one")
    (wire_key, stored_hash), now = new_key(key_id), now_iso()
    version = int(key["version"])
    rotated = {**key, "key_hash": stored_hash, "rotated_at": now, "updated_at": now, "version": version + 1}
    repository.put_key(rotated, expected_version=version)
    return {**public_view(rotated), "integration_key": wire_key}


def revoke_key(
    *, principal: Principal, key_id: str, repository: IntegrationKeyRepository | None = None
) -> dict[str, Any]:
    """Revoke for good: kept for audit, refused from now on. Revoking twice changes nothing."""
    repository = repository or get_integration_key_repository()
    key = visible_key(principal, key_id, repository)
    if key.get("revoked_at"):
        return public_view(key)
    now, version = now_iso(), int(key["version"])
    revoked = {**key, "revoked_at": now, "revoked_by": principal.sub, "updated_at": now, "version": version + 1}
    repository.put_key(revoked, expected_version=version)
    return public_view(revoked)


def key_of(text: str, *, repository: IntegrationKeyRepository | None = None) -> dict[str, Any]:
    """The stored key `text` is: `UnknownKey` (401) when none is, `RevokedKey` (403) when it was revoked."""
    presented = presented_key(text)
    key = None
    if presented is not None:
        key = (repository or get_integration_key_repository()).get_key(org_id=presented.org_id, key_id=presented.key_id)
    if presented is None or key is None or not key_matches(presented.secret, key.get("key_hash")):
        raise UnknownKey(UNKNOWN_KEY)
    if key.get("revoked_at"):
        raise RevokedKey(REVOKED_KEY)
    return key
