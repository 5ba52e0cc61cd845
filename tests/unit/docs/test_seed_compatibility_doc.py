"""`docs/seed-compatibility.md`: every row of its tables names the tests that cover it, and they exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DOC = REPO_ROOT / "docs" / "seed-compatibility.md"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
TEST_NAME = re.compile(r"`(test_[a-z0-9_]+)`")


def _rows() -> list[str]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line)]


def _defined_tests() -> set[str]:
    names: set[str] = set()
    for path in (REPO_ROOT / "tests").rglob("test_*.py"):
        names.update(re.findall(r"^(?:async )?def (test_[a-z0-9_]+)\(", path.read_text(encoding="utf-8"), re.M))
    return names


def test_every_row_names_at_least_one_test_that_exists() -> None:
    defined = _defined_tests()
    uncovered, missing = [], []
    for row in _rows():
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if cells[-1].lower() in ("test", "tests", "covered by"):
            continue  # a header row
        named = TEST_NAME.findall(cells[-1])
        if not named:
            uncovered.append(row)
        missing += [name for name in named if name not in defined]
    assert not uncovered, "rows without a test:\n" + "\n".join(uncovered)
    assert not missing, f"tests named in the doc that do not exist: {sorted(set(missing))}"


def test_the_doc_covers_each_seed_with_an_e2e_module() -> None:
    text = DOC.read_text(encoding="utf-8")
    for number in ("000", "001", "002", "003", "004"):
        assert f"## Seed {number}" in text
        [module] = (REPO_ROOT / "tests" / "e2e").glob(f"test_seed_{number}_*.py")
        assert module.name in text
