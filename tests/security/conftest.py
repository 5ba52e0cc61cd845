"""The security suite: attacks on the real handlers, in-process, against moto's AWS.

Every test here sends malicious requests through the functions of `template.yaml`
(`functions/<name>/app.py`, called with the proxy events API Gateway would send) and asserts
the exact safe answer. The fixtures, for every module of this folder:

- `aws`: moto's DynamoDB table (built from `template.yaml`) and SQS queues, with the settings
  of a deployed stack; `token(org=..., sub=..., scopes=..., roles=...)`: a signed HS256 token
  (both from `tests/integration/conftest.py`).
- `gateway`: an `AttackGateway`, which is `InProcessGateway` (`gateway.request(method, path,
  json_body=..., raw_body=..., token=..., headers=..., query=...)`) plus what API Gateway does
  with a request no route takes: it goes to the catch-all function (`functions/route_not_found`),
  as `/{proxy+}` does, instead of the emulator's bare 403.
- `invoke(function, event)`: any function's `lambda_handler` (an API one, or a worker such as
  `alarm_ingest`) with any event, e.g. one built by `api_event` (`tests/support/api_events.py`).
- `attachments_bucket`: moto's S3 bucket for attachments, configured (routes of attachments
  answer 500 "not configured" without one).
- `body_fields(model)`: every field of a body model's JSON schema (the published one), nested
  ones and array items included, each with a `wrap` that puts a value there in a whole body.
- `declared_routes()`: every route the API functions declare (`IncidentApi.route`: method,
  resource, permission, query parameters, body model), with the function that serves it, for
  tests that go over every route; `concrete_path(resource, **ids)` fills a resource's
  parameters with well-formed ids (`WELL_FORMED_IDS`) that name nothing.
- `attacks`: the session's `AttackLedger`. Every malicious request a test sends is recorded:
  `response = attacks.record(gateway.request(...))` (it returns what it is given; a raw proxy
  result of `invoke` is taken too). A record counts the attack, and whether the answer refused
  it safely (a 4xx in our error envelope whose `request_id` is the `X-Request-Id` header), was a
  5xx, or was not strict JSON (bare `NaN`/`Infinity` included). An attack whose safe outcome is
  not an HTTP answer (a worker skipping a malformed record) is `attacks.record_outcome(refused=...)`.
  The test still asserts the exact outcome itself: the ledger only counts.

At the end of the session one line sums the ledger up (`pytest_terminal_summary`):
`security: <N> attacks tried, <M> refused safely, <X> answered 5xx, <Y> invalid JSON`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

import boto3
import pytest

from incident_core.attachments.repository import get_attachment_repository, get_attachment_storage
from incident_core.core.settings import get_settings
from incident_core.http.router import Route
from tests.integration.conftest import aws, lift_rate_limits, token
from tests.support.api_events import LambdaContext, api_event, load_function
from tests.support.gateway import ApiResponse, InProcessGateway
from tests.support.template import api_routes, template

__all__ = [
    "WELL_FORMED_IDS",
    "AttackGateway",
    "AttackLedger",
    "BodyField",
    "DeclaredRoute",
    "Invoke",
    "aws",
    "body_fields",
    "concrete_path",
    "declared_routes",
    "strict_json",
    "token",
]

Invoke = Callable[[str, dict[str, Any]], dict[str, Any]]


@pytest.fixture(autouse=True)
def _rate_limits_lifted(monkeypatch: pytest.MonkeyPatch) -> None:
    """This suite sends hundreds of requests as one caller: the rate limits are off here (set before
    `aws` reads the settings) and have their own tests (tests/integration/http/test_rate_limits.py)."""
    lift_rate_limits(monkeypatch)


def strict_json(text: str) -> Any:
    """JSON as RFC 8259 defines it: `NaN`, `Infinity` and `-Infinity` are not JSON (ValueError)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def as_api_response(answer: ApiResponse | Mapping[str, Any]) -> ApiResponse:
    """A gateway answer as is; a handler's raw proxy result (`invoke`) as a gateway answer."""
    if isinstance(answer, ApiResponse):
        return answer
    headers = {str(name): str(value) for name, value in (answer.get("headers") or {}).items()}
    return ApiResponse(int(answer["statusCode"]), headers, str(answer.get("body") or ""))


