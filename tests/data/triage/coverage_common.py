"""Coverage split: what its modules share (see README.md).

A sixth split, training data, written in session 12 to widen again what the rules' learned scorer and
playbook selector read: another organisation (Marlowe Credit Union, `marlowecu.org`, a credit union;
hosts `MCU-<branch>-*`; branches in Hobart, Wellington, Cape Town, Reykjavík, Tallinn and Montreal),
tools no other split holds, many cases one stated fact away from the other class. Its cases are
written with the expansion split's `alert` (one way to write an incident) and labels.
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
