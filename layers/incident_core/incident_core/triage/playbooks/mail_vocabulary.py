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
    "detection_methods",
    "detection_method",
    "email_threats",
    "threats",
    "verdict_reason",
    "url_category",
    "result",
)
HELD_FIELDS = (
    "delivery_action",
    "delivery_location",
    "latest_delivery_action",
    "latest_delivery_location",
    "final_action",
    "message_action",
    "disposition",
    "action",
    "action_triggered",
    "org_level_action",
)
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
    "defender for office 365",
    "office 365 atp",
    "o365",
    "cisco secure email",
    "ironport",
    "trend micro email",
    "sublime",
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
    "email attachment",
    "mail attachment",
    "with an attachment",
    "forwarded the mail",
    "forwarded the email",
    "reported phish",
    "report phishing",
    "report message",
    "zero-hour auto purge",
    "clicked on",
    "i clicked",
    "put in my password",
    "gave my password",
    "entered my credentials",
    "mailbox is full",
    "mailbox full",
    "password expires",
    "verify my account",
    "suspicious link",
    "fake login",
    "login page",
    "sign-in page",
    "got a mail",
    "got an email",
    "got an e-mail",
    "received an email",
    "received a mail",
    "strange email",
    "weird email",
    "odd email",
    "dodgy email",
    "fake email",
    "scam email",
    "this email",
    "this mail",
)
"""Words of reported or detected mail, lures and their victims."""

GATEWAY_MALICIOUS_VERDICTS = (
    "phish",
    "phishing",
    "credential_phishing",
    "credential",
    "malicious",
    "malware",
    "impostor",
    "impersonation",
    "spoof",
    "bec",
    "invoice",
    "extortion",
    "highconfphish",
    "high_confidence_phish",
    "highconfidencephish",
    "phishing_url",
    "phish_url",
    "malicious_url",
    "malicious_attachment",
    "malicious_payload",
    "credential_harvesting",
    "business_email_compromise",
    "brand_impersonation",
    "user_impersonation",
    "domain_impersonation",
    "fraud",
    "scam",
)
"""A mail gateway's verdict that the message is malicious (Proofpoint, Mimecast, Defender for Office 365
`ThreatTypes`, Abnormal, Cisco, Barracuda)."""

GATEWAY_HARMLESS_VERDICTS = (
    "spam",
    "bulk",
    "graymail",
    "clean",
    "benign",
    "legitimate",
    "marketing",
    "newsletter",
    "none",
)
"""A gateway's verdict of unwanted but harmless or clean mail."""

GATEWAY_HELD_ACTIONS = (
    "quarantine",
    "quarantined",
    "blocked",
    "held",
    "hold",
    "rejected",
    "reject",
    "junk",
    "junked",
    "replaced",
    "bounced",
    "dropped",
    "zapped",
    "purged",
    "moved_to_quarantine",
    "movedtoquarantine",
    "quarantine_folder",
    "junk_folder",
    "junkfolder",
    "deleted_items",
)
"""What a gateway did with a message it did not deliver to the inbox (Defender for Office 365
`DeliveryAction` / `LatestDeliveryLocation`, Mimecast `action`, Proofpoint `disposition`)."""

POST_DELIVERY_REMOVAL = (
    r"\b(?:removed|purged|zapped|pulled|quarantined|moved)\b[^.\n]{0,20}?\bafter delivery\b",
    r"\bzero-hour auto purge\b",
    r"\bzap\b[^.\n]{0,20}?\b(?:removed|moved|purged|quarantined)\b",
    r"\breclassified as (?:malware|malicious|phish\w*|spam)\b",
    r"\bpost-delivery (?:detection|removal|reclassification)\b",
)
"""The platform reclassified a delivered message and removed it (Defender for Office 365 ZAP, Gmail
reclassification): the threat is confirmed and may already have been opened."""

IMPERSONATION_FLAGS = (
    "similar_internal_domain",
    "similarinternaldomain",
    "similar_monitored_external_domain",
    "newly_observed_domain",
    "newlyobserveddomain",
    "internal_user_name",
    "internalusername",
    "reply_address_mismatch",
    "replyaddressmismatch",
    "targeted_threat_dictionary",
    "custom_name_list",
    "impersonation_user",
    "impersonation_domain",
    "impersonation_brand",
    "user_impersonation",
    "domain_impersonation",
    "brand_impersonation",
    "mailbox_intelligence_impersonation",
    "spoof_intra_org",
    "spoof_external_domain",
    "spoof_dmarc",
)
"""Impersonation checks of mail gateways (Mimecast Impersonation Protect identifiers, Defender for
Office 365 detection technologies)."""

IMPERSONATION_PATTERNS = (
    r"\b(?:claim(?:s|ed|ing)?|pretend(?:s|ed|ing)?) to be\b",
    r"\bposing as\b",
    r"\bimpersonat\w*",
    r"\b(?:ceo|cfo|executive|director|boss|manager)(?:'s)? name\b",
    r"\bdisplay name of\b",
    r"\bfrom ['\"\u2018\u201c]?(?:our|the) (?:ceo|cfo|director|boss|president|managing director)\b",
    r"\bfrom ['\"\u2018\u201c](?:ceo|cfo|coo|president|managing director|the boss|it support|it helpdesk)"
    r"['\"\u2019\u201d]",
    r"\b(?:pretending|purporting|appearing) to (?:be|come) from\b",
)
"""Prose that says a sender poses as someone (an executive, a team, a supplier)."""

UNFAMILIAR_SENDER_WORDS = (
    "someone i don't know",
    "someone i do not know",
    "don't know the sender",
    "unknown sender",
    "never writes",
    "not the usual",
    "unusual request",
    "out of character",
    "seems off",
    "looks off",
    "does not know",
    "doesn't know",
    "did not expect",
    "wasn't expecting",
    "not expecting",
    "unexpected invoice",
    "unexpected email",
    "unexpected attachment",
    "never heard of",
)
"""A recipient who does not know the sender."""

PHISHING_SIMULATION_WORDS = (
    "phishing simulation",
    "simulated phishing",
    "phishing test",
    "security awareness training",
    "knowbe4",
    "gophish campaign",
)
"""The security team's own phishing simulation (a test, not an attack)."""

MESSAGE_FIELDS = (
    "sender",
    "mail_from",
    "reply_to",
    "message_id",
    "return_path",
    "subject",
    "attachments",
    "urls",
    "sender_from_address",
    "network_message_id",
    "internet_message_id",
)
"""Fields of a mail message (a gateway's or Defender for Office 365's): an incident holding them is about a mail."""

ASKS_FOR_SECRET = (
    r"\b(?:reply|send|give|share|provide|read out|type)\b[^.\n]{0,40}?\b(?:mfa|one-time|verification|"
    r"security|\d-digit|sms|otp)\s*(?:code|passcode|pin)",
    r"\bask(?:s|ed|ing)?\b[^.\n]{0,20}?\b(?:for|to enter|to type)\b[^.\n]{0,20}?\b(?:password|"
    r"passcode|credentials|mfa code|otp)\b",
)
"""A message that asks for a code, PIN or password to be sent back."""
