"""The learned triage scorer: its features, its verdict beside the rules', its committed weights."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from incident_core.triage import scorer
from incident_core.triage.engine import run_rules
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbooks.rules import ACTION_CATALOG, CLASSIFICATIONS, RULES_VERSION
from incident_core.triage.scorer import UNKNOWN_AT, ScorerModel, load_model, probabilities, scored_verdict
from incident_core.triage.scorer_features import (
    PREFIX_LENGTH,
    RulesOutcome,
    content_features,
    describe_feature,
    incident_features,
    words_of,
)
from scripts.triage_fit import Example, FitSettings, fit
from scripts.triage_train import WEIGHTS_PATH, corpus_hash, load_cases, trained, training_splits
from tests.unit.triage.test_triage_engine import action_names, incident, triage

UPLOAD = incident(
    title="Unusual sync to a personal cloud drive",
    description="The sync client of j.doe uploaded the customer folder to a personal account.",
    incident_type="data_exfiltration",
    raw_data={"user": "j.doe@example.org", "destination_ip": "185.199.108.153", "files": "customers.xlsx"},
)


def tiny_model(weights: dict[str, tuple[float, ...]], bias: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)) -> ScorerModel:
    """A hand-made model (classes in `CLASSIFICATIONS` order), so a test does not hang on trained weights."""
    return ScorerModel(classes=CLASSIFICATIONS, bias=bias, weights=weights, header={})


@pytest.fixture
def upload_says_malicious(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's scorer made to find 'uploaded' a strong sign of malice."""
    model = tiny_model({"word:uploaded": (6.0, 0.0, -6.0, 0.0)})
    monkeypatch.setattr(scorer, "model", lambda: model)


# --- features ----------------------------------------------------------------------------------


def test_words_are_case_folded_and_what_names_one_organisation_is_folded_to_its_kind() -> None:
    words = words_of(
        "Mail from Bad.Actor@Evil-Domain.example to 10.0.0.12 via https://login.example.net/x?a=1; "
        "host NWF-LT-0412 ran invoice_88213.exe, sha256 " + "ab" * 32 + " on S3 and EC2 (T1003)"
    )
    assert {"mail", "kindemail", "kindip", "kindurl", "kindhash", "invoice", "exe", "s3", "ec2", "t1003"} <= set(words)
    assert not {"evil", "bad", "actor", "0412", "88213", "nwf-lt-0412"} & set(words)
    assert "kinddomain" in words_of("beacons to c2.badness.example every minute")


def test_features_hold_the_rules_outcome_and_the_words() -> None:
    prepared, _, _, outcome = run_rules(UPLOAD, extract_observables(UPLOAD))
    features = incident_features(prepared, outcome)
    assert features[f"rules.class:{outcome.classification}"] == 1.0
    assert features[f"rules.{outcome.classification}.confidence"] == outcome.confidence
    assert features["rules.playbook:data_exfiltration"] == 1.0
    assert all(features[f"rules.fired:{name}"] == 1.0 for name in outcome.fired)
    assert {"facts", "severity:medium", "observable:ipv4_public", "word:uploaded", "word:kindemail"} <= set(features)
    assert not any("example" in name or "185" in name for name in features)


def test_the_prose_words_give_their_beginnings_too_and_raw_data_words_do_not() -> None:
    """`prefix:` features: the first letters of the title's, description's and tags' longer words, so that
    `encrypted` and `encryption` share one; raw_data's words and what was folded to its kind give none."""
    prepared, _, _, outcome = run_rules(UPLOAD, extract_observables(UPLOAD))
    features = incident_features(prepared, outcome)
    prefixes = {name for name in features if name.startswith("prefix:")}
    assert {"prefix:unus", "prefix:clou", "prefix:uplo", "prefix:cust", "prefix:pers", "prefix:fold"} <= prefixes
    assert not prefixes & {"prefix:kind", "prefix:file"}  # `j.doe` is folded; `files` is raw_data's key only
    assert all(len(name) == len("prefix:") + PREFIX_LENGTH for name in prefixes)
    assert "word:sync" in features and not any(name.startswith("prefix:syn") for name in features)  # 4 letters
    assert "prefix:clou" not in content_features(prepared)  # the playbook selector reads no beginnings


def test_a_feature_is_described_in_words() -> None:
    assert describe_feature("word:ransom") == "'ransom'"
    assert describe_feature("prefix:encr") == "'encr*'"
    assert describe_feature("rules.playbook:phishing") == "the phishing playbook"
    assert describe_feature("rules.suspicious.confidence") == "the rules' suspicious confidence"
    assert describe_feature("observable:ipv4_public") == "a public IPv4 address"