@dataclass
class AttackLedger:
    """How many attacks the suite tried and how each was answered (see the module's docstring)."""

    tried: int = 0
    refused_safely: int = 0
    server_errors: int = 0
    invalid_json: int = 0

    def record[AnswerT: ApiResponse | Mapping[str, Any]](self, answer: AnswerT) -> AnswerT:
        """Count one malicious request by its answer; returns the answer, for the test's own assertions.

        An attack answered 5xx, or with a body that is not strict JSON, fails the test here (and is
        counted, so the summary line says so too)."""
        response = as_api_response(answer)
        self.tried += 1
        if response.status_code >= 500:
            self.server_errors += 1
            raise AssertionError(f"an attack was answered {response.status_code}: {response.text[:500]}")
        content_type = (response.header("Content-Type") or "application/json").lower()
        body: Any = None
        if content_type.startswith("application/json") and response.text:
            try:
                body = strict_json(response.text)
            except ValueError as error:
                self.invalid_json += 1
                raise AssertionError(f"an attack was answered invalid JSON: {response.text[:500]}") from error
        if 400 <= response.status_code < 500 and _is_error_envelope(body, response.header("X-Request-Id")):
            self.refused_safely += 1
        return answer

    def record_outcome(self, *, refused: bool) -> None:
        """Count one attack that is not an HTTP request (a worker's event): refused safely, or taken."""
        self.tried += 1
        self.refused_safely += int(refused)

    def summary(self) -> str:
        return (
            f"security: {self.tried} attacks tried, {self.refused_safely} refused safely, "
            f"{self.server_errors} answered 5xx, {self.invalid_json} invalid JSON"
        )


def _is_error_envelope(body: Any, request_id: str | None) -> bool:
    if not isinstance(body, dict) or body.get("success") is not False or not request_id:
        return False
    error = body.get("error")
    return isinstance(error, dict) and isinstance(error.get("code"), str) and body.get("request_id") == request_id


LEDGER = AttackLedger()


@pytest.fixture
def attacks() -> AttackLedger:
    return LEDGER


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(LEDGER.summary())


class AttackGateway(InProcessGateway):
    """`InProcessGateway`, and a request no route takes goes to the catch-all, as API Gateway sends it."""

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        raw_body: str | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        query: dict[str, Any] | None = None,
    ) -> ApiResponse:
        routed = any(
            route_method == method.upper() and pattern.match(path) for route_method, _, pattern, _ in self._routes
        )
        if routed:
            return super().request(
                method, path, json_body=json_body, raw_body=raw_body, token=token, headers=headers, query=query
            )
        resource, parameters = ("/", None) if path == "/" else ("/{proxy+}", {"proxy": path.lstrip("/")})
        event = api_event(
            method,
            resource,
            path_parameters=parameters,
            body=json_body,
            raw_body=raw_body,
            token=token,
            headers=headers,
        )
        event["path"] = path
        return as_api_response(self.function("route_not_found").lambda_handler(event, LambdaContext()))


@pytest.fixture
def gateway(aws: None) -> AttackGateway:
    return AttackGateway()


@pytest.fixture
def invoke(aws: None) -> Invoke:
    """Call `functions/<name>/app.py`'s `lambda_handler` with an event (each function imported once per test)."""
    loaded: dict[str, ModuleType] = {}

    def call(function: str, event: dict[str, Any]) -> dict[str, Any]:
        if function not in loaded:
            loaded[function] = load_function(function)
        result: dict[str, Any] = loaded[function].lambda_handler(event, LambdaContext())
        return result

    return call


ATTACHMENTS_BUCKET = "incident-attachments-security-suite"


