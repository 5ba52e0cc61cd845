"""The org's SLA policy: read it (`GET /sla-policy`) and replace it (`PUT /sla-policy`, admins).

A policy applies to the org's incidents from their creation (or last reopen): their deadlines are
computed and written with each change of the incident (`sla.deadlines`, called by the incident
service), and the scanner (`sla.scanner`) records and acts on the ones missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal
from incident_core.core.clock import now_iso
from incident_core.sla.repository import SlaRepository, get_sla_repository

if TYPE_CHECKING:  # the request model comes in validated; reads never load pydantic
    from incident_core.sla.models import SlaPolicyUpdate


def policy_view(org_id: str, policy: Mapping[str, Any] | None) -> dict[str, Any]:
    """The policy as the API shows it; an org without one has no severities (version 0)."""
    stored = policy or {}
    return {
        "org_id": org_id,
        "severities": dict(stored.get("severities") or {}),
        "version": int(stored.get("version") or 0),
        "updated_at": stored.get("updated_at"),
        "updated_by": stored.get("updated_by"),
    }


def get_policy(*, principal: Principal, repository: SlaRepository | None = None) -> dict[str, Any]:
    """The org's policy, as stored now (not the cached copy the create path reads)."""
    repository = repository or get_sla_repository()
    return policy_view(principal.org_id, repository.get_policy(org_id=principal.org_id))


def put_policy(
    *, principal: Principal, policy: SlaPolicyUpdate, repository: SlaRepository | None = None
) -> dict[str, Any]:
    """Replace the org's policy; it applies to incidents created or changed from now on."""
    repository = repository or get_sla_repository()
    stored = repository.put_policy(
        org_id=principal.org_id, severities=policy.stored(), actor=principal.sub, now=now_iso()
    )
    return policy_view(principal.org_id, stored)
