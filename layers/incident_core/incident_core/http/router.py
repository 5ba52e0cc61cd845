"""HTTP glue shared by every API function: routes, auth before validation, envelopes, errors.

A function declares its routes on an `IncidentApi` with the permission each needs and a
typed endpoint: path parameters by name, and at most one request body, a pydantic model
from the layer. At run time `IncidentApi` dispatches the API Gateway proxy event itself:
it authenticates the caller and checks the permission before the body is even parsed (so
a caller without rights learns nothing about the schema), validates the body with its
model, maps domain errors to the error envelope once, and logs one structured line per
request. The same declarations are registered on a Powertools `APIGatewayRestResolver`
to generate the OpenAPI 3.1 document (`http/openapi.py`, `scripts/openapi.py`);
that resolver is not on the request path, because importing Powertools' event handler
costs about 50 ms of every cold start (docs/architecture.md, "Cold starts").

Every answer is built in one place (`_proxy_result`): the envelope's `X-Request-Id`, the
security headers (`SECURITY_HEADERS`), the caller's rate limit (`X-RateLimit-*`, counted once
the caller is authorized: `http/rate_limits.py`), CORS for browsers, and `Location` made
relative to the request's own URL. A handler names a created resource by its API path (`/incidents/<id>`);
the client's URL also holds a stage (`/v1`), a custom domain's base path or the emulator's
prefix (`/_aws/execute-api/<api>/<stage>`), which the function can not tell apart, so the
path becomes a relative reference (`incidents/<id>` from `POST .../incidents`) that RFC 3986
resolves under whichever of them the request came through.

Everything the client sends is bounded before it is read (OWASP API4): the body's size (413,
`http/body.py`), then, once the caller is authorized, every path parameter (an id out of the id
alphabet or over 128 characters is a 404, like a missing one: it would otherwise reach a key
builder and DynamoDB's key limits), every query parameter (`http/validation.py`), and the
body's nesting depth and numbers, on the raw text, before any object is built (`http/body.py`).

Reads never import pydantic: only an endpoint with a body model loads it.
"""

from __future__ import annotations

import inspect
import re
import time
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incident_core.core.auth import Principal, authenticate
from incident_core.core.errors import AppError, NotFound, ValidationFailed, unavailable_error
from incident_core.core.observability import logger
from incident_core.core.paging import QueryParameter
from incident_core.core.settings import get_settings
from incident_core.http import snapstart
from incident_core.http.body import body_text, check_body_size, json_body
from incident_core.http.contract import Header, RouteDoc
from incident_core.http.rate_limits import HEADER_NAMES, limit_headers, take_caller_slot
from incident_core.http.responses import JSON, Response, error_response
from incident_core.http.validation import body_error, check_path_parameters, check_query, validation_details

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

    from incident_core.storage.rate_counters import Window

EXPOSED_HEADERS = ("ETag", "Location", "Preference-Applied", "Retry-After", "X-Request-Id", *HEADER_NAMES)
ALLOWED_HEADERS = (
    "Authorization",
    "Content-Type",
    "If-Match",
    "Idempotency-Key",
    "Prefer",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Api-Key",
)
# On every answer: nothing is cached (answers are per caller), no content sniffing, HTTPS only.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}

Handler = Callable[[dict[str, Any], "LambdaContext"], dict[str, Any]]


Endpoint = Callable[..., Response[Any]]
# A route's other way in than a Bearer JWT (an integration key: `integrations/caller.py`), given the
# event: the caller and the rate-limit window it took, or None when the request carries no such
# credential (then the JWT way, unchanged).
Authenticator = Callable[[Mapping[str, Any]], "tuple[Principal, Window | None] | None"]


class MethodNotAllowed(AppError):
    """A path the API serves, asked with a method it does not serve there."""

    status_code = 405
    code = "METHOD_NOT_ALLOWED"

    def __init__(self, method: str, *, allowed: Sequence[str]) -> None:
        super().__init__(f"{method} is not allowed here; allowed: {', '.join(allowed)}")
        self.allowed = tuple(allowed)


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
    doc: RouteDoc
    rate_class: str | None = None  # `http/rate_limits.py`: by the method unless declared (automation)
    authenticator: Authenticator | None = None  # besides the Bearer JWT (`Authenticator`)


