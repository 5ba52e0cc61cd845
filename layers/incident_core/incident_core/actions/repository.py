"""DynamoDB storage of response actions, in the incident's partition: `ACTION#<action id>`.

Every change of an action is one transaction: the action (conditional on its `version`),
its event item, and, when it is created, a check that the incident exists and the
`Idempotency-Key` record that makes a retried request return the same action.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from incident_core.core import aws
from incident_core.core.settings import get_settings
from incident_core.incidents.repository import incident_alive
from incident_core.storage.dynamo import item_fields, marshal, transact, unmarshal, versioned_put
from incident_core.storage.keys import ACTION_PREFIX, IDEMPOTENCY_PREFIX, incident_pk
from incident_core.storage.outbox import EventRecord, event_puts

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class ActionRepository(ABC):
    @abstractmethod
    def create(self, action: Mapping[str, Any], *, event: EventRecord, idempotency: Mapping[str, Any] | None) -> None:
        """Store a new action (VersionMismatch when the incident is gone or the key was used)."""

    @abstractmethod
    def update(self, action: Mapping[str, Any], *, expected_version: int, events: list[EventRecord]) -> None: ...

    @abstractmethod
    def get(self, *, org_id: str, incident_id: str, action_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def list(self, *, org_id: str, incident_id: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def idempotency_record(self, *, org_id: str, incident_id: str, key: str) -> dict[str, Any] | None: ...


class DynamoActionRepository(ActionRepository):
    def __init__(self, *, table_name: str, client: DynamoDBClient | None = None) -> None:
        self.table_name = table_name
        self.client: DynamoDBClient = client or aws.client("dynamodb")

    def _item(self, action: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **{key: value for key, value in action.items() if value is not None},
            "pk": incident_pk(action["org_id"], action["incident_id"]),
            "sk": f"{ACTION_PREFIX}{action['id']}",
            "entity": "action",
        }

    def create(self, action: Mapping[str, Any], *, event: EventRecord, idempotency: Mapping[str, Any] | None) -> None:
        pk = incident_pk(action["org_id"], action["incident_id"])
        items: list[dict[str, Any]] = [
            {"Put": versioned_put(self.table_name, self._item(action), expected_version=None)},
            incident_alive(self.table_name, action["org_id"], action["incident_id"]),
            *event_puts(self.table_name, [event]),
        ]
        if idempotency is not None:
            record = {
                **idempotency,
                "pk": pk,
                "sk": f"{IDEMPOTENCY_PREFIX}{idempotency['key']}",
                "entity": "idempotency",
            }
            items.append(
                {
                    "Put": {
                        "TableName": self.table_name,
                        "Item": marshal(record),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
            )
        transact(self.client, items)

    def update(self, action: Mapping[str, Any], *, expected_version: int, events: list[EventRecord]) -> None:
        items: list[dict[str, Any]] = [
            {"Put": versioned_put(self.table_name, self._item(action), expected_version=expected_version)}
        ]
        items += event_puts(self.table_name, events)
        transact(self.client, items)

    def get(self, *, org_id: str, incident_id: str, action_id: str) -> dict[str, Any] | None:
        answer = self.client.get_item(
            TableName=self.table_name,
            Key={"pk": {"S": incident_pk(org_id, incident_id)}, "sk": {"S": f"{ACTION_PREFIX}{action_id}"}},
            ConsistentRead=True,
        )
        return item_fields(unmarshal(answer["Item"])) if "Item" in answer else None

    def list(self, *, org_id: str, incident_id: str) -> list[dict[str, Any]]:
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
            "ExpressionAttributeValues": {
                ":pk": {"S": incident_pk(org_id, incident_id)},
                ":prefix": {"S": ACTION_PREFIX},
            },
        }
        found: list[dict[str, Any]] = []
        while True:
            answer = self.client.query(**request)
            found += [item_fields(unmarshal(item)) for item in answer.get("Items", [])]
            if "LastEvaluatedKey" not in answer or len(found) >= 1000:
                return found
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def idempotency_record(self, *, org_id: str, incident_id: str, key: str) -> dict[str, Any] | None:
        answer = self.client.get_item(
            TableName=self.table_name,
            Key={"pk": {"S": incident_pk(org_id, incident_id)}, "sk": {"S": f"{IDEMPOTENCY_PREFIX}{key}"}},
            ConsistentRead=True,
        )
        return item_fields(unmarshal(answer["Item"])) if "Item" in answer else None


@lru_cache(maxsize=1)
def get_action_repository() -> ActionRepository:
    return DynamoActionRepository(table_name=get_settings().table_name)
