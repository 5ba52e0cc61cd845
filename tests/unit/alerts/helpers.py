"""Sample alarm events and the checks the alert-source tests share."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from incident_core.alerts.service import Alert
from incident_core.alerts.sources.cloudwatch import alerts_from_cloudwatch
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.vocabulary import Severity

EVENTS = Path(__file__).resolve().parents[3] / "events"
ACCOUNT, REGION = "123456789012", "us-east-1"
ISO_MS_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"alarm_ingest_{name}.json").read_text())
    return loaded


def sns_message(event: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(event["Records"][0]["Sns"]["Message"])
    return message


def with_sns_message(event: dict[str, Any], **changes: Any) -> dict[str, Any]:
    message = {key: value for key, value in {**sns_message(event), **changes}.items() if value is not None}
    event = copy.deepcopy(event)
    event["Records"][0]["Sns"]["Message"] = json.dumps(message)
    return event


def in_state(shape: str, state: str) -> dict[str, Any]:
    """A sample event of `shape` moved to `state`."""
    event = sample(shape)
    if shape in ("sns", "composite"):
        return with_sns_message(event, NewStateValue=state, OldStateValue="ALARM")
    body = event["detail"] if shape == "eventbridge" else event["alarmData"]
    body["state"]["value"] = state
    body["previousState"]["value"] = "ALARM"
    return event


def parse(event: dict[str, Any], **options: Any) -> list[Alert]:
    options.setdefault("default_severity", Severity.MEDIUM)
    return alerts_from_cloudwatch(event, **options)


def one(event: dict[str, Any], **options: Any) -> Alert:
    [alert] = parse(event, **options)
    return alert


def as_incident(alert: Alert) -> IncidentCreate:
    """What the alert rules create from an alert: proves the parser stays within the incident's limits."""
    return IncidentCreate(
        title=alert.title,
        description=alert.description,
        severity=alert.severity,
        incident_type=alert.incident_type,
        source=alert.source,
        dedup_key=alert.dedup_key,
        affected_systems=list(alert.affected_systems),
        tags=list(alert.tags),
        raw_data=dict(alert.raw_data),
    )
