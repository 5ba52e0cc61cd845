"""Terms of the phishing playbook: the fields mail gateways write their verdicts in, and the
words of lures (credentials, urgency, payment)."""

from __future__ import annotations

GATEWAY_VERDICT_FIELDS = (
    "verdict",
    "threat_verdict",
    "gateway_verdict",
    "classification",
    "threat_type",
    "threat_classification",
    "final_verdict",
    "detection_verdict",
    "threat_types",
    "threat_category",
    "phish_verdict",
    "attack_type",
    "scan_result",
    "attack_types",
    "type",
)
HELD_FIELDS = ("delivery_action", "latest_delivery_location", "final_action", "message_action", "disposition", "action")
GATEWAY_SOURCES = (
    "email gateway",
    "email_gateway",
    "mail gateway",
    "secure email gateway",
    "proofpoint",
    "mimecast",
    "defender for office",
    "abnormal",
    "ironport",
    "barracuda",
    "defender_o365",
    "mdo",
    "exchange online protection",
)
ATTACHMENT_FIELDS = ("attachments", "attachment", "attachment_name", "attachment_names", "file_name", "filename")
CLICK_FIELDS = ("clicks_permitted", "clicked_by", "submitted_by", "clicks")

CREDENTIAL_WORDS = (
    "password",
    "passcode",
    "credentials",
    "verify your account",
    "verify your identity",
    "confirm your identity",
    "confirm your account",
    "validate your account",
    "sign in to",
    "log in to",
    "login to",
    "update your payment",
    "billing information",
    "direct deposit",
    "mfa code",
    "one-time code",
    "security code",
    "unusual sign-in activity",
)

URGENCY_WORDS = (
    "urgent",
    "immediately",
    "within 24 hours",
    "within 48 hours",
    "action required",
    "final notice",
    "last warning",
    "expires today",
    "urgently",
    "asap",
    "account will be closed",
    "account will be suspended",
    "account has been suspended",
    "account suspended",
    "failure to comply",
)

PAYMENT_WORDS = (
    "wire transfer",
    "wire instructions",
    "gift card",
    "gift cards",
    "change of bank details",
    "new bank details",
    "bank account has changed",
    "bank details have changed",
    "new iban",
    "bitcoin",
)

PHISHING_KEYWORDS = (
    "phishing",
    "phish",
    "suspicious email",
    "reported email",
    "reported message",
    "spoofed",
    "spoofing",
    "reply-to",
    "credential harvesting",
    "email gateway",
    "impersonation",
    "lookalike domain",
    "malicious link",
    "malicious attachment",
    "spam",
    "newsletter",
    "phished",
    "clicked a link",
    "clicked the link",
    "typed my password",
    "entered my password",
    "gift card",
    "gift cards",
    "wire transfer",
    "bank details",
    "banking details",
)
"""Words of reported or detected mail, lures and their victims."""
