"""The rules engine reads a detection tool's own judgement whatever the tool (severity words,
threat families, whether it stopped what it saw), counts written in prose, and monitors' states:
each incident here is written in no tool's exact shape from the labelled corpus."""

from __future__ import annotations

from typing import Any

from incident_core.triage.engine import RulesEngine, TriageResult
from incident_core.triage.observables import extract_observables

ENGINE = RulesEngine()


def triage(**fields: Any) -> TriageResult:
    incident: dict[str, Any] = {"title": "", "description": "", "severity": "medium", "source": "api"} | fields
    return ENGINE.triage(incident, extract_observables(incident))


def called(result: TriageResult) -> tuple[str, str]:
    return result.playbook, result.verdict.classification


def action_names(result: TriageResult) -> set[str]:
    return {action.action for action in result.recommended_actions}


def test_a_threat_finding_rated_high_is_malicious_and_the_same_misconfiguration_is_not() -> None:
    threat = triage(
        title="Finding: Persistence: Anomalous role grant",
        description="Owner role granted on project billing-prod to an outside account by a service account.",
        source="cloud_detector",
        raw_data={"finding": {"findingClass": "THREAT", "severity": "HIGH", "category": "Persistence: Role Grant"}},
    )
    posture = triage(
        title="Finding: firewall rule open to the internet",
        description="Rule allow-temp allows 0.0.0.0/0 on all ports in a sandbox project.",
        source="cloud_detector",
        raw_data={"finding": {"findingClass": "MISCONFIGURATION", "severity": "MEDIUM", "category": "OPEN_FIREWALL"}},
    )

    assert called(threat) == ("generic", "malicious")
    assert any("attack stage or threat family" in line for line in threat.verdict.reasoning)
    assert called(posture) == ("generic", "benign")
    assert any("posture, not activity" in line for line in posture.verdict.reasoning)


def test_what_the_edr_stopped_weighs_less_than_what_it_only_reported() -> None:
    def detection(action: str) -> TriageResult:
        return triage(
            title="Endpoint alert: suspicious PowerShell on WS-17",
            description="powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABO",
            source="edr",
            raw_data={"severity": "high", "action": action, "hostname": "WS-17"},
        )

    reported, prevented = detection("Detected (Reported)"), detection("Prevented (Blocked)")

    assert called(reported) == ("malware", "malicious") and "isolate_host" in action_names(reported)
    assert reported.verdict.confidence > prevented.verdict.confidence
    assert any("did not stop it" in line for line in reported.verdict.reasoning)
    assert any("stopped it" in line for line in prevented.verdict.reasoning)


def test_vendor_malware_names_are_families() -> None:
    for name in ("Troj/Agent-ZZQ", "Win32/Spy.AgentTesla.F", "HEUR:Trojan.Win32.Generic"):
        result = triage(
            title=f"Threat detected: {name}",
            description=f"The antivirus found {name} running on LT-44; cleaning failed.",
            source="antivirus",
            raw_data={"threat_name": name, "severity": "high", "action_taken": "none"},
        )
        assert called(result) == ("malware", "malicious"), name


def test_counts_in_prose_make_a_password_attack_malicious() -> None:
    result = triage(
        title="Excessive failed logins on the VPN portal",
        description="1,204 failed logons for 310 distinct accounts from 45.95.147.236 in 20 minutes; no success.",
        source="siem",
        raw_data={"src_ip": "45.95.147.236"},
    )

    assert called(result) == ("brute_force", "malicious")
    assert [action.parameters for action in result.recommended_actions if action.action == "block_ip"] == [
        {"ip": "45.95.147.236"}
    ]
    assert "disable_user" not in action_names(result)


def test_a_user_saying_the_password_had_just_expired_is_not_an_attack() -> None:
    result = triage(
        title="Successful brute force (low fidelity)",
        description="9 failed logins then a success for k.ng from her own laptop just after her password expired.",
        source="siem",
        raw_data={"user": "k.ng"},
    )

    assert called(result) == ("brute_force", "benign")


def test_a_monitor_in_a_critical_state_pages_the_on_call_engineer() -> None:
    result = triage(
        title="PROBLEM: web-3/HTTP is CRITICAL",
        description="Connection refused on port 443",
        source="monitoring",
        raw_data={"host_name": "web-3", "service_desc": "HTTP", "state": "CRITICAL"},
    )

    assert called(result) == ("availability", "benign")
    assert "notify" in action_names(result)