@pytest.fixture
def attachments_bucket(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("ATTACHMENTS_BUCKET", ATTACHMENTS_BUCKET)
    boto3.client("s3").create_bucket(Bucket=ATTACHMENTS_BUCKET)
    for cached in (get_settings, get_attachment_repository, get_attachment_storage):
        cached.cache_clear()
    yield ATTACHMENTS_BUCKET
    for cached in (get_settings, get_attachment_repository, get_attachment_storage):
        cached.cache_clear()


# Ids of every shape the API makes, naming nothing that exists (by path parameter name).
WELL_FORMED_IDS = {
    "id": "00000000-0000-4000-8000-000000000000",
    "comment_id": "cmt_20260101000000000_00000000",
    "action_id": "act_20260101000000000_00000000",
    "triage_id": "trg_20260101000000000_000000000000",
    "attachment_id": "att_20260101000000000_000000000000",
    "delivery_id": "msg_20260101000000000_000000000000000000000000",
    "name": "no-such-asset.js",
    "value": "192.0.2.1",  # an observable (`GET /observables/{value}/incidents`) no incident saw
}


def concrete_path(resource: str, **ids: str) -> str:
    """`resource` (`/incidents/{id}/comments/{comment_id}`) with `ids`, else well-formed ids naming nothing."""
    return re.sub(r"\{(\w+)\}", lambda found: ids.get(found.group(1), WELL_FORMED_IDS[found.group(1)]), resource)


@dataclass(frozen=True)
class DeclaredRoute:
    """A route an API function declares, with the function (`functions/<function>/app.py`) that serves it."""

    function: str
    route: Route

    @property
    def method(self) -> str:
        return self.route.method

    @property
    def resource(self) -> str:
        return self.route.resource

    def __str__(self) -> str:
        return f"{self.method} {self.resource}"


@cache
def declared_routes() -> tuple[DeclaredRoute, ...]:
    """Every route of every API function of the template but the catch-all, in the template's order."""
    resources = template()["Resources"]
    found: list[DeclaredRoute] = []
    for logical_id in api_routes():
        function = str(resources[logical_id]["Properties"]["CodeUri"]).rstrip("/").split("/")[-1]
        if function != "route_not_found":
            found.extend(DeclaredRoute(function, route) for route in load_function(function).api.routes)
    get_settings.cache_clear()  # importing a function read the settings of no test
    return tuple(found)


@dataclass(frozen=True)
class BodyField:
    """A field of a body's JSON schema: its name as our details spell it (`payload.summary`,
    `links[0].href`), its schema, and `wrap`, which puts a value there in a whole body."""

    field: str
    schema: dict[str, Any]
    wrap: Callable[[Any], Any]


def resolved_schema(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """`node` with its `$ref` followed, and a nullable `anyOf` (`X | None`) read as X."""
    if "$ref" in node:
        return resolved_schema(defs[node["$ref"].split("/")[-1]], defs)
    branches = [branch for branch in node.get("anyOf", []) if branch.get("type") != "null"]
    return resolved_schema(branches[0], defs) if len(branches) == 1 and "properties" not in node else node


def body_fields(model: Any) -> list[BodyField]:
    """Every field of `model`'s JSON schema, depth first; one shape of a `oneOf` at a time (the
    `const` fields of the shape, such as an action's name, are put in every body of it)."""
    schema: dict[str, Any] = model.model_json_schema()
    found: list[BodyField] = []
    _collect(schema, schema.get("$defs", {}), lambda value: value, "", found)
    return found


def _collect(
    node: dict[str, Any], defs: dict[str, Any], wrap: Callable[[Any], Any], field: str, found: list[BodyField]
) -> None:
    node = resolved_schema(node, defs)
    if field:
        found.append(BodyField(field, node, wrap))
    for shape in node.get("oneOf", []):
        _collect(shape, defs, wrap, field, found)
    properties: dict[str, Any] = node.get("properties", {})
    constants = {name: schema["const"] for name, schema in properties.items() if "const" in schema}
    for name, schema in properties.items():
        if "const" not in schema:
            inner = _wrapped_in_object(wrap, constants, name)
            _collect(schema, defs, inner, f"{field}.{name}" if field else name, found)
    if node.get("type") == "array" and "items" in node:
        _collect(node["items"], defs, lambda value: wrap([value]), f"{field}[0]", found)


def _wrapped_in_object(wrap: Callable[[Any], Any], constants: dict[str, Any], name: str) -> Callable[[Any], Any]:
    return lambda value: wrap({**constants, name: value})
