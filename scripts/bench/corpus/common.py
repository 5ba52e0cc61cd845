"""What every generator of the triage corpus uses: the incident as the API shows it, random
names, addresses, hashes and times, and raw_data grown to a given size."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from scripts.bench.config import ORG


@dataclass(frozen=True)
class CorpusIncident:
    """One generated incident and the kind of alert it imitates (e.g. `phishing_gateway`)."""

    kind: str
    incident: dict[str, Any]

    @property
    def raw_data_bytes(self) -> int:
        return json_size(self.incident.get("raw_data"))


def json_size(value: Any) -> int:
    """Bytes of `value` as compact JSON (how the API measures raw_data against its limit)."""
    return len(json.dumps(value, separators=(",", ":"), default=str).encode()) if value is not None else 0


_FIRST_NAMES = ("ana", "li", "sam", "maria", "john", "kenji", "petra", "farah", "raj", "emma", "lucas", "noor")
_LAST_NAMES = ("garcia", "wei", "okafor", "rossi", "smith", "tanaka", "novak", "haddad", "patel", "silva", "khan")
_PUBLIC_FIRST_OCTETS = (5, 31, 45, 77, 91, 103, 141, 176, 185, 193, 212)


def user_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)}.{rng.choice(_LAST_NAMES)}"


def public_ip(rng: random.Random) -> str:
    return f"{rng.choice(_PUBLIC_FIRST_OCTETS)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def private_ip(rng: random.Random) -> str:
    return rng.choice(
        (
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        )
    )


def random_hex(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


def timestamp(rng: random.Random) -> str:
    day, hour, minute, second = rng.randint(1, 22), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"


def defang(url: str) -> str:
    """`https://a.example/x` -> `hxxps://a[.]example/x`, as analysts paste links."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.replace('http', 'hxxp')}://{host.replace('.', '[.]')}{slash}{path}"


def grow_list(raw: dict[str, Any], key: str, make: Callable[[int], Any], target_bytes: int) -> None:
    """Append `make(i)` to `raw[key]` until raw_data is about `target_bytes` of JSON."""
    items: list[Any] = raw.setdefault(key, [])
    size = json_size(raw)
    while size < target_bytes:
        item = make(len(items))
        items.append(item)
        size += json_size(item) + 1


def grow_text(raw: dict[str, Any], key: str, make: Callable[[int], str], target_bytes: int) -> None:
    """Grow the string `raw[key]` paragraph by paragraph until raw_data is about `target_bytes`."""
    parts = [raw.get(key, "")]
    size = json_size(raw)
    while size < target_bytes:
        part = make(len(parts))
        parts.append(part)
        size += json_size(part)  # the part, quoted and escaped, less its quotes, plus the "\n" before it
    raw[key] = "\n".join(part for part in parts if part)


def make_incident(
    index: int,
    *,
    title: str,
    description: str,
    severity: str,
    incident_type: str | None,
    source: str,
    tags: Sequence[str] = (),
    affected_systems: Sequence[str] = (),
    raw_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An incident as the API shows it (the fields triage reads, and a few it ignores)."""
    return {
        "id": f"inc-bench-{index:04d}",
        "org_id": ORG,
        "title": title[:255],
        "description": description[:5000],
        "severity": severity,
        "status": "open",
        "incident_type": incident_type,
        "source": source,
        "tags": list(tags),
        "affected_systems": list(affected_systems),
        "raw_data": raw_data,
        "version": 1,
        "created_at": "2026-11-23T09:00:00Z",
    }
