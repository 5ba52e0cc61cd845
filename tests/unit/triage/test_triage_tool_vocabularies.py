"""The rules engine reads real tools' fields and values, and people's words, not one corpus's phrasing:
EDR and SIEM verdicts, mail-platform reclassification, identity risk detections, CloudTrail event names,
monitor states and severities, and action targets named only in the prose (`triage.mentions`)."""

from __future__ import annotations

from typing import Any

import pytest

from incident_core.triage.engine import RulesEngine, TriageResult
from incident_core.triage.mentions import hosts_in, senders_in, users_in
from incident_core.triage.observables import extract_observables

ENGINE = RulesEngine()


def triage(**fields: Any) -> TriageResult:
    incident: dict[str, Any] = {"title": "", "description": "", "severity": "medium", "source": "api"} | fields
    return ENGINE.triage(incident, extract_observables(incident))


def parameters(result: TriageResult, name: str) -> list[dict[str, Any]]:
    return [action.parameters for action in result.recommended_actions if action.action == name]


def names(result: TriageResult) -> list[str]:
    return [action.action for action in result.recommended_actions]


# --- targets named in the prose ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("User f.dubois downloaded 3,400 files from 149.88.23.6", ["f.dubois"]),
        ("then a successful login as 'deploy' from the same address", ["deploy"]),
        ("scheduled task created by CORP\\svc_backup on the file server", ["CORP\\svc_backup"]),
        ("reg.exe save HKLM\\SAM C:\\PerfLogs\\s.hiv", []),  # a registry hive and a file, not accounts
        ("the user's account was used for login POSTs", []),  # plain words are not account names
    ],
)
def test_accounts_named_in_prose(text: str, users: list[str]) -> None:
    assert users_in(text) == users


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("PC NWF-LT-0419 still online", ["NWF-LT-0419"]),
        ("beacon seen on host ws-0412 at 02:10", ["ws-0412"]),
        ("Instance i-0f9e8d7c6b5a40312 resolves a mining pool", ["i-0f9e8d7c6b5a40312"]),
        ("CVE-2024-3400 exploited; see ticket OPS-4412", []),  # a CVE and a ticket key are not hosts
    ],
)
def test_hosts_named_in_prose(text: str, hosts: list[str]) -> None:
    assert hosts_in(text) == hosts


def test_senders_named_in_prose() -> None:
    text = "Got an email from 'our CEO' (ceo.northwind@outlook.com) asking for gift cards; cc it@example.org"
    assert senders_in(text) == ["ceo.northwind@outlook.com"]


def test_an_infostealer_named_only_in_the_text_resets_the_user_named_only_in_the_text() -> None:
    result = triage(
        title="Threat detected: Win32/Spy.RedLine on WS-FIN-0042",
        description="RedLine stealer ran as user m.kowalski on WS-FIN-0042 and sent browser passwords to "
        "185.196.8.22. Action: none.",
        severity="high",
        source="eset",
        raw_data={"threat_name": "Win32/Spy.RedLine.C", "action_taken": "none"},
    )
    assert result.verdict.classification == "malicious"
    assert parameters(result, "isolate_host") == [{"host": "WS-FIN-0042"}]
    assert parameters(result, "reset_credentials") == [{"user": "m.kowalski"}]


# --- tools' own verdicts -----------------------------------------------------------------------


def test_a_detection_an_analyst_classified_false_positive_is_benign() -> None:
    result = triage(
        title="Suspicious PowerShell command line on SRV-APP-02",
        description="Encoded PowerShell run by the deployment agent.",
        source="sentinel",
        raw_data={
            "classification": "FalsePositive",
            "determination": "LineOfBusinessApplication",
            "host": "SRV-APP-02",
        },
    )
    assert result.verdict.classification == "benign"
    assert not {"isolate_host", "disable_user"} & set(names(result))


def test_a_message_the_mail_platform_removed_after_delivery_is_phishing_with_its_sender_blocked() -> None:
    result = triage(
        title="Email messages containing malicious URL removed after delivery",
        description="Zero-hour auto purge removed 14 messages from billing@payments-docusign-inbox.com after delivery.",
        incident_type="phishing",
        source="defender_o365",
    )
    assert (result.playbook, result.verdict.classification) == ("phishing", "malicious")
    assert parameters(result, "block_sender") == [{"sender": "billing@payments-docusign-inbox.com"}]
    assert "quarantine_email" in names(result)


def test_an_identity_risk_detection_of_a_new_geo_location_flags_the_sign_in() -> None:
    result = triage(
        title="Okta: security threat detected for a.ruiz",
        source="okta",
        raw_data={"behaviors": ["New Geo-Location"], "user": "a.ruiz", "failed_logins": 25},
    )
    assert result.playbook == "brute_force"
    assert "The identity provider flags the sign-in: New Geo-Location" in result.verdict.reasoning


def test_a_risk_the_identity_provider_says_was_passed_with_mfa_is_harmless() -> None:
    result = triage(
        title="Entra ID: risky sign-in for l.moreau",
        source="entra_id",
        raw_data={
            "riskEventTypes": ["unfamiliarFeatures"],
            "riskDetail": "userPassedMFADrivenByRiskBasedPolicy",
            "userPrincipalName": "l.moreau@example.org",
        },
    )
    assert result.verdict.classification == "benign"


