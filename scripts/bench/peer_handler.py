"""The handler a user would write instead of this project's functions (the bench's `peer`).

One Lambda for the incident routes the bench calls, written the way the Powertools and
pydantic documentation show it: `APIGatewayRestResolver(enable_validation=True)` with a
pydantic model for each body, pyjwt for the bearer token, a Powertools `Logger`, and a boto3
DynamoDB client made at module level (the client rather than `boto3.resource`, the lighter of
the two, so the comparison does not flatter the project). Each route makes the DynamoDB calls
its function makes, of the same kinds and in the same order (`dynamodb_call_names` in the
report): the caller's rate-limit counter (an UpdateItem on `RATE_LIMIT_TABLE_NAME`), then, say
for a change, the GetItem of the incident and one TransactWriteItems of the incident and its
event. The ratio then compares the libraries and the code around the same storage work, which
the emulator's per-call latency would otherwise swamp. `lambda_layout` copies this file as the
peer's `app.py`; the bench runs it with the same runner, path, environment and events as the
functions, so `peer_ratio = median(function) / median(peer)`.

It is measured, never deployed: no tenant checks, no conditions, no paging.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Annotated, Any, Literal

import boto3
import jwt
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, UnauthorizedError
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, Field

logger = Logger()
app = APIGatewayRestResolver(enable_validation=True)
dynamodb = boto3.client("dynamodb")
TABLE = os.environ["TABLE_NAME"]
SECRET = os.environ.get("JWT_SECRET", "")
RATE_LIMIT_TABLE = os.environ.get("RATE_LIMIT_TABLE_NAME", "")

Severity = Literal["low", "medium", "high", "critical"]


class NewIncident(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=10_000)] = ""
    severity: Severity
    incident_type: str
    source: str | None = None
    affected_systems: list[str] = []
    tags: list[str] = []


class IncidentPatch(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    severity: Severity | None = None
    tags: list[str] | None = None


class StatusChange(BaseModel):
    status: Literal["open", "triaged", "acknowledged", "investigating", "resolved", "closed"]


def caller() -> dict[str, Any]:
    """The bearer token's claims (HS256), or 401; the request counted against the caller's minute."""
    header = app.current_event.headers.get("Authorization") or app.current_event.headers.get("authorization") or ""
    try:
        claims: dict[str, Any] = jwt.decode(header.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as error:
        raise UnauthorizedError("invalid token") from error
    if RATE_LIMIT_TABLE:
        dynamodb.update_item(
            TableName=RATE_LIMIT_TABLE,
            Key={"pk": {"S": f"peer#{claims['sub']}#{int(time.time()) // 60}"}},
            UpdateExpression="ADD hits :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
        )
    return claims


def key(incident_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"PEER#{incident_id}"}, "sk": {"S": "INCIDENT"}}


def stored(incident_id: str) -> dict[str, Any]:
    item: dict[str, Any] | None = dynamodb.get_item(TableName=TABLE, Key=key(incident_id)).get("Item")
    if item is None:
        raise NotFoundError("no such incident")
    return item


def write_with_event(incident_id: str, body: str, event: str) -> None:
    """The incident and its event (timeline, outbox) in one transaction, as the functions write them."""
    now = str(time.time())
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {**key(incident_id), "body": {"S": body}, "at": {"N": now}}}},
            {
                "Put": {
                    "TableName": TABLE,
                    "Item": {"pk": {"S": f"PEER#{incident_id}"}, "sk": {"S": f"EVENT#{now}"}, "event": {"S": event}},
                }
            },
        ]
    )


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/incidents")
def create_incident(incident: NewIncident) -> tuple[dict[str, Any], int]:
    org = caller()["org_id"]
    counter = dynamodb.update_item(
        TableName=TABLE,
        Key={"pk": {"S": f"PEER#{org}"}, "sk": {"S": "COUNTER"}},
        UpdateExpression="ADD seq :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="UPDATED_NEW",
    )
    incident_id = f"{org}-{counter['Attributes']['seq']['N']}-{uuid.uuid4().hex[:8]}"
    write_with_event(incident_id, incident.model_dump_json(), "incident.created")
    return {"id": incident_id, **incident.model_dump()}, 201


@app.get("/incidents")
def list_incidents() -> dict[str, Any]:
    org = caller()["org_id"]
    found = dynamodb.query(
        TableName=TABLE, KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": f"PEER#{org}"}}
    )
    counter = dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": f"PEER#{org}"}, "sk": {"S": "COUNTER"}})
    return {"items": found.get("Items", []), "total": counter.get("Item", {}).get("seq")}


@app.get("/incidents/<incident_id>")
def get_incident(incident_id: str) -> dict[str, Any]:
    caller()
    return stored(incident_id)


@app.patch("/incidents/<incident_id>")
def update_incident(incident_id: str, patch: IncidentPatch) -> dict[str, Any]:
    caller()
    item = dynamodb.get_item(TableName=TABLE, Key=key(incident_id)).get("Item", {})
    write_with_event(incident_id, patch.model_dump_json(exclude_none=True), "incident.updated")
    return {"id": incident_id, "was": item, **patch.model_dump(exclude_none=True)}


@app.put("/incidents/<incident_id>/status")
def change_status(incident_id: str, change: StatusChange) -> dict[str, Any]:
    caller()
    item = dynamodb.get_item(TableName=TABLE, Key=key(incident_id)).get("Item", {})
    write_with_event(incident_id, change.model_dump_json(), "incident.status_changed")
    return {"id": incident_id, "was": item, "status": change.status}


@app.delete("/incidents/<incident_id>")
def delete_incident(incident_id: str) -> tuple[dict[str, Any], int]:
    caller()
    dynamodb.get_item(TableName=TABLE, Key=key(incident_id))
    write_with_event(incident_id, "{}", "incident.deleted")
    return {}, 204


@app.get("/analytics/incidents")
def incident_analytics() -> dict[str, Any]:
    org = caller()["org_id"]
    found = dynamodb.query(
        TableName=TABLE, KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": f"STATS#{org}"}}
    )
    counter = dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": f"PEER#{org}"}, "sk": {"S": "COUNTER"}})
    return {"buckets": found.get("Items", []), "total": counter.get("Item", {}).get("seq")}


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
