"""The triage playbooks, as data: what each matches, its weighted indicators and its actions.

The rules engine (`triage_engine`) has one code path for all playbooks: it scores each
playbook's `Matches` against an incident to pick one, evaluates the playbook's
`Indicator`s (each a `kind` the engine knows, with its terms, fields and threshold),
combines the weights of those that fired into a confidence, and turns the playbook's
`ActionRule`s into recommended actions. A new playbook or indicator is a change here
only; bump `RULES_VERSION` with every change, since results carry it.

Field names are compared normalised (lower case, letters and digits only), so
`reply_to` also finds `Reply-To` and `replyTo`, at any depth of `raw_data`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

__all__ = [
    "ACTION_CATALOG",
    "INDICATOR_KINDS",
    "PLAYBOOKS",
    "RULES_VERSION",
    "ActionRule",
    "Indicator",
    "IndicatorKind",
    "Matches",
    "Playbook",
]

RULES_VERSION = "2026.11.1"

IndicatorKind = Literal[
    "keyword_any",
    "pattern_any",
    "raw_field_present",
    "raw_field_equals",
    "raw_field_numeric_gte",
    "raw_field_numeric_lt",
    "raw_fields_differ",
    "distinct_values_gte",
    "attachment_extension_in",
    "observable_type_present",
    "observable_matches",
    "lookalike_domain",
]
INDICATOR_KINDS: tuple[str, ...] = get_args(IndicatorKind)

ACTION_CATALOG = (
    "quarantine_email",
    "block_sender",
    "block_ip",
    "disable_user",
    "reset_credentials",
    "isolate_host",
    "restart_service",
    "escalate",
    "notify",
    "add_tags",
    "assign",
)

Scope = Literal["all", "text"]
TargetKind = Literal["ip", "email", "user", "host", "service"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One weighted sign. What each `kind` reads:

    - `keyword_any`: any of `terms` as whole words in any letter case, whatever
      separates them ("sign-in" finds "SIGN_IN"), in the incident's text; `pattern_any`:
      any of the regexes `terms` (case-insensitive). `scope` "text" is title,
      description and tags; "all" adds every `key: value` of `raw_data`.
    - `raw_field_present`: any of `fields` present and not empty.
    - `raw_field_equals`: a value of `fields` whose first word is one of `terms`.
    - `raw_field_numeric_gte` / `raw_field_numeric_lt`: a numeric value of `fields`
      (numbers, or strings like "5.2 GB", "97%", "1,204") >= / < `threshold`.
    - `raw_fields_differ`: the domain of an address in `fields` (e.g. the sender)
      is not the one in `other_fields` (e.g. Reply-To).
    - `distinct_values_gte`: a list in `fields` with >= `threshold` distinct items,
      or a number there (a count) >= `threshold`.
    - `attachment_extension_in`: a file name in `fields` ending in one of `terms`.
    - `observable_type_present`: an observable of one of `observable_types`.
    - `observable_matches`: an observable of `observable_types` whose value matches one
      of the regexes `terms`.
    - `lookalike_domain`: a host of an observable of `observable_types` that imitates a
      brand of `terms` (digits for letters, or the brand plus other words) and is not one
      of the brand's real domains in `allow`.

    The raw-field kinds that read values (`equals`, `numeric`, `differ`, `attachment`)
    fall back to `Field: value` lines in the title and description when `raw_data`
    lacks the fields. `weight` in (0, 1) raises confidence, in (-1, 0) lowers it (a
    mitigating sign). Of the indicators that share a `group`, only the heaviest that
    fired counts. `reason` may use `{value}` (what was found) and `{other}`.
    """

    id: str
    kind: IndicatorKind
    weight: float
    reason: str
    terms: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    other_fields: tuple[str, ...] = ()
    observable_types: tuple[str, ...] = ()
    threshold: float = 0.0
    allow: tuple[str, ...] = ()
    scope: Scope = "all"
    group: str = ""
    unit: Literal["", "bytes"] = ""


@dataclass(frozen=True, slots=True)
class Matches:
    """What makes a playbook the one for an incident (see `triage_engine.select_playbook`)."""

    incident_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    raw_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionRule:
    """A recommended action, given when confidence reaches `min_confidence`, the
    classification is one of `when` (any when empty) and one of the indicators in
    `requires` fired (any when empty).

    With a `target`, one action is given per target value found (at most `limit`), read
    from `fields` of raw_data, then observables of `observable_types`, then the
    incident's affected systems when `use_affected_systems`, and put in `parameters`
    under `param`; no target found, no action. `ip` targets are public addresses only.
    `optional` fills further parameters from raw_data fields when present. `reason` may
    use `{target}`.
    """

    action: str
    reason: str
    min_confidence: float = 0.0
    when: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    target: TargetKind | None = None
    param: str = ""
    fields: tuple[str, ...] = ()
    observable_types: tuple[str, ...] = ()
    use_affected_systems: bool = False
    limit: int = 5
    parameters: Mapping[str, Any] = field(default_factory=dict)
    optional: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Playbook:
    """A security playbook classifies malicious >= `malicious_at` > suspicious >=
    `suspicious_at` > benign, and unknown when no indicator fired; an operational one
    (`kind` "operational") is about impact and always classifies benign."""

    name: str
    category: str
    kind: Literal["security", "operational"]
    description: str
    matches: Matches
    indicators: tuple[Indicator, ...]
    actions: tuple[ActionRule, ...]
    malicious_at: float = 0.7
    suspicious_at: float = 0.4


# ---------------------------------------------------------------- shared terms

SENDER_FIELDS = (
    "sender",
    "from",
    "mail_from",
    "from_address",
    "sender_address",
    "sender_email",
    "envelope_from",
)
REPLY_TO_FIELDS = ("reply_to", "reply_to_address")
USER_FIELDS = (
    "user",
    "username",
    "user_name",
    "user_principal_name",
    "upn",
    "account",
    "account_name",
    "target_user",
    "compromised_user",
    "compromised_users",
)
HOST_FIELDS = ("host", "hostname", "host_name", "device_name", "computer_name", "device", "endpoint", "machine")
SERVICE_FIELDS = (
    "service",
    "service_name",
    "function_name",
    "application",
    "app",
    "component",
    "load_balancer",
    "db_instance_identifier",
)
SOURCE_IP_FIELDS = ("source_ip", "src_ip", "client_ip", "ip_address", "remote_ip", "source_ips", "src_ips")
DESTINATION_IP_FIELDS = ("destination_ip", "dest_ip", "dst_ip", "remote_ip", "destination_ips", "c2_ip")
IP_TYPES = ("ipv4", "ipv6")
HOST_OBSERVABLES = ("domain", "url", "email")

