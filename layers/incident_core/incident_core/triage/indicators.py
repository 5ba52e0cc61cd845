"""The indicator kinds: how the rules engine decides that one `Indicator` fired.

`EVALUATORS` maps each kind of `playbooks.rules.IndicatorKind` to a function that reads a
`PreparedIncident` and returns what it found (quoted in the reasoning), or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from incident_core.triage.evidence import (
    Found,
    PreparedIncident,
    as_text,
    domain_in,
    is_empty,
    normalised,
    observable_host,
    parse_number,
    parse_numbers,
    quote,
    registrable_domain,
    scalar_text,
    strings_in,
)
from incident_core.triage.matching import any_regex, as_words, find_term, lower_regex
from incident_core.triage.playbooks.rules import Indicator

__all__ = ["EVALUATORS"]

_FIRST_WORD = re.compile(r"[\w.-]+")
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s", "@": "a"})
_ONE_AS_I = str.maketrans({"1": "i", "!": "i"})
_LOOKALIKE_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def _keyword_any(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    term = incident.find_term(indicator.terms, indicator.scope)
    return Found(term) if term else None


def _pattern_any(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    found = incident.search(indicator.terms, indicator.scope)
    return Found(" ".join(found.split())) if found is not None else None


def _raw_field_present(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    values = strings_in(incident.values(indicator.fields))
    return Found(values[0]) if values else None


def _raw_field_equals(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    wanted = {normalised(term) for term in indicator.terms}
    for value in incident.values(indicator.fields, text_fallback=True):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = scalar_text(item).strip()
            first = _FIRST_WORD.search(text)
            if normalised(text) in wanted or (first is not None and normalised(first[0]) in wanted):
                return Found(text)
    return None


def _raw_field_pattern(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    pattern = lower_regex(indicator.terms)
    for text in strings_in(incident.values(indicator.fields)):
        match = pattern.search(text.lower())
        if match is not None:
            return Found(" ".join(match[0].split()))
    return None


def _numeric(*, at_least: bool) -> Callable[[PreparedIncident, Indicator], Found | None]:
    """`raw_field_numeric_gte` (`at_least`) or `raw_field_numeric_lt`; the most telling number is quoted."""

    def evaluate(incident: PreparedIncident, indicator: Indicator) -> Found | None:
        numbers = parse_numbers(incident.values(indicator.fields, text_fallback=True))
        hits = [n for n in numbers if (n >= indicator.threshold if at_least else n < indicator.threshold)]
        if not hits:
            return None
        telling = max(hits) if at_least else min(hits)
        return Found(_bytes(telling) if indicator.unit == "bytes" else _format_number(telling))

    return evaluate


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _bytes(number: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if number >= size:
            return f"{number / size:.1f} {unit}"
    return f"{_format_number(number)} bytes"


def _raw_fields_differ(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    first = _first_domain(incident.values(indicator.fields, text_fallback=True))
    second = _first_domain(incident.values(indicator.other_fields, text_fallback=True))
    if first is None or second is None or registrable_domain(first) == registrable_domain(second):
        return None
    return Found(first, second)


def _first_domain(values: Sequence[Any]) -> str | None:
    for value in values:
        for text in strings_in([value]):
            domain = domain_in(text)
            if domain:
                return domain
    return None


def _distinct_values_gte(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    best = 0.0
    for value in incident.values(indicator.fields):
        if isinstance(value, list | tuple):
            count = float(len(dict.fromkeys(quote(item).lower() for item in value if not is_empty(item))))
        elif isinstance(value, str) and parse_number(value) is None:
            count = float(len(dict.fromkeys(part.lower() for part in strings_in([value]))))
        else:
            count = parse_number(value) or 0.0
        best = max(best, count)
    return Found(_format_number(best)) if best >= indicator.threshold else None


def _attachment_extension_in(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    extensions = tuple(term.lower() for term in indicator.terms)
    for name in strings_in(incident.values(indicator.fields, text_fallback=True)):
        clean = name.strip().strip("\"'").lower()
        if clean.endswith(extensions):
            return Found(name.strip())
    return None


def _observable_type_present(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    found = next(incident.observed(indicator.observable_types), None)
    return Found(found.value) if found else None


def _observable_matches(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    pattern = any_regex(indicator.terms)
    for observable in incident.observed(indicator.observable_types):
        if pattern.search(observable.value):
            return Found(observable.value)
    return None


def _lookalike_domain(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    allowed = tuple(domain.lower() for domain in indicator.allow)
    for observable in incident.observed(indicator.observable_types):
        host = observable_host(observable)
        if not host or any(host == domain or host.endswith("." + domain) for domain in allowed):
            continue
        brand = _imitated_brand(host, indicator.terms)
        if brand:
            return Found(host, brand)
    return None


def _imitated_brand(host: str, brands: Sequence[str]) -> str | None:
    """The brand a host imitates: digits for letters (`paypa1`), or the brand plus other words
    (`paypal-secure`, `microsoftsupport`, `paypal.com.verify.io`). The brand's own name under
    any top-level domain (`paypal.de`) is not an imitation."""
    registrable = registrable_domain(host)
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


def _filed_as(incident: PreparedIncident, indicator: Indicator) -> Found | None:
    incident_type = as_text(incident.incident.get("incident_type"))
    if normalised(incident_type) not in {normalised(term) for term in indicator.terms}:
        return None
    source = find_term(as_words(as_text(incident.incident.get("source"))), indicator.sources)
    return Found(incident_type, source) if source else None


EVALUATORS: dict[str, Callable[[PreparedIncident, Indicator], Found | None]] = {
    "keyword_any": _keyword_any,
    "pattern_any": _pattern_any,
    "raw_field_present": _raw_field_present,
    "raw_field_equals": _raw_field_equals,
    "raw_field_pattern": _raw_field_pattern,
    "raw_field_numeric_gte": _numeric(at_least=True),
    "raw_field_numeric_lt": _numeric(at_least=False),
    "raw_fields_differ": _raw_fields_differ,
    "distinct_values_gte": _distinct_values_gte,
    "attachment_extension_in": _attachment_extension_in,
    "observable_type_present": _observable_type_present,
    "observable_matches": _observable_matches,
    "lookalike_domain": _lookalike_domain,
    "filed_as": _filed_as,
}
