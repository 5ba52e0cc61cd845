"""Phishing: mails from the gateway, mails as users report them, and a benign newsletter."""

from __future__ import annotations

import random
from typing import Any

from scripts.bench.corpus.common import (
    defang,
    grow_list,
    grow_text,
    make_incident,
    public_ip,
    random_hex,
    user_name,
)

_LOOKALIKES = (
    "paypa1-secure.com",
    "login-micros0ft.com",
    "micros0ft-security.com",
    "0ffice365-verify.net",
    "docusign-envelope-review.com",
    "app1eid-support.com",
    "dropbox-sharefile.net",
    "amaz0n-billing.com",
    "examp1e-payroll.com",
)
_FREEMAIL = ("gmail.com", "outlook.com", "protonmail.com", "yandex.com", "evil-payments.example")
_SHORTENERS = ("bit.ly", "tinyurl.com", "t.co", "is.gd")
_PHISH_SUBJECTS = (
    "Action required: your account has been suspended",
    "Invoice {n} overdue - verify payment details",
    "Unusual sign-in activity on your account",
    "Your password expires today",
    "Shared document: Q4 bonus review",
    "DocuSign: please review and sign {n}",
)


def phishing_gateway(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    domain = rng.choice(_LOOKALIKES)
    sender = f"{rng.choice(('billing', 'no-reply', 'security', 'payroll', 'support'))}@{domain}"
    reply_to = f"{rng.choice(('pay-desk', 'verify.team', 'helpdesk', 'accounts'))}@{rng.choice(_FREEMAIL)}"
    ip = public_ip(rng)
    urls = rng.sample(
        [
            f"https://{domain}/auth/login?session={random_hex(rng, 8)}",
            f"http://{ip}/{rng.choice(('o365', 'paypal', 'wp-admin'))}/login.php",
            f"https://{rng.choice(_SHORTENERS)}/{random_hex(rng, 7)}",
        ],
        k=rng.randint(1, 3),
    )
    delivered = rng.randint(1, 40)
    subject = rng.choice(_PHISH_SUBJECTS).format(n=rng.randint(10000, 99999))
    recipients = [f"{user_name(rng)}@example.org" for _ in range(min(delivered, 12))]
    raw: dict[str, Any] = {
        "message_id": f"<{random_hex(rng, 12)}@mail.{domain}>",
        "sender": f"{rng.choice(('PayPal Service', 'Microsoft 365', 'IT Helpdesk', 'Payroll'))} <{sender}>",
        "reply_to": reply_to,
        "recipients": recipients,
        "subject": subject,
        "headers": {
            "spf": rng.choice(("fail", "softfail", "pass")),
            "dkim": rng.choice(("none", "fail", "pass")),
            "dmarc": rng.choice(("fail", "none")),
        },
        "sender_ip": ip,
        "domain_age_days": rng.randint(1, 400),
        "urls": [defang(url) for url in urls],
        "classification": rng.choice(("phish", "credential_phishing", "malicious", "suspicious")),
    }
    if rng.random() < 0.5:
        extension = rng.choice(("docm", "xlsm", "pdf", "html", "iso", "zip"))
        raw["attachments"] = [
            {"filename": f"Invoice_{rng.randint(10000, 99999)}.{extension}", "size": rng.randint(20_000, 900_000)}
        ]
    if large:
        grow_text(
            raw,
            "html_body",
            lambda n: (
                f"<p>Dear customer, we noticed unusual activity (ref {random_hex(rng, 6)}). Verify your password "
                f'within 24 hours at <a href="{urls[n % len(urls)]}">{defang(urls[n % len(urls)])}</a> or your account '
                f"will be suspended. Contact {sender} for help.</p>"
            ),
            large,
        )
    return make_incident(
        index,
        title=rng.choice(
            (
                f"Email gateway: credential phish delivered to {delivered} users",
                f"URL defense: malicious link clicked by {recipients[0]}",
                f"Phishing: '{subject}'",
            )
        ),
        description=(
            f"A message from {sender} (Reply-To: {reply_to}) was retro-actively classified as phish after "
            f"delivery to {delivered} mailboxes. It links to {defang(urls[0])} and asks to sign in to keep the "
            "account active."
        ),
        severity=rng.choice(("medium", "high")),
        incident_type=rng.choice(("phishing", "suspicious_email")),
        source=rng.choice(("proofpoint", "mimecast", "defender for office")),
        tags=["email", "phishing"],
        raw_data=raw,
    )


def phishing_reported(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    domain = rng.choice(_LOOKALIKES)
    sender = f"{rng.choice(('billing', 'no-reply', 'it-support'))}@{domain}"
    reply_to = f"{rng.choice(('pay-desk', 'recovery'))}@{rng.choice(_FREEMAIL)}"
    url = f"https://{domain}/{rng.choice(('auth', 'verify', 'sso'))}?u={rng.randint(1, 999)}"
    reporter = user_name(rng)
    description = (
        f"From: {sender}\nReply-To: {reply_to}\nSubject: {rng.choice(_PHISH_SUBJECTS).format(n=rng.randint(100, 999))}"
        f"\n\n{reporter} reported this mail. It asks to verify the password within 24 hours at {defang(url)} "
        f"or the account is suspended. Sender IP {public_ip(rng).replace('.', '[.]')}."
    )
    raw: dict[str, Any] = {"reporter": f"{reporter}@example.org", "report_channel": "phishalarm"}
    if large:
        grow_list(
            raw,
            "received",
            lambda n: (
                f"from mail-{random_hex(rng, 6)}.outbound.{domain} ([{public_ip(rng)}]) by mx{n % 4}.example.org "
                f"with ESMTPS id {random_hex(rng, 16)}; Mon, 23 Nov 2026 09:{n % 60:02d}:01 +0000"
            ),
            large,
        )
    return make_incident(
        index,
        title=f"User reported a suspicious email from {domain.replace('.', '[.]')}",
        description=description,
        severity="medium",
        incident_type="phishing",
        source="phishalarm",
        tags=["reported"],
        raw_data=raw if large or rng.random() < 0.5 else None,  # half of the small reports: the text only
    )


def phishing_benign(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    vendor = rng.choice(("hr-newsletter.example.org", "news.example.org", "mailer.example.org"))
    raw: dict[str, Any] = {
        "sender": f"updates@{vendor}",
        "reply_to": f"updates@{vendor}",
        "subject": rng.choice(("November newsletter", "Benefits enrolment reminder", "Office closure on Friday")),
        "headers": {"spf": "pass", "dkim": "pass", "dmarc": "pass"},
        "urls": [f"https://intranet.example.org/news/{rng.randint(100, 999)}"],
        "classification": "bulk",
        "domain_age_days": rng.randint(800, 4000),
    }
    if large:
        grow_text(raw, "text_body", lambda n: f"Item {n}: the canteen menu and office news for week {n % 52}.", large)
    return make_incident(
        index,
        title="Reported email: internal newsletter",
        description="A user reported the monthly newsletter as suspicious; the gateway marks it bulk, SPF/DKIM pass.",
        severity="low",
        incident_type="suspicious_email",
        source="phishalarm",
        tags=["reported"],
        raw_data=raw,
    )
