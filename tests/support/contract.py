"""Checks that an answer is what the published contract (the OpenAPI document) says it is.

A body is checked twice: by the JSON schema its model publishes (as a client generated
from the document would read it) and by the model itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from openapi_schema_validator import OAS31Validator, validate
from pydantic import BaseModel

from incident_core.core.paging import Listing
from incident_core.http.openapi import response_body
from incident_core.http.responses import ok
from incident_core.http.router import Route
from tests.support.gateway import ApiResponse


def assert_documented(model: type[BaseModel], body: Mapping[str, Any]) -> None:
    """The body is valid by the published schema of its model (OpenAPI 3.1), and by the model itself, strictly."""
    validate(dict(body), model.model_json_schema(), cls=OAS31Validator)
    model.model_validate_json(json.dumps(body), strict=True)


def answered(data: Any, *, meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The body a handler sends for `data`, as a client reads it."""
    body: dict[str, Any] = json.loads(ok(data, meta=meta).body)
    return body


def listed(page: Listing) -> dict[str, Any]:
    """The body a handler sends for one page of a list, as a client reads it."""
    return answered(page.items, meta=page.meta)


def documented_answer(route: Route, response: ApiResponse) -> dict[str, Any]:
    """The answer's body, once checked against the route's documented status, response headers and body."""
    assert response.status_code == route.doc.status, response.text
    for header in route.doc.response_headers:
        assert header.sometimes or response.header(header.name), header.name
    body: dict[str, Any] = response.json()
    assert_documented(response_body(route.endpoint), body)
    return body
