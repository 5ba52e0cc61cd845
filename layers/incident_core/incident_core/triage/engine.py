"""Triage engines: a verdict and recommended actions for an incident and its observables.

`RulesEngine`, the default, is deterministic and offline: the same incident and
observables always give the same result. It runs the data in `playbooks`:

1. The playbook: the one named, else the best match, else `generic`. A playbook scores
   10 when the incident's type is one of its `incident_types`, 3 when its source has
   one of its `sources` among its words, 2 per keyword found in the title, description
   or tags (1 when found only in raw_data) and 1 per raw_data field it names that is
   present. The highest score wins, a tie goes to the playbook listed first. Keywords
   (here and in indicators) match whole words in any letter case, whatever separates
   them: "failed sign-in" also finds "FAILED_SIGN_IN".
2. The indicators: each fired or not (see `playbooks.Indicator`); of those sharing a
   group only the heaviest counts. Confidence is `1 - prod(1 - w)` over the positive
   weights that fired, times `prod(1 - |w|)` over the negative (mitigating) ones,
   rounded to 2 decimals.
3. The classification. Security playbooks: malicious at `malicious_at` (0.7) or more,
   suspicious at `suspicious_at` (0.4) or more, benign below when something fired, and
   unknown when nothing fired (no evidence either way). Operational playbooks
   (availability, performance) are about impact, not intent: always benign, with the
   category saying what kind of trouble it is and the confidence how sure it is.
4. The actions: each `ActionRule` whose conditions hold, with parameters filled from
   raw_data and observables (`block_ip` only for public addresses). Of the `escalate`
   rules only the highest severity is kept, and only when above the incident's own.

`reasoning` lists the indicators that counted, in the playbook's order, in words.
"""

from __future__ import annotations

import copy
import math
import re
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from ipaddress import ip_address
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from incident_core.incidents.models import SEVERITY_RANK, Severity
from incident_core.triage.playbooks import (
    ACTION_CATALOG,
    INDICATOR_KINDS,
    PLAYBOOKS,
    RULES_VERSION,
    ActionRule,
    Indicator,
    Playbook,
)

if TYPE_CHECKING:
    from incident_core.triage.observables import Observable

__all__ = [
    "CLASSIFICATIONS",
    "ENGINE_VERSION",
    "RecommendedAction",
    "RulesEngine",
    "TriageEngine",
    "TriageResult",
    "UnknownPlaybook",
    "Verdict",
    "playbook_names",
    "select_playbook",
    "to_dict",
    "validate_playbooks",
]

CLASSIFICATIONS = ("malicious", "suspicious", "benign", "unknown")
ENGINE_VERSION = f"rules-{RULES_VERSION}"
FALLBACK_PLAYBOOK = "generic"

MAX_TEXT = 10_000  # characters of the title and of the description that are looked at
MAX_TEXT_VALUE = 2000  # characters of one raw_data string that are looked at
MAX_LABELS, MAX_LABEL, MAX_LABEL_WORDS, MAX_LABEL_VALUE = 500, 60, 4, 200  # `Label: value` lines of the text
MAX_RAW_LEAVES = 2000  # raw_data values looked at, breadth first
MAX_STRINGS = 500  # strings taken from the values of one set of fields
MAX_EVIDENCE = 80  # characters of a found value quoted in reasoning and parameters
MAX_TARGET = 255

