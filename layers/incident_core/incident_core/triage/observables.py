"""Observables for triage: IPs, domains, URLs, e-mail addresses, hashes and CVE ids in an incident.

The title, the description and every string in `raw_data` (through dicts and lists; keys
and numbers are not looked at) are refanged first (`hxxps`, `[.]`, `(dot)`, `[at]`, ...)
and then scanned. Everything here is pure and offline, so there is no list of real
top-level domains: a domain is dotted labels ending in an alphabetic label of 2-24
letters, and a bare word that looks like a file name (`invoice.xlsm`, `payload.exe`) is
not one; the host of a URL and the domain of an e-mail address always are, and are
reported as domains too.

Every pattern is anchored with a look-behind so that it can only start where a token
starts, and its repetitions are bounded: scanning is linear in the text, also for
adversarial input.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, ip_network
from typing import Any

__all__ = [
    "DEFAULT_LIMIT",
    "OBSERVABLE_TYPES",
    "Observable",
    "extract_observables",
    "observables_from_text",
    "refang",
]

OBSERVABLE_TYPES = ("ipv4", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "cve")
DEFAULT_LIMIT = 500
MAX_URL_LENGTH = 2048  # a longer URL is not kept as a value (its host still counts as a domain)
HASH_TYPES = {32: "md5", 40: "sha1", 64: "sha256"}
MIN_HASH_LENGTH = min(HASH_TYPES)
DOCUMENTATION_NETWORKS = tuple(
    ip_network(network) for network in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)

# (first, last, private) of the IPv4 ranges that are not plain public unicast, in the order they are
# checked: the documentation ranges (RFC 5737; not private) and the two global addresses inside
# 192.0.0.0/24, then what `ipaddress.IPv4Address.is_global` refuses (RFC 6890's special-purpose
# registry, shared address space) and multicast. `_is_private` says the same (a unit test checks).
_IPV4_RANGES = tuple(
    (int(network.network_address), int(network.broadcast_address), private)
    for private, networks in (
        (False, ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "192.0.0.9/32", "192.0.0.10/32")),
        (True, ("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12")),
        (True, ("192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4")),
    )
    for network in map(IPv4Network, networks)
)

# Final labels that make a bare word a file name rather than a domain. A few are real
# top-level domains too (.zip, .sh, .py, .md), but in incident text they are files.
FILE_EXTENSIONS = frozenset(
    {
        *("exe", "dll", "scr", "msi", "bat", "cmd", "lnk", "hta", "jar", "apk", "dmg", "iso", "img", "bin"),
        *("js", "jse", "vbs", "vbe", "wsf", "py", "sh", "php", "asp", "aspx", "jsp"),
        *("doc", "docx", "docm", "dot", "dotm", "xls", "xlsx", "xlsm", "xlsb", "xlam", "ppt", "pptx", "pptm"),
        *("rtf", "odt", "ods", "pdf", "txt", "csv", "log", "json", "xml", "yaml", "yml", "ini", "cfg", "conf"),
        *("zip", "rar", "gz", "tgz", "tar", "cab", "arj", "eml", "msg", "one", "md", "tmp", "dat", "bak"),
        *("png", "jpg", "jpeg", "gif", "bmp", "svg", "ico", "tif", "tiff", "webp", "html", "htm", "css", "mht"),
    }
)

# --- refanging ---------------------------------------------------------------------------

type _Replacement = str | Callable[[re.Match[str]], str]

_REFANG_RULES: tuple[tuple[re.Pattern[str], _Replacement], ...] = (
    (re.compile(r"\[://\]|\[:\]//"), "://"),
    (re.compile(r"\[:\]"), ":"),
    (re.compile(r"[ \t]*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})[ \t]*", re.IGNORECASE), "."),
    (re.compile(r"(?<=[A-Za-z0-9]) dot (?=[A-Za-z0-9])", re.IGNORECASE), "."),
    (re.compile(r"[ \t]*(?:\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\})[ \t]*", re.IGNORECASE), "@"),
    (re.compile(r"\bh(?:xx|tx|xt)p(s?)(?=://)", re.IGNORECASE), lambda match: "https" if match[1] else "http"),
    (re.compile(r"\bfxp(?=://)", re.IGNORECASE), "ftp"),
)

# --- patterns ----------------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"(?:{_LABEL}\.){{1,126}}[A-Za-z]{{2,24}}"
_DOMAIN_END = r"(?![A-Za-z0-9_-])(?!\.[A-Za-z0-9_-])"  # the whole dotted word, not a prefix of it

_DOMAIN_RE = re.compile(rf"(?<![A-Za-z0-9_.-]){_DOMAIN}{_DOMAIN_END}")
_HOST_RE = re.compile(_DOMAIN)
_EMAIL_RE = re.compile(rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{{1,64}}@(?P<domain>{_DOMAIN}){_DOMAIN_END}")
_URL_RE = re.compile(r"(?<![A-Za-z0-9])(?:https?|ftp)://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\")]}>"

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4_RE = re.compile(rf"(?<![A-Za-z0-9_])(?<![0-9]\.){_OCTET}(?:\.{_OCTET}){{3}}(?![A-Za-z0-9_])(?!\.[0-9])")
_IPV6_RE = re.compile(
    r"(?<![A-Za-z0-9_.])(?<![0-9A-Fa-f]:)"
    r"(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:[0-9]{1,3}\.){3}[0-9]{1,3}|[0-9A-Fa-f]{1,4})?"
    r"(?![A-Za-z0-9_:])"
)
# What every match of the address patterns holds (`.8.8` of 8.8.8.8, `:db8:` of 2001:db8::1): a log without
# it is not scanned for them (a search for a pattern that starts with a character is a fast one).
_IPV4_HINT = re.compile(r"\.[0-9]{1,3}\.[0-9]")
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{0,4}:")
_HEX_RE = re.compile(r"(?<![A-Za-z0-9_])[0-9A-Fa-f]{32,64}(?![A-Za-z0-9_])")
_CVE_RE = re.compile(r"(?<![A-Za-z0-9_])CVE-[0-9]{4}-[0-9]{4,19}(?![A-Za-z0-9_])", re.IGNORECASE)
_CAMEL_CASE = re.compile(r"[a-z][A-Z]")

# Among observables found at the same place, the order they are listed in.
_RANK = {kind: rank for rank, kind in enumerate(("url", "email", *OBSERVABLE_TYPES))}


@dataclass(frozen=True, slots=True)
class Observable:
    """One indicator found in an incident, normalised, with where it was found."""

    type: str
    value: str
    private: bool | None = None
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: `private` only for addresses."""
        data: dict[str, Any] = {"type": self.type, "value": self.value}
        if self.private is not None:
            data["private"] = self.private
        data["sources"] = list(self.sources)
        return data


