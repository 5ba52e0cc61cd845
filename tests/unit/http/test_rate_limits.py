"""`http/rate_limits.py` over the in-memory counters: classes, headers, the 429, and failing open."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from incident_core.core.auth import Principal
from incident_core.core.errors import RateLimited
from incident_core.http import rate_limits
from incident_core.http.rate_limits import (
    AUTOMATION,
    DELETES,
    READS,
    WRITES,
    counter_name,
    rate_class_of,
    take_caller_slot,
    take_slot,
)
from incident_core.storage.rate_counters import RateCounterStore, Window
from tests.support.fakes.rate_counters import InMemoryRateCounterStore

NOW = 1_800_000_045.0  # 45 s into a minute: the window ends at 1_800_000_060
CALLER = Principal(sub="alice", org_id="acme", permissions=frozenset())


@pytest.fixture
def counters(monkeypatch: pytest.MonkeyPatch) -> InMemoryRateCounterStore:
    store = InMemoryRateCounterStore()
    monkeypatch.setattr(rate_limits, "_counters", lambda: store)
    return store


@pytest.mark.parametrize(
    ("method", "declared", "expected"),
    [
        ("GET", None, READS),
        ("HEAD", None, READS),
        ("DELETE", None, DELETES),
        ("POST", None, WRITES),
        ("PUT", None, WRITES),
        ("PATCH", None, WRITES),
        ("POST", AUTOMATION, AUTOMATION),
    ],
)
def test_a_routes_class_is_its_methods_unless_it_declares_one(method: str, declared: str | None, expected: str) -> None:
    assert rate_class_of(method, declared) == expected


def test_counters_are_per_class_org_and_caller_and_never_hold_the_callers_name() -> None:
    names = {counter_name(READS, "acme", "alice"), counter_name(WRITES, "acme", "alice")}
    names |= {counter_name(READS, "globex", "alice"), counter_name(READS, "acme", "bob")}
    assert len(names) == 4
    assert all("alice" not in name and "acme" not in name for name in names)
    assert len(counter_name(READS, "acme", "x" * 10_000)) == len("reads#") + 32


def test_the_default_limit_is_counted_down_then_429_with_retry_after_and_the_headers(
    counters: InMemoryRateCounterStore,
) -> None:
    counter = counter_name(DELETES, "acme", "alice")
    windows = [take_slot(counter, rate_class=DELETES, now=NOW) for _ in range(20)]
    assert [window.remaining for window in windows if window] == list(range(19, -1, -1))
    with pytest.raises(RateLimited) as refused:
        take_slot(counter, rate_class=DELETES, now=NOW)
    assert refused.value.status_code == 429 and refused.value.code == "RATE_LIMITED"
    assert dict(refused.value.headers) == {
        "Retry-After": "15",
        "X-RateLimit-Limit": "20",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "1800000060",
    }
    assert take_slot(counter, rate_class=DELETES, now=NOW + 15) is not None  # the next minute


def test_a_limit_of_zero_counts_nothing(counters: InMemoryRateCounterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATE_LIMIT_READS", "0")
    from incident_core.core.settings import get_settings

    get_settings.cache_clear()
    assert take_caller_slot(CALLER, method="GET") is None
    assert counters.hits == {}


class UnreachableCounters(RateCounterStore):
    """Counters whose table stays throttled through botocore's retries (faked: no AWS here)."""

    def take(self, counter: str, *, limit: int, now: float) -> Window:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "UpdateItem")

    def give_back(self, counter: str, *, now: float) -> None:
        raise AssertionError("not called")


def test_unreachable_counters_serve_the_request_unlimited_faked_throttling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limits, "_counters", UnreachableCounters)
    assert take_caller_slot(CALLER, method="POST") is None


def test_any_other_counter_error_is_raised_faked_missing_table(monkeypatch: pytest.MonkeyPatch) -> None:
    class MissingTable(UnreachableCounters):
        def take(self, counter: str, *, limit: int, now: float) -> Window:
            raise ClientError({"Error": {"Code": "ResourceNotFoundException", "Message": "no table"}}, "UpdateItem")

    monkeypatch.setattr(rate_limits, "_counters", MissingTable)
    with pytest.raises(ClientError):
        take_caller_slot(CALLER, method="POST")
