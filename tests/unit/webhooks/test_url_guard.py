"""The SSRF guard of webhook URLs: the addresses that matter, in every spelling, with fake DNS."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

import pytest

from incident_core.webhooks.transport.url_guard import (
    MAX_URL_LENGTH,
    UnsafeUrl,
    check_webhook_url,
    is_blocked_address,
    parse_ip_literal,
    parse_webhook_url,
    resolve_target,
)


def fake_dns(records: dict[str, list[str]]) -> FakeResolver:
    return FakeResolver(records)


class FakeResolver:
    """A resolver with fixed answers that records what it was asked."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records
        self.queries: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.queries.append((host, port))
        if host not in self.records:
            raise OSError(f"no such host: {host}")
        return self.records[host]


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"a literal address must not be resolved ({host}:{port})")


BLOCKED_ALWAYS = [
    "169.254.169.254",  # instance metadata
    "169.254.170.2",  # ECS task credentials
    "100.100.100.200",  # Alibaba metadata, inside CGNAT
    "fd00:ec2::254",  # AWS IPv6 metadata, inside unique-local
    "169.254.1.1",
    "fe80::1",
    "febf:ffff::1",
    "0.0.0.0",
    "0.1.2.3",
    "::",
    "224.0.0.1",
    "239.255.255.250",
    "ff02::1",
    "255.255.255.255",
    "240.0.0.1",
    "198.18.0.1",
    "198.19.255.254",
    "192.0.2.1",
    "198.51.100.7",
    "203.0.113.9",
    "2001:db8::1",
    "192.0.0.8",
    "100::1",
    "::ffff:169.254.169.254",
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
]

BLOCKED_UNLESS_INSECURE = [
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.1",
    "192.168.255.255",
    "100.64.0.1",
    "100.127.255.254",
    "::1",
    "fc00::1",
    "fd12:3456:789a::1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:0:7f00:1",  # IPv4-translated
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:c0a8:0101::1",  # 6to4 of 192.168.1.1
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::10.1.2.3",
]

PUBLIC = [
    "93.184.215.14",
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",  # just outside 172.16/12
    "100.128.0.1",  # just outside 100.64/10
    "2606:4700::1111",
    "2a00:1450:4001:81b::200e",
    "::ffff:93.184.215.14",
    "2002:5db8:d70e::1",  # 6to4 of 93.184.215.14
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
]


@pytest.mark.parametrize("address", BLOCKED_ALWAYS)
@pytest.mark.parametrize("allow_insecure", [False, True])
def test_blocked_always(address: str, allow_insecure: bool) -> None:
    assert is_blocked_address(ip_address(address), allow_insecure=allow_insecure)


@pytest.mark.parametrize("address", BLOCKED_UNLESS_INSECURE)
def test_local_addresses_blocked_unless_insecure(address: str) -> None:
    assert is_blocked_address(ip_address(address), allow_insecure=False)
    assert not is_blocked_address(ip_address(address), allow_insecure=True)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_allowed(address: str) -> None:
    assert not is_blocked_address(ip_address(address), allow_insecure=False)


def test_teredo_is_judged_by_the_embedded_client_and_server() -> None:
    # Teredo: server 65.54.227.120, client 192.168.1.1 (stored inverted: 0x3f57fefe).
    private_client = IPv6Address("2001:0:4136:e378:8000:63bf:3f57:fefe")
    public_client = IPv6Address("2001:0:4136:e378:8000:63bf:a2b7:f1f1")  # client 93.72.14.14
    assert private_client.teredo is not None
    assert private_client.teredo[1] == IPv4Address("192.168.1.1")
    assert is_blocked_address(private_client, allow_insecure=False)
    assert not is_blocked_address(public_client, allow_insecure=False)


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7F000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("2852039166", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("10.1", "10.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("[::1]", "::1"),
    ],
)
def test_ip_literals_are_read_like_inet_aton(spelling: str, address: str) -> None:
    assert parse_ip_literal(spelling) == ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "hooks.example.com.", "1e3", "0x7g.example", "127.0.0.1.nip.io"])
