"""`verify_webhook(secret, headers, body)`: check a delivery's signature, then read its event.

Every delivery carries two signatures (README, "For subscribers"):

- `webhook-signature` (Standard Webhooks): `v1,<base64 HMAC-SHA256>` of
  `"<webhook-id>.<webhook-timestamp>.<body>"`, keyed with the base64-decoded part of the
  `whsec_...` secret; several space-separated during a secret rotation (any one may match).
  It covers the time, so a captured delivery can not be replayed later: preferred.
- `X-Signature-256` (seed 004): `sha256=<hex HMAC-SHA256 of the body>`, keyed with the UTF-8
  bytes of the whole `whsec_...` string. Checked only when the delivery has no
  `webhook-signature` (or with `scheme="x-signature-256"`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Literal

from incident_api.errors import WebhookVerificationError
from incident_api.models import WebhookEventBody

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE_SECONDS = 300
Scheme = Literal["auto", "standard", "x-signature-256"]


def verify_webhook(
    secret: str,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    scheme: Scheme = "auto",
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> WebhookEventBody:
    """The delivery's event, once its signature verifies; `WebhookVerificationError` otherwise.

    `body` is the raw body as received (not re-serialized JSON); `headers` any mapping (names in
    any case). `scheme="auto"` checks `webhook-signature` when present, else `X-Signature-256`.
    """
    raw = body.encode() if isinstance(body, str) else body
    by_name = {name.lower(): value for name, value in headers.items()}
    use_standard = scheme == "standard" or (scheme == "auto" and "webhook-signature" in by_name)
    if use_standard:
        _verify_standard(secret, by_name, raw, tolerance_seconds, time.time() if now is None else now)
    else:
        _verify_body_signature(secret, by_name, raw)
    try:
        return WebhookEventBody.model_validate_json(raw)
    except ValueError as error:
        raise WebhookVerificationError("the signed body is not a webhook event") from error


def _verify_standard(secret: str, headers: Mapping[str, str], body: bytes, tolerance: int, now: float) -> None:
    message_id, timestamp = headers.get("webhook-id"), headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature")
    if not message_id or not signatures or not (timestamp.isascii() and timestamp.isdigit()):
        raise WebhookVerificationError("webhook-id, webhook-timestamp and webhook-signature are required")
    if abs(now - int(timestamp)) > tolerance:
        raise WebhookVerificationError(f"webhook-timestamp is more than {tolerance} s from now")
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = hmac.new(_secret_key(secret), signed, hashlib.sha256).digest()
    for candidate in signatures.split():
        version, _, encoded = candidate.partition(",")
        if version != "v1":
            continue
        try:
            digest = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(digest, expected):
            return
    raise WebhookVerificationError("no webhook-signature matches the secret")


def _verify_body_signature(secret: str, headers: Mapping[str, str], body: bytes) -> None:
    signature = headers.get("x-signature-256")
    if not signature:
        raise WebhookVerificationError("the delivery is not signed (no webhook-signature, no X-Signature-256)")
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise WebhookVerificationError("X-Signature-256 does not match the secret")


def _secret_key(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError) as error:
        raise WebhookVerificationError("the secret is not a whsec_ secret (base64)") from error
    if not key:
        raise WebhookVerificationError("the secret is empty")
    return key
