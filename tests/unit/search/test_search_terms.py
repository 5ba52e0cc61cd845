"""The terms an incident is indexed under, and the words a query looks up (search/terms.py)."""

from __future__ import annotations

from typing import Any

from incident_core.search.terms import (
    MAX_DESCRIPTION_WORDS,
    OBSERVABLE,
    TAG,
    WORD,
    incident_terms,
    observable_value,
    query_terms,
    query_words,
    words_of,
)

INCIDENT: dict[str, Any] = {
    "title": "Brute force on the VPN from 203.0.113.7",
    "description": "Logins failed for the CFO; beacon to hxxps://evil[.]example/payload and CVE-2024-3400.",
    "tags": ["VPN ", "Finance", "vpn"],
    "raw_data": {"hash": "D41D8CD98F00B204E9800998ECF8427E"},
}


def kinds(terms: list[tuple[str, str]], kind: str) -> list[str]:
    return [value for found, value in terms if found == kind]


def test_tags_are_trimmed_case_folded_and_kept_once() -> None:
    assert kinds(incident_terms(INCIDENT), TAG) == ["vpn", "finance"]


def test_observables_are_the_triage_extractions_normalised_from_every_text() -> None:
    assert set(kinds(incident_terms(INCIDENT), OBSERVABLE)) == {
        "203.0.113.7",
        "https://evil.example/payload",
        "evil.example",
        "CVE-2024-3400",
        "d41d8cd98f00b204e9800998ecf8427e",
    }


def test_words_are_case_folded_without_stop_words_or_single_characters() -> None:
    words = kinds(incident_terms(INCIDENT), WORD)
    assert words[:6] == ["brute", "force", "vpn", "203", "113", "logins"]
    assert "the" not in words and "on" not in words and "7" not in words
    assert "cfo" in words and "beacon" in words


def test_only_the_first_words_of_a_long_description_are_indexed() -> None:
    description = " ".join(f"w{i}" for i in range(MAX_DESCRIPTION_WORDS + 50))
    words = kinds(incident_terms({"title": "Short", "description": description}), WORD)
    assert words[0] == "short"
    assert f"w{MAX_DESCRIPTION_WORDS - 1}" in words and f"w{MAX_DESCRIPTION_WORDS}" not in words


def test_a_deleted_incident_has_no_terms() -> None:
    assert incident_terms({**INCIDENT, "deleted_at": "2026-11-30T10:00:00Z"}) == []


def test_a_query_reads_words_by_the_same_rules() -> None:
    assert query_words("The VPN, brute-FORCE!") == ["vpn", "brute", "force"]
    assert query_words("the a of") == []  # stop words only: the index serves nothing
    assert words_of("Éclair ÉCLAIR über") == ["éclair", "über"]


def test_a_query_observable_is_normalised_like_an_indexed_one() -> None:
    assert observable_value(" EVIL.example ") == "evil.example"
    assert observable_value("hxxp://evil[.]example/x") == "http://evil.example/x"
    assert observable_value("cve-2024-3400") == "CVE-2024-3400"
    assert observable_value("not an indicator") is None


def test_query_terms_are_the_tag_the_words_and_the_observable_once_each() -> None:
    terms = query_terms(tag=" VPN", words=["beacon", "beacon"], observable="203.0.113.7")
    assert terms == [(TAG, "vpn"), (WORD, "beacon"), (OBSERVABLE, "203.0.113.7")]