def test_names_are_not_literals(host: str) -> None:
    assert parse_ip_literal(host) is None


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.4.5", "08.0.0.1", "1.2.3.256", "127.16777216", "foo.123", "1..1"])
def test_invalid_numeric_hosts_are_refused_not_resolved(host: str) -> None:
    with pytest.raises(UnsafeUrl, match="not a valid IPv4 address"):
        check_webhook_url(f"https://{host}/hook", allow_insecure=False, resolver=no_dns)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.5/hook",
        "https://10.255.0.1/hook",
        "https://172.16.0.1/hook",
        "https://172.31.0.1/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fc00::1]/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fe80::1%25eth0]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[::ffff:a9fe:a9fe]/hook",
        "https://[fd00:ec2::254]/hook",
        "https://2130706433/hook",
        "https://0177.0.0.1/hook",
        "https://0x7f.0.0.1/hook",
        "https://127.1/hook",
        "https://0/hook",
        "https://2852039166/latest/meta-data/",
        "https://127.0.0.1:8443/hook",
    ],
)
def test_urls_naming_blocked_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl, match="url resolves to"):
        check_webhook_url(url, allow_insecure=False, resolver=no_dns)


def test_refusal_names_the_reason_and_the_address() -> None:
    with pytest.raises(UnsafeUrl) as refused:
        check_webhook_url("https://10.0.0.5/hook", allow_insecure=False, resolver=no_dns)
    assert str(refused.value) == "url resolves to a private address (10.0.0.5)"
    assert refused.value.message == str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_metadata_is_named_as_such() -> None:
    with pytest.raises(UnsafeUrl, match=r"^url resolves to a cloud metadata address \(169\.254\.169\.254\)$"):
        check_webhook_url("https://0xa9fea9fe/", allow_insecure=True, resolver=no_dns)


@pytest.mark.parametrize(
    "url", ["https://93.184.215.14/hook", "https://[2606:4700::1111]/hook", "https://8.8.8.8:8443/"]
)
def test_public_literal_urls_are_accepted(url: str) -> None:
    check_webhook_url(url, allow_insecure=False, resolver=no_dns)


def test_name_resolving_to_a_public_address_is_accepted() -> None:
    dns = fake_dns({"hooks.example.com": ["93.184.215.14", "2606:4700::1111"]})
    check_webhook_url("https://Hooks.Example.com/incidents", allow_insecure=False, resolver=dns)
    assert dns.queries == [("hooks.example.com", 443)]


@pytest.mark.parametrize(
    "answers",
    [
        ["10.0.0.5"],
        ["127.0.0.1"],
        ["169.254.169.254"],
        ["::ffff:127.0.0.1"],
        ["fd00:ec2::254"],
        ["93.184.215.14", "10.0.0.5"],  # one public, one private: still refused
        ["2606:4700::1111", "::1"],
    ],
)
def test_name_resolving_to_any_blocked_address_is_refused(answers: list[str]) -> None:
    dns = fake_dns({"rebind.example.com": answers})
    with pytest.raises(UnsafeUrl, match="url resolves to"):
        check_webhook_url("https://rebind.example.com/hook", allow_insecure=False, resolver=dns)


def test_name_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(UnsafeUrl, match=r"could not be resolved \(nowhere\.example\.com\)"):
        check_webhook_url("https://nowhere.example.com/", allow_insecure=False, resolver=fake_dns({}))
    with pytest.raises(UnsafeUrl, match="could not be resolved"):
        check_webhook_url(
            "https://empty.example.com/", allow_insecure=False, resolver=fake_dns({"empty.example.com": []})
        )


def test_resolver_answer_that_is_no_address_is_refused() -> None:
    dns = fake_dns({"odd.example.com": ["not-an-address"]})
    with pytest.raises(UnsafeUrl, match="invalid address"):
        check_webhook_url("https://odd.example.com/", allow_insecure=False, resolver=dns)


def test_resolve_target_returns_the_checked_addresses_once_each() -> None:
    dns = fake_dns({"hooks.example.com": ["93.184.215.14", "93.184.215.14", "2606:4700::1111"]})
    addresses = resolve_target("hooks.example.com", 8443, allow_insecure=False, resolver=dns)
    assert addresses == [IPv4Address("93.184.215.14"), IPv6Address("2606:4700::1111")]
    assert dns.queries == [("hooks.example.com", 8443)]


def test_resolve_target_reads_literals_without_dns() -> None:
    assert resolve_target("0x5db8d70e", 443, allow_insecure=False, resolver=no_dns) == [IPv4Address("93.184.215.14")]
    assert resolve_target("2130706433", 80, allow_insecure=True, resolver=no_dns) == [IPv4Address("127.0.0.1")]


