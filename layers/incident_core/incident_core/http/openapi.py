"""The bridge to Powertools' OpenAPI generator: our route declarations on its resolver.

The resolver is never on the request path (importing Powertools' event handler costs about
50 ms of every cold start); `scripts/openapi.py` registers every function's routes on one
resolver and writes the OpenAPI 3.1 document from it.
"""

from __future__ import annotations

import inspect
import sys
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from incident_core.http.responses import JSON, Response
from incident_core.http.router import Endpoint, IncidentApi

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


def register_openapi(api: IncidentApi, resolver: APIGatewayRestResolver, *, tags: Sequence[str] = ()) -> None:
    """Declare the routes of `api` on a Powertools resolver, whose OpenAPI document then covers them."""
    from aws_lambda_powertools.event_handler import Response as PowertoolsResponse

    for route in api.routes:
        module_doc = inspect.getdoc(sys.modules.get(route.endpoint.__module__)) or ""
        summary = (inspect.getdoc(route.endpoint) or module_doc).split("\n")[0] or None
        errors = {400: "VALIDATION_ERROR", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE", 500: "INTERNAL_ERROR"}
        if route.permission:
            errors.update({401: "UNAUTHORIZED or TOKEN_EXPIRED", 403: "FORBIDDEN"})
        resolver.route(
            route.path,
            route.method,
            summary=summary,
            description=f"Needs one of: {', '.join(route.permission)}" if route.permission else "No token needed",
            tags=list(tags) or None,
            operation_id=f"{route.endpoint.__name__}_{route.method.lower()}",
            security=[{"bearerAuth": []}] if route.permission else None,
            responses={
                status: {"description": f"{code}: the error envelope", "content": {JSON: {"schema": ERROR_REF}}}
                for status, code in sorted(errors.items())
            },
        )(_with_return_annotation(route.endpoint, PowertoolsResponse[Any]))


def _with_return_annotation(endpoint: Endpoint, annotation: Any) -> Endpoint:
    """A wrapper of `endpoint` whose signature names `annotation` as its return type."""

    def documented(*args: Any, **kwargs: Any) -> Response[Any]:
        return endpoint(*args, **kwargs)

    signature = inspect.signature(endpoint).replace(return_annotation=annotation)
    hints = typing.get_type_hints(endpoint)
    parameters = [
        parameter.replace(annotation=hints.get(name, parameter.annotation))
        for name, parameter in signature.parameters.items()
    ]
    documented.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    documented.__name__ = endpoint.__name__
    documented.__doc__ = endpoint.__doc__
    return documented
