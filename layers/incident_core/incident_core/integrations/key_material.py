"""Integration keys on the wire: `<key id>.<secret>`, made at random, shown once, stored as SHA-256.

The key id names its org (`<org>.ik_<24 hex>`, `core/org_ids.py`), so a key that arrives alone
(a `routing_key`, a `?key=`) is found with one GetItem under its org's keys; the 43 characters
after it are 256 random bits (`secrets.token_urlsafe(32)`).

Stored as a plain SHA-256 of the secret, compared in constant time, and not as the scrypt hash
of the API clients' secrets (`clients/secrets.py`), on purpose:
- a slow hash protects secrets that can be guessed (people's passwords, short secrets) from an
  offline search once the hashes leak; a 256-bit random secret can not be searched, fast hash
  or slow, so scrypt would buy nothing;
- a key is checked on every event it sends (a burst of alerts is many a second), where scrypt
  costs about 50 ms and 16 MiB each: the key's own rate limit would be bounded by CPU, and a
  flood of wrong keys would be a cheap denial of service;
- no pepper (HMAC with a server secret) either: it would add nothing to 256 random bits, and
  would make every key stop working when that secret is rotated.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from incident_core.core.org_ids import new_org_scoped_id, org_of_scoped_id

KEY_ID_KIND = "ik"
ALGORITHM = "sha256"
SECRET_LENGTH = 43  # secrets.token_urlsafe(32)
WIRE_KEY = re.compile(rf"^(?P<key_id>.+\.{KEY_ID_KIND}_[0-9a-f]{{24}})\.(?P<secret>[A-Za-z0-9_-]{{{SECRET_LENGTH}}})$")
MAX_KEY_LENGTH = 160  # an org id (64), the id's own part, the secret: anything longer is not ours


@dataclass(frozen=True, slots=True)
class PresentedKey:
    """A key as a request presents it, split: whose it would be, and the secret to check."""

    org_id: str
    key_id: str
    secret: str


def new_key_id(org_id: str) -> str:
    return new_org_scoped_id(org_id, KEY_ID_KIND)


def new_key(key_id: str) -> tuple[str, dict[str, str]]:
    """A new key for `key_id` (to show once) and its stored form."""
    secret = secrets.token_urlsafe(32)
    return f"{key_id}.{secret}", hash_of(secret)


def hash_of(secret: str) -> dict[str, str]:
    return {"algorithm": ALGORITHM, "hash": hashlib.sha256(secret.encode()).hexdigest()}


def presented_key(text: str) -> PresentedKey | None:
    """The parts of a key as sent, or None when it is no key this API makes."""
    text = text.strip()
    found = WIRE_KEY.match(text) if len(text) <= MAX_KEY_LENGTH else None
    org_id = org_of_scoped_id(found.group("key_id"), KEY_ID_KIND) if found else None
    if found is None or org_id is None:
        return None
    return PresentedKey(org_id=org_id, key_id=found.group("key_id"), secret=found.group("secret"))


def key_matches(secret: str, stored: dict[str, str] | None) -> bool:
    if not stored or stored.get("algorithm") != ALGORITHM:
        return False
    return hmac.compare_digest(hash_of(secret)["hash"], str(stored.get("hash", "")))
