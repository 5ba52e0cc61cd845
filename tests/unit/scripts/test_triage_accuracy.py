"""Triage accuracy: the metric math on hand-made predictions, the labelled corpus's integrity,
the bench's report of it, and the Bedrock evaluation with a stub model."""

from __future__ import annotations

import json
from typing import Any

import pytest

from incident_core.actions.catalog import CATALOG
from incident_core.incidents.models import IncidentCreate
from incident_core.triage.engine import playbook_names
from incident_core.triage.playbooks.rules import CLASSIFICATIONS
from scripts.bench.accuracy_metrics import Prediction, accuracy_figures
from scripts.bench.eval_bedrock import EvaluationStopped, checked_setup, counting_engine
from scripts.bench.report import build_report
from scripts.bench.table import format_report
from scripts.bench.triage_accuracy import evaluate_split, format_accuracy, load_split, missed_accuracy_targets
from tests.data.triage.build import SPLIT_MODULES, split_cases

MINIMUM_SIZE = {"tuning": 200, "development": 150, "held_out": 110, "expansion": 150, "breadth": 200, "coverage": 200}
ID_PREFIXES = {
    "tuning": "tune-",
    "development": "dev-",
    "held_out": "ho-",
    "expansion": "exp-",
    "breadth": "br-",
    "coverage": "cov-",
}


def prediction(
    case_id: str,
    expected: str,
    called: str,
    confidence: float,
    *,
    playbooks: tuple[str, str] = ("generic", "generic"),
    actions: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
) -> Prediction:
    return Prediction(
        case_id=case_id,
        expected_classification=expected,
        expected_playbook=playbooks[0],
        expected_actions=actions[0],
        classification=called,
        confidence=confidence,
        playbook=playbooks[1],
        actions=actions[1],
    )


FIVE = [
    prediction(
        "a",
        "malicious",
        "malicious",
        0.95,
        playbooks=("phishing", "phishing"),
        actions=(("quarantine_email", "block_sender"), ("quarantine_email", "assign")),
    ),
    prediction("b", "malicious", "benign", 0.6, playbooks=("malware", "malware"), actions=(("isolate_host",), ())),
    prediction("c", "benign", "benign", 0.3),
    prediction(
        "d",
        "suspicious",
        "malicious",
        0.75,
        playbooks=("brute_force", "phishing"),
        actions=(("block_ip",), ("block_ip", "assign")),
    ),
    prediction("e", "benign", "unknown", 0.0),
]


def test_figures_of_five_hand_made_predictions() -> None:
    figures = accuracy_figures(FIVE)

    assert figures["incidents"] == 5
    assert figures["accuracy"] == 0.4  # a and c
    assert figures["per_class"]["malicious"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "called": 2}
    assert figures["per_class"]["suspicious"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "called": 0}
    assert figures["per_class"]["benign"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "called": 2}
    assert figures["per_class"]["unknown"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "called": 1}
    assert figures["macro_f1"] == 0.25  # (0.5 + 0 + 0.5 + 0) / 4: every class is expected or called
    assert figures["playbook_accuracy"] == 0.8  # d went to phishing
    assert figures["confusion_matrix"]["malicious"] == {"malicious": 1, "suspicious": 0, "benign": 1, "unknown": 0}
    assert figures["confusion_matrix"]["suspicious"] == {"malicious": 1, "suspicious": 0, "benign": 0, "unknown": 0}
    assert figures["confusion_matrix"]["benign"] == {"malicious": 0, "suspicious": 0, "benign": 1, "unknown": 1}
    assert figures["malicious_called_benign"] == 1
    assert figures["malicious_called_benign_ids"] == ["b"]
    assert figures["action_recall"] == {"recall": 0.5, "expected": 4, "recommended": 2}


