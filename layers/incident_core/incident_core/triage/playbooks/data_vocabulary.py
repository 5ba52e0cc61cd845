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