type _Found = tuple[str, str, bool | None]
type _Hit = tuple[int, int, _Found]  # (position in the text, rank, what)


# A text without one of these (and shorter than a hash) holds no observable, defanged or not.
_MAY_HOLD = re.compile(r"[.:@]|dot|cve", re.IGNORECASE)
# Every refang rule's match holds one of these, in any case (`[.`, `(dot`, `{@`, `[:`, ` dot `, `hxxp`,
# `fxp`); most texts have none and skip the seven passes (a log line's brackets alone do not count).
_DEFANG_MARKS = (
    *(f"{bracket}{mark}" for bracket in "[({" for mark in (".", ":", "@", "dot", "at")),
    *(" dot ", "xxp", "txp", "xtp", "fxp"),
)


def _may_be_defanged(text: str) -> bool:
    """Whether `text` holds one of `_DEFANG_MARKS`: a substring test each on the lower-cased text, several
    times faster on a long log than one case-insensitive pattern."""
    lowered = text.lower()
    return any(mark in lowered for mark in _DEFANG_MARKS)


def refang(text: str) -> str:
    """`text` with defanged indicators written normally again (`hxxps://a[.]b` -> `https://a.b`)."""
    if not _may_be_defanged(text):
        return text
    for pattern, replacement in _REFANG_RULES:
        text = pattern.sub(replacement, text)
    return text


def observables_from_text(text: str, *, source: str) -> list[Observable]:
    """The observables in one text, refanged first, in the order they appear, each once."""
    return [
        Observable(type=kind, value=value, private=private, sources=(source,))
        for kind, value, private in _scan(refang(text))
    ]


