"""Request models and enums of the incident API.

Input is strict: unknown and read-only fields are refused, never silently dropped.
Severity and status are accepted in any letter case (and status by its aliases) and
stored lower case.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from incident_core.settings import get_settings


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Status(StrEnum):
    OPEN = "open"
    TRIAGED = "triaged"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Classification(StrEnum):
    TRUE_POSITIVE = "true_positive"
    FALSE_POSITIVE = "false_positive"
    BENIGN = "benign"
    DISRUPTED = "disrupted"


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}

# Words other incident APIs use for our statuses. Numeric codes follow the published
# spec our create contract comes from: 3 and 4 are resolutions with a classification.
STATUS_ALIASES: dict[str, tuple[Status, Classification | None]] = {
    "1": (Status.OPEN, None),
    "2": (Status.INVESTIGATING, None),
    "3": (Status.RESOLVED, Classification.TRUE_POSITIVE),
    "4": (Status.RESOLVED, Classification.FALSE_POSITIVE),
    "5": (Status.CLOSED, None),
    "new": (Status.OPEN, None),
    "submitted": (Status.OPEN, None),
    "detected": (Status.OPEN, None),
    "triage": (Status.TRIAGED, None),
    "ack": (Status.ACKNOWLEDGED, None),
    "acknowledge": (Status.ACKNOWLEDGED, None),
    "assigned": (Status.ACKNOWLEDGED, None),
    "in_progress": (Status.INVESTIGATING, None),
    "inprogress": (Status.INVESTIGATING, None),
    "active": (Status.INVESTIGATING, None),
    "reopen": (Status.INVESTIGATING, None),
    "reopened": (Status.INVESTIGATING, None),
    "mitigated": (Status.RESOLVED, None),
    "fixed": (Status.RESOLVED, None),
    "done": (Status.RESOLVED, None),
    "close": (Status.CLOSED, None),
}

READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "org_id",
        "incident_number",
        "created_by",
        "created_at",
        "updated_at",
        "acknowledged_at",
        "triaged_at",
        "resolved_at",
        "closed_at",
        "deleted_at",
        "version",
        "verdict",
        "observables",
        "recommended_actions",
    }
)

SEVERITY_CHOICES = ", ".join(severity.value for severity in Severity)
STATUS_ENDPOINT = "PUT /incidents/{id}/status"
STATUS_CHOICES = ", ".join(status.value for status in Status)


def parse_severity(value: Any) -> Severity:
    if isinstance(value, str):
        try:
            return Severity(value.strip().lower())
        except ValueError:
            pass
    raise PydanticCustomError("severity", "severity must be one of: {choices}", {"choices": SEVERITY_CHOICES})


def parse_status(value: Any) -> tuple[Status, Classification | None]:
    """Canonical status (and implied classification) for a status or one of its aliases."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        word = value.strip().lower().replace("-", "_").replace(" ", "_")
        if word in Status.__members__.values():
            return Status(word), None
        if word in STATUS_ALIASES:
            return STATUS_ALIASES[word]
    raise PydanticCustomError("status", "status must be one of: {choices} (or an alias)", {"choices": STATUS_CHOICES})


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=64)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _check_raw_data(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    limit = get_settings().max_raw_data_bytes
    if len(json.dumps(value, separators=(",", ":"), default=str).encode()) > limit:
        raise PydanticCustomError("raw_data_size", "raw_data must be at most {limit} bytes as JSON", {"limit": limit})
    return value


class StrictInput(BaseModel):
    """Base of request bodies: unknown fields are errors, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class IncidentCreate(StrictInput):
    title: Title
    description: Description
    severity: Severity
    status: Status = Status.OPEN
    incident_type: Keyword | None = None
    source: Keyword | None = None
    dedup_key: ShortText | None = None
    affected_systems: Annotated[list[ShortText], Field(max_length=50)] = Field(default_factory=list)
    tags: Annotated[list[Tag], Field(max_length=20)] = Field(default_factory=list)
    raw_data: dict[str, Any] | None = None
    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Severity:
        return parse_severity(value)

    @field_validator("affected_systems", "tags")
    @classmethod
    def _dedupe(cls, values: list[str]) -> list[str]:
        return _unique(values)

    @field_validator("raw_data")
    @classmethod
    def _raw_data_size(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return _check_raw_data(value)

    @field_validator("status", mode="before")
    @classmethod
    def _creatable_status(cls, value: Any) -> Status:
        status, _ = parse_status(value)
        if status not in (Status.OPEN, Status.INVESTIGATING, Status.RESOLVED):
            raise PydanticCustomError("status", "status must be one of: open, investigating, resolved")
        return status

    @model_validator(mode="after")
    def _investigating_needs_assignee(self) -> IncidentCreate:
        if self.status is Status.INVESTIGATING and not self.assigned_to:
            raise PydanticCustomError("assignee_required", "assigned_to is required when status is investigating")
        return self


class IncidentUpdate(StrictInput):
    """Editable fields; status changes go through `PUT /incidents/{id}/status`."""

    title: Title | None = None
    description: Description | None = None
    severity: Severity | None = None
    incident_type: Keyword | None = None
    source: Keyword | None = None
    affected_systems: Annotated[list[ShortText], Field(max_length=50)] | None = None
    tags: Annotated[list[Tag], Field(max_length=20)] | None = None
    raw_data: dict[str, Any] | None = None
    assigned_to: ShortText | None = None
    assigned_team: ShortText | None = None
    status: None = None  # named only to refuse it with a pointer to the status endpoint

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Severity | None:
        return None if value is None else parse_severity(value)

    @field_validator("affected_systems", "tags")
    @classmethod
    def _dedupe(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _unique(values)

    @field_validator("raw_data")
    @classmethod
    def _raw_data_size(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return _check_raw_data(value)

    @field_validator("status", mode="before")
    @classmethod
    def _status_has_its_own_endpoint(cls, value: Any) -> None:
        raise PydanticCustomError("status_endpoint", "status is changed with {endpoint}", {"endpoint": STATUS_ENDPOINT})

    def changed_fields(self) -> dict[str, Any]:
        """The fields the request names, `null` included (it clears an optional field)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class StatusChange(StrictInput):
    status: Status
    classification: Classification | None = None
    resolution: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None
    assigned_to: ShortText | None = None
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _resolve_alias(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "status" not in data:
            return data
        status, implied = parse_status(data["status"])
        resolved = dict(data, status=status)
        if implied is not None and resolved.get("classification") is None:
            resolved["classification"] = implied
        if isinstance(resolved.get("classification"), str):
            resolved["classification"] = resolved["classification"].strip().lower()
        return resolved


class ListQuery(BaseModel):
    """Validated query string of `GET /incidents`."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    statuses: tuple[Status, ...] = ()
    severities: tuple[Severity, ...] = ()
    incident_type: str | None = None
    source: str | None = None
    dedup_key: str | None = None
    assigned_to: str | None = None
    unassigned: bool = False
    assigned_team: str | None = None
    tag: str | None = None
    created_after: str | None = None
    created_before: str | None = None
    text: str | None = None
    created_by: str | None = None
    limit: int = 20
    cursor: str | None = None
    page: int | None = None
    per_page: int | None = None
    ascending: bool = False
