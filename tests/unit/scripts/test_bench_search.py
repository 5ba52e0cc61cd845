"""The search bench's target: each 10k figure within 1.5x of its 1k figure (scripts/bench/search.py)."""

from __future__ import annotations

from scripts.bench.search import SEARCH_GROWTH_TARGET, missed_search_targets


def entry(reads_1k: float, reads_10k: float, ms_1k: float, ms_10k: float) -> dict[str, float]:
    return {"reads_1k": reads_1k, "reads_10k": reads_10k, "ms_1k": ms_1k, "ms_10k": ms_10k}


def test_figures_that_do_not_grow_with_the_org_meet_the_target() -> None:
    report = {"search": {"word": entry(2, 2, 20.0, 29.9), "tag": entry(2, 2, 10.0, 8.0)}}
    assert missed_search_targets(report) == []


def test_a_figure_that_grows_with_the_org_is_missed_and_the_scan_has_no_target() -> None:
    report = {
        "search": {"tag": entry(2, 4, 20.0, 20.0), "scan": entry(4, 40, 100.0, 1000.0)},
        "targets": {"search_growth": SEARCH_GROWTH_TARGET},
    }
    assert missed_search_targets(report) == ["search by tag: reads 4 at 10k incidents vs 2 at 1k (target <= 1.5x)"]
