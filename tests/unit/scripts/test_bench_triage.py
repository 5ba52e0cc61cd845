"""The bench's triage figures: the generated corpus, the engine's figures, end to end (on a simulated clock)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from incident_core.incidents.models import IncidentCreate
from incident_core.triage.observables import extract_observables
from scripts.bench.cli import ministack_skips, parse_args
from scripts.bench.config import (
    LARGE_RAW_DATA_KIB,
    MINISTACK_OVERRIDES,
    TRIAGE_CORPUS_SIZE,
    TRIAGE_ENGINE_TARGETS,
)
from scripts.bench.corpus.common import defang, json_size
from scripts.bench.corpus.generator import CORPUS_KINDS, triage_corpus
from scripts.bench.errors import BenchError
from scripts.bench.figures import (
    EngineRun,
    TriageE2ESamples,
    TriageEngineSamples,
    triage_e2e_entry,
    triage_engine_entry,
)
from scripts.bench.report import bench_failures, build_report, missed_targets
from scripts.bench.table import format_report
from scripts.bench.triage_e2e import TriageProbe
from scripts.bench.triage_engine import time_triage_engine
from tests.unit.scripts.helpers import CALLS

CREATE_FIELDS = ("title", "description", "severity", "incident_type", "source", "tags", "affected_systems", "raw_data")


@pytest.fixture(scope="module")
def corpus() -> list[Any]:
    return triage_corpus()


def test_corpus_is_deterministic_and_large_enough(corpus: list[Any]) -> None:
    assert len(corpus) == TRIAGE_CORPUS_SIZE >= 200
    assert [item.incident for item in triage_corpus()] == [item.incident for item in corpus]
    assert [item.incident for item in triage_corpus(seed=6)] != [item.incident for item in corpus]
    assert {item.kind for item in corpus} == {kind for kind, _ in CORPUS_KINDS}
    assert len({item.incident["id"] for item in corpus}) == len(corpus)


def test_corpus_has_large_raw_data_within_the_api_limit(corpus: list[Any]) -> None:
    low, high = LARGE_RAW_DATA_KIB
    sizes = [item.raw_data_bytes for item in corpus]
    large = [size for size in sizes if size >= low * 1024]
    assert len(large) >= 20
    assert max(sizes) <= high * 1024 + 1024 < 32 * 1024  # a little over the target at most, never over the limit
    assert len({item.kind for item in corpus if item.raw_data_bytes >= low * 1024}) >= 10  # large ones of most kinds
    assert json_size({"a": 1}) == 7 and json_size(None) == 0


def test_corpus_incidents_are_valid_api_input(corpus: list[Any]) -> None:
    for item in corpus:
        IncidentCreate.model_validate({name: item.incident[name] for name in CREATE_FIELDS})


def test_corpus_incidents_carry_what_each_kind_of_alert_has(corpus: list[Any]) -> None:
    def first(kind: str) -> dict[str, Any]:
        return next(item.incident for item in corpus if item.kind == kind)

    gateway = first("phishing_gateway")["raw_data"]
    assert gateway["sender"].split("@")[-1].rstrip(">") != gateway["reply_to"].split("@")[-1]
    assert all("hxxp" in url and "[.]" in url for url in gateway["urls"])
    assert "hxxp" in first("phishing_reported")["description"]
    assert "Reply-To:" in first("phishing_reported")["description"]
    assert first("brute_force_spray")["raw_data"]["failed_logins"] >= 20
    assert len(first("brute_force_stuffing")["raw_data"]["source_ips"]) >= 5
    edr = first("edr_alert")["raw_data"]
    assert len(edr["sha256"]) == 64 and len(edr["md5"]) == 32 and edr["process_name"].endswith(".exe")
    assert "bytes_out" in first("dlp_alert")["raw_data"]
    assert first("availability_alarm")["raw_data"]["state"] == "ALARM"
    assert first("apm_latency")["raw_data"]["p99_latency_ms"] >= 1500


def test_defanged_links_are_refanged_by_the_extractor() -> None:
    url = "https://login-micros0ft.com/auth?u=1"
    assert defang(url) == "hxxps://login-micros0ft[.]com/auth?u=1"
    assert defang("http://185.1.2.3/o365/login.php") == "hxxp://185[.]1[.]2[.]3/o365/login.php"
    found = {(item.type, item.value) for item in extract_observables({"title": "x", "description": defang(url)})}
    assert ("url", url) in found and ("domain", "login-micros0ft.com") in found


def test_the_corpus_reaches_every_playbook(corpus: list[Any]) -> None:
    """The engine runs over the corpus once (its timings are not looked at here)."""
    samples = time_triage_engine(corpus, warmups=0)
    assert len(samples.runs) == len(corpus)
    assert samples.unreached_playbooks() == []
    assert {"malicious", "benign"} <= {run.classification for run in samples.runs}
    assert bench_failures(None, None, triage_engine=samples) == []


def engine_runs(timings_ms: list[float]) -> list[EngineRun]:
    playbooks = ("phishing", "availability")
    return [
        EngineRun(f"kind_{index % 2}", playbooks[index % 2], "benign", 1024 * (index % 40), ms)
        for index, ms in enumerate(timings_ms)
    ]


def engine_samples(timings_ms: list[float]) -> TriageEngineSamples:
    return TriageEngineSamples(runs=engine_runs(timings_ms), playbooks=("phishing", "availability"))


def test_triage_engine_entry_is_median_and_nearest_rank_p99() -> None:
    timings = [0.5 + 0.01 * index for index in range(200)]  # 0.50 .. 2.49
    assert triage_engine_entry(timings) == {"median": 1.5, "p99": 2.47, "samples": 200}  # rank ceil(198) = 198
    assert triage_engine_entry([*timings[:199], 40.0])["p99"] == 2.47  # one outlier in 200 is above p99
    assert triage_engine_entry([0.1234]) == {"median": 0.12, "p99": 0.12, "samples": 1}
    with pytest.raises(ValueError):
        triage_engine_entry([])
    assert triage_e2e_entry([1000.0 + 10 * index for index in range(30)]) == {
        "median": 1145.0,
        "p95": 1280.0,
        "samples": 30,
    }


def e2e_samples(**fields: Any) -> TriageE2ESamples:
    base: dict[str, Any] = {
        "latencies_ms": [1000.0 + 10 * index for index in range(30)],
        "warmup_ms": [6200.0, 1300.0, 1100.0],
        "classifications": ["malicious"] * 30,
        "polls": [40] * 30,
    }
    return TriageE2ESamples(**(base | fields))


def test_report_carries_the_triage_keys_and_their_samples() -> None:
    report = build_report(
        {},
        CALLS,
        triage_engine=engine_samples([0.5 + 0.01 * index for index in range(200)]),
        triage_e2e=e2e_samples(),
    )
    assert report["triage_engine_ms"] == {"median": 1.5, "p99": 2.47, "samples": 200}
    assert report["triage_e2e_ms"] == {"median": 1145.0, "p95": 1280.0, "samples": 30}
    assert report["targets"]["triage_engine_ms"] == TRIAGE_ENGINE_TARGETS == {"median": 5.0, "p99": 20.0}
    details = report["triage_engine_samples"]
    assert details["corpus"] == 200 and details["playbooks"] == {"phishing": 100, "availability": 100}
    assert "engine's time only" in details["measures"]
    assert details["slowest"] == {"kind": "kind_1", "playbook": "availability", "raw_data_kib": 39.0, "ms": 2.49}
    assert details["raw_data_kib"]["large"] == 150  # 10..39 KiB, five times
    assert report["triage_e2e_samples"]["warmup_ms"] == [6200.0, 1300.0, 1100.0]
    assert report["triage_e2e_samples"]["classifications"] == {"malicious": 30}
    assert report["missed"] == [] and report["failed"] == []
    assert json.loads(json.dumps(report)) == report


def test_triage_engine_targets_are_strictly_below() -> None:
    report = build_report({}, CALLS, triage_engine=engine_samples([5.0] * 197 + [20.0] * 3))
    assert report["missed"] == [
        "triage engine median is 5.00 ms per incident over 200 incidents (target < 5 ms)",
        "triage engine p99 is 20.00 ms per incident over 200 incidents (target < 20 ms)",
    ]
    assert missed_targets(report) == report["missed"]
    lines = section(format_report(report), "Triage engine").splitlines()
    assert next(line for line in lines if line.startswith("median ")).endswith("MISSED")
    assert "MISSED: triage engine p99 is 20.00 ms" in format_report(report)
    met = build_report({}, CALLS, triage_engine=engine_samples([4.99] * 197 + [19.99] * 3))
    assert met["missed"] == []


def test_incidents_not_triaged_and_unreached_playbooks_fail_the_bench() -> None:
    late = e2e_samples(
        latencies_ms=[1200.0] * 28,
        not_triaged=[
            "inc-1: not triaged within 30 s (last GET: status open; latest run: trg_1 queued)",
            "inc-2: its triage run trg_2 failed: incident was deleted",
        ],
    )
    narrow = TriageEngineSamples(runs=engine_runs([1.0] * 10), playbooks=("phishing", "availability", "generic"))
    report = build_report({}, CALLS, triage_engine=narrow, triage_e2e=late)
    assert report["triage_e2e_ms"]["samples"] == 28  # the failures are not latencies
    assert report["triage_e2e_samples"]["incidents"] == 30
    assert report["failed"] == [
        "the triage corpus never reaches the playbooks generic",
        "2 of 30 incidents did not come back triaged within 30 s: inc-1: not triaged within 30 s (last GET: "
        "status open; latest run: trg_1 queued); inc-2: its triage run trg_2 failed: incident was deleted",
    ]
    assert "All targets met." not in format_report(report)

    nothing = build_report(
        {}, CALLS, triage_engine=TriageEngineSamples(), triage_e2e=TriageE2ESamples(not_triaged=["inc-1: x"])
    )
    assert "triage_engine_ms" not in nothing and "triage_e2e_ms" not in nothing
    assert "no triage engine time was measured" in nothing["failed"]
    assert "no triage end-to-end time was measured" in nothing["failed"]
    table = format_report(nothing)
    assert "Triage engine: not measured (see FAILED)" in table
    assert "Triage end to end: not measured (see FAILED)" in table


def section(table: str, heading: str) -> str:
    """The paragraph of the table that starts with `heading`."""
    return next(part for part in table.split("\n\n") if part.startswith(heading))


def test_table_shows_the_triage_figures() -> None:
    report = build_report(
        {},
        CALLS,
        triage_engine=engine_samples([0.5 + 0.01 * index for index in range(200)]),
        triage_e2e=e2e_samples(),
    )
    engine = section(format_report(report), "Triage engine").splitlines()
    median_line = next(line for line in engine if line.startswith("median "))
    p99_line = next(line for line in engine if line.startswith("p99 "))
    assert "1.50" in median_line and "< 5" in median_line and median_line.endswith("ok")
    assert "2.47" in p99_line and "< 20" in p99_line and p99_line.endswith("ok")
    assert any("200 generated incidents (seed 5;" in line for line in engine)
    assert any(line.startswith("(slowest)") and "kind_1 (availability)" in line for line in engine)
    assert any(line.startswith("(playbooks chosen)") and "phishing 100" in line for line in engine)
    e2e = section(format_report(report), "Triage end to end").splitlines()
    assert next(line for line in e2e if line.startswith("median ")).split()[1] == "1145.0"
    assert next(line for line in e2e if line.startswith("p95 ")).split()[1] == "1280.0"
    assert "polled every 20 ms" in e2e[1] and "after 3 warm-up incidents" in e2e[1]
    assert any("6200, 1300, 1100 ms" in line for line in e2e)


def test_triage_e2e_is_skipped_with_the_webhook_latency_and_says_why() -> None:
    assert ministack_skips(parse_args([])) == {}
    for argv, reason in (
        (["--skip-webhook-latency"], "--skip-webhook-latency"),
        (["--functions", "health"], "--functions"),
        (["--importtime"], "--importtime"),
    ):
        # The router's figures (issue 22) are made on the same deployment: skipped with it.
        skipped = {"webhook_latency_ms", "triage_e2e_ms", "router_records_per_s", "webhook_latency_under_burst_ms"}
        assert ministack_skips(parse_args(argv)) == dict.fromkeys(skipped, reason)
    report = build_report(
        {},
        CALLS,
        triage_engine=engine_samples([1.0] * 200),
        skipped=ministack_skips(parse_args(["--skip-webhook-latency"])),
    )
    assert "triage_e2e_ms" not in report and "triage_engine_ms" in report
    table = format_report(report)
    assert "Triage end to end: skipped (--skip-webhook-latency)" in table
    assert table.endswith("All targets met.")
    assert MINISTACK_OVERRIDES["AutoTriage"] == "true"


# The probe against a stand-in API, on a simulated clock: each request takes 10 ms, sleeps advance it.


@dataclass
class FakeTime:
    now: float = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakeResponse:
    status_code: int
    body: Any

    def json(self) -> Any:
        return self.body

    @property
    def text(self) -> str:
        return json.dumps(self.body)


@dataclass
class FakeApi:
    """POST /incidents -> 201; GET /incidents/{id} shows `triaged` from the `triaged_after`-th GET on;
    GET .../triage answers `run`."""

    time: FakeTime
    triaged_after: int | None = 3
    run: Mapping[str, Any] | None = None
    post_status: int = 201
    calls: list[tuple[str, str]] = field(default_factory=list)
    gets: int = 0

    def request(self, method: str, url: str, **_: Any) -> FakeResponse:
        self.time.now += 0.01
        path = url.removeprefix("http://api")
        self.calls.append((method, path))
        if method == "POST":
            return FakeResponse(self.post_status, {"data": {"id": "inc-1", "status": "open"}})
        if path.endswith("/triage"):
            return FakeResponse(200, {"data": self.run}) if self.run else FakeResponse(404, {"message": "none"})
        self.gets += 1
        triaged = self.triaged_after is not None and self.gets >= self.triaged_after
        data: dict[str, Any] = {"id": "inc-1", "status": "triaged" if triaged else "open"}
        if triaged:
            data["verdict"] = {"classification": "malicious"}
        return FakeResponse(200, {"data": data})


def probe(api: FakeApi) -> TriageProbe:
    return TriageProbe("http://api", "token", api, clock=api.time.clock, sleep=api.time.sleep)


def test_probe_times_from_the_post_to_the_first_answer_showing_it_triaged() -> None:
    api = FakeApi(FakeTime())
    trip = probe(api).round_trip(30)
    assert (trip.incident_id, trip.polls, trip.classification, trip.problem) == ("inc-1", 3, "malicious", "")
    # POST 10 ms, then 3 GETs of 10 ms with 2 sleeps of 20 ms between them
    assert trip.latency_ms == pytest.approx(10 + 3 * 10 + 2 * 20)
    assert api.calls[0] == ("POST", "/incidents") and set(api.calls[1:]) == {("GET", "/incidents/inc-1")}


def test_probe_stops_at_a_failed_run_with_its_reason() -> None:
    run = {"triage_id": "trg_1", "status": "failed", "error": "incident was deleted"}
    api = FakeApi(FakeTime(), triaged_after=None, run=run)
    trip = probe(api).round_trip(30)
    assert trip.latency_ms is None
    assert trip.problem == "its triage run trg_1 failed: incident was deleted"
    assert api.time.now < 2  # at the first look at the run (every second), not at the timeout


def test_probe_gives_up_at_the_timeout_and_says_where_the_run_was() -> None:
    api = FakeApi(FakeTime(), triaged_after=None, run={"triage_id": "trg_1", "status": "queued"})
    trip = probe(api).round_trip(30)
    assert trip.latency_ms is None
    assert trip.problem == "not triaged within 30 s (last GET: status open; latest run: trg_1 queued)"
    assert 30 <= api.time.now < 31

    no_run = FakeApi(FakeTime(), triaged_after=None)
    assert "latest run: none (GET /incidents/inc-1/triage answered 404)" in probe(no_run).round_trip(5).problem


def test_probe_fails_the_bench_when_the_incident_cannot_be_created() -> None:
    with pytest.raises(BenchError, match="POST /incidents answered 500"):
        probe(FakeApi(FakeTime(), post_status=500)).round_trip(30)
