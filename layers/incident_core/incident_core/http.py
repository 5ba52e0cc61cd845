"""HTTP glue shared by every API function: auth before validation, envelopes, errors.

A function declares its route with the permission it needs; this module authenticates
the caller and checks that permission before the body is even parsed (so a caller
without rights learns nothing about the schema), maps domain errors to the error
envelope once, and logs one structured line per request.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig
from aws_lambda_powertools.event_handler import Response as Response  # re-exported for the functions
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.auth import Principal, authenticate
from incident_core.errors import AppError, NotFound, PayloadTooLarge, ValidationFailed
from incident_core.models import READ_ONLY_FIELDS
from incident_core.observability import logger
from incident_core.settings import get_settings

JSON = "application/json"
EXPOSED_HEADERS = ["ETag", "Location", "X-Request-Id"]

Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


class IncidentApi:
    """One API Gateway REST function: its routes, their permissions, and the entry point."""

    def __init__(self) -> None:
        self.app = APIGatewayRestResolver(
            enable_validation=True,
            cors=CORSConfig(allow_origin="*", expose_headers=EXPOSED_HEADERS, allow_headers=["If-Match"]),
        )
        self._permissions: dict[tuple[str, str], tuple[str, ...]] = {}
        self._route_patterns: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = []
        self._principal: Principal | None = None
        self.app.exception_handler(AppError)(self._app_error)
        self.app.exception_handler(RequestValidationError)(self._validation_error)
        self.app.exception_handler(Exception)(self._unexpected_error)
        self.app.not_found(self._route_not_found)

    def route(
        self, method: str, path: str, *, permission: str | Sequence[str] | None
    ) -> Callable[[Callable[..., Response[Any]]], Callable[..., Response[Any]]]:
        """Register a route; `permission` (any one of several) is checked before validation."""
        needed = (permission,) if isinstance(permission, str) else tuple(permission or ())
        # API Gateway names the matched route as `/incidents/{id}`; Powertools as `/incidents/<id>`.
        self._permissions[(method.upper(), re.sub(r"<(\w+)>", r"{\1}", path))] = needed
        self._route_patterns.append((method.upper(), re.compile("^" + re.sub(r"<\w+>", "[^/]+", path) + "/?$"), needed))
        return self.app.route(path, method.upper())

    @property
    def principal(self) -> Principal:
        if self._principal is None:
            raise RuntimeError("route has no permission declared, so no principal")
        return self._principal

    @property
    def request_id(self) -> str:
        event = self.app.current_event
        return str(event.request_context.request_id or self.app.lambda_context.aws_request_id)

    def header(self, name: str) -> str | None:
        """A request header, by name in any letter case (API Gateway and emulators differ)."""
        wanted = name.lower()
        for key, value in (self.app.current_event.headers or {}).items():
            if key.lower() == wanted:
                return value
        return None

    def query_params(self) -> dict[str, list[str]]:
        """Every query parameter with all its values (the single-value map keeps only one)."""
        event = self.app.current_event
        multi = event.multi_value_query_string_parameters or {}
        single = event.query_string_parameters or {}
        params = {name: list(values) for name, values in multi.items()}
        for name, value in single.items():
            params.setdefault(name, [value])
        return params

    # --- entry point -----------------------------------------------------------------

    def handler(self) -> Handler:
        @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
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
        self._principal = None
        try:
            self._check_body_size(event)
            permission = self._permission_for(event)
            if permission:
                self._principal = authenticate(event.get("headers"))
                self._principal.require(*permission)
        except AppError as error:
            request_id = (event.get("requestContext") or {}).get("requestId") or context.aws_request_id
            failure = error_response(error, request_id=request_id)
            return {
                "statusCode": failure.status_code,
                "headers": {"Content-Type": JSON, **failure.headers},
                "body": failure.body,
                "isBase64Encoded": False,
            }
        response = self.app.resolve(event, context)
        _add_header(response, "X-Request-Id", self.request_id)
        return response

    def _permission_for(self, event: Mapping[str, Any]) -> tuple[str, ...]:
        method = str(event.get("httpMethod", "")).upper()
        declared = self._permissions.get((method, str(event.get("resource", ""))))
        if declared is not None:
            return declared
        path = str(event.get("path", ""))
        for route_method, pattern, needed in self._route_patterns:
            if route_method == method and pattern.match(path):
                return needed
        return ()

    @staticmethod
    def _check_body_size(event: Mapping[str, Any]) -> None:
        body = event.get("body") or ""
        size = len(body.encode()) if isinstance(body, str) else 0
        if event.get("isBase64Encoded"):
            size = len(base64.b64decode(body)) if body else 0
        limit = get_settings().max_body_bytes
        if size > limit:
            raise PayloadTooLarge(f"Request body is {size} bytes; the limit is {limit} bytes")

    # --- error mapping -------------------------------------------------------------------

    def _app_error(self, error: AppError) -> Response[str]:
        if error.status_code >= 500:
            logger.exception("application error")
        return error_response(error, request_id=self.request_id)

    def _validation_error(self, error: RequestValidationError) -> Response[str]:
        details = [validation_detail(item) for item in error.errors()]
        message = details[0]["message"] if len(details) == 1 else "Request validation failed"
        return error_response(ValidationFailed(message, details=details), request_id=self.request_id)

    def _unexpected_error(self, error: Exception) -> Response[str]:
        logger.exception("unhandled error")
        return error_response(AppError("An internal error occurred"), request_id=self.request_id)

    def _route_not_found(self, error: NotFoundError) -> Response[str]:
        return error_response(NotFound("No such route"), request_id=self.request_id)


def _add_header(response: dict[str, Any], name: str, value: str) -> None:
    if "multiValueHeaders" in response:
        response["multiValueHeaders"].setdefault(name, [value])
    else:
        response.setdefault("headers", {}).setdefault(name, value)


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
    return Response(status_code=status_code, content_type=JSON, body=_json(body), headers=dict(headers or {}))


def created(data: Any, *, location: str, headers: Mapping[str, str] | None = None) -> Response[str]:
    return ok(data, status_code=201, headers={"Location": location, **(headers or {})})


def error_response(error: AppError, *, request_id: str) -> Response[str]:
    payload: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details is not None:
        payload["details"] = error.details
    body = {"success": False, "error": payload, "request_id": request_id}
    return Response(
        status_code=error.status_code,
        content_type=JSON,
        body=_json(body),
        headers={"X-Request-Id": request_id},
    )
