"""OWASP API4 (unrestricted resource consumption): a bound on every body, field, array, string,
query parameter and path parameter, table-driven over the route table (`http/api_routes.py`).

Every route is taken from what its function declares (`IncidentApi.route`: its query
parameters and body model), and every bound from the body model's own JSON schema (the one the
OpenAPI document publishes): each oversize value answers the documented 400, 404 or 413 in our
envelope, never a 500. moto's DynamoDB holds the table.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from incident_core.alerts.models import MAX_ALERTS, LenientInput
from incident_core.core.settings import get_settings
from incident_core.http.api_routes import API_ROUTES
from incident_core.http.validation import MAX_CURSOR, MAX_QUERY_NAME, MAX_QUERY_VALUE, MAX_QUERY_VALUES
from tests.integration.conftest import TokenFactory
from tests.security.conftest import (
    AttackGateway,
    AttackLedger,
    BodyField,
    DeclaredRoute,
    body_fields,
    concrete_path,
    declared_routes,
)
from tests.support.api_events import LambdaContext, api_event

ROUTES = declared_routes()
ROUTES_BY_NAME = {str(route): route for route in ROUTES}
TABLE = [f"{method} {path}" for path, methods in API_ROUTES.items() for method in methods]


@dataclass(frozen=True)
class Oversize:
    """A body with one value past its schema's bound, and the field our details name for it."""

    field: str
    bound: str
    body: Any


def oversize(field: BodyField) -> Oversize | None:
    """The field's stated bound (maxLength, maxItems, maxProperties, maximum) overstepped, if it states one."""
    node = field.schema
    if "maxProperties" in node:
        many = {f"X-Field-{number}": "value" for number in range(node["maxProperties"] + 1)}
        return Oversize(field.field, f"maxProperties {node['maxProperties']}", field.wrap(many))
    if node.get("type") == "array" and "maxItems" in node:
        items = [_example(node.get("items", {}))] * (node["maxItems"] + 1)
        return Oversize(field.field, f"maxItems {node['maxItems']}", field.wrap(items))
    if node.get("type") == "string" and "maxLength" in node:
        return Oversize(field.field, f"maxLength {node['maxLength']}", field.wrap("x" * (node["maxLength"] + 1)))
    if node.get("type") == "integer" and "maximum" in node:
        return Oversize(field.field, f"maximum {node['maximum']}", field.wrap(int(node["maximum"]) + 1))
    return None


def _example(node: dict[str, Any]) -> Any:
    if "enum" in node:
        return node["enum"][0]
    if "anyOf" in node:
        return _example(node["anyOf"][0])
    return {"object": {}, "integer": 1, "boolean": True}.get(str(node.get("type")), "x")


def body_cases() -> list[tuple[DeclaredRoute, Oversize]]:
    return [
        (route, case)
        for route in ROUTES
        if route.route.body is not None
        for case in map(oversize, body_fields(route.route.body.model))
        if case is not None
    ]


BODY_CASES = body_cases()


def test_the_route_table_and_the_declared_routes_are_the_same_api() -> None:
    assert sorted(TABLE) == sorted(ROUTES_BY_NAME)


def test_every_string_and_array_of_a_strict_body_has_a_bound_in_its_schema() -> None:
    """Lenient bodies (Alertmanager's and Grafana's, written by other software) are the exception:
    their text is clipped on the way in (`alerts/sources/common.py`), and their alerts are counted."""
    unbounded = []
    for route in ROUTES:
        if route.route.body is None or issubclass(route.route.body.model, LenientInput):
            continue
        for field in body_fields(route.route.body.model):
            node = field.schema
            bounded = {"maxLength", "maxItems", "enum", "const", "format", "anyOf"} & set(node) or _bounded_pattern(
                node
            )
            if node.get("type") in ("string", "array") and not bounded:
                unbounded.append(f"{route} {field.field}")
    assert unbounded == []


