"""HTTP glue shared by every API function: routes, auth before validation, envelopes, errors.

A function declares its routes on an `IncidentApi` with the permission each needs and a
typed endpoint: path parameters by name, and at most one request body, a pydantic model
from the layer. At run time `IncidentApi` dispatches the API Gateway proxy event itself:
it authenticates the caller and checks the permission before the body is even parsed (so
a caller without rights learns nothing about the schema), validates the body with its
model, maps domain errors to the error envelope once, and logs one structured line per
request. The same declarations are registered on a Powertools `APIGatewayRestResolver`
to generate the OpenAPI 3.1 document (`IncidentApi.register_openapi`, `scripts/openapi.py`);
that resolver is not on the request path, because importing Powertools' event handler
costs about 50 ms of every cold start (docs/architecture.md, "Cold starts").

Reads never import pydantic: only an endpoint with a body model loads it.
"""

from __future__ import annotations

import base64
import inspect
import json
import re
import time
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal, authenticate
from incident_core.core.errors import AppError, NotFound, PayloadTooLarge, ValidationFailed
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.incidents.vocabulary import READ_ONLY_FIELDS

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver
    from aws_lambda_powertools.utilities.typing import LambdaContext

JSON = "application/json"
EXPOSED_HEADERS = ("ETag", "Location", "X-Request-Id")
ALLOWED_HEADERS = (
    "Authorization",
    "Content-Type",
    "If-Match",
    "Idempotency-Key",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Api-Key",
)

Handler = Callable[[dict[str, Any], "LambdaContext"], dict[str, Any]]


@dataclass
class Response[BodyT]:
    """What an endpoint answers; `ok`, `created` and `error_response` build the envelopes."""

    status_code: int
    body: BodyT
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = JSON


Endpoint = Callable[..., Response[Any]]


@dataclass(frozen=True)
class BodyParameter:
    """The endpoint parameter that receives the validated request body."""

    name: str
    model: Any  # a pydantic model class (typed loosely so that reads need not import pydantic)
    required: bool


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # Powertools' syntax, `/incidents/<id>`, as the OpenAPI resolver takes it
    resource: str  # API Gateway's syntax, `/incidents/{id}`, as the proxy event names it
    pattern: re.Pattern[str]
    permission: tuple[str, ...]
    endpoint: Endpoint
    path_parameters: tuple[str, ...]
    body: BodyParameter | None


