"""What every alert source shares: severity words and conventions, limits, text and raw-data helpers.

Parsing is pure: no I/O. What is kept in `raw_data` is plain JSON with long strings and
lists capped, so that it always stays well under the incident's raw_data limit.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from incident_core.core.clock import iso, parse_iso
from incident_core.core.settings import get_settings
from incident_core.http.body import parse_json
from incident_core.incidents.vocabulary import Severity

MAX_KEY = 255  # dedup keys are stored as a 1-255 character field
MAX_TITLE = 255
MIN_DESCRIPTION, MAX_DESCRIPTION = 10, 5000
MAX_NOTE = 2000
MAX_SYSTEMS, MAX_TAGS, MAX_TAG = 50, 20, 50
RAW_DATA_BUDGET = 16 * 1024  # bytes of JSON; the incident's own limit is 32 KiB by default
RAW_LIMITS = ((1024, 50), (256, 20), (64, 5))  # (characters per string, items per list), tried in turn

# Words for a severity, as tags, labels and names spell them.
SEVERITY_WORDS: dict[str, Severity] = {
    **dict.fromkeys(("critical", "crit", "page", "fatal", "emergency", "sev1", "p1"), Severity.CRITICAL),
    **dict.fromkeys(("high", "error", "major", "sev2", "p2"), Severity.HIGH),
    **dict.fromkeys(("medium", "warning", "warn", "minor", "moderate", "sev3", "p3"), Severity.MEDIUM),
    **dict.fromkeys(("low", "info", "informational", "none", "debug", "sev4", "p4", "p5"), Severity.LOW),
}
SEV_NUMBERS = {"1": Severity.CRITICAL, "2": Severity.HIGH, "3": Severity.MEDIUM, "4": Severity.LOW}
P_NUMBERS = {**SEV_NUMBERS, "5": Severity.LOW}
# `sev:critical`, `sev-high`, `severity=low`, `sev1`, `SEV 2` ... and `[P1]`..`[P5]`.
SEV_PATTERN = re.compile(r"(?<![a-z0-9])sev(?:erity)?[\s:=_-]*(critical|high|medium|low|[1-4])(?![a-z0-9])", re.I)
PRIORITY_PATTERN = re.compile(r"\[\s*p([1-5])\s*\]", re.I)


class MalformedAlert(ValueError):
    """The event is not an alert this parser knows, or lacks what it needs (state, alarm name or ARN).

    Retrying can not fix it: callers log and count it, and do not retry.
    """


# --- severity ---------------------------------------------------------------------------------


def severity_from_word(value: Any) -> Severity | None:
    """A severity word (`critical`, `error`, `warning`, `info`, `sev2`, `P3` ...), or None."""
    if not isinstance(value, str):
        return None
    word = re.sub(r"[\s_:-]", "", value.strip().lower())
    return SEVERITY_WORDS.get(word)


def severity_from_convention(text: str | None) -> Severity | None:
    """The severity a name or description declares: `sev:critical`..`sev:low`, `sev1`..`sev4`, `[P1]`..`[P5]`."""
    if not text:
        return None
    found = SEV_PATTERN.search(text)
    if found:
        word = found.group(1).lower()
        return SEV_NUMBERS.get(word) or Severity(word)
    found = PRIORITY_PATTERN.search(text)
    return P_NUMBERS[found.group(1)] if found else None


# --- values as senders spell them -------------------------------------------------------------


def nonblank_text(value: Any) -> str | None:
    """A non-empty trimmed string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def object_or_empty(value: Any) -> Mapping[str, Any]:
    """The value when it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def json_or_text(value: Any) -> Any:
    """State reason data arrives as a JSON string: keep it as JSON, or as text when it is not JSON."""
    if isinstance(value, str):
        try:
            return parse_json(value)  # bounded: depth and numbers (an SNS message is anyone's JSON)
        except ValueError:
            return value
    return value


def iso_moment(value: str) -> str:
    """ISO 8601 UTC with milliseconds and `Z`; raises ValueError when not a date-time."""
    moment = parse_iso(value)
    if moment.year < 1971:
        raise ValueError("not a real moment")  # Go's zero time, `0001-01-01T00:00:00Z`, means "unset"
    return iso(moment)


def iso_moment_or_none(value: Any) -> str | None:
    """`iso_moment` of a date-time string, or None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return iso_moment(value)
    except (ValueError, OverflowError):
        return None


# --- fitting the incident's fields ------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """The text, cut to `limit` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def bounded_key(key: str) -> str:
    """Keys over the 255-character limit keep their start and end in a hash, so they stay unique."""
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{key[: MAX_KEY - len(digest) - 1]}#{digest}"


def unique(values: Iterable[str]) -> list[str]:
    """The values in their first order, without repeats."""
    return list(dict.fromkeys(values))


def tag_list(values: Iterable[str | None]) -> list[str]:
    """The non-blank values as tags: trimmed, clipped, unique, at most 20."""
    return unique(clip(value.strip(), MAX_TAG) for value in values if value and value.strip())[:MAX_TAGS]


def description_text(parts: Iterable[str | None], *, fallback: str) -> str:
    """Descriptions need 10-5000 characters: the parts, led by the fallback when they say too little."""
    text = "\n\n".join(part.strip() for part in parts if part and part.strip())
    if len(text) < MIN_DESCRIPTION:
        text = f"{fallback} {text}".strip()
    if len(text) < MIN_DESCRIPTION:
        text = f"{text} (no further details)"
    return clip(text, MAX_DESCRIPTION)


def fit_raw_data(raw: Mapping[str, Any]) -> dict[str, Any]:
    """raw_data as plain JSON within budget: tighter caps first, then the largest entries go."""
    budget = min(RAW_DATA_BUDGET, get_settings().max_raw_data_bytes // 2)
    data: dict[str, Any] = {}
    for text_limit, items_limit in RAW_LIMITS:
        data = {
            key: plain
            for key, value in raw.items()
            if (plain := _plain(value, text_limit, items_limit)) not in (None, "", [], {})
        }
        if _json_size(data) <= budget:
            return data
    dropped = []
    while data and _json_size(data) > budget - 200:
        largest = max(data, key=lambda key: _json_size(data[key]))
        dropped.append(largest)
        del data[largest]
    data["truncated_fields"] = sorted(dropped)[:MAX_SYSTEMS]
    return data


def _plain(value: Any, text_limit: int, items_limit: int, depth: int = 0) -> Any:
    """Plain JSON with strings and lists capped; non-finite floats and other types become text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return clip(value, text_limit)
    if callable(getattr(value, "model_dump", None)):  # a pydantic model, told apart without importing pydantic
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if depth >= 8:
        return clip(json.dumps(value, default=str), text_limit)
    if isinstance(value, Mapping):
        items = list(value.items())[: items_limit * 2]
        return {clip(str(key), 128): _plain(item, text_limit, items_limit, depth + 1) for key, item in items}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item, text_limit, items_limit, depth + 1) for item in list(value)[:items_limit]]
    return clip(str(value), text_limit)


def _json_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), default=str).encode())
