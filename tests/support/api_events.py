"""API Gateway REST (Lambda proxy) events and Lambda contexts for calling handlers in-process."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.support.template import ROOT

EVENTS_DIR = ROOT / "events"


@dataclass
class LambdaContext:
    function_name: str = "test-function"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def load_function(name: str) -> ModuleType:
    """Import `functions/<name>/app.py` under a unique module name (every handler is `app`)."""
    module_name = f"function_{name}"
    path = ROOT / "functions" / name / "app.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def sample_event(file_name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS_DIR / file_name).read_text())
    return loaded


def api_event(
    method: str,
    resource: str,
    *,
    path_parameters: dict[str, str] | None = None,
    body: Any = None,
    raw_body: str | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A REST API proxy event for `resource` (like `/incidents/{id}`) as API Gateway sends it."""
    path = resource
    for name, value in (path_parameters or {}).items():
        path = path.replace("{" + name + "}", value)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    text = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method.upper(),
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": {name: values[0] for name, values in query.items()} if query else None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method.upper(),
            "path": f"/v1{path}",
            "stage": "v1",
            "requestId": request_id,
            "accountId": "123456789012",
            "apiId": "testapi",
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "body": text,
        "isBase64Encoded": False,
    }


def resource_for(path: str) -> tuple[str, dict[str, str]]:
    """Map a concrete path to its template resource and path parameters."""
    match = re.fullmatch(r"/incidents/([^/]+)(/status)?", path)
    if match:
        return "/incidents/{id}" + (match.group(2) or ""), {"id": match.group(1)}
    return path, {}


def body_of(response: dict[str, Any]) -> Any:
    return json.loads(response["body"]) if response.get("body") else None


def header_of(response: dict[str, Any], name: str) -> str | None:
    for key, values in (response.get("multiValueHeaders") or {}).items():
        if key.lower() == name.lower():
            return str(values[0])
    for key, value in (response.get("headers") or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return None


def events_dir() -> Path:
    return EVENTS_DIR
