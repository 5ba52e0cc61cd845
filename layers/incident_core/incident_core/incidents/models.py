"""Request models of the incident API (pydantic), over the vocabulary of `incident_core.incidents.vocabulary`.

Input is strict: unknown and read-only fields are refused, never silently dropped.
Severity, status and contact method are accepted in any letter case (status also by its
aliases and by 002's numbers 1-5) and stored lower case. Other APIs' names of our fields are
accepted too (`FIELD_ALIASES`: `type`, `state`, `assigned_user`, `assignedResponderId`,
`contactMethod`); a body that gives an alias and its field with different values is refused,
naming both. The aliases are told in each model's description rather than listed as
properties, so the published schema stays the canonical subset of what the API takes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema
from pydantic_core import InitErrorDetails, PydanticCustomError

from incident_core.core.settings import get_settings
from incident_core.incidents.derived_text import derived_description, derived_title, needs_derived_text
from incident_core.incidents.vocabulary import (
    FIELD_ALIASES,
    Classification,
    ContactMethod,
    Severity,
    Status,
    parse_contact_method,
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


def free_form_size(field: str) -> AfterValidator:
    """Free-form JSON (`raw_data`, an action result's `details`) of at most `MAX_RAW_DATA_BYTES` as JSON."""

    def check(value: dict[str, Any]) -> dict[str, Any]:
        limit = get_settings().max_raw_data_bytes
        if len(json.dumps(value, separators=(",", ":"), default=str).encode()) > limit:
            raise PydanticCustomError(
                f"{field}_size", "{field} must be at most {limit} bytes as JSON", {"field": field, "limit": limit}
            )
        return value

    return AfterValidator(check)


# The fields both the create and the update body take, each checked the same way in both.
SeverityWord = Annotated[Severity, BeforeValidator(parse_severity)]  # any letter case
SystemList = Annotated[list[ShortText], Field(max_length=50), AfterValidator(_unique)]
TagList = Annotated[list[Tag], Field(max_length=20), AfterValidator(_unique)]
RawData = Annotated[dict[str, Any], free_form_size("raw_data")]


ContactMethodWord = Annotated[ContactMethod, BeforeValidator(parse_contact_method)]  # any letter case
QueryText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NOT_BLANK]
ResolutionText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]

NOT_NULLABLE = ("title", "description", "severity", "contact_method", "status")  # optional in an update
CREATABLE_STATUSES = (Status.OPEN, Status.INVESTIGATING, Status.RESOLVED)
ENDING_STATUSES = (Status.RESOLVED, Status.CLOSED)
STATUS_CHANGE_ALIASES = {alias: field for alias, field in FIELD_ALIASES.items() if field in ("status", "assigned_to")}
ALIASES_TOLD = (
    "Other APIs' names are accepted: `type` (incident_type), `state` (status), `assigned_user` and"
    " `assignedResponderId` (assigned_to), `contactMethod` (contact_method); an alias and its field"
    " with different values are refused (400, naming both)."
)


