"""OWASP API4 and API8: request headers and header values a client stores, within bounds.

- `Idempotency-Key` was taken of any length: now 1 to 255 printable ASCII characters, else a
  400 naming the header, and no action is created.
- A webhook's own header values took NUL and DEL (`http.client` sends them as they are): now
  visible ASCII, spaces and tabs only, else a 400, and nothing is stored.
- `If-Match` and `Prefer` values that are not numbers of ours (`²`, 5,000 digits) used to
  reach `int()`: a 500. Now a 412 and an ignored preference.

moto's DynamoDB holds the table.
"""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.actions.service import IDEMPOTENCY_KEY_RULE
from tests.integration.conftest import TokenFactory
from tests.integration.helpers import new_incident
from tests.security.conftest import AttackGateway, AttackLedger

NOTIFY = {"action": "notify", "parameters": {"message": "Rotate the shared credentials"}}
BAD_KEYS = {
    "256 characters": "k" * 256,
    "empty": "",
    "NUL": "key\x00",
    "DEL": "key\x7f",
    "a line feed": "key\nX-Injected: 1",
    "an escape": "\x1b[31mred",
    "non-ASCII": "clé-1",
    "8 KiB": "k" * 8192,
}
WEBHOOK = {"name": "SIEM", "url": "http://127.0.0.1:9/hook", "events": ["*"]}
BAD_HEADER_VALUES = {
    "NUL": "token\x00",
    "DEL": "token\x7f",
    "a bell": "token\x07",
    "an escape": "\x1b[2J",
    "a line feed": "token\nX-Injected: 1",
    "a carriage return": "token\rX-Injected: 1",
    "a vertical tab": "to\x0bken",
    "non-Latin-1": "token €",
    "1,025 characters": "v" * 1025,
}


@pytest.mark.parametrize("route", ["actions", "remediate"])
def test_an_idempotency_key_out_of_bounds_is_a_400_naming_the_header_and_creates_nothing_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, route: str
) -> None:
    incident = new_incident(gateway, token())
    path = f"/incidents/{incident['id']}/{route}"
    for key in BAD_KEYS.values():
        response = attacks.record(
            gateway.request("POST", path, json_body=NOTIFY, token=token(), headers={"Idempotency-Key": key})
        )
        assert response.status_code == 400, (key[:20], response.text)
        assert response.json()["error"] == {
            "code": "VALIDATION_ERROR",
            "message": IDEMPOTENCY_KEY_RULE,
            "details": [{"field": "Idempotency-Key", "message": IDEMPOTENCY_KEY_RULE}],
        }
    listed = gateway.request("GET", f"/incidents/{incident['id']}/actions", token=token())
    assert listed.json()["data"] == []


def test_an_idempotency_key_of_255_printable_characters_replays_the_first_answer_moto(
    gateway: AttackGateway, token: TokenFactory
) -> None:
    incident = new_incident(gateway, token())
    path = f"/incidents/{incident['id']}/actions"
    key = "".join(chr(32 + number % 95) for number in range(255))  # every printable character, space included
    first = gateway.request("POST", path, json_body=NOTIFY, token=token(), headers={"Idempotency-Key": key})
    again = gateway.request("POST", path, json_body=NOTIFY, token=token(), headers={"Idempotency-Key": key})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.header("Idempotent-Replayed") == "true"
    assert again.json()["data"]["action_id"] == first.json()["data"]["action_id"]


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_webhook_header_value_with_a_control_character_is_a_400_and_nothing_is_stored_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, method: str
) -> None:
    path = "/webhooks"
    if method == "PATCH":
        created = gateway.request("POST", "/webhooks", json_body=WEBHOOK, token=token())
        path = f"/webhooks/{created.json()['data']['id']}"
    for value in BAD_HEADER_VALUES.values():
        body = {**WEBHOOK, "headers": {"X-Api-Key": value}} if method == "POST" else {"headers": {"X-Api-Key": value}}
        response = attacks.record(gateway.request(method, path, json_body=body, token=token()))
        assert response.status_code == 400, (value[:20], response.text)
        message = "header X-Api-Key is not a valid HTTP header"
        assert response.json()["error"]["details"] == [{"field": "headers", "message": message}]
    listed = gateway.request("GET", "/webhooks", token=token()).json()["data"]
    assert [webhook.get("headers") or {} for webhook in listed] == ([{}] if method == "PATCH" else [])


def test_a_webhook_header_value_of_visible_ascii_spaces_and_tabs_is_kept_moto(
    gateway: AttackGateway, token: TokenFactory
) -> None:
    value = "Bearer a-b_c.d~e+f/g=\tand spaces !#$%&'()*,:;<>?@[]^`{|}"
    response = gateway.request(
        "POST", "/webhooks", json_body={**WEBHOOK, "headers": {"X-Api-Key": value}}, token=token()
    )
    assert response.status_code == 201, response.text
    assert set(response.json()["data"]["headers"]) == {"X-Api-Key"}


@pytest.mark.parametrize("if_match", ["²", '"٣"', "9" * 5000, 'W/"' + "1" * 19 + '"'])
def test_an_if_match_that_is_no_version_of_ours_is_a_412_not_a_500_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, if_match: str
) -> None:
    incident = new_incident(gateway, token())
    response = attacks.record(
        gateway.request(
            "PATCH",
            f"/incidents/{incident['id']}",
            json_body={"severity": "high"},
            token=token(),
            headers={"If-Match": if_match},
        )
    )
    assert response.status_code == 412
    assert response.json()["error"] == {
        "code": "PRECONDITION_FAILED",
        "message": "If-Match must be an ETag returned by this API",
    }
    after = gateway.request("GET", f"/incidents/{incident['id']}", token=token()).json()["data"]
    assert after["severity"] == incident["severity"]


@pytest.mark.parametrize("prefer", ["wait=" + "9" * 5000, "wait=²", "wait=-1", "wait=" * 1000])
def test_a_prefer_wait_that_is_not_a_number_of_seconds_is_ignored_moto(
    gateway: AttackGateway, token: TokenFactory, attacks: AttackLedger, prefer: str
) -> None:
    incident = new_incident(gateway, token())
    response: Any = attacks.record(
        gateway.request(
            "POST", f"/incidents/{incident['id']}/triage", json_body={}, token=token(), headers={"Prefer": prefer}
        )
    )
    assert response.status_code == 202, response.text
    assert response.header("Preference-Applied") is None
