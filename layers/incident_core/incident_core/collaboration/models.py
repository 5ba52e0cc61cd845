"""Request models of collaboration: comments and the assignee change."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from incident_core.incidents.models import NOT_BLANK, IncidentUpdate, ShortText, StrictInput

CommentBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000), NOT_BLANK]


class CommentCreate(StrictInput):
    body: CommentBody
    internal: bool = False


class CommentUpdate(StrictInput):
    body: CommentBody


class AssigneeChange(StrictInput):
    # At least one field (the validator below); the published schema says so too.
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None

    @model_validator(mode="after")
    def _names_something(self) -> AssigneeChange:
        if not self.model_fields_set:
            raise PydanticCustomError("assignee_empty", "name assigned_to, assigned_team or both (null unassigns)")
        return self

    def as_incident_update(self) -> IncidentUpdate:
        """The incident update that makes this change (only the fields the request named)."""
        return IncidentUpdate.model_validate(self.model_dump(include=self.model_fields_set))
