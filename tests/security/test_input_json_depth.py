"""OWASP API4 (unrestricted resource consumption): JSON nested too deeply, on every body.

Python's parser recurses once per level: 10,000 nested arrays used to be a `RecursionError`
(500), and 2,000-5,000 levels were stored and then broke every client reading them back. The
depth is counted on the raw text before parsing (`http/body.py`, at most 32 levels, the body
itself being the first): deeper is a 400 `VALIDATION_ERROR` saying so, on every route with a
body, and nothing is stored. moto's DynamoDB holds the table.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import pytest

from incident_core.http.body import MAX_DEPTH
from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.security.conftest import (
    AttackGateway,
    AttackLedger,
    DeclaredRoute,
    Invoke,
    concrete_path,
    declared_routes,
    strict_json,
)
from tests.support.api_events import LambdaContext, api_event, sample_event

TOO_DEEP = f"Request body is nested more than {MAX_DEPTH} levels deep (arrays and objects)"
BODY_ROUTES = [route for route in declared_routes() if route.route.body is not None]
INCIDENT = {"title": "Deep raw data", "description": "An alert with a deeply nested payload", "severity": "low"}


def nested_arrays(levels: int) -> str:
    return "[" * levels + "]" * levels


def nested_objects(levels: int, leaf: str = "1") -> str:
    return '{"a":' * levels + leaf + "}" * levels


def with_raw_data(raw_data_text: str) -> str:
    """An incident body whose `raw_data` is `raw_data_text` (the body's object is one more level)."""
    return json.dumps(INCIDENT)[:-1] + ', "raw_data": ' + raw_data_text + "}"


def table_item_count() -> int:
    """Every item of moto's table (a test may Scan: the product never does)."""
    return int(boto3.client("dynamodb").scan(TableName=TABLE, Select="COUNT")["Count"])


def assert_too_deep(response: Any) -> None:
    assert response.status_code == 400, response.text
    assert response.json()["error"] == {
        "code": "VALIDATION_ERROR",
        "message": TOO_DEEP,
        "details": [{"field": "body", "message": TOO_DEEP}],
    }


@pytest.mark.parametrize("route", BODY_ROUTES, ids=str)
def test_ten_thousand_nested_arrays_or_objects_are_a_400_on_every_body_and_nothing_is_stored_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, route: DeclaredRoute
) -> None:
    before = table_item_count()
    for body in (nested_arrays(10_000), nested_objects(10_000)):
        path = concrete_path(route.resource)
        assert_too_deep(attacks.record(gateway.request(route.method, path, raw_body=body, token=token())))
    assert table_item_count() == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/incidents", with_raw_data(nested_objects(10_000))),
        ("/incidents", with_raw_data(nested_arrays(10_000))),
        ("/incidents", with_raw_data(nested_objects(MAX_DEPTH))),  # 33 levels with the body's own
        (
            "/events",
            '{"event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", '
            '"custom_details": ' + nested_objects(10_000) + "}}",
        ),
        ("/integrations/alertmanager", '{"alerts": [{"status": "firing", "values": ' + nested_arrays(5_000) + "}]}"),
    ],
    ids=["raw_data-10000-objects", "raw_data-10000-arrays", "raw_data-33-levels", "custom_details", "grafana-values"],
)
def test_deep_nesting_inside_a_free_form_field_is_a_400_and_nothing_is_stored_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, path: str, body: str
) -> None:
    response = attacks.record(gateway.request("POST", path, raw_body=body, token=token()))
    assert_too_deep(response)
    assert table_item_count() == 0


def test_thirty_two_levels_are_accepted_stored_and_read_back_moto(gateway: AttackGateway, token: TokenFactory) -> None:
    deepest = nested_objects(MAX_DEPTH - 2, '["leaf"]')  # the body, raw_data's object, 29 more, the array
    created = gateway.request("POST", "/incidents", raw_body=with_raw_data(deepest), token=token())
    assert created.status_code == 201, created.text
    read = gateway.request("GET", f"/incidents/{created.json()['data']['id']}", token=token())
    assert read.status_code == 200
    assert read.json()["data"]["raw_data"] == json.loads(deepest)


