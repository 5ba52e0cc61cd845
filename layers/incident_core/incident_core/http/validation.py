"""Validation errors in plain words: pydantic's errors as our `{field, message}` details."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from incident_core.core.errors import ValidationFailed
from incident_core.incidents.vocabulary import READ_ONLY_FIELDS


def body_error(kind: str) -> ValidationFailed:
    detail = validation_detail({"type": kind, "loc": ("body",)})
    return ValidationFailed(detail["message"], details=[detail])


FIELD_MESSAGES = {
    "missing": "{field} is required",
    "string_too_long": "{field} must be at most {max_length} characters",
    "too_long": "{field} must have at most {max_length} items",
    "string_type": "{field} must be a string",
    "list_type": "{field} must be a list",
    "dict_type": "{field} must be an object",
    "model_attributes_type": "{field} must be an object",
    "int_parsing": "{field} must be an integer",
    "bool_parsing": "{field} must be true or false",
}
BODY_MESSAGES = {
    "json_invalid": "Request body is not valid JSON",
    "unsupported_content_type": "Content-Type must be application/json",
    "missing": "Request body is required",
    "model_attributes_type": "Request body must be a JSON object",
    "dict_type": "Request body must be a JSON object",
    "model_type": "Request body must be a JSON object",
}


def validation_detail(error: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic/Powertools validation error as `{field, message}` in plain words."""
    location = [part for part in error.get("loc", ()) if part not in ("body", "query", "path", "header")]
    field = _field_name(location)
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "json_invalid" or not field:
        return {"field": "body", "message": BODY_MESSAGES.get(kind) or _plain_message(error)}
    if kind == "extra_forbidden":
        if str(location[0]) in READ_ONLY_FIELDS:
            return {"field": field, "message": f"{field} is read-only and can not be set"}
        return {"field": field, "message": f"{field} is not an allowed field"}
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        if minimum == 1:
            return {"field": field, "message": f"{field} must not be empty"}
        return {"field": field, "message": f"{field} must be at least {minimum} characters"}
    if kind == "enum":
        expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return {"field": field, "message": f"{field} must be one of: {expected}"}
    if kind in FIELD_MESSAGES:
        return {"field": field, "message": FIELD_MESSAGES[kind].format(field=field, **context)}
    return {"field": field, "message": _plain_message(error)}


def _field_name(location: Sequence[Any]) -> str:
    name = ""
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name = f"{name}.{part}" if name else str(part)
    return name


def _plain_message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is invalid"))
    return message.removeprefix("Value error, ")
