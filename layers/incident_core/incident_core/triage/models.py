"""Request model of triage: the body of `POST /incidents/{id}/triage` (reads never import this)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import StringConstraints

from incident_core.incidents.models import StrictInput

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema


class PlaybookChoices:
    """Documents a playbook name as one of the engine's playbooks.

    Only the published schema says so: the service checks the name once the incident is known
    to be visible, and the engine that knows the names is loaded only to write the document.
    """

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        from incident_core.triage.engine import playbook_names

        return {**handler(core_schema), "enum": playbook_names()}


PlaybookName = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64), PlaybookChoices
]


class TriageRequest(StrictInput):
    # Whether the playbook exists is checked by the service, once the incident is known to be visible.
    playbook: PlaybookName | None = None
    force: bool = False
