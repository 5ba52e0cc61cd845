"""What the alert routes answer, as models: for the OpenAPI document only (never imported at run time).

`POST /events` answers in the shape PagerDuty's clients read (`status`, `message`,
`dedup_key` at the top level, beside our envelope's `data`); `POST
/integrations/alertmanager` answers one result per alert. A unit test checks them
against real answers.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from incident_core.http.openapi import Envelope

# What an alert did (`alerts.service.AlertOutcome.result`).
AlertResult = Literal["opened", "counted", "acknowledged", "resolved", "noted", "ignored"]

# The incident an alert opened (not the phishing one of the other examples).
ALERT_INCIDENT_ID = "b8e4f2a1-6c3d-4e5f-9a7b-1c2d3e4f5a6b"
EVENT_RECEIPT_EXAMPLE: dict[str, Any] = {
    "status": "success",
    "message": "Event processed: opened",
    "dedup_key": "srv01/mysql/disk-full",
    "incident_id": ALERT_INCIDENT_ID,
}
ALERTS_RECEIVED_EXAMPLE: dict[str, Any] = {
    "status": "success",
    "alerts": [
        {"dedup_key": "alertmanager:3f9a1c2b7d4e5f60", "result": "opened", "incident_id": ALERT_INCIDENT_ID},
        {"dedup_key": "alertmanager:8c0d2e4f6a1b3c5d", "result": "ignored", "incident_id": None},
    ],
}


class EventReceipt(BaseModel):
    """What the event did; `incident_id` is null when it changed nothing (no open incident had the key)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EVENT_RECEIPT_EXAMPLE]})

    status: Literal["success"]
    message: str = Field(examples=["Event processed: opened"])
    dedup_key: str = Field(description="The key to acknowledge or resolve by (made for a trigger without one)")
    incident_id: str | None


class EventAccepted(Envelope[EventReceipt]):
    """`POST /events`: our envelope, with PagerDuty's `status`, `message` and `dedup_key` beside `data`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "success": True,
                    "status": "success",
                    "message": EVENT_RECEIPT_EXAMPLE["message"],
                    "dedup_key": EVENT_RECEIPT_EXAMPLE["dedup_key"],
                    "data": EVENT_RECEIPT_EXAMPLE,
                }
            ]
        },
    )

    status: Literal["success"]
    message: str = Field(examples=["Event processed: opened"])
    dedup_key: str


class AlertReceipt(BaseModel):
    """What one alert of the webhook did."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ALERTS_RECEIVED_EXAMPLE["alerts"][0]]})

    dedup_key: str = Field(examples=["alertmanager:3f9a1c2b7d4e5f60"])
    result: AlertResult
    incident_id: str | None


class AlertsReceived(BaseModel):
    """`POST /integrations/alertmanager`: one outcome per alert, in the order sent."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ALERTS_RECEIVED_EXAMPLE]})

    status: Literal["success"]
    alerts: list[AlertReceipt]
