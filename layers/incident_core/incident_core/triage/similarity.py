"""Similar incidents: shared observables and shared words, scored 0-1 with a reason."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

WORD = re.compile(r"[a-z0-9][a-z0-9_.-]{2,}")
STOP_WORDS = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "from",
        "this",
        "that",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "not",
        "but",
        "you",
        "your",
        "our",
        "into",
        "over",
        "on",
        "in",
        "of",
        "to",
        "a",
        "an",
        "is",
        "be",
        "by",
        "at",
        "as",
        "it",
        "its",
        "or",
        "if",
    }
)
OBSERVABLE_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
MIN_SCORE = 0.15


def words(text: str) -> set[str]:
    return {word.strip(".-_") for word in WORD.findall(text.lower())} - STOP_WORDS


def observable_keys(observables: Iterable[Mapping[str, Any]]) -> set[str]:
    return {f"{item.get('type')}:{item.get('value')}" for item in observables if item.get("type") and item.get("value")}


def _jaccard(left: set[str], right: set[str]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def similar_incidents(
    incident: Mapping[str, Any],
    observables: Sequence[Mapping[str, Any]],
    candidates: Iterable[Mapping[str, Any]],
    *,
    top: int = 5,
) -> list[dict[str, Any]]:
    """The `top` candidates most like `incident` (never itself), with score and reason."""
    own_keys = observable_keys(observables)
    own_words = words(f"{incident.get('title', '')} {incident.get('description', '')}")
    scored: list[tuple[float, str, dict[str, Any]]] = []
    for candidate in candidates:
        if candidate.get("id") == incident.get("id") or candidate.get("org_id") != incident.get("org_id"):
            continue
        shared = own_keys & observable_keys(candidate.get("observables") or [])
        text = _jaccard(own_words, words(f"{candidate.get('title', '')} {candidate.get('description', '')}"))
        observable_score = len(shared) / len(own_keys) if own_keys else 0.0
        score = OBSERVABLE_WEIGHT * observable_score + TEXT_WEIGHT * text
        if shared:
            score = max(score, 0.5)  # one shared indicator is already a strong link
        if score < MIN_SCORE:
            continue
        reasons = []
        if shared:
            shown = ", ".join(sorted(shared)[:3])
            reasons.append(f"shares {len(shared)} observable{'s' if len(shared) > 1 else ''} ({shown})")
        if text >= 0.1:
            reasons.append(f"similar wording ({round(text * 100)}% of words in common)")
        rounded = round(min(score, 1.0), 2)
        entry: dict[str, Any] = {
            "id": candidate.get("id"),
            "incident_number": candidate.get("incident_number"),
            "title": candidate.get("title"),
            "status": candidate.get("status"),
            "created_at": candidate.get("created_at"),
            "score": rounded,
            "reason": "; ".join(reasons) or "similar incident",
        }
        scored.append((rounded, str(candidate.get("created_at", "")), entry))
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [entry for _, _, entry in scored[:top]]
