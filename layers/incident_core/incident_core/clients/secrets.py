"""Client secrets: made at random, shown once, stored only as a slow hash (scrypt).

scrypt (RFC 7914) from the standard library, n=2**14, r=8, p=1 (16 MiB and about 50 ms a try),
a 16-byte random salt per secret; the parameters are stored with the hash, so they can be
raised later without breaking the secrets hashed before. A check compares in constant time,
and a client id that names no client is checked against a dummy hash (`burn_a_check`) so that
the time of an answer does not tell whether the client exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

ALGORITHM = "scrypt"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
SECRET_PREFIX = "cs_"  # recognisable in a leak scan; 43 random characters (256 bits) follow
MAX_SECRET_LENGTH = 256  # anything longer is not one of ours: refused before any hashing


def new_client_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _scrypt(secret: str, *, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=64 * 1024 * 1024)


def hash_secret(secret: str) -> dict[str, Any]:
    """The stored form of a secret: the scrypt hash with its salt and parameters."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(secret, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, length=HASH_BYTES)
    return {
        "algorithm": ALGORITHM,
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": _b64(salt),
        "hash": _b64(digest),
    }


def secret_matches(secret: str, stored: Mapping[str, Any]) -> bool:
    """Whether `secret` is the one `stored` (a `hash_secret`) was made from; constant-time compare.

    A secret longer than ours can ever be is hashed all the same (cut to `MAX_SECRET_LENGTH`), so
    that its answer takes as long as any other, then refused."""
    if stored.get("algorithm") != ALGORITHM:
        return False
    expected = base64.b64decode(str(stored["hash"]))
    digest = _scrypt(
        secret[:MAX_SECRET_LENGTH],
        salt=base64.b64decode(str(stored["salt"])),
        n=int(stored["n"]),
        r=int(stored["r"]),
        p=int(stored["p"]),
        length=len(expected),
    )
    return hmac.compare_digest(digest, expected) and len(secret) <= MAX_SECRET_LENGTH


# What an unknown client's secret is checked against: today's parameters, a hash no secret is
# known to give (written out, so that no request pays for making it).
DUMMY_HASH: dict[str, Any] = {
    "algorithm": ALGORITHM,
    "n": SCRYPT_N,
    "r": SCRYPT_R,
    "p": SCRYPT_P,
    "salt": "bm8tY2xpZW50LWhlcmUhIQ==",
    "hash": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
}


def burn_a_check(secret: str) -> bool:
    """The work of one check, against a hash no secret matches: for a client that does not exist."""
    secret_matches(secret, DUMMY_HASH)
    return False
