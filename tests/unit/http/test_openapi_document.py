"""The committed OpenAPI document: up to date, valid 3.1, every route; and the function that serves it."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator, validate

from incident_core.http.openapi import response_body
from scripts.openapi import DOCUMENT_FILES, UNDOCUMENTED_FUNCTIONS, build_openapi, render
from tests.support.api_events import LambdaContext, api_event, load_function
from tests.support.template import ROOT, api_routes, template


@cache
def _generated() -> str:
    return render(build_openapi())


@cache
def _docs_function() -> ModuleType:
    return load_function("api_docs")


def _get(resource: str, **path_parameters: str) -> dict[str, Any]:
    event = api_event("GET", resource, path_parameters=path_parameters or None)
    context: Any = LambdaContext()
    response: dict[str, Any] = _docs_function().lambda_handler(event, context)
    return response


@pytest.mark.parametrize("document", DOCUMENT_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_committed_document_is_the_generated_one(document: Path) -> None:
    name = str(document.relative_to(ROOT))
    assert document.is_file(), f"{name} is missing: run make openapi"
    committed = document.read_text()
    if committed != _generated():
        diff = difflib.unified_diff(committed.splitlines(), _generated().splitlines(), name, "generated", lineterm="")
        pytest.fail(f"{name} differs from the generated document: run make openapi\n" + "\n".join(list(diff)[:40]))


def test_openapi_document_covers_every_route_of_the_template() -> None:
    from openapi_spec_validator import validate

    document = json.loads(_generated())
    validate(document)  # a valid OpenAPI 3.1 document, by the spec's own schema
    assert document["openapi"].startswith("3.1")
    resources = template()["Resources"]
    declared = {
        (method.lower(), path)
        for logical_id, routes in api_routes().items()
        if str(resources[logical_id]["Properties"]["CodeUri"]).rstrip("/").split("/")[-1] not in UNDOCUMENTED_FUNCTIONS
        for method, path in routes
    }
    documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert documented == declared
    # Left out, for the reasons UNDOCUMENTED_FUNCTIONS gives: the pages, their assets and the
    # document itself (the docs function), and the catch-all answering what no route takes.
    assert not {"/openapi.json", "/docs", "/redoc", "/docs/assets/{name}", "/{proxy+}"} & set(document["paths"])
    create = document["paths"]["/incidents"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/IncidentCreate"
    }
    assert create["security"] == [{"bearerAuth": []}]
    assert "400" in create["responses"]
    # 422 is ours (a reused Idempotency-Key), in our envelope: not Powertools' validation 422.
    assert create["responses"]["422"]["description"].startswith("IDEMPOTENCY_KEY_REUSED")
    assert create["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorEnvelope"
    }
    error_schema = create["responses"]["400"]["content"]["application/json"]["schema"]
    assert error_schema == {"$ref": "#/components/schemas/ErrorEnvelope"}
    assert "request_id" in document["components"]["schemas"]["ErrorEnvelope"]["required"]
    assert set(document["components"]["schemas"]["IncidentCreate"]["required"]) == {"title", "description", "severity"}
    assert "security" not in document["paths"]["/health"]["get"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_operation_shows_a_valid_example_of_its_success_body() -> None:
    document = json.loads(_generated())
    resources = template()["Resources"]
    checked = 0
    for logical_id in api_routes():
        code_dir = str(resources[logical_id]["Properties"]["CodeUri"]).rstrip("/").split("/")[-1]
        if code_dir in UNDOCUMENTED_FUNCTIONS:
            continue
        for route in load_function(code_dir).api.routes:
            path = re.sub(r"<(\w+)>", r"{\1}", route.path)  # the router's `<id>` is the document's `{id}`
            name = f"{route.method} {path}"
            responses = document["paths"][path][route.method.lower()]["responses"]
            successes = sorted(str(status) for status in (route.doc.status, *route.doc.also))
            assert sorted(status for status in responses if status.startswith("2")) == successes, name
            content = responses[str(route.doc.status)]["content"]["application/json"]
            assert "example" in content, f"{name}: its success answer has no example"
            # Valid by the document's own schema of that answer (its `$ref`s resolved in the document) ...
            validate(
                content["example"], {**content["schema"], "components": document["components"]}, cls=OAS31Validator
            )
            # ... and by the response model the handler names, strictly, as a client parsing JSON would.
            response_body(route.endpoint).model_validate_json(json.dumps(content["example"]), strict=True)
            checked += 1
    assert checked == sum(len(operations) for operations in document["paths"].values())


def test_the_docs_function_serves_the_committed_document_byte_for_byte() -> None:
    response = _get("/openapi.json")
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/json"
    assert response["headers"]["X-Request-Id"]
    assert response["body"].encode() == (ROOT / "openapi.json").read_bytes()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_pages_load_only_what_the_function_serves(path: str) -> None:
    app = _docs_function()
    response = _get(path)
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response["headers"]["Content-Security-Policy"]
    html = response["body"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    assert scripts and all(re.fullmatch(r' src="[^"]+"', attributes) and not body for attributes, body in scripts)
    urls = re.findall(r'(?:src|href|spec-url|data-spec-url)="([^"]+)"', html)
    assert "openapi.json" in urls
    for url in urls:
        if url in ("openapi.json", "data:,"):
            continue
        prefix, _, name = url.rpartition("/")
        assert prefix == "docs/assets" and name in app.ASSET_TYPES, url


def test_every_served_asset_is_ours_or_put_there_by_the_build() -> None:
    makefile = (ROOT / "functions" / "api_docs" / "Makefile").read_text()
    for name in _docs_function().ASSET_TYPES:
        ours = (ROOT / "functions" / "api_docs" / "assets" / name).is_file()
        copied = f'/{name}" "$(ASSETS)/"' in makefile or f'"$(ASSETS)/{name}"' in makefile
        assert ours or copied, f"{name}: neither in functions/api_docs/assets/ nor copied there by its Makefile"


def test_assets_are_served_by_name_with_their_media_type() -> None:
    response = _get("/docs/assets/{name}", name="swagger-initializer.js")
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/javascript; charset=utf-8"
    assert "SwaggerUIBundle(" in response["body"]
    for name in ("app.py", "..%2Fapp.py", "../openapi.json", "swagger-ui.css.map"):
        response = _get("/docs/assets/{name}", name=name)
        assert response["statusCode"] == 404, name
        assert json.loads(response["body"])["error"]["code"] == "NOT_FOUND"


def test_the_docs_function_loads_no_pydantic() -> None:
    script = (
        "import json, sys\n"
        "from tests.support.api_events import LambdaContext, api_event, load_function\n"
        "handler = load_function('api_docs').lambda_handler\n"
        "for path in ('/openapi.json', '/docs', '/redoc'):\n"
        "    assert handler(api_event('GET', path), LambdaContext())['statusCode'] == 200, path\n"
        "print(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] == 'pydantic')))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers/incident_core'}"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
