"""Terms of the brute force playbook: the words of password guessing, spraying and stuffing."""

from __future__ import annotations

BRUTE_FORCE_KEYWORDS = (
    "brute force",
    "brute-force",
    "password guessing",
    "password_guessing",
    "failed logons",
    "failed attempts",
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
    "mfa prompts",
    "authenticator",
    "sign-in requests",
    "approve sign-in",
    "push requests",
    "mfa push",
    "mfa requests",
    "push notifications",
    "okta verify",
    "logged into my account",
    "new sign-in",
    "impossible travel",
    "authentication failed",
    "rejects my password",
    "ratelimit",
    "rate limit",
)
"""Words of password attacks and their traces (failures, lockouts, MFA prompts)."""

FAILED_SIGN_IN_FIELDS = (
    "failed_logins",
    "failed_attempts",
    "failed_login_count",
    "failure_count",
    "failed_count",
    "login_failures",
    "auth_failures",
    "failed_signins",
    "failed_sign_ins",
    "login_attempts",
    "request_count",
    "failed_sign_in_count",
    "failed_signin_count",
    "failed_attempt_count",
    "failures",
)
RISK_DETECTION_FIELDS = (
    "risk_event_type",
    "risk_event_types",
    "risk_detection",
    "risk_detections",
    "risk_type",
    "detection_type",
    "risk_event_types_v2",
)
_MANY = r"(?:\d{3,}|\d{1,3}(?:,\d{3})+)"  # 100 or more, written 1,540 or 1540
FAILED_COUNT_IN_TEXT = (
    rf"\b{_MANY}\s+(?:failed|failing|unsuccessful|invalid|bad|denied)\b",
    rf"\b{_MANY}\s+(?:[\w-]+\s+)?(?:failures|guesses|attempts|tries)\b",
    rf"\b{_MANY}\s+(?:login|logon|sign-?in|sign-?on|authentication|password)\s+(?:posts|requests)\b",
    rf"\b(?:failed|unsuccessful) (?:logins?|logons?|sign-?ins?|attempts)\b[^.\n]{{0,30}}?"
    rf"\b(?:more than|over)\s+{_MANY}",
    rf"\bguessing\b[^.\n]{{0,40}}\b{_MANY}\s+connections\b",
)
"""`2,871 failed RDP logons`, `8,900 sign-on attempts`, `failed logins, more than 5000`: a count in the prose."""
