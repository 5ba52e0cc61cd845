"""Request models of response actions: the request, its rejection and result bodies, and the
parameters of every action of the catalog (`actions/catalog.py` names which model is whose)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from incident_core.incidents.models import NOT_BLANK, ShortText, StrictInput, Tag
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


# --- the request bodies ---------------------------------------------------------------------


class ActionRequest(StrictInput):
    """An action of the catalog, its parameters and why.

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
        model takes them (required when the model has a required field), `reason` as here."""
        # The catalog imports this module; it is needed only when the OpenAPI document is written.
        from incident_core.actions.catalog import CATALOG

        reason = handler.resolve_ref_schema(handler(core_schema))["properties"]["reason"]
        shapes = []
        for name, spec in CATALOG.items():
            needs_parameters = any(field.is_required() for field in spec.parameters.model_fields.values())
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
    details: dict[str, Any] | None = None


# --- the parameters of each action ----------------------------------------------------------


class ActionParameters(BaseModel):
    """The parameters of one action: nothing else allowed, text trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AssignParams(ActionParameters):
    assigned_to: ShortText
    assigned_team: ShortText | None = None


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
    message: Text
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
    service: ShortText