def test_calibration_bins_count_verdicts_and_the_share_correct() -> None:
    bins = {entry["bin"]: entry for entry in accuracy_figures(FIVE)["calibration"]}

    assert list(bins) == ["[0.0,0.5)", "[0.5,0.6)", "[0.6,0.7)", "[0.7,0.8)", "[0.8,0.9)", "[0.9,1.0]"]
    assert bins["[0.0,0.5)"] == {"bin": "[0.0,0.5)", "count": 2, "correct": 1, "share_correct": 0.5}
    assert bins["[0.6,0.7)"]["count"] == 1 and bins["[0.6,0.7)"]["correct"] == 0
    assert bins["[0.7,0.8)"]["count"] == 1 and bins["[0.7,0.8)"]["share_correct"] == 0.0
    assert bins["[0.9,1.0]"] == {"bin": "[0.9,1.0]", "count": 1, "correct": 1, "share_correct": 1.0}
    edges = accuracy_figures([prediction("x", "benign", "benign", 1.0), prediction("y", "benign", "benign", 0.5)])
    assert [entry["count"] for entry in edges["calibration"]] == [0, 1, 0, 0, 0, 1]


def test_macro_f1_averages_only_the_classes_that_occur_and_a_benign_call_at_half_is_not_confident() -> None:
    figures = accuracy_figures([prediction("x", "benign", "benign", 0.2), prediction("y", "malicious", "benign", 0.5)])

    assert figures["per_class"]["benign"]["f1"] == round(2 * 0.5 * 1.0 / 1.5, 4)
    assert figures["macro_f1"] == round((0.6667 + 0.0) / 2, 4)  # suspicious and unknown never occur
    assert figures["malicious_called_benign"] == 0  # 0.5 is not above 0.5
    assert accuracy_figures([])["accuracy"] == 0.0


def test_missed_targets_are_reported_in_words() -> None:
    figures = {**accuracy_figures(FIVE), "split": "held_out"}

    missed = missed_accuracy_targets(figures, {"macro_f1": 0.9, "malicious_called_benign": 0})

    assert missed[0] == "triage macro-F1 on the held_out split is 0.250 (target >= 0.9)"
    assert missed[1].startswith("1 malicious incidents of the held_out split are called benign") and "b" in missed[1]
    assert missed_accuracy_targets(figures, {"macro_f1": 0.2, "malicious_called_benign": 1}) == []


def test_the_bench_report_holds_the_figures_and_the_missed_targets() -> None:
    figures = {**accuracy_figures(FIVE), "split": "held_out", "engine": "rules (default)"}

    report = build_report({}, {}, triage_accuracy=figures)
    table = format_report(report)

    assert report["triage_accuracy"]["macro_f1"] == 0.25
    assert report["targets"]["triage_accuracy"] == {"macro_f1": 0.9, "malicious_called_benign": 0}
    assert any(line.startswith("triage macro-F1 on the held_out split") for line in report["missed"])
    assert "Triage accuracy: rules (default) on the held_out split (5 incidents)" in table
    assert "MISSED: triage macro-F1 on the held_out split is 0.250 (target >= 0.9)" in table
    assert "triage_accuracy" not in build_report({}, {})


# ---------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict[str, Any]]]:
    return {name: load_split(name) for name in MINIMUM_SIZE}


def test_each_split_is_large_enough_and_holds_every_playbook(splits: dict[str, list[dict[str, Any]]]) -> None:
    for name, cases in splits.items():
        assert len(cases) >= MINIMUM_SIZE[name], name
        assert {item["expected"]["playbook"] for item in cases} == set(playbook_names()), name
        assert {item["expected"]["classification"] for item in cases} == set(CLASSIFICATIONS), name


def test_every_split_is_built_and_loaded(splits: dict[str, list[dict[str, Any]]]) -> None:
    assert set(splits) == set(SPLIT_MODULES) == set(ID_PREFIXES)
    assert set(ID_PREFIXES) == {"tuning", "development", "held_out", "expansion", "breadth", "coverage"}


def test_ids_are_unique_across_splits(splits: dict[str, list[dict[str, Any]]]) -> None:
    ids = [item["id"] for cases in splits.values() for item in cases]
    assert len(ids) == len(set(ids))
    for name, cases in splits.items():
        assert all(item["id"].startswith(ID_PREFIXES[name]) for item in cases), name


def test_the_held_out_split_comes_from_other_tools(splits: dict[str, list[dict[str, Any]]]) -> None:
    tools = {name: {item["source_tool"] for item in cases} for name, cases in splits.items()}
    assert tools["tuning"].isdisjoint(tools["held_out"])
    assert len(tools["held_out"]) >= 10


def test_the_development_split_is_broad_and_unlike_tuning(splits: dict[str, list[dict[str, Any]]]) -> None:
    tools = {name: {item["source_tool"] for item in cases} for name, cases in splits.items()}
    assert tools["development"].isdisjoint(tools["tuning"])
    assert len(tools["development"]) >= 50


