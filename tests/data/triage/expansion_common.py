"""Expansion split: what its modules share (see README.md).

A training split written to broaden the wording the rules and the learned scorer see: another
organisation (`fernhill-energy.com`, hosts `FHE-*`), tools no other split holds (see README.md),
malicious cases described by what happened rather than by a detection's name.
"""

from __future__ import annotations

from typing import Any

from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"
PHISHING, MALWARE, BRUTE = "phishing", "malware", "brute_force"
EXFIL, AVAIL, PERF, GENERIC = "data_exfiltration", "availability", "performance", "generic"
Expected = tuple[str, str, list[str]]


def alert(
    case_id: str,
    tool: str,
    expected: Expected,
    title: str | None,
    description: str | None,
    severity: str,
    source: str,
    raw: dict[str, Any] | None = None,
    *,
    systems: list[str] | None = None,
    tags: list[str] | None = None,
    kind: str | None = None,
) -> Case:
    """One incident as an integration (or a person) posts it; empty fields are left out."""
    return case(
        case_id,
        tool,
        expected,
        title=title,
        description=description,
        severity=severity,
        type=kind,
        source=source,
        tags=tags or [],
        affected_systems=systems or [],
        raw_data=raw or {},
    )
