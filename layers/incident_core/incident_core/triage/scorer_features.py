"""The features of the learned triage scorer (`triage.scorer`): what it reads of an incident.

Three kinds, every one named by a string and worth 1 unless said otherwise:

- the rules engine's own outcome: `rules.class:<classification>`, `rules.<classification>.confidence`
  (worth the rules' confidence), `rules.playbook:<name>`, `rules.fired:<indicator id>` for each
  indicator that counted, `rules.none_fired`, `rules.mitigated` (a mitigating indicator counted),
  `facts` (the incident holds facts, `PreparedIncident.has_facts`), `severity:<severity>` and
  `observable:<type>` (IP addresses as `ipv4_public` / `ipv4_private`);
- words: `word:<w>` for each case-folded word of the title, description, tags, source and
  raw_data's `key: value` lines (two words in a row as a feature did no better leave-one-split-out
  in session 8, and +0.002 beside the word beginnings below in session 15, for more weights and
  time on large raw_data: not kept). What names one
  organisation or one event is folded to its kind first: an e-mail address is `kindemail`, a URL
  `kindurl`, an IPv4 address `kindip`, a domain `kinddomain`, a hex digest `kindhash`; words
  of digits, and words with digits longer than `MAX_DIGIT_WORD`, are left out (ids, host names);
- word beginnings (scorer only): `prefix:<p>` for the first `PREFIX_LENGTH` letters of each word of
  the title, description and tags longer than that (`encr` of encrypted / encryption / encrypting,
  `susp` of suspect / suspicious): wording a tool writes its own way still shares them.
  Leave-one-split-out, with the words they join (session 15): macro-F1 mean 0.724 -> 0.745, every
  split up (3 letters 0.741, 5 letters 0.739, 6 letters 0.738; with raw_data's words too 0.731).

The scorer keeps only the features its weights name, so a word it never learned costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incident_core.triage.evidence import as_text
from incident_core.triage.matching import as_words
from incident_core.triage.observables import FILE_EXTENSIONS

if TYPE_CHECKING:
    from incident_core.triage.evidence import PreparedIncident
    from incident_core.triage.observables import Observable

__all__ = [
    "MAX_SCORED_TEXT",
    "WORDING_FEATURES",
    "RulesOutcome",
    "content_features",
    "describe_feature",
    "incident_features",
    "words_of",
]

MAX_SCORED_TEXT = 8_000  # characters of the prose and of raw_data's lines that the scorer reads
MAX_DIGIT_WORD = 5  # a word with digits is kept up to this length (s3, ec2, m365, log4j, t1003)
MIN_WORD = 2
PREFIX_LENGTH = 4
WORDING_FEATURES = ("word:", "prefix:")  # what the incident's wording gives: words and word beginnings
_KIND_WORDS = frozenset({"kindurl", "kindemail", "kindip", "kindhash", "kinddomain"})
MIN_HASH = 32

_KINDS = re.compile(
    r"(?P<url>\b(?:https?|hxxps?|ftp)://[^\s\"'<>]+)"
    r"|(?P<email>[\w.%+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,24})"
    r"|(?P<ip>(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]))"
    r"|(?P<hash>(?<![\w])[0-9a-f]{32,128}(?![\w]))"
    r"|(?P<domain>(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-]))"
)
_HAS_DIGIT = re.compile(r"\d")
OBSERVABLE_WORDS = {
    "ipv4_public": "a public IPv4 address",
    "ipv4_private": "a private IPv4 address",
    "ipv6_public": "a public IPv6 address",
    "ipv6_private": "a private IPv6 address",
    "domain": "a domain",
    "url": "a URL",
    "email": "an e-mail address",
    "md5": "a file hash",
    "sha1": "a file hash",
    "sha256": "a file hash",
    "cve": "a CVE",
}


@dataclass(frozen=True, slots=True)
class RulesOutcome:
    """What the rules engine concluded about an incident, as the scorer reads it."""

    playbook: str
    classification: str
    confidence: float
    fired: tuple[str, ...]
    mitigated: bool
    has_facts: bool
    learned_playbook: float | None = None  # the selector's probability, when it chose the playbook
    brief: bool = False  # the title, description and tags say little (`PreparedIncident.is_brief`)


def _kind(match: re.Match[str]) -> str:
    kind = match.lastgroup or ""
    if kind == "domain":
        text = match[0]
        if text.rsplit(".", 1)[-1] in FILE_EXTENSIONS:
            return text  # a file name: its words (and extension) are read as words
    return f" kind{kind} "


def _keep(word: str) -> bool:
    if len(word) < MIN_WORD:
        return False
    return not _HAS_DIGIT.search(word) or (len(word) <= MAX_DIGIT_WORD and not word.isdigit() and word[0].isalpha())


def words_of(text: str) -> list[str]:
    """The words of a text as the scorer reads them, each once, in order of first use (see the module doc)."""
    folded = " ".join(
        _KINDS.sub(_kind, part) if "." in part or "@" in part or len(part) >= MIN_HASH else part
        for part in text[:MAX_SCORED_TEXT].lower().split()
    )  # only a piece with a dot, an at sign or 32 characters can hold an address, a domain or a digest
    return [word for word in dict.fromkeys(as_words(folded).split()) if _keep(word)]


def _word_features(words: Sequence[str], into: dict[str, float]) -> None:
    for word in set(words):
        into[f"word:{word}"] = 1.0


def _prefix_features(words: Sequence[str], into: dict[str, float]) -> None:
    for word in words:
        if len(word) > PREFIX_LENGTH and word not in _KIND_WORDS:
            into[f"prefix:{word[:PREFIX_LENGTH]}"] = 1.0


def _observable_kinds(observables: Iterable[Observable]) -> set[str]:
    kinds: set[str] = set()
    for observable in observables:
        if observable.type in ("ipv4", "ipv6"):
            kinds.add(f"{observable.type}_{'private' if observable.private else 'public'}")
        else:
            kinds.add(observable.type)
    return kinds


def incident_features(prepared: PreparedIncident, outcome: RulesOutcome) -> dict[str, float]:
    """The features of an incident and the rules' outcome on it (see the module doc)."""
    features: dict[str, float] = {
        f"rules.class:{outcome.classification}": 1.0,
        f"rules.{outcome.classification}.confidence": outcome.confidence,
        f"rules.playbook:{outcome.playbook}": 1.0,
    }
    for indicator in outcome.fired:
        features[f"rules.fired:{indicator}"] = 1.0
    if not outcome.fired:
        features["rules.none_fired"] = 1.0
    if outcome.mitigated:
        features["rules.mitigated"] = 1.0
    if outcome.has_facts:
        features["facts"] = 1.0
    features.update(content_features(prepared))
    _prefix_features(words_of(prepared.text), features)
    return features


