"""The catch-all route: 404 and 405 in our envelope, and the route table it knows the API by."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from incident_core.http.api_routes import API_ROUTES
from tests.support.api_events import LambdaContext, api_event, load_function, sample_event
from tests.support.template import ROOT, api_routes, template

CATCH_ALL = "RouteNotFoundFunction"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")


def _unrouted(method: str, path: str, *, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """What API Gateway sends the catch-all: `/{proxy+}` with the rest of the path, or `/` itself."""
    if path == "/":
        event = api_event(method, "/", headers=headers)
    else:
        event = api_event(method, "/{proxy+}", path_parameters={"proxy": path.lstrip("/")}, headers=headers)
    context: Any = LambdaContext()
    result: dict[str, Any] = load_function("route_not_found").lambda_handler(event, context)
    return result


def test_the_route_table_is_the_templates() -> None:
    declared: dict[str, set[str]] = {}
    for logical_id, routes in api_routes().items():
        if logical_id != CATCH_ALL:
            for method, path in routes:
                declared.setdefault(path, set()).add(method)
    table = {path: set(methods) for path, methods in API_ROUTES.items()}
    missing = {path: sorted(methods - table.get(path, set())) for path, methods in declared.items()}
    extra = {path: sorted(methods - declared.get(path, set())) for path, methods in table.items()}
    assert table == declared, (
        "incident_core/http/api_routes.py and template.yaml differ: "
        f"missing { ({path: methods for path, methods in missing.items() if methods}) }, "
        f"not in the template { ({path: methods for path, methods in extra.items() if methods}) }"
    )


def test_the_template_sends_every_method_of_any_path_but_options_to_the_catch_all() -> None:
    declared = set(api_routes()[CATCH_ALL])
    assert declared == {(method, path) for method in METHODS for path in ("/{proxy+}", "/")}
    # Preflights stay with API Gateway's CORS set-up (a mock OPTIONS on every path, these two included).
    assert "Cors" in template()["Resources"]["IncidentApi"]["Properties"]


@pytest.mark.parametrize("path", ["/nope", "/incidents/x/y/z/w", "/v1/incidents", "/"])
def test_an_unknown_path_is_a_404_in_our_envelope(path: str) -> None:
    result = _unrouted("GET", path)
    assert result["statusCode"] == 404
    body = json.loads(result["body"])
    assert body["error"] == {"code": "NOT_FOUND", "message": "No such route"}
    assert body["request_id"] == result["headers"]["X-Request-Id"] != ""
    assert "Allow" not in result["headers"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/incidents", "GET, POST, OPTIONS"),
        ("POST", "/incidents/inc-1", "DELETE, GET, PATCH, PUT, OPTIONS"),
        ("GET", "/incidents/inc-1/comments/cmt-1", "DELETE, PATCH, OPTIONS"),
        ("HEAD", "/health", "GET, OPTIONS"),
        ("PUT", "/incidents/inc-1/", "DELETE, GET, PATCH, PUT, OPTIONS"),  # a trailing slash is the same path
    ],
)
def test_a_known_path_with_another_method_is_a_405_with_allow(method: str, path: str, allowed: str) -> None:
    result = _unrouted(method, path)
    assert result["statusCode"] == 405
    assert result["headers"]["Allow"] == allowed
    body = json.loads(result["body"])
    assert body["success"] is False and body["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert body["error"]["message"] == f"{method} is not allowed here; allowed: {allowed}"
    assert body["request_id"] == result["headers"]["X-Request-Id"]
    assert result["headers"]["Cache-Control"] == "no-store"


def test_a_browser_gets_the_cors_headers_on_a_404() -> None:
    result = _unrouted("GET", "/nope", headers={"Origin": "https://console.example"})
    assert result["statusCode"] == 404
    assert result["headers"]["Access-Control-Allow-Origin"] == "*"


def test_the_sample_event_is_answered() -> None:
    context: Any = LambdaContext()
    result = load_function("route_not_found").lambda_handler(sample_event("route_not_found.json"), context)
    assert (result["statusCode"], result["headers"]["Allow"]) == (405, "GET, POST, OPTIONS")


def test_the_catch_all_loads_no_pydantic_and_no_storage() -> None:
    script = (
        "import json, sys\n"
        "from tests.support.api_events import LambdaContext, api_event, load_function\n"
        "handler = load_function('route_not_found').lambda_handler\n"
        "event = api_event('GET', '/{proxy+}', path_parameters={'proxy': 'nope'})\n"
        "assert handler(event, LambdaContext())['statusCode'] == 404\n"
        "loaded = [name for name in sys.modules if name.startswith(('pydantic', 'incident_core.storage'))]\n"
        "print(json.dumps(sorted(loaded)))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers/incident_core'}",
        "JWT_SECRET": "unit-secret-0123456789abcdef0123456789",
        "TABLE_NAME": "unit-table",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
