"""Data exfiltration: data leaving the organisation."""

from __future__ import annotations

from incident_core.triage.playbooks import shared
from incident_core.triage.playbooks.rules import ActionRule, Indicator, Matches, Playbook
from incident_core.triage.playbooks.vocabulary import DESTINATION_IP_FIELDS, PERSONAL_STORAGE

__all__ = ["DATA_EXFILTRATION"]

OUTBOUND_BYTE_FIELDS = ("bytes_out", "bytes_sent", "bytes_uploaded", "upload_bytes", "outbound_bytes", "sent_bytes")


def _outbound_bytes(indicator_id: str, reason: str, *, weight: float, threshold: float) -> Indicator:
    """One step of the outbound volume: the heaviest step reached counts (group `volume`)."""
    return Indicator(
        id=indicator_id,
        kind="raw_field_numeric_gte",
        weight=weight,
        reason=reason,
        fields=OUTBOUND_BYTE_FIELDS,
        threshold=threshold,
        group="volume",
        unit="bytes",
    )


DATA_EXFILTRATION = Playbook(
    name="data_exfiltration",
    category="data_exfiltration",
    kind="security",
    description="Data leaving: large outbound transfers, unusual destinations, personal cloud storage.",
    matches=Matches(
        incident_types=("data_exfiltration", "exfiltration", "data_leak", "data_loss", "dlp", "insider_threat"),
        sources=("dlp", "netskope", "zscaler", "purview", "forcepoint", "code42", "macie"),
        keywords=(
            "exfiltration",
            "exfiltrate",
            "exfil",
            "dlp",
            "data loss prevention",
            "data leak",
            "large upload",
            "outbound transfer",
            "unusual data transfer",
            "mass download",
            "personal cloud",
            "uploaded to",
        ),
        raw_fields=(
            "bytes_out",
            "bytes_sent",
            "bytes_uploaded",
            "upload_bytes",
            "destination_domain",
            "destination_country",
            "dlp_policy",
            "policy_name",
        ),
    ),
    indicators=(
        _outbound_bytes("large_transfer", "Large outbound transfer: {value} (>= 1 GB)", weight=0.45, threshold=1e9),
        _outbound_bytes(
            "very_large_transfer", "Very large outbound transfer: {value} (>= 10 GB)", weight=0.6, threshold=1e10
        ),
        Indicator(
            id="volume_words",
            kind="pattern_any",
            weight=0.3,
            reason="A large volume sent out ('{value}')",
            terms=(
                r"\b\d+(?:[.,]\d+)?\s*(?:gb|gib|tb|tib|gigabytes?|terabytes?)\b[^\n.]{0,40}\b(?:upload|sent|transfer|out)",
                r"\b(?:upload|sent|transfer)\w*\b[^\n.]{0,40}\b\d+(?:[.,]\d+)?\s*(?:gb|gib|tb|tib|gigabytes?|terabytes?)\b",
            ),
            scope="text",
            group="volume",
        ),
        Indicator(
            id="unusual_destination",
            kind="raw_field_equals",
            weight=0.3,
            reason="The destination is {value}",
            fields=("destination_category", "url_category", "domain_category", "destination_reputation"),
            terms=("uncategorized", "newly_registered", "suspicious", "malicious", "anonymizer", "file_sharing"),
            group="destination",
        ),
        Indicator(
            id="first_seen_destination",
            kind="raw_field_equals",
            weight=0.3,
            reason="First transfer to this destination ({value})",
            fields=("first_seen_destination", "new_destination", "rare_destination", "unusual_destination"),
            terms=("true", "yes", "1"),
            group="destination",
        ),
        Indicator(
            id="unusual_destination_words",
            kind="keyword_any",
            weight=0.3,
            reason="Unusual destination ('{value}')",
            terms=(
                "unusual destination",
                "first-seen destination",
                "never seen before",
                "rare destination",
                "unusual country",
                "new country",
                "unfamiliar location",
            ),
            group="destination",
        ),
        Indicator(
            id="archive_before_upload",
            kind="pattern_any",
            weight=0.3,
            reason="Data archived before the transfer ('{value}')",
            terms=(
                r"\b[\w-]+\.(?:zip|7z|rar|tar|tgz|tar\.gz)\b",
                r"\b7z(?:\.exe)?\s+a\b",
                r"\brar(?:\.exe)?\s+a\b",
                r"\btar\s+-?c[a-z]*f\b",
                r"\bcompress-archive\b",
                r"\bzip\s+-r\b",
            ),
        ),
        Indicator(
            id="personal_storage",
            kind="observable_matches",
            weight=0.35,
            reason="Upload to personal cloud storage or file sharing ({value})",
            observable_types=("domain", "url"),
            terms=PERSONAL_STORAGE,
            group="storage",
        ),
        Indicator(
            id="personal_storage_words",
            kind="keyword_any",
            weight=0.35,
            reason="Upload to personal storage ('{value}')",
            terms=(
                "personal cloud",
                "personal google drive",
                "personal dropbox",
                "personal onedrive",
                "personal email",
                "personal gmail",
                "personal account",
                "usb drive",
                "removable media",
            ),
            group="storage",
        ),
        Indicator(
            id="sensitive_data",
            kind="keyword_any",
            weight=0.2,
            reason="Sensitive data involved ('{value}')",
            terms=(
                "confidential",
                "highly confidential",
                "restricted",
                "pii",
                "customer data",
                "source code",
                "payroll",
                "credit card",
                "cardholder",
                "ssn",
                "trade secret",
            ),
        ),
        Indicator(
            id="off_hours",
            kind="keyword_any",
            weight=0.15,
            reason="Outside working hours ('{value}')",
            terms=("outside business hours", "off-hours", "after hours", "outside working hours"),
        ),
        Indicator(
            id="sanctioned_transfer",
            kind="keyword_any",
            weight=-0.6,
            reason="A sanctioned transfer ('{value}'): lowers confidence",
            terms=(
                "scheduled backup",
                "nightly backup",
                "backup job",
                "replication job",
                "sanctioned destination",
                "approved transfer",
                "corporate tenant",
            ),
            group="sanctioned",
        ),
        Indicator(
            id="sanctioned_flag",
            kind="raw_field_equals",
            weight=-0.6,
            reason="The destination is sanctioned ({value}): lowers confidence",
            fields=("sanctioned", "destination_sanctioned", "approved_destination", "allowlisted"),
            terms=("true", "yes"),
            group="sanctioned",
        ),
    ),
    actions=(
        shared.block_ip(
            "Block {target}, the public destination of the transfer",
            fields=DESTINATION_IP_FIELDS,
            min_confidence=0.7,
            when=("malicious",),
        ),
        shared.user_action(
            "disable_user",
            "{target} moved the data: disable until the transfer is explained",
            min_confidence=0.7,
            when=("malicious",),
            limit=1,
        ),
        ActionRule(
            action="notify",
            reason="Data may have left: privacy and legal assess notification duties",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            parameters={"audience": "privacy"},
        ),
        shared.ASSIGN_ANALYST,
        shared.ESCALATE_WHEN_CERTAIN,
    ),
)
