"""The actions' own Idempotency-Key record against moto: in the action's transaction, and it expires."""

from __future__ import annotations

import time

import boto3

from tests.integration.conftest import TABLE, TokenFactory
from tests.integration.helpers import new_incident
from tests.support.gateway import InProcessGateway

ANALYST = ["incidents:read", "incidents:write", "actions:execute", "actions:approve"]


def test_the_action_key_record_expires_after_24_hours_and_another_caller_is_independent_on_moto(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    alice, bob = token(sub="alice", scopes=ANALYST), token(sub="bob", scopes=ANALYST)
    incident = new_incident(gateway, alice)
    path, body = f"/incidents/{incident['id']}/actions", {"action": "notify", "parameters": {"message": "hi"}}
    before = int(time.time())
    mine = gateway.request("POST", path, json_body=body, token=alice, headers={"Idempotency-Key": "a-1"})
    theirs = gateway.request("POST", path, json_body=body, token=bob, headers={"Idempotency-Key": "a-1"})
    assert (mine.status_code, theirs.status_code) == (201, 201) and theirs.header("Idempotent-Replayed") is None
    assert mine.json()["data"]["action_id"] != theirs.json()["data"]["action_id"]
    records = boto3.client("dynamodb").query(
        TableName=TABLE,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": {"S": f"ORG#acme#INC#{incident['id']}"}, ":prefix": {"S": "IDEMPOTENCY#"}},
    )["Items"]
    assert len(records) == 2
    for record in records:
        assert before + 86400 <= int(record["expires_at"]["N"]) <= int(time.time()) + 86400