@pytest.mark.parametrize("split", ["expansion", "breadth", "coverage"])
def test_the_later_training_splits_come_from_tools_no_other_split_holds(
    splits: dict[str, list[dict[str, Any]]], split: str
) -> None:
    tools = {name: {item["source_tool"] for item in cases} for name, cases in splits.items()}
    for other in set(splits) - {split}:
        assert tools[split].isdisjoint(tools[other]), other
    assert len(tools[split]) >= 50


def test_every_incident_is_a_valid_create_body(splits: dict[str, list[dict[str, Any]]]) -> None:
    for cases in splits.values():
        for item in cases:
            IncidentCreate.model_validate(item["incident"])


def test_labels_use_the_engine_and_catalog_vocabulary(splits: dict[str, list[dict[str, Any]]]) -> None:
    for cases in splits.values():
        for item in cases:
            expected = item["expected"]
            assert set(expected) == {"classification", "playbook", "actions"}, item["id"]
            assert expected["classification"] in CLASSIFICATIONS, item["id"]
            assert expected["playbook"] in playbook_names(), item["id"]
            assert set(expected["actions"]) <= set(CATALOG), item["id"]
            assert item["source_tool"].strip(), item["id"]


def test_the_committed_files_are_what_the_modules_build(splits: dict[str, list[dict[str, Any]]]) -> None:
    for name in SPLIT_MODULES:
        assert splits[name] == json.loads(json.dumps(split_cases(name))), name


def test_the_issue_cases_are_in_the_tuning_split(splits: dict[str, list[dict[str, Any]]]) -> None:
    tuning = {item["id"]: item for item in splits["tuning"]}
    assert tuning["tune-seed-001"]["incident"]["raw_data"]["subject"] == "Important Document"
    assert "password spraying" in tuning["tune-okta-006"]["incident"]["title"].lower()
    assert "203.0.113.7" in json.dumps(tuning["tune-issue-002"]["incident"]["raw_data"])


def test_a_split_is_evaluated_end_to_end_by_the_rules_engine() -> None:
    figures = evaluate_split("development")

    assert figures["split"] == "development" and figures["incidents"] == len(load_split("development"))
    assert sum(sum(row.values()) for row in figures["confusion_matrix"].values()) == figures["incidents"]
    assert sum(entry["count"] for entry in figures["calibration"]) == figures["incidents"]
    assert format_accuracy(figures)[0].startswith("Triage accuracy: rules (default) on the development split")
    with pytest.raises(ValueError, match="unknown split"):
        load_split("everything")


# ---------------------------------------------------------------- Bedrock


class StubBedrock:
    def __init__(self, answer: dict[str, Any] | None) -> None:
        self.answer = answer

    def converse(self, **_: Any) -> dict[str, Any]:
        if self.answer is None:
            raise RuntimeError("AccessDeniedException")
        return {"output": {"message": {"content": [{"text": json.dumps(self.answer)}]}}}


def test_bedrock_answers_are_scored_with_their_category_as_playbook() -> None:
    answer = {
        "classification": "malicious",
        "confidence": 0.9,
        "category": "Phishing",
        "reasoning": ["lure"],
        "recommended_actions": [{"action": "quarantine_email"}],
    }
    engine = counting_engine("model-x", client=StubBedrock(answer))

    result = engine.triage({"title": "t", "description": "phishing mail", "severity": "high"}, [])

    assert (result.playbook, result.verdict.classification) == ("phishing", "malicious")
    assert [action.action for action in result.recommended_actions] == ["quarantine_email"]


def test_bedrock_evaluation_stops_when_the_first_incidents_all_fall_back() -> None:
    engine = counting_engine("model-x", client=StubBedrock(None))
    incident = {"title": "t", "description": "something happened", "severity": "low"}

    engine.triage(incident, [])
    engine.triage(incident, [])
    with pytest.raises(EvaluationStopped, match="fell back to the rules engine"):
        engine.triage(incident, [])


def test_bedrock_evaluation_needs_a_region(monkeypatch: pytest.MonkeyPatch) -> None:
    from incident_core.core.settings import get_settings

    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    get_settings.cache_clear()

    with pytest.raises(EvaluationStopped, match="no AWS region"):
        checked_setup()
