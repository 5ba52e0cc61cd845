"""The terms an incident is found by: its tags, its observables and the words of its text.

Pure and offline. A term is `(kind, value)`:
- `tag`: each tag, trimmed and case-folded;
- `obs`: each observable `triage.observables.extract_observables` finds (IPs, domains, URLs,
  e-mail addresses, hashes, CVE ids, in the title, the description and `raw_data`), in its
  normalised form (a domain or a hash in lower case, a CVE id in upper case), at most
  `MAX_OBSERVABLES` of them;
- `word`: the words of the title, and the first `MAX_DESCRIPTION_WORDS` words of the
  description: runs of letters and digits, case-folded, of 2 to `MAX_WORD_LENGTH` characters,
  stop words dropped.
A value too long for a key (`MAX_VALUE_BYTES`) is not indexed. A query's words are read by the
same rules (`query_words`), so what is indexed and what is asked always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from incident_core.triage.observables import extract_observables, observables_from_text

TAG, OBSERVABLE, WORD = "tag", "obs", "word"
MAX_DESCRIPTION_WORDS = 200  # the words of a description past these are not indexed (the title's always are)
MAX_OBSERVABLES = 100
MIN_WORD_LENGTH = 2
MAX_WORD_LENGTH = 64
MAX_VALUE_BYTES = 1024  # a partition key holds at most 2048 bytes: the org and the kind come first
MAX_QUERY_TERMS = 8

type Term = tuple[str, str]

_WORD = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into"),
        *("is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "this", "to", "was", "were"),
        *("will", "with", "not", "no", "after", "before", "over", "under", "than", "then", "so", "if"),
        *("we", "our", "you", "your"),
    }
)


def words_of(text: str, *, most: int | None = None) -> list[str]:
    """The distinct searchable words of `text`, first seen first (at most `most` words of the text are read)."""
    found: dict[str, None] = {}
    for count, match in enumerate(_WORD.finditer(text)):
        if most is not None and count >= most:
            break
        word = match[0].casefold()
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and word not in STOP_WORDS:
            found[word] = None
    return list(found)


def tag_value(tag: str) -> str:
    return tag.strip().casefold()


def observable_value(text: str) -> str | None:
    """The normalised observable `text` names (the first, when it holds several: a URL before its host), or None."""
    found = observables_from_text(text.strip(), source="query")
    return found[0].value if found else None


def incident_terms(incident: Mapping[str, Any]) -> list[Term]:
    """Every term the incident is indexed under, each once (none for a deleted incident)."""
    if incident.get("deleted_at"):
        return []
    terms: dict[Term, None] = {}
    for tag in incident.get("tags") or []:
        if isinstance(tag, str) and tag.strip():
            terms[TAG, tag_value(tag)] = None
    for observable in extract_observables(incident, limit=MAX_OBSERVABLES):
        terms[OBSERVABLE, observable.value] = None
    title, description = incident.get("title"), incident.get("description")
    for word in words_of(title if isinstance(title, str) else ""):
        terms[WORD, word] = None
    for word in words_of(description if isinstance(description, str) else "", most=MAX_DESCRIPTION_WORDS):
        terms[WORD, word] = None
    return [term for term in terms if indexable(term[1])]


def indexable(value: str) -> bool:
    return 0 < len(value.encode()) <= MAX_VALUE_BYTES


def query_words(text: str) -> list[str]:
    """The words of a `q` the index looks up (all must match); empty when it has none (stop words only)."""
    return words_of(text)


def query_terms(*, tag: str | None, words: Iterable[str], observable: str | None) -> list[Term]:
    """The terms a lookup intersects, in a stable order."""
    terms: list[Term] = [(TAG, tag_value(tag))] if tag else []
    terms += [(WORD, word) for word in words]
    if observable:
        terms.append((OBSERVABLE, observable))
    return list(dict.fromkeys(terms))
