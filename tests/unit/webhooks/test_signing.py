"""Webhook signatures, checked against the official `standardwebhooks` verifier and plain hmac."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from incident_core.webhooks.transport.signing import (
    SECRET_PREFIX,
    body_signature,
    generate_secret,
    secret_key,
    signature_headers,
    standard_signature,
    verify_standard,
)

BODY = json.dumps(
    {"id": "evt_1", "event": "incident.created", "timestamp": "2026-11-23T10:00:00.000Z", "org_id": "acme", "data": {}},
    separators=(",", ":"),
).encode()
MESSAGE_ID = "dlv_2f1c0a9e"
# The example secret of the Standard Webhooks specification and its test vector.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_BODY = b'{"test": 2432232314}'
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
X_SIGNATURE_OF_SPEC_BODY = "sha256=80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c"


def test_generated_secrets_are_32_random_bytes_in_base64() -> None:
    secret = generate_secret()
    assert secret.startswith(SECRET_PREFIX)
    assert len(base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)) == 32
    assert secret_key(secret) == base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    assert generate_secret() != secret


def test_signature_matches_the_specification_example() -> None:
    signature = standard_signature(SPEC_SECRET, message_id=SPEC_ID, timestamp=SPEC_TIMESTAMP, body=SPEC_BODY)
    assert signature == SPEC_SIGNATURE


def test_signature_is_the_documented_hmac() -> None:
    secret = generate_secret()
    signature = standard_signature(secret, message_id=MESSAGE_ID, timestamp=1_700_000_000, body=BODY)
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{MESSAGE_ID}.1700000000.".encode() + BODY, hashlib.sha256).digest()
    assert signature == "v1," + base64.b64encode(digest).decode()


def test_headers_verify_with_the_standardwebhooks_package() -> None:
    secret = generate_secret()
    timestamp = int(time.time())
    headers = signature_headers([secret], message_id=MESSAGE_ID, timestamp=timestamp, body=BODY)

    assert headers["webhook-id"] == MESSAGE_ID
    assert headers["webhook-timestamp"] == str(timestamp)
    assert Webhook(secret).verify(BODY, headers) == json.loads(BODY)
    assert verify_standard(secret, headers, BODY)


def test_the_package_refuses_another_secret_and_a_tampered_body() -> None:
    secret = generate_secret()
    headers = signature_headers([secret], message_id=MESSAGE_ID, timestamp=int(time.time()), body=BODY)

    with pytest.raises(WebhookVerificationError):
        Webhook(generate_secret()).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY.replace(b"acme", b"acmf"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, {**headers, "webhook-id": "dlv_other"})


def test_rotation_sends_one_signature_per_secret_and_each_verifies() -> None:
    new_secret, old_secret = generate_secret(), generate_secret()
    timestamp = int(time.time())
    headers = signature_headers([new_secret, old_secret], message_id=MESSAGE_ID, timestamp=timestamp, body=BODY)

    signatures = headers["webhook-signature"].split(" ")
    assert signatures == [
        standard_signature(new_secret, message_id=MESSAGE_ID, timestamp=timestamp, body=BODY),
        standard_signature(old_secret, message_id=MESSAGE_ID, timestamp=timestamp, body=BODY),
    ]
    for secret in (new_secret, old_secret):
        Webhook(secret).verify(BODY, headers)
        assert verify_standard(secret, headers, BODY)
    assert not verify_standard(generate_secret(), headers, BODY)


def test_x_signature_256_is_the_hex_hmac_of_the_body_keyed_with_the_current_secret_as_shown() -> None:
    new_secret, old_secret = generate_secret(), generate_secret()
    headers = signature_headers([new_secret, old_secret], message_id=MESSAGE_ID, timestamp=1_700_000_000, body=BODY)

    # The key is the secret's text, `whsec_` and all (not the decoded bytes the standard signature uses).
    expected = "sha256=" + hmac.new(new_secret.encode(), BODY, hashlib.sha256).hexdigest()
    assert headers["X-Signature-256"] == expected == body_signature(new_secret, body=BODY)
    decoded_key = base64.b64decode(new_secret.removeprefix("whsec_"))
    assert headers["X-Signature-256"] != "sha256=" + hmac.new(decoded_key, BODY, hashlib.sha256).hexdigest()


def test_x_signature_256_of_a_known_secret_and_body() -> None:
    # Computed independently: printf %s "$SPEC_BODY" | openssl dgst -sha256 -hmac "$SPEC_SECRET"
    assert body_signature(SPEC_SECRET, body=SPEC_BODY) == X_SIGNATURE_OF_SPEC_BODY


# Seed 004's Example 3, as printed (the subscriber's check); `WEBHOOK_SECRET` is set by the test.
WEBHOOK_SECRET = ""


def verify_signature(payload, signature):  # type: ignore[no-untyped-def]
    expected = hmac.new(
        WEBHOOK_SECRET.encode(),
        payload,
        hashlib.sha256
    ).hexdigest()  # fmt: skip
    return hmac.compare_digest(f'sha256={expected}', signature)  # fmt: skip


def test_seed_004_verify_signature_accepts_our_header_and_refuses_a_forgery(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = generate_secret()
    headers = signature_headers([secret], message_id=MESSAGE_ID, timestamp=1_700_000_000, body=BODY)
    monkeypatch.setattr(sys.modules[__name__], "WEBHOOK_SECRET", secret)
    assert verify_signature(BODY, headers["X-Signature-256"]) is True  # type: ignore[no-untyped-call]
    assert verify_signature(BODY + b" ", headers["X-Signature-256"]) is False  # type: ignore[no-untyped-call]
    monkeypatch.setattr(sys.modules[__name__], "WEBHOOK_SECRET", generate_secret())
    assert verify_signature(BODY, headers["X-Signature-256"]) is False  # type: ignore[no-untyped-call]


def test_verify_refuses_tampering_staleness_and_missing_headers() -> None:
    secret = generate_secret()
    now = 1_700_000_000
    headers = signature_headers([secret], message_id=MESSAGE_ID, timestamp=now, body=BODY)

    assert verify_standard(secret, headers, BODY, now=now + 299)
    assert verify_standard(secret, {name.upper(): value for name, value in headers.items()}, BODY, now=now)
    assert not verify_standard(secret, headers, BODY + b" ", now=now)
    assert not verify_standard(secret, {**headers, "webhook-timestamp": str(now + 1)}, BODY, now=now)
    assert not verify_standard(secret, headers, BODY, now=now + 301)
    assert not verify_standard(secret, headers, BODY, now=now - 301)
    assert verify_standard(secret, headers, BODY, now=now + 3000, tolerance_seconds=3600)
    for missing in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        partial = {name: value for name, value in headers.items() if name != missing}
        assert not verify_standard(secret, partial, BODY, now=now)
    assert not verify_standard(secret, {**headers, "webhook-timestamp": "soon"}, BODY, now=now)


def test_verify_skips_unknown_versions_and_garbage_signatures() -> None:
    secret = generate_secret()
    now = 1_700_000_000
    good = standard_signature(secret, message_id=MESSAGE_ID, timestamp=now, body=BODY)
    headers = {"webhook-id": MESSAGE_ID, "webhook-timestamp": str(now)}

    assert verify_standard(secret, {**headers, "webhook-signature": f"v2,abc v1,!!!notbase64 {good}"}, BODY, now=now)
    assert not verify_standard(secret, {**headers, "webhook-signature": "v1a," + good[3:]}, BODY, now=now)


@pytest.mark.parametrize("secret", ["whsec_", "whsec_not base64!", ""])
def test_invalid_secrets_are_refused(secret: str) -> None:
    with pytest.raises(ValueError, match="webhook secret"):
        standard_signature(secret, message_id=MESSAGE_ID, timestamp=1, body=BODY)


def test_signing_needs_a_secret() -> None:
    with pytest.raises(ValueError, match="at least one"):
        signature_headers([], message_id=MESSAGE_ID, timestamp=1, body=BODY)


def test_unpadded_secrets_work_like_the_package() -> None:
    secret = SECRET_PREFIX + base64.b64encode(b"k" * 32).decode().rstrip("=")
    headers = signature_headers([secret], message_id=MESSAGE_ID, timestamp=int(time.time()), body=BODY)
    Webhook(secret).verify(BODY, headers)
