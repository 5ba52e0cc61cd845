"""`verify_webhook` against deliveries signed by the API's own signing code (webhooks/transport/signing.py)."""

from __future__ import annotations

import json
import time

import pytest
from incident_api import WebhookVerificationError, verify_webhook

from incident_core.webhooks.transport.signing import generate_secret, signature_headers

BODY = json.dumps(
    {
        "id": "evt-1",
        "event": "incident.created",
        "event_type": "INCIDENT_CREATED",
        "timestamp": "2026-11-30T10:00:00.000Z",
        "org_id": "acme",
        "sequence": 1,
        "data": {"id": "inc-1", "incident_id": "inc-1", "title": "Disk full"},
    }
).encode()


def signed(*secrets: str, body: bytes = BODY, at: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if at is None else at
    return signature_headers(list(secrets), message_id="msg_1", timestamp=timestamp, body=body)


def test_a_delivery_verifies_and_reads_as_its_event() -> None:
    secret = generate_secret()
    event = verify_webhook(secret, signed(secret), BODY)
    assert event.event == "incident.created" and event.data["incident_id"] == "inc-1" and event.sequence == 1


def test_header_names_in_any_case_and_a_text_body() -> None:
    secret = generate_secret()
    headers = {name.upper(): value for name, value in signed(secret).items()}
    assert verify_webhook(secret, headers, BODY.decode()).id == "evt-1"


def test_during_a_rotation_either_secret_verifies() -> None:
    new, old = generate_secret(), generate_secret()
    headers = signed(new, old)
    assert verify_webhook(new, headers, BODY).id == verify_webhook(old, headers, BODY).id == "evt-1"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("altered body", "no webhook-signature matches"),
        ("other secret", "no webhook-signature matches"),
        ("too old", "more than 300 s"),
        ("no id", "required"),
    ],
)
def test_forged_altered_or_old_deliveries_are_refused(case: str, reason: str) -> None:
    secret = generate_secret()
    headers, body = signed(secret), BODY
    if case == "altered body":
        body = BODY.replace(b"Disk full", b"All clear")
    elif case == "other secret":
        headers = signed(generate_secret())
    elif case == "too old":
        headers = signed(secret, at=int(time.time()) - 301)
    else:
        del headers["webhook-id"]
    with pytest.raises(WebhookVerificationError, match=reason):
        verify_webhook(secret, headers, body)


def test_seed_004s_x_signature_256_alone_verifies_and_is_checked() -> None:
    secret = generate_secret()
    only_body_signature = {"X-Signature-256": signed(secret)["X-Signature-256"]}
    assert verify_webhook(secret, only_body_signature, BODY).event_type == "INCIDENT_CREATED"
    with pytest.raises(WebhookVerificationError, match="X-Signature-256"):
        verify_webhook(secret, only_body_signature, BODY + b" ")
    with pytest.raises(WebhookVerificationError, match="not signed"):
        verify_webhook(secret, {}, BODY)


def test_the_standard_signature_is_not_bypassed_by_the_body_signature() -> None:
    secret = generate_secret()
    headers = signed(secret, at=int(time.time()) - 3600)  # a replayed capture: X-Signature-256 still matches
    with pytest.raises(WebhookVerificationError, match="more than 300 s"):
        verify_webhook(secret, headers, BODY)
    assert verify_webhook(secret, headers, BODY, scheme="x-signature-256").id == "evt-1"  # only when asked for


def test_a_signed_body_that_is_not_an_event_is_refused() -> None:
    secret = generate_secret()
    with pytest.raises(WebhookVerificationError, match="not a webhook event"):
        verify_webhook(secret, signed(secret, body=b"[]"), b"[]")
