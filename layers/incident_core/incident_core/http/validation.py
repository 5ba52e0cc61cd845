"""Validation in plain words: pydantic's errors as our `{field, message}` details, and the bounds
of path and query parameters.

A message names fields and values, never our classes (`... instance of EventPayload`): every
error type whose pydantic text names a type has our own words here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from incident_core.core.errors import NotFound, ValidationFailed
from incident_core.incidents.vocabulary import READ_ONLY_FIELDS

# Every id of the API (UUIDs, incident numbers, `cmt_...`, `act_...`, `att_...`, `trg_...`,
# `msg_...`) and asset name is of this alphabet and far shorter; no key builder sees another.
PATH_PARAMETER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# What a path parameter names, by the path segment before it (`/incidents/{id}/comments/{comment_id}`).
RESOURCE_NOUNS = {
    "incidents": "Incident",
    "comments": "Comment",
    "actions": "Action",
    "attachments": "Attachment",
    "triage": "Triage run",
    "webhooks": "Webhook",
    "deliveries": "Delivery",
    "clients": "Client",
    "keys": "Integration key",
    "assets": "Asset",
}
MAX_QUERY_VALUE = 1024  # characters of one value; a search text, a tag, a date are far shorter
MAX_CURSOR = 8192  # a cursor of `GET /me/incidents` holds a resume key per org of the token
MAX_QUERY_NAME = 64
MAX_QUERY_VALUES = 100  # values of all parameters together (a repeated parameter counts each time)
MAX_DETAILS = 50  # details of one 400


# Path parameters that are values a caller chose, not ids (`GET /observables/{value}/incidents`: an
# e-mail address, a URL, an IPv6 address): any printable text up to this many characters reaches the
# route, which says what it takes (a 400); longer, or with control characters, is a 400 here.
VALUE_PATH_PARAMETERS = {"value": 2048}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_path_parameters(resource: str, parameters: Mapping[str, str]) -> None:
    """404, as for a missing resource, when a path parameter is not an id this API could have made
    (400 when a value parameter is too long or holds control characters)."""
    segments = resource.split("/")
    for name, value in parameters.items():
        if name in VALUE_PATH_PARAMETERS:
            most = VALUE_PATH_PARAMETERS[name]
            if len(value) > most or CONTROL_CHARACTERS.search(value):
                raise ValidationFailed.for_field(name, f"{name} must be printable text of at most {most} characters")
            continue
        if not PATH_PARAMETER.fullmatch(value):
            placeholder = "{" + name + "}"
            before = segments[segments.index(placeholder) - 1] if placeholder in segments else ""
            raise NotFound(f"{RESOURCE_NOUNS.get(before, 'Resource')} not found")


def query_value_limit(name: str) -> int:
    """The most characters one value of a query parameter may have (the OpenAPI document says it too)."""
    return MAX_CURSOR if name == "cursor" else MAX_QUERY_VALUE


def check_query(params: Mapping[str, Sequence[str]]) -> None:
    """400 naming the parameter when the query string is over its bounds (before any list reads it)."""
    if sum(len(values) for values in params.values()) > MAX_QUERY_VALUES:
        raise ValidationFailed.for_field("query", f"A query string has at most {MAX_QUERY_VALUES} values")
    for name, values in params.items():
        if len(name) > MAX_QUERY_NAME:
            raise ValidationFailed.for_field("query", f"Query parameter names are at most {MAX_QUERY_NAME} characters")
        limit = query_value_limit(name)
        if any(len(value) > limit for value in values):
            raise ValidationFailed.for_field(name, f"{name} must be at most {limit} characters")


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
    "model_type": "{field} must be an object",
    "model_attributes_type": "{field} must be an object",
    "dataclass_type": "{field} must be an object",
    "is_instance_of": "{field} is not of the expected type",
    "int_type": "{field} must be an integer",
    "int_parsing": "{field} must be an integer",
    "int_from_float": "{field} must be an integer",
    "bool_type": "{field} must be true or false",
    "bool_parsing": "{field} must be true or false",
    "float_type": "{field} must be a number",
    "float_parsing": "{field} must be a number",
    "greater_than": "{field} must be greater than {gt}",
    "greater_than_equal": "{field} must be at least {ge}",
    "less_than": "{field} must be less than {lt}",
    "less_than_equal": "{field} must be at most {le}",
    "string_pattern_mismatch": "{field} is not in the expected format",
}
# How pydantic names the members of a union in an error's location (`name.constrained-str`,
# `events.list[constrained-str]`, `filters.WebhookFilters`): not fields, so never shown.
UNION_MEMBER = re.compile(r"none|str|int|float|bool|constrained-\w+|[\w-]+\[.*\]|[A-Z][A-Za-z0-9]*")
BODY_MESSAGES = {
    "json_invalid": "Request body is not valid JSON",
    "unsupported_content_type": "Content-Type must be application/json",
    "missing": "Request body is required",
    "model_attributes_type": "Request body must be a JSON object",
    "dict_type": "Request body must be a JSON object",
    "model_type": "Request body must be a JSON object",
}


def validation_details(errors: Iterable[Mapping[str, Any]], *, within: str = "body") -> list[dict[str, str]]:
    """pydantic's errors of one value (`within` the body) as details, each once.

    A union's members are left out of the field names, and the "Input should be None" of a
    nullable union's null member is dropped where the other member said what is wrong. At most
    `MAX_DETAILS`: an answer stays small whatever the body."""
    cleaned = []
    for error in errors:
        location = [part for part in error.get("loc", ()) if not _is_union_member(part)]
        cleaned.append({**error, "loc": (within, *location)})
    explained = {
        error["loc"][:depth]
        for error in cleaned
        if error.get("type") != "none_required"
        for depth in range(1, len(error["loc"]) + 1)
    }  # every location another error is at or under
    details = [
        validation_detail(error)
        for error in cleaned
        if error.get("type") != "none_required" or error["loc"] not in explained
    ]
    return list({(detail["field"], detail["message"]): detail for detail in details}.values())[:MAX_DETAILS]


def _is_union_member(part: Any) -> bool:
    return isinstance(part, str) and UNION_MEMBER.fullmatch(part) is not None


def validation_detail(error: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic/Powertools validation error as `{field, message}` in plain words."""
    location = list(error.get("loc", ()))
    if location and location[0] in ("body", "query", "path", "header"):
        location = location[1:]  # where it is; a field may itself be named `body`
    field = _field_name(location)
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "json_invalid" or not field:
        return {"field": "body", "message": BODY_MESSAGES.get(kind) or _plain_message(error)}
    if kind == "extra_forbidden":
        if str(location[0]) in READ_ONLY_FIELDS:
            return {"field": field, "message": f"{field} is read-only and can not be set"}
        return {"field": field, "message": f"{field} is not an allowed field"}
    if kind in ("string_too_short", "too_short"):
        minimum = context.get("min_length", 1)
        if minimum == 1:
            return {"field": field, "message": f"{field} must not be empty"}
        unit = "characters" if kind == "string_too_short" else "items"
        return {"field": field, "message": f"{field} must be at least {minimum} {unit}"}
    if kind in ("enum", "literal_error"):
        expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return {"field": field, "message": f"{field} must be one of: {expected}"}
    if kind in FIELD_MESSAGES:
        words = {name: str(value).replace("'", "") for name, value in context.items()}
        return {"field": field, "message": FIELD_MESSAGES[kind].format(field=field, **words)}
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
