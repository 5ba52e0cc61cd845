"""Every key of the one table: partitions, sort-key prefixes and index names.

Every partition key starts with the org (`ORG#<org>#...`), so a request of one org can not
even name another org's item. The items of one incident (the incident, its events,
comments, actions, triage runs, attachments) share the incident's partition; the items of
one webhook subscription (its deliveries, statistics and events) share the webhook's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

INCIDENT_SK = "INCIDENT"
TOTALS_SK = "TOTALS"
STATS_SK = "STATS"
DEDUP_SK = "OPEN"
EVENT_PREFIX = "EVENT#"
ACTION_PREFIX = "ACTION#"
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#"
COMMENT_PREFIX = "COMMENT#"
ATTACHMENT_PREFIX = "ATTACHMENT#"
TRIAGE_PREFIX = "TRIAGE#"
DELIVERY_PREFIX = "DELIVERY#"
WEBHOOK_PREFIX = "WEBHOOK#"
CLIENT_PREFIX = "CLIENT#"
STATS_DAY_PREFIX = "DAY#"
SEARCH_TERM_PREFIX = "TERM#"
SEARCH_MANIFEST_SK = "SEARCH_TERMS"  # in the incident's partition: the terms it is indexed under

# Index name -> (partition key attribute, sort key attribute). Sort is creation order.
INDEXES: dict[str, tuple[str, str]] = {
    "by_org": ("org_pk", "created_sk"),
    "by_status": ("status_pk", "created_sk"),
    "by_severity": ("severity_pk", "created_sk"),
    "by_assignee": ("assignee_pk", "created_sk"),
    "by_creator": ("creator_pk", "created_sk"),
    "by_dedup": ("dedup_pk", "created_sk"),
    "by_sla": ("sla_pk", "created_sk"),  # incidents whose SLA is at risk or breached (sla/deadlines.py)
}
# The SLA scanner's due entries (sla/scanner.py): an incident's next SLA moment, as an item in a
# partition per due minute shared by every org (the scanner serves them all; no request path reads
# it), written in the incident's own transaction. Its sort key `<moment>#<org>#<incident id>` names
# the incident. Items, not a GSI: CloudFormation adds one GSI per table update, and `by_sla` is that one.
SLA_DUE_PREFIX = "SLADUE#"
SLA_LISTED_STATES = ("at_risk", "breached")
INDEX_ATTRIBUTES = frozenset(attribute for pair in INDEXES.values() for attribute in pair)


def org_prefix(org_id: str) -> str:
    """What every key of the org starts with."""
    return f"ORG#{org_id}#"


def incident_pk(org_id: str, incident_id: str) -> str:
    return f"{org_prefix(org_id)}INC#{incident_id}"


def counters_pk(org_id: str) -> str:
    return f"{org_prefix(org_id)}COUNTERS"


def stats_pk(org_id: str) -> str:
    """The partition of the org's analytics counters: one item per day (`stats_day_sk`)."""
    return f"{org_prefix(org_id)}STATS"


def stats_day_sk(day: str) -> str:
    """The counters of one UTC day (`2026-11-30`): these sort keys sort by date, so a range is one Query."""
    return f"{STATS_DAY_PREFIX}{day}"


def search_term_pk(org_id: str, kind: str, value: str) -> str:
    """The partition of the search index items of one term (`search/`): one item per incident that has it."""
    return f"{org_prefix(org_id)}{SEARCH_TERM_PREFIX}{kind}#{value}"


def incident_number_sk(year: int) -> str:
    return f"INCIDENT_SEQ#{year}"


def dedup_claim_key(org_id: str, dedup_key: str) -> dict[str, str]:
    """The item that says which open incident holds an alert's dedup key."""
    return {"pk": f"{org_prefix(org_id)}DEDUP#{dedup_key}", "sk": DEDUP_SK}


