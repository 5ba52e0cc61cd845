"""How a playbook's words and patterns are matched against an incident's text.

Keywords match whole words whatever separates them (`as_words`, `find_term`, `terms_in`); patterns are
regex alternations compiled once (`lower_regex` for lower-cased text, `any_regex` ignoring case), and
searched only for the terms whose plain text is there (`literals.possible_terms`, in `evidence`).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["any_regex", "as_words", "find_term", "lower_regex", "terms_in"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def as_words(text: str) -> str:
    """Text as its lower-case words (letters and digits) between single spaces, for `find_term`."""
    return f" {_NON_ALNUM.sub(' ', text.lower()).strip()} "


@lru_cache(maxsize=1024)
def _needles(terms: tuple[str, ...]) -> tuple[tuple[str, str, str, bool], ...]:
    """(` words of the term `, term, its first word, whether it is one word) for each term: a keyword
    matches whole words, whatever separates them. A term whose first word is not among the text's
    words is not looked for (a set lookup instead of a search of the whole text)."""
    needles = []
    for term in terms:
        needle = as_words(term)
        if needle.strip():
            words = needle.split()
            needles.append((needle, term.lower(), words[0], len(words) == 1))
    return tuple(needles)


@lru_cache(maxsize=16)
def _word_set(words: str) -> frozenset[str]:
    """The distinct words of `words` (one-word terms are looked up here instead of searched for)."""
    return frozenset(words.split())


def find_term(words: str, terms: tuple[str, ...]) -> str | None:
    """The term that occurs first in `words` (the longer one at the same place)."""
    present = _word_set(words)
    best: tuple[int, int, str] | None = None
    for needle, term, first, _ in _needles(terms):
        if first not in present:
            continue
        position = words.find(needle)
        if position >= 0 and (best is None or (position, -len(needle)) < best[:2]):
            best = (position, -len(needle), term)
    return best[2] if best else None


def terms_in(words: str, terms: tuple[str, ...]) -> set[str]:
    """The terms that occur in `words` (see `as_words`)."""
    present = _word_set(words)
    return {term for needle, term, first, single in _needles(terms) if first in present and (single or needle in words)}


@lru_cache(maxsize=4096)
def lower_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-sensitive pattern matching any of the lower-case regexes `terms`, for lower-cased text."""
    return re.compile("|".join(f"(?:{term})" for term in terms))


@lru_cache(maxsize=1024)
def any_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the regexes `terms` (compiled once)."""
    return re.compile("|".join(f"(?:{term})" for term in terms), re.IGNORECASE)
