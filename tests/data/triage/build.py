"""Writes each split's .jsonl file (tuning, development, held_out, expansion, breadth, coverage) from its cases.

    .venv/bin/python -m tests.data.triage.build               # every split
    .venv/bin/python -m tests.data.triage.build development   # only the named splits

The committed artefacts are the .jsonl files; the modules are how they were written.
Tuning rules may read the tuning, development, expansion, breadth and coverage splits only (see README.md); a split's
modules are imported only when that split is built.
"""

from __future__ import annotations

import json
import sys
from importlib import import_module
from pathlib import Path

from tests.data.triage.labels import Case

FOLDER = Path(__file__).resolve().parent
SPLIT_MODULES: dict[str, tuple[str, ...]] = {
    "tuning": ("tuning_email_identity", "tuning_endpoint_cloud", "tuning_operations", "tuning_more"),
    "development": ("development_security", "development_cloud_network", "development_operations"),
    "held_out": ("held_out_security", "held_out_cloud_ops"),
    "expansion": (
        "expansion_mdr",
        "expansion_hosts",
        "expansion_mail",
        "expansion_identity",
        "expansion_cloud",
        "expansion_containers_ci",
        "expansion_network",
        "expansion_operations",
        "expansion_voices",
        "expansion_voices_world",
        "expansion_borderline",
    ),
    "breadth": (
        "breadth_endpoint",
        "breadth_mail",
        "breadth_identity",
        "breadth_cloud_data",
        "breadth_network_ops",
        "breadth_operations",
        "breadth_people",
    ),
    "coverage": (
        "coverage_endpoint_mail",
        "coverage_identity_cloud",
        "coverage_network_ops",
        "coverage_people",
    ),
}


def split_cases(name: str) -> list[Case]:
    """The cases of one split, in file order (its modules' `CASES`, in the order above)."""
    return [item for module in SPLIT_MODULES[name] for item in import_module(f"{__package__}.{module}").CASES]


def write_splits(folder: Path = FOLDER, names: tuple[str, ...] = tuple(SPLIT_MODULES)) -> dict[str, int]:
    """Write one JSON Lines file per named split; the number of cases written per split."""
    written: dict[str, int] = {}
    for name in names:
        cases = split_cases(name)
        lines = [json.dumps(item, ensure_ascii=False, sort_keys=False) for item in cases]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written[name] = len(cases)
    return written


if __name__ == "__main__":
    print(write_splits(names=tuple(sys.argv[1:]) or tuple(SPLIT_MODULES)))