def incident_number_key(org_id: str, incident_number: str) -> dict[str, str]:
    """The pointer from an incident number (`INC-2026-000042`, upper case) to the incident's id."""
    return {"pk": f"{org_prefix(org_id)}NUMBER#{incident_number}", "sk": INCIDENT_SK}


def idempotency_pk(org_id: str, scoped_key: str) -> str:
    """The record of one caller's `Idempotency-Key` on one route (storage/idempotency.py)."""
    return f"{org_prefix(org_id)}{IDEMPOTENCY_PREFIX}{scoped_key}"


def webhook_pk(org_id: str, webhook_id: str) -> str:
    return f"{org_prefix(org_id)}WEBHOOK#{webhook_id}"


def subscriptions_pk(org_id: str) -> str:
    return f"{org_prefix(org_id)}WEBHOOKS"


def subscription_sk(webhook_id: str) -> str:
    return f"{WEBHOOK_PREFIX}{webhook_id}"


def clients_pk(org_id: str) -> str:
    """The partition of the org's API clients (one Query lists them)."""
    return f"{org_prefix(org_id)}CLIENTS"


def client_sk(client_id: str) -> str:
    return f"{CLIENT_PREFIX}{client_id}"


def sla_policy_key(org_id: str) -> dict[str, str]:
    """The org's SLA policy (one item)."""
    return {"pk": f"{org_prefix(org_id)}SLA_POLICY", "sk": "POLICY"}


def sla_due_partition(minute: str) -> str:
    """The scanner's partition of one due minute (`2026-11-30T22:15`, UTC)."""
    return f"{SLA_DUE_PREFIX}{minute}"


def sla_due_key(org_id: str, incident_id: str, moment: str) -> dict[str, str]:
    """The key of the entry that places an incident in the due-minute bucket of its next SLA moment (ISO, UTC)."""
    return {"pk": sla_due_partition(moment[:16]), "sk": f"{moment}#{org_id}#{incident_id}"}


def sla_scanner_checkpoint_key() -> dict[str, str]:
    """The minute the SLA scanner last reached: the one item of no org (the scanner serves them all)."""
    return {"pk": "SLA_SCANNER", "sk": "CHECKPOINT"}


def sla_due_entry(sort_key: str) -> tuple[str, str, str]:
    """(moment, org id, incident id) of a due entry's sort key (`sla_due_key`)."""
    moment, rest = sort_key.split("#", 1)
    org_id, incident_id = rest.rsplit("#", 1)
    return moment, org_id, incident_id


INDEX_PARTITION_NAMES = {
    "by_org": "INCIDENTS",
    "by_status": "STATUS#",
    "by_severity": "SEVERITY#",
    "by_assignee": "ASSIGNEE#",
    "by_creator": "CREATOR#",
    "by_dedup": "DEDUP#",
    "by_sla": "SLA#",
}


def index_partition(org_id: str, index: str, value: str = "") -> str:
    """The partition of `index` that holds the org's incidents with `value` (none for `by_org`)."""
    return f"{org_prefix(org_id)}{INDEX_PARTITION_NAMES[index]}{value}"


def incident_index_keys(incident: Mapping[str, Any]) -> dict[str, str]:
    """The keys that place a live incident in the list indexes (a deleted one has none)."""
    org_id = str(incident["org_id"])
    sla = incident.get("sla") or {}
    values = {
        "by_org": "",
        "by_status": incident["status"],
        "by_severity": incident["severity"],
        "by_creator": incident["created_by"],
        "by_assignee": incident.get("assigned_to"),
        "by_dedup": incident.get("dedup_key"),
        "by_sla": sla.get("state") if sla.get("state") in SLA_LISTED_STATES else None,
    }
    keys = {"created_sk": f"{incident['created_at']}#{incident['id']}"}
    for index, value in values.items():
        if value is not None and (value != "" or index == "by_org"):
            keys[INDEXES[index][0]] = index_partition(org_id, index, str(value))
    return keys
