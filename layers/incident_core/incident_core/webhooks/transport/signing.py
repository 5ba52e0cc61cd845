"""Webhook signatures: Standard Webhooks (`webhook-*` headers) plus `X-Signature-256`.

A secret is `whsec_` + base64 of 32 random bytes. The two signatures use it differently:

- `webhook-signature` (Standard Webhooks): the HMAC key is the base64-decoded part after
  `whsec_`; it covers `"{id}.{timestamp}.{body}"`, so a captured delivery can not be
  replayed with another id or time; during a secret rotation each secret signs and the
  header carries one `v1,<base64>` per secret, space separated.
- `X-Signature-256` (GitHub style): `sha256=` + the hex HMAC of the body alone, keyed with
  the current secret exactly as the subscriber was shown it (the UTF-8 bytes of the whole
  `whsec_...` string), so `hmac.new(secret.encode(), body, sha256)` checks it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as random_source
import time
from collections.abc import Mapping, Sequence

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
SIGNATURE_VERSION = "v1"
DEFAULT_TOLERANCE_SECONDS = 300

HEADER_ID = "webhook-id"
HEADER_TIMESTAMP = "webhook-timestamp"
HEADER_SIGNATURE = "webhook-signature"
HEADER_BODY_SIGNATURE = "X-Signature-256"


def generate_secret() -> str:
    """A new signing secret: `whsec_` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(random_source.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The HMAC key of a secret: the base64-decoded part after `whsec_` (padding optional)."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("webhook secret is not valid base64") from error
    if not key:
        raise ValueError("webhook secret is empty")
    return key


def standard_signature(secret: str, *, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,` + base64 of HMAC-SHA256 over `"{message_id}.{timestamp}.".encode() + body`."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"


def body_signature(secret: str, *, body: bytes) -> str:
    """The `X-Signature-256` value: `sha256=` + hex HMAC-SHA256 of the body, keyed with the secret's text."""
    if not secret:
        raise ValueError("webhook secret is empty")
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_headers(secrets: Sequence[str], *, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """All signature headers of a delivery; `secrets[0]` is the current secret, any others are rotating out."""
    if not secrets:
        raise ValueError("at least one webhook secret is needed to sign")
    signatures = [
        standard_signature(secret, message_id=message_id, timestamp=timestamp, body=body) for secret in secrets
    ]
    return {
        HEADER_ID: message_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: " ".join(signatures),
        HEADER_BODY_SIGNATURE: body_signature(secrets[0], body=body),
    }


def verify_standard(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether any `v1` signature of the headers matches the secret, within the timestamp tolerance."""
    by_name = {name.lower(): value for name, value in headers.items()}
    message_id = by_name.get(HEADER_ID)
    timestamp_text = by_name.get(HEADER_TIMESTAMP, "")
    signature_header = by_name.get(HEADER_SIGNATURE)
    if not message_id or not signature_header or not (timestamp_text.isascii() and timestamp_text.isdigit()):
        return False
    timestamp = int(timestamp_text)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        return False
    expected = standard_signature(secret, message_id=message_id, timestamp=timestamp, body=body)
    expected_digest = base64.b64decode(expected.partition(",")[2])
    for candidate in signature_header.split():
        version, _, encoded = candidate.partition(",")
        if version != SIGNATURE_VERSION:
            continue
        try:
            digest = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(digest, expected_digest):
            return True
    return False
