"""The learned playbook selector: used only where no playbook matched, said so in the reasoning, its weights
committed and reproducible."""

from __future__ import annotations

import pytest

from incident_core.triage import playbook_selector
from incident_core.triage.engine import matched_playbook, run_rules
from incident_core.triage.evidence import PreparedIncident
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbook_selector import (
    MIN_PROBABILITY,
    PLAYBOOK_NAMES,
    SELECTOR_WEIGHTS_FILE,
    learned_playbook,
    selector_model,
)
from incident_core.triage.playbooks.rules import RULES_VERSION
from incident_core.triage.scorer import ScorerModel, load_model
from scripts.triage_fit import FitSettings
from scripts.triage_selector import SELECTOR_WEIGHTS_PATH, selector_cases, train_selector
from scripts.triage_train import CORPUS_DIR, corpus_hash, training_splits, weights_document
from tests.unit.triage.test_triage_engine import incident, triage

# Words no playbook's keywords hold: the rules match nothing, and fall back to generic.
UNPLACED = incident(
    title="Odd behaviour on the tenant",
    description="Accounts were tried one after another from a single place; lockouts followed.",
    raw_data={"count": 412, "window": "10m"},
)


def tiny_selector(word: str, playbook: str, weight: float) -> ScorerModel:
    """A hand-made selector: `word` pushes towards `playbook` by `weight`."""
    row = tuple(weight if name == playbook else 0.0 for name in PLAYBOOK_NAMES)
    return ScorerModel(
        classes=PLAYBOOK_NAMES, bias=(0.0,) * len(PLAYBOOK_NAMES), weights={f"word:{word}": row}, header={}
    )


@pytest.fixture
def lockouts_mean_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    model = tiny_selector("lockouts", "brute_force", 8.0)
    monkeypatch.setattr(playbook_selector, "selector_model", lambda: model)


def test_the_incident_matches_no_playbook_of_the_rules() -> None:
    assert matched_playbook(PreparedIncident(UNPLACED, extract_observables(UNPLACED))) is None


def test_where_no_playbook_matched_the_selector_names_one_and_the_reasoning_says_so(
    lockouts_mean_brute_force: None,
) -> None:
    result = triage(UNPLACED)
    assert result.playbook == "brute_force"
    assert result.verdict.category == "brute_force"
    assert result.verdict.reasoning[0].startswith("Playbook brute_force chosen by the learned selector (1.00)")
    _, _, _, outcome = run_rules(UNPLACED, extract_observables(UNPLACED))
    assert (outcome.playbook, outcome.learned_playbook) == ("brute_force", 1.0)


def test_a_playbook_the_rules_matched_or_one_asked_for_is_never_replaced(lockouts_mean_brute_force: None) -> None:
    phishing = incident(title="Phishing mail reported: lockouts notice", incident_type="phishing")
    assert triage(phishing).playbook == "phishing"
    _, chosen, _, outcome = run_rules(UNPLACED, extract_observables(UNPLACED), playbook="generic")
    assert (chosen.name, outcome.learned_playbook) == ("generic", None)


def test_below_its_minimum_probability_generic_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    unsure = tiny_selector("lockouts", "brute_force", 0.5)  # e^0.5 / (e^0.5 + 6) < MIN_PROBABILITY
    monkeypatch.setattr(playbook_selector, "selector_model", lambda: unsure)
    assert learned_playbook(PreparedIncident(UNPLACED, ())) is None
    assert MIN_PROBABILITY == 0.5
    result = triage(UNPLACED)
    assert result.playbook == "generic"
    assert not result.verdict.reasoning[0].startswith("Playbook")


def test_without_a_weights_file_every_choice_is_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(playbook_selector, "selector_model", lambda: None)
    assert learned_playbook(PreparedIncident(UNPLACED, ())) is None


def test_the_committed_weights_load_over_the_playbooks_and_the_current_corpus() -> None:
    model = selector_model()
    assert model is not None and model.classes == PLAYBOOK_NAMES
    assert SELECTOR_WEIGHTS_FILE == SELECTOR_WEIGHTS_PATH
    assert model.header["rules_version"] == RULES_VERSION, "rules changed: run make train-triage"
    assert model.header["splits"] == training_splits(), "run make train-triage"
    assert model.header["corpus_sha256"] == corpus_hash(model.header["splits"]), "the corpus changed: retrain"
    assert "held_out" not in model.header["splits"]
    with pytest.raises(ValueError, match="classes"):
        load_model(SELECTOR_WEIGHTS_FILE)  # a selector is not a scorer


def test_retraining_reproduces_the_committed_weights() -> None:
    splits = training_splits()
    cases = selector_cases(splits, CORPUS_DIR)
    document = weights_document(train_selector(cases, FitSettings()), splits, FitSettings(), len(cases))
    assert document == SELECTOR_WEIGHTS_PATH.read_text(encoding="utf-8"), "run make train-triage"