def extract_observables(incident: Mapping[str, Any], *, limit: int = DEFAULT_LIMIT) -> list[Observable]:
    """The observables in an incident's title, description and `raw_data`, first seen first.

    The same observable found in several places is one entry whose `sources` lists them
    all ("title", "description", "raw_data.headers[2].value"). At most `limit` entries.
    The texts that may hold one are refanged and scanned together, one per line (no
    pattern spans a line), and each hit is traced back to its text by position.
    """
    if limit < 0:
        raise ValueError("limit must not be negative")
    sources: list[str] = []
    parts: list[str] = []
    for source, text in _texts(incident):
        if len(text) < MIN_HASH_LENGTH and not _MAY_HOLD.search(text):
            continue  # no dot, colon, @ or "cve", and too short for a hash: nothing to find
        sources.append(source)
        parts.append(text)
    joined = "\n".join(parts)
    # Most incidents hold nothing defanged: one look at all of it instead of one per text (no hint
    # spans the line between two texts).
    if _may_be_defanged(joined):
        parts = [refang(text) for text in parts]
        joined = "\n".join(parts)
    starts: list[int] = []
    offset = 0
    for text in parts:
        starts.append(offset)
        offset += len(text) + 1
    found: dict[tuple[str, str], tuple[bool | None, dict[str, None]]] = {}
    for position, _, (kind, value, private) in _hits(joined):
        source = sources[bisect_right(starts, position) - 1]
        entry = found.get((kind, value))
        if entry is not None:
            entry[1][source] = None
        elif len(found) < limit:
            found[kind, value] = (private, {source: None})
    return [
        Observable(type=kind, value=value, private=private, sources=tuple(sources))
        for (kind, value), (private, sources) in found.items()
    ]


