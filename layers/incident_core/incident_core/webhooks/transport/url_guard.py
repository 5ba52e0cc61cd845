"""SSRF guard for outbound webhook URLs.

A webhook URL is checked twice: when a subscription is saved (`check_webhook_url`, a
clear 400 for the caller) and on every send (`resolve_target`), where the addresses
that were checked are the ones the sender connects to, so a DNS answer can not change
between the check and the connection. Hosts written as IP literals in any spelling
`inet_aton` accepts (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) count as those
addresses, and IPv6 forms that embed an IPv4 address are judged by that address.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from urllib.parse import urlsplit

type IPAddress = IPv4Address | IPv6Address
type Resolver = Callable[[str, int], list[str]]
"""Resolves (host, port) to address strings; the default uses `socket.getaddrinfo`."""

MAX_URL_LENGTH = 2048
DEFAULT_PORTS = {"https": 443, "http": 80}

# Addresses of cloud instance metadata and other per-host cloud services: never a webhook target.
METADATA_NETWORKS: tuple[IPv4Network | IPv6Network, ...] = (
    IPv4Network("169.254.169.254/32"),  # AWS, GCP, Azure, OCI instance metadata
    IPv4Network("169.254.170.0/24"),  # ECS task metadata and credentials, EKS Pod Identity
    IPv4Network("100.100.100.200/32"),  # Alibaba Cloud metadata
    IPv6Network("fd00:ec2::/32"),  # AWS IPv6 metadata (fd00:ec2::254), DNS, time sync, Pod Identity
)

# Refused unless the stack runs locally (allow_insecure): the addresses of the machine
# itself and of private networks, where a local test receiver may live.
LOCAL_NETWORKS: tuple[tuple[IPv4Network | IPv6Network, str], ...] = (
    (IPv4Network("127.0.0.0/8"), "a loopback address"),
    (IPv6Network("::1/128"), "a loopback address"),
    (IPv4Network("10.0.0.0/8"), "a private address"),
    (IPv4Network("172.16.0.0/12"), "a private address"),
    (IPv4Network("192.168.0.0/16"), "a private address"),
    (IPv6Network("fc00::/7"), "a private address"),
    (IPv4Network("100.64.0.0/10"), "a shared (CGNAT) address"),
)

# Refused always: addresses that are not public unicast destinations.
SPECIAL_NETWORKS: tuple[tuple[IPv4Network | IPv6Network, str], ...] = (
    (IPv4Network("0.0.0.0/8"), "an unspecified address"),
    (IPv6Network("::/128"), "an unspecified address"),
    (IPv4Network("169.254.0.0/16"), "a link-local address"),
    (IPv6Network("fe80::/10"), "a link-local address"),
    (IPv6Network("fec0::/10"), "a site-local address"),
    (IPv4Network("224.0.0.0/4"), "a multicast address"),
    (IPv6Network("ff00::/8"), "a multicast address"),
    (IPv4Network("255.255.255.255/32"), "a broadcast address"),
    (IPv4Network("240.0.0.0/4"), "a reserved address"),
    (IPv4Network("192.0.0.0/24"), "a reserved address"),
    (IPv4Network("192.88.99.0/24"), "a reserved address"),
    (IPv6Network("100::/64"), "a reserved address"),
    (IPv6Network("64:ff9b:1::/48"), "a reserved address"),
    (IPv4Network("198.18.0.0/15"), "a benchmarking address"),
    (IPv6Network("2001:2::/48"), "a benchmarking address"),
    (IPv4Network("192.0.2.0/24"), "a documentation address"),
    (IPv4Network("198.51.100.0/24"), "a documentation address"),
    (IPv4Network("203.0.113.0/24"), "a documentation address"),
    (IPv6Network("2001:db8::/32"), "a documentation address"),
    (IPv6Network("3fff::/20"), "a documentation address"),
)

IPV4_MAPPED = IPv6Network("::ffff:0:0/96")
IPV4_TRANSLATED = IPv6Network("::ffff:0:0:0/96")
IPV4_COMPATIBLE = IPv6Network("::/96")
NAT64 = IPv6Network("64:ff9b::/96")
GLOBAL_UNICAST_V6 = IPv6Network("2000::/3")

_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_FORBIDDEN_URL_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


class UnsafeUrl(ValueError):
    """A webhook URL that may not be called; the message is fit for a 400 detail."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    """A webhook URL taken apart and checked for form (not yet for its addresses)."""

    scheme: str
    host: str
    """Lower-case host name, or the canonical text of a literal address (IPv6 without brackets)."""
    port: int
    path: str
    """Path and query to request, at least `/`."""
    literal_address: IPAddress | None

    @property
    def host_header(self) -> str:
        """The `Host` header: the host, bracketed if IPv6, with the port when not the scheme's default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def check_webhook_url(url: str, *, allow_insecure: bool, resolver: Resolver | None = None) -> None:
    """Refuse, with `UnsafeUrl`, a URL that is malformed or whose host resolves to any blocked address."""
    target = parse_webhook_url(url, allow_insecure=allow_insecure)
    resolve_target(target.host, target.port, allow_insecure=allow_insecure, resolver=resolver)