@pytest.mark.parametrize("port", [0, -1, 65536])
def test_resolve_target_refuses_bad_ports(port: int) -> None:
    with pytest.raises(UnsafeUrl, match="port"):
        resolve_target("93.184.215.14", port, allow_insecure=False, resolver=no_dns)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/", "must use https"),
        ("HTTP://hooks.example.com/", "must use https"),
        ("ftp://hooks.example.com/", "must use https"),
        ("file:///etc/passwd", "must use https"),
        ("hooks.example.com/hook", "must use https"),
        ("//hooks.example.com/hook", "must use https"),
        ("https:///hook", "must include a host"),
        ("https://", "must include a host"),
        ("https://user:pass@hooks.example.com/", "user name or password"),
        ("https://user@hooks.example.com/", "user name or password"),
        ("https://@hooks.example.com/", "user name or password"),
        ("https://hooks.example.com@127.0.0.1/", "user name or password"),
        ("https://hooks.example.com:0/", "port must be between 1 and 65535"),
        ("https://hooks.example.com:65536/", "not valid"),
        ("https://hooks.example.com:https/", "not valid"),
        ("https://[::1/", "not valid"),
        ("https://hooks.example.com/a b", "spaces"),
        ("https://hooks.example.com/\r\nX-Injected: 1", "control characters"),
        ("https://hooks.example.com\\@127.0.0.1/", "backslashes"),
        ("https://hooks.example.com/" + "a" * MAX_URL_LENGTH, "at most 2048 characters"),
        ("https://hooks.exa%6dple.com/", "not a valid host name"),
        ("https://-bad-.example.com/", "not a valid host name"),
        ("https://hooks.example.com/caf\u00e9", "must be ASCII"),
    ],
)
def test_malformed_urls_are_refused(url: str, message: str) -> None:
    dns = fake_dns({"hooks.example.com": ["93.184.215.14"]})
    with pytest.raises(UnsafeUrl, match=message):
        check_webhook_url(url, allow_insecure=False, resolver=dns)
    assert dns.queries == []


def test_http_is_allowed_only_when_insecure() -> None:
    dns = fake_dns({"hooks.example.com": ["93.184.215.14"]})
    with pytest.raises(UnsafeUrl, match="url must use https"):
        check_webhook_url("http://hooks.example.com/", allow_insecure=False, resolver=dns)
    check_webhook_url("http://hooks.example.com/", allow_insecure=True, resolver=dns)
    with pytest.raises(UnsafeUrl, match="url must use https"):
        check_webhook_url("ftp://hooks.example.com/", allow_insecure=True, resolver=dns)


def test_insecure_allows_loopback_and_private_but_never_metadata() -> None:
    check_webhook_url("http://127.0.0.1:8080/hook", allow_insecure=True, resolver=no_dns)
    check_webhook_url("http://[::1]:8080/hook", allow_insecure=True, resolver=no_dns)
    check_webhook_url("https://10.0.0.5/hook", allow_insecure=True, resolver=no_dns)
    check_webhook_url("http://localhost:8080/", allow_insecure=True, resolver=fake_dns({"localhost": ["127.0.0.1"]}))
    for url in ("http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://[fe80::1]/"):
        with pytest.raises(UnsafeUrl, match="url resolves to"):
            check_webhook_url(url, allow_insecure=True, resolver=no_dns)
    metadata_name = fake_dns({"metadata.google.internal": ["169.254.169.254"]})
    with pytest.raises(UnsafeUrl, match="cloud metadata"):
        check_webhook_url("http://metadata.google.internal/", allow_insecure=True, resolver=metadata_name)


def test_idn_hosts_are_resolved_in_ascii() -> None:
    dns = fake_dns({"xn--bcher-kva.example": ["93.184.215.14"]})
    check_webhook_url("https://b\u00fccher.example/hook", allow_insecure=False, resolver=dns)
    assert dns.queries == [("xn--bcher-kva.example", 443)]


@pytest.mark.parametrize(
    ("url", "host", "port", "path", "host_header"),
    [
        ("https://Hooks.Example.com/in?x=1#frag", "hooks.example.com", 443, "/in?x=1", "hooks.example.com"),
        ("https://hooks.example.com", "hooks.example.com", 443, "/", "hooks.example.com"),
        ("https://hooks.example.com:8443/a", "hooks.example.com", 8443, "/a", "hooks.example.com:8443"),
        ("http://127.0.0.1:8080/a", "127.0.0.1", 8080, "/a", "127.0.0.1:8080"),
        ("http://2130706433/", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://[::1]:8080/", "::1", 8080, "/", "[::1]:8080"),
        ("https://[2606:4700::1111]/", "2606:4700::1111", 443, "/", "[2606:4700::1111]"),
    ],
)
def test_parse_webhook_url(url: str, host: str, port: int, path: str, host_header: str) -> None:
    target = parse_webhook_url(url, allow_insecure=True)
    assert (target.host, target.port, target.path, target.host_header) == (host, port, path, host_header)