def test_probabilities_are_a_softmax_over_the_classes() -> None:
    model = tiny_model({"word:ransom": (2.0, 0.0, -1.0, 0.0)})
    chances = probabilities(model, {"word:ransom": 1.0, "word:unseen": 1.0})
    assert list(chances) == list(CLASSIFICATIONS)
    assert sum(chances.values()) == pytest.approx(1.0)
    assert max(chances, key=chances.__getitem__) == "malicious"


# --- the verdict beside the rules --------------------------------------------------------------


def test_a_promoted_verdict_gets_its_containment_actions(upload_says_malicious: None) -> None:
    result = triage(UPLOAD)
    assert (result.playbook, result.verdict.classification) == ("data_exfiltration", "malicious")
    names = [action.action for action in result.recommended_actions]
    assert {"block_ip", "disable_user"} <= set(names)
    assert {"ip": "185.199.108.153"} in [a.parameters for a in result.recommended_actions if a.action == "block_ip"]
    assert set(names) <= set(ACTION_CATALOG)


def test_the_reasoning_names_the_scorer_its_strongest_words_and_what_the_rules_said(
    upload_says_malicious: None,
) -> None:
    *_, outcome = run_rules(UPLOAD, extract_observables(UPLOAD))
    result = triage(UPLOAD)
    line = result.verdict.reasoning[-1]
    assert line == (
        f"Learned scorer (rules-{RULES_VERSION}): malicious {result.verdict.confidence:.2f} — words 'uploaded'; "
        f"rules said {outcome.classification} {outcome.confidence:.2f}"
    )
    assert result.verdict.reasoning[:-1] == [reason for reason in result.verdict.reasoning if reason != line]


def test_a_verdict_less_serious_than_the_rules_leaves_theirs_standing(monkeypatch: pytest.MonkeyPatch) -> None:
    phish = incident(
        title="Phishing from email_gateway: Important Document",
        incident_type="phishing",
        source="email_gateway",
        raw_data={"sender": "billing@paypa1-secure.com", "recipient": "j.doe@example.org", "verdict": "malicious"},
    )
    *_, outcome = run_rules(phish, extract_observables(phish))
    monkeypatch.setattr(scorer, "model", lambda: tiny_model({}, bias=(-9.0, -9.0, 9.0, 0.0)))  # all benign
    doubted = triage(phish)
    assert (outcome.classification, doubted.verdict.classification) == ("malicious", "malicious")
    assert doubted.verdict.confidence == outcome.confidence
    assert not any(reason.startswith("Learned scorer") for reason in doubted.verdict.reasoning)
    assert {"quarantine_email", "block_sender"} <= {action.action for action in doubted.recommended_actions}


def test_an_incident_with_nothing_to_go_on_stays_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scorer, "model", lambda: tiny_model({}, bias=(9.0, 0.0, -9.0, -9.0)))
    result = triage(incident(title="Alert", description="alert", raw_data={"msg": "alert"}))
    assert result.verdict.classification == "unknown"
    assert not any(reason.startswith("Learned scorer") for reason in result.verdict.reasoning)


BRIEF_FORWARD = incident(
    title="FW: alert",
    description="see attached",
    raw_data={
        "id": "ALRT-88163",
        "currentState": "WARNING",
        "alertType": "Monitoring",
        "client": {"name": "Northwind"},
    },
)
NOTHING_FIRED = RulesOutcome(
    playbook="generic", classification="benign", confidence=0.0, fired=(), mitigated=False, has_facts=True, brief=True
)


