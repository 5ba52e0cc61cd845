"""What every answer carries (security headers) and `Location`s that resolve wherever the API is served."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urljoin

import jwt
import pytest

from incident_core.core.errors import Conflict
from incident_core.http.responses import Response, created, ok
from incident_core.http.router import SECURITY_HEADERS, IncidentApi, relative_reference, request_path
from tests.support.api_events import LambdaContext, api_event

SECRET = "unit-secret-0123456789abcdef0123456789"
EXPECTED_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}


def _token() -> str:
    claims = {"sub": "alice", "org_id": "acme", "scope": "incidents:write", "exp": int(time.time()) + 600}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def _api() -> IncidentApi:
    api = IncidentApi()

    @api.route("POST", "/things", permission="incidents:write")
    def make() -> Response[Any]:
        return created({"id": "t-1"}, location="/things/t-1")

    @api.route("POST", "/things/<id>/parts", permission="incidents:write")
    def add_part(id: str) -> Response[Any]:  # noqa: A002
        return created({"id": "p-1"}, location=f"/things/{id}/parts/p-1")

    @api.route("GET", "/things/<id>", permission=None)
    def read(id: str) -> Response[Any]:  # noqa: A002
        if id == "busy":
            raise Conflict("busy")
        return ok({"id": id})

    @api.route("GET", "/cached", permission=None)
    def cached() -> Response[Any]:
        return ok({}, headers={"Cache-Control": "public, max-age=60"})

    return api


def _invoke(event: dict[str, Any]) -> dict[str, Any]:
    context: Any = LambdaContext()
    result: dict[str, Any] = _api().handler()(event, context)
    return result


@pytest.mark.parametrize(
    "event",
    [
        api_event("GET", "/things/{id}", path_parameters={"id": "t-1"}),  # success
        api_event("GET", "/things/{id}", path_parameters={"id": "busy"}),  # a domain error
        api_event("POST", "/things", raw_body="x" * (2 * 1024 * 1024), token=_token()),  # refused before auth
        api_event("POST", "/things"),  # no token
        api_event("DELETE", "/things/{id}", path_parameters={"id": "t-1"}),  # no such route
        api_event("OPTIONS", "/things/{id}", path_parameters={"id": "t-1"}, headers={"Origin": "https://a.example"}),
    ],
    ids=["success", "conflict", "too-large", "unauthorized", "not-found", "preflight"],
)
def test_every_answer_carries_the_security_headers(event: dict[str, Any]) -> None:
    result = _invoke(event)
    assert {name: result["headers"].get(name) for name in EXPECTED_SECURITY_HEADERS} == EXPECTED_SECURITY_HEADERS
    assert result["headers"]["X-Request-Id"]
    assert SECURITY_HEADERS == EXPECTED_SECURITY_HEADERS


@pytest.mark.parametrize(
    ("authorization", "challenge"),
    [
        (None, 'Bearer realm="incident-api"'),
        ("Bearer not-a-jwt", 'Bearer realm="incident-api", error="invalid_token"'),
        (
            "Bearer " + jwt.encode({"sub": "a", "org_id": "acme", "exp": int(time.time()) - 60}, SECRET, "HS256"),
            'Bearer realm="incident-api", error="invalid_token", error_description="The token expired"',
        ),
    ],
    ids=["no-token", "refused", "expired"],
)
def test_a_401_challenges_the_client_with_the_bearer_scheme(authorization: str | None, challenge: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    result = _invoke(api_event("POST", "/things", headers=headers))
    assert (result["statusCode"], result["headers"]["WWW-Authenticate"]) == (401, challenge)


def test_an_endpoint_may_choose_its_own_caching() -> None:
    result = _invoke(api_event("GET", "/cached"))
    assert result["headers"]["Cache-Control"] == "public, max-age=60"
    assert result["headers"]["X-Content-Type-Options"] == "nosniff"


# The URLs a client may call the same route by, and what `path` and `requestContext.path` say then.
SERVED_AT = {
    "aws": ("https://abc123.execute-api.eu-west-1.amazonaws.com/v1", ""),
    "custom domain, base path": ("https://api.example.com/incidents-api", "/incidents-api"),
    "custom domain, no base path": ("https://api.example.com", ""),
    "ministack": ("http://127.0.0.1:4566/_aws/execute-api/abc123/v1", ""),
    "ministack, legacy": ("http://127.0.0.1:4566/restapis/abc123/v1/_user_request_", ""),
}


@pytest.mark.parametrize("served_at", SERVED_AT)
@pytest.mark.parametrize(
    ("resource", "parameters", "created_path"),
    [
        ("/things", {}, "/things/t-1"),
        ("/things/{id}/parts", {"id": "t-9"}, "/things/t-9/parts/p-1"),
    ],
)
def test_location_resolves_against_the_request_url_to_the_created_resource(
    served_at: str, resource: str, parameters: dict[str, str], created_path: str
) -> None:
    base_url, base_path_in_event = SERVED_AT[served_at]
    event = api_event("POST", resource, path_parameters=parameters or None, token=_token())
    event["path"] = base_path_in_event + event["path"]  # API Gateway keeps a custom domain's base path there
    result = _invoke(event)
    assert result["statusCode"] == 201, result["body"]
    request_url = base_url + resource.replace("{id}", parameters.get("id", ""))
    assert urljoin(request_url, result["headers"]["Location"]) == base_url + created_path


def test_location_resolves_after_a_trailing_slash_too() -> None:
    event = api_event("POST", "/things", token=_token())
    event["path"] = "/things/"
    location = _invoke(event)["headers"]["Location"]
    base_url = SERVED_AT["aws"][0]
    assert urljoin(base_url + "/things/", location) == base_url + "/things/t-1"


@pytest.mark.parametrize(
    ("base_path", "target", "reference"),
    [
        ("/incidents", "/incidents/inc-1", "incidents/inc-1"),
        ("/incidents/", "/incidents/inc-1", "inc-1"),
        ("/incidents/inc-1/comments", "/incidents/inc-1/comments/cmt-1", "comments/cmt-1"),
        ("/incidents/inc-1/triage", "/webhooks/wh-1", "../../webhooks/wh-1"),
        ("/incidents", "/", "./"),
        ("/things", "/a:b", "./a:b"),  # not a scheme
    ],
)
def test_relative_references(base_path: str, target: str, reference: str) -> None:
    assert relative_reference(base_path, target) == reference
    assert urljoin("https://h.example/v1" + base_path, reference) == "https://h.example/v1" + target


@pytest.mark.parametrize(
    ("event_fields", "expected"),
    [
        (
            {"resource": "/incidents/{id}", "path": "/base/incidents/i-1", "pathParameters": {"id": "i-1"}},
            "/incidents/i-1",
        ),
        ({"resource": "/{proxy+}", "path": "/base/a/b", "pathParameters": {"proxy": "a/b"}}, "/a/b"),
        ({"resource": "/incidents", "path": "/incidents/", "pathParameters": None}, "/incidents/"),
        ({"resource": "/", "path": "/", "pathParameters": None}, "/"),
        ({"resource": "/incidents/{id}", "path": "/incidents/i-2", "pathParameters": None}, "/incidents/i-2"),
    ],
)
def test_the_request_path_leaves_out_stage_and_base_path(event_fields: dict[str, Any], expected: str) -> None:
    assert request_path(event_fields) == expected


def test_a_location_that_is_already_a_url_is_left_alone() -> None:
    api = IncidentApi()

    @api.route("GET", "/elsewhere", permission=None)
    def elsewhere() -> Response[Any]:
        return ok({}, status_code=303, headers={"Location": "https://other.example/x"})

    context: Any = LambdaContext()
    result = api.handler()(api_event("GET", "/elsewhere"), context)
    assert result["headers"]["Location"] == "https://other.example/x"
    assert json.loads(result["body"])["success"] is True
