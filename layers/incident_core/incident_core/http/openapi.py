"""The bridge to Powertools' OpenAPI generator: our route declarations on its resolver.

The resolver is never on the request path (importing Powertools' event handler costs about
50 ms of every cold start); `scripts/openapi.py` registers every function's routes on one
resolver and writes the OpenAPI 3.1 document from it.

What each operation documents comes from its declaration: the path parameters and body model
of the endpoint's signature, the response model of its return annotation (`Response[Incident]`,
`Response[list[Incident]]` for a list; the model imported by the handler only for type
checking, resolved here among the layer's `*/responses.py` models), wrapped in our success
envelope, and the route's `RouteDoc` (success status, query parameters, headers, error statuses).
The success answer carries one example of the whole body (`success_example`), built from the
response models' own examples (`json_schema_extra={"examples": [...]}`).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import types
import typing
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict

import incident_core
from incident_core.core.paging import QueryParameter
from incident_core.http.responses import JSON, Response
from incident_core.http.router import Endpoint, IncidentApi, Route, parameter_hints
from incident_core.http.validation import query_value_limit

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver

# The error envelope, a component of the OpenAPI document (`scripts/openapi.py` adds it).
ERROR_SCHEMA_NAME = "ErrorEnvelope"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["success", "error", "request_id"],
    "properties": {
        "success": {"const": False},
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {}},
        },
        "request_id": {"type": "string"},
    },
}
ERROR_CODES = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED or TOKEN_EXPIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    412: "PRECONDITION_FAILED",
    413: "PAYLOAD_TOO_LARGE",
    422: "IDEMPOTENCY_KEY_REUSED",
    429: "RATE_LIMITED (over the caller's limit for this class of request; `Retry-After` says when to retry)",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE (AWS busy through its retries; `Retry-After` says when to retry)",
}
EVERY_ROUTE_ERRORS = (400, 404, 413, 500, 503)
AUTHENTICATED_ROUTE_ERRORS = (401, 403, 429)
# On every answer to an authorized caller (`http/rate_limits.py`).
RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": "Requests of this class the caller may make in the current minute",
    "X-RateLimit-Remaining": "Of those, the ones left",
    "X-RateLimit-Reset": "When the window ends and the count starts again (Unix epoch seconds)",
}
RETRY_AFTER = {"Retry-After": "Seconds to wait before retrying"}
BEARER_CHALLENGE = 'RFC 6750: `Bearer realm="incident-api"`, with `error="invalid_token"` when a token was refused'
SUCCESS_WORDS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No content"}
QUERY_TYPES: dict[str, Any] = {"string": str, "integer": int, "boolean": bool, "timestamp": datetime | date}
# The `meta` of a list's example: a first page with more to come.
LIST_META_EXAMPLE: dict[str, Any] = {
    "limit": 20,
    "has_more": True,
    "next_cursor": "eyJmIjoiOWMxZDJlM2Y0YTViNmM3ZCIsImkiOiIiLCJrIjp7InBrIjoiT1JHI2FjbWUiLCJzayI6IklOQyMyMDI2LTAz"
    "LTE0VDA5OjE1OjAyLjEyM1ojM2Y2YzFlMmEifX0.0rM1OROGB6gFv-3QA0vcOLa-",
}


class ListMeta(BaseModel):
    """Paging of a list: `next_cursor` continues it while `has_more`; `total` where a counter knows it."""

    model_config = ConfigDict(extra="allow")

    limit: int
    has_more: bool
    next_cursor: str | None = None
    total: int | None = None


class Envelope[DataT](BaseModel):
    """The success envelope.

    A response model that subclasses it (`class EventAccepted(Envelope[EventReceipt])`) is the
    whole body, for an answer with fields beside `data` (`ok(..., top_level=...)`, its own `meta`)."""

    success: Literal[True]
    data: DataT


class ListEnvelope[ItemT](BaseModel):
    """The success envelope of a list."""

    success: Literal[True]
    data: list[ItemT]
    meta: ListMeta


def register_openapi(api: IncidentApi, resolver: APIGatewayRestResolver, *, tags: Sequence[str] = ()) -> None:
    """Declare the routes of `api` on a Powertools resolver, whose OpenAPI document then covers them."""
    for route in api.routes:
        module_doc = inspect.getdoc(sys.modules.get(route.endpoint.__module__)) or ""
        summary = (inspect.getdoc(route.endpoint) or module_doc).split("\n")[0] or None
        errors = {*EVERY_ROUTE_ERRORS, *route.doc.errors}
        if route.permission:
            errors.update(AUTHENTICATED_ROUTE_ERRORS)
        limited = RATE_LIMIT_HEADERS if route.permission else {}
        responses: dict[int, Any] = {
            status: {
                "description": f"{ERROR_CODES[status]}: the error envelope",
                "content": {JSON: {"schema": ERROR_REF}},
            }
            for status in sorted(errors)
        }
        if 429 in responses:
            responses[429]["headers"] = _headers({**RETRY_AFTER, **limited})
        if 401 in responses and route.permission:
            responses[401]["headers"] = _headers({"WWW-Authenticate": BEARER_CHALLENGE})
        responses[route.doc.status] = {
            "description": SUCCESS_WORDS.get(route.doc.status, "Success"),
            "headers": _headers({header.name: header.description for header in route.doc.response_headers} | limited),
        }
        body = response_body(route.endpoint)
        if body is not None:  # Powertools puts the body's schema beside the example (`model`)
            responses[route.doc.status]["content"] = {JSON: {"model": body, "example": success_example(body)}}
        for status in route.doc.also:  # another success answer of the same body (e.g. 200 beside a 202)
            responses[status] = {**responses[route.doc.status], "description": SUCCESS_WORDS.get(status, "Success")}
        resolver.route(
            route.path,
            route.method,
            summary=summary,
            description=f"Needs one of: {', '.join(route.permission)}" if route.permission else "No token needed",
            tags=list(tags) or None,
            operation_id=f"{route.endpoint.__name__}_{route.method.lower()}",
            security=[{"bearerAuth": []}] if route.permission else None,
            status_code=route.doc.status,
            responses=responses,
        )(_documented(route))


def _headers(described: dict[str, str]) -> dict[str, Any]:
    return {name: {"description": text, "schema": {"type": "string"}} for name, text in described.items()}


def response_models() -> dict[str, type[BaseModel]]:
    """Every response model of the layer (the `responses` module of each domain), by name."""
    models: dict[str, type[BaseModel]] = {}
    for package in pkgutil.iter_modules(incident_core.__path__, "incident_core."):
        if not package.ispkg:
            continue
        try:
            module = importlib.import_module(f"{package.name}.responses")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
                if name in models:
                    raise TypeError(f"two response models are named {name}")
                models[name] = value
    return models


def response_body(endpoint: Endpoint) -> Any:
    """The documented body of an endpoint's success answer: its response model in our envelope."""
    annotation = endpoint.__annotations__.get("return")
    namespace = {**endpoint.__globals__, **response_models()}
    hint = typing.get_type_hints(types.SimpleNamespace(__annotations__={"return": annotation}), globalns=namespace)
    model = typing.get_args(hint["return"])[0] if typing.get_args(hint["return"]) else Any
    if model is None:
        return None
    if typing.get_origin(model) is list:
        return ListEnvelope[typing.get_args(model)[0]]  # type: ignore[misc]
    if isinstance(model, type) and issubclass(model, Envelope):  # the whole body, fields beside `data` included
        return model
    if getattr(model, "bare_body", False):  # another protocol's body, not ours (OAuth's token answer)
        return model
    if model is str:  # not declared yet: the envelope around any data
        return Envelope[Any]
    return Envelope[model]  # type: ignore[valid-type]