def content_features(prepared: PreparedIncident) -> dict[str, float]:
    """What the incident says, whatever the rules made of it: severity, observable kinds and words (the
    learned playbook selector reads these alone)."""
    incident: Mapping[str, Any] = prepared.incident
    features: dict[str, float] = {}
    severity = as_text(incident.get("severity")).lower()
    if severity:
        features[f"severity:{severity}"] = 1.0
    for kind in sorted(_observable_kinds(prepared.observables)):
        features[f"observable:{kind}"] = 1.0
    prose = f"{prepared.text}\n{as_text(incident.get('source'))}"
    _word_features(words_of(prose), features)
    _word_features(words_of(prepared.raw_text), features)
    return features


def describe_feature(name: str) -> str:
    """A feature in words, for the reasoning line: `'ransom note'`, `the rules' phishing playbook`, ..."""
    kind, _, value = name.partition(":")
    if kind == "word":
        return f"'{value}'"
    if kind == "prefix":
        return f"'{value}*'"
    described = {
        "rules.class": f"the rules' {value} verdict",
        "rules.playbook": f"the {value} playbook",
        "rules.fired": f"indicator {value}",
        "severity": f"severity {value}",
        "observable": OBSERVABLE_WORDS.get(value, f"an observable: {value}"),
    }.get(kind)
    if described is not None:
        return described
    if name.startswith("rules.") and name.endswith(".confidence"):
        return f"the rules' {name.split('.')[1]} confidence"
    return {
        "rules.none_fired": "no indicator fired",
        "rules.mitigated": "a mitigating sign",
        "facts": "the incident's facts",
    }.get(name, name)
