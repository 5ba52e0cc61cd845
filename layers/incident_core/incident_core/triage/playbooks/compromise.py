"""Indicators of the generic playbook beyond its first set: account takeover and the persistence that
follows it, remote-control tools installed at a caller's request, discovery commands, sustained web
attacks, and what makes a lost device or a vulnerability finding harmless."""

from __future__ import annotations

from incident_core.triage.playbooks.rules import Indicator
from incident_core.triage.playbooks.vocabulary import UNREQUESTED_MFA

__all__ = ["COMPROMISE_INDICATORS", "COMPROMISE_KEYWORDS"]

_MANY = r"(?:\d{3,}|\d{1,3}(?:,\d{3})+)"
_WEB_ATTACKS = r"(?:sql ?injection|sqli|xss|cross-site scripting|cmdexe|command injection|path traversal|rce|lfi|rfi)"

COMPROMISE_KEYWORDS = (
    "privileged role",
    "super user",
    "anydesk",
    "teamviewer",
    "remote access",
    "account compromised",
    "forwarding rule",
    "tunnel",
    "hacked",
    "compromised",
    "account takeover",
    "my account sent",
    "sent from my account",
    "session hijacking",
    "token theft",
)
"""Words that make the generic playbook the match (besides its own)."""

COMPROMISE_INDICATORS = (
    Indicator(
        id="account_compromise",
        kind="pattern_any",
        weight=0.5,
        reason="The account is said to be compromised ('{value}')",
        terms=(
            r"\baccounts? (?:was |were |has been |is |are )?(?:compromised|taken over)\b",
            r"\bcompromised (?:account|user|credentials|identity)\b",
            r"\bmy (?:account|mailbox)\b[^.\n]{0,20}?\b(?:sent|is sending|was sending|was used|posted|logged in)\b",
            r"\b(?:sent|send|sending) (?:from|by|out from) my (?:account|mailbox)\b",
            r"\b(?:i|we) (?:never|did not|didn't) (?:create|created|set up|make|made|send|sent)\b",
        ),
        scope="text",
    ),
    Indicator(
        id="takeover_persistence",
        kind="pattern_any",
        weight=0.5,
        reason="Persistence after a takeover ('{value}')",
        terms=(
            r"\b(?:mail )?forwarding rule\b",
            r"\bforward(?:s|ed|ing)? (?:all )?(?:mail|email)s? to an? (?:external|personal)\b",
            r"\b(?:removed|disabled|deleted) (?:the )?mfa\b",
            r"\bmfa (?:was |were )?(?:removed|disabled)\b",
            r"\bnew (?:inbox|mailbox) rule\b",
            r"\bassigned (?:themselves|himself|herself)\b",
        ),
        group="persistence",
        scope="text",
    ),
    Indicator(
        id="remote_control_installed",
        kind="pattern_any",
        weight=0.6,
        reason="A remote-control tool was installed for an outsider ('{value}')",
        terms=(
            r"\b(?:installed|install|downloaded|ran|run)\s+(?:\w+\s+)?(?:anydesk|teamviewer|screenconnect|supremo|"
            r"ultraviewer|quick ?assist|rustdesk)\b",
            r"\bread (?:out|him|her|them)\b[^.\n]{0,20}\bcode\b",
        ),
        scope="text",
    ),
    Indicator(
        id="support_scam_call",
        kind="pattern_any",
        weight=0.3,
        reason="An unsolicited call from someone posing as support ('{value}')",
        terms=(r"\b(?:a )?call from ['\"]?(?:microsoft|apple|windows|it support|tech support|the bank)\b",),
        scope="text",
        group="social",
    ),
    Indicator(
        id="unrequested_mfa",
        kind="pattern_any",
        weight=0.45,
        reason="An MFA prompt the user did not ask for: the password may be known ('{value}')",
        terms=UNREQUESTED_MFA,
        scope="text",
    ),
    Indicator(
        id="departed_user_active",
        kind="pattern_any",
        weight=0.3,
        reason="An account that should be gone is in use ('{value}')",
        terms=(
            r"\b(?:left the company|former employee|expired user|terminated user|contract ended|"
            r"no longer works here)\b",
        ),
        scope="text",
    ),
    Indicator(
        id="secret_exposed",
        kind="pattern_any",
        weight=0.45,
        reason="A live secret was exposed ('{value}')",
        terms=(
            r"\b(?:live|production|prod)\b[^.\n]{0,20}\b(?:key|secret|token|password)\b[^.\n]{0,30}\b(?:pushed|committed|"
            r"posted|leaked|exposed|published)\b",
        ),
        scope="text",
    ),
    Indicator(
        id="discovery_commands",
        kind="pattern_any",
        weight=0.3,
        reason="Reconnaissance of the domain from a host ('{value}')",
        terms=(
            r"\bnet1?(?:\.exe)? (?:group|user|localgroup)\b[^\n]{0,40}/domain\b",
            r"\bwhoami /all\b",
            r"\bnltest\b",
            r"\badfind\b",
            r"\bbloodhound\b|\bsharphound\b",
        ),
    ),
    Indicator(
        id="sustained_web_attack",
        kind="pattern_any",
        weight=0.6,
        reason="A sustained web attack from one source ('{value}')",
        terms=(
            rf"\b{_WEB_ATTACKS}\b[^.\n]{{0,60}}?\b{_MANY}\s+(?:\w+\s+)?(?:requests|hits|signals|attempts)\b",
            rf"\b{_MANY}\s+(?:\w+\s+){{0,2}}{_WEB_ATTACKS}\b",
        ),
        scope="text",
    ),
    Indicator(
        id="public_grant",
        kind="pattern_any",
        weight=0.45,
        reason="Granted to everyone ('{value}')",
        terms=(r"\ball(?:authenticated)?users\b", r"\bpublic reads?\b"),
        scope="text",
        group="exposure",
    ),
    Indicator(
        id="device_encrypted",
        kind="pattern_any",
        weight=-0.5,
        reason="The lost device is encrypted or wiped ('{value}'): lowers confidence",
        terms=(
            r"\b(?:bitlocker|filevault|full[- ]disk encryption)\b[^.\n]{0,15}\b(?:enabled|on|active)\b",
            r"\b(?:remote(?:ly)? wiped|wipe completed)\b",
        ),
        scope="text",
    ),
    Indicator(
        id="vulnerability_finding",
        kind="pattern_any",
        weight=-0.4,
        reason="A scanner's vulnerability finding, no activity ('{value}'): lowers confidence",
        terms=(
            r"\b(?:patch|fix|update) (?:is )?(?:scheduled|available)\b",
            r"\bupgrade to \d",
            r"\bplugin \d{4,}\b",
            r"\bqid \d{3,}\b",
        ),
        scope="text",
    ),
)
