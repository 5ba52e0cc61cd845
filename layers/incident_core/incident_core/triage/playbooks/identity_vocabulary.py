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
    "risk_reasons",
    "risk_reason",
    "behaviors",
    "threat_suspected_reasons",
    "explanations",
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

MFA_FLOOD = (
    r"\b(?:[3-9]|\d{2,})\s+(?:okta verify |duo |mfa |authenticator |push |sign-in |approval )?"
    r"(?:pushes|push notifications|push requests|prompts|mfa requests|approval requests|verification requests)\b",
    r"\b(?:flood|barrage|stream|dozens|lots) of (?:mfa |push |duo |okta verify )?"
    r"(?:pushes|prompts|requests|notifications)\b",
)
"""Many MFA prompts in a short time: someone with the password is trying to tire the user into approving."""

SIGN_IN_RESULT_FIELDS = (
    "error_code",
    "errorcode",
    "result_type",
    "resulttype",
    "status_error_code",
    "failure_reason",
    "outcome_reason",
    "reason",
    "result_reason",
)
"""Where identity providers put the result or error code of a sign-in."""

UNUSUAL_SIGN_IN_DETECTIONS = (
    "unlikelytravel",
    "impossibletravel",
    "mcasimpossibletravel",
    "anonymizedipaddress",
    "anonymousip",
    "anonymizedip",
    "unfamiliarfeatures",
    "newcountry",
    "new_country",
    "newgeolocation",
    "new_geo_location",
    "newdevice",
    "new_device",
    "newip",
    "new_ip",
    "newasn",
    "velocity",
    "atypicaltravel",
    "suspiciousbrowser",
    "malwareinfectedipaddress",
    "suspiciousipaddress",
    "riskyip",
    "torip",
    "tor",
)
"""Risk detections of an unusual sign-in (Entra ID `riskEventTypes`, Okta `behaviors`, Duo Trust Monitor)."""

COMPROMISE_DETECTIONS = (
    "mfafraud",
    "suspiciousinboxforwarding",
    "suspiciousinboxmanipulationrules",
    "leakedcredentials",
    "maliciousipaddress",
    "attackerinthemiddle",
    "adversaryinthemiddle",
    "anomaloustoken",
    "tokenissueranomaly",
    "investigationsthreatintelligence",
    "investigationsthreatintelligencesigninlinked",
    "suspiciousapitraffic",
    "confirmedcompromised",
    "anomaloususeractivity",
    "suspicioussendingpatterns",
)
"""Risk detections that say the account itself is compromised (Entra ID Protection, Defender for Cloud Apps)."""

ATTACK_WORDS = (
    "credential stuffing",
    "password spray",
    "password spraying",
    "brute force",
    "brute-force",
    "bruteforce",
    "dictionary attack",
    "combo list",
    "ratelimit",
    "rate limit",
    "rate-based",
    "password guessing",
    "password_guessing",
    "account takeover",
)
"""Words that name a password attack."""

UNRECOGNISED_SIGN_IN_WORDS = (
    "wasn't me",
    "was not me",
    "it wasn't me",
    "not me",
    "didn't sign in",
    "did not sign in",
    "didn't log in",
    "impossible travel",
    "atypical travel",
    "new country",
    "another country",
    "different country",
    "new device",
    "unknown device",
    "unfamiliar location",
    "unusual location",
    "anomalous location",
    "unfamiliar sign-in",
)
"""A sign-in the user does not recognise, or from a place or device never seen."""
