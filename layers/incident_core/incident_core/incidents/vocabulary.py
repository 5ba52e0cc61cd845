"""The incident domain's plain vocabulary: severities, statuses (words and 1-5 numbers), contact
methods, incident numbers, aliases, the list query.

Nothing here imports pydantic, so the read paths (get, list, delete) load without it;
the request models in `incident_core.incidents.models` build on these.
"""

from __future__ import annotations

import re
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


class ContactMethod(StrEnum):
    """How the reporter wants to be reached (one seed's `contactMethod`; `email` by default)."""

    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    NO_CONTACT = "no_contact"


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}

# Numeric statuses (one seed's table): a number names a status and, for 3-5, a classification.
#   1 New: open or triaged; 2 Investigating: acknowledged or investigating;
#   3 Resolved (true positive), 4 Closed (false positive), 5 Disrupted (true positive).
STATUS_NAMES = {1: "New", 2: "Investigating", 3: "Resolved", 4: "Closed", 5: "Disrupted"}
STATUS_CODES: dict[int, tuple[Status, Classification | None]] = {
    1: (Status.OPEN, None),
    2: (Status.INVESTIGATING, None),
    3: (Status.RESOLVED, Classification.TRUE_POSITIVE),
    4: (Status.CLOSED, Classification.FALSE_POSITIVE),
    5: (Status.RESOLVED, Classification.DISRUPTED),
}
DISMISSALS = frozenset({Classification.FALSE_POSITIVE, Classification.BENIGN})


def status_id(status: str, classification: str | None) -> int:
    """The numeric status of an incident (the table above)."""
    if status in (Status.OPEN, Status.TRIAGED):
        return 1
    if status in (Status.ACKNOWLEDGED, Status.INVESTIGATING):
        return 2
    if classification == Classification.DISRUPTED:
        return 5
    if classification in DISMISSALS or (classification is None and status == Status.CLOSED):
        return 4
    return 3


def status_name(status: str, classification: str | None) -> str:
    """The name of an incident's numeric status (`New`, `Investigating`, `Resolved`, `Closed`, `Disrupted`)."""
    return STATUS_NAMES[status_id(status, classification)]


def status_label(status: str, classification: str | None) -> str:
    """How a status change is announced: the status's own word, `Disrupted` for a disrupted resolution."""
    if status_id(status, classification) == 5:
        return STATUS_NAMES[5]
    return Status(status).label


# `INC-<year>-<sequence>`, in any letter case: what `GET /incidents/{id}` takes beside an id.
INCIDENT_NUMBER = re.compile(r"^INC-\d{4}-\d{1,12}$", re.IGNORECASE)


# Words other incident APIs use for our statuses.
STATUS_ALIASES: dict[str, tuple[Status, Classification | None]] = {
    **{str(code): meaning for code, meaning in STATUS_CODES.items()},
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
    "disrupted": (Status.RESOLVED, Classification.DISRUPTED),
    "close": (Status.CLOSED, None),
}

# The fields that are lists: shown as [] when absent, and `null` clears them to [].
LIST_FIELDS = frozenset({"affected_systems", "tags", "observables", "recommended_actions"})

# The times the service stamps on an incident, in the order the API shows them.
STAMPED_TIMES = ("created_at", "updated_at", "acknowledged_at", "triaged_at", "resolved_at", "closed_at")
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "org_id",
        "incident_number",
        "status_id",
        "status_name",
        "created_by",
        *STAMPED_TIMES,
        "deleted_at",
        "version",
        "verdict",
        "observables",
        "recommended_actions",
    }
)

# Other APIs' names of our body fields (seeds 001, 003, 004), accepted beside ours.
FIELD_ALIASES = {
    "type": "incident_type",
    "state": "status",
    "assigned_user": "assigned_to",
    "assignedResponderId": "assigned_to",
    "contactMethod": "contact_method",
}

SEVERITY_CHOICES = ", ".join(severity.value for severity in Severity)
CONTACT_METHOD_CHOICES = ", ".join(method.value for method in ContactMethod)
STATUS_ENDPOINT = "PUT /incidents/{id}/status"
STATUS_CHOICES = ", ".join(status.value for status in Status)


def parse_severity(value: Any) -> Severity:
    if isinstance(value, str):
        try:
            return Severity(value.strip().lower())
        except ValueError:
            pass
    raise ValueError(f"severity must be one of: {SEVERITY_CHOICES}")


def parse_contact_method(value: Any) -> ContactMethod:
    """A contact method in any letter case (`In-Person` is `in_person`)."""
    if isinstance(value, str):
        word = value.strip().lower().replace("-", "_").replace(" ", "_")
        if word in ContactMethod.__members__.values():
            return ContactMethod(word)
    raise ValueError(f"contact_method must be one of: {CONTACT_METHOD_CHOICES}")


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
    """Validated query string of `GET /incidents` (built by `incidents.listing.parse_list_query`).

    A status filter matches `statuses` or (numeric statuses 3-5, which depend on the
    classification) the stored `status_id` in `status_ids`. Paging: `offset` is the 0-based
    position of the page's first item in page mode (`page` set) and offset mode; neither
    means cursor paging. `sort` names a field (`incidents.sorting`); `created_at` pages
    on the indexes, the others are sorted in memory.
    """

    statuses: tuple[Status, ...] = ()
    status_ids: tuple[int, ...] = ()
    severities: tuple[Severity, ...] = ()
    incident_type: str | None = None
    source: str | None = None
    dedup_key: str | None = None
    assigned_to: str | None = None
    unassigned: bool = False
    assigned_elsewhere: str | None = None  # assigned to someone, not to this user
    assigned_team: str | None = None
    tag: str | None = None
    created_after: str | None = None
    created_before: str | None = None
    text: str | None = None
    observable: str | None = None  # normalised (`search.terms.observable_value`)
    created_by: str | None = None
    sla: str | None = None  # `breached` or `at_risk` (sla/listing.py)
    limit: int = 20
    cursor: str | None = None
    page: int | None = None
    offset: int | None = None
    sort: str = "created_at"
    ascending: bool = False

    def fields(self, *, exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
        """The query's fields in declaration order, without those named in `exclude`."""
        return {name: value for name, value in asdict(self).items() if name not in exclude}
