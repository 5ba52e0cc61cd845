"""Request model of triage: the body of `POST /incidents/{id}/triage` (reads never import this)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from incident_core.incidents.models import StrictInput

PlaybookName = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)]


class TriageRequest(StrictInput):
    # Whether the playbook exists is checked by the service, once the incident is known to be visible.
    playbook: PlaybookName | None = None
    force: bool = False