def test_a_brief_alert_benign_only_because_nothing_fired_is_unknown_when_the_scorer_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forwarded alert with a few fields and no account of what happened: the rules call it benign (it holds
    facts, nothing fired); the scorer, finding `unknown` most likely, says there is nothing to go on."""
    *_, outcome = run_rules(BRIEF_FORWARD, extract_observables(BRIEF_FORWARD))
    assert (outcome.classification, outcome.fired, outcome.has_facts, outcome.brief) == ("benign", (), True, True)
    model = tiny_model({"word:attached": (0.0, 0.0, 0.0, 3.0)}, bias=(0.0, 0.0, 1.0, 0.0))  # benign of the three
    monkeypatch.setattr(scorer, "model", lambda: model)
    result = triage(BRIEF_FORWARD)
    assert result.verdict.classification == "unknown"
    assert result.verdict.confidence == pytest.approx(math.exp(3) / (2 + math.e + math.exp(3)), abs=0.005)
    assert result.verdict.reasoning[-1] == (
        f"Learned scorer (rules-{RULES_VERSION}): unknown {result.verdict.confidence:.2f} — words 'attached'; "
        "rules said benign 0.00"
    )
    assert "add_tags" in action_names(result)  # the generic playbook's needs-review tag for what is unknown
    assert not {"isolate_host", "block_ip", "disable_user"} & set(action_names(result))


def test_a_report_that_says_more_stays_benign_whatever_the_scorer_thinks_of_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worded = incident(
        title="FW: alert",
        description="The weekly capacity report for the Rotterdam warehouse printers came in, every figure within plan",
        raw_data=BRIEF_FORWARD["raw_data"],
    )
    *_, outcome = run_rules(worded, extract_observables(worded))
    assert (outcome.classification, outcome.fired, outcome.brief) == ("benign", (), False)
    monkeypatch.setattr(scorer, "model", lambda: tiny_model({}, bias=(0.0, 0.0, 1.0, 9.0)))
    assert triage(worded).verdict.classification == "benign"


@pytest.mark.parametrize(
    ("outcome", "bias", "expected"),
    [
        (NOTHING_FIRED, (0.0, 0.0, 1.0, 2.0), "unknown"),  # unknown at 0.61
        (NOTHING_FIRED, (0.0, 0.0, 1.0, 1.0), None),  # unknown at 0.37: not above UNKNOWN_AT
        (replace(NOTHING_FIRED, brief=False), (0.0, 0.0, 1.0, 9.0), None),
        (replace(NOTHING_FIRED, fired=("edr_severity_low",)), (0.0, 0.0, 1.0, 9.0), None),
        (replace(NOTHING_FIRED, classification="suspicious"), (0.0, 0.0, 1.0, 9.0), None),
        (NOTHING_FIRED, (0.0, 4.0, 0.0, 3.0), "suspicious"),  # a raise comes first
    ],
)
def test_only_a_brief_benign_verdict_with_nothing_fired_can_become_unknown(
    outcome: RulesOutcome, bias: tuple[float, ...], expected: str | None
) -> None:
    scored = scored_verdict(tiny_model({}, bias=bias), {}, outcome)
    assert (scored.classification if scored else None) == expected
    if scored is not None and expected == "unknown":
        assert scored.confidence > UNKNOWN_AT


def test_the_scorer_is_deterministic() -> None:
    first, second = triage(UPLOAD), triage(json.loads(json.dumps(UPLOAD)))
    assert first == second
    prepared, _, _, outcome = run_rules(UPLOAD, extract_observables(UPLOAD))
    assert list(incident_features(prepared, outcome).items()) == list(incident_features(prepared, outcome).items())


# --- the committed weights ---------------------------------------------------------------------


def test_the_committed_weights_load_and_name_the_rules_version() -> None:
    model = load_model()
    assert model.classes == CLASSIFICATIONS
    assert model.header["rules_version"] == RULES_VERSION, "rules changed: run make train-triage"
    assert all(len(row) == len(CLASSIFICATIONS) for row in model.weights.values())
    assert "held_out" not in model.header["splits"]


def test_the_committed_weights_were_trained_on_the_current_corpus() -> None:
    header = load_model().header
    assert header["splits"] == training_splits(), "a training split was added or removed: run make train-triage"
    assert header["corpus_sha256"] == corpus_hash(header["splits"]), "the corpus changed: run make train-triage"


def test_retraining_reproduces_the_committed_weights() -> None:
    splits = training_splits()
    _, document = trained(load_cases(splits), splits)
    assert document == WEIGHTS_PATH.read_text(encoding="utf-8"), "run make train-triage"


def test_a_weights_file_with_a_short_row_is_refused(tmp_path: Path) -> None:
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    data["weights"]["word:ransom"] = [1.0, 2.0]
    broken = tmp_path / "weights.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="one weight per class"):
        load_model(broken)


def test_the_layer_build_ships_the_weights_beside_the_module() -> None:
    layer = WEIGHTS_PATH.parents[2]
    assert WEIGHTS_PATH.parent == layer / "incident_core" / "triage"
    assert 'cp -R incident_core "$(TARGET)/"' in (layer / "Makefile").read_text(encoding="utf-8")


def test_fitting_learns_a_toy_set_the_same_way_every_time() -> None:
    toy = [
        Example("a", "one", {"word:ransom": 1.0}, "malicious"),
        Example("b", "two", {"word:ransom": 1.0, "word:note": 1.0}, "malicious"),
        Example("c", "one", {"word:backup": 1.0}, "benign"),
        Example("d", "two", {"word:backup": 1.0, "word:note": 1.0}, "benign"),
    ]
    settings = FitSettings(min_count=2, min_splits=2)
    first, second = fit(toy, CLASSIFICATIONS, settings), fit(toy, CLASSIFICATIONS, settings)
    assert first == second
    assert sorted(first.weights) == ["word:backup", "word:ransom"]  # 'note': one split's wording only
    model = ScorerModel(CLASSIFICATIONS, tuple(first.bias), {k: tuple(v) for k, v in first.weights.items()}, {})
    assert max(probabilities(model, {"word:ransom": 1.0}).items(), key=lambda item: item[1])[0] == "malicious"
    assert max(probabilities(model, {"word:backup": 1.0}).items(), key=lambda item: item[1])[0] == "benign"