class IncidentApi:
    """One API Gateway REST function: its routes, their permissions, and the entry point."""

    def __init__(self) -> None:
        self._routes: list[Route] = []
        self._event: dict[str, Any] = {}
        self._principal: Principal | None = None
        self._request_id = ""

    def route(
        self, method: str, path: str, *, permission: str | Sequence[str] | None
    ) -> Callable[[Endpoint], Endpoint]:
        """Register a route; `permission` (any one of several) is checked before validation."""
        needed = (permission,) if isinstance(permission, str) else tuple(permission or ())

        def register(endpoint: Endpoint) -> Endpoint:
            names = tuple(re.findall(r"<(\w+)>", path))
            self._routes.append(
                Route(
                    method=method.upper(),
                    path=path,
                    resource=re.sub(r"<(\w+)>", r"{\1}", path),
                    pattern=re.compile("^" + re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", path) + "/?$"),
                    permission=needed,
                    endpoint=endpoint,
                    path_parameters=names,
                    body=_body_parameter(endpoint, names),
                )
            )
            return endpoint

        return register

    @property
    def routes(self) -> tuple[Route, ...]:
        return tuple(self._routes)

    @property
    def principal(self) -> Principal:
        if self._principal is None:
            raise RuntimeError("route has no permission declared, so no principal")
        return self._principal

    @property
    def request_id(self) -> str:
        return self._request_id

    def header(self, name: str) -> str | None:
        """A request header, by name in any letter case (API Gateway and emulators differ)."""
        wanted = name.lower()
        for key, value in (self._event.get("headers") or {}).items():
            if key.lower() == wanted:
                return str(value)
        return None

    def query_params(self) -> dict[str, list[str]]:
        """Every query parameter with all its values (the single-value map keeps only one)."""
        multi = self._event.get("multiValueQueryStringParameters") or {}
        single = self._event.get("queryStringParameters") or {}
        params = {name: [str(value) for value in values] for name, values in multi.items()}
        for name, value in single.items():
            params.setdefault(name, [str(value)])
        return params

    # --- entry point -----------------------------------------------------------------

    def handler(self) -> Handler:
        @logger.inject_lambda_context(clear_state=True)
        def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
            started = time.perf_counter()
            response = self._serve(event, context)
            logger.info(
                "request",
                method=event.get("httpMethod"),
                route=event.get("resource"),
                status=response.get("statusCode"),
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                org_id=self._principal.org_id if self._principal else None,
                user=self._principal.sub if self._principal else None,
            )
            return response

        if get_settings().tracing_enabled:
            from aws_lambda_powertools.tracing import Tracer

            return Tracer(service="incident-api").capture_lambda_handler(capture_response=False)(lambda_handler)  # type: ignore[no-any-return]
        return lambda_handler

    def _serve(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        self._event, self._principal = event, None
        self._request_id = str((event.get("requestContext") or {}).get("requestId") or context.aws_request_id)
        logger.set_correlation_id(self._request_id)
        try:
            self._check_body_size(event)
            route, path_parameters = self._match(event)
            if route is None:
                response = self._preflight_or_not_found(event)
            else:
                if route.permission:
                    self._principal = authenticate(event.get("headers"))
                    self._principal.require(*route.permission)
                arguments: dict[str, Any] = dict(path_parameters)
                if route.body is not None:
                    arguments[route.body.name] = self._validated_body(event, route.body)
                response = route.endpoint(**arguments)
        except AppError as error:
            if error.status_code >= 500:
                logger.exception("application error")
            response = error_response(error, request_id=self._request_id)
        except Exception:
            logger.exception("unhandled error")
            response = error_response(AppError("An internal error occurred"), request_id=self._request_id)
        return self._proxy_result(response)

    def _match(self, event: Mapping[str, Any]) -> tuple[Route | None, dict[str, str]]:
        """The route of the event: by API Gateway's resource, else by the concrete path."""
        method = str(event.get("httpMethod", "")).upper()
        resource = str(event.get("resource", ""))
        given = {str(name): str(value) for name, value in (event.get("pathParameters") or {}).items()}
        for route in self._routes:
            if route.method == method and route.resource == resource and set(route.path_parameters) <= set(given):
                return route, {name: given[name] for name in route.path_parameters}
        path = str(event.get("path", ""))
        for route in self._routes:
            matched = route.pattern.match(path) if route.method == method else None
            if matched:
                return route, matched.groupdict()
        return None, {}

    def _preflight_or_not_found(self, event: Mapping[str, Any]) -> Response[str]:
        path = str(event.get("path", ""))
        methods = sorted({route.method for route in self._routes if route.pattern.match(path)})
        if methods and str(event.get("httpMethod", "")).upper() == "OPTIONS":
            return Response(204, "", {"Access-Control-Allow-Methods": ",".join([*methods, "OPTIONS"])})
        raise NotFound("No such route")

    def _validated_body(self, event: Mapping[str, Any], parameter: BodyParameter) -> Any:
        """The request body as the endpoint's model; errors become our 400 envelope."""
        from pydantic import ValidationError  # loaded already: the endpoint's model module imports it

        content_type = (self.header("Content-Type") or "").strip().lower()
        if content_type and not content_type.startswith(JSON):
            raise _body_error("unsupported_content_type")
        raw = event.get("body")
        if raw and event.get("isBase64Encoded"):
            try:
                raw = base64.b64decode(raw).decode()
            except ValueError:
                raise _body_error("json_invalid") from None
        if not raw:
            if parameter.required:
                raise _body_error("missing")
            return None
        try:
            payload = json.loads(raw)
        except ValueError:
            raise _body_error("json_invalid") from None
        try:
            return parameter.model.model_validate(payload)
        except ValidationError as error:
            details = [validation_detail({**item, "loc": ("body", *item["loc"])}) for item in error.errors()]
            message = details[0]["message"] if len(details) == 1 else "Request validation failed"
            raise ValidationFailed(message, details=details) from None

    def _proxy_result(self, response: Response[Any]) -> dict[str, Any]:
        headers = {"Content-Type": response.content_type, **response.headers, "X-Request-Id": self._request_id}
        origin = self.header("Origin")
        if origin:
            headers.update(
                {
                    "Access-Control-Allow-Origin": "*",
                    "Access-Control-Allow-Headers": ",".join(ALLOWED_HEADERS),
                    "Access-Control-Expose-Headers": ",".join(EXPOSED_HEADERS),
                }
            )
        return {"statusCode": response.status_code, "headers": headers, "body": response.body, "isBase64Encoded": False}

    @staticmethod
    def _check_body_size(event: Mapping[str, Any]) -> None:
        body = event.get("body") or ""
        size = len(body.encode()) if isinstance(body, str) else 0
        if event.get("isBase64Encoded"):
            size = len(base64.b64decode(body)) if body else 0
        limit = get_settings().max_body_bytes
        if size > limit:
            raise PayloadTooLarge(f"Request body is {size} bytes; the limit is {limit} bytes")

    # --- OpenAPI ---------------------------------------------------------------------

    def register_openapi(self, resolver: APIGatewayRestResolver, *, tags: Sequence[str] = ()) -> None:
        """Declare these routes on a Powertools resolver, whose OpenAPI document then covers them."""
        import sys

        from aws_lambda_powertools.event_handler import Response as PowertoolsResponse

        for route in self._routes:
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


def _body_parameter(endpoint: Endpoint, path_parameters: Sequence[str]) -> BodyParameter | None:
    """The endpoint's body parameter (a pydantic model); any other parameter is a path parameter."""
    hints = typing.get_type_hints(endpoint)
    body: BodyParameter | None = None
    for name, parameter in inspect.signature(endpoint).parameters.items():
        if name in path_parameters:
            continue
        annotation = hints.get(name)
        candidates = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
        models = [candidate for candidate in candidates if hasattr(candidate, "model_validate")]
        if len(models) != 1 or body is not None:
            raise TypeError(f"{endpoint.__name__}: {name} is neither a path parameter nor the one body model")
        optional = parameter.default is not inspect.Parameter.empty or type(None) in candidates
        body = BodyParameter(name=name, model=models[0], required=not optional)
    return body


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


def _body_error(kind: str) -> ValidationFailed:
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


# --- responses -----------------------------------------------------------------------------


def _json(body: Mapping[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), default=str)


def ok(
    data: Any,
    *,
    status_code: int = 200,
    meta: Mapping[str, Any] | None = None,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
    top_level: Mapping[str, Any] | None = None,
) -> Response[str]:
    """The success envelope; `top_level` adds fields beside `data` (for clients of other APIs' shapes)."""
    body: dict[str, Any] = {"success": True, **(top_level or {}), "data": data}
    if message is not None:
        body["message"] = message
    if meta is not None:
        body["meta"] = dict(meta)
    return Response(status_code=status_code, body=_json(body), headers=dict(headers or {}))


def created(data: Any, *, location: str, headers: Mapping[str, str] | None = None) -> Response[str]:
    return ok(data, status_code=201, headers={"Location": location, **(headers or {})})


def error_response(error: AppError, *, request_id: str) -> Response[str]:
    payload: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details is not None:
        payload["details"] = error.details
    body = {"success": False, "error": payload, "request_id": request_id}
    return Response(status_code=error.status_code, body=_json(body), headers={"X-Request-Id": request_id})
