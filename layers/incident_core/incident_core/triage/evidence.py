"""What the rules engine reads of an incident, and the helpers that read it.

`PreparedIncident` holds the text (title, description, tags) and every raw_data value
by its normalised field name, prepared once per triage. The helpers find whole-word
terms, parse numbers ("1,204", "97%", "5.2 GB"), split value lists, and read domains,
public addresses and action targets out of values.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import ip_address
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from incident_core.triage.literals import possible_terms
from incident_core.triage.matching import any_regex, as_words, find_term, lower_regex
from incident_core.triage.playbooks.context_vocabulary import EMPTY_REPORT, NO_CONTENT_WORDS

if TYPE_CHECKING:
    from incident_core.triage.observables import Observable

__all__ = [
    "Found",
    "PreparedIncident",
    "as_text",
    "domain_in",
    "is_empty",
    "normalised",
    "observable_host",
    "parse_number",
    "parse_numbers",
    "public_ip",
    "quote",
    "registrable_domain",
    "scalar_text",
    "strings_in",
    "target_value",
]

MAX_TEXT = 10_000  # characters of the title and of the description that are looked at
MAX_TEXT_VALUE = 2000  # characters of one raw_data string that are looked at
MAX_LABELS, MAX_LABEL, MAX_LABEL_WORDS, MAX_LABEL_VALUE = 500, 60, 4, 200  # `Label: value` lines of the text
MAX_RAW_LEAVES = 2000  # raw_data values looked at, breadth first
MAX_STRINGS = 500  # strings taken from the values of one set of fields
MAX_EVIDENCE = 80  # characters of a found value quoted in reasoning and parameters
MAX_TARGET = 255
MIN_RAW_FACTS, MIN_CONTENT_WORDS = 3, 3  # what makes an incident with no sign of harm benign rather than unknown
MIN_PROSE_WORDS = 12  # a report in words alone (a call, a chat) that says this much is something to go on
MAX_BRIEF_WORDS = 8  # a title, description and tags with no more content words than this say little (`is_brief`)
_ID_KEYS = ("id", "ids", "uuid", "guid")
_FILLER = re.compile(r"%\w+%?|\{\{.*\}\}|\$\{.*\}|\$\w+|n/?a|none|null|nil|unknown|-+|\?+", re.IGNORECASE)

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
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go"})
_SPLIT_LIST = re.compile(r"\s*[,;]\s*")
_SEPARATOR = re.compile(r"[:=]")
_LABEL_WORDS = re.compile(r"[a-z0-9][a-z0-9_ -]*$", re.IGNORECASE)


# ---------------------------------------------------------------- what the engine reads


@dataclass(frozen=True, slots=True)
class Found:
    """What a fired indicator found: `value`, and `other` for kinds that compare two (e.g. the Reply-To domain)."""

    value: str
    other: str = ""


class PreparedIncident:
    """The parts of an incident the indicators read, prepared once."""

    __slots__ = (
        "_corpus",
        "_facts",
        "_labels",
        "_raw_pairs",
        "content_words",
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
        parts = [as_text(incident.get("title")), as_text(incident.get("description"))]
        if isinstance(tags, list | tuple):
            parts.append(" ".join(as_text(tag) for tag in tags))
        self.text = "\n".join(part[:MAX_TEXT] for part in parts if part)
        self._labels: dict[str, list[str]] | None = None
        self.fields: dict[str, list[Any]] = {}
        self._raw_pairs: list[str] = []
        self._facts = 0  # raw_data values that say something (`_is_fact`), counted up to MIN_RAW_FACTS
        raw = incident.get("raw_data")
        if isinstance(raw, Mapping):
            self._index(raw)
        self.raw_text = "\n".join(self._raw_pairs)
        self.text_words = as_words(self.text)
        # The distinct words of the title, description and tags that are not `NO_CONTENT_WORDS`.
        self.content_words = frozenset(self.text_words.split()) - NO_CONTENT_WORDS
        self.raw_words = as_words(self.raw_text)
        self._corpus: dict[str, tuple[str, str | None]] = {}

    def _index(self, raw: Mapping[str, Any]) -> None:
        """Every value of raw_data by its normalised key, breadth first, and `key: value` lines."""
        queue: deque[tuple[str, Any]] = deque([("", raw)])
        seen = 0
        while queue and seen < MAX_RAW_LEAVES:
            key, value = queue.popleft()
            seen += 1
            if key:
                self.fields.setdefault(key, []).append(value)
            kind = type(value)  # JSON's own types first: an isinstance test of an ABC costs more than the walk
            if kind is dict or (kind is not str and kind is not list and isinstance(value, Mapping)):
                queue.extend((normalised(str(name)), item) for name, item in value.items())
            elif kind is list or isinstance(value, list | tuple):
                for item in value:
                    item_kind = type(item)
                    if (
                        item_kind is dict
                        or item_kind is list
                        or (item_kind is not str and isinstance(item, Mapping | list | tuple))
                    ):
                        queue.append(("", item))
                    elif item is not None and not isinstance(item, bool):
                        self._raw_pairs.append(f"{key}: {as_text(item)[:MAX_TEXT_VALUE]}")
                        # `has_facts` asks for MIN_RAW_FACTS of them: no need to look at more.
                        if self._facts < MIN_RAW_FACTS:
                            self._facts += _is_fact(key, item)
            elif value is not None:
                self._raw_pairs.append(f"{key}: {scalar_text(value)[:MAX_TEXT_VALUE]}")
                if self._facts < MIN_RAW_FACTS:
                    self._facts += _is_fact(key, value)

    @property
    def has_facts(self) -> bool:
        """The incident holds something to look at: observables, or raw_data with a few values that say
        something (`MIN_RAW_FACTS`, `_is_fact`: not ids, empty strings or a template's unfilled fields), or
        with fewer but a title and description that name something (`MIN_CONTENT_WORDS` words that are not
        `NO_CONTENT_WORDS` and not raw_data's own), or no raw_data but a written account (`MIN_PROSE_WORDS`
        such words: a phoned-in or chat report). A forwarder's `{"msg": "alert"}` titled "Alert" is nothing,
        and so is a report whose text says it holds nothing (`EMPTY_REPORT`: "no details attached", "see
        console") without observables or raw_data's facts."""
        if self.observables or self._facts >= MIN_RAW_FACTS:
            return True
        if find_term(self.text_words, EMPTY_REPORT) is not None:
            return False
        content = self.content_words
        if self._raw_pairs:
            # Words that only repeat raw_data or the source name nothing new (the title and description
            # the service writes for a body without them: "Incident reported by prtg. name: %name; ...").
            repeated = set(self.raw_words.split()) | set(as_words(as_text(self.incident.get("source"))).split())
            content = content - repeated
            return len(content) >= MIN_CONTENT_WORDS
        return len(content) >= MIN_PROSE_WORDS

    @property
    def is_brief(self) -> bool:
        """The title, description and tags say little: `MAX_BRIEF_WORDS` content words or fewer ("Webroot alert:
        Threat detected", "FW: alert, see attached"). Where nothing fired, the learned scorer may call such an
        incident `unknown` though it holds facts (`triage.scorer`)."""
        return len(self.content_words) <= MAX_BRIEF_WORDS

    def corpus(self, scope: str) -> str:
        return self.text if scope == "text" else f"{self.text}\n{self.raw_text}"

    def search(self, patterns: tuple[str, ...], scope: str) -> str | None:
        """The first match of any of the lower-case regexes `patterns` in the scope's text, as written there.

        The text is lower-cased once and matched case-sensitively, which is several times faster
        than matching while ignoring case (`validate_playbooks` keeps the patterns lower-case); a
        text whose length changes when lower-cased is matched ignoring case instead.
        """
        if scope not in self._corpus:
            original = self.corpus(scope)
            lower = original.lower()
            self._corpus[scope] = (original, lower if len(lower) == len(original) else None)
        text, lowered = self._corpus[scope]
        if lowered is None:
            match = any_regex(patterns).search(text)
        else:
            possible = possible_terms(patterns, lowered)  # the terms whose plain text is there (`literals`)
            match = lower_regex(possible).search(lowered) if possible else None
        return text[match.start() : match.end()] if match else None

    def find_term(self, terms: tuple[str, ...], scope: str) -> str | None:
        """The term found first (in the text, then raw_data), as the playbook writes it."""
        found = find_term(self.text_words, terms)
        if found is None and scope != "text":
            found = find_term(self.raw_words, terms)
        return found

    def values(self, names: Sequence[str], *, text_fallback: bool = False) -> list[Any]:
        """The values of the raw_data fields `names`, in their order; else `Name: value` lines of the text."""
        found = [value for name in names for value in self.fields.get(normalised(name), ()) if not is_empty(value)]
        if found or not text_fallback:
            return found
        if self._labels is None:
            self._labels = _labels(self.text)
        return [line for name in names for line in self._labels.get(normalised(name), ())]

    def observed(self, types: Sequence[str]) -> Iterator[Observable]:
        return (observable for observable in self.observables if observable.type in types)


def _is_fact(key: str, value: Any) -> bool:
    """A raw_data value (under its normalised key) that says something: not a boolean, not empty, not a
    filler or a template's unfilled field (`n/a`, `null`, `%sitename`, `{{host}}`), not a bare number and
    not an identifier (`id`, `alertId`, `flow_id`): `{"id": 88123, "state": "", "host": "%host"}` holds no fact."""
    if isinstance(value, bool) or key.endswith(_ID_KEYS):
        return False
    text = scalar_text(value).strip()
    return bool(text) and not _FILLER.fullmatch(text) and not text.replace(".", "").replace("-", "").isdigit()


def as_text(value: Any) -> str:
    """A value as text; None as the empty string."""
    return value if isinstance(value, str) else "" if value is None else str(value)


def scalar_text(value: Any) -> str:
    """A value as text, booleans as `true`/`false` (as JSON writes them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return as_text(value)


@lru_cache(maxsize=4096)
def normalised(name: str) -> str:
    """A field name as compared: lower case, letters and digits only (`Reply-To` is `replyto`)."""
    return _NON_ALNUM.sub("", name.lower())


def is_empty(value: Any) -> bool:
    """None, or an empty string, list or mapping."""
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
        words = [normalised(word) for word in head[0].split()]
        for size in range(1, min(len(words), MAX_LABEL_WORDS) + 1):
            labels.setdefault("".join(words[-size:]), []).append(value)
    return labels


def quote(value: Any) -> str:
    """A found value as reasoning and parameters quote it: on one line, at most MAX_EVIDENCE characters."""
    text = _CONTROL.sub(" ", scalar_text(value)).strip()
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


# ---------------------------------------------------------------- values


def parse_number(value: Any) -> float | None:
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


def parse_numbers(values: Sequence[Any]) -> list[float]:
    """The numbers among values (and the items of list values), in order."""
    found: list[float] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        found.extend(number for number in map(parse_number, items) if number is not None)
    return found


def strings_in(values: Sequence[Any]) -> list[str]:
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


def domain_in(value: str) -> str | None:
    """The domain of an e-mail address, URL or host name in a value."""
    email = _EMAIL.search(value)
    if email:
        return email[1].lower()
    if "://" in value:
        host = urlsplit(value.strip()).hostname
        return host.lower().rstrip(".") if host else None
    domain = _DOMAIN.search(value)
    return domain[1].lower() if domain else None


def registrable_domain(domain: str) -> str:
    """The organisation's domain, roughly: the last two labels, three under `co.uk`-like suffixes."""
    labels = domain.strip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def observable_host(observable: Observable) -> str | None:
    """The host name of a domain, e-mail or URL observable."""
    if observable.type == "domain":
        return observable.value.lower()
    if observable.type in ("email", "url"):
        return domain_in(observable.value)
    return None


def public_ip(value: str, private: bool | None = None) -> str | None:
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


def target_value(value: str, kind: str | None) -> str | None:
    """An action target read from a value: the e-mail address in it for `email`, else the value on one line."""
    if kind == "email":
        match = _EMAIL.search(value)
        return match[0].lower() if match else None
    text = _CONTROL.sub(" ", value).strip()
    return text[:MAX_TARGET] or None
