"""A title and a description for an incident an integration reports without them (one seed's create body:
`incident_type`, `source`, `severity`, `raw_data`, no title, no description).

The title names the kind, the source and the payload's subject: `Phishing from email_gateway:
Important Document`. The description says who reported it and lists the payload's top-level
scalar fields (subject-like ones first): `Phishing reported by email_gateway. subject: Important
Document; sender: unknown@domain.com; ...`. Both always fit the create rules (a title of 1-255
characters, a description of 10-5000), whatever the payload holds. Pure functions: no pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

TITLE_MAX = 255
DESCRIPTION_MAX = 5000
FIELD_VALUE_MAX = 300
FIELD_NAME_MAX = 64
# The payload fields that say what it is about, best first: the title's subject, the description's lead.
SUBJECT_FIELDS = (
    "subject",
    "title",
    "summary",
    "alert_name",
    "alertname",
    "name",
    "rule",
    "rule_name",
    "signature",
    "message",
    "description",
)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def needs_derived_text(body: Mapping[str, Any]) -> bool:
    """Whether a create body leaves out both title and description and says enough to derive them."""
    if "title" in body or "description" in body:
        return False
    kind, raw_data = body.get("incident_type"), body.get("raw_data")
    return (isinstance(kind, str) and bool(_clean(kind))) or isinstance(raw_data, Mapping)


def derived_title(body: Mapping[str, Any]) -> str:
    """`<Kind> from <source>: <subject>`, each part only when the body has it."""
    title = _kind(body)
    source = _source(body)
    if source:
        title += f" from {source}"
    subject = _subject(_payload(body))
    if subject:
        title += f": {subject}"
    return _cut(title, TITLE_MAX)


def derived_description(body: Mapping[str, Any]) -> str:
    """`<Kind> reported by <source>.` and the payload's telling fields, as `name: value; ...`."""
    source = _source(body)
    lead = f"{_kind(body)} reported by {source}." if source else f"{_kind(body)} reported through the API."
    fields = "; ".join(f"{name}: {value}" for name, value in _telling_fields(_payload(body)))
    return _cut(f"{lead} {fields}" if fields else lead, DESCRIPTION_MAX)


def _kind(body: Mapping[str, Any]) -> str:
    kind = body.get("incident_type")
    words = _clean(kind).replace("_", " ").replace("-", " ") if isinstance(kind, str) else ""
    words = _SPACES.sub(" ", words).strip()
    return words[:1].upper() + words[1:].lower() if words else "Incident"


def _source(body: Mapping[str, Any]) -> str:
    source = body.get("source")
    return _cut(_clean(source), 64) if isinstance(source, str) else ""


def _payload(body: Mapping[str, Any]) -> Mapping[str, Any]:
    raw_data = body.get("raw_data")
    return raw_data if isinstance(raw_data, Mapping) else {}


def _subject(payload: Mapping[str, Any]) -> str:
    for name in SUBJECT_FIELDS:
        value = _scalar_text(payload.get(name))
        if value:
            return _cut(value, 200)
    return ""


def _telling_fields(payload: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The payload's top-level scalar fields (nested objects and lists say too little in one line)."""
    first = [name for name in SUBJECT_FIELDS if name in payload]
    ordered = first + [name for name in payload if name not in first]
    found = []
    for name in ordered:
        value = _scalar_text(payload[name])
        label = _cut(_clean(str(name)), FIELD_NAME_MAX)
        if value and label:
            found.append((label, _cut(value, FIELD_VALUE_MAX)))
    return found


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return _clean(str(value))
    return ""


def _clean(text: str) -> str:
    """One line of printable text: control characters and runs of whitespace become one space."""
    return _SPACES.sub(" ", _UNPRINTABLE.sub(" ", text)).strip()


def _cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