class IncidentApi:
    """One API Gateway REST function: its routes, their permissions, and the entry point.

    `api_routes` (the whole API's paths, in API Gateway's syntax, and their methods) is for
    the catch-all function only: with it, a request no route takes is a 405 on a known path
    and a 404 elsewhere; without it, a 404.
    """

    def __init__(self, *, api_routes: Mapping[str, Sequence[str]] | None = None) -> None:
        self._routes: list[Route] = []
        self._api_routes = [(_resource_pattern(path), tuple(methods)) for path, methods in (api_routes or {}).items()]
        self._request_path = ""
        self._event: dict[str, Any] = {}
        self._principal: Principal | None = None
        self._limit_headers: dict[str, str] = {}
        self._request_id = ""

    def route(
        self,
        method: str,
        path: str,
        *,
        permission: str | Sequence[str] | None,
        status: int = 200,
        query: Sequence[QueryParameter] = (),
        request_headers: Sequence[Header] = (),
        response_headers: Sequence[Header] = (),
        errors: Sequence[int] = (),
        also: Sequence[int] = (),
        rate_class: str | None = None,
        authenticator: Authenticator | None = None,
    ) -> Callable[[Endpoint], Endpoint]:
        """Register a route; `permission` (any one of several) is checked before validation.

        The rest documents the route (`http/contract.py`): its success status (and `also` any
        other success status with the same body), the query parameters and headers it reads, the
        headers it sets, its own error statuses. `rate_class` puts the route in a class of rate
        limit other than its method's (`http/rate_limits.AUTOMATION`). `authenticator` admits another
        credential than a Bearer JWT (its caller still needs one of the permissions).
        """
        doc = RouteDoc(
            status, tuple(query), tuple(request_headers), tuple(response_headers), tuple(errors), tuple(also)
        )
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
                    doc=doc,
                    rate_class=rate_class,
                    authenticator=authenticator,
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

    def raw_body(self) -> str:
        """The request body as text, unparsed (for a route whose body is not JSON: `POST /auth/token`)."""
        return body_text(self._event)

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
        snapstart.register(self)  # a SnapStart init warms what the first request needs (http/snapstart.py)

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
        self._event, self._principal, self._request_path = event, None, request_path(event)
        self._limit_headers = {}
        self._request_id = str((event.get("requestContext") or {}).get("requestId") or context.aws_request_id)
        logger.set_correlation_id(self._request_id)
        try:
            check_body_size(event, limit=get_settings().max_body_bytes)
            route, path_parameters = self._match(event)
            if route is None:
                response = self._unrouted(event)
            else:
                if route.permission:
                    window = self._authorize(event, route)
                    self._limit_headers = limit_headers(window) if window is not None else {}
                # Within bounds before anything reads them: an id out of them is a missing one (404).
                check_path_parameters(route.resource, path_parameters)
                check_query(self.query_params())
                arguments: dict[str, Any] = dict(path_parameters)
                if route.body is not None:
                    arguments[route.body.name] = self._validated_body(event, route.body)
                response = route.endpoint(**arguments)
        except AppError as error:
            if error.status_code >= 500:
                logger.exception("application error")
            response = error_response(error, request_id=self._request_id)
            response.headers.update(error.headers)  # a 503's Retry-After
            if isinstance(error, MethodNotAllowed):
                response.headers["Allow"] = ", ".join(error.allowed)
        except Exception as error:
            failure: AppError | None = unavailable_error(error)  # AWS busy or down after its retries: 503
            if failure is None:
                logger.exception("unhandled error")
                failure = AppError("An internal error occurred")
            else:
                logger.warning("AWS unavailable after retries", error=type(error).__name__)
            response = error_response(failure, request_id=self._request_id)
            response.headers.update(failure.headers)
        return self._proxy_result(response)

    def _authorize(self, event: Mapping[str, Any], route: Route) -> Window | None:
        """Authenticate the caller (by the route's own authenticator when the request carries its
        credential, else the Bearer JWT), check the permission, count the request."""
        alternative = route.authenticator(event) if route.authenticator else None
        if alternative is not None:
            self._principal, window = alternative
            self._principal.require(*route.permission)
            return window
        self._principal = authenticate(event.get("headers"))
        self._principal.require(*route.permission)
        return take_caller_slot(self._principal, method=route.method, declared=route.rate_class)

    def _match(self, event: Mapping[str, Any]) -> tuple[Route | None, dict[str, str]]:
        """The route of the event: by API Gateway's resource, else by the path (emulators, `/{proxy+}`)."""
        method = str(event.get("httpMethod", "")).upper()
        resource = str(event.get("resource", ""))
        given = {str(name): str(value) for name, value in (event.get("pathParameters") or {}).items()}
        for route in self._routes:
            if route.method == method and route.resource == resource and set(route.path_parameters) <= set(given):
                return route, {name: given[name] for name in route.path_parameters}
        for route in self._routes:
            matched = route.pattern.match(self._request_path) if route.method == method else None
            if matched:
                return route, matched.groupdict()
        return None, {}

    def _unrouted(self, event: Mapping[str, Any]) -> Response[None]:
        """No route of this function takes the request: a preflight, a 405 on a path the API
        serves with other methods (known with `api_routes`), else a 404."""
        path, method = self._request_path, str(event.get("httpMethod", "")).upper()
        served = {route.method for route in self._routes if route.pattern.match(path)}
        served |= {name for pattern, methods in self._api_routes if pattern.match(path) for name in methods}
        if served and method == "OPTIONS":
            return Response(204, "", {"Access-Control-Allow-Methods": ",".join([*sorted(served), "OPTIONS"])})
        if served and self._api_routes:
            raise MethodNotAllowed(method, allowed=[*sorted(served), "OPTIONS"])
        raise NotFound("No such route")

    def _validated_body(self, event: Mapping[str, Any], parameter: BodyParameter) -> Any:
        """The request body as the endpoint's model; errors become our 400 envelope."""
        from pydantic import ValidationError  # loaded already: the endpoint's model module imports it

        content_type = (self.header("Content-Type") or "").strip().lower()
        if content_type and not content_type.startswith(JSON):
            raise body_error("unsupported_content_type")
        text = body_text(event)
        if not text:
            if parameter.required:
                raise body_error("missing")
            return None
        payload = json_body(text)  # bounded: depth and numbers are checked before objects are built
        try:
            return parameter.model.model_validate(payload)
        except ValidationError as error:
            details = validation_details(error.errors())
            message = details[0]["message"] if len(details) == 1 else "Request validation failed"
            raise ValidationFailed(message, details=details) from None

    def _proxy_result(self, response: Response[Any]) -> dict[str, Any]:
        headers = {
            **SECURITY_HEADERS,
            "Content-Type": response.content_type,
            **self._limit_headers,
            **response.headers,
            "X-Request-Id": self._request_id,
        }
        location = headers.get("Location", "")
        if location.startswith("/"):  # an API path, from the handler
            headers["Location"] = relative_reference(self._request_path, location)
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


