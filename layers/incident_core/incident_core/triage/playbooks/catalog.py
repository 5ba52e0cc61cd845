"""The playbooks the rules engine knows, in order of precedence."""

from __future__ import annotations

from incident_core.triage.playbooks.availability import AVAILABILITY
from incident_core.triage.playbooks.brute_force import BRUTE_FORCE
from incident_core.triage.playbooks.data_exfiltration import DATA_EXFILTRATION
from incident_core.triage.playbooks.generic import GENERIC
from incident_core.triage.playbooks.malware import MALWARE
from incident_core.triage.playbooks.performance import PERFORMANCE
from incident_core.triage.playbooks.phishing import PHISHING
from incident_core.triage.playbooks.rules import Playbook

__all__ = ["FALLBACK_PLAYBOOK", "PLAYBOOKS"]

FALLBACK_PLAYBOOK = "generic"
"""The playbook chosen when none matches; it must be among `PLAYBOOKS`."""

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
