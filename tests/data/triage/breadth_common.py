"""Breadth split: what its modules share (see README.md).

A fifth split, training data, written after the learned scorer's first round to widen what the rules
and the scorer learn from: another organisation (Tidewater Health, `tidewater-health.org`, a hospital
group; hosts `TWH-*`; sites in Norfolk, Bergen, Gdańsk, Rotterdam, Gothenburg and Osaka), tools no
other split holds, more borderline (suspicious) cases and reports with too little to go on. Its cases
are written with the expansion split's `alert` (one way to write an incident) and labels.
"""

from __future__ import annotations

from tests.data.triage.expansion_common import (
    AVAIL,
    BEN,
    BRUTE,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    PHISHING,
    SUS,
    UNK,
    Expected,
    alert,
)

__all__ = [
    "AVAIL",
    "BEN",
    "BRUTE",
    "EXFIL",
    "GENERIC",
    "MAL",
    "MALWARE",
    "PERF",
    "PHISHING",
    "SUS",
    "UNK",
    "Expected",
    "alert",
]