def _bounded_pattern(node: dict[str, Any]) -> bool:
    """An anchored pattern with no unbounded repetition (`*`, `+`, `{n,}`) outside its character classes."""
    pattern = re.sub(r"\\.", "e", str(node.get("pattern", "")))  # escapes first, then classes
    outside_classes = re.sub(r"\[[^\]]*\]", "c", pattern)
    unbounded = re.search(r"[*+]|\{\d+,\}", outside_classes)
    return outside_classes.startswith("^") and outside_classes.endswith("$") and not unbounded


@pytest.mark.parametrize("route", sorted({route for route, _ in BODY_CASES}, key=str), ids=str)
def test_every_body_value_past_its_bound_is_a_400_naming_the_field_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, route: DeclaredRoute
) -> None:
    for case in (case for of, case in BODY_CASES if of == route):
        path = concrete_path(route.resource)
        response = attacks.record(gateway.request(route.method, path, json_body=case.body, token=token()))
        assert response.status_code == 400, (case.field, case.bound, response.text)
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert case.field in {detail["field"] for detail in error["details"]}, (case.bound, error)


def test_the_body_cases_cover_every_bound_the_issue_names() -> None:
    fields = {(str(route), case.field) for route, case in BODY_CASES}
    assert ("POST /integrations/alertmanager", "alerts") in fields  # at most MAX_ALERTS alerts a request
    assert ("POST /webhooks", "headers") in fields  # at most 20 headers
    assert ("POST /events", "links") in fields and ("POST /incidents", "tags") in fields
    assert len(BODY_CASES) >= 100


def test_an_alertmanager_request_of_more_alerts_than_the_bound_is_a_400_and_opens_nothing_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    alerts = [{"status": "firing", "labels": {"alertname": f"Alert{number}"}} for number in range(MAX_ALERTS + 1)]
    response = attacks.record(
        gateway.request("POST", "/integrations/alertmanager", json_body={"alerts": alerts}, token=token())
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [
        {"field": "alerts", "message": f"alerts must have at most {MAX_ALERTS} items"}
    ]
    assert gateway.request("GET", "/incidents", token=token()).json()["data"] == []


def test_a_lenient_alertmanager_text_of_half_a_mebibyte_is_clipped_not_stored_whole_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    huge = "A" * 512 * 1024
    alert = {"status": "firing", "labels": {"alertname": "Huge"}, "annotations": {"description": huge}}
    response = attacks.record(
        gateway.request("POST", "/integrations/alertmanager", json_body={"alerts": [alert]}, token=token())
    )
    assert response.status_code == 202, response.text
    incident_id = response.json()["data"]["alerts"][0]["incident_id"]
    incident = gateway.request("GET", f"/incidents/{incident_id}", token=token()).json()["data"]
    assert len(incident["description"]) == 5000
    assert len(response.text) + len(str(incident["raw_data"])) < 64 * 1024


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/incidents", {"title": "Big", "description": "Raw data too big", "severity": "low"}, "raw_data"),
        ("/incidents/{id}/actions/{action_id}/result", {"success": True}, "details"),
    ],
)
def test_free_form_json_over_its_byte_bound_is_a_400_naming_the_field_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, path: str, body: dict[str, Any], field: str
) -> None:
    limit = get_settings().max_raw_data_bytes
    oversize = {**body, field: {"blob": "x" * limit}}
    response = attacks.record(gateway.request("POST", concrete_path(path), json_body=oversize, token=token()))
    assert response.status_code == 400
    message = f"{field} must be at most {limit} bytes as JSON"
    assert response.json()["error"]["details"] == [{"field": field, "message": message}]


