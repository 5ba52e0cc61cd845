"""The incident domain's plain vocabulary: severities, statuses, aliases, the list query.

Nothing here imports pydantic, so the read paths (get, list, delete) load without it;
the request models in `incident_core.incidents.models` build on these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


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

# The times the service stamps on an incident, in the order the API shows them.
STAMPED_TIMES = ("created_at", "updated_at", "acknowledged_at", "triaged_at", "resolved_at", "closed_at")
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "org_id",
        "incident_number",
        "created_by",
        *STAMPED_TIMES,
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
    raise ValueError(f"severity must be one of: {SEVERITY_CHOICES}")


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
    raise ValueError(f"status must be one of: {STATUS_CHOICES} (or an alias)")


@dataclass(frozen=True)
class ListQuery:
    """Validated query string of `GET /incidents` (built by `incidents.listing.parse_list_query`)."""

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

    def fields(self, *, exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
        """The query's fields in declaration order, without those named in `exclude`."""
        return {name: value for name, value in asdict(self).items() if name not in exclude}
