"""Request models of response actions: the request, its rejection and result bodies, and the
parameters of every action of the catalog (`actions/catalog.py` names which model is whose)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from incident_core.incidents.models import NOT_BLANK, ShortText, StrictInput, Tag, free_form_size
from incident_core.incidents.vocabulary import Classification, Severity

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NOT_BLANK]
# No email-validator dependency in the layer: a plain shape check is enough for a sender to block.
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
# The error types of the parameter rules of `ActionParameters` (`actions.catalog` names their fields).
ALIAS_CONFLICT = "alias_conflict"
MISSING_ONE_OF = "missing_one_of"


# --- the request bodies ---------------------------------------------------------------------


class ActionRequest(StrictInput):
    """An action of the catalog, its parameters and why (`reason`, here or among the parameters).

    Validated in two steps, so that errors name the action's own fields: the service looks
    `action` up in the catalog (`actions/catalog.py`) and checks `parameters` with that
    action's model (`parameters.<field>` in the errors). The published schema says the same
    at once: one shape per action of the catalog (see `__get_pydantic_json_schema__`).
    """

    action: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)]
    parameters: dict[str, Any] = Field(default_factory=dict)
    reason: Text | None = None

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """One object per action of the catalog: `action` its name, `parameters` as that action's
        model takes them (required when the model needs one), `reason` as here."""
        # The catalog imports this module; it is needed only when the OpenAPI document is written.
        from incident_core.actions.catalog import CATALOG

        reason = handler.resolve_ref_schema(handler(core_schema))["properties"]["reason"]
        shapes = []
        for name, spec in CATALOG.items():
            fields = spec.parameters.model_fields.values()
            needs_parameters = any(field.is_required() for field in fields) or bool(spec.parameters.ONE_OF_REQUIRED)
            shapes.append(
                {
                    "title": "".join(word.title() for word in name.split("_")) + "Action",
                    "description": f"{spec.description}. Approval: {spec.approval} (one level up on a critical"
                    " incident).",
                    "type": "object",
                    "properties": {
                        "action": {"const": name},
                        "parameters": handler(spec.parameters.__pydantic_core_schema__),
                        "reason": reason,
                    },
                    "required": ["action", "parameters"] if needs_parameters else ["action"],
                    # `reason` at the top or among the parameters: never both (the service takes both
                    # when they are equal; the schema is the stricter).
                    "not": {
                        "required": ["reason", "parameters"],
                        "properties": {"parameters": {"required": ["reason"]}},
                    },
                    "additionalProperties": False,
                }
            )
        return {
            "title": cls.__name__,
            "description": "One of the catalog's actions, with its parameters.",
            "type": "object",
            "oneOf": shapes,
        }


class Rejection(StrictInput):
    reason: Text


class ActionResult(StrictInput):
    success: bool
    message: Text | None = None
    # Stored on the action item: bounded like `raw_data`, far below DynamoDB's 400 KB item.
    details: Annotated[dict[str, Any], free_form_size("details")] | None = None


# --- the parameters of each action ----------------------------------------------------------


def _parameter_rules_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The schema says the rules of `ActionParameters`: one of `ONE_OF_REQUIRED` (or an alias) as
    `anyOf`, and an alias never beside its canonical name (stricter than the service, which takes
    both when they are equal)."""
    names: tuple[str, ...] = getattr(model, "ONE_OF_REQUIRED", ())
    aliases: dict[str, str] = getattr(model, "ALIASES", {})
    if names:
        accepted = [*names, *(alias for alias, canonical in aliases.items() if canonical in names)]
        schema["anyOf"] = [{"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in accepted]
    if aliases:
        schema["allOf"] = [{"not": {"required": [alias, canonical]}} for alias, canonical in aliases.items()]


class ActionParameters(BaseModel):
    """The parameters of one action: nothing else allowed, text trimmed.

    Every action takes a `reason` among its parameters (the action's own `reason` when the
    request gives none at the top). `ALIASES` names other spellings of a parameter (alias ->
    canonical): accepted, and stored under the canonical name; giving both with different
    values is an error naming both. `ONE_OF_REQUIRED` names parameters of which at least one
    is needed (an alias counts for its canonical name)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_parameter_rules_schema)

    ALIASES: ClassVar[dict[str, str]] = {}
    ONE_OF_REQUIRED: ClassVar[tuple[str, ...]] = ()

    reason: Text | None = Field(default=None, description="Why: the action's `reason` when the request has none")

    @model_validator(mode="after")
    def _canonical_names(self) -> Self:
        for alias, canonical in self.ALIASES.items():
            given = getattr(self, alias)
            if given is None:
                continue
            current = getattr(self, canonical)
            if current is not None and current != given:
                raise PydanticCustomError(
                    ALIAS_CONFLICT,
                    "{alias} and {canonical} differ: give one of them",
                    {"alias": alias, "canonical": canonical},
                )
            setattr(self, canonical, given)
            setattr(self, alias, None)
        if self.ONE_OF_REQUIRED and all(getattr(self, name) is None for name in self.ONE_OF_REQUIRED):
            raise PydanticCustomError(
                MISSING_ONE_OF, "{names} is required", {"names": " or ".join(self.accepted(self.ONE_OF_REQUIRED))}
            )
        return self

    @classmethod
    def accepted(cls, names: tuple[str, ...]) -> list[str]:
        """`names` and their aliases."""
        return [*names, *(alias for alias, canonical in cls.ALIASES.items() if canonical in names)]


class AssignParams(ActionParameters):
    ALIASES = {"team": "assigned_team"}
    ONE_OF_REQUIRED = ("assigned_to", "assigned_team")

    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None
    team: ShortText | None = Field(default=None, description="Another name of `assigned_team`")


class EscalateParams(ActionParameters):
    severity: Severity

    @field_validator("severity", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class AddTagsParams(ActionParameters):
    tags: Annotated[list[Tag], Field(min_length=1, max_length=20)]


class ResolveParams(ActionParameters):
    classification: Classification | None = None
    resolution: Text | None = None


class NotifyParams(ActionParameters):
    message: Text | None = Field(default=None, description="What to say (else the action's reason)")
    audience: ShortText | None = Field(default=None, description="Who should hear it, e.g. `on_call`, `privacy`")
    channel: ShortText | None = None


class QuarantineEmailParams(ActionParameters):
    message_id: ShortText | None = None
    sender: Email | None = None
    subject: ShortText | None = None
    recipient: Email | None = None


class SenderParams(ActionParameters):
    sender: Email


class BlockIpParams(ActionParameters):
    # The schema says its spelling; whether an address is public, only the validator says.
    ip: str = Field(
        description="A public IPv4 or IPv6 address (a private one is refused)",
        json_schema_extra={"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]},
    )
    duration_hours: Annotated[int, Field(ge=1, le=8760)] | None = None

    @field_validator("ip")
    @classmethod
    def _public_ip(cls, value: str) -> str:
        try:
            address = ipaddress.ip_address(value.strip())
        except ValueError:
            raise ValueError("ip must be a valid IPv4 or IPv6 address") from None
        if not address.is_global:
            raise ValueError("ip must be a public address (blocking a private one would cut off your own network)")
        return str(address)


class UserParams(ActionParameters):
    user: ShortText


class HostParams(ActionParameters):
    host: ShortText


class ServiceParams(ActionParameters):
    ALIASES = {"service": "service_name"}
    ONE_OF_REQUIRED = ("service_name",)

    service_name: ShortText | None = Field(default=None, description="The service to restart (required)")
    service: ShortText | None = Field(default=None, description="Another name of `service_name`")
    environment: ShortText | None = None
    wait_for_health_check: bool | None = Field(default=None, description="Report back only once it is healthy")