def test_a_body_over_one_mebibyte_is_a_413_on_every_route_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    limit = get_settings().max_body_bytes
    body = '{"title": "' + "x" * limit + '"}'
    expected = {
        "code": "PAYLOAD_TOO_LARGE",
        "message": f"Request body is {len(body)} bytes; the limit is {limit} bytes",
    }
    for route in TABLE:
        method, resource = route.split(" ")
        response = attacks.record(gateway.request(method, concrete_path(resource), raw_body=body, token=token()))
        assert (response.status_code, response.json()["error"]) == (413, expected), route


@pytest.mark.parametrize("extra", [1, 2, 3])  # each padding of base64: the size is exact, without decoding
def test_a_base64_encoded_body_over_one_mebibyte_is_a_413_by_its_decoded_size_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, extra: int
) -> None:
    limit = get_settings().max_body_bytes
    for size, status in ((limit + extra, 413), (limit - extra, 400)):
        event = api_event("POST", "/incidents", raw_body=base64.b64encode(b"[" * size).decode(), token=token())
        event["isBase64Encoded"] = True
        result = attacks.record(gateway.function("create_incident").lambda_handler(event, LambdaContext()))
        assert result["statusCode"] == status, size
        if status == 413:
            message = f"Request body is {size} bytes; the limit is {limit} bytes"
            assert json.loads(result["body"])["error"]["message"] == message


def test_a_body_of_exactly_one_mebibyte_is_read_moto(gateway: AttackGateway, token: TokenFactory) -> None:
    limit = get_settings().max_body_bytes
    body = '{"title": "' + "x" * (limit - 13) + '"}'
    assert len(body) == limit
    response = gateway.request("POST", "/incidents", raw_body=body, token=token())
    assert response.status_code == 400  # read, and refused by the model: a title is at most 255 characters
    assert {"field": "title", "message": "title must be at most 255 characters"} in response.json()["error"]["details"]


@pytest.mark.parametrize("route", [route for route in ROUTES if route.route.doc.query], ids=str)
def test_every_query_parameter_past_its_length_is_a_400_naming_it_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, route: DeclaredRoute
) -> None:
    for name in (parameter.name for parameter in route.route.doc.query):
        limit = MAX_CURSOR if name == "cursor" else MAX_QUERY_VALUE
        path = concrete_path(route.resource)
        response = attacks.record(gateway.request(route.method, path, query={name: "7" * (limit + 1)}, token=token()))
        assert response.status_code == 400, (name, response.text)
        message = f"{name} must be at most {limit} characters"
        assert response.json()["error"] == {
            "code": "VALIDATION_ERROR",
            "message": message,
            "details": [{"field": name, "message": message}],
        }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": ["open"] * (MAX_QUERY_VALUES + 1)}, f"A query string has at most {MAX_QUERY_VALUES} values"),
        ({"x" * (MAX_QUERY_NAME + 1): "1"}, f"Query parameter names are at most {MAX_QUERY_NAME} characters"),
    ],
    ids=["too-many-values", "a-long-name"],
)
def test_a_query_string_past_its_bounds_is_a_400_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, query: dict[str, Any], message: str
) -> None:
    response = attacks.record(gateway.request("GET", "/incidents", query=query, token=token()))
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [{"field": "query", "message": message}]


@pytest.mark.parametrize(
    ("name", "value"),
    [("page", "²"), ("limit", "٣"), ("offset", "9" * 1000), ("status", "²"), ("per_page", "1" * 5000)],
)
def test_digits_that_are_not_ascii_or_too_many_for_an_integer_are_a_400_not_a_500_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, name: str, value: str
) -> None:
    response = attacks.record(gateway.request("GET", "/incidents", query={name: value}, token=token()))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["details"][0]["field"] == name


@pytest.mark.parametrize("text", ["q" * MAX_QUERY_VALUE, "' OR 1=1 --", "#INCIDENT", "%00"])
def test_a_search_text_up_to_the_bound_is_data_and_finds_nothing_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, text: str
) -> None:
    response = attacks.record(gateway.request("GET", "/incidents", query={"q": text}, token=token()))
    assert response.status_code == 200
    assert response.json()["data"] == []
