"""The fallback playbook: broad signs of compromise only."""

from __future__ import annotations

from incident_core.triage.playbooks import shared
from incident_core.triage.playbooks.rules import ActionRule, Indicator, Matches, Playbook
from incident_core.triage.playbooks.vocabulary import ON_CALL

__all__ = ["GENERIC"]

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
        shared.add_tags("needs-review", "No playbook matched: needs a human", when=("unknown",)),
        shared.ASSIGN_ANALYST,
        shared.ESCALATE_WHEN_CERTAIN,
    ),
    malicious_at=0.8,
)