SHORTENERS = (
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?"
    r"(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|is\.gd|ow\.ly|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|rb\.gy|tiny\.cc)"
    r"(?::\d+)?(?:[/?#]|$)",
)
RAW_IP_URL = (r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d+)?(?:[/?#]|$)",)
BRANDS = (
    "paypal",
    "microsoft",
    "office365",
    "outlook",
    "onedrive",
    "sharepoint",
    "apple",
    "icloud",
    "amazon",
    "google",
    "gmail",
    "netflix",
    "docusign",
    "dropbox",
    "linkedin",
    "facebook",
    "instagram",
    "wellsfargo",
    "bankofamerica",
    "dhl",
    "fedex",
    "adobe",
    "coinbase",
    "okta",
)
BRAND_DOMAINS = (
    "paypal.com",
    "paypal.me",
    "microsoft.com",
    "microsoftonline.com",
    "office.com",
    "office365.com",
    "outlook.com",
    "live.com",
    "sharepoint.com",
    "onedrive.com",
    "apple.com",
    "icloud.com",
    "amazon.com",
    "amazonaws.com",
    "google.com",
    "gmail.com",
    "googleusercontent.com",
    "netflix.com",
    "docusign.com",
    "docusign.net",
    "dropbox.com",
    "linkedin.com",
    "facebook.com",
    "instagram.com",
    "wellsfargo.com",
    "bankofamerica.com",
    "dhl.com",
    "fedex.com",
    "adobe.com",
    "coinbase.com",
    "okta.com",
    # the brands' other real sending and content domains
    "amazonses.com",
    "amazon.co.uk",
    "paypal-communication.com",
    "paypalobjects.com",
    "microsoft365.com",
    "microsoftstore.com",
    "googlemail.com",
    "googleapis.com",
    "facebookmail.com",
    "dropboxmail.com",
    "dropboxusercontent.com",
    "icloud-content.com",
    "adobesign.com",
    "okta-emea.com",
    "oktacdn.com",
    "oktapreview.com",
    "netflix.net",
)
MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam")
EXECUTABLE_EXTENSIONS = (
    ".exe",
    ".scr",
    ".com",
    ".pif",
    ".cpl",
    ".dll",
    ".msi",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".hta",
    ".lnk",
    ".bat",
    ".cmd",
    ".ps1",
    ".jar",
    ".iso",
    ".img",
)
PERSONAL_STORAGE = (
    r"(?:^|[/.@])(?:drive\.google\.com|docs\.google\.com|dropbox\.com|dropboxusercontent\.com|mega\.nz|mega\.io|"
    r"wetransfer\.com|we\.tl|onedrive\.live\.com|1drv\.ms|box\.com|icloud\.com|pcloud\.com|mediafire\.com|"
    r"gofile\.io|file\.io|transfer\.sh|sendspace\.com|pastebin\.com|anonfiles\.com)(?::\d+)?(?:[/?#]|$)",
)

# CloudWatch metric names (as in raw_data `metric_name` of alarm incidents)
AVAILABILITY_METRICS = (
    "HTTPCode_Target_5XX_Count",
    "HTTPCode_ELB_5XX_Count",
    "HTTPCode_Backend_5XX",
    "5XXError",
    "5xxErrorRate",
    "UnHealthyHostCount",
    "HealthyHostCount",
    "StatusCheckFailed",
    "StatusCheckFailed_Instance",
    "StatusCheckFailed_System",
    "HealthCheckStatus",
    "Errors",
    "DatabaseConnections",
)
PERFORMANCE_METRICS = (
    "CPUUtilization",
    "MemoryUtilization",
    "TargetResponseTime",
    "Latency",
    "IntegrationLatency",
    "Duration",
    "Throttles",
    "ConcurrentExecutions",
    "ApproximateNumberOfMessagesVisible",
    "ApproximateAgeOfOldestMessage",
    "IteratorAge",
    "ReadLatency",
    "WriteLatency",
    "DiskQueueDepth",
    "FreeStorageSpace",
    "FreeableMemory",
    "SwapUsage",
    "CPUCreditBalance",
)

SECURITY_TEAM = {"team": "security-operations"}
ON_CALL = {"audience": "on_call"}
CRITICAL = {"severity": "critical"}
HIGH = {"severity": "high"}

# ---------------------------------------------------------------- the playbooks

PHISHING = Playbook(
    name="phishing",
    category="phishing",
    kind="security",
    description="Reported or detected emails: spoofed senders, lookalike domains, credential lures.",
    matches=Matches(
        incident_types=("phishing", "phish", "suspicious_email", "email", "spam", "bec", "business_email_compromise"),
        sources=("proofpoint", "mimecast", "email gateway", "defender for office", "abnormal", "phishalarm"),
        keywords=(
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
        ),
        raw_fields=("sender", "mail_from", "reply_to", "message_id", "return_path", "subject", "attachments", "urls"),
    ),
    indicators=(
        Indicator(
            id="sender_reply_to_mismatch",
            kind="raw_fields_differ",
            weight=0.45,
            reason="Reply-To domain ({other}) differs from the sender domain ({value})",
            fields=SENDER_FIELDS,
            other_fields=REPLY_TO_FIELDS,
            group="sender",
        ),
        Indicator(
            id="sender_mismatch_words",
            kind="pattern_any",
            weight=0.4,
            reason="Sender and Reply-To described as differing ('{value}')",
            terms=(
                r"\breply[- ]?to\b[^.\n]{0,60}?\b(?:differs?|different|mismatch(?:ed)?|goes to|points to|redirects)\b",
                r"\b(?:sender|from)(?: address| header)?\b[^.\n]{0,40}?\b(?:mismatch(?:ed)?|differs?|spoofed)\b",
                r"\b(?:spoofed sender|display[- ]name spoofing|sender spoofing)\b",
            ),
            scope="text",
            group="sender",
        ),
        Indicator(
            id="gateway_verdict",
            kind="raw_field_equals",
            weight=0.5,
            reason="The email gateway classified the message as {value}",
            fields=("verdict", "threat_verdict", "gateway_verdict", "classification", "threat_type"),
            terms=("phish", "phishing", "credential_phishing", "malicious", "malware", "impostor", "spoof"),
        ),
        Indicator(
            id="email_auth_failed",
            kind="pattern_any",
            weight=0.25,
            reason="Email authentication failed ({value})",
            terms=(r"\b(?:spf|dkim|dmarc)(?:_?result)?\s*[:=]\s*\"?(?:fail|softfail|hardfail|permerror)\b",),
        ),
        Indicator(
            id="lookalike_domain",
            kind="lookalike_domain",
            weight=0.4,
            reason="Lookalike domain {value} imitates {other}",
            terms=BRANDS,
            allow=BRAND_DOMAINS,
            observable_types=HOST_OBSERVABLES,
        ),
        Indicator(
            id="new_domain",
            kind="raw_field_numeric_lt",
            weight=0.3,
            reason="Sender domain first seen {value} days ago (< 30)",
            fields=("domain_age_days", "sender_domain_age_days", "domain_age"),
            threshold=30,
            group="new_domain",
        ),
        Indicator(
            id="new_domain_words",
            kind="keyword_any",
            weight=0.3,
            reason="Newly seen domain ('{value}')",
            terms=("newly registered domain", "newly observed domain", "recently registered", "first seen domain"),
            group="new_domain",
        ),
        Indicator(
            id="credential_words",
            kind="keyword_any",
            weight=0.25,
            reason="Asks for credentials or account verification ('{value}')",
            terms=(
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
                "mfa code",
                "one-time code",
                "security code",
                "unusual sign-in activity",
            ),
        ),
        Indicator(
            id="urgency_words",
            kind="keyword_any",
            weight=0.15,
            reason="Pressure to act fast ('{value}')",
            terms=(
                "urgent",
                "immediately",
                "within 24 hours",
                "within 48 hours",
                "action required",
                "final notice",
                "last warning",
                "expires today",
                "account will be closed",
                "account will be suspended",
                "account has been suspended",
                "account suspended",
                "failure to comply",
            ),
        ),
        Indicator(
            id="payment_request",
            kind="keyword_any",
            weight=0.25,
            reason="Payment or gift-card request ('{value}')",
            terms=("wire transfer", "gift card", "gift cards", "change of bank details", "new bank details", "bitcoin"),
        ),
        Indicator(
            id="raw_ip_link",
            kind="observable_matches",
            weight=0.35,
            reason="Link to a raw IP address ({value})",
            observable_types=("url",),
            terms=RAW_IP_URL,
        ),
        Indicator(
            id="shortener_link",
            kind="observable_matches",
            weight=0.2,
            reason="Link through a URL shortener ({value})",
            observable_types=("url", "domain"),
            terms=SHORTENERS,
        ),
        Indicator(
            id="risky_attachment",
            kind="attachment_extension_in",
            weight=0.45,
            reason="Attachment of a macro or executable type ({value})",
            fields=("attachments", "attachment", "attachment_name", "attachment_names", "file_name", "filename"),
            terms=MACRO_EXTENSIONS + EXECUTABLE_EXTENSIONS,
        ),
        Indicator(
            id="phishing_simulation",
            kind="keyword_any",
            weight=-0.8,
            reason="Part of a phishing simulation ('{value}'): lowers confidence",
            terms=(
                "phishing simulation",
                "simulated phishing",
                "phishing test",
                "security awareness training",
                "knowbe4",
                "gophish campaign",
            ),
        ),
    ),
    actions=(
        ActionRule(
            action="quarantine_email",
            reason="Pull the message from every mailbox it reached",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            optional=(
                ("message_id", ("message_id", "internet_message_id")),
                ("sender", SENDER_FIELDS),
                ("recipient", ("recipient", "recipients", "to", "reported_by")),
                ("subject", ("subject",)),
            ),
        ),
        ActionRule(
            action="block_sender",
            reason="Block mail from {target}",
            min_confidence=0.7,
            when=("malicious",),
            target="email",
            param="sender",
            fields=SENDER_FIELDS,
            limit=1,
        ),
        ActionRule(
            action="block_ip",
            reason="Block {target}, a public address the phishing links or mail came from",
            min_confidence=0.7,
            when=("malicious",),
            target="ip",
            param="ip",
            fields=("sender_ip", "originating_ip", "x_originating_ip", "client_ip"),
        ),
        ActionRule(
            action="reset_credentials",
            reason="{target} may have entered a password on the lure",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            target="user",
            param="user",
            fields=("clicked_by", "submitted_by", "compromised_user", "compromised_users"),
        ),
        ActionRule(action="add_tags", reason="Mark as phishing", min_confidence=0.4, parameters={"tags": ["phishing"]}),
        ActionRule(
            action="assign",
            reason="Needs an analyst",
            when=("malicious", "suspicious"),
            min_confidence=0.4,
            parameters=SECURITY_TEAM,
        ),
        ActionRule(action="escalate", reason="Confidence is very high", min_confidence=0.9, parameters=CRITICAL),
    ),
)

BRUTE_FORCE = Playbook(
    name="brute_force",
    category="brute_force",
    kind="security",
    description="Password guessing, spraying and credential stuffing seen by an identity provider.",
    matches=Matches(
        incident_types=(
            "brute_force",
            "bruteforce",
            "credential_stuffing",
            "password_spray",
            "password_spraying",
            "account_takeover",
            "authentication",
        ),
        sources=("okta", "entra", "azure ad", "auth0", "cognito", "onelogin", "ping identity", "pingone", "duo"),
        keywords=(
            "brute force",
            "brute-force",
            "credential stuffing",
            "password spray",
            "password spraying",
            "failed login",
            "failed logins",
            "failed sign-in",
            "failed sign-ins",
            "failed signin",
            "login failures",
            "authentication failures",
            "account lockout",
            "locked out",
            "sign-in attempts",
            "login attempts",
        ),
        raw_fields=(
            "failed_logins",
            "failed_attempts",
            "failure_count",
            "login_failures",
            "target_users",
            "distinct_users",
            "source_ips",
            "successful_logins",
        ),
    ),
    indicators=(
        Indicator(
            id="failed_logins_some",
            kind="raw_field_numeric_gte",
            weight=0.2,
            reason="{value} failed sign-ins (>= 5)",
            fields=(
                "failed_logins",
                "failed_attempts",
                "failed_login_count",
                "failure_count",
                "failed_count",
                "login_failures",
                "auth_failures",
                "failed_signins",
                "failed_sign_ins",
            ),
            threshold=5,
            group="failures",
        ),
        Indicator(
            id="failed_logins_many",
            kind="raw_field_numeric_gte",
            weight=0.45,
            reason="{value} failed sign-ins (>= 20)",
            fields=(
                "failed_logins",
                "failed_attempts",
                "failed_login_count",
                "failure_count",
                "failed_count",
                "login_failures",
                "auth_failures",
                "failed_signins",
                "failed_sign_ins",
            ),
            threshold=20,
            group="failures",
        ),
        Indicator(
            id="failed_logins_massive",
            kind="raw_field_numeric_gte",
            weight=0.6,
            reason="{value} failed sign-ins (>= 100)",
            fields=(
                "failed_logins",
                "failed_attempts",
                "failed_login_count",
                "failure_count",
                "failed_count",
                "login_failures",
                "auth_failures",
                "failed_signins",
                "failed_sign_ins",
            ),
            threshold=100,
            group="failures",
        ),
        Indicator(
            id="many_users_one_source",
            kind="distinct_values_gte",
            weight=0.4,
            reason="{value} distinct accounts tried (>= 10): spraying or stuffing",
            fields=("target_users", "targeted_users", "usernames", "users", "accounts", "distinct_users", "user_count"),
            threshold=10,
        ),
        Indicator(
            id="one_user_many_sources",
            kind="distinct_values_gte",
            weight=0.35,
            reason="Attempts from {value} distinct sources (>= 5)",
            fields=(
                "source_ips",
                "src_ips",
                "client_ips",
                "ip_addresses",
                "distinct_source_ips",
                "distinct_ips",
                "unique_ips",
                "source_countries",
                "countries",
            ),
            threshold=5,
        ),
        Indicator(
            id="success_after_failures",
            kind="raw_field_numeric_gte",
            weight=0.35,
            reason="{value} sign-in(s) succeeded among the failures",
            fields=("successful_logins", "success_count", "successful_signins", "successful_sign_ins"),
            threshold=1,
            group="success",
        ),
        Indicator(
            id="success_words",
            kind="keyword_any",
            weight=0.35,
            reason="A sign-in succeeded after the failures ('{value}')",
            terms=("succeeded after", "successful login after", "successful sign-in after", "then succeeded"),
            group="success",
        ),
        Indicator(
            id="attack_words",
            kind="keyword_any",
            weight=0.3,
            reason="Described as an attack ('{value}')",
            terms=(
                "credential stuffing",
                "password spray",
                "password spraying",
                "brute force",
                "brute-force",
                "dictionary attack",
                "mfa fatigue",
                "push bombing",
            ),
        ),
        Indicator(
            id="risky_source",
            kind="raw_field_equals",
            weight=0.3,
            reason="The identity provider rates the source {value}",
            fields=("ip_reputation", "source_reputation", "risk_level", "risk_level_during_sign_in", "risk_state"),
            terms=("malicious", "high", "tor", "anonymous", "atrisk", "confirmedcompromised"),
        ),
        Indicator(
            id="lockout_words",
            kind="keyword_any",
            weight=0.15,
            reason="Accounts locked out ('{value}')",
            terms=("account locked", "accounts locked", "locked out", "account lockout", "lockout"),
        ),
        Indicator(
            id="known_location",
            kind="keyword_any",
            weight=-0.3,
            reason="From a known location or device ('{value}'): lowers confidence",
            terms=("known device", "trusted device", "corporate network", "managed device", "known location"),
            scope="text",
        ),
    ),
    actions=(
        ActionRule(
            action="block_ip",
            reason="Block {target}, a public source of the attempts",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            target="ip",
            param="ip",
            fields=SOURCE_IP_FIELDS,
            observable_types=IP_TYPES,
        ),
        ActionRule(
            action="disable_user",
            reason="{target} signed in during the attack: disable until verified",
            min_confidence=0.7,
            when=("malicious",),
            requires=("success_after_failures", "success_words"),
            target="user",
            param="user",
            fields=USER_FIELDS,
        ),
        ActionRule(
            action="reset_credentials",
            reason="{target} is the targeted account: force a password reset and MFA re-registration",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            target="user",
            param="user",
            fields=USER_FIELDS,
            limit=3,
        ),
        ActionRule(
            action="assign",
            reason="Needs an analyst",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            parameters=SECURITY_TEAM,
        ),
        ActionRule(action="escalate", reason="Confidence is very high", min_confidence=0.9, parameters=CRITICAL),
    ),
)

MALWARE = Playbook(
    name="malware",
    category="malware",
    kind="security",
    description="Endpoint detections: known-bad files, ransomware, credential dumping, living off the land.",
    matches=Matches(
        incident_types=("malware", "ransomware", "virus", "trojan", "edr", "endpoint", "compromised_host"),
        sources=("crowdstrike", "sentinelone", "defender for endpoint", "carbon black", "edr", "sophos", "cortex xdr"),
        keywords=(
            "malware",
            "ransomware",
            "trojan",
            "virus",
            "infected",
            "edr",
            "endpoint detection",
            "mimikatz",
            "ransom",
            "backdoor",
            "keylogger",
            "cobalt strike",
            "command and control",
            "suspicious process",
            "malicious file",
        ),
        raw_fields=(
            "sha256",
            "md5",
            "file_hash",
            "process_name",
            "command_line",
            "parent_process",
            "vt_positives",
            "hash_reputation",
            "malware_family",
            "detection_name",
        ),
    ),
    indicators=(
        Indicator(
            id="hash_known_bad",
            kind="raw_field_equals",
            weight=0.6,
            reason="File hash reputation is {value}",
            fields=("hash_reputation", "file_reputation", "sha256_reputation", "reputation"),
            terms=("malicious", "known_bad", "knownbad", "bad", "malware"),
            group="hash",
        ),
        Indicator(
            id="vt_positives",
            kind="raw_field_numeric_gte",
            weight=0.55,
            reason="{value} antivirus engines flag the file (>= 5)",
            fields=("vt_positives", "virustotal_positives", "positives", "av_detections", "engines_detected"),
            threshold=5,
            group="hash",
        ),
        Indicator(
            id="detection_name",
            kind="raw_field_present",
            weight=0.25,
            reason="Detected as {value}",
            fields=("malware_family", "threat_name", "detection_name", "signature_name"),
        ),
        Indicator(
            id="ransom_note",
            kind="keyword_any",
            weight=0.55,
            reason="Ransomware sign ('{value}')",
            terms=(
                "ransom note",
                "ransomware",
                "your files have been encrypted",
                "files have been encrypted",
                "decrypt your files",
                "how_to_decrypt",
                "readme_to_decrypt",
                "restore-my-files",
                "decrypt_instructions",
            ),
        ),
        Indicator(
            id="credential_dumping",
            kind="pattern_any",
            weight=0.55,
            reason="Credential dumping ('{value}')",
            terms=(
                r"\bmimikatz\b",
                r"\bsekurlsa::\w+",
                r"\blazagne\b",
                r"\bprocdump(?:64)?(?:\.exe)?\b[^\n]{0,80}\blsass\b",
                r"\bcomsvcs(?:\.dll)?\W+minidump\b",
            ),
        ),
        Indicator(
            id="shadow_copy_deletion",
            kind="pattern_any",
            weight=0.6,
            reason="Shadow copies or backups deleted ('{value}')",
            terms=(
                r"\bvssadmin(?:\.exe)?\s+delete\s+shadows\b",
                r"\bwmic(?:\.exe)?\s+shadowcopy\s+delete\b",
                r"\bbcdedit(?:\.exe)?\b[^\n]{0,60}recoveryenabled\s+no\b",
                r"\bwbadmin(?:\.exe)?\s+delete\s+catalog\b",
            ),
        ),
        Indicator(
            id="encoded_powershell",
            kind="pattern_any",
            weight=0.4,
            reason="Encoded or download-and-run PowerShell ('{value}')",
            terms=(
                r"\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,80}?\s[-/](?:e|ec|enc|enco|encod|encodedcommand)\s+[a-z0-9+/=]{16,}",
                r"\bfrombase64string\b",
                r"\biex\s*\(\s*\(?\s*new-object\s+(?:system\.)?net\.webclient\b",
                r"\.downloadstring\s*\(",
            ),
        ),
        Indicator(
            id="remote_execution_tool",
            kind="pattern_any",
            weight=0.3,
            reason="Remote execution or attack tool ('{value}')",
            terms=(r"\bpsexec(?:64|svc)?(?:\.exe)?\b", r"\bpsexesvc\b", r"\bwmiexec\b", r"\bcobalt\s*strike\b"),
        ),
        Indicator(
            id="c2_words",
            kind="keyword_any",
            weight=0.4,
            reason="Command-and-control sign ('{value}')",
            terms=("command and control", "c2 server", "c2 beacon", "beaconing", "reverse shell"),
        ),
        Indicator(
            id="test_file",
            kind="keyword_any",
            weight=-0.7,
            reason="A test file or authorised test ('{value}'): lowers confidence",
            terms=("eicar", "eicar test file", "authorized penetration test", "red team exercise", "atomic red team"),
        ),
    ),
    actions=(
        ActionRule(
            action="isolate_host",
            reason="Isolate {target} from the network",
            min_confidence=0.7,
            when=("malicious",),
            target="host",
            param="host",
            fields=HOST_FIELDS,
            use_affected_systems=True,
            limit=3,
        ),
        ActionRule(
            action="block_ip",
            reason="Block {target}, a public address the host talked to",
            min_confidence=0.7,
            when=("malicious",),
            target="ip",
            param="ip",
            fields=DESTINATION_IP_FIELDS,
            observable_types=IP_TYPES,
        ),
        ActionRule(
            action="reset_credentials",
            reason="Credentials were dumped on the host: reset {target}",
            min_confidence=0.7,
            when=("malicious",),
            requires=("credential_dumping",),
            target="user",
            param="user",
            fields=USER_FIELDS,
            limit=3,
        ),
        ActionRule(
            action="assign",
            reason="Needs an analyst",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            parameters=SECURITY_TEAM,
        ),
        ActionRule(action="add_tags", reason="Mark as malware", min_confidence=0.4, parameters={"tags": ["malware"]}),
        ActionRule(action="escalate", reason="Confidence is very high", min_confidence=0.9, parameters=CRITICAL),
    ),
)

DATA_EXFILTRATION = Playbook(
    name="data_exfiltration",
    category="data_exfiltration",
    kind="security",
    description="Data leaving: large outbound transfers, unusual destinations, personal cloud storage.",
    matches=Matches(
        incident_types=("data_exfiltration", "exfiltration", "data_leak", "data_loss", "dlp", "insider_threat"),
        sources=("dlp", "netskope", "zscaler", "purview", "forcepoint", "code42", "macie"),
        keywords=(
            "exfiltration",
            "exfiltrate",
            "exfil",
            "dlp",
            "data loss prevention",
            "data leak",
            "large upload",
            "outbound transfer",
            "unusual data transfer",
            "mass download",
            "personal cloud",
            "uploaded to",
        ),
        raw_fields=(
            "bytes_out",
            "bytes_sent",
            "bytes_uploaded",
            "upload_bytes",
            "destination_domain",
            "destination_country",
            "dlp_policy",
            "policy_name",
        ),
    ),
    indicators=(
        Indicator(
            id="large_transfer",
            kind="raw_field_numeric_gte",
            weight=0.45,
            reason="Large outbound transfer: {value} (>= 1 GB)",
            fields=("bytes_out", "bytes_sent", "bytes_uploaded", "upload_bytes", "outbound_bytes", "sent_bytes"),
            threshold=1e9,
            group="volume",
            unit="bytes",
        ),
        Indicator(
            id="very_large_transfer",
            kind="raw_field_numeric_gte",
            weight=0.6,
            reason="Very large outbound transfer: {value} (>= 10 GB)",
            fields=("bytes_out", "bytes_sent", "bytes_uploaded", "upload_bytes", "outbound_bytes", "sent_bytes"),
            threshold=1e10,
            group="volume",
            unit="bytes",
        ),
        Indicator(
            id="volume_words",
            kind="pattern_any",
            weight=0.3,
            reason="A large volume sent out ('{value}')",
            terms=(
                r"\b\d+(?:[.,]\d+)?\s*(?:gb|gib|tb|tib|gigabytes?|terabytes?)\b[^\n.]{0,40}\b(?:upload|sent|transfer|out)",
                r"\b(?:upload|sent|transfer)\w*\b[^\n.]{0,40}\b\d+(?:[.,]\d+)?\s*(?:gb|gib|tb|tib|gigabytes?|terabytes?)\b",
            ),
            scope="text",
            group="volume",
        ),
        Indicator(
            id="unusual_destination",
            kind="raw_field_equals",
            weight=0.3,
            reason="The destination is {value}",
            fields=("destination_category", "url_category", "domain_category", "destination_reputation"),
            terms=("uncategorized", "newly_registered", "suspicious", "malicious", "anonymizer", "file_sharing"),
            group="destination",
        ),
        Indicator(
            id="first_seen_destination",
            kind="raw_field_equals",
            weight=0.3,
            reason="First transfer to this destination ({value})",
            fields=("first_seen_destination", "new_destination", "rare_destination", "unusual_destination"),
            terms=("true", "yes", "1"),
            group="destination",
        ),
        Indicator(
            id="unusual_destination_words",
            kind="keyword_any",
            weight=0.3,
            reason="Unusual destination ('{value}')",
            terms=(
                "unusual destination",
                "first-seen destination",
                "never seen before",
                "rare destination",
                "unusual country",
                "new country",
                "unfamiliar location",
            ),
            group="destination",
        ),
        Indicator(
            id="archive_before_upload",
            kind="pattern_any",
            weight=0.3,
            reason="Data archived before the transfer ('{value}')",
            terms=(
                r"\b[\w-]+\.(?:zip|7z|rar|tar|tgz|tar\.gz)\b",
                r"\b7z(?:\.exe)?\s+a\b",
                r"\brar(?:\.exe)?\s+a\b",
                r"\btar\s+-?c[a-z]*f\b",
                r"\bcompress-archive\b",
                r"\bzip\s+-r\b",
            ),
        ),
        Indicator(
            id="personal_storage",
            kind="observable_matches",
            weight=0.35,
            reason="Upload to personal cloud storage or file sharing ({value})",
            observable_types=("domain", "url"),
            terms=PERSONAL_STORAGE,
            group="storage",
        ),
        Indicator(
            id="personal_storage_words",
            kind="keyword_any",
            weight=0.35,
            reason="Upload to personal storage ('{value}')",
            terms=(
                "personal cloud",
                "personal google drive",
                "personal dropbox",
                "personal onedrive",
                "personal email",
                "personal gmail",
                "personal account",
                "usb drive",
                "removable media",
            ),
            group="storage",
        ),
        Indicator(
            id="sensitive_data",
            kind="keyword_any",
            weight=0.2,
            reason="Sensitive data involved ('{value}')",
            terms=(
                "confidential",
                "highly confidential",
                "restricted",
                "pii",
                "customer data",
                "source code",
                "payroll",
                "credit card",
                "cardholder",
                "ssn",
                "trade secret",
            ),
        ),
        Indicator(
            id="off_hours",
            kind="keyword_any",
            weight=0.15,
            reason="Outside working hours ('{value}')",
            terms=("outside business hours", "off-hours", "after hours", "outside working hours"),
        ),
        Indicator(
            id="sanctioned_transfer",
            kind="keyword_any",
            weight=-0.6,
            reason="A sanctioned transfer ('{value}'): lowers confidence",
            terms=(
                "scheduled backup",
                "nightly backup",
                "backup job",
                "replication job",
                "sanctioned destination",
                "approved transfer",
                "corporate tenant",
            ),
            group="sanctioned",
        ),
        Indicator(
            id="sanctioned_flag",
            kind="raw_field_equals",
            weight=-0.6,
            reason="The destination is sanctioned ({value}): lowers confidence",
            fields=("sanctioned", "destination_sanctioned", "approved_destination", "allowlisted"),
            terms=("true", "yes"),
            group="sanctioned",
        ),
    ),
    actions=(
        ActionRule(
            action="block_ip",
            reason="Block {target}, the public destination of the transfer",
            min_confidence=0.7,
            when=("malicious",),
            target="ip",
            param="ip",
            fields=DESTINATION_IP_FIELDS,
            observable_types=IP_TYPES,
        ),
        ActionRule(
            action="disable_user",
            reason="{target} moved the data: disable until the transfer is explained",
            min_confidence=0.7,
            when=("malicious",),
            target="user",
            param="user",
            fields=USER_FIELDS,
            limit=1,
        ),
        ActionRule(
            action="notify",
            reason="Data may have left: privacy and legal assess notification duties",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            parameters={"audience": "privacy"},
        ),
        ActionRule(
            action="assign",
            reason="Needs an analyst",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            parameters=SECURITY_TEAM,
        ),
        ActionRule(action="escalate", reason="Confidence is very high", min_confidence=0.9, parameters=CRITICAL),
    ),
)

AVAILABILITY = Playbook(
    name="availability",
    category="availability",
    kind="operational",
    description="Something is down or failing: timeouts, 5xx errors, failed health checks.",
    matches=Matches(
        incident_types=("availability", "outage", "downtime", "service_down", "health_check", "uptime"),
        sources=("pingdom", "uptimerobot", "statuspage", "route53", "synthetics", "statuscake"),
        keywords=(
            "down",
            "outage",
            "unavailable",
            "unreachable",
            "not responding",
            "timeout",
            "timeouts",
            "timed out",
            "5xx",
            "502",
            "503",
            "504",
            "bad gateway",
            "service unavailable",
            "gateway timeout",
            "health check",
            "healthcheck",
            "unhealthy",
            "connection refused",
            "error rate",
            "errors",
            "failing",
            "unhealthyhostcount",
            "statuscheckfailed",
            "httpcode_target_5xx_count",
            "httpcode_elb_5xx_count",
            "5xxerror",
        ),
        raw_fields=("error_rate", "http_5xx", "unhealthy_host_count", "healthy_host_count", "status_code"),
    ),
    indicators=(
        Indicator(
            id="down_words",
            kind="keyword_any",
            weight=0.4,
            reason="Reported down ('{value}')",
            terms=(
                "down",
                "outage",
                "unavailable",
                "unreachable",
                "not responding",
                "offline",
                "service unavailable",
            ),
            scope="text",
        ),
        Indicator(
            id="timeouts",
            kind="keyword_any",
            weight=0.35,
            reason="Timeouts ('{value}')",
            terms=(
                "timeout",
                "timeouts",
                "timed out",
                "gateway timeout",
                "deadline exceeded",
                "connection refused",
                "connection reset",
            ),
        ),
        Indicator(
            id="server_errors",
            kind="pattern_any",
            weight=0.35,
            reason="Server errors ('{value}')",
            terms=(
                r"\b5xx\b",
                r"\bhttpcode_(?:target|elb)_5xx(?:_count)?\b",
                r"\b5xxerror\b",
                r"\b(?:http|status|error|code)\s*[:=]?\s*5\d\d\b",
                r"\b5\d\d\s+(?:errors?|responses?|status)\b",
                r"\bbad gateway\b",
                r"\binternal server error\b",
            ),
        ),
        Indicator(
            id="error_rate",
            kind="raw_field_numeric_gte",
            weight=0.4,
            reason="Error rate {value}% (>= 5%)",
            fields=(
                "error_rate",
                "error_rate_percent",
                "5xx_rate",
                "http_5xx_rate",
                "failure_rate",
                "error_percentage",
            ),
            threshold=5,
        ),
        Indicator(
            id="health_checks_failing",
            kind="keyword_any",
            weight=0.4,
            reason="Health checks failing ('{value}')",
            terms=(
                "health check failed",
                "health checks failed",
                "health check failing",
                "health checks failing",
                "failed health check",
                "failed health checks",
                "unhealthy",
                "unhealthyhostcount",
                "statuscheckfailed",
                "liveness probe failed",
                "readiness probe failed",
                "crashloopbackoff",
            ),
        ),
        Indicator(
            id="no_healthy_hosts",
            kind="raw_field_numeric_lt",
            weight=0.5,
            reason="Healthy hosts: {value}",
            fields=("healthy_host_count", "healthy_hosts", "healthyhostcount"),
            threshold=1,
        ),
        Indicator(
            id="availability_below_slo",
            kind="raw_field_numeric_lt",
            weight=0.3,
            reason="Availability {value}% (< 99%)",
            fields=("availability", "availability_percent", "uptime_percent", "success_rate"),
            threshold=99,
        ),
        Indicator(
            id="alarm_metric",
            kind="raw_field_equals",
            weight=0.45,
            reason="Alarm on an availability metric ({value})",
            fields=("metric_name", "metric"),
            terms=AVAILABILITY_METRICS,
        ),
        Indicator(
            id="monitor_firing",
            kind="raw_field_equals",
            weight=0.2,
            reason="The monitor is firing (state {value})",
            fields=("state", "new_state_value", "alert_state", "monitor_state"),
            terms=("alarm", "firing", "triggered", "alert"),
        ),
        Indicator(
            id="planned_or_recovered",
            kind="keyword_any",
            weight=-0.6,
            reason="Planned or already recovered ('{value}'): lowers confidence",
            terms=(
                "planned maintenance",
                "scheduled maintenance",
                "maintenance window",
                "returned to ok",
                "has recovered",
                "recovered",
            ),
            scope="text",
        ),
    ),
    actions=(
        ActionRule(
            action="restart_service",
            reason="Restart {target} if it does not recover on its own",
            min_confidence=0.5,
            target="service",
            param="service",
            fields=SERVICE_FIELDS,
            use_affected_systems=True,
            limit=3,
        ),
        ActionRule(
            action="notify",
            reason="Tell the on-call engineer",
            min_confidence=0.4,
            parameters=ON_CALL,
        ),
        ActionRule(action="add_tags", reason="Mark as an outage", min_confidence=0.4, parameters={"tags": ["outage"]}),
        ActionRule(action="escalate", reason="A likely outage", min_confidence=0.7, parameters=HIGH),
        ActionRule(action="escalate", reason="An outage, almost certainly", min_confidence=0.9, parameters=CRITICAL),
    ),
)

PERFORMANCE = Playbook(
    name="performance",
    category="performance",
    kind="operational",
    description="Slow but up: latency, saturated CPU, memory or disk, growing queues.",
    matches=Matches(
        incident_types=("performance", "latency", "degradation", "capacity", "saturation"),
        sources=("apm", "new relic", "newrelic", "dynatrace", "appdynamics"),
        keywords=(
            "latency",
            "cpu",
            "memory",
            "slow",
            "slowness",
            "degraded",
            "degradation",
            "high cpu",
            "cpu utilization",
            "cpuutilization",
            "memory usage",
            "memoryutilization",
            "disk usage",
            "queue depth",
            "backlog",
            "throttling",
            "saturation",
            "p99",
            "p95",
            "response time",
            "targetresponsetime",
            "apdex",
            "out of memory",
            "approximatenumberofmessagesvisible",
        ),
        raw_fields=("latency_ms", "p99_latency_ms", "cpu_percent", "memory_percent", "disk_percent", "queue_depth"),
    ),
    indicators=(
        Indicator(
            id="latency_words",
            kind="keyword_any",
            weight=0.3,
            reason="Slow responses ('{value}')",
            terms=(
                "latency",
                "slow",
                "slowness",
                "response time",
                "responsetime",
                "degraded performance",
                "p99",
                "p95",
                "apdex",
            ),
            scope="text",
        ),
        Indicator(
            id="high_latency",
            kind="raw_field_numeric_gte",
            weight=0.4,
            reason="Latency {value} ms (>= 1000 ms)",
            fields=(
                "latency_ms",
                "p99_latency_ms",
                "p95_latency_ms",
                "p99_ms",
                "p95_ms",
                "response_time_ms",
                "avg_latency_ms",
            ),
            threshold=1000,
        ),
        Indicator(
            id="saturation_percent",
            kind="pattern_any",
            weight=0.45,
            reason="Resource saturation ('{value}')",
            terms=(
                r"\b(?:cpu|memory|mem|disk|storage|heap|ram|cpuutilization|memoryutilization)\b[^\n.]{0,40}?"
                r"(?<![\d.])(?:9\d|100)(?:\.\d+)?\s*%",
                r"(?<![\d.])(?:9\d|100)(?:\.\d+)?\s*%\s*(?:cpu|memory|mem|disk|heap|ram)\b",
            ),
            scope="text",
            group="saturation",
        ),
        Indicator(
            id="saturation_metric",
            kind="raw_field_numeric_gte",
            weight=0.45,
            reason="Resource at {value}% (>= 90%)",
            fields=(
                "cpu_percent",
                "cpu_utilization",
                "cpuutilization",
                "memory_percent",
                "memory_utilization",
                "mem_percent",
                "disk_percent",
                "disk_used_percent",
                "disk_utilization",
                "heap_percent",
            ),
            threshold=90,
            group="saturation",
        ),
        Indicator(
            id="saturation_words",
            kind="keyword_any",
            weight=0.35,
            reason="Saturation ('{value}')",
            terms=(
                "high cpu",
                "cpu spike",
                "memory pressure",
                "out of memory",
                "oom",
                "oomkilled",
                "disk full",
                "no space left",
                "throttling",
                "throttled",
                "connection pool exhausted",
                "thread pool exhausted",
                "saturation",
                "saturated",
            ),
            group="saturation_words",
        ),
        Indicator(
            id="queue_depth",
            kind="raw_field_numeric_gte",
            weight=0.35,
            reason="Queue depth {value} (>= 1000)",
            fields=(
                "queue_depth",
                "approximate_number_of_messages_visible",
                "messages_visible",
                "backlog",
                "consumer_lag",
            ),
            threshold=1000,
            group="queue",
        ),
        Indicator(
            id="queue_words",
            kind="keyword_any",
            weight=0.25,
            reason="Work piling up ('{value}')",
            terms=("queue depth", "backlog", "consumer lag", "queue is growing", "approximatenumberofmessagesvisible"),
            group="queue",
        ),
        Indicator(
            id="alarm_metric",
            kind="raw_field_equals",
            weight=0.4,
            reason="Alarm on a performance metric ({value})",
            fields=("metric_name", "metric"),
            terms=PERFORMANCE_METRICS,
        ),
        Indicator(
            id="monitor_firing",
            kind="raw_field_equals",
            weight=0.2,
            reason="The monitor is firing (state {value})",
            fields=("state", "new_state_value", "alert_state", "monitor_state"),
            terms=("alarm", "firing", "triggered", "alert"),
        ),
        Indicator(
            id="planned_or_recovered",
            kind="keyword_any",
            weight=-0.6,
            reason="Expected or already recovered ('{value}'): lowers confidence",
            terms=(
                "load test",
                "planned maintenance",
                "maintenance window",
                "returned to ok",
                "has recovered",
                "recovered",
            ),
            scope="text",
        ),
    ),
    actions=(
        ActionRule(
            action="restart_service",
            reason="Restart {target} if it stays saturated",
            min_confidence=0.7,
            target="service",
            param="service",
            fields=SERVICE_FIELDS,
            use_affected_systems=True,
            limit=3,
        ),
        ActionRule(action="notify", reason="Tell the on-call engineer", min_confidence=0.4, parameters=ON_CALL),
        ActionRule(
            action="add_tags", reason="Mark as degraded", min_confidence=0.4, parameters={"tags": ["performance"]}
        ),
        ActionRule(action="escalate", reason="Severe degradation", min_confidence=0.85, parameters=HIGH),
    ),
)

GENERIC = Playbook(
    name="generic",
    category="generic",
    kind="security",
    description="The fallback when no other playbook matches: broad signs of compromise only.",
    matches=Matches(),
    indicators=(
        Indicator(
            id="threat_intel_match",
            kind="raw_field_equals",
            weight=0.5,
            reason="Threat intelligence match ({value})",
            fields=("ioc_match", "threat_intel_match", "reputation", "verdict"),
            terms=("true", "yes", "malicious", "known_bad"),
        ),
        Indicator(
            id="compromise_words",
            kind="keyword_any",
            weight=0.3,
            reason="Signs of compromise ('{value}')",
            terms=(
                "compromised",
                "breach",
                "unauthorized",
                "unauthorised",
                "malicious",
                "exploit",
                "exploited",
                "intrusion",
                "backdoor",
                "privilege escalation",
            ),
            scope="text",
        ),
        Indicator(
            id="vulnerability",
            kind="observable_type_present",
            weight=0.2,
            reason="References a vulnerability ({value})",
            observable_types=("cve",),
        ),
    ),
    actions=(
        ActionRule(action="notify", reason="An analyst should look at it", parameters=ON_CALL),
        ActionRule(
            action="add_tags",
            reason="No playbook matched: needs a human",
            when=("unknown",),
            parameters={"tags": ["needs-review"]},
        ),
        ActionRule(
            action="assign",
            reason="Needs an analyst",
            min_confidence=0.4,
            when=("malicious", "suspicious"),
            parameters=SECURITY_TEAM,
        ),
        ActionRule(action="escalate", reason="Confidence is very high", min_confidence=0.9, parameters=CRITICAL),
    ),
    malicious_at=0.8,
)

PLAYBOOKS: tuple[Playbook, ...] = (
    PHISHING,
    BRUTE_FORCE,
    MALWARE,
    DATA_EXFILTRATION,
    AVAILABILITY,
    PERFORMANCE,
    GENERIC,
)
"""In order of precedence: a tie in matching goes to the earlier playbook; `generic` is last."""