class StrictInput(BaseModel):
    """Base of request bodies: unknown fields are errors, strings are trimmed."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, defer_build=True, json_schema_extra=visible_text_schema
    )


class AliasedInput(StrictInput):
    """A body that also takes other APIs' names of its fields (`ALIASES`: alias -> field)."""

    ALIASES: ClassVar[Mapping[str, str]] = {}

    @model_validator(mode="wrap")
    @classmethod
    def _canonical_names(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return handler(cls._prepared(canonical_fields(data, cls.ALIASES, cls.__name__)))

    @classmethod
    def _prepared(cls, data: Any) -> Any:
        """The body, its fields under their own names, before the fields are validated."""
        return data


def canonical_fields(data: Any, aliases: Mapping[str, str], model: str) -> Any:
    """`data` with every alias renamed to its field; an alias whose field (or another alias of it)
    holds a different value is a validation error at the alias, naming both."""
    if not isinstance(data, dict) or not aliases.keys() & data.keys():
        return data
    folded = dict(data)
    named_by = {field: field for field in aliases.values() if field in folded}
    conflicts: list[InitErrorDetails] = []
    for alias, field in aliases.items():
        if alias not in folded:
            continue
        value = folded.pop(alias)
        if field not in named_by:
            folded[field], named_by[field] = value, alias
        elif folded[field] != value:
            message = "{alias} and {other} differ: send one of them"
            error = PydanticCustomError("alias_conflict", message, {"alias": alias, "other": named_by[field]})
            conflicts.append(InitErrorDetails(type=error, loc=(alias,), input=value))
    if conflicts:
        raise ValidationError.from_exception_data(model, conflicts)
    return folded


def status_meaning(data: Any) -> Any:
    """`status` as its canonical word (an alias or a number may also imply a classification, used
    unless the body names one); `classification` in lower case. A status that is no word of ours
    is left for the field's validation, which names the choices."""
    if not isinstance(data, dict):
        return data
    meant = dict(data)
    if isinstance(meant.get("classification"), str):
        meant["classification"] = meant["classification"].strip().lower()
    if meant.get("status") is None:
        return meant
    try:
        status, implied = parse_status(meant["status"])
    except ValueError:
        return meant
    meant["status"] = status
    if implied is not None and meant.get("classification") is None:
        meant["classification"] = implied
    return meant


def classification_needs_an_ending_status(schema: dict[str, Any]) -> None:
    """The schema's rule: a classification only beside a resolving or closing status."""
    visible_text_schema(schema)
    schema["if"] = {"properties": {"status": {"enum": [s.value for s in ENDING_STATUSES]}}, "required": ["status"]}
    schema["else"] = {"properties": {"classification": {"type": "null"}}}


class IncidentCreate(AliasedInput):
    __doc__ = (
        "A new incident. Created `investigating` with no assignee, it is assigned to the caller. An"
        " integration may leave out both title and description when it sends `incident_type` or"
        " `raw_data`: they are derived from them (`Phishing from email_gateway: Important Document`). " + ALIASES_TOLD
    )

    ALIASES = FIELD_ALIASES

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
    source_query: QueryText | None = None
    location: ShortText | None = None
    contact_method: ContactMethodWord = ContactMethod.EMAIL

    @classmethod
    def _prepared(cls, data: Any) -> Any:
        if isinstance(data, dict) and needs_derived_text(data):
            return {**data, "title": derived_title(data), "description": derived_description(data)}
        return data

    @field_validator("status", mode="before")
    @classmethod
    def _creatable_status(cls, value: Any) -> Status:
        status, _ = parse_status(value)
        if status not in CREATABLE_STATUSES:
            raise PydanticCustomError("status", "status must be one of: open, investigating, resolved")
        return status


class IncidentUpdate(AliasedInput):
    __doc__ = (
        "Editable fields; only those named change. `status` (a word, an alias or a number 1-5) moves the"
        " incident by the lifecycle rules of `PUT /incidents/{id}/status`, in the same write as the other"
        " fields, with `resolution` and `classification` (the latter only beside `resolved` or `closed`);"
        " `resolution` alone is editable too. Title, description, severity, contact method and status"
        " may be left out, never cleared: `null` is documented only for the fields it clears. A caller"
        " without incidents:write (a reporter) may change only the title of an incident it created. " + ALIASES_TOLD
    )

    model_config = ConfigDict(json_schema_extra=classification_needs_an_ending_status)
    ALIASES = FIELD_ALIASES

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
    source_query: QueryText | None = None
    location: ShortText | None = None
    contact_method: ContactMethodWord | SkipJsonSchema[None] = None
    status: Status | SkipJsonSchema[None] = None
    classification: Classification | None = None
    resolution: ResolutionText | None = None

    @classmethod
    def _prepared(cls, data: Any) -> Any:
        return status_meaning(data)

    @field_validator(*NOT_NULLABLE, mode="wrap")
    @classmethod
    def _not_null(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """Left out, never cleared; and one error per field (the hidden `null` branch says nothing)."""
        if value is None:
            raise PydanticCustomError("not_null", "{field} can not be null", {"field": info.field_name})
        try:
            return handler(value)
        except ValidationError as error:
            first = error.errors()[0]
            message = str(first["msg"]).removeprefix("Value error, ")
            raise PydanticCustomError(first["type"], message, first.get("ctx")) from None

    def changed_fields(self) -> dict[str, Any]:
        """The fields the request names, `null` included (it clears an optional field)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class StatusChange(AliasedInput):
    """A move through the lifecycle. `status` takes our words, aliases (`new`, `in_progress`, ...) and
    the numbers 1-5 (3 resolves as true positive, 4 closes as false positive, 5 resolves as
    disrupted); `state` is another name of it, `assigned_user` and `assignedResponderId` of
    `assigned_to`. Moving to investigating with no assignee assigns the caller; an active incident
    may be closed at once with classification false_positive or benign."""

    # A classification only with a resolving or closing status.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"enum": [status.value for status in ENDING_STATUSES]}}},
            "else": {"properties": {"classification": {"type": "null"}}},
        }
    )
    ALIASES = STATUS_CHANGE_ALIASES

    status: Status
    classification: Classification | None = None
    resolution: ResolutionText | None = None
    assigned_to: ShortText | None = None
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None

    @classmethod
    def _prepared(cls, data: Any) -> Any:
        return status_meaning(data)
