"""Page sizes above the maximum are read as the maximum, in every list; one parameter under two names."""

from __future__ import annotations

import pytest

from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import LIMIT, MAX_LIMIT, QueryParams, page_request, total_pages


@pytest.mark.parametrize(("value", "read"), [("1", 1), ("20", 20), ("100", 100), ("101", 100), ("100000", 100)])
def test_a_page_size_above_the_maximum_is_the_maximum(value: str, read: int) -> None:
    assert QueryParams({"limit": [value]}).page_size("limit") == read
    assert page_request({"limit": [value]}).limit == read


@pytest.mark.parametrize("value", ["0", "-1", "ten", "1.5", "1e3"])
def test_a_page_size_below_1_or_not_an_integer_is_400(value: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        page_request({"limit": [value]})
    assert refused.value.details == [{"field": "limit", "message": "limit must be an integer from 1 to 100"}]


def test_the_documented_limit_has_no_maximum_since_more_is_accepted() -> None:
    assert (LIMIT.minimum, LIMIT.maximum) == (1, None)
    assert f"above {MAX_LIMIT} reads as {MAX_LIMIT}" in LIMIT.description
    assert page_request({}).limit == 20 and page_request({}, default_limit=50).limit == 50


def test_two_names_of_one_parameter() -> None:
    read = QueryParams({"type": ["Malware"], "incident_type": ["malware"], "q": ["a"], "search": ["b"]})
    assert read.spelling("incident_type", "type") == "incident_type"  # the same value, in any letter case
    assert QueryParams({"type": ["x"]}).spelling("incident_type", "type") == "type"
    assert QueryParams({}).spelling("incident_type", "type") == "incident_type"
    with pytest.raises(ValidationFailed) as refused:
        read.spelling("q", "search")
    message = "q and search are the same parameter: give one, or the same value to both"
    assert refused.value.message == message
    assert refused.value.details == [{"field": "q", "message": message}, {"field": "search", "message": message}]


def test_two_names_compared_as_read() -> None:
    read = QueryParams({"start": ["2026-03-01"], "created_after": ["2026-03-01T02:00:00+02:00"]})
    assert read.spelling("created_after", "start", read=read.timestamp) == "created_after"
    sizes = QueryParams({"limit": ["500"], "per_page": ["100"]})
    assert sizes.spelling("limit", "per_page", read=sizes.page_size) == "limit"  # both read as 100


@pytest.mark.parametrize(("total", "limit", "pages"), [(0, 20, 0), (1, 20, 1), (20, 20, 1), (21, 20, 2), (7, 3, 3)])
def test_total_pages(total: int, limit: int, pages: int) -> None:
    assert total_pages(total, limit) == pages
