"""OWASP API3 (broken object property level authorization): storage never shows through.

An org holds one of everything (an incident with raw data, an internal comment, an action, a
triage run, a pending attachment, a webhook, a delivery, an API client). Every read route of the API is then
asked for it, and no answer, nor any answer that made the resources, may hold a storage
attribute: a key or index attribute of the table (from `template.yaml`), or any other attribute
the stored items have that no response model documents (found in moto's table: `raw_data_json`,
`search_text`, `entity`, an event's `data_json` ...). What a webhook keeps secret (its signing
secret, its header credentials) is `test_access_properties.py`'s.

moto's DynamoDB, SQS and S3 hold the data; the event router runs in-process on the stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from incident_core.http.api_routes import API_ROUTES
from incident_core.http.openapi import response_models
from tests.integration.conftest import QUEUE, TABLE, TokenFactory
from tests.security.conftest import AttackGateway, concrete_path, declared_routes
from tests.support.gateway import ApiResponse
from tests.support.pipeline import Pipeline
from tests.support.template import template

READ_ROUTES = [route for route in declared_routes() if route.method == "GET" and route.function != "api_docs"]


@dataclass
class World:
    """One org's resources, by the path parameter that names each, and every answer that made them."""

    ids: dict[str, str]
    webhook_id: str
    answers: list[tuple[str, ApiResponse]]
    client_id: str
    integration_key_id: str


def build_world(gateway: AttackGateway, admin: str) -> World:
    answers: list[tuple[str, ApiResponse]] = []

    def call(method: str, path: str, body: Any = None, **query: Any) -> Any:
        response = gateway.request(method, path, json_body=body, token=admin, query=query or None)
        assert response.status_code < 300, (method, path, response.text)
        answers.append((f"{method} {path}", response))
        return response.json()["data"]

    webhook_body = {"name": "SIEM", "url": "http://127.0.0.1:9/hook", "events": ["*"]}
    webhook = call("POST", "/webhooks", webhook_body)
    client = call("POST", "/clients", {"name": "SIEM", "permissions": ["incidents:read"]})
    integration_key = call("POST", "/integrations/keys", {"name": "Alertmanager", "tags": ["prometheus"]})
    incident = call(
        "POST",
        "/incidents",
        {"title": "Phishing", "description": "A lure reached finance", "severity": "high", "raw_data": {"a": 1}},
    )
    base = f"/incidents/{incident['id']}"
    comment = call("POST", f"{base}/comments", {"body": "Looking into it", "internal": True})
    action = call("POST", f"{base}/actions", {"action": "notify", "parameters": {"message": "Heads up"}})
    triage = call("POST", f"{base}/triage", {})
    attachment = call("POST", f"{base}/attachments", {"filename": "a.txt", "content_type": "text/plain", "size": 5})
    queue_url = boto3.client("sqs").get_queue_url(QueueName=QUEUE)["QueueUrl"]
    Pipeline(gateway, table=TABLE, queue_url=queue_url).route()
    deliveries = call("GET", f"/webhooks/{webhook['id']}/deliveries")
    assert deliveries, "the router recorded no delivery"
    ids = {
        "id": incident["id"],
        "comment_id": comment["id"],
        "action_id": action["action_id"],
        "triage_id": triage["triage_id"],
        "attachment_id": attachment["attachment_id"],
        "delivery_id": deliveries[0]["id"],
    }
    return World(ids, webhook["id"], answers, client["client_id"], integration_key["key_id"])


def storage_only_attributes() -> set[str]:
    """Attributes the table's items hold that no response model documents, and every key attribute."""
    definitions = template()["Resources"]["IncidentsTable"]["Properties"]["AttributeDefinitions"]
    keys = {definition["AttributeName"] for definition in definitions}
    documented = {
        name for model in response_models().values() for name in model.model_json_schema().get("properties", {})
    }
    stored: set[str] = set()
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=TABLE)  # a test may Scan moto
    for page in pages:
        for item in page["Items"]:
            stored |= set(item)
    return keys | (stored - documented)


def keys_of(value: Any) -> Iterator[str]:
    """Every key of every object in a JSON value, but inside `raw_data` (the client's own data)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            if key != "raw_data":
                yield from keys_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_of(item)


@pytest.fixture
def world(gateway: AttackGateway, token: TokenFactory, attachments_bucket: str) -> World:
    return build_world(gateway, token())


def read_everything(gateway: AttackGateway, world: World, admin: str) -> list[tuple[str, ApiResponse]]:
    """Every read route's answer for the world (the org's own reads: inspected, not attacks)."""
    answers = []
    for route in READ_ROUTES:
        ids = {**world.ids, "id": world.webhook_id} if route.resource.startswith("/webhooks") else world.ids
        ids = {**ids, "id": world.client_id} if route.resource.startswith("/clients") else ids
        ids = {**ids, "id": world.integration_key_id} if route.resource.startswith("/integrations/keys") else ids
        query = {"include_pending": "true"} if route.resource.endswith("/attachments") else None
        path = concrete_path(route.resource, **ids)
        response = gateway.request("GET", path, token=admin, query=query)
        assert response.status_code == 200, (str(route), response.text)
        answers.append((str(route), response))
    return answers


def test_no_answer_holds_a_storage_attribute_moto(gateway: AttackGateway, token: TokenFactory, world: World) -> None:
    hidden = storage_only_attributes()
    assert {"pk", "sk", "org_pk", "created_sk", "raw_data_json", "search_text", "entity"} <= hidden
    for route, response in [*world.answers, *read_everything(gateway, world, token())]:
        exposed = set(keys_of(response.json())) & hidden
        assert exposed == set(), route


def test_every_read_route_of_the_api_is_read() -> None:
    documents = {"/openapi.json", "/docs", "/redoc", "/docs/assets/{name}"}  # the contract, no org's data
    table = {f"GET {path}" for path, methods in API_ROUTES.items() if "GET" in methods and path not in documents}
    assert {str(route) for route in READ_ROUTES} == table
