"""Expansion split, part 3: mail security (Ironscales, Harmony Email, Tessian, Material Security, Cofense Triage)."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import BEN, EXFIL, GENERIC, MAL, PHISHING, SUS, UNK, Expected, alert
from tests.data.triage.labels import Case

PULL = ["quarantine_email", "block_sender"]


def ironscales(
    n: int,
    subject: str,
    sender: str,
    verdict: str,
    mailboxes: int,
    expected: Expected,
    severity: str = "high",
    **extra: Any,
) -> Case:
    raw = {
        "incidentID": 991200 + n,
        "classification": verdict,
        "emailSubject": subject,
        "senderEmail": sender,
        "affectedMailboxCount": mailboxes,
        "themisVerdict": verdict,
        "firstReportedBy": "",
        **extra,
    }
    return alert(
        f"exp-ironscales-{n:03d}",
        "IRONSCALES",
        expected,
        f"IRONSCALES incident: {subject}",
        f"Themis verdict {verdict}; sender {sender}; {mailboxes} mailboxes affected.",
        severity,
        "ironscales",
        raw,
    )


IRONSCALES = [
    ironscales(
        1,
        "Fernhill Energy - Q4 bonus letter (signature required)",
        "hr-notices@fernhill-energy.co",
        "Phishing",
        57,
        (MAL, PHISHING, PULL),
        linksCount=1,
        spfResult="pass",
        replyTo="payroll.fhe@outlook.com",
        links=["https://fernhill-energy-co.sharepoint-docs.net/bonus"],
    ),
    ironscales(
        2,
        "Your Microsoft 365 trial has ended",
        "no-reply@microsoft.com",
        "Legit",
        3,
        (BEN, PHISHING, []),
        severity="low",
        spfResult="pass",
        dkimResult="pass",
        firstReportedBy="l.moreau@fernhill-energy.com",
    ),
    ironscales(
        3,
        "Re: Pipeline inspection - revised PO",
        "accounts@hartwell-valves.com",
        "Suspicious",
        2,
        (SUS, PHISHING, ["quarantine_email"]),
        severity="medium",
        attachmentsCount=1,
        attachments=["PO_44812_rev2.html"],
        note="Known supplier domain; thread hijack not confirmed",
    ),
    ironscales(
        4,
        "Webinar: Grid resilience in 2027",
        "events@energy-insights-news.com",
        "Spam",
        140,
        (BEN, PHISHING, []),
        severity="low",
        listUnsubscribe=True,
    ),
]


def harmony(
    n: int,
    kind: str,
    confidence: str,
    state: str,
    subject: str,
    sender: str,
    description: str,
    expected: Expected,
    severity: int = 4,
) -> Case:
    raw = {
        "eventId": f"f1e2d3c4{n:04d}",
        "type": kind,
        "severity": str(severity),
        "state": state,
        "confidenceIndicator": confidence,
        "saas": "office365_emails",
        "description": description,
        "senderAddress": sender,
        "subject": subject,
        "entityLink": f"https://portal.checkpoint.com/e/{n}",
    }
    return alert(
        f"exp-harmony-{n:03d}",
        "Check Point Harmony Email (Avanan)",
        expected,
        None,
        None,
        {5: "critical", 4: "high", 3: "medium"}.get(severity, "low"),
        "avanan",
        raw,
    )


HARMONY = [
    harmony(
        1,
        "phishing",
        "malicious",
        "detected",
        "Voice message (0:38) for s.banerjee",
        "voicemail@fhe-vm.net",
        "Link leads to a credential harvesting page imitating the Microsoft sign-in; 12 users received it, 2 clicked.",
        (MAL, PHISHING, ["quarantine_email", "block_sender", "reset_credentials"]),
    ),
    harmony(
        2,
        "malware",
        "malicious",
        "remediated",
        "Remittance advice 30/11",
        "ar@lindqvist-logistik.se",
        "Attachment remittance.img contained an LNK launching mshta. Quarantined before delivery.",
        (BEN, PHISHING, []),
        severity=3,
    ),
    harmony(
        3,
        "anomaly",
        "suspicious",
        "detected",
        "(no subject)",
        "c.ortega@fernhill-energy.com",
        "Internal mailbox sent 800 messages with a Dropbox link to external contacts in 10 minutes.",
        (MAL, PHISHING, ["quarantine_email", "disable_user", "reset_credentials"]),
        severity=5,
    ),
    harmony(
        4,
        "dlp",
        "suspicious",
        "detected",
        "FW: customer meter readings export",
        "t.nakamura@fernhill-energy.com",
        "Outbound mail to t.nakamura.home@gmail.com with meter_readings_2026.xlsx (41,000 customer addresses).",
        (SUS, EXFIL, ["notify"]),
    ),
]


def tessian(
    n: int,
    kind: str,
    outcome: str,
    subject: str,
    sender: str,
    recipients: list[str],
    reason: str,
    expected: Expected,
    severity: str = "medium",
) -> Case:
    raw = {
        "type": kind,
        "outcome": outcome,
        "subject": subject,
        "sender": sender,
        "recipients": recipients,
        "reason": reason,
        "portal_link": f"https://fernhill.tessian-platform.com/events/{n}",
    }
    return alert(
        f"exp-tessian-{n:03d}", "Tessian", expected, f"Tessian {kind}: {subject}", reason, severity, "tessian", raw
    )


TESSIAN = [
    tessian(
        1,
        "GUARDIAN_MISDIRECTED",
        "user_corrected",
        "Draft contract - Hollis Wind Farm",
        "g.adeyemi@fernhill-energy.com",
        ["george.adams@hollis-wind.com"],
        "Unusual recipient for this thread; the user replaced it with the intended one before sending.",
        (BEN, EXFIL, []),
        severity="low",
    ),
    tessian(
        2,
        "ENFORCER_UNAUTHORIZED",
        "user_proceeded",
        "my stuff",
        "b.novak@fernhill-energy.com",
        ["bnovak1987@yahoo.com"],
        "Sent 14 attachments (engineering drawings marked CONFIDENTIAL) to a personal address; the user gave "
        "notice last week.",
        (MAL, EXFIL, ["disable_user", "notify"]),
        severity="high",
    ),
    tessian(
        3,
        "DEFENDER",
        "warned",
        "Updated banking details for December invoices",
        "finance@hartweII-valves.com",
        ["ap@fernhill-energy.com"],
        "Look-alike of a known supplier domain (capital I for l), first time seen, asks to change bank details.",
        (MAL, PHISHING, PULL),
        severity="high",
    ),
    tessian(
        4,
        "GUARDIAN_MISDIRECTED",
        "user_proceeded",
        "Payslips November",
        "payroll@fernhill-energy.com",
        ["j.smith@fernhillenergy.com"],
        "Sent to a similar-looking external domain instead of the internal one; 3 payslips attached.",
        (SUS, EXFIL, ["notify"]),
    ),
]


def material(
    n: int,
    alert_type: str,
    subject: str,
    sender: str,
    verdict: str,
    recipients: int,
    remediation: str,
    expected: Expected,
    severity: str = "high",
) -> Case:
    raw = {
        "alert_type": alert_type,
        "message_subject": subject,
        "sender": sender,
        "verdict": verdict,
        "recipient_count": recipients,
        "remediation": remediation,
    }
    return alert(
        f"exp-material-{n:03d}",
        "Material Security",
        expected,
        f"Material: {alert_type} - {subject}",
        f"{alert_type}: '{subject}' from {sender} to {recipients} recipients. Verdict {verdict}. "
        f"Remediation: {remediation}.",
        severity,
        "material_security",
        raw,
    )


MATERIAL = [
    material(
        1,
        "Phishing",
        "DocuSign: Fernhill - Settlement agreement",
        "dse@docusign-mail.net",
        "malicious",
        31,
        "none yet",
        (MAL, PHISHING, PULL),
    ),
    material(
        2,
        "Account Takeover",
        "Password reset code",
        "no-reply@accounts.google.com",
        "suspicious",
        1,
        "none",
        (SUS, GENERIC, ["reset_credentials"]),
        severity="medium",
    ),
    material(
        3,
        "Phishing",
        "IT Survey 2026 - tell us how we did",
        "survey@fernhill-energy.com",
        "benign",
        600,
        "none",
        (BEN, PHISHING, []),
        severity="low",
    ),
]


def cofense(
    n: int,
    subject: str,
    sender: str,
    category: str,
    risk: int,
    reports: int,
    expected: Expected,
    tags: list[str] | None = None,
) -> Case:
    raw = {
        "id": 77100 + n,
        "type": "reports",
        "attributes": {
            "from_address": sender,
            "subject": subject,
            "location": "Processed",
            "risk_score": risk,
            "match_priority": 5 if risk >= 80 else 2,
            "categorization_tags": tags or [],
            "reporter_count": reports,
        },
        "category": {"name": category},
    }
    severity = "high" if risk >= 80 else "medium" if risk >= 40 else "low"
    return alert(
        f"exp-cofense-{n:03d}",
        "Cofense Triage",
        expected,
        None,
        None,
        severity,
        "cofense_triage",
        raw,
        kind="reported_email",
    )


COFENSE = [
    cofense(
        1,
        "Shared with you: 'Fernhill salary bands 2027.xlsx'",
        "share@fhe-onedrive.com",
        "Crimeware",
        92,
        18,
        (MAL, PHISHING, PULL),
        ["credential_harvest"],
    ),
    cofense(
        2,
        "Action needed: confirm your benefits elections",
        "benefits@fernhill-energy.com",
        "Phishing Simulation",
        10,
        44,
        (BEN, PHISHING, []),
        ["cofense_phishme_scenario"],
    ),
    cofense(3, "Fwd: (no subject)", "k.oduya@fernhill-energy.com", "Uncategorized", 0, 1, (UNK, PHISHING, [])),
    cofense(
        4,
        "Final notice: outstanding toll charges",
        "tolls@ezpass-noticeservice.com",
        "Crimeware",
        85,
        6,
        (MAL, PHISHING, PULL),
        ["smishing_lure"],
    ),
    cofense(5, "Black Friday: 60% off safety boots", "deals@workwear-outlet.com", "Spam", 35, 3, (BEN, PHISHING, [])),
]


CASES = [*IRONSCALES, *HARMONY, *TESSIAN, *MATERIAL, *COFENSE]
