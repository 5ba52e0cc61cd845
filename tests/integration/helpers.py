"""Small helpers shared by the integration tests."""

from __future__ import annotations

from typing import Any

import boto3

from tests.integration.conftest import TABLE
from tests.support.gateway import InProcessGateway


def new_incident(gateway: InProcessGateway, token: str, **fields: Any) -> dict[str, Any]:
    body = {"title": "Suspicious login", "description": "Impossible travel for a finance user", "severity": "medium"}
    body.update(fields)
    response = gateway.request("POST", "/incidents", json_body=body, token=token)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def stored_events(org_id: str, incident_id: str) -> list[dict[str, Any]]:
    """The event items of an incident, straight from the table, oldest first."""
    answer = boto3.client("dynamodb").query(
        TableName=TABLE,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :events)",
        ExpressionAttributeValues={":pk": {"S": f"ORG#{org_id}#INC#{incident_id}"}, ":events": {"S": "EVENT#"}},
    )
    return [{name: next(iter(value.values())) for name, value in item.items()} for item in answer["Items"]]
