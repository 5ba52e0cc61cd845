"""Writes `tuning.jsonl` and `held_out.jsonl` from the hand-written cases of this folder.

    .venv/bin/python -m tests.data.triage.build

The committed artefacts are the .jsonl files; the modules are how they were written.
Tuning rules may read `tuning_*.py` and `tuning.jsonl` only (see README.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from tests.data.triage import (
    held_out_cloud_ops,
    held_out_security,
    tuning_email_identity,
    tuning_endpoint_cloud,
    tuning_more,
    tuning_operations,
)
from tests.data.triage.labels import Case

FOLDER = Path(__file__).resolve().parent
SPLITS: dict[str, Sequence[Case]] = {
    "tuning": [
        *tuning_email_identity.CASES,
        *tuning_endpoint_cloud.CASES,
        *tuning_operations.CASES,
        *tuning_more.CASES,
    ],
    "held_out": [*held_out_security.CASES, *held_out_cloud_ops.CASES],
}


def write_splits(folder: Path = FOLDER) -> dict[str, int]:
    """Write one JSON Lines file per split; the number of cases written per split."""
    for name, cases in SPLITS.items():
        lines = [json.dumps(item, ensure_ascii=False, sort_keys=False) for item in cases]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {name: len(cases) for name, cases in SPLITS.items()}


if __name__ == "__main__":
    print(write_splits())
