"""The plain text a playbook's regex can not match without (`triage/literals.py`): what it reads,
and that leaving out the terms whose text is absent never changes what a search finds."""

from __future__ import annotations

import pytest

from incident_core.triage.evidence import PreparedIncident
from incident_core.triage.literals import possible_terms, required_literals
from incident_core.triage.matching import lower_regex
from incident_core.triage.observables import extract_observables
from incident_core.triage.playbooks.catalog import PLAYBOOKS
from scripts.bench.corpus.generator import triage_corpus
from scripts.bench.triage_accuracy import load_split


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"\bunion(?:\s|\+|%20)+(?:all\s+)?select\b", ("select",)),  # of `union` and `select`, the longer
        (r"\$\{jndi:", ("${jndi:",)),
        (r"0\.0\.0\.0/0", ("0.0.0.0/0",)),
        (r"sqli|sql[_ ]?injection|\bxss\b", ("sqli", "injection", "xss")),
        (r"\b(?:spf|dkim|dmarc)\s+\w+", ("spf", "dkim", "dmarc")),
        (r"\b(?:spf|dkim)\s+fail", ("fail",)),  # one string of four letters tells more than two of three
        (r"(?:\.\./){2,}|(?:%2e%2e%2f){2,}", ("../", "%2e%2e%2f")),
        (r"ab?cd", ("cd",)),  # `b` may be absent: `a` and `cd` need not be side by side
        (r"abc+d", ("ab",)),
        (r"x[a-z]{2,3}yz", ("yz",)),
        (r"a.*bcd", ("bcd",)),
        (r"(?<=x)abc(?=yz)", ("abc",)),  # lookarounds are not text the match holds
        (r"(ab)?cd", ("cd",)),
        (r"(?:ab)*c", ("c",)),
        (r"(?P<name>foo|bar)+x", ("foo", "bar")),
        (r"a{b", ("a{b",)),  # a `{` that is no quantifier is a character
        (r"a|.*", ()),  # a branch that needs nothing: the term is always searched
        (r"\x41bc", ()),
        (r"\1abc", ()),
        (r"(?i)abc", ()),
        (r"(?i:abc)d", ("d",)),
    ],
)
def test_the_text_every_match_holds(pattern: str, required: tuple[str, ...]) -> None:
    assert required_literals(pattern) == required


def test_every_playbook_pattern_has_text_to_check() -> None:
    terms = {
        term
        for playbook in PLAYBOOKS
        for indicator in playbook.indicators
        if indicator.kind == "pattern_any"
        for term in indicator.terms
    }
    assert [term for term in terms if not required_literals(term)] == []


def _texts() -> list[str]:
    incidents = [line["incident"] for split in ("tuning", "development", "expansion") for line in load_split(split)]
    incidents += [item.incident for item in triage_corpus()]
    return [PreparedIncident(incident, extract_observables(incident)).corpus("all").lower() for incident in incidents]


def test_leaving_out_the_terms_whose_text_is_absent_finds_the_same_match_on_the_corpora() -> None:
    indicators = {
        indicator.terms
        for playbook in PLAYBOOKS
        for indicator in playbook.indicators
        if indicator.kind == "pattern_any"
    }
    matched = 0
    for text in _texts():
        for terms in indicators:
            found = lower_regex(terms).search(text)
            possible = possible_terms(terms, text)
            again = lower_regex(possible).search(text) if possible else None
            assert (found and found.span()) == (again and again.span()), (terms, found)
            matched += found is not None
    assert matched > 500  # the check saw many matches, not only absences