def parse_webhook_url(url: str, *, allow_insecure: bool) -> WebhookTarget:
    """Check the form of a webhook URL (scheme, host, port, no userinfo) without resolving it."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"url must be at most {MAX_URL_LENGTH} characters")
    if _FORBIDDEN_URL_CHARACTERS.search(url):
        raise UnsafeUrl("url must not contain spaces, control characters or backslashes")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl(f"url is not valid: {error}") from error
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and allow_insecure):
        raise UnsafeUrl("url must use https")
    if "@" in parts.netloc:
        raise UnsafeUrl("url must not contain a user name or password")
    if not parts.hostname:
        raise UnsafeUrl("url must include a host")
    if port is not None and not 1 <= port <= 65535:
        raise UnsafeUrl("url port must be between 1 and 65535")
    target_path = parts.path or "/"
    if parts.query:
        target_path = f"{target_path}?{parts.query}"
    if not target_path.isascii():
        raise UnsafeUrl("url path and query must be ASCII (percent-encode other characters)")
    literal = parse_ip_literal(parts.hostname)
    host = literal.compressed if literal is not None else _normalise_host_name(parts.hostname)
    return WebhookTarget(
        scheme=scheme,
        host=host,
        port=port if port is not None else DEFAULT_PORTS[scheme],
        path=target_path,
        literal_address=literal,
    )


def resolve_target(host: str, port: int, *, allow_insecure: bool, resolver: Resolver | None = None) -> list[IPAddress]:
    """Resolve a host, refuse it if any of its addresses is blocked, and return the addresses to connect to."""
    if not 1 <= port <= 65535:
        raise UnsafeUrl("url port must be between 1 and 65535")
    literal = parse_ip_literal(host)
    addresses = [literal] if literal is not None else _resolve_name(_normalise_host_name(host), port, resolver)
    for address in addresses:
        reason = blocked_reason(address, allow_insecure=allow_insecure)
        if reason is not None:
            raise UnsafeUrl(f"url resolves to {reason} ({address})")
    return addresses


def is_blocked_address(address: IPAddress, *, allow_insecure: bool) -> bool:
    """Whether a webhook may not be sent to this address."""
    return blocked_reason(address, allow_insecure=allow_insecure) is not None


def blocked_reason(address: IPAddress, *, allow_insecure: bool) -> str | None:
    """Why a webhook may not be sent to this address (`"a private address"`), or None when it may."""
    if address.version == 6:
        address = IPv6Address(int(address))  # drop any scope id, which would defeat comparisons
        embedded = embedded_ipv4_addresses(address)
        if embedded:
            reasons = (blocked_reason(inner, allow_insecure=allow_insecure) for inner in embedded)
            return next((reason for reason in reasons if reason is not None), None)
    if any(address in network for network in METADATA_NETWORKS):
        return "a cloud metadata address"
    for network, reason in LOCAL_NETWORKS:
        if address in network:
            return None if allow_insecure else reason
    for network, reason in SPECIAL_NETWORKS:
        if address in network:
            return reason
    if address.version == 6 and address not in GLOBAL_UNICAST_V6:
        return "a reserved address"
    if address.is_multicast or address.is_reserved or not address.is_global:
        return "a non-public address"
    return None


def embedded_ipv4_addresses(address: IPv6Address) -> list[IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for (mapped, compatible, 6to4, NAT64, Teredo), if any."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address in IPV4_TRANSLATED or address in NAT64:
        return [IPv4Address(int(address) & 0xFFFFFFFF)]
    if address in IPV4_COMPATIBLE and int(address) > 1:  # `::` and `::1` are themselves
        return [IPv4Address(int(address))]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        server, client = address.teredo
        return [client, server]
    return []


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host names literally, in any IPv4 spelling `inet_aton` accepts, or None for a name."""
    text = host.strip("[]") if host.startswith("[") else host
    if ":" in text:
        try:
            return IPv6Address(text)
        except ValueError as error:
            raise UnsafeUrl(f"url host is not a valid IPv6 address ({host})") from error
    return _parse_ipv4_literal(text)


def _parse_ipv4_literal(host: str) -> IPv4Address | None:
    """Parse dotted IPv4 in decimal, octal (`0177`) or hex (`0x7f`) parts, 1 to 4 of them, like `inet_aton`.

    A host whose last label is a number is an address or invalid, never a name (as in the
    WHATWG URL standard), so `1.2.3.4.5` or `999.1.1.1` can not reach the resolver.
    """
    labels = host.removesuffix(".").split(".")
    if not _IPV4_PART.fullmatch(labels[-1]):
        return None
    invalid = UnsafeUrl(f"url host is not a valid IPv4 address ({host})")
    if len(labels) > 4 or not all(_IPV4_PART.fullmatch(label) for label in labels):
        raise invalid
    try:
        numbers = [_ipv4_part(label) for label in labels]
    except ValueError as error:
        raise invalid from error
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (4 - len(leading)):
        raise invalid
    value = last
    for position, number in enumerate(leading):
        value += number << (8 * (3 - position))
    return IPv4Address(value)


def _ipv4_part(label: str) -> int:
    if label[:2].lower() == "0x":
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8)
    return int(label, 10)


def _normalise_host_name(host: str) -> str:
    try:
        ascii_host = host.lower().encode("idna").decode("ascii")
    except UnicodeError as error:
        raise UnsafeUrl(f"url host is not a valid host name ({host})") from error
    labels = ascii_host.removesuffix(".").split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise UnsafeUrl(f"url host is not a valid host name ({host})")
    return ascii_host


def _resolve_name(host: str, port: int, resolver: Resolver | None) -> list[IPAddress]:
    try:
        answers = (resolver or system_resolver)(host, port)
    except OSError as error:
        raise UnsafeUrl(f"url host could not be resolved ({host})") from error
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            address = ip_address(answer)
        except ValueError as error:
            raise UnsafeUrl(f"url host resolved to an invalid address ({answer})") from error
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeUrl(f"url host could not be resolved ({host})")
    return addresses


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the system resolver (`getaddrinfo`), TCP addresses only."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(answer[4][0]) for answer in answers]