def request_path(event: Mapping[str, Any]) -> str:
    """The request's path below the stage and any base path, as the client sent it.

    Rebuilt from API Gateway's resource and path parameters: the event's `path` carries a
    custom domain's base path mapping (`/api/incidents`), but not the stage. A trailing slash
    is kept, since a relative reference resolves against it."""
    path = str(event.get("path") or "/")
    parameters = event.get("pathParameters") or {}
    names = re.findall(r"\{(\w+)\+?\}", str(event.get("resource") or ""))
    if not event.get("resource") or any(parameters.get(name) is None for name in names):
        return path
    rebuilt = re.sub(r"\{(\w+)\+?\}", lambda found: str(parameters[found.group(1)]), str(event["resource"]))
    return rebuilt + "/" if path.endswith("/") and not rebuilt.endswith("/") else rebuilt


def relative_reference(base_path: str, target: str) -> str:
    """`target` (an API path) as a reference relative to a request at `base_path` (another
    API path): resolved against the request's URL (RFC 3986, 5.2), it names the target under
    the same stage, base path or emulator prefix, whichever the URL holds."""
    directory, segments = base_path.split("/")[1:-1], target.split("/")[1:]
    shared = 0
    while shared < min(len(directory), len(segments) - 1) and directory[shared] == segments[shared]:
        shared += 1
    reference = "../" * (len(directory) - shared) + "/".join(segments[shared:])
    # A first segment with a colon would read as a scheme; an empty reference as the request itself.
    return reference if reference and ":" not in reference.split("/")[0] else "./" + reference


def _resource_pattern(resource: str) -> re.Pattern[str]:
    """The paths a resource of API Gateway's syntax takes: `/incidents/{id}` takes `/incidents/inc_1`."""
    parts = ("[^/]+" if part.startswith("{") else re.escape(part) for part in resource.split("/"))
    return re.compile("^" + "/".join(parts) + "/?$")


def _body_parameter(endpoint: Endpoint, path_parameters: Sequence[str]) -> BodyParameter | None:
    """The endpoint's body parameter (a pydantic model); any other parameter is a path parameter."""
    hints = parameter_hints(endpoint)
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


def parameter_hints(endpoint: Endpoint) -> dict[str, Any]:
    """The endpoint's parameter annotations, evaluated; its return annotation is left alone (it may
    name a response model that the handler imports only for type checking: see `http/openapi.py`)."""
    annotations = {name: value for name, value in endpoint.__annotations__.items() if name != "return"}
    return typing.get_type_hints(types.SimpleNamespace(__annotations__=annotations), globalns=endpoint.__globals__)
