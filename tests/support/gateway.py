"""An in-process stand-in for API Gateway: routes a request to the function the template names.

Integration tests call the real handlers (`functions/<name>/app.py`) with the proxy
events API Gateway would send, against moto; the routing table is read from
`template.yaml`, so a route missing there is missing here too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from tests.support.api_events import LambdaContext, api_event, load_function
from tests.support.template import api_routes, template


@dataclass
class ApiResponse:
    status_code: int
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class InProcessGateway:
    def __init__(self) -> None:
        self._functions: dict[str, ModuleType] = {}
        self._routes: list[tuple[str, str, re.Pattern[str], str]] = []
        resources = template()["Resources"]
        for logical_id, routes in api_routes().items():
            code_dir = resources[logical_id]["Properties"]["CodeUri"].rstrip("/").split("/")[-1]
            for method, path in routes:
                pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "$")
                self._routes.append((method, path, pattern, code_dir))

    def function(self, code_dir: str) -> ModuleType:
        if code_dir not in self._functions:
            self._functions[code_dir] = load_function(code_dir)
        return self._functions[code_dir]

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
        for route_method, resource, pattern, code_dir in self._routes:
            match = pattern.match(path)
            if match and route_method == method.upper():
                multi_query = {
                    name: [str(v) for v in (value if isinstance(value, list) else [value])]
                    for name, value in (query or {}).items()
                }
                event = api_event(
                    method,
                    resource,
                    path_parameters=match.groupdict() or None,
                    body=json_body,
                    raw_body=raw_body,
                    token=token,
                    headers=headers,
                    query=multi_query or None,
                )
                result = self.function(code_dir).lambda_handler(event, LambdaContext())
                flat = {key: str(value) for key, value in (result.get("headers") or {}).items()}
                for key, values in (result.get("multiValueHeaders") or {}).items():
                    flat[key] = str(values[0])
                return ApiResponse(result["statusCode"], flat, result.get("body") or "")
        return ApiResponse(403, {}, json.dumps({"message": "Missing Authentication Token"}))
