"""OWASP API8 (security misconfiguration): numbers JSON can not carry, in and out.

Python's parser takes `NaN`, `Infinity` and `-Infinity`, and `1e400` overflows to infinity;
its serializer wrote them back as bare `NaN`/`Infinity`, which is not JSON (browsers and
webhook consumers reject the whole answer or delivery). Now every body is parsed refusing
them (400, anywhere in the body); numbers DynamoDB could not hold as numbers (past 1e126, under
1e-130, more than 38 digits) are kept exactly, as free-form values are stored as JSON text (they
were a 500 where they reached a stored map). Every answer is built with
`allow_nan=False`, so a NaN that reached an answer anyway is a 500 in strict JSON, never bare
`NaN`. moto's DynamoDB holds the table.
"""

from __future__ import annotations

import json

import boto3
import pytest

from incident_core.http.body import NUMBER_RULE
from incident_core.http.responses import ok
from incident_core.storage.keys import INCIDENT_SK, incident_pk
from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.security.conftest import AttackGateway, AttackLedger, strict_json

NOT_A_NUMBER = {
    "NaN": f"Request body holds NaN, which is not a JSON number: {NUMBER_RULE}",
    "Infinity": f"Request body holds Infinity, which is not a JSON number: {NUMBER_RULE}",
    "-Infinity": f"Request body holds -Infinity, which is not a JSON number: {NUMBER_RULE}",
}
OUT_OF_RANGE = f"Request body holds a number out of range: {NUMBER_RULE}"
NUMBERS = {
    **NOT_A_NUMBER,
    **dict.fromkeys(("1e400", "-1e400", "1" * 1001, "-" + "9" * 1001), OUT_OF_RANGE),
}
INCIDENT = '{"title": "Odd numbers", "description": "A payload with odd numbers", "severity": "low", '


def bodies(number: str) -> dict[str, tuple[str, str]]:
    """Where a number can hide, by route: the free-form fields, a typed field, the body itself."""
    return {
        "raw_data": ("/incidents", INCIDENT + '"raw_data": {"score": ' + number + "}}"),
        "raw_data-list": ("/incidents", INCIDENT + '"raw_data": {"scores": [1, 2, ' + number + "]}}"),
        "custom_details": (
            "/events",
            '{"event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", '
            '"custom_details": {"value": ' + number + "}}}",
        ),
        "grafana-values": (
            "/integrations/alertmanager",
            '{"alerts": [{"status": "firing", "values": {"B": ' + number + "}}]}",
        ),
        "typed-field": (
            "/webhooks",
            '{"name": "n", "url": "https://example.com/h", "events": ["*"], "timeout_seconds": ' + number + "}",
        ),
        "whole-body": ("/incidents", number),
    }


def stored_incidents() -> int:
    answer = boto3.client("dynamodb").scan(TableName=TABLE, Select="COUNT")  # a test may Scan moto
    return int(answer["Count"])


@pytest.mark.parametrize("place", list(bodies("0")))
def test_a_number_json_or_dynamodb_can_not_carry_is_a_400_anywhere_and_nothing_is_stored_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, place: str
) -> None:
    for number, message in NUMBERS.items():
        path, body = bodies(number)[place]
        response = attacks.record(gateway.request("POST", path, raw_body=body, token=token()))
        assert response.status_code == 400, (number, response.text)
        assert response.json()["error"] == {
            "code": "VALIDATION_ERROR",
            "message": message,
            "details": [{"field": "body", "message": message}],
        }
    assert stored_incidents() == 0


def test_a_result_detail_of_1e200_is_kept_exactly_not_a_dynamodb_500_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger
) -> None:
    incident = new_incident(gateway, token())
    base = f"/incidents/{incident['id']}/actions"
    requested = gateway.request(
        "POST",
        base,
        json_body={"action": "block_ip", "parameters": {"ip": "198.51.99.7"}, "reason": "Command and control traffic"},
        token=token(),
    )
    assert requested.status_code == 201, requested.text
    action_id = requested.json()["data"]["action_id"]
    approved = gateway.request("POST", f"{base}/{action_id}/approve", token=token(sub="bob"))
    assert approved.json()["data"]["status"] == "requested"
    body = '{"success": true, "details": {"blocked": 1e200, "tiny": 5e-324, "long": ' + "9" * 40 + "}}"
    response = attacks.record(gateway.request("POST", f"{base}/{action_id}/result", raw_body=body, token=token()))
    assert response.status_code == 200, response.text
    expected = {"blocked": 1e200, "tiny": 5e-324, "long": int("9" * 40)}
    assert response.json()["data"]["result"]["details"] == expected
    stored = gateway.request("GET", f"{base}/{action_id}", token=token()).json()["data"]
    assert (stored["status"], stored["result"]["details"]) == ("completed", expected)


@pytest.mark.parametrize("number", ["0", "-0.0", "1e125", "-1e200", "5e-324", "1.7976931348623157e308", "9" * 1000])
def test_numbers_at_the_edges_of_the_range_are_kept_as_sent_moto(
    gateway: AttackGateway, token: TokenFactory, number: str
) -> None:
    body = INCIDENT + '"raw_data": {"score": ' + number + "}}"
    response = gateway.request("POST", "/incidents", raw_body=body, token=token())
    assert response.status_code == 201, response.text
    assert response.json()["data"]["raw_data"] == {"score": json.loads(number)}


def test_an_answer_with_a_nan_is_a_value_error_in_the_one_builder_never_bare_nan() -> None:
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        ok({"score": float("nan")})


def test_a_nan_that_reached_storage_answers_a_500_in_strict_json_never_bare_nan_moto(
    gateway: AttackGateway, token: TokenFactory
) -> None:
    """A value stored before this check (raw_data is kept as JSON text, which Python writes with `NaN`).

    Not an attack of the ledger: the fault is planted in the table, and the 500 is the safe outcome."""
    incident = new_incident(gateway, token(), raw_data={"score": 1})
    table = boto3.resource("dynamodb").Table(TABLE)
    key = {"pk": incident_pk("acme", incident["id"]), "sk": INCIDENT_SK}
    assert table.get_item(Key=key)["Item"]["raw_data_json"] == '{"score":1}'
    table.update_item(
        Key=key, UpdateExpression="SET raw_data_json = :nan", ExpressionAttributeValues={":nan": '{"score":NaN}'}
    )
    response = gateway.request("GET", f"/incidents/{incident['id']}", token=token())
    assert response.status_code == 500
    assert strict_json(response.text)["error"] == {"code": "INTERNAL_ERROR", "message": "An internal error occurred"}
    assert "NaN" not in response.text
