"""Held-out split, part 1 (never read while tuning rules): SentinelOne, Defender for Endpoint,
Mimecast, Defender for Office 365, Entra ID sign-ins, Purview DLP, Code42 Incydr."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"
PHISH_BLOCK = ["quarantine_email", "block_sender"]


def sentinelone(
    n: int,
    threat: str,
    endpoint: str,
    file_path: str,
    confidence: str,
    expected: tuple[str, str, list[str]],
    **more: Any,
) -> Case:
    classification = more.pop("classification", "Malware")
    return case(
        f"ho-s1-{n:03d}",
        "SentinelOne",
        expected,
        title=f"SentinelOne threat: {threat} ({confidence}) on {endpoint}",
        description=more.pop(
            "description",
            f"Agent on {endpoint} reported {threat}, {classification}, "
            f"confidence level {confidence}. Path: {file_path}",
        ),
        severity=more.pop("severity", "high"),
        type="endpoint",
        source="sentinelone",
        raw_data={
            "threatInfo": {
                "threatName": threat,
                "classification": classification,
                "confidenceLevel": confidence,
                "filePath": file_path,
                "sha1": hashlib.sha1(f"{endpoint}{file_path}".encode(), usedforsecurity=False).hexdigest(),
                "mitigationStatus": more.pop("mitigation", "not_mitigated"),
                "analystVerdict": "undefined",
            },
            "agentRealtimeInfo": {"agentComputerName": endpoint, "agentOsName": more.pop("os", "Windows 11 Pro")},
            "indicators": more.pop("indicators", []),
            **more,
        },
    )


SENTINELONE = [
    sentinelone(
        1,
        "Ryuk.exe",
        "ACCT-PC-114",
        "C:\\Users\\Public\\Ryuk.exe",
        "malicious",
        (MAL, "malware", ["isolate_host"]),
        classification="Ransomware",
        severity="critical",
        indicators=["Deletes shadow copies: vssadmin Delete Shadows /all /quiet", "Encrypts files"],
    ),
    sentinelone(
        2,
        "sekurlsa.dll",
        "SRV-SQL-03",
        "C:\\Windows\\Temp\\sekurlsa.dll",
        "malicious",
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
        classification="Infostealer",
        indicators=["Reads LSASS memory", "mimikatz module sekurlsa::wdigest"],
    ),
    sentinelone(
        3,
        "eicar_com.zip",
        "QA-VM-22",
        "C:\\Temp\\eicar_com.zip",
        "malicious",
        (BEN, "malware", []),
        severity="low",
        description="QA downloaded the EICAR test archive to check the new AV policy.",
    ),
    sentinelone(
        4,
        "WinRAR_installer.exe",
        "DSG-MAC-08",
        "/Users/jlee/Downloads/WinRAR_installer.exe",
        "suspicious",
        (SUS, "malware", []),
        classification="PUA",
        os="macOS 15",
        severity="low",
    ),
    sentinelone(
        5,
        "kworkerd",
        "k8s-node-11",
        "/tmp/.X11-unix/kworkerd",
        "malicious",
        (MAL, "malware", ["isolate_host"]),
        classification="Miner",
        os="Ubuntu 22.04",
        indicators=["Connects to mining pool pool.hashvault.pro:443", "CPU 100% for 6 hours"],
    ),
    sentinelone(
        6,
        "putty.exe",
        "NET-ADM-02",
        "C:\\Tools\\putty.exe",
        "suspicious",
        (BEN, "malware", []),
        classification="PUA",
        severity="low",
        description="PuTTY on the network admin's jump host; signed by Simon Tatham, on the approved software list.",
    ),
    sentinelone(
        7,
        "invoice_9921.js",
        "HR-PC-031",
        "C:\\Users\\mgarcia\\Downloads\\invoice_9921.js",
        "malicious",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        classification="Downloader",
        indicators=["wscript.exe spawns powershell IEX (New-Object Net.WebClient).DownloadString"],
        remote_ip="176.111.174.90",
    ),
    sentinelone(
        8,
        "AutoHotkey.exe",
        "FIN-PC-207",
        "C:\\Program Files\\AutoHotkey\\AutoHotkey.exe",
        "suspicious",
        (BEN, "malware", []),
        classification="PUA",
        severity="low",
        description="AutoHotkey flagged as PUA; finance uses it for approved spreadsheet macros.",
    ),
    sentinelone(
        9,
        "svchost.exe (masquerading)",
        "RND-WS-77",
        "C:\\Users\\Public\\Libraries\\svchost.exe",
        "malicious",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        classification="Trojan",
        indicators=["Beaconing over HTTPS every 30s to 91.211.250.40", "Unsigned, masquerades as svchost"],
        c2_ip="91.211.250.40",
    ),
    sentinelone(
        10,
        "BlackCat payload",
        "FS-ARCHIVE-2",
        "D:\\share\\enc.exe",
        "malicious",
        (MAL, "malware", ["isolate_host"]),
        classification="Ransomware",
        severity="critical",
        mitigation="mitigated",
        description="ALPHV/BlackCat encryptor killed and quarantined after 340 files "
        "were encrypted; RECOVER-7hx3-FILES.txt found on the share.",
    ),
]


def mde(n: int, title: str, host: str, category: str, expected: tuple[str, str, list[str]], **evidence: Any) -> Case:
    return case(
        f"ho-mde-{n:03d}",
        "Microsoft Defender for Endpoint",
        expected,
        title=title,
        description=evidence.pop(
            "description", f"Defender for Endpoint alert on {host}: {title} (category {category})."
        ),
        severity=evidence.pop("severity", "high"),
        source="microsoft_defender",
        tags=["mde"],
        raw_data={
            "alertId": f"da6379{n:06d}_-1887",
            "title": title,
            "category": category,
            "detectionSource": evidence.pop("detection_source", "EDR"),
            "computerDnsName": host,
            "status": "New",
            "evidence": evidence,
        },
    )


DEFENDER_ENDPOINT = [
    mde(
        1,
        "Suspicious process injection observed",
        "lt-0993.corp.example.com",
        "DefenseEvasion",
        (SUS, "malware", ["isolate_host"]),
        processName="notepad.exe",
        parentProcess="excel.exe",
    ),
    mde(
        2,
        "'CobaltStrike' malware was detected",
        "ws-4410.corp.example.com",
        "Malware",
        (MAL, "malware", ["isolate_host"]),
        threatName="Backdoor:Win64/CobaltStrike.NP!dha",
        severity="high",
    ),
    mde(
        3,
        "Possible lateral movement using PsExec",
        "it-jump-01.corp.example.com",
        "LateralMovement",
        (BEN, "malware", []),
        severity="medium",
        accountName="svc-patching",
        description="PsExec by svc-patching from the patch server during the monthly Patch Tuesday window, as every "
        "month.",
    ),
    mde(
        4,
        "Ransomware behavior detected in the file system",
        "fs-02.corp.example.com",
        "Ransomware",
        (MAL, "malware", ["isolate_host"]),
        severity="high",
        description="Mass file renames to .8base and ransom note README.txt ('your files have been encrypted').",
    ),
    mde(
        5,
        "Suspicious 'Mimikatz' credential theft tool",
        "ws-1177.corp.example.com",
        "CredentialAccess",
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
        accountName="p.lambert",
        commandLine="mimi.exe privilege::debug sekurlsa::logonpasswords",
    ),
    mde(
        6,
        "An active 'Wacatac' malware was blocked",
        "lt-0412.corp.example.com",
        "Malware",
        (SUS, "malware", []),
        threatName="Trojan:Win32/Wacatac.B!ml",
        detection_source="Antivirus",
        severity="medium",
        description="Defender Antivirus blocked and removed Wacatac.B!ml (machine-learning "
        "detection) from a cracked game in Downloads; no execution.",
    ),
    mde(
        7,
        "Red team exercise: Sliver implant",
        "redteam-vm-03.corp.example.com",
        "CommandAndControl",
        (BEN, "malware", []),
        severity="medium",
        description="Detection from the authorized red team exercise "
        "RT-2026-Q4 (scope letter signed), implant on the red team VM.",
    ),
    mde(
        8,
        "Suspicious PowerShell command line",
        "lt-2301.corp.example.com",
        "Execution",
        (MAL, "malware", ["isolate_host"]),
        commandLine="powershell -w hidden -e JABjAD0ATgBlAHcALQBPAGIAagBlAGMAdAAgAE4AZQB0AC4AVwBlAGIAQwBsAGkAZQBuAHQA",
        parentProcess="mshta.exe",
    ),
    mde(
        9,
        "Microsoft Defender for Endpoint sensor test alert",
        "lt-0001.corp.example.com",
        "Malware",
        (BEN, "malware", []),
        severity="low",
        description="[Test Alert] Suspicious PowerShell command line - the onboarding detection test run by IT.",
    ),
    mde(
        10,
        "Emotet infection",
        "ws-5530.corp.example.com",
        "Malware",
        (MAL, "malware", ["isolate_host"]),
        threatName="TrojanDownloader:O97M/Emotet",
        detection_source="Antivirus",
    ),
]


def mimecast(
    n: int, subject: str, sender: str, to: str, reason: str, expected: tuple[str, str, list[str]], **more: Any
) -> Case:
    return case(
        f"ho-mc-{n:03d}",
        "Mimecast",
        expected,
        title=more.pop("title", f"Mimecast TTP alert: {subject}"),
        description=more.pop("description", f"Targeted Threat Protection: {reason}. Sender {sender}, recipient {to}."),
        severity=more.pop("severity", "medium"),
        type="suspicious_email",
        source="mimecast",
        raw_data={"senderAddress": sender, "recipientAddress": to, "subject": subject, "reason": reason, **more},
    )


MIMECAST = [
    mimecast(
        1,
        "Shared document: Remuneration 2027",
        "share@sharepoint-docs-secure.com",
        "hr@acmewidgets.io",
        "URL Protect: credential harvesting page",
        (MAL, "phishing", PHISH_BLOCK),
        severity="high",
        urlCategory="Phishing & Fraud",
        url="https://sharepoint-docs-secure.com/a/login.php",
    ),
    mimecast(
        2,
        "Re: Payment",
        "finance.director@acmewidgets.co",
        "ap@acmewidgets.io",
        "Impersonation Protect: display name and similar domain",
        (MAL, "phishing", PHISH_BLOCK),
        severity="high",
        replyTo="fd.acmewidgets@outlook.com",
        similarDomain="acmewidgets.co",
    ),
    mimecast(
        3,
        "Your weekly Mimecast digest",
        "digest@mimecast.com",
        "k.singh@acmewidgets.io",
        "Informational",
        (BEN, "phishing", []),
        severity="low",
    ),
    mimecast(
        4,
        "Overdue notice",
        "billing@apple-id-verify.support",
        "s.cohen@acmewidgets.io",
        "URL Protect: newly observed domain, brand impersonation (Apple)",
        (MAL, "phishing", PHISH_BLOCK),
        url="https://apple-id-verify.support/unlock",
    ),
    mimecast(
        5,
        "Team offsite - agenda",
        "events@acmewidgets.io",
        "team-eng@acmewidgets.io",
        "Attachment Protect: sandboxed, clean",
        (BEN, "phishing", []),
        severity="low",
        attachment="Offsite_Agenda.pdf",
    ),
    mimecast(
        6,
        "Purchase order PO-5521",
        "orders@balticparts-ltd.lv",
        "procurement@acmewidgets.io",
        "Attachment Protect: malicious (sandbox detonation: drops AsyncRAT)",
        (MAL, "phishing", PHISH_BLOCK),
        severity="high",
        attachment="PO-5521.iso",
    ),
    mimecast(
        7,
        "Action needed: verify payroll account",
        "hr-updates@acmewidgets-payroll.com",
        "all-uk@acmewidgets.io",
        "URL Protect: suspicious, uncategorised site",
        (SUS, "phishing", ["quarantine_email"]),
    ),
    mimecast(
        8,
        "Your Microsoft 365 subscription renewal",
        "msonlineservicesteam@microsoftonline.com",
        "it-billing@acmewidgets.io",
        "Informational: genuine Microsoft notification",
        (BEN, "phishing", []),
        severity="low",
    ),
]


def defender_o365(n: int, title: str, expected: tuple[str, str, list[str]], **more: Any) -> Case:
    return case(
        f"ho-mdo-{n:03d}",
        "Microsoft Defender for Office 365",
        expected,
        title=title,
        description=more.pop("description"),
        severity=more.pop("severity", "high"),
        source="defender_for_office",
        raw_data={"NetworkMessageId": f"e1b6f8c1-33aa-4f0b-9c1d-{n:012d}", **more},
    )


DEFENDER_O365 = [
    defender_o365(
        1,
        "Email messages containing malicious URL removed after delivery",
        (MAL, "phishing", PHISH_BLOCK),
        description="Zero-hour auto purge removed 37 messages with a "
        "credential-phish URL (fake Adobe sign-in) after delivery.",
        SenderFromAddress="adobe-sign@adobe-documents-share.com",
        Subject="You have received a document to review",
        DeliveryAction="Delivered",
        ThreatTypes="Phish",
    ),
    defender_o365(
        2,
        "A potentially malicious URL click was detected",
        (MAL, "phishing", [*PHISH_BLOCK, "reset_credentials"]),
        description="j.lee clicked a phishing URL in 'DHL: shipment "
        "on hold' and the page received a form POST with her credentials.",
        SenderFromAddress="dhl-express@dhl-shipping-hold.com",
        RecipientEmailAddress="j.lee@acmewidgets.io",
        clicked_by="j.lee@acmewidgets.io",
        ThreatTypes="Phish",
    ),
    defender_o365(
        3,
        "Email reported by user as malware or phish",
        (BEN, "phishing", []),
        severity="low",
        description="User reported the company's own Attack simulation training message 'Update your "
        "direct deposit' (simulation ID 8841).",
        Subject="Update your direct deposit",
        SenderFromAddress="payroll@acmewidgets-payroll-sim.com",
        ThreatTypes="Simulation",
    ),
    defender_o365(
        4,
        "Suspicious email sending patterns detected",
        (MAL, "phishing", ["disable_user", "reset_credentials"]),
        description="Mailbox r.owens@acmewidgets.io sent 2,400 messages 'Invoice attached' to external "
        "recipients in 30 min after a sign-in from an unfamiliar location: the account is compromised "
        "and used for outbound phishing.",
        user="r.owens@acmewidgets.io",
    ),
    defender_o365(
        5,
        "Email reported by user as junk",
        (BEN, "phishing", []),
        severity="low",
        description="User reported the Costco Business Center weekly deals newsletter; SPF/DKIM pass, "
        "user is subscribed.",
        SenderFromAddress="costco@online.costco.com",
    ),
    defender_o365(
        6,
        "Malware campaign detected after delivery",
        (MAL, "phishing", PHISH_BLOCK),
        description="HTML smuggling attachment Fax_Document.html sent to 12 users from "
        "efax@efax-messaging-center.com; detonation drops a Qakbot DLL.",
        SenderFromAddress="efax@efax-messaging-center.com",
        AttachmentName="Fax_Document.html",
    ),
    defender_o365(
        7,
        "Email reported by user as malware or phish",
        (SUS, "phishing", ["quarantine_email"]),
        severity="medium",
        description="User reported an email from an unknown external sender asking to "
        "'review the attached proposal' (Proposal.pdf, clean in sandbox, but link inside to a file share "
        "requiring sign-in).",
        SenderFromAddress="m.baker@baker-consult.net",
    ),
]

CHAT_MAIL = [
    case(
        "ho-chat-001",
        "User report (Teams chat)",
        (MAL, "phishing", PHISH_BLOCK),
        title="got a text + email from 'the CFO'",
        description="hey sec team - 'Sandra' (our CFO) emailed me from sandra.cfo.acme@gmail.com asking for "
        "itunes cards for a client gift, asap, and said not to call her bc she's in a meeting. pretty sure fake",
        severity="medium",
        source="teams",
    ),
    case(
        "ho-chat-002",
        "User report (Teams chat)",
        (BEN, "phishing", []),
        title="is this mail from our bank ok?",
        description="the monthly statement from our corporate bank (statements@hsbc.co.uk) - same as every month, "
        "nothing to click, just wanted to check since training said to be careful :)",
        severity="low",
        source="teams",
    ),
    case(
        "ho-chat-003",
        "User report (Slack)",
        (MAL, "phishing", [*PHISH_BLOCK, "reset_credentials"]),
        title="oops I think I fell for something",
        description="clicked 'view voicemail' in an email, it showed a Microsoft login, I put my password in "
        "and then it said wrong password. the address bar said micr0soft-voicemail.com. user: tkaur",
        severity="high",
        source="slack",
        raw_data={"user": "tkaur@acmewidgets.io", "sender": "voicemail@micr0soft-voicemail.com"},
    ),
    case(
        "ho-chat-004",
        "User report (Slack)",
        (UNK, "phishing", []),
        title="weird mail",
        description="got a weird mail, deleted it already, sorry don't remember who from",
        severity="low",
        source="slack",
    ),
]


def entra(n: int, title: str, expected: tuple[str, str, list[str]], **signin: Any) -> Case:
    description = signin.pop("description")
    return case(
        f"ho-entra-{n:03d}",
        "Microsoft Entra ID sign-in logs",
        expected,
        title=title,
        description=description,
        severity=signin.pop("severity", "high"),
        source="entra_id",
        tags=["identity"],
        raw_data={
            "category": "SignInLogs",
            "appDisplayName": signin.pop("app", "Office 365 Exchange Online"),
            **signin,
        },
    )


ENTRA = [
    entra(
        1,
        "Password spray detected (Entra ID Protection)",
        (MAL, "brute_force", ["block_ip"]),
        description="Entra ID Protection risk detection passwordSpray: one IP tried 2 passwords against 340 "
        "accounts; errorCode 50126 (invalid username or password).",
        ipAddress="20.199.44.107",
        riskEventType="passwordSpray",
        errorCode=50126,
        accounts_tried=340,
        failure_count=680,
    ),
    entra(
        2,
        "Sign-in failures for kmorgan",
        (BEN, "brute_force", []),
        severity="low",
        description="7 sign-ins failed with 50126 for kmorgan from her compliant, hybrid-joined laptop; she had "
        "Caps Lock on. Next sign-in succeeded.",
        userPrincipalName="kmorgan@acmewidgets.io",
        ipAddress="192.168.10.44",
        errorCode=50126,
        failure_count=7,
        isCompliant=True,
    ),
    entra(
        3,
        "Unfamiliar sign-in properties + anonymous IP",
        (MAL, "brute_force", ["disable_user", "reset_credentials", "block_ip"]),
        description="dpatel signed in successfully from a "
        "Tor exit (anonymizedIPAddress) after 31 failed attempts with errorCode 50126; riskLevelDuringSignIn high.",
        userPrincipalName="dpatel@acmewidgets.io",
        ipAddress="185.220.102.8",
        riskLevelDuringSignIn="high",
        errorCode=0,
        failure_count=31,
        success_count=1,
    ),
    entra(
        4,
        "Account locked: smart lockout",
        (SUS, "brute_force", ["block_ip"]),
        severity="medium",
        description="errorCode 50053 (IdsLocked) for 6 accounts from 62.204.41.176 in 10 minutes.",
        ipAddress="62.204.41.176",
        errorCode=50053,
        locked_accounts=6,
        failure_count=60,
    ),
    entra(
        5,
        "MFA denied repeatedly",
        (MAL, "brute_force", ["reset_credentials"]),
        description="17 MFA requests denied by rbrooks (errorCode 500121, user declined) within 25 minutes after "
        "valid passwords from 146.70.199.12: push bombing - password compromised.",
        userPrincipalName="rbrooks@acmewidgets.io",
        ipAddress="146.70.199.12",
        errorCode=500121,
        failure_count=17,
    ),
    entra(
        6,
        "Legacy authentication failures from printer",
        (BEN, "brute_force", []),
        severity="low",
        description="SMTP AUTH failures (errorCode 50126) every 10 minutes for scanner@acmewidgets.io from the "
        "office printer 10.12.0.31 since its password was rotated.",
        app="Exchange Online SMTP",
        ipAddress="10.12.0.31",
        failure_count=144,
    ),
    entra(
        7,
        "Atypical travel",
        (SUS, "brute_force", ["reset_credentials"]),
        severity="medium",
        description="Sign-ins for lwhite from Chicago and, 50 minutes later, from Jakarta. Both succeeded with "
        "MFA satisfied by claim in token.",
        userPrincipalName="lwhite@acmewidgets.io",
        ipAddress="36.91.44.12",
        riskEventType="unlikelyTravel",
    ),
    entra(
        8,
        "Approved pen test: spray from test range",
        (BEN, "brute_force", []),
        severity="low",
        description="Password spray (errorCode 50126, 250 accounts) from 198.51.100.77: the external pen test "
        "firm's agreed source address, engagement PT-2026-11, in the test window.",
        ipAddress="198.51.100.77",
        failure_count=500,
    ),
    entra(
        9,
        "Brute force on break-glass account",
        (MAL, "brute_force", ["block_ip", "reset_credentials"]),
        severity="critical",
        description="1,900 failed sign-ins (50126) for emergency-admin@acmewidgets.io from "
        "8 IPs in Eastern Europe over 2 hours; no success.",
        userPrincipalName="emergency-admin@acmewidgets.io",
        ipAddress="193.35.18.49",
        failure_count=1900,
        distinct_ips=8,
    ),
    entra(
        10,
        "Token replay suspected (anomalous token)",
        (MAL, "generic", ["disable_user", "reset_credentials"]),
        description="Entra ID Protection anomalousToken for jlee: session token used from 102.129.152.31 a "
        "minute after her AiTM phishing click; no password failures.",
        userPrincipalName="jlee@acmewidgets.io",
        ipAddress="102.129.152.31",
        riskEventType="anomalousToken",
    ),
]

CHAT_LOGIN = [
    case(
        "ho-chat-005",
        "User report (Slack)",
        (BEN, "brute_force", []),
        title="locked out lol",
        description="locked myself out typing the old pw on my phone, can someone unlock kmorgan pls",
        severity="low",
        source="slack",
    ),
    case(
        "ho-chat-006",
        "User report (Teams chat)",
        (SUS, "brute_force", ["reset_credentials"]),
        title="authenticator keeps asking me to approve",
        description="my authenticator app asked me to approve a sign-in 4 times this morning, I wasn't signing "
        "in. Denied them. Should I change my password?",
        severity="medium",
        source="teams",
    ),
]

CASES = [*SENTINELONE, *DEFENDER_ENDPOINT, *MIMECAST, *DEFENDER_O365, *CHAT_MAIL, *ENTRA, *CHAT_LOGIN]