SCORE_TYPE, SCORE_SOURCE, SCORE_KEYWORD, SCORE_RAW_KEYWORD, SCORE_FIELD = 10, 3, 2, 1, 1

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_EMAIL = re.compile(r"[\w.%+-]{1,64}@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})", re.IGNORECASE)
_DOMAIN = re.compile(r"(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-])", re.IGNORECASE)
_NUMBER = re.compile(
    r"^\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+)\s*"
    r"(%|[kmgtp]i?b|bytes?|b|[kmgtp]b?)?\b",
    re.IGNORECASE,
)
_UNITS = {"k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15}
_FIRST_WORD = re.compile(r"[\w.-]+")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go"})
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s", "@": "a"})
_ONE_AS_I = str.maketrans({"1": "i", "!": "i"})
_LOOKALIKE_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_SPLIT_LIST = re.compile(r"\s*[,;]\s*")
_SEPARATOR = re.compile(r"[:=]")
_LABEL_WORDS = re.compile(r"[a-z0-9][a-z0-9_ -]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Verdict:
    """`classification` (one of CLASSIFICATIONS), `confidence` 0-1 (2 decimals), the playbook's
    `category`, and `reasoning`: the indicators that counted, in words."""

    classification: str
    confidence: float
    category: str
    reasoning: list[str]


@dataclass(frozen=True, slots=True)
class RecommendedAction:
    """An action of `playbooks.ACTION_CATALOG`, why, and its parameters (e.g. `{"ip": ...}`)."""

    action: str
    reason: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TriageResult:
    """What an engine concludes; `to_dict` gives its JSON shape."""

    verdict: Verdict
    recommended_actions: list[RecommendedAction]
    playbook: str
    engine: str
    engine_version: str


class UnknownPlaybook(ValueError):
    """The playbook asked for does not exist."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown playbook {name!r}; playbooks: {', '.join(playbook_names())}")
        self.name = name


class TriageEngine(ABC):
    """Turns an incident (as the API shows it) and its observables into a `TriageResult`."""

    name: str
    version: str

    @abstractmethod
    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        """The verdict and recommended actions; `playbook` forces one (`UnknownPlaybook` if none has that name)."""


def playbook_names() -> list[str]:
    """The names a triage request may ask for, in order of precedence."""
    return [playbook.name for playbook in PLAYBOOKS]


def to_dict(result: TriageResult) -> dict[str, Any]:
    """The JSON shape of a result."""
    return asdict(result)


# ---------------------------------------------------------------- what the engine reads


@dataclass(frozen=True, slots=True)
class _Found:
    value: str
    other: str = ""


class _Incident:
    """The parts of an incident the indicators read, prepared once."""

    __slots__ = (
        "_labels",
        "_raw_pairs",
        "fields",
        "incident",
        "observables",
        "raw_text",
        "raw_words",
        "text",
        "text_words",
    )

    def __init__(self, incident: Mapping[str, Any], observables: Sequence[Observable]) -> None:
        self.incident = incident
        self.observables = observables
        tags = incident.get("tags")
        parts = [_text(incident.get("title")), _text(incident.get("description"))]
        if isinstance(tags, list | tuple):
            parts.append(" ".join(_text(tag) for tag in tags))
        self.text = "\n".join(part[:MAX_TEXT] for part in parts if part)
        self._labels: dict[str, list[str]] | None = None
        self.fields: dict[str, list[Any]] = {}
        self._raw_pairs: list[str] = []
        raw = incident.get("raw_data")
        if isinstance(raw, Mapping):
            self._index(raw)
        self.raw_text = "\n".join(self._raw_pairs)
        self.text_words = _words(self.text)
        self.raw_words = _words(self.raw_text)

    def _index(self, raw: Mapping[str, Any]) -> None:
        """Every value of raw_data by its normalised key, breadth first, and `key: value` lines."""
        queue: deque[tuple[str, Any]] = deque([("", raw)])
        seen = 0
        while queue and seen < MAX_RAW_LEAVES:
            key, value = queue.popleft()
            seen += 1
            if key:
                self.fields.setdefault(key, []).append(value)
            if isinstance(value, Mapping):
                queue.extend((_norm(str(name)), item) for name, item in value.items())
            elif isinstance(value, list | tuple):
                for item in value:
                    if isinstance(item, Mapping | list | tuple):
                        queue.append(("", item))
                    elif item is not None and not isinstance(item, bool):
                        self._raw_pairs.append(f"{key}: {_text(item)[:MAX_TEXT_VALUE]}")
            elif value is not None:
                self._raw_pairs.append(f"{key}: {_scalar(value)[:MAX_TEXT_VALUE]}")

    def corpus(self, scope: str) -> str:
        return self.text if scope == "text" else f"{self.text}\n{self.raw_text}"

    def find_term(self, terms: tuple[str, ...], scope: str) -> str | None:
        """The term found first (in the text, then raw_data), as the playbook writes it."""
        found = _find_term(self.text_words, terms)
        if found is None and scope != "text":
            found = _find_term(self.raw_words, terms)
        return found

    def values(self, names: Sequence[str], *, text_fallback: bool = False) -> list[Any]:
        """The values of the raw_data fields `names`, in their order; else `Name: value` lines of the text."""
        found = [value for name in names for value in self.fields.get(_norm(name), ()) if not _empty(value)]
        if found or not text_fallback:
            return found
        if self._labels is None:
            self._labels = _labels(self.text)
        return [line for name in names for line in self._labels.get(_norm(name), ())]

    def observed(self, types: Sequence[str]) -> Iterator[Observable]:
        return (observable for observable in self.observables if observable.type in types)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


def _norm(name: str) -> str:
    return _NON_ALNUM.sub("", name.lower())


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | Mapping) and not value)


def _labels(text: str) -> dict[str, list[str]]:
    """The `Label: value` (or `label=value`) pairs of a text by normalised label, in order.

    A label is the last one to four words before the colon (a hyphenated word is one word),
    so "Original Reply-To: x" is found as `replyto` and `originalreplyto`; the value is the
    rest of the line.
    """
    labels: dict[str, list[str]] = {}
    for count, separator in enumerate(_SEPARATOR.finditer(text)):
        if count >= MAX_LABELS:
            break
        start, after = separator.start(), separator.end()
        line_start = text.rfind("\n", 0, start) + 1
        head = _LABEL_WORDS.search(text[max(line_start, start - MAX_LABEL) : start].rstrip())
        line_end = text.find("\n", after)
        value = text[after : min(after + MAX_LABEL_VALUE, len(text) if line_end < 0 else line_end)].strip()
        if head is None or not value:
            continue
        words = [_norm(word) for word in head[0].split()]
        for size in range(1, min(len(words), MAX_LABEL_WORDS) + 1):
            labels.setdefault("".join(words[-size:]), []).append(value)
    return labels


def _evidence(value: Any) -> str:
    text = _CONTROL.sub(" ", _scalar(value)).strip()
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


# ---------------------------------------------------------------- values


def _number(value: Any) -> float | None:
    """A number, or a string like "1,204", "97.5%", "5.2 GB" (bytes units become bytes)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    match = _NUMBER.match(value)
    if match is None:
        return None
    number = float(match[1].replace(",", ""))
    unit = (match[2] or "").lower()
    if unit and unit[0] in _UNITS:
        number *= 1024 ** ("kmgtp".index(unit[0]) + 1) if "i" in unit else _UNITS[unit[0]]
    return number


def _numbers(values: Sequence[Any]) -> list[float]:
    found: list[float] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        found.extend(number for number in map(_number, items) if number is not None)
    return found


def _strings(values: Sequence[Any]) -> list[str]:
    """The strings in values, in order: lists flattened, dicts by their values, comma lists split."""
    found: list[str] = []
    stack: list[Any] = list(reversed(values))
    while stack and len(found) < MAX_STRINGS:
        value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list | tuple):
            stack.extend(reversed(value))
        elif isinstance(value, str):
            found.extend(part for part in _SPLIT_LIST.split(value.strip()) if part)
        elif value is not None and not isinstance(value, bool):
            found.append(str(value))
    return found[:MAX_STRINGS]


def _domain(value: str) -> str | None:
    """The domain of an e-mail address, URL or host name in a value."""
    email = _EMAIL.search(value)
    if email:
        return email[1].lower()
    if "://" in value:
        host = urlsplit(value.strip()).hostname
        return host.lower().rstrip(".") if host else None
    domain = _DOMAIN.search(value)
    return domain[1].lower() if domain else None


def _registrable(domain: str) -> str:
    """The organisation's domain, roughly: the last two labels, three under `co.uk`-like suffixes."""
    labels = domain.strip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _host(observable: Observable) -> str | None:
    if observable.type == "domain":
        return observable.value.lower()
    if observable.type in ("email", "url"):
        return _domain(observable.value)
    return None


def _public_ip(value: str, private: bool | None = None) -> str | None:
    """The address when it is a public unicast one (never private, loopback, reserved, ...)."""
    if private:
        return None
    try:
        address = ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    if private is None and (not address.is_global or address.is_multicast):
        return None
    if address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified:
        return None
    return str(address)


# ---------------------------------------------------------------- indicator kinds


def _words(text: str) -> str:
    """Text as its lower-case words (letters and digits) between single spaces, for `_find_term`."""
    return f" {_NON_ALNUM.sub(' ', text.lower()).strip()} "


@lru_cache(maxsize=1024)
def _needles(terms: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(` words of the term `, term) for each term: a keyword matches whole words, whatever separates them."""
    return tuple((_words(term), term.lower()) for term in terms if _words(term).strip())


def _find_term(words: str, terms: tuple[str, ...]) -> str | None:
    """The term that occurs first in `words` (the longer one at the same place)."""
    best: tuple[int, int, str] | None = None
    for needle, term in _needles(terms):
        position = words.find(needle)
        if position >= 0 and (best is None or (position, -len(needle)) < best[:2]):
            best = (position, -len(needle), term)
    return best[2] if best else None


def _terms_in(words: str, terms: tuple[str, ...]) -> set[str]:
    return {term for needle, term in _needles(terms) if needle in words}


@lru_cache(maxsize=1024)
def _any_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{term})" for term in terms), re.IGNORECASE)


def _keyword_any(incident: _Incident, indicator: Indicator) -> _Found | None:
    term = incident.find_term(indicator.terms, indicator.scope)
    return _Found(term) if term else None


def _pattern_any(incident: _Incident, indicator: Indicator) -> _Found | None:
    match = _any_regex(indicator.terms).search(incident.corpus(indicator.scope))
    return _Found(" ".join(match[0].split())) if match else None


def _raw_field_present(incident: _Incident, indicator: Indicator) -> _Found | None:
    values = _strings(incident.values(indicator.fields))
    return _Found(values[0]) if values else None


def _raw_field_equals(incident: _Incident, indicator: Indicator) -> _Found | None:
    wanted = {_norm(term) for term in indicator.terms}
    for value in incident.values(indicator.fields, text_fallback=True):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = _scalar(item).strip()
            first = _FIRST_WORD.search(text)
            if _norm(text) in wanted or (first is not None and _norm(first[0]) in wanted):
                return _Found(text)
    return None


def _numeric(*, at_least: bool) -> Callable[[_Incident, Indicator], _Found | None]:
    """`raw_field_numeric_gte` (`at_least`) or `raw_field_numeric_lt`; the most telling number is quoted."""

    def evaluate(incident: _Incident, indicator: Indicator) -> _Found | None:
        numbers = _numbers(incident.values(indicator.fields, text_fallback=True))
        hits = [n for n in numbers if (n >= indicator.threshold if at_least else n < indicator.threshold)]
        if not hits:
            return None
        telling = max(hits) if at_least else min(hits)
        return _Found(_bytes(telling) if indicator.unit == "bytes" else _format_number(telling))

    return evaluate


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _bytes(number: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if number >= size:
            return f"{number / size:.1f} {unit}"
    return f"{_format_number(number)} bytes"


def _raw_fields_differ(incident: _Incident, indicator: Indicator) -> _Found | None:
    first = _first_domain(incident.values(indicator.fields, text_fallback=True))
    second = _first_domain(incident.values(indicator.other_fields, text_fallback=True))
    if first is None or second is None or _registrable(first) == _registrable(second):
        return None
    return _Found(first, second)


def _first_domain(values: Sequence[Any]) -> str | None:
    for value in values:
        for text in _strings([value]):
            domain = _domain(text)
            if domain:
                return domain
    return None


def _distinct_values_gte(incident: _Incident, indicator: Indicator) -> _Found | None:
    best = 0.0
    for value in incident.values(indicator.fields):
        if isinstance(value, list | tuple):
            count = float(len(dict.fromkeys(_evidence(item).lower() for item in value if not _empty(item))))
        elif isinstance(value, str) and _number(value) is None:
            count = float(len(dict.fromkeys(part.lower() for part in _strings([value]))))
        else:
            count = _number(value) or 0.0
        best = max(best, count)
    return _Found(_format_number(best)) if best >= indicator.threshold else None


def _attachment_extension_in(incident: _Incident, indicator: Indicator) -> _Found | None:
    extensions = tuple(term.lower() for term in indicator.terms)
    for name in _strings(incident.values(indicator.fields, text_fallback=True)):
        clean = name.strip().strip("\"'").lower()
        if clean.endswith(extensions):
            return _Found(name.strip())
    return None


def _observable_type_present(incident: _Incident, indicator: Indicator) -> _Found | None:
    found = next(incident.observed(indicator.observable_types), None)
    return _Found(found.value) if found else None


def _observable_matches(incident: _Incident, indicator: Indicator) -> _Found | None:
    pattern = _any_regex(indicator.terms)
    for observable in incident.observed(indicator.observable_types):
        if pattern.search(observable.value):
            return _Found(observable.value)
    return None


def _lookalike_domain(incident: _Incident, indicator: Indicator) -> _Found | None:
    allowed = tuple(domain.lower() for domain in indicator.allow)
    for observable in incident.observed(indicator.observable_types):
        host = _host(observable)
        if not host or any(host == domain or host.endswith("." + domain) for domain in allowed):
            continue
        brand = _imitated_brand(host, indicator.terms)
        if brand:
            return _Found(host, brand)
    return None


def _imitated_brand(host: str, brands: Sequence[str]) -> str | None:
    """The brand a host imitates: digits for letters (`paypa1`), or the brand plus other words
    (`paypal-secure`, `microsoftsupport`, `paypal.com.verify.io`). The brand's own name under
    any top-level domain (`paypal.de`) is not an imitation."""
    registrable = _registrable(host)
    owner = registrable.split(".")[0]
    subdomains = host[: -len(registrable)].strip(".").split(".") if host != registrable else []
    for label in [owner, *subdomains]:
        for spelled in _spellings(label):
            words = [word for word in re.split(r"[-_]+", spelled) if word]
            joined = "".join(words)
            for brand in brands:
                if label == owner and joined == brand and spelled == label:
                    continue  # the brand itself
                if joined == brand or any(_brand_in_word(word, brand) for word in words):
                    return brand
    return None


def _spellings(label: str) -> dict[str, None]:
    """The label as written and read with digits as letters (`1` as `l` or `i`) and `rn` as `m`."""
    decoded = (label.translate(_LEET), label.translate(_ONE_AS_I).translate(_LEET))
    spellings = dict.fromkeys((label, *decoded))
    for spelled in decoded:
        for pair, letter in _LOOKALIKE_PAIRS:
            spelled = spelled.replace(pair, letter)
        spellings[spelled] = None
    return spellings


def _brand_in_word(word: str, brand: str) -> bool:
    """A long brand anywhere in a word; a short one (`dhl`, `apple`) only as the word or its start."""
    if len(brand) >= 6:
        return brand in word
    return word == brand or word.startswith(brand)


_EVALUATORS: dict[str, Callable[[_Incident, Indicator], _Found | None]] = {
    "keyword_any": _keyword_any,
    "pattern_any": _pattern_any,
    "raw_field_present": _raw_field_present,
    "raw_field_equals": _raw_field_equals,
    "raw_field_numeric_gte": _numeric(at_least=True),
    "raw_field_numeric_lt": _numeric(at_least=False),
    "raw_fields_differ": _raw_fields_differ,
    "distinct_values_gte": _distinct_values_gte,
    "attachment_extension_in": _attachment_extension_in,
    "observable_type_present": _observable_type_present,
    "observable_matches": _observable_matches,
    "lookalike_domain": _lookalike_domain,
}


# ---------------------------------------------------------------- choosing a playbook


def select_playbook(incident: Mapping[str, Any], *, name: str | None = None) -> Playbook:
    """The playbook named, else the best match (see the module doc), else `generic`."""
    if name is not None:
        for playbook in PLAYBOOKS:
            if playbook.name == name:
                return playbook
        raise UnknownPlaybook(name)
    return _best_match(_Incident(incident, ()))


def _best_match(incident: _Incident) -> Playbook:
    best, best_score = _fallback(), 0
    for playbook in PLAYBOOKS:
        score = _match_score(playbook, incident)
        if score > best_score:
            best, best_score = playbook, score
    return best


def _fallback() -> Playbook:
    return next(playbook for playbook in PLAYBOOKS if playbook.name == FALLBACK_PLAYBOOK)


def _match_score(playbook: Playbook, incident: _Incident) -> int:
    matches = playbook.matches
    score = 0
    incident_type = _norm(_text(incident.incident.get("incident_type")))
    if incident_type and any(incident_type == _norm(name) for name in matches.incident_types):
        score += SCORE_TYPE
    if matches.sources and _find_term(_words(_text(incident.incident.get("source"))), matches.sources):
        score += SCORE_SOURCE
    if matches.keywords:
        in_text = _terms_in(incident.text_words, matches.keywords)
        in_raw = _terms_in(incident.raw_words, matches.keywords) - in_text
        score += SCORE_KEYWORD * len(in_text) + SCORE_RAW_KEYWORD * len(in_raw)
    score += SCORE_FIELD * sum(1 for name in matches.raw_fields if incident.values([name]))
    return score


# ---------------------------------------------------------------- the rules engine


class RulesEngine(TriageEngine):
    """The default engine: the playbooks' rules, deterministic and offline."""

    name = "rules"
    version = ENGINE_VERSION

    def triage(
        self, incident: Mapping[str, Any], observables: Sequence[Observable], *, playbook: str | None = None
    ) -> TriageResult:
        prepared = _Incident(incident, observables)
        chosen = select_playbook(incident, name=playbook) if playbook is not None else _best_match(prepared)
        fired = _fired(chosen, prepared)
        confidence = _confidence(indicator.weight for indicator, _ in fired)
        classification = _classify(chosen, confidence, fired=bool(fired))
        reasoning = [_reason(indicator, found) for indicator, found in fired] or [
            f"No indicator of the {chosen.name} playbook fired"
        ]
        verdict = Verdict(
            classification=classification, confidence=confidence, category=chosen.category, reasoning=reasoning
        )
        fired_ids = {indicator.id for indicator, _ in fired}
        actions = _actions(chosen, prepared, verdict, fired_ids)
        return TriageResult(
            verdict=verdict,
            recommended_actions=actions,
            playbook=chosen.name,
            engine=self.name,
            engine_version=self.version,
        )


def _fired(playbook: Playbook, incident: _Incident) -> list[tuple[Indicator, _Found]]:
    """The indicators that fired and count, in the playbook's order (the heaviest of a group)."""
    fired = [(indicator, _EVALUATORS[indicator.kind](incident, indicator)) for indicator in playbook.indicators]
    heaviest: dict[str, Indicator] = {}
    for indicator, found in fired:
        if found is not None and indicator.group:
            current = heaviest.get(indicator.group)
            if current is None or abs(indicator.weight) > abs(current.weight):
                heaviest[indicator.group] = indicator
    return [
        (indicator, found)
        for indicator, found in fired
        if found is not None and (not indicator.group or heaviest[indicator.group] is indicator)
    ]


def _confidence(weights: Iterable[float]) -> float:
    """1 - prod(1 - w) over positive weights, scaled down by prod(1 - |w|) over negative ones."""
    positive = mitigation = 1.0
    for weight in weights:
        if weight >= 0:
            positive *= 1 - min(weight, 1.0)
        else:
            mitigation *= 1 - min(-weight, 1.0)
    return round(min(max((1 - positive) * mitigation, 0.0), 1.0), 2)


def _classify(playbook: Playbook, confidence: float, *, fired: bool) -> str:
    if playbook.kind == "operational":
        return "benign"
    if not fired:
        return "unknown"
    if confidence >= playbook.malicious_at:
        return "malicious"
    if confidence >= playbook.suspicious_at:
        return "suspicious"
    return "benign"


def _reason(indicator: Indicator, found: _Found) -> str:
    return indicator.reason.format_map({"value": _evidence(found.value), "other": _evidence(found.other)})


def _actions(playbook: Playbook, incident: _Incident, verdict: Verdict, fired: set[str]) -> list[RecommendedAction]:
    actions: list[RecommendedAction] = []
    escalation: RecommendedAction | None = None
    for rule in playbook.actions:
        if verdict.confidence < rule.min_confidence:
            continue
        if rule.when and verdict.classification not in rule.when:
            continue
        if rule.requires and not fired.intersection(rule.requires):
            continue
        for action in _instances(rule, incident):
            if action.action == "escalate":
                escalation = _higher_escalation(escalation, action, incident)
            elif action not in actions:
                actions.append(action)
    if escalation is not None:
        actions.append(escalation)
    return actions


def _instances(rule: ActionRule, incident: _Incident) -> list[RecommendedAction]:
    """The actions of one rule: one per target found (none when it needs a target and has none)."""
    parameters = copy.deepcopy(dict(rule.parameters))
    for name, fields in rule.optional:
        values = _strings(incident.values(fields, text_fallback=True))
        if values:
            parameters[name] = _target_value(values[0], "email" if name == "sender" else None) or _evidence(values[0])
    if rule.target is None:
        return [
            RecommendedAction(action=rule.action, reason=rule.reason.format_map({"target": ""}), parameters=parameters)
        ]
    return [
        RecommendedAction(
            action=rule.action,
            reason=rule.reason.format_map({"target": target}),
            parameters={**parameters, rule.param: target},
        )
        for target in _targets(rule, incident)
    ]


def _targets(rule: ActionRule, incident: _Incident) -> list[str]:
    candidates: list[tuple[str, bool | None]] = [
        (value, None) for value in _strings(incident.values(rule.fields, text_fallback=True))
    ]
    candidates.extend((observable.value, observable.private) for observable in incident.observed(rule.observable_types))
    if rule.use_affected_systems:
        systems = incident.incident.get("affected_systems")
        if isinstance(systems, list | tuple):
            candidates.extend((_text(system), None) for system in systems if _text(system).strip())
    targets: dict[str, None] = {}
    for value, private in candidates:
        target = _public_ip(value, private) if rule.target == "ip" else _target_value(value, rule.target)
        if target:
            targets.setdefault(target)
        if len(targets) >= rule.limit:
            break
    return list(targets)


def _target_value(value: str, kind: str | None) -> str | None:
    if kind == "email":
        match = _EMAIL.search(value)
        return match[0].lower() if match else None
    text = _CONTROL.sub(" ", value).strip()
    return text[:MAX_TARGET] or None


def _higher_escalation(
    current: RecommendedAction | None, candidate: RecommendedAction, incident: _Incident
) -> RecommendedAction | None:
    """The escalation to the higher severity, and none that is not above the incident's own."""
    ranks = {severity.value: rank for severity, rank in SEVERITY_RANK.items()}
    wanted = ranks.get(str(candidate.parameters.get("severity", Severity.CRITICAL.value)), 0)
    own = ranks.get(_text(incident.incident.get("severity")).lower(), 0)
    if wanted <= own:
        return current
    if current is not None and ranks.get(str(current.parameters.get("severity")), 0) >= wanted:
        return current
    return candidate


# ---------------------------------------------------------------- checks of the data


def validate_playbooks(playbooks: Sequence[Playbook] = PLAYBOOKS) -> None:
    """Raise ValueError when the playbook data is inconsistent (run at import and in tests)."""
    names = [playbook.name for playbook in playbooks]
    if len(set(names)) != len(names) or FALLBACK_PLAYBOOK not in names:
        raise ValueError(f"playbook names must be unique and include {FALLBACK_PLAYBOOK!r}: {names}")
    for playbook in playbooks:
        if not 0 < playbook.suspicious_at <= playbook.malicious_at <= 1:
            raise ValueError(f"{playbook.name}: thresholds must satisfy 0 < suspicious_at <= malicious_at <= 1")
        ids = [indicator.id for indicator in playbook.indicators]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{playbook.name}: indicator ids must be unique")
        for indicator in playbook.indicators:
            _check_indicator(playbook, indicator)
        for rule in playbook.actions:
            if rule.action not in ACTION_CATALOG:
                raise ValueError(f"{playbook.name}: unknown action {rule.action!r}")
            if rule.target is not None and not rule.param:
                raise ValueError(f"{playbook.name}: action {rule.action} has a target but no param")
            if unknown := set(rule.requires) - set(ids):
                raise ValueError(f"{playbook.name}: action {rule.action} requires unknown indicators {unknown}")
            if unknown := set(rule.when) - set(CLASSIFICATIONS):
                raise ValueError(f"{playbook.name}: action {rule.action} has unknown classifications {unknown}")


def _check_indicator(playbook: Playbook, indicator: Indicator) -> None:
    where = f"{playbook.name}.{indicator.id}"
    if indicator.kind not in INDICATOR_KINDS:
        raise ValueError(f"{where}: unknown kind {indicator.kind!r}")
    if not (-1 < indicator.weight < 1) or indicator.weight == 0:
        raise ValueError(f"{where}: weight must be in (-1, 0) or (0, 1)")
    needs_terms = indicator.kind in ("keyword_any", "pattern_any", "raw_field_equals", "observable_matches")
    if needs_terms and not indicator.terms:
        raise ValueError(f"{where}: {indicator.kind} needs terms")
    if indicator.kind.startswith(("raw_", "distinct_", "attachment_")) and not indicator.fields:
        raise ValueError(f"{where}: {indicator.kind} needs fields")
    if indicator.kind.startswith(("observable_", "lookalike_")) and not indicator.observable_types:
        raise ValueError(f"{where}: {indicator.kind} needs observable_types")
    if indicator.kind in ("pattern_any", "observable_matches"):
        _any_regex(indicator.terms)  # compiles now, so a bad pattern fails at import
    indicator.reason.format_map({"value": "", "other": ""})


validate_playbooks()