def _texts(incident: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(source, text) for the title, the description and every string in `raw_data`, in order."""
    for name in ("title", "description"):
        value = incident.get(name)
        if isinstance(value, str):
            yield name, value
    stack: list[tuple[str, Any]] = [("raw_data", incident.get("raw_data"))]
    seen: set[int] = set()
    while stack:
        path, value = stack.pop()
        kind = type(value)  # JSON's own types first: an isinstance test of an ABC costs more than the walk
        if isinstance(value, str):
            yield path, value
        elif (kind is dict or kind is list or isinstance(value, Mapping | list | tuple)) and id(value) not in seen:
            seen.add(id(value))
            if kind is dict or (kind is not list and isinstance(value, Mapping)):
                children = [(f"{path}.{key}", item) for key, item in value.items()]
            else:
                children = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
            stack.extend(reversed(children))


def _scan(text: str) -> list[_Found]:
    """Every observable in an already refanged text, in order of position, each once."""
    return list(dict.fromkeys(found for _, _, found in _hits(text)))


def _hits(text: str) -> list[_Hit]:
    """Every observable found in an already refanged text, with where, in order of position."""
    hits: list[_Hit] = []
    # A pattern is only run over a long log when the text holds what every match of it holds.
    urls = [(match.start(), _trim_url(match[0])) for match in _URL_RE.finditer(text)] if "://" in text else []
    for start, url in urls:
        hits.extend(_url_hits(start, url))
    # E-mail addresses may sit in a URL's path or query, not in its user:password@host part.
    emails = (
        list(_EMAIL_RE.finditer(_mask(text, [(start, start + _authority_end(url)) for start, url in urls])))
        if "@" in text
        else []
    )
    for match in emails:
        hits.append((match.start(), _RANK["email"], ("email", match[0].lower(), None)))
        hits.append((match.start("domain"), _RANK["domain"], ("domain", match["domain"].lower(), None)))
    # A bare domain is looked for outside URLs and e-mail addresses (not `page.php` in a path).
    domain_text = _mask(text, [(start, start + len(url)) for start, url in urls] + [m.span() for m in emails])
    for match in _DOMAIN_RE.finditer(domain_text):
        if not _looks_like_file_or_code(match[0]):
            hits.append((match.start(), _RANK["domain"], ("domain", match[0].lower(), None)))
    hits.extend(_address_hits(text))
    hits.extend(_hash_hits(text))
    for match in _CVE_RE.finditer(text) if "cve-" in text.lower() else ():
        hits.append((match.start(), _RANK["cve"], ("cve", match[0].upper(), None)))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return hits


def _trim_url(url: str) -> str:
    """A URL without the punctuation that ends the sentence around it; balanced `)` and `]` stay."""
    while url and url[-1] in _URL_TRAILING:
        last = url[-1]
        if last == ")" and url.count("(") >= url.count(")"):
            break
        if last == "]" and url.count("[") >= url.count("]"):
            break
        url = url[:-1]
    return url


def _authority_end(url: str) -> int:
    """Where the scheme, credentials, host and port of a URL end."""
    start = url.index("://") + 3
    ends = [index for index in (url.find(char, start) for char in "/?#") if index >= 0]
    return min(ends, default=len(url))


def _url_hits(start: int, url: str) -> list[_Hit]:
    """The URL, normalised (scheme and host lower-cased), and its host when that is a domain."""
    scheme_end = url.index("://")
    authority_end = _authority_end(url)
    authority = url[scheme_end + 3 : authority_end]
    userinfo, at, hostport = authority.rpartition("@")
    host_offset = scheme_end + 3 + len(userinfo) + len(at)
    if hostport.startswith("["):
        host, _, rest = hostport.partition("]")
        host, port = host + "]", rest
    else:
        host, colon, port_number = hostport.partition(":")
        port = colon + port_number
    if not host.strip("[]."):
        return []
    hits: list[_Hit] = []
    if len(url) <= MAX_URL_LENGTH:
        value = f"{url[:scheme_end].lower()}://{userinfo}{at}{host.lower()}{port}{url[authority_end:]}"
        hits.append((start, _RANK["url"], ("url", value, None)))
    domain = host.rstrip(".")
    if _HOST_RE.fullmatch(domain) and len(domain) <= 253:
        hits.append((start + host_offset, _RANK["domain"], ("domain", domain.lower(), None)))
    return hits


def _address_hits(text: str) -> list[_Hit]:
    """IPv4 addresses in dotted quads and IPv6 addresses that `ipaddress` accepts."""
    hits: list[_Hit] = []
    for match in _IPV4_RE.finditer(text) if _IPV4_HINT.search(text) else ():
        # The pattern takes no leading zeros: the match is the address as `ipaddress` writes it.
        hits.append((match.start(), _RANK["ipv4"], ("ipv4", match[0], _is_private_ipv4(match[0]))))
    known: dict[str, _Found | None] = {}  # a log repeats its addresses: each is parsed and classified once
    for match in _IPV6_RE.finditer(text) if _IPV6_HINT.search(text) else ():
        if match[0] not in known:
            v6 = _parse_ipv6(match[0])
            known[match[0]] = ("ipv6", str(v6), _is_private(v6)) if v6 is not None else None
        found = known[match[0]]
        if found is not None:
            hits.append((match.start(), _RANK["ipv6"], found))
    return hits


def _is_private_ipv4(address: str) -> bool:
    """`_is_private` of a dotted quad, by integer ranges (`_IPV4_RANGES`) rather than `ipaddress`'s objects."""
    a, b, c, d = (int(octet) for octet in address.split("."))
    value = a << 24 | b << 16 | c << 8 | d
    for first, last, private in _IPV4_RANGES:
        if first <= value <= last:
            return private
    return False


def _parse_ipv6(candidate: str) -> IPv6Address | None:
    """The address in a candidate, also when a colon of the text around it was caught (`fe80::1:`)."""
    if not any(char not in ":." for char in candidate):
        return None  # `::` on its own is punctuation far more often than an address
    variants = [candidate]
    if candidate.endswith(":") and not candidate.endswith("::"):
        variants.append(candidate[:-1])
    if candidate.startswith(":") and not candidate.startswith("::"):
        variants.append(candidate[1:])
    for variant in variants:
        try:
            return IPv6Address(variant)
        except ValueError:
            continue
    return None


def _is_private(address: IPv4Address | IPv6Address) -> bool:
    """Not a public unicast address: private, loopback, link-local, CGNAT, reserved, multicast, ...

    The documentation ranges (RFC 5737's 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and
    RFC 3849's 2001:db8::/32) are examples, not anyone's internal network: they are not
    private. They are not public either, so no action blocks them (`evidence.public_ip`).
    """
    if any(address in network for network in DOCUMENTATION_NETWORKS):
        return False
    return not address.is_global or address.is_multicast


def _hash_hits(text: str) -> list[_Hit]:
    """Hex runs of exactly 32, 40 or 64 digits (not all decimal digits, which is a number)."""
    hits: list[_Hit] = []
    for match in _HEX_RE.finditer(text):
        kind = HASH_TYPES.get(len(match[0]))
        if kind is not None and not match[0].isdigit():
            hits.append((match.start(), _RANK[kind], (kind, match[0].lower(), None)))
    return hits


def _looks_like_file_or_code(word: str) -> bool:
    """A bare dotted word that is a file name (`invoice.xlsm`) or code (`obj.toString`)."""
    last = word.rpartition(".")[2]
    return last.lower() in FILE_EXTENSIONS or _CAMEL_CASE.search(last) is not None or len(word) > 253


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans blanked out (same length, so positions still match)."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):  # spans may overlap (an e-mail address in a URL's path)
        if end <= position:
            continue
        start = max(start, position)
        pieces += (text[position:start], " " * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
