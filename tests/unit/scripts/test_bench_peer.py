"""The bench's peer (scripts/bench/peer_handler.py, the handler a user would write instead) serves
every request the bench sends with the DynamoDB calls the function of that route makes, so that
`peer_ratio` compares the code around the same storage work."""

from __future__ import annotations

import importlib.util
import sys
import uuid
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scripts.bench.config import PEER_SOURCE, RATE_LIMIT_TABLE, REGION, SECRET, TABLE
from scripts.bench.functions import REQUESTS, bench_token, request_event
from tests.support.api_events import LambdaContext
from tests.support.template import table_definition

RATE_LIMIT = "UpdateItem (rate limit)"
CHANGE = [RATE_LIMIT, "GetItem", "TransactWriteItems"]
# What the functions make (the bench's `dynamodb_call_names`, and the same count for the changes).
FUNCTION_CALLS = {
    "health": [],
    "create_incident": [RATE_LIMIT, "UpdateItem", "TransactWriteItems"],
    "list_incidents": [RATE_LIMIT, "Query", "GetItem"],
    "get_incident": [RATE_LIMIT, "GetItem"],
    "update_incident": CHANGE,
    "change_incident_status": CHANGE,
    "delete_incident": CHANGE,
    "get_incident_analytics": [RATE_LIMIT, "Query", "GetItem"],
}


def test_the_peer_answers_every_bench_request_with_the_function_s_dynamodb_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TABLE_NAME", TABLE)
    monkeypatch.setenv("RATE_LIMIT_TABLE_NAME", RATE_LIMIT_TABLE)
    monkeypatch.setenv("JWT_SECRET", SECRET)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(TableName=TABLE, **table_definition())
        client.create_table(TableName=RATE_LIMIT_TABLE, **table_definition("RateLimitTable"))
        spec = importlib.util.spec_from_file_location("bench_peer_app", PEER_SOURCE)
        assert spec and spec.loader
        peer = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, spec.name, peer)  # Powertools resolves the models' annotations in it
        spec.loader.exec_module(peer)
        made: list[str] = []

        def record(params: dict[str, Any], model: Any, **_: Any) -> None:
            rate_limit = model.name == "UpdateItem" and params.get("TableName") == RATE_LIMIT_TABLE
            made.append(RATE_LIMIT if rate_limit else model.name)

        peer.dynamodb.meta.events.register("before-parameter-build.dynamodb", record)
        token = bench_token()
        statuses, calls = {}, {}
        for name, request in REQUESTS.items():
            event = request_event(request, incident_id=str(uuid.uuid4()), token=token)
            statuses[name] = peer.lambda_handler(event, LambdaContext())["statusCode"]
            calls[name], made[:] = list(made), []
        unauthenticated = request_event(REQUESTS["get_incident"], incident_id=str(uuid.uuid4()), token="not-a-jwt")
        assert peer.lambda_handler(unauthenticated, LambdaContext())["statusCode"] == 401

    assert calls == FUNCTION_CALLS
    assert statuses == {
        "health": 200,
        "create_incident": 201,
        "list_incidents": 200,
        "get_incident": 404,  # a fresh id: looked up, as the function does
        "update_incident": 200,
        "change_incident_status": 200,
        "delete_incident": 204,
        "get_incident_analytics": 200,
    }