def test_brackets_inside_strings_do_not_count_as_nesting_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    text = '\\"' + "[{" * 5_000  # an escaped quote first: the string goes on
    raw_data = json.dumps({"log": text, "quoted": '"]}"' * 100})
    response = attacks.record(gateway.request("POST", "/incidents", raw_body=with_raw_data(raw_data), token=token()))
    assert response.status_code == 201, response.text
    assert response.json()["data"]["raw_data"] == json.loads(raw_data)


def test_a_base64_encoded_deep_body_is_a_400_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    event_body = base64.b64encode(nested_arrays(10_000).encode()).decode()
    function = gateway.function("create_incident")
    event = api_event("POST", "/incidents", raw_body=event_body, token=token())
    event["isBase64Encoded"] = True
    response = attacks.record(function.lambda_handler(event, LambdaContext()))
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["error"]["message"] == TOO_DEEP


def test_an_unterminated_string_of_quotes_and_backslashes_is_refused_in_linear_time_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    # Quadratic for a regular expression that matches strings from every quote: 10^11 steps here.
    body = '{"title": "' + '\\"[' * 300_000
    response = attacks.record(gateway.request("POST", "/incidents", raw_body=body, token=token()))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Request body is not valid JSON"


def test_an_sns_alarm_message_nested_ten_thousand_levels_is_skipped_as_malformed_moto(
    invoke: Invoke, attacks: AttackLedger
) -> None:
    event = sample_event("alarm_ingest_sns.json")
    event["Records"][0]["Sns"]["Message"] = nested_objects(10_000)
    result = invoke("alarm_ingest", event)
    attacks.record_outcome(refused=result["processed"] == 0)
    assert result["processed"] == 0
    assert table_item_count() == 0


def test_the_same_alarm_message_within_the_depth_opens_its_incident_moto(invoke: Invoke) -> None:
    result = invoke("alarm_ingest", sample_event("alarm_ingest_sns.json"))
    assert result == {"processed": 1, "results": ["opened"]}


@pytest.mark.parametrize("reason_data", [nested_arrays(10_000), '{"value": NaN}'], ids=["10000-levels", "NaN"])
def test_alarm_reason_data_json_out_of_bounds_is_kept_as_text_moto(
    invoke: Invoke, gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, reason_data: str
) -> None:
    """`NewStateReasonData` is JSON inside the message's JSON: read with the same bounds, else kept as text."""
    event = sample_event("alarm_ingest_sns.json")
    message = json.loads(event["Records"][0]["Sns"]["Message"])
    event["Records"][0]["Sns"]["Message"] = json.dumps({**message, "NewStateReasonData": reason_data})
    result = invoke("alarm_ingest", event)
    attacks.record_outcome(refused=False)  # taken, as text: the safe outcome here
    assert result == {"processed": 1, "results": ["opened"]}
    [incident] = gateway.request("GET", "/incidents", token=token(org="default")).json()["data"]
    kept = gateway.request("GET", f"/incidents/{incident['id']}", token=token(org="default"))
    text = kept.json()["data"]["raw_data"]["state_reason_data"]
    assert text == reason_data if len(reason_data) <= 1024 else (text == reason_data[:1023] + "…")  # clipped
    strict_json(kept.text)


def test_a_depth_attack_on_an_incident_update_leaves_it_unchanged_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    incident = new_incident(gateway, token())
    body = '{"raw_data": ' + nested_arrays(10_000) + "}"
    response = attacks.record(gateway.request("PATCH", f"/incidents/{incident['id']}", raw_body=body, token=token()))
    assert_too_deep(response)
    after = gateway.request("GET", f"/incidents/{incident['id']}", token=token()).json()["data"]
    assert after["version"] == incident["version"] and after["raw_data"] == incident["raw_data"]
