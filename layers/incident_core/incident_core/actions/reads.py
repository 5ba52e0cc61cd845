"""Reading actions: one, or every action of an incident, as the API shows them.

Apart from the service (`actions/service.py`), whose catalog of parameter models loads pydantic:
the read routes import only this module, so their cold starts load no pydantic.
"""

from __future__ import annotations

from typing import Any

from incident_core.actions.repository import ActionRepository, get_action_repository
from incident_core.actions.views import action_view
from incident_core.core.auth import Principal
from incident_core.core.errors import NotFound
from incident_core.incidents.repository import IncidentRepository, get_repository
from incident_core.incidents.service import visible_incident


def stores(
    repository: ActionRepository | None, incidents: IncidentRepository | None
) -> tuple[ActionRepository, IncidentRepository]:
    """The repositories a call was given, else the process's own."""
    return repository or get_action_repository(), incidents or get_repository()


def stored_action(
    principal: Principal, incident_id: str, action_id: str, repository: ActionRepository, incidents: IncidentRepository
) -> dict[str, Any]:
    visible_incident(principal, incident_id, incidents)
    action = repository.get(org_id=principal.org_id, incident_id=incident_id, action_id=action_id)
    if action is None:
        raise NotFound(f"Action {action_id} not found")
    return action


def get_action(
    *,
    principal: Principal,
    incident_id: str,
    action_id: str,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> dict[str, Any]:
    return action_view(stored_action(principal, incident_id, action_id, *stores(repository, incidents)))


def list_actions(
    *,
    principal: Principal,
    incident_id: str,
    repository: ActionRepository | None = None,
    incidents: IncidentRepository | None = None,
) -> list[dict[str, Any]]:
    repository, incidents = stores(repository, incidents)
    visible_incident(principal, incident_id, incidents)
    found = repository.list(org_id=principal.org_id, incident_id=incident_id)
    return [action_view(item) for item in found]
