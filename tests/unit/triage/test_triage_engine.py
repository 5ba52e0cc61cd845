"""The rules engine on realistic incidents: one positive and one benign look-alike per playbook,
the reasoning, the actions and their parameters, playbook choice and override, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from incident_core.alerts.sources.cloudwatch import alerts_from_cloudwatch
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.vocabulary import Severity
from incident_core.triage.engine import (
    ENGINE_VERSION,
    RecommendedAction,
    RulesEngine,
    TriageResult,
    UnknownPlaybook,
    playbook_names,
    select_playbook,
    to_dict,
)
from incident_core.triage.observables import Observable, extract_observables
from incident_core.triage.playbooks.catalog import PLAYBOOKS
from incident_core.triage.playbooks.rules import ActionRule, Indicator
from incident_core.triage.playbooks.validation import validate_playbooks

ROOT = Path(__file__).resolve().parents[3]
ENGINE = RulesEngine()


def incident(**fields: Any) -> dict[str, Any]:
    """An incident as the API shows it (only the fields triage reads, plus a few it must ignore)."""
    base: dict[str, Any] = {
        "id": "inc-1",
        "org_id": "org-1",
        "title": "",
        "description": "",
        "severity": "medium",
        "status": "open",
        "incident_type": None,
        "source": "api",
        "tags": [],
        "affected_systems": [],
        "raw_data": None,
    }
    return base | fields


def triage(data: dict[str, Any], *, playbook: str | None = None) -> TriageResult:
    return ENGINE.triage(data, extract_observables(data), playbook=playbook)


def actions(result: TriageResult, name: str) -> list[dict[str, Any]]:
    return [action.parameters for action in result.recommended_actions if action.action == name]


def action_names(result: TriageResult) -> list[str]:
    return [action.action for action in result.recommended_actions]


def cloudwatch_incident(shape: str) -> dict[str, Any]:
    """The incident the alarm rules open for a sample CloudWatch alarm."""
    event = json.loads((ROOT / "events" / f"alarm_ingest_{shape}.json").read_text())
    [alert] = alerts_from_cloudwatch(event, default_severity=Severity.MEDIUM)
    return incident(
        title=alert.title,
        description=alert.description,
        severity=alert.severity.value,
        incident_type=alert.incident_type,
        source=alert.source,
        tags=list(alert.tags),
        affected_systems=list(alert.affected_systems),
        raw_data=dict(alert.raw_data),
    )


# --- phishing -------------------------------------------------------------------------------

EMAIL_GATEWAY_ALERT = incident(
    title="Email gateway: message with malicious URL and macro attachment delivered to 3 users",
    description=(
        "A message that passed the initial scan was rewritten and retro-actively classified as phish. "
        "It was delivered to 3 recipients in Finance before the URL defense verdict."
    ),
    severity="high",
    incident_type="phishing",
    source="proofpoint",
    tags=["email"],
    raw_data={
        "message_id": "<CAF7x9q2Lk3@mail.paypa1-secure.com>",
        "sender": "PayPal Service <service@paypa1-secure.com>",
        "reply_to": "billing.verify.team@gmail.com",
        "recipients": ["ana.garcia@example.org", "li.wei@example.org", "sam.okafor@example.org"],
        "subject": "Action required: your account has been suspended",
        "headers": {"spf": "softfail", "dkim": "none", "dmarc": "fail"},
        "sender_ip": "185.159.82.14",
        "domain_age_days": 6,
        "urls": ["hxxp://185.159.82.14/paypal/login.php", "https://bit.ly/3xYzAbc"],
        "attachments": [{"filename": "Invoice_77213.docm", "size": 48213, "content_type": "application/msword"}],
        "classification": "phish",
    },
)


def test_email_gateway_phish_is_malicious_with_every_indicator_in_the_reasoning() -> None:
    result = triage(EMAIL_GATEWAY_ALERT)
    verdict = result.verdict
    assert (result.playbook, verdict.category, verdict.classification) == ("phishing", "phishing", "malicious")
    assert verdict.confidence >= 0.95
    reasoning = "\n".join(verdict.reasoning)
    for expected in (
        "Reply-To domain (gmail.com) differs from the sender domain (paypa1-secure.com)",
        "The email gateway classified the message as phish",
        "Email authentication failed",
        "Lookalike domain mail.paypa1-secure.com imitates paypal",
        "Sender domain first seen 6 days ago (< 30)",
        "Link to a raw IP address (http://185.159.82.14/paypal/login.php)",
        "Link through a URL shortener (https://bit.ly/3xYzAbc)",
        "Attachment of a macro or HTML type (Invoice_77213.docm)",
        "Pressure to act fast ('action required')",
    ):
        assert expected in reasoning


def test_email_gateway_phish_recommends_quarantine_block_and_escalation() -> None:
    result = triage(EMAIL_GATEWAY_ALERT)
    [quarantine] = actions(result, "quarantine_email")
    assert quarantine == {
        "message_id": "<CAF7x9q2Lk3@mail.paypa1-secure.com>",
        "sender": "service@paypa1-secure.com",
        "recipient": "ana.garcia@example.org",
        "subject": "Action required: your account has been suspended",
    }
    assert actions(result, "block_sender") == [{"sender": "service@paypa1-secure.com"}]
    assert actions(result, "block_ip") == [{"ip": "185.159.82.14"}]
    assert actions(result, "escalate") == [{"severity": "critical"}]
    assert action_names(result)[-1] == "escalate"


def test_quarantine_parameters_are_whole_values_and_plain_addresses() -> None:
    # A long message id is never shortened, a subject keeps its commas, an address loses its display name.
    message_id = "<" + "AAMkAGI2ZjQ1" * 14 + "@mail.paypa1-secure.com>"
    raw_data = {
        **EMAIL_GATEWAY_ALERT["raw_data"],
        "message_id": message_id,
        "subject": "Invoice 77213, overdue; pay today",
        "recipients": "Ana Garcia <ana.garcia@example.org>, li.wei@example.org",
    }
    [quarantine] = actions(triage(EMAIL_GATEWAY_ALERT | {"raw_data": raw_data}), "quarantine_email")
    assert quarantine == {
        "message_id": message_id,
        "sender": "service@paypa1-secure.com",
        "recipient": "ana.garcia@example.org",
        "subject": "Invoice 77213, overdue; pay today",
    }
    assert len(message_id) > 80  # longer than reasoning quotes a value


def test_a_recipient_without_an_address_is_left_out() -> None:
    raw_data = {**EMAIL_GATEWAY_ALERT["raw_data"], "recipients": ["Finance team"]}
    [quarantine] = actions(triage(EMAIL_GATEWAY_ALERT | {"raw_data": raw_data}), "quarantine_email")
    assert "recipient" not in quarantine


def test_security_playbooks_assign_the_security_team_by_the_catalogs_name() -> None:
    assert actions(triage(EMAIL_GATEWAY_ALERT), "assign") == [{"assigned_team": "security-operations"}]


def test_reported_phish_in_the_description_alone_with_a_defanged_url() -> None:
    """The shape of the E2E check: no raw_data, the headers pasted into the description."""
    data = incident(
        title="User reported a suspicious email: 'Unusual sign-in activity'",
        description=(
            "From: Microsoft account team <no-reply@micros0ft-security.com>\n"
            "Reply-To: account-security-desk@outlook-helpdesk.net\n"
            "Body: We detected unusual sign-in activity. Verify your account and confirm your password "
            "at hxxps://micros0ft-security[.]com/owa/login within 24 hours or it will be closed."
        ),
    )
    observables = {(o.type, o.value) for o in extract_observables(data)}
    assert ("url", "https://micros0ft-security.com/owa/login") in observables
    assert ("domain", "micros0ft-security.com") in observables
    result = triage(data)
    assert result.playbook == "phishing"
    assert result.verdict.classification in ("malicious", "suspicious")
    assert result.verdict.reasoning[0] == (
        "Reply-To domain (outlook-helpdesk.net) differs from the sender domain (micros0ft-security.com)"
    )
    assert "Lookalike domain micros0ft-security.com imitates microsoft" in result.verdict.reasoning
    assert actions(result, "quarantine_email") == [{"sender": "no-reply@micros0ft-security.com"}]


def test_sender_mismatch_and_credential_words_combine_as_one_minus_product() -> None:
    data = incident(
        title="Reported email",
        description="Please confirm your password.",
        raw_data={"sender": "it@corp-helpdesk.com", "reply_to": "helpdesk@protonmail.com"},
    )
    result = triage(data)
    # 1 - (1 - 0.45) * (1 - 0.25) * (1 - 0.2) = 0.67: the mismatch, the password, a webmail Reply-To
    assert (result.verdict.confidence, result.verdict.classification) == (0.67, "suspicious")
    assert len(result.verdict.reasoning) == 3
    assert "block_sender" not in action_names(result)  # only when malicious
    assert "quarantine_email" in action_names(result)


def test_legitimate_hr_newsletter_reported_as_phishing_is_not_malicious() -> None:
    data = incident(
        title="User reported email: Open enrollment reminder",
        description="Reported via the Report Phishing button by j.doe@example.org.",
        incident_type="phishing",
        source="phishalarm",
        raw_data={
            "sender": "Example HR <benefits@example.org>",
            "reply_to": "benefits@hr.example.org",
            "subject": "Open enrollment closes Friday",
            "headers": {"spf": "pass", "dkim": "pass", "dmarc": "pass"},
            "urls": ["https://benefits.example.org/enroll", "https://www.linkedin.com/company/example"],
            "attachments": ["Benefits_Guide_2027.pdf"],
            "domain_age_days": 4380,
        },
    )
    result = triage(data)
    assert result.playbook == "phishing"
    # the mail's facts were looked at and none is a sign of phishing: benign, not "nothing to go on"
    assert result.verdict.classification == "benign"
    assert result.verdict.confidence == 0
    assert result.verdict.reasoning == ["No indicator of the phishing playbook fired"]
    assert not {"quarantine_email", "block_sender", "block_ip", "escalate"} & set(action_names(result))


def test_phishing_simulation_is_benign_although_it_looks_like_phish() -> None:
    data = incident(
        title="Reported phishing: 'Your mailbox is full'",
        description=(
            "Sender: IT Support <it-support@mail-quota-alerts.com>, Reply-To: support@quota-helpdesk.com. "
            "Asks to sign in to increase the quota. Part of the Q4 KnowBe4 phishing simulation."
        ),
    )
    result = triage(data)
    assert result.verdict.classification == "benign"
    assert result.verdict.confidence < 0.4
    assert result.verdict.reasoning[-1] == ("Part of a phishing simulation ('knowbe4'): lowers confidence")
    assert "quarantine_email" not in action_names(result)


@pytest.mark.parametrize(
    ("host", "brand"),
    [
        ("paypa1.com", "paypal"),
        ("paypal-secure-login.com", "paypal"),
        ("secure-paypal.net", "paypal"),
        ("micros0ft-support.net", "microsoft"),
        ("rnicrosoft.com", "microsoft"),
        ("g00gle-docs.com", "google"),
        ("app1e-id.com", "apple"),
        ("1inkedin.com", "linkedin"),
        ("paypal.com.verify-account.io", "paypal"),
        ("dhl-parcel-tracking.info", "dhl"),
        ("docusign-envelope.app", "docusign"),
        ("paypal.com", None),
        ("www.paypal.de", None),
        ("login.microsoftonline.com", None),
        ("example.sharepoint.com", None),
        ("a27-33.smtp-out.amazonses.com", None),
        ("paypal-communication.com", None),
        ("purchase-orders.com", None),
        ("pineapple-farm.com", None),
        ("example.org", None),
    ],
)
def test_lookalike_domains(host: str, brand: str | None) -> None:
    data = incident(title="Reported email", description="Suspicious email reported.", incident_type="phishing")
    result = ENGINE.triage(data, [Observable(type="domain", value=host)])
    lookalikes = [line for line in result.verdict.reasoning if line.startswith("Lookalike")]
    assert lookalikes == ([f"Lookalike domain {host} imitates {brand}"] if brand else [])


# --- brute force / credential stuffing ---------------------------------------------------------

OKTA_SPRAY = incident(
    title="Okta: password spraying from 45.134.26.19",
    description=(
        "ThreatInsight: 312 failed sign-ins for 40 distinct users from a single IP in 15 minutes. "
        "Result: INVALID_CREDENTIALS for every attempt."
    ),
    severity="high",
    incident_type="authentication",
    source="okta",
    raw_data={
        "event_type": "user.session.start",
        "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
        "client": {"ipAddress": "45.134.26.19", "userAgent": "python-requests/2.31", "geo": "RU"},
        "source_ip": "45.134.26.19",
        "failed_logins": 312,
        "target_users": [f"user{n:02d}@example.org" for n in range(40)],
        "window_minutes": 15,
        "successful_logins": 0,
    },
)


def test_password_spray_from_one_source_blocks_the_ip_and_disables_no_one() -> None:
    result = triage(OKTA_SPRAY)
    assert (result.playbook, result.verdict.category) == ("brute_force", "brute_force")
    assert result.verdict.classification == "malicious"
    assert result.verdict.reasoning == [
        "312 failed sign-ins (>= 100)",  # the heaviest of its group only
        "40 distinct accounts tried (>= 10): spraying or stuffing",
        "Described as an attack ('password spraying')",
    ]
    assert result.verdict.confidence == 0.86  # 1 - 0.4 * 0.6 * 0.6
    assert actions(result, "block_ip") == [{"ip": "45.134.26.19"}]
    assert "disable_user" not in action_names(result)
    assert "reset_credentials" not in action_names(result)  # many users: no single account to reset


ENTRA_STUFFING = incident(
    title="Entra ID: risky sign-in for j.smith@example.org after repeated failures",
    description="57 failed sign-ins from 6 countries, then a successful sign-in from 193.42.33.7.",
    severity="high",
    source="entra_id",
    raw_data={
        "userPrincipalName": "j.smith@example.org",
        "failedSignIns": 57,
        "successfulSignIns": 1,
        "sourceIps": ["193.42.33.7", "91.92.240.113", "5.188.206.18", "10.20.0.15", "80.94.95.81", "194.26.29.4"],
        "countries": ["NL", "RU", "BG", "US", "RO", "DE"],
        "riskLevelDuringSignIn": "high",
        "appDisplayName": "Office 365 Exchange Online",
    },
)


def test_one_user_from_many_sources_with_a_success_disables_the_user() -> None:
    result = triage(ENTRA_STUFFING)
    assert result.playbook == "brute_force"
    assert result.verdict.classification == "malicious"
    assert "57 failed sign-ins (>= 20)" in result.verdict.reasoning
    assert "Attempts from 6 distinct sources (>= 5)" in result.verdict.reasoning
    assert "1 sign-in(s) succeeded among the failures" in result.verdict.reasoning
    assert "The identity provider rates the source high" in result.verdict.reasoning
    assert actions(result, "disable_user") == [{"user": "j.smith@example.org"}]
    assert actions(result, "reset_credentials") == [{"user": "j.smith@example.org"}]
    blocked = [parameters["ip"] for parameters in actions(result, "block_ip")]
    assert blocked == ["193.42.33.7", "91.92.240.113", "5.188.206.18", "80.94.95.81", "194.26.29.4"]
    assert "10.20.0.15" not in blocked  # private addresses are never blocked


def test_user_who_mistyped_a_password_on_the_corporate_network_is_not_malicious() -> None:
    data = incident(
        title="Okta: account locked out for m.lee@example.org",
        description="4 failed sign-ins then an account lockout, from the corporate network on a managed device.",
        source="okta",
        raw_data={"user": "m.lee@example.org", "failed_logins": 4, "source_ip": "10.1.4.22", "device": "MBP-0231"},
    )
    result = triage(data)
    assert result.playbook == "brute_force"
    assert result.verdict.classification == "benign"
    assert result.verdict.confidence < 0.4
    assert not {"block_ip", "disable_user", "reset_credentials"} & set(action_names(result))


# --- malware ----------------------------------------------------------------------------------

EDR_ALERT = incident(
    title="CrowdStrike: credential dumping and shadow copy deletion on FIN-WS-042",
    description=(
        "Falcon detected a process tree on FIN-WS-042 dumping LSASS credentials and deleting volume shadow "
        "copies. The host connected to 91.215.85.142 over 443 right after."
    ),
    severity="high",
    incident_type="malware",
    source="crowdstrike",
    affected_systems=["FIN-WS-042"],
    raw_data={
        "hostname": "FIN-WS-042",
        "user_name": "EXAMPLE\\a.khan",
        "local_ip": "10.2.14.77",
        "remote_ip": "91.215.85.142",
        "process_name": "mimikatz.exe",
        "command_line": 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
        "parent_process": "cmd.exe",
        "sha256": "92804faaab2175dc501d73e814663058c78c0a042675a8937266357bcfb96c50",
        "hash_reputation": "malicious",
        "vt_positives": 58,
        "related_commands": [
            "vssadmin.exe delete shadows /all /quiet",
            "powershell.exe -nop -w hidden -enc "
            "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
        ],
        "detection_name": "CredentialAccess/Mimikatz",
    },
)


def test_edr_credential_dumping_isolates_the_host_and_blocks_the_public_peer() -> None:
    result = triage(EDR_ALERT)
    assert (result.playbook, result.verdict.category, result.verdict.classification) == (
        "malware",
        "malware",
        "malicious",
    )
    assert result.verdict.confidence >= 0.95
    assert result.verdict.reasoning == [
        "File hash reputation is malicious",
        "Detected as CredentialAccess/Mimikatz",
        "Credential dumping ('mimikatz')",
        "Shadow copies or backups deleted ('vssadmin.exe delete shadows')",
        # quoted evidence is cut at 80 characters
        "Encoded or download-and-run PowerShell "
        "('powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABO…')",
    ]
    assert actions(result, "isolate_host") == [{"host": "FIN-WS-042"}]
    assert actions(result, "block_ip") == [{"ip": "91.215.85.142"}]  # not 10.2.14.77
    assert actions(result, "reset_credentials") == [{"user": "EXAMPLE\\a.khan"}]
    assert actions(result, "escalate") == [{"severity": "critical"}]


def test_ransom_note_on_a_file_server_is_malicious_and_isolates_the_affected_system() -> None:
    data = incident(
        title="SentinelOne: ransomware behaviour on FS-02",
        description=(
            "Thousands of files renamed to *.lockbit in \\\\FS-02\\shares\\finance; a ransom note "
            "README_TO_DECRYPT.txt was dropped in every folder. wmic shadowcopy delete ran as SYSTEM."
        ),
        severity="critical",
        source="sentinelone",
        affected_systems=["FS-02"],
    )
    result = triage(data)
    assert (result.playbook, result.verdict.classification) == ("malware", "malicious")
    assert "Ransomware sign ('ransomware')" in result.verdict.reasoning
    assert "Shadow copies or backups deleted ('wmic shadowcopy delete')" in result.verdict.reasoning
    assert actions(result, "isolate_host") == [{"host": "FS-02"}]
    assert "escalate" not in action_names(result)  # already critical


def test_admin_psexec_with_a_clean_hash_is_not_malicious() -> None:
    data = incident(
        title="Defender for Endpoint: PsExec used on FS-01",
        description="IT deployed the monthly patch with PsExec from the admin jump host.",
        incident_type="edr_alert",
        source="defender_for_endpoint",
        affected_systems=["FS-01"],
        raw_data={
            "hostname": "FS-01",
            "process_name": "PsExec64.exe",
            "command_line": "PsExec64.exe \\\\FS-01 -s msiexec /i \\\\deploy\\patches\\kb5031356.msi /qn",
            "hash_reputation": "known_good",
            "vt_positives": 0,
            "signer": "Microsoft Corporation",
        },
    )
    result = triage(data)
    assert result.playbook == "malware"
    assert result.verdict.classification == "benign"
    assert result.verdict.reasoning == [
        "Remote execution or attack tool ('PsExec')",
        "Harmless context ('known-good'): lowers confidence",  # the hash reputation known_good
    ]
    assert "isolate_host" not in action_names(result)


def test_eicar_test_file_is_not_malicious() -> None:
    data = incident(
        title="EDR: malware detected in Downloads",
        description="EICAR test file detected and quarantined on LAB-07 during the AV check.",
        incident_type="malware",
        raw_data={"hostname": "LAB-07", "file_name": "eicar.com", "hash_reputation": "malicious", "vt_positives": 62},
    )
    result = triage(data)
    assert result.verdict.classification != "malicious"
    assert result.verdict.reasoning[-1] == "A test file or authorised test ('eicar test file'): lowers confidence"
    assert "isolate_host" not in action_names(result)


# --- data exfiltration ------------------------------------------------------------------------

DLP_ALERT = incident(
    title="DLP: 7.9 GB uploaded to personal cloud storage by d.novak",
    description=(
        "Netskope DLP policy 'PII - Customer Data' matched an upload to mega.nz from LT-DNOVAK outside business "
        "hours. First transfer to this destination for the user."
    ),
    severity="high",
    incident_type="dlp",
    source="netskope",
    affected_systems=["LT-DNOVAK"],
    raw_data={
        "user": "d.novak@example.org",
        "hostname": "LT-DNOVAK",
        "bytes_out": 7945689497,
        "destination_domain": "mega.nz",
        "destination_ip": "31.216.144.5",
        "url": "https://mega.nz/file/8Qx1AbCd#k3y",
        "files": ["customer_export_2026.zip"],
        "dlp_policy": "PII - Customer Data",
        "first_seen_destination": True,
        "local_time": "02:14",
    },
)


def test_dlp_upload_to_personal_storage_is_malicious_and_involves_privacy() -> None:
    result = triage(DLP_ALERT)
    assert (result.playbook, result.verdict.category, result.verdict.classification) == (
        "data_exfiltration",
        "data_exfiltration",
        "malicious",
    )
    assert result.verdict.reasoning == [
        "Large outbound transfer: 7.9 GB (>= 1 GB)",
        "First transfer to this destination (true)",
        "Data archived before the transfer ('customer_export_2026.zip')",
        "Upload to personal cloud storage or file sharing (mega.nz)",
        "Sensitive data involved ('pii')",
        "Outside working hours ('outside business hours')",
    ]
    assert actions(result, "block_ip") == [{"ip": "31.216.144.5"}]
    assert actions(result, "disable_user") == [{"user": "d.novak@example.org"}]
    assert actions(result, "notify") == [{"audience": "privacy"}]
    assert result.verdict.confidence == 0.89  # 1 - 0.55 * 0.7 * 0.7 * 0.65 * 0.75 * 0.85
    assert "escalate" not in action_names(result)  # from 0.9 on


def test_transfer_sizes_written_with_units_count() -> None:
    data = incident(
        title="Unusual data transfer", description="Outbound transfer flagged.", incident_type="exfiltration"
    )
    for size, expected in (("5.2 GB", "5.2 GB"), ("12 GiB", "12.9 GB"), ("900 MB", None)):
        result = triage(data | {"raw_data": {"bytes_sent": size}})
        fired = [line for line in result.verdict.reasoning if "outbound transfer:" in line]
        if expected is None:
            assert fired == []
        else:
            assert expected in fired[0]


def test_nightly_backup_to_the_corporate_bucket_is_not_malicious() -> None:
    data = incident(
        title="Large outbound transfer from backup-01",
        description="42 GB sent to S3 by the nightly backup job to the corporate tenant bucket.",
        incident_type="data_exfiltration",
        source="vpc_flow_logs",
        raw_data={
            "host": "backup-01",
            "bytes_out": 42_000_000_000,
            "destination_domain": "example-backups.s3.us-east-1.amazonaws.com",
            "destination_ip": "52.216.110.35",
        },
    )
    result = triage(data)
    assert result.playbook == "data_exfiltration"
    assert result.verdict.classification == "benign"
    # 0.6 (>= 10 GB) * (1 - 0.75): of the harmless signs ("nightly backup") only the heaviest counts
    assert result.verdict.confidence == 0.15
    assert "Harmless context ('nightly backup'): lowers confidence" in result.verdict.reasoning
    assert not {"block_ip", "disable_user", "notify"} & set(action_names(result))


# --- availability -----------------------------------------------------------------------------


def test_cloudwatch_5xx_alarm_is_an_availability_incident_not_a_security_one() -> None:
    result = triage(cloudwatch_incident("sns"))
    assert (result.playbook, result.verdict.category, result.verdict.classification) == (
        "availability",
        "availability",
        "benign",
    )
    assert result.verdict.confidence >= 0.7
    assert "Alarm on an availability metric (HTTPCode_Target_5XX_Count)" in result.verdict.reasoning
    assert "The monitor is firing (state ALARM)" in result.verdict.reasoning
    assert actions(result, "restart_service") == [{"service_name": "app/prod-checkout-alb/50dc6c495c0c9188"}]
    assert actions(result, "notify") == [{"audience": "on_call"}]
    assert "escalate" not in action_names(result)  # the alarm is critical already
    assert not {"block_ip", "isolate_host", "disable_user"} & set(action_names(result))


def test_synthetic_check_outage_restarts_the_service_and_escalates() -> None:
    data = incident(
        title="Pingdom: checkout-api is down",
        description="checkout-api is not responding: 503 Service Unavailable from 4 of 4 probe locations. "
        "Health checks failing since 09:14 UTC; gateway timeout on /api/v2/cart.",
        severity="medium",
        source="pingdom",
        raw_data={"service": "checkout-api", "status_code": 503, "error_rate": 38.5, "healthy_host_count": 0},
    )
    result = triage(data)
    assert result.playbook == "availability"
    assert result.verdict.classification == "benign"
    assert result.verdict.confidence >= 0.9
    assert result.verdict.reasoning[:2] == ["Reported down ('down')", "Timeouts ('gateway timeout')"]
    assert "Error rate 38.5% (>= 5%)" in result.verdict.reasoning
    assert "Healthy hosts: 0" in result.verdict.reasoning
    assert actions(result, "restart_service") == [{"service_name": "checkout-api"}]
    assert actions(result, "escalate") == [{"severity": "critical"}]  # only the highest escalation


def test_planned_maintenance_is_not_malicious_and_restarts_nothing() -> None:
    data = incident(
        title="checkout-api down for planned maintenance",
        description="Scheduled maintenance window 02:00-03:00 UTC: checkout-api is unavailable during the upgrade.",
        source="statuspage",
        raw_data={"service": "checkout-api"},
    )
    result = triage(data)
    assert result.playbook == "availability"
    assert result.verdict.classification == "benign"
    assert result.verdict.confidence < 0.4
    assert "restart_service" not in action_names(result)
    assert "escalate" not in action_names(result)


# --- performance ------------------------------------------------------------------------------


def test_apm_latency_and_saturation_alert_is_a_performance_incident() -> None:
    data = incident(
        title="[Triggered] p99 latency on checkout-service above 2s",
        description=(
            "p99 latency 2350 ms over the last 10 min (threshold 2000 ms). CPU at 96% on 4 of 6 pods; "
            "the orders queue depth keeps growing."
        ),
        severity="high",
        incident_type="performance",
        source="datadog_apm",
        affected_systems=["checkout-service"],
        raw_data={"service": "checkout-service", "p99_latency_ms": 2350, "cpu_percent": 96.4, "queue_depth": 18250},
    )
    result = triage(data)
    assert (result.playbook, result.verdict.category, result.verdict.classification) == (
        "performance",
        "performance",
        "benign",
    )
    assert result.verdict.confidence >= 0.85
    assert result.verdict.reasoning == [
        "Slow responses ('p99')",
        "Latency 2350 ms (>= 1000 ms)",
        "Resource saturation ('cpu at 96%')".replace("cpu", "CPU"),
        "Queue depth 18250 (>= 1000)",
    ]
    assert actions(result, "restart_service") == [{"service_name": "checkout-service"}]
    assert "escalate" not in action_names(result)  # high already
    assert not {"block_ip", "isolate_host"} & set(action_names(result))


def test_cloudwatch_cpu_alarm_is_a_performance_incident() -> None:
    result = triage(cloudwatch_incident("eventbridge"))
    assert (result.playbook, result.verdict.classification) == ("performance", "benign")
    assert "Alarm on a performance metric (CPUUtilization)" in result.verdict.reasoning
    assert actions(result, "notify") == [{"audience": "on_call"}]
    assert "restart_service" not in action_names(result)  # not sure enough to restart a database


def test_capacity_report_with_normal_numbers_is_not_an_incident_to_act_on() -> None:
    data = incident(
        title="Weekly capacity report: checkout-service",
        description="p99 latency 180 ms, CPU at 42%, memory at 61%. Nothing to do.",
        incident_type="performance",
        raw_data={"service": "checkout-service", "p99_latency_ms": 180, "cpu_percent": 42, "memory_percent": 61},
    )
    result = triage(data)
    assert result.verdict.classification == "benign"
    assert result.verdict.confidence < 0.4
    assert action_names(result) == []


# --- generic, choice of playbook, override ----------------------------------------------------


def test_incident_no_playbook_matches_goes_to_generic_as_unknown() -> None:
    result = triage(incident(title="Printer on floor 3 out of toner", description="Please refill the toner."))
    assert (result.playbook, result.verdict.category, result.verdict.classification) == (
        "generic",
        "generic",
        "unknown",
    )
    assert result.verdict.confidence == 0
    assert actions(result, "add_tags") == [{"tags": ["needs-review"]}]
    assert actions(result, "notify") == [{"audience": "on_call"}]


def test_generic_exploitation_report_is_suspicious() -> None:
    data = incident(
        title="Edge firewall exploited",
        description="Vendor advisory: CVE-2024-3400 exploited in the wild; our GlobalProtect portal is exposed.",
    )
    result = triage(data)
    assert result.playbook == "generic"
    assert result.verdict.classification == "suspicious"
    assert result.verdict.reasoning == [
        "Signs of compromise ('exploited')",
        "References a vulnerability (CVE-2024-3400)",
    ]


def test_a_phish_that_threatens_a_shutdown_is_still_phishing() -> None:
    data = incident(
        title="Reported phishing: mailbox will be shut down",
        description="Suspicious email says the mailbox goes down today unless the user signs in to verify.",
    )
    assert triage(data).playbook == "phishing"


def test_named_playbook_overrides_the_match() -> None:
    assert triage(EMAIL_GATEWAY_ALERT, playbook="generic").playbook == "generic"
    operational = triage(EMAIL_GATEWAY_ALERT, playbook="availability")
    # The operational playbook's rules see no outage attack in a phishing alert (benign); the learned scorer
    # reads the alert's words and raises it: a phishing mail is malicious whatever playbook is asked for.
    assert (operational.playbook, operational.verdict.classification) == ("availability", "malicious")
    assert select_playbook(EMAIL_GATEWAY_ALERT).name == "phishing"
    assert select_playbook(EMAIL_GATEWAY_ALERT, name="malware").name == "malware"


def test_unknown_playbook_is_refused() -> None:
    with pytest.raises(UnknownPlaybook) as error:
        triage(EMAIL_GATEWAY_ALERT, playbook="phishing-v2")
    assert isinstance(error.value, ValueError)
    assert error.value.name == "phishing-v2"
    assert "phishing, brute_force" in str(error.value)


def test_playbook_names_lists_at_least_the_six_and_generic_last() -> None:
    names = playbook_names()
    assert names[-1] == "generic"
    assert {"phishing", "brute_force", "malware", "data_exfiltration", "availability", "performance"} <= set(names)


# --- shape, determinism, data checks ----------------------------------------------------------


def test_result_shape_and_json() -> None:
    result = triage(EMAIL_GATEWAY_ALERT)
    assert (result.engine, result.engine_version) == ("rules", ENGINE_VERSION) == (ENGINE.name, ENGINE.version)
    assert ENGINE_VERSION.startswith("rules-")
    data = to_dict(result)
    assert set(data) == {"verdict", "recommended_actions", "playbook", "engine", "engine_version"}
    assert set(data["verdict"]) == {"classification", "confidence", "category", "reasoning"}
    assert all(set(action) == {"action", "reason", "parameters"} for action in data["recommended_actions"])
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    # the result's parameters are copies: changing them does not change the playbook data
    data["recommended_actions"][0]["parameters"]["x"] = 1
    [tagging] = [action for action in result.recommended_actions if action.action == "add_tags"]
    tagging.parameters["tags"].append("changed")
    assert triage(EMAIL_GATEWAY_ALERT) != result
    assert actions(triage(EMAIL_GATEWAY_ALERT), "add_tags") == [{"tags": ["phishing"]}]


def test_actions_come_from_the_catalog_and_confidence_has_two_decimals() -> None:
    catalog = {"quarantine_email", "block_sender", "block_ip", "disable_user", "reset_credentials", "isolate_host"}
    catalog |= {"restart_service", "escalate", "notify", "add_tags", "assign"}
    for data in (EMAIL_GATEWAY_ALERT, OKTA_SPRAY, ENTRA_STUFFING, EDR_ALERT, DLP_ALERT):
        result = triage(data)
        assert {action.action for action in result.recommended_actions} <= catalog
        assert all(isinstance(action, RecommendedAction) for action in result.recommended_actions)
        assert 0 <= result.verdict.confidence <= 1 and round(result.verdict.confidence, 2) == result.verdict.confidence


def test_same_input_same_output() -> None:
    for data in (EMAIL_GATEWAY_ALERT, OKTA_SPRAY, ENTRA_STUFFING, EDR_ALERT, DLP_ALERT):
        assert to_dict(triage(data)) == to_dict(triage(json.loads(json.dumps(data))))


def test_same_output_under_different_hash_seeds() -> None:
    """No set or hash order leaks into results: two interpreters with other seeds agree."""
    script = (
        "import json, sys\n"
        "from tests.unit.triage.test_triage_engine import ALL_POSITIVES, triage\n"
        "from incident_core.triage.engine import to_dict\n"
        "print(json.dumps([to_dict(triage(data)) for data in ALL_POSITIVES], sort_keys=True))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers/incident_core'}"}
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].startswith("[")


ALL_POSITIVES = (EMAIL_GATEWAY_ALERT, OKTA_SPRAY, ENTRA_STUFFING, EDR_ALERT, DLP_ALERT)


def test_playbook_data_is_valid_and_bad_data_is_refused() -> None:
    validate_playbooks()
    phishing = PLAYBOOKS[0]
    bad_action = replace(phishing, actions=(ActionRule(action="format_disk", reason="no"),))
    bad_weight = replace(
        phishing, indicators=(Indicator(id="x", kind="keyword_any", weight=1.5, reason="r", terms=("a",)),)
    )
    bad_kind = replace(phishing, indicators=(Indicator(id="x", kind="nope", weight=0.5, reason="r"),))  # type: ignore[arg-type]
    bad_regex = replace(
        phishing, indicators=(Indicator(id="x", kind="pattern_any", weight=0.5, reason="r", terms=("(",)),)
    )
    for playbook in (bad_action, bad_weight, bad_kind):
        with pytest.raises(ValueError, match=r"format_disk|weight|kind"):
            validate_playbooks((playbook, *PLAYBOOKS[1:]))
    with pytest.raises(Exception, match="missing"):
        validate_playbooks((bad_regex, *PLAYBOOKS[1:]))
    with pytest.raises(ValueError, match="generic"):
        validate_playbooks(PLAYBOOKS[:-1])


def test_label_lines_in_the_description_stand_in_for_raw_data() -> None:
    data = incident(
        title="Auth0: repeated login failures",
        description="Failed logins: 1,204\nSource IP: 103.251.167.20\nUser: svc-reporting@example.org",
    )
    result = triage(data)
    assert result.playbook == "brute_force"
    assert result.verdict.reasoning[0] == "1204 failed sign-ins (>= 100)"
    assert actions(result, "block_ip") == [{"ip": "103.251.167.20"}]
    assert actions(result, "reset_credentials") == [{"user": "svc-reporting@example.org"}]


@pytest.mark.parametrize("playbook", [None, *playbook_names()])
def test_odd_incidents_do_not_break_the_engine(playbook: str | None) -> None:
    nested: dict[str, Any] = {}
    level = nested
    for _ in range(500):
        level["child"] = {"value": "x"}
        level = level["child"]
    odd = incident(
        title=None,
        description=None,
        severity=None,
        incident_type=7,
        source=None,
        tags=[None, 3, "ok"],
        affected_systems=None,
        raw_data={
            "failed_logins": 10**400,
            "bytes_out": float("nan"),
            "sender": {"display": ["Bob", {"address": "bob@example.com"}]},
            "reply_to": True,
            "nested": nested,
            "attachments": [None, 5, {"filename": None}],
            "target_users": [{"name": "a"}, {"name": "a"}, None],
        },
    )
    result = ENGINE.triage(odd, [Observable(type="ipv4", value="not-an-ip", private=False)], playbook=playbook)
    assert result.verdict.classification in ("malicious", "suspicious", "benign", "unknown")
    assert "block_ip" not in action_names(result)
    json.dumps(to_dict(result), allow_nan=False)


# ---------------------------------------------------------------- issue 16's named defects and verdict rules


def test_seed_001_gateway_example_is_malicious_and_quarantined_and_blocked() -> None:
    data = incident(
        title="Phishing from email_gateway: Important Document",
        incident_type="phishing",
        source="email_gateway",
        raw_data={
            "message_id": "AAMkAGI2...",
            "sender": "unknown@domain.com",
            "recipient": "employee@company.com",
            "subject": "Important Document",
            "received_at": "2024-01-15T10:00:00Z",
        },
    )
    result = triage(data)
    assert (result.playbook, result.verdict.classification) == ("phishing", "malicious")
    assert "Filed as phishing by the mail gateway (email gateway) itself, with no finer verdict" in (
        result.verdict.reasoning
    )
    assert actions(result, "block_sender") == [{"sender": "unknown@domain.com"}]
    assert "quarantine_email" in action_names(result)


def test_a_gateways_spam_verdict_outweighs_its_filing_as_phishing() -> None:
    data = incident(
        title="TAP: spam delivered - Weekly digest",
        incident_type="phishing",
        source="proofpoint",
        raw_data={"sender": "digest@slack.com", "threatsInfoMap": [{"classification": "spam"}]},
    )
    result = triage(data)
    assert result.verdict.classification == "benign"
    assert not {"quarantine_email", "block_sender"} & set(action_names(result))


def test_obvious_phishing_mail_is_malicious() -> None:
    data = incident(
        title="Phishing: 'Verify your account' from paypa1-security.com",
        description="Sender security@paypa1-security.com, Reply-To verify@paypa1-help.ru, 'Your account will be "
        "suspended within 24 hours, verify your account now', link to http://185.234.219.12/paypal/login.",
        severity="high",
        raw_data={"sender": "security@paypa1-security.com", "reply_to": "verify@paypa1-help.ru", "spf": "fail"},
    )
    result = triage(data)
    assert (result.playbook, result.verdict.classification) == ("phishing", "malicious")
    assert {"quarantine_email", "block_sender"} <= set(action_names(result))


def test_hundreds_of_failed_logins_in_a_password_spray_are_malicious_and_acted_on() -> None:
    data = incident(
        title="Hundreds of failed logins across many users - password spraying",
        description="Hundreds of failed logins across many users in 15 minutes from 193.142.146.35.",
        source="okta",
        raw_data={"failed_logins": 380, "source_ips": ["193.142.146.35", "193.142.146.36"]},
    )
    result = triage(data)
    assert (result.playbook, result.verdict.classification) == ("brute_force", "malicious")
    assert actions(result, "block_ip") == [{"ip": "193.142.146.35"}, {"ip": "193.142.146.36"}]


def test_an_approved_penetration_test_is_benign() -> None:
    data = incident(
        title="Okta: password spray from the approved penetration test",
        description="Expected spray from the approved penetration test (change CHG-20431).",
        source="okta",
        raw_data={"failed_logins": 310, "source_ips": ["185.220.101.34"]},
    )
    result = triage(data)
    assert result.verdict.classification == "benign"
    assert "block_ip" not in action_names(result)


def test_a_documentation_address_is_not_private_and_never_blocked() -> None:
    data = incident(
        title="Connection to 203.0.113.7 flagged by the threat intel feed",
        raw_data={"dest_ip": "203.0.113.7", "src_ip": "203.0.113.7", "host": "build-agent-3"},
    )
    [address] = [o for o in extract_observables(data) if o.type == "ipv4"]
    assert address.to_dict()["private"] is False
    result = triage(data)
    assert result.verdict.classification == "suspicious"
    assert "block_ip" not in action_names(result)


def test_nothing_to_go_on_is_unknown_but_a_tool_event_without_signs_is_benign() -> None:
    vague = triage(incident(title="something odd", description="Not sure what happened, can someone look?"))
    assert vague.verdict.classification == "unknown"
    event = triage(incident(title="AWS WAF COUNT: bot control", raw_data={"action": "COUNT", "uri": "/pricing"}))
    assert (event.verdict.classification, event.verdict.confidence) == ("benign", 0)


@pytest.mark.parametrize(
    "raw_data",
    [
        {"id": 88123, "type": "detect", "state": "", "computerName": ""},  # ids and empty strings
        {"sitename": "%sitename", "device": "%device", "status": "%status", "message": "%message"},  # unfilled
        {"alertid": "LMS88231", "incidentId": "318842", "flow_id": None, "alert": True, "verdict": "n/a"},
    ],
)
def test_raw_data_of_ids_blanks_and_unfilled_fields_is_nothing_to_go_on(raw_data: dict[str, Any]) -> None:
    """Stored as the service stores a body without title and description: the title and description it
    writes from raw_data ("Incident reported by prtg. sitename: %sitename; ...") repeat it and name nothing."""
    body = IncidentCreate.model_validate({"severity": "medium", "source": "prtg", "raw_data": raw_data})
    assert triage(body.model_dump(mode="json", exclude_none=True)).verdict.classification == "unknown"


def test_raw_data_with_three_values_that_say_something_is_something_to_go_on() -> None:
    raw_data = {"id": 1, "device": "TWH-NOR-SQL02", "sensor": "Disk free C:", "message": "12% free"}
    body = IncidentCreate.model_validate({"severity": "medium", "source": "prtg", "raw_data": raw_data})
    assert triage(body.model_dump(mode="json", exclude_none=True)).verdict.classification == "benign"


@pytest.mark.parametrize(
    ("title", "description", "raw_data"),
    [
        ("Gcore notification", "Notification GC-77120, no details attached.", {"client_id": 418832}),
        ("Securonix incident 318842", "Incident 318842 opened in SNYPR. See console.", {"incidentStatus": "OPEN"}),
        ("Alert acknowledged", "Paged and acknowledged by the on-call engineer; no further details.", {}),
    ],
)
def test_a_report_that_says_it_holds_nothing_is_nothing_to_go_on(
    title: str, description: str, raw_data: dict[str, Any]
) -> None:
    assert triage(incident(title=title, description=description, raw_data=raw_data)).verdict.classification == "unknown"


def test_a_report_that_says_no_details_but_holds_facts_is_judged_on_them() -> None:
    raw_data = {"device": "TWH-NOR-SQL02", "sensor": "Disk free C:", "message": "12% free"}
    data = incident(title="PRTG: disk space", description="No details in the mail, see the sensor.", raw_data=raw_data)
    assert triage(data).verdict.classification == "benign"
    sender = incident(title="Flagged sender", description="No further details.", raw_data={"from": "x@example.net"})
    assert triage(sender).verdict.classification == "suspicious"  # a flagged sender's address: something to judge


def test_a_ddos_is_malicious_although_availability_is_operational() -> None:
    data = incident(
        title="DDoS detected on prod-web-alb: HTTP flood",
        description="A layer 7 HTTP flood against prod-web-alb; the ALB has no healthy hosts.",
        raw_data={"attack_vector": "HTTP_FLOOD", "healthy_host_count": 0},
    )
    result = triage(data)
    assert (result.playbook, result.verdict.classification) == ("availability", "malicious")


@pytest.mark.parametrize(
    ("finding", "classification"),
    [
        ("Backdoor:EC2/C&CActivity.B", "malicious"),
        ("Stealth:IAMUser/CloudTrailLoggingDisabled", "malicious"),
        ("UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B", "malicious"),
        ("Policy:IAMUser/RootCredentialUsage", "suspicious"),
        ("Recon:EC2/PortProbeUnprotectedPort", "benign"),
    ],
)
def test_a_cloud_findings_family_is_the_detectors_own_judgement(finding: str, classification: str) -> None:
    data = incident(title=f"GuardDuty finding {finding}", source="guardduty", raw_data={"type": finding})
    assert triage(data).verdict.classification == classification