def success_example(body: type[BaseModel]) -> dict[str, Any]:
    """One whole success body (a `response_body`), from the examples of the models it holds.

    `Envelope[Model]` wraps the model's first example, `ListEnvelope[Item]` lists one example of
    each kind of item (`A | B`: one of each) with `LIST_META_EXAMPLE`, and a model that is the whole
    body (an `Envelope` subclass) is its own example."""

    def example_of(model: Any) -> Any:
        is_model = isinstance(model, type) and issubclass(model, BaseModel)
        examples = model.model_json_schema().get("examples") if is_model else None
        if not examples:
            raise TypeError(f"response model {getattr(model, '__name__', model)} has no example (json_schema_extra)")
        return examples[0]

    generic = body.__pydantic_generic_metadata__
    if generic["origin"] is ListEnvelope:
        item = generic["args"][0]
        kinds = typing.get_args(item) if typing.get_origin(item) in (typing.Union, types.UnionType) else (item,)
        return {"success": True, "data": [example_of(kind) for kind in kinds], "meta": LIST_META_EXAMPLE}
    if generic["origin"] is Envelope:
        return {"success": True, "data": example_of(generic["args"][0])}
    whole: dict[str, Any] = example_of(body)
    return whole


def _documented(route: Route) -> Endpoint:
    """A stand-in for the endpoint whose signature tells Powertools every documented parameter."""
    from aws_lambda_powertools.event_handler import Response as PowertoolsResponse
    from aws_lambda_powertools.event_handler.openapi.params import Header as HeaderParam
    from aws_lambda_powertools.event_handler.openapi.params import Query

    endpoint = route.endpoint
    hints = parameter_hints(endpoint)
    # An optional body may be absent, never `null` (the router validates any body it is sent): the
    # body is documented as its model alone, not as `Model | None`.
    parameters = [
        parameter.replace(
            annotation=route.body.model
            if route.body is not None and name == route.body.name
            else hints.get(name, parameter.annotation)
        )
        for name, parameter in inspect.signature(endpoint).parameters.items()
    ]
    # Optional query parameters and headers may be absent, never `null`: documented as their type alone.
    parameters += [
        inspect.Parameter(
            _identifier("query", query.name),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                _query_type(query),
                Query(
                    alias=query.name,
                    description=query.description,
                    ge=query.minimum,
                    le=query.maximum,
                    max_length=_documented_length(query),
                ),
            ],
        )
        for query in route.doc.query
    ]
    parameters += [
        inspect.Parameter(
            _identifier("header", header.name),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str, HeaderParam(alias=header.name, description=header.description, pattern=header.pattern)
            ],
        )
        for header in route.doc.request_headers
    ]

    def documented(*args: Any, **kwargs: Any) -> Response[Any]:
        return endpoint(*args, **kwargs)

    body = response_body(endpoint)
    documented.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        parameters, return_annotation=typing.cast(Any, PowertoolsResponse)[body] if body is not None else None
    )
    documented.__name__ = endpoint.__name__
    documented.__doc__ = endpoint.__doc__
    return documented


def _identifier(kind: str, name: str) -> str:
    return f"{kind}_" + "".join(character if character.isalnum() else "_" for character in name.lower())


def _documented_length(query: QueryParameter) -> int | None:
    """The length bound of a free-text query parameter (`http/validation.py` enforces it on every one)."""
    free_text = query.kind == "string" and not query.choices and not query.many
    return query_value_limit(query.name) if free_text else None


def _query_type(query: QueryParameter) -> Any:
    single: Any = Literal[query.choices] if query.choices else QUERY_TYPES[query.kind]
    return list[single] if query.many else single
