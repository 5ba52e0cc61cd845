"""`IncidentApi` dispatching proxy events itself: routes, bodies, CORS (the document: test_openapi_document.py)."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest

from incident_core.http.responses import Response, ok
from incident_core.http.router import IncidentApi
from incident_core.incidents.models import StatusChange
from tests.support.api_events import LambdaContext, api_event

SECRET = "unit-secret-0123456789abcdef0123456789"


def _token(*scopes: str) -> str:
    claims = {"sub": "alice", "org_id": "acme", "scope": " ".join(scopes), "exp": int(time.time()) + 600}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def _api() -> IncidentApi:
    api = IncidentApi()

    @api.route("PUT", "/things/<id>/status", permission="incidents:write")
    def change(id: str, change: StatusChange) -> Response[str]:  # noqa: A002
        return ok({"id": id, "status": change.status.value, "by": api.principal.sub})

    @api.route("POST", "/things/<id>/poke", permission="incidents:write")
    def poke(id: str, change: StatusChange | None = None) -> Response[str]:  # noqa: A002
        return ok({"id": id, "status": change.status.value if change else None})

    @api.route("GET", "/things/<id>", permission="incidents:read")
    def read(id: str) -> Response[str]:  # noqa: A002
        return ok({"id": id, "header": api.header("x-trace"), "query": api.query_params()})

    return api


def _invoke(api: IncidentApi, event: dict[str, Any]) -> dict[str, Any]:
    context: Any = LambdaContext()  # the tests' stand-in for Lambda's context object
    return api.handler()(event, context)


def _call(api: IncidentApi, method: str, resource: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
    result = _invoke(api, api_event(method, resource, **kwargs))
    return result["statusCode"], result["headers"], json.loads(result["body"]) if result["body"] else None


def test_path_parameters_body_model_and_principal_reach_the_endpoint() -> None:
    status, headers, body = _call(
        _api(),
        "PUT",
        "/things/{id}/status",
        path_parameters={"id": "t-1"},
        body={"status": "ACK"},
        token=_token("incidents:write"),
    )
    assert status == 200
    assert body["data"] == {"id": "t-1", "status": "acknowledged", "by": "alice"}
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Request-Id"]


def test_permission_is_checked_before_the_body_is_read() -> None:
    status, _, body = _call(
        _api(),
        "PUT",
        "/things/{id}/status",
        path_parameters={"id": "t-1"},
        raw_body="{",
        token=_token("incidents:read"),
    )
    assert status == 403
    assert body["error"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("raw_body", "headers", "message"),
    [
        (None, None, "Request body is required"),
        ("{not json", None, "Request body is not valid JSON"),
        ("[1, 2]", None, "Request body must be a JSON object"),
        ('{"status": "open"}', {"Content-Type": "text/plain"}, "Content-Type must be application/json"),
    ],
)
def test_bad_bodies_get_the_validation_envelope(
    raw_body: str | None, headers: dict[str, str] | None, message: str
) -> None:
    status, _, body = _call(
        _api(),
        "PUT",
        "/things/{id}/status",
        path_parameters={"id": "t-1"},
        raw_body=raw_body,
        headers=headers,
        token=_token("incidents:write"),
    )
    assert status == 400
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert body["error"]["details"] == [{"field": "body", "message": message}]


def test_model_errors_name_the_field() -> None:
    status, _, body = _call(
        _api(),
        "PUT",
        "/things/{id}/status",
        path_parameters={"id": "t-1"},
        body={"status": "open", "colour": "red"},
        token=_token("incidents:write"),
    )
    assert status == 400
    assert body["error"]["details"] == [{"field": "colour", "message": "colour is not an allowed field"}]


def test_an_optional_body_may_be_absent() -> None:
    status, _, body = _call(
        _api(), "POST", "/things/{id}/poke", path_parameters={"id": "t-2"}, token=_token("incidents:write")
    )
    assert (status, body["data"]) == (200, {"id": "t-2", "status": None})


def test_routes_match_by_path_when_the_resource_is_not_given() -> None:
    event = api_event("GET", "/things/{id}", token=_token("incidents:read"), headers={"X-Trace": "t"})
    event.update(resource="/{proxy+}", path="/things/t-3", pathParameters={"proxy": "things/t-3"})
    event["multiValueQueryStringParameters"] = {"tag": ["a", "b"]}
    result = _invoke(_api(), event)
    assert result["statusCode"] == 200
    assert json.loads(result["body"])["data"] == {"id": "t-3", "header": "t", "query": {"tag": ["a", "b"]}}


def test_an_unknown_route_is_a_404_in_our_envelope() -> None:
    event = api_event("DELETE", "/things/{id}", path_parameters={"id": "t-1"})
    event["path"] = "/things/t-1"
    result = _invoke(_api(), event)
    assert result["statusCode"] == 404
    assert json.loads(result["body"])["error"] == {"code": "NOT_FOUND", "message": "No such route"}


def test_cors_headers_answer_a_browser_and_a_preflight() -> None:
    status, headers, _ = _call(
        _api(),
        "GET",
        "/things/{id}",
        path_parameters={"id": "t-1"},
        token=_token("incidents:read"),
        headers={"Origin": "https://console.example"},
    )
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "If-Match" in headers["Access-Control-Allow-Headers"].split(",")
    assert set(headers["Access-Control-Expose-Headers"].split(",")) == {
        "ETag",
        "Location",
        "Preference-Applied",
        "Retry-After",
        "X-Request-Id",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    }

    preflight = api_event("OPTIONS", "/things/{id}", headers={"Origin": "https://console.example"})
    preflight["path"] = "/things/t-1"
    result = _invoke(_api(), preflight)
    assert result["statusCode"] == 204
    assert result["headers"]["Access-Control-Allow-Methods"] == "GET,OPTIONS"


def test_an_endpoint_parameter_that_is_neither_path_nor_model_is_refused_at_import() -> None:
    api = IncidentApi()
    with pytest.raises(TypeError, match="neither a path parameter nor the one body model"):

        @api.route("GET", "/things", permission=None)
        def listing(limit: int) -> Response[str]:
            return ok([])


def test_api_gateway_answers_preflights_with_the_headers_the_functions_allow() -> None:
    from incident_core.http.router import ALLOWED_HEADERS, EXPOSED_HEADERS
    from tests.support.template import template

    cors = template()["Resources"]["IncidentApi"]["Properties"]["Cors"]
    assert set(cors["AllowHeaders"].strip("'").split(",")) == set(ALLOWED_HEADERS)
    assert {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} == set(cors["AllowMethods"].strip("'").split(","))
    assert cors["AllowOrigin"] == "'*'"
    assert "ETag" in EXPOSED_HEADERS  # If-Match needs the version a browser can read
