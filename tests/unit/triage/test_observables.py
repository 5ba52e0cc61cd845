"""Observable extraction for triage: refanging, each kind of indicator, what is not one, merging, order."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from ipaddress import IPv4Address
from typing import Any

import pytest

from incident_core.triage import observables
from incident_core.triage.observables import (
    DOCUMENTATION_NETWORKS,
    Observable,
    extract_observables,
    observables_from_text,
    refang,
)

PHISHING_DESCRIPTION = (
    "Reported by finance. Subject: 'URGENT: verify your password within 24 hours or your mailbox is suspended'. "
    "From: Microsoft Billing <billing@examp1e[.]com>, Reply-To: payments-desk@gmail.com. "
    "The link goes to hxxps://login-micros0ft[.]com/auth?u=1, and the attachment invoice.xlsm "
    "drops payload.exe (SHA-256 9F86D081884C7D659A2FEAE0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08)."
)


def pairs(observables: list[Observable]) -> list[tuple[str, str]]:
    return [(observable.type, observable.value) for observable in observables]


def of_type(text: str, kind: str) -> list[str]:
    return [o.value for o in observables_from_text(text, source="description") if o.type == kind]


def test_a_realistic_phishing_report() -> None:
    found = extract_observables({"title": "Phishing: fake Microsoft login", "description": PHISHING_DESCRIPTION})

    assert pairs(found) == [
        ("email", "billing@examp1e.com"),
        ("domain", "examp1e.com"),
        ("email", "payments-desk@gmail.com"),
        ("domain", "gmail.com"),
        ("url", "https://login-micros0ft.com/auth?u=1"),
        ("domain", "login-micros0ft.com"),
        ("sha256", "9f86d081884c7d659a2feae0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    ]
    assert all(o.sources == ("description",) for o in found)
    assert all(o.private is None for o in found)


def test_to_dict_has_private_only_for_addresses() -> None:
    url, domain, public, private = extract_observables(
        {"title": "hxxp://evil[.]com/x from 8.8.8.8 and 10.0.0.5"},
    )

    assert url.to_dict() == {"type": "url", "value": "http://evil.com/x", "sources": ["title"]}
    assert domain.to_dict() == {"type": "domain", "value": "evil.com", "sources": ["title"]}
    assert public.to_dict() == {"type": "ipv4", "value": "8.8.8.8", "private": False, "sources": ["title"]}
    assert private.to_dict() == {"type": "ipv4", "value": "10.0.0.5", "private": True, "sources": ["title"]}


# --- refanging ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("defanged", "refanged"),
    [
        ("hxxp://a.example/x", "http://a.example/x"),
        ("hXXps://a.example/x", "https://a.example/x"),
        ("HXXPS://a.example/x", "https://a.example/x"),
        ("fxp://files.example/x", "ftp://files.example/x"),
        ("evil[.]com", "evil.com"),
        ("evil(.)com", "evil.com"),
        ("evil{.}com", "evil.com"),
        ("evil[dot]com", "evil.com"),
        ("evil(dot)com", "evil.com"),
        ("evil [DOT] com", "evil.com"),
        ("evil dot com", "evil.com"),
        ("https[:]//evil.com", "https://evil.com"),
        ("https[://]evil.com", "https://evil.com"),
        ("10[.]0[.]0[.]5", "10.0.0.5"),
        ("bob[@]corp.example", "bob@corp.example"),
        ("bob(at)corp.example", "bob@corp.example"),
        ("bob [at] corp.example", "bob@corp.example"),
        ("hxxp[:]//evil[.]com", "http://evil.com"),
    ],
)
def test_refang_variants(defanged: str, refanged: str) -> None:
    assert refang(defanged) == refanged


def test_refang_leaves_ordinary_text_alone() -> None:
    text = "The fxp and hxxp tools, a dot, at noon: nothing here is defanged."
    assert refang(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hxxp://evil[.]com/a", ("url", "http://evil.com/a")),
        ("hXXps://evil[.]com/a", ("url", "https://evil.com/a")),
        ("fxp://evil[.]com/a", ("url", "ftp://evil.com/a")),
        ("evil(dot)com", ("domain", "evil.com")),
        ("evil{.}com", ("domain", "evil.com")),
        ("evil dot com", ("domain", "evil.com")),
        ("https[://]evil.com", ("url", "https://evil.com")),
        ("https[:]//evil.com", ("url", "https://evil.com")),
        ("bob[@]evil.com", ("email", "bob@evil.com")),
        ("bob(at)evil(dot)com", ("email", "bob@evil.com")),
        ("bob[at]evil[.]com", ("email", "bob@evil.com")),
        ("192[.]0[.]2[.]1", ("ipv4", "192.0.2.1")),
    ],
)
def test_defanged_forms_are_found_refanged(text: str, expected: tuple[str, str]) -> None:
    assert pairs(observables_from_text(text, source="title"))[0] == expected


# --- URLs, domains, e-mail addresses --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("see https://evil.com/a/b?c=1&d=2#frag.", "https://evil.com/a/b?c=1&d=2#frag"),
        ("(https://evil.com/a)", "https://evil.com/a"),
        ("'https://evil.com/a';", "https://evil.com/a"),
        ('href="https://evil.com/a"', "https://evil.com/a"),
        ("[https://evil.com/a]", "https://evil.com/a"),
        ("go to https://evil.com/a:", "https://evil.com/a"),
        ("https://en.wikipedia.org/wiki/Foo_(bar), said", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("HTTPS://Evil.COM/Path?Q=A", "https://evil.com/Path?Q=A"),
        ("ftp://files.evil.com/pub/x.zip", "ftp://files.evil.com/pub/x.zip"),
        ("<http://evil.com:8080/x>", "http://evil.com:8080/x"),
    ],
)
def test_urls_keep_path_and_query_and_lose_trailing_punctuation(text: str, url: str) -> None:
    assert of_type(text, "url") == [url]


def test_domains_inside_urls_and_emails_are_reported_too() -> None:
    text = "Click https://Secure-Login.example.co.uk/reset or mail admin@Corp-Mail.example.org"
    found = pairs(observables_from_text(text, source="description"))

    assert found == [
        ("url", "https://secure-login.example.co.uk/reset"),
        ("domain", "secure-login.example.co.uk"),
        ("email", "admin@corp-mail.example.org"),
        ("domain", "corp-mail.example.org"),
    ]


def test_a_url_host_that_is_an_address_is_reported_as_one() -> None:
    found = pairs(observables_from_text("http://203.0.113.7/x and http://[2001:db8::1]:8443/y", source="title"))

    assert ("url", "http://203.0.113.7/x") in found
    assert ("ipv4", "203.0.113.7") in found
    assert ("url", "http://[2001:db8::1]:8443/y") in found
    assert ("ipv6", "2001:db8::1") in found
    assert not [value for kind, value in found if kind == "domain"]


def test_a_url_host_is_a_domain_even_with_a_file_like_name() -> None:
    found = pairs(observables_from_text("payload at https://invoice.zip/download", source="title"))
    assert ("domain", "invoice.zip") in found


def test_file_names_are_not_domains() -> None:
    text = (
        "The user opened invoice.xlsm, which ran payload.exe via C:\\Temp\\loader.dll and run.ps1; "
        "also Report.DOCX, archive.tar.gz, notes.txt, scan.pdf, logo.png, photo.jpg, index.html, app.js"
    )
    assert of_type(text, "domain") == []


def test_paths_inside_urls_are_not_domains() -> None:
    assert of_type("https://evil.com/files/page.php?next=/a/b.aspx", "domain") == ["evil.com"]


def test_bare_domains() -> None:
    text = "Beacons to cdn.evil-domain.net and Update.Example.COM; sinkholed at xn--80ak6aa92e.com. Not: e.g, a.b"
    assert of_type(text, "domain") == ["cdn.evil-domain.net", "update.example.com", "xn--80ak6aa92e.com"]


def test_dotted_words_that_are_not_domains() -> None:
    text = "calls obj.toString on a1.b2.c3 (the version), evil.com-fake and evil.com.123 and foo_bar.baz_qux"
    assert of_type(text, "domain") == []


def test_emails_are_lower_cased_and_their_domains_reported() -> None:
    found = pairs(observables_from_text("From: John.Doe+Sales@Example.COM", source="description"))
    assert found == [("email", "john.doe+sales@example.com"), ("domain", "example.com")]


def test_an_email_in_a_url_query_counts_but_not_url_credentials() -> None:
    text = "http://user:secret@evil.com/login?victim=alice@corp.example"
    found = pairs(observables_from_text(text, source="description"))

    assert ("email", "alice@corp.example") in found
    assert ("domain", "corp.example") in found
    assert [value for kind, value in found if kind == "email"] == ["alice@corp.example"]


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value", "private"),
    [
        ("10.0.0.5", "ipv4", "10.0.0.5", True),
        ("192.168.1.1", "ipv4", "192.168.1.1", True),
        ("127.0.0.1", "ipv4", "127.0.0.1", True),
        ("169.254.169.254", "ipv4", "169.254.169.254", True),
        ("100.64.1.1", "ipv4", "100.64.1.1", True),
        ("240.0.0.1", "ipv4", "240.0.0.1", True),
        ("224.0.0.251", "ipv4", "224.0.0.251", True),
        ("8.8.8.8", "ipv4", "8.8.8.8", False),
        ("185.220.101.4", "ipv4", "185.220.101.4", False),
        ("::1", "ipv6", "::1", True),
        ("fe80::1", "ipv6", "fe80::1", True),
        ("fd12:3456:789a::1", "ipv6", "fd12:3456:789a::1", True),
        ("2001:4860:4860::8888", "ipv6", "2001:4860:4860::8888", False),
        ("2001:4860:4860:0000:0000:0000:0000:8888", "ipv6", "2001:4860:4860::8888", False),
        ("2001:4860:4860:0:0:0:0:8888", "ipv6", "2001:4860:4860::8888", False),
        # documentation ranges (RFC 5737, RFC 3849): examples, not anyone's internal network
        ("203.0.113.7", "ipv4", "203.0.113.7", False),
        ("198.51.100.23", "ipv4", "198.51.100.23", False),
        ("192.0.2.1", "ipv4", "192.0.2.1", False),
        ("2001:DB8::ABCD", "ipv6", "2001:db8::abcd", False),
        ("192.0.0.8", "ipv4", "192.0.0.8", True),
        ("::ffff:8.8.8.8", "ipv6", "::ffff:8.8.8.8", False),
    ],
)
def test_addresses_public_and_private(text: str, kind: str, value: str, private: bool) -> None:
    found = observables_from_text(f"seen from {text}, twice", source="title")
    address = next(o for o in found if o.type == kind)

    assert (address.value, address.private) == (value, private)


def test_ipv4_addresses_are_classified_as_ipaddress_classifies_them() -> None:
    """The integer ranges (`_IPV4_RANGES`) against `ipaddress`: both ends and a random address of every
    /16, and every address of the /24s that hold single-address exceptions."""
    rng = random.Random(16)
    samples = [f"{a}.{b}.{c}.{d}" for a in range(256) for b in range(256) for c, d in ((0, 0), (255, 255))]
    samples += [f"{a}.{b}.{rng.randrange(256)}.{rng.randrange(256)}" for a in range(256) for b in range(256)]
    samples += [f"{prefix}.{d}" for prefix in ("192.0.0", "255.255.255", "192.0.2", "100.127.255") for d in range(256)]
    text = " ".join(samples)
    found = {o.value: o.private for o in observables_from_text(text, source="title")}
    for sample in samples:
        address = IPv4Address(sample)
        documentation = any(address in network for network in DOCUMENTATION_NETWORKS if network.version == 4)
        assert found[sample] == (not documentation and (not address.is_global or address.is_multicast)), sample


def test_addresses_in_log_lines() -> None:
    text = (
        "Failed password for root from 45.33.32.156 port 22 ssh2; src=[2001:db8:85a3::8a2e:370:7334]:443 "
        "inet6 addr: fe80::1%eth0 ip:2600:1f18::1 peer 10.0.0.5:8080."
    )
    found = pairs(observables_from_text(text, source="raw_data.log"))

    assert found == [
        ("ipv4", "45.33.32.156"),
        ("ipv6", "2001:db8:85a3::8a2e:370:7334"),
        ("ipv6", "fe80::1"),
        ("ipv6", "2600:1f18::1"),
        ("ipv4", "10.0.0.5"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4.5",
        "build v1.2.3.4",
        "1.2.3.4.5.6.7.8",
        "256.1.1.1",
        "1.2.3.999",
        "01.02.03.04",
        "10.0.0",
        "std::vector and Foo::Bar::baz",
        "at 12:30:45 on 2024-01-02",
        "mac 00:1a:2b:3c:4d:5e",
        "a :: b",
        "1:2:3:4:5:6:7:8:9",
    ],
)
def test_things_that_are_not_addresses(text: str) -> None:
    assert [o for o in observables_from_text(text, source="title") if o.type in {"ipv4", "ipv6"}] == []


# --- hashes and CVE ids ---------------------------------------------------------------------

MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_hashes_of_each_length() -> None:
    text = f"md5={MD5} sha1: {SHA1.upper()} (sha256 {SHA256})"
    assert pairs(observables_from_text(text, source="description")) == [
        ("md5", MD5),
        ("sha1", SHA1),
        ("sha256", SHA256),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 48,  # 48 hex digits: none of the lengths
        "0123456789abcdef" * 3,
        MD5 + "0",  # 33: part of a longer run
        SHA256 + "ab",
        "x" + MD5,  # not word-bounded
        MD5 + "_suffix",
        "12345678901234567890123456789012",  # 32 decimal digits are a number
        "0x" + MD5,
    ],
)
def test_hex_runs_that_are_not_hashes(text: str) -> None:
    assert observables_from_text(f"value {text} end", source="title") == []


@pytest.mark.parametrize("text", ["CVE-2024-3094", "cve-2024-3094", "Cve-2024-3094", "(CVE-2024-3094)."])
def test_cve_ids_are_upper_cased(text: str) -> None:
    assert pairs(observables_from_text(f"patch for {text}", source="title")) == [("cve", "CVE-2024-3094")]


def test_cve_ids_with_long_numbers_and_non_ids() -> None:
    assert of_type("CVE-2021-44228 and CVE-2023-1234567", "cve") == ["CVE-2021-44228", "CVE-2023-1234567"]
    assert of_type("CVE-24-3094, CVE-2024-309, XCVE-2024-3094, CVE-2024-3094x", "cve") == []


# --- incidents: sources, merging, order, limit ----------------------------------------------


def test_duplicates_merge_their_sources_in_first_seen_order() -> None:
    incident: dict[str, Any] = {
        "title": "Beacon to 185.220.101.4 (evil[.]com)",
        "description": "Host called hxxp://evil[.]com/c2 repeatedly.",
        "raw_data": {
            "alert": {"dst_ip": "185.220.101.4", "dns": "EVIL.COM"},
            "count": 1234,
            "related": ["185.220.101.4", 8.8, None, True],
        },
    }
    found = {(o.type, o.value): o.sources for o in extract_observables(incident)}

    assert found == {
        ("ipv4", "185.220.101.4"): ("title", "raw_data.alert.dst_ip", "raw_data.related[0]"),
        ("domain", "evil.com"): ("title", "description", "raw_data.alert.dns"),
        ("url", "http://evil.com/c2"): ("description",),
    }
    assert list(found) == [("ipv4", "185.220.101.4"), ("domain", "evil.com"), ("url", "http://evil.com/c2")]


def test_a_source_is_listed_once_however_often_it_repeats() -> None:
    found = extract_observables({"title": "8.8.8.8 8.8.8.8 8.8.8.8"})
    assert found == [Observable(type="ipv4", value="8.8.8.8", private=False, sources=("title",))]


def test_nested_raw_data_paths() -> None:
    incident: dict[str, Any] = {
        "raw_data": {
            "headers": [
                {"name": "From", "value": "it-support@corp.example"},
                {"name": "X-Originating-IP", "value": "[45.33.32.156]"},
                {"name": "Reply-To", "value": "helpdesk@examp1e[.]com"},
            ],
            "matrix": [[["CVE-2024-3094"]]],
            "sender@evil.example": "dict keys are not scanned",
            "payload": {"md5": MD5, "size": 42},
        },
    }
    found = {(o.type, o.value): o.sources for o in extract_observables(incident)}

    assert found == {
        ("email", "it-support@corp.example"): ("raw_data.headers[0].value",),
        ("domain", "corp.example"): ("raw_data.headers[0].value",),
        ("ipv4", "45.33.32.156"): ("raw_data.headers[1].value",),
        ("email", "helpdesk@examp1e.com"): ("raw_data.headers[2].value",),
        ("domain", "examp1e.com"): ("raw_data.headers[2].value",),
        ("cve", "CVE-2024-3094"): ("raw_data.matrix[0][0][0]",),
        ("md5", MD5): ("raw_data.payload.md5",),
    }


def test_missing_or_odd_fields_are_ignored() -> None:
    assert extract_observables({}) == []
    assert extract_observables({"title": None, "description": 42, "raw_data": None}) == []
    assert extract_observables({"raw_data": "8.8.8.8"})[0].sources == ("raw_data",)


def test_a_self_referencing_structure_ends() -> None:
    looped: dict[str, Any] = {"ip": "8.8.8.8"}
    looped["self"] = looped
    assert pairs(extract_observables({"raw_data": looped})) == [("ipv4", "8.8.8.8")]


def test_limit_caps_the_result_but_sources_still_merge() -> None:
    incident = {
        "title": "10.0.0.1 10.0.0.2 10.0.0.3",
        "raw_data": {"more": "10.0.0.4 10.0.0.1"},
    }
    found = extract_observables(incident, limit=2)

    assert pairs(found) == [("ipv4", "10.0.0.1"), ("ipv4", "10.0.0.2")]
    assert found[0].sources == ("title", "raw_data.more")
    assert extract_observables(incident, limit=0) == []
    with pytest.raises(ValueError, match="limit"):
        extract_observables(incident, limit=-1)


def test_the_default_limit_is_500() -> None:
    text = " ".join(f"10.{i // 256}.{i % 256}.1" for i in range(600))
    assert len(extract_observables({"description": text})) == 500


def test_observable_is_frozen() -> None:
    observable = Observable(type="cve", value="CVE-2024-3094")
    with pytest.raises(AttributeError):
        observable.value = "x"  # type: ignore[misc]
    assert observable.to_dict() == {"type": "cve", "value": "CVE-2024-3094", "sources": []}


# --- adversarial input ----------------------------------------------------------------------

KIB_32 = 32 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "a" * KIB_32,
        "a." * (KIB_32 // 2),
        "a-" * (KIB_32 // 2),
        "ab." * (KIB_32 // 3),
        ("a" * 63 + ".") * (KIB_32 // 64) + "1",
        "1." * (KIB_32 // 2),
        "f" * KIB_32,
        ":" * KIB_32,
        "1:" * (KIB_32 // 2),
        "a@" * (KIB_32 // 2),
        "a." * (KIB_32 // 2) + "@",
        "x@" + "a." * (KIB_32 // 2) + "1",
        "http://" * (KIB_32 // 7),
        "hxxp[:]//" * (KIB_32 // 9),
        "[.]" * (KIB_32 // 3),
        "a dot " * (KIB_32 // 6),
        ("CVE-2024-" + "1" * 30 + "x ") * (KIB_32 // 41),
        "(" * KIB_32,
        "a.b-c_d@e:f[.]1 " * (KIB_32 // 16),
    ],
    ids=lambda text: repr(text[:12]),
)
def test_adversarial_32_kib_strings_are_scanned(text: str) -> None:
    found = extract_observables({"raw_data": {"blob": text}})
    assert len(found) <= 500


def test_a_32_kib_string_full_of_observables() -> None:
    text = " ".join(f"https://h{i}.example.com/p?q={i} u{i}@m.example 10.1.{i // 256}.{i % 256}" for i in range(1000))
    found = extract_observables({"raw_data": {"blob": text[:KIB_32]}})

    assert len(found) == 500
    assert found[0] == Observable(type="url", value="https://h0.example.com/p?q=0", sources=("raw_data.blob",))


def _fragments(rng: random.Random) -> str:
    """A text of the pieces observables and defanged marks are made of, shuffled (seeded)."""
    pieces: tuple[str, ...] = (
        "1",
        "25",
        "255",
        "db8",
        "fe80",
        "a",
        "F",
        ".",
        ":",
        "::",
        "@",
        "[",
        "(",
        "{",
        "]",
        " dot ",
        "dot",
    )
    pieces += ("at", "hxxp", "hXxps", "fxp", "http", "FTP", "://", "CVE-", "cve-2024-", "12345", " ", "\n", "-", "/")
    pieces += ("x", "é", "10.0", ".1", "8.8.8.8", "1.2", "u@", "example.com", "2001:db8::1", "0:0")
    pieces += ("[.]", "(.)", "{dot}", "(at)", "[@]", "[:]", "[://]", "a dot b", "hxxps://", "fxp://")
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 24)))


def test_the_cheap_checks_that_skip_a_pattern_never_skip_a_text_it_matches() -> None:
    """A long log is only scanned for a kind when it holds what every match of that kind holds (`://`, `@`,
    `cve-`, `_IPV4_HINT`, `_IPV6_HINT`, `_may_be_defanged`): 20,000 seeded texts of the pieces they are made
    of, each matched by a kind's pattern, hold its check too."""
    rng = random.Random(14)
    checks: list[tuple[str, re.Pattern[str], Callable[[str], bool]]] = [
        ("url", observables._URL_RE, lambda text: "://" in text),
        ("email", observables._EMAIL_RE, lambda text: "@" in text),
        ("cve", observables._CVE_RE, lambda text: "cve-" in text.lower()),
        ("ipv4", observables._IPV4_RE, lambda text: observables._IPV4_HINT.search(text) is not None),
        ("ipv6", observables._IPV6_RE, lambda text: observables._IPV6_HINT.search(text) is not None),
        *(
            (f"refang rule {index}", pattern, observables._may_be_defanged)
            for index, (pattern, _) in enumerate(observables._REFANG_RULES)
        ),
    ]
    matched = dict.fromkeys((name for name, _, _ in checks), 0)
    for _ in range(20_000):
        text = _fragments(rng)
        for name, pattern, check in checks:
            if pattern.search(text):
                matched[name] += 1
                assert check(text), f"{name}: {text!r}"
    assert all(count >= 20 for count in matched.values()), matched  # every kind was put to the test