def test_cloudtrail_turning_off_guardduty_is_malicious() -> None:
    result = triage(
        title="AWS API Call via CloudTrail: DeleteDetector",
        source="cloudtrail",
        raw_data={"detail": {"eventName": "DeleteDetector", "userIdentity": {"type": "Root"}}},
    )
    assert result.verdict.classification == "malicious"


def test_an_edr_removal_said_in_words_lowers_confidence() -> None:
    result = triage(
        title="Adware found on LT-0093",
        description="Adware.Agent found again this week; removed by the AV each time.",
        source="splunk_es",
        raw_data={"signature": "Adware.Agent", "dest": "LT-0093"},
    )
    assert result.verdict.classification == "benign"


# --- operations --------------------------------------------------------------------------------


def test_a_stopped_process_is_restarted_and_the_on_call_told() -> None:
    result = triage(
        title="PROBLEM: slapd process on ldap-02 is CRITICAL",
        description="PROCS CRITICAL: 0 processes with command name 'slapd'.",
        source="nagios",
        raw_data={"host_name": "ldap-02", "service_desc": "slapd", "state": "CRITICAL"},
    )
    assert (result.playbook, result.verdict.classification) == ("availability", "benign")
    assert parameters(result, "restart_service") == [{"service_name": "slapd"}]
    assert parameters(result, "notify") == [{"audience": "on_call"}]


def test_an_informational_alert_pages_nobody() -> None:
    result = triage(
        title="[FIRING:1] CPUThrottlingHigh (ml)",
        description="Processes experience elevated CPU throttling.",
        source="alertmanager",
        raw_data={"status": "firing", "labels": {"alertname": "CPUThrottlingHigh", "severity": "info"}},
    )
    assert result.playbook == "performance"
    assert "notify" not in names(result)


def test_a_ddos_on_a_high_incident_escalates_to_critical() -> None:
    result = triage(
        title="DDoS attack mitigation started for pip-web",
        description="Under DDoS attack: TCP SYN flood against the public address, mitigation triggered.",
        severity="high",
        source="azure_ddos",
    )
    assert (result.playbook, result.verdict.classification) == ("availability", "malicious")
    assert parameters(result, "escalate") == [{"severity": "critical"}]


# --- nothing to go on --------------------------------------------------------------------------


def test_a_content_free_forwarded_alert_is_unknown_but_a_short_tool_event_is_benign() -> None:
    empty = triage(title="Alert", description="New alert received from forwarder.", raw_data={"msg": "alert"})
    assert empty.verdict.classification == "unknown"
    event = triage(title="AWS WAF COUNT: bot control", raw_data={"action": "COUNT", "uri": "/pricing"})
    assert event.verdict.classification == "benign"


# --- people's words ----------------------------------------------------------------------------


def test_ransomware_described_by_a_user_is_malicious_and_isolates_the_laptop() -> None:
    result = triage(
        title="all my files renamed",
        description="Every file on my laptop LT-4411 has a .locked extension and a note asks me to pay in bitcoin.",
        source="teams",
    )
    assert (result.playbook, result.verdict.classification) == ("malware", "malicious")
    assert parameters(result, "isolate_host") == [{"host": "LT-4411"}]


def test_a_keystroke_injection_usb_that_left_a_scheduled_task_is_malicious() -> None:
    result = triage(
        title="USB device typed commands on WS-RCP-0007",
        description="The AV reported a Rubber Ducky style HID attack, and a new scheduled task appeared afterwards.",
        source="user_report",
    )
    assert (result.playbook, result.verdict.classification) == ("malware", "malicious")
    assert "Something set itself to start again ('new scheduled task')" in result.verdict.reasoning


def test_a_flood_of_mfa_pushes_resets_the_targeted_account() -> None:
    result = triage(
        title="Okta: suspicious push activity",
        description="The user received 6 Okta Verify pushes within 2 minutes.",
        source="okta",
        raw_data={"actor": {"alternateId": "e.stone@example.org"}, "outcome": {"result": "SUCCESS"}},
    )
    assert result.playbook == "brute_force"
    assert "A flood of MFA prompts ('6 Okta Verify pushes')" in result.verdict.reasoning
    assert parameters(result, "reset_credentials") == [{"user": "e.stone@example.org"}]


def test_personal_data_in_a_public_bucket_that_strangers_downloaded_is_malicious() -> None:
    result = triage(
        title="SensitiveData:S3Object/Personal in a publicly accessible bucket",
        description="Macie found passport numbers in s3://exports/customers.csv; the access log shows downloads "
        "from unknown addresses.",
        incident_type="data_exfiltration",
        source="securityhub",
        raw_data={"Severity": {"Label": "HIGH"}},
    )
    assert result.verdict.classification == "malicious"
    assert "Outsiders already read the data ('downloads from unknown')" in result.verdict.reasoning


def test_a_network_detection_of_a_hidden_tunnel_is_filed_as_an_intrusion() -> None:
    result = triage(
        title="Detection: Hidden HTTPS Tunnel on SRV-HR-02",
        description="Long-lived hidden HTTPS tunnel to 146.19.191.85 with human-driven timing.",
        source="vectra",
        raw_data={"detection_type": "Hidden HTTPS Tunnel", "certainty": 91},
    )
    assert "The detector files it under an attack stage or threat family ('Hidden HTTPS Tunnel')" in (
        result.verdict.reasoning
    )
    assert result.verdict.classification in ("suspicious", "malicious")
