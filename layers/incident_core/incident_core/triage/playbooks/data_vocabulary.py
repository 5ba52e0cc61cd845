"""Terms of the data exfiltration playbook: the words of data leaving and the fields tools count it in."""

from __future__ import annotations

DATA_EXFILTRATION_KEYWORDS = (
    "data sent",
    "rare domain",
    "dns tunnelling",
    "dns tunneling",
    "tunneling",
    "tunnelling",
    "downloading",
    "sensitive data",
    "sensitivedata",
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
    "usb",
    "usb drive",
    "removable media",
    "customer list",
    "contact list",
    "client files",
    "wrong person",
    "wrong recipient",
    "personal onedrive",
    "personal google drive",
    "personal dropbox",
    "personal drive",
    "personal email",
    "personal gmail",
    "personal account",
    "private email",
    "synced",
    "exported",
    "external drive",
    "external hard drive",
)
"""Words of data leaving: transfers, uploads, DLP, removable media, misdirected mail."""

OUTBOUND_BYTE_FIELDS = (
    "bytes_out",
    "bytes_sent",
    "bytes_uploaded",
    "upload_bytes",
    "outbound_bytes",
    "sent_bytes",
    "bytes_transferred",
    "total_bytes",
    "total_size_bytes",
    "bytes_exfiltrated",
)

TEN_GB_OR_MORE = (
    r"(?:(?:[1-9]\d+|\d{1,3}(?:,\d{3})+)(?:[.,]\d+)?\s*(?:gb|gib|gigabytes?|gigs?)"
    r"|\d+(?:[.,]\d+)?\s*(?:tb|tib|terabytes?))\b"
)
"""A volume written in the prose that the byte fields would call very large (`60 gig`, `1.2 TB`)."""

PERSONAL_DESTINATION_FIELDS = (
    "exposure_type",
    "exposure",
    "destination_type",
    "destination_category",
    "vector",
    "channel",
    "endpoint_operation",
    "endpoint_activity",
    "activity_type",
)
"""Where DLP and insider-risk tools say where a file went (Code42 Incydr `exposure` and
`destinationCategory`, Purview endpoint DLP `EndpointOperation`, Netskope, Forcepoint channels)."""

PERSONAL_DESTINATIONS = (
    "removablemedia",
    "removable_media",
    "usb",
    "personalcloud",
    "personal_cloud",
    "personal_storage",
    "personalemail",
    "personal_email",
    "webmail",
    "outsidetrusteddomains",
    "outside_trusted_domains",
    "sharedvialink",
    "shared_via_link",
    "ispublic",
    "is_public",
    "publiclink",
    "public_link",
    "filecopiedtoremovablemedia",
    "fileuploadedtocloud",
    "filetransferredbybluetooth",
    "filecopiedtonetworkshare",
    "fileuploadedtocloudservice",
)
"""Destinations outside the company's control: removable media, personal mail and cloud, public links."""

MOVED_OUT = r"(?:upload|sent|send|transfer|download|pull|copied|copy|export|sync|moved|exfiltrat|leak|took|shared)"
"""Verbs of data being moved, in the prose before a volume ("synced 30 GB", "exported 2 TB")."""

PUBLIC_EXPOSURE = (
    r"\bpublicly (?:accessible|readable|exposed|shared|available)\b",
    r"\bpublic (?:bucket|container|link|share|read access|acl)\b",
    r"\banyone with the link\b",
    r"\ball(?:authenticated)?users\b",
    r"\bgrants? [\w:*./-]{1,40} to ['\"]?\*['\"]?",
    r"\bopen to the (?:internet|world)\b",
)
"""Data that anyone can read: a public bucket or share, an anonymous link."""

READ_BY_STRANGERS = (
    r"\b(?:downloads?|downloaded|accessed|read|retrieved)\b[^.\n]{0,30}?\b(?:by|from)\b[^.\n]{0,10}?"
    r"\b(?:unknown|unrecognised|unrecognized|external|foreign|anonymous|outside)\b",
    r"\b(?:unknown|external|anonymous) (?:ip|ips|addresses|parties|users|callers)\b[^.\n]{0,30}?"
    r"\b(?:downloaded|accessed|read|retrieved|listed)\b",
)
"""Someone outside the company has already read the data."""

DEPARTING_USER_WORDS = (
    "resigned",
    "resignation",
    "notice period",
    "last day",
    "leaving for a competitor",
    "leaving the company",
    "departing employee",
    "departing",
    "flight risk",
    "terminated employee",
    "contract ended",
    "former employee",
    "left the company",
    "ex-employee",
    "leaver",
    "who left",
    "has left",
    "offboarded",
)
"""The user is leaving or has left (insider-risk tools' watchlists, HR words)."""

SENSITIVE_DATA_WORDS = (
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
    "social security",
    "iban",
    "passport",
    "health records",
    "phi",
    "salaries",
    "customer list",
    "client list",
    "intellectual property",
)
"""Kinds of data whose loss has to be reported or hurts (personal, financial, secret)."""
