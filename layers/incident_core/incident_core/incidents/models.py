"""Request models of the incident API (pydantic), over the vocabulary of `incident_core.incidents.vocabulary`.

Input is strict: unknown and read-only fields are refused, never silently dropped.
Severity and status are accepted in any letter case (and status by its aliases) and
stored lower case.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema
from pydantic_core import PydanticCustomError

from incident_core.core.settings import get_settings
from incident_core.incidents.vocabulary import (
    STATUS_ENDPOINT,
    Classification,
    Severity,
    Status,
    parse_severity,
    parse_status,
)

# For the JSON schema only: input text is trimmed first (Python's notion of whitespace, which
# also counts U+001C-U+001F and U+0085, unlike a JSON schema's `\s`), so a string with no visible
# character (or a description of fewer than 10 characters between its first and last visible
# one) is refused. `visible_text_schema` puts the rule on every trimmed string of a request body.
VISIBLE = r"[^\s\x1c-\x1f\x85]"
NOT_BLANK = Field(json_schema_extra={"pattern": VISIBLE})
TEN_CHARACTERS_TRIMMED = Field(json_schema_extra={"pattern": f"{VISIBLE}[\\s\\S]{{8,}}{VISIBLE}"})


def visible_text_schema(schema: dict[str, Any]) -> None:
    """Every trimmed string that must not be empty must hold a visible character (schema only)."""
    for node in _string_schemas(schema.get("properties", {})):
        if node.get("minLength", 0) >= 1 and "pattern" not in node:
            node["pattern"] = VISIBLE


def _string_schemas(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [found for item in node for found in _string_schemas(item)]
    if not isinstance(node, dict):
        return []
    found = [node] if node.get("type") == "string" else []
    children = [value for key, value in node.items() if key in ("anyOf", "oneOf", "allOf", "items")]
    if "type" not in node and "$ref" not in node and "anyOf" not in node:
        children += list(node.values())  # the `properties` mapping itself
    return found + _string_schemas(children)


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255), NOT_BLANK]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000), TEN_CHARACTERS_TRIMMED
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255), NOT_BLANK]
Keyword = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64), NOT_BLANK
]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), NOT_BLANK]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _check_raw_data(value: dict[str, Any]) -> dict[str, Any]:
    limit = get_settings().max_raw_data_bytes
    if len(json.dumps(value, separators=(",", ":"), default=str).encode()) > limit:
        raise PydanticCustomError("raw_data_size", "raw_data must be at most {limit} bytes as JSON", {"limit": limit})
    return value


# The fields both the create and the update body take, each checked the same way in both.
SeverityWord = Annotated[Severity, BeforeValidator(parse_severity)]  # any letter case
SystemList = Annotated[list[ShortText], Field(max_length=50), AfterValidator(_unique)]
TagList = Annotated[list[Tag], Field(max_length=20), AfterValidator(_unique)]
RawData = Annotated[dict[str, Any], AfterValidator(_check_raw_data)]


CREATABLE_STATUSES = (Status.OPEN, Status.INVESTIGATING, Status.RESOLVED)


class StrictInput(BaseModel):
    """Base of request bodies: unknown fields are errors, strings are trimmed."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, defer_build=True, json_schema_extra=visible_text_schema
    )


class IncidentCreate(StrictInput):
    # An investigating incident is created with its assignee.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"const": Status.INVESTIGATING.value}}, "required": ["status"]},
            "then": {"properties": {"assigned_to": {"type": "string"}}, "required": ["assigned_to"]},
        }
    )

    title: Title
    description: Description
    severity: SeverityWord
    status: Annotated[Status, WithJsonSchema({"enum": [status.value for status in CREATABLE_STATUSES]})] = Status.OPEN
    incident_type: Keyword | None = None
    source: Keyword | None = None
    dedup_key: ShortText | None = None
    affected_systems: SystemList = Field(default_factory=list)
    tags: TagList = Field(default_factory=list)
    raw_data: RawData | None = None
    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _creatable_status(cls, value: Any) -> Status:
        status, _ = parse_status(value)
        if status not in CREATABLE_STATUSES:
            raise PydanticCustomError("status", "status must be one of: open, investigating, resolved")
        return status

    @model_validator(mode="after")
    def _investigating_needs_assignee(self) -> IncidentCreate:
        if self.status is Status.INVESTIGATING and not self.assigned_to:
            raise PydanticCustomError("assignee_required", "assigned_to is required when status is investigating")
        return self


class IncidentUpdate(StrictInput):
    """Editable fields; status changes go through `PUT /incidents/{id}/status`.

    Title, description and severity may be left out, never cleared: `null` is documented only
    for the fields it clears."""

    title: Title | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    severity: SeverityWord | SkipJsonSchema[None] = None
    incident_type: Keyword | None = None
    source: Keyword | None = None
    affected_systems: SystemList | None = None
    tags: TagList | None = None
    raw_data: RawData | None = None
    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None
    status: SkipJsonSchema[None] = None  # named only to refuse it with a pointer to the status endpoint

    @field_validator("status", mode="before")
    @classmethod
    def _status_has_its_own_endpoint(cls, value: Any) -> None:
        raise PydanticCustomError("status_endpoint", "status is changed with {endpoint}", {"endpoint": STATUS_ENDPOINT})

    def changed_fields(self) -> dict[str, Any]:
        """The fields the request names, `null` included (it clears an optional field)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class StatusChange(StrictInput):
    # A classification only with a resolving or closing status.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"enum": [Status.RESOLVED.value, Status.CLOSED.value]}}},
            "else": {"properties": {"classification": {"type": "null"}}},
        }
    )

    status: Status
    classification: Classification | None = None
    resolution: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None
    assigned_to: ShortText | None = None
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _resolve_alias(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "status" not in data:
            return data
        status, implied = parse_status(data["status"])
        resolved = dict(data, status=status)
        if implied is not None and resolved.get("classification") is None:
            resolved["classification"] = implied
        if isinstance(resolved.get("classification"), str):
            resolved["classification"] = resolved["classification"].strip().lower()
        return resolved
