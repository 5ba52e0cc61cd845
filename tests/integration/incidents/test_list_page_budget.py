"""A page of large incidents is bounded in bytes, so that its answer fits Lambda's 6 MiB with seed
004's `incidents` beside `data`: a cursor page is cut short and goes on, a numbered page is a 400."""

from __future__ import annotations

from tests.integration.conftest import TokenFactory
from tests.support.gateway import InProcessGateway

COUNT = 90
BULKY = {"title": "Bulky", "description": "An alert with a large payload", "severity": "low"}


def test_a_page_of_large_incidents_is_cut_short_and_its_cursor_loses_nothing(
    gateway: InProcessGateway, token: TokenFactory
) -> None:
    caller = token()
    made = set()
    for n in range(COUNT):
        body = {**BULKY, "raw_data": {"blob": f"{n:04d}" + "x" * 31_000}}
        answer = gateway.request("POST", "/incidents", json_body=body, token=caller)
        assert answer.status_code == 201, answer.text
        made.add(answer.json()["id"])  # seed 004's clients read the id at the top level
    first = gateway.request("GET", "/incidents", token=caller, query={"limit": 100})
    assert first.status_code == 200
    page = first.json()
    assert 60 <= len(page["data"]) < COUNT and page["meta"]["has_more"] is True
    assert page["incidents"] == page["data"]
    assert len(first.text.encode()) < 6 * 1024 * 1024 - 100_000
    rest = gateway.request(
        "GET", "/incidents", token=caller, query={"limit": 100, "cursor": page["meta"]["next_cursor"]}
    )
    listed = [item["id"] for item in page["data"] + rest.json()["data"]]
    assert sorted(listed) == sorted(made) and rest.json()["meta"]["has_more"] is False

    numbered = gateway.request("GET", "/incidents", token=caller, query={"page": 1, "page_size": 100})
    assert numbered.status_code == 400
    [detail] = numbered.json()["error"]["details"]
    assert detail["field"] == "page_size"
    assert detail["message"].startswith("These incidents are too large to answer 90 at once: ask for ")
