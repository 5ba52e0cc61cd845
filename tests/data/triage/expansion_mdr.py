"""Expansion split, part 1: managed detection and response (Huntress, InsightIDR, Blumira, Arctic Wolf).

Described by what happened rather than by a detection's name (see README.md).
"""

from __future__ import annotations

from tests.data.triage.expansion_common import BEN, BRUTE, EXFIL, GENERIC, MAL, MALWARE, SUS, Expected, alert
from tests.data.triage.labels import Case

# ---------------------------------------------------------------- Huntress (managed EDR incident reports)


def huntress(
    n: int, summary: str, body: str, severity: str, host: str, indicators: list[str], expected: Expected
) -> Case:
    raw = {
        "id": 410200 + n,
        "status": "sent",
        "summary": summary,
        "body": body,
        "severity": severity,
        "platform": "windows",
        "indicator_types": indicators,
        "agent": {"hostname": host, "os": "Windows 11 Pro"},
        "organization": {"name": "Fernhill Energy"},
    }
    return alert(
        f"exp-huntress-{n:03d}",
        "Huntress",
        expected,
        f"Huntress Incident Report: {summary}",
        body,
        severity,
        "huntress",
        raw,
        systems=[host],
    )


HUNTRESS = [
    huntress(
        1,
        "Remote access tool installed by unknown party on FHE-LT-2211",
        "ScreenConnect client installed at 02:14 from a link in the user's browser, session relayed to "
        "instance-8xk2.screenconnect.com; 20 minutes later a new local admin 'support01' was created.",
        "critical",
        "FHE-LT-2211",
        ["footholds", "process_detections"],
        (MAL, GENERIC, ["isolate_host", "disable_user"]),
    ),
    huntress(
        2,
        "Ransomware canary files modified on FHE-FS-01",
        "Canary files in D:\\Shares\\Finance were renamed with the extension .lockbit and a file "
        "README-RESTORE.txt appeared in 340 folders. Process: C:\\PerfLogs\\svch0st.exe.",
        "critical",
        "FHE-FS-01",
        ["ransomware_canaries"],
        (MAL, MALWARE, ["isolate_host"]),
    ),
    huntress(
        3,
        "Persistent foothold: Run key launching script from AppData",
        "HKCU\\...\\Run\\OneDriveUpdater runs wscript.exe C:\\Users\\p.hale\\AppData\\Roaming\\upd\\u.js, "
        "which beacons every 60s to hxxps://cdn-statics[.]top/api. File first seen yesterday after a download "
        "of 'Invoice_7781.zip'.",
        "high",
        "FHE-LT-1894",
        ["footholds"],
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
    ),
    huntress(
        4,
        "Footholds review: Dell SupportAssist scheduled task",
        "Scheduled task 'Dell SupportAssistAgent AutoUpdate' signed by Dell Inc. flagged for review. "
        "Analyst reviewed: legitimate vendor software, no action needed.",
        "low",
        "FHE-LT-2034",
        ["footholds"],
        (BEN, MALWARE, []),
    ),
    huntress(
        5,
        "Managed identity: inbox rule moving mail to RSS Feeds folder",
        "Mailbox of r.castillo@fernhill-energy.com: new inbox rule '..' moves every message containing "
        "'invoice' or 'payment' to RSS Feeds and marks it read. Created from a session in 185.220.101.44 "
        "shortly after a sign-in approved with MFA from an unfamiliar device.",
        "high",
        "M365 tenant",
        ["managed_identity"],
        (MAL, GENERIC, ["disable_user", "reset_credentials"]),
    ),
]


# ---------------------------------------------------------------- Rapid7 InsightIDR investigations


def idr(
    n: int,
    rule: str,
    priority: str,
    detail: str,
    expected: Expected,
    *,
    alert_type: str = "ATTACKER_BEHAVIOR",
    user: str = "",
    asset: str = "",
    source_ip: str = "",
) -> Case:
    raw = {
        "rrn": f"rrn:investigation:us:1f2e:investigation:{n:04d}XQ7",
        "title": rule,
        "priority": priority,
        "status": "OPEN",
        "disposition": "UNDECIDED",
        "source": "ALERT",
        "alerts": [{"type": alert_type, "detection_rule_rrn": f"rrn:ir:us::detection-rule:{n}"}],
        "actors": {"users": [user] if user else [], "assets": [asset] if asset else []},
        "source_ip": source_ip,
    }
    severity = {"CRITICAL": "critical", "HIGH": "high", "MEDIUM": "medium"}.get(priority, "low")
    return alert(
        f"exp-idr-{n:03d}",
        "Rapid7 InsightIDR",
        expected,
        rule,
        detail,
        severity,
        "insightidr",
        raw,
        systems=[asset] if asset else [],
    )


INSIGHTIDR = [
    idr(
        1,
        "Attacker Technique - Kerberoasting (Many Service Tickets Requested)",
        "HIGH",
        "Account svc_sql_reports requested TGS tickets with RC4 encryption for 143 distinct SPNs within 90 s "
        "from FHE-LT-1650.",
        (MAL, GENERIC, ["isolate_host", "reset_credentials"]),
        user="svc_sql_reports",
        asset="FHE-LT-1650",
    ),
    idr(
        2,
        "Suspicious Authentication - Ingress from Non-Expiring Account",
        "MEDIUM",
        "VPN authentication for the account 'scanner-legacy' (password set to never expire) from 81.2.69.142, "
        "a residential ISP in a country the account has never used.",
        (SUS, BRUTE, ["reset_credentials"]),
        alert_type="SUSPICIOUS_AUTHENTICATION",
        user="scanner-legacy",
        source_ip="81.2.69.142",
    ),
    idr(
        3,
        "Account Authenticated to Critical Asset from New Source",
        "MEDIUM",
        "j.kowalczyk authenticated to FHE-DC-01 from FHE-JUMP-02. Jump host was deployed this week by "
        "infrastructure (change CHG-2231).",
        (BEN, GENERIC, []),
        alert_type="SUSPICIOUS_AUTHENTICATION",
        user="j.kowalczyk",
        asset="FHE-DC-01",
    ),
    idr(
        4,
        "Attacker Technique - Shadow Copies Deleted via vssadmin",
        "CRITICAL",
        "vssadmin.exe delete shadows /all /quiet, then wbadmin delete catalog -quiet, run by FHE\\backup_op "
        "on FHE-SRV-ERP02 at 03:41.",
        (MAL, MALWARE, ["isolate_host", "disable_user"]),
        user="backup_op",
        asset="FHE-SRV-ERP02",
    ),
    idr(
        5,
        "Account Password Spray Against Domain Controllers",
        "HIGH",
        "One source, 45.134.26.109 via the OWA front end, tried the password for 212 accounts within 6 minutes; "
        "two accounts succeeded (m.ngata, s.ferreira).",
        (MAL, BRUTE, ["block_ip", "reset_credentials"]),
        alert_type="SUSPICIOUS_AUTHENTICATION",
        source_ip="45.134.26.109",
    ),
    idr(
        6,
        "Network Access for Threat - Asset Connects to Known Malware Domain",
        "LOW",
        "FHE-KIOSK-04 resolved update.microsoft-cdn-check.com (threat feed: sinkholed). Traffic was only DNS; "
        "the domain has been sinkholed since 2024.",
        (SUS, MALWARE, []),
        alert_type="THREAT",
        asset="FHE-KIOSK-04",
    ),
    idr(
        7,
        "Suspicious Authentication - New MFA Device Registered",
        "MEDIUM",
        "An authenticator app was registered for l.moreau from her usual office IP 10 minutes after a password "
        "reset through the self-service portal; HR says she is on annual leave until Monday.",
        (SUS, GENERIC, ["reset_credentials"]),
        alert_type="SUSPICIOUS_AUTHENTICATION",
        user="l.moreau",
    ),
    idr(
        8,
        "Service Account Authenticated Interactively",
        "MEDIUM",
        "svc_backup_exec logged on interactively (type 10, RDP) to FHE-SRV-BKP02 from FHE-LT-2290; the service "
        "account is only meant to run the backup service.",
        (SUS, GENERIC, []),
        alert_type="SUSPICIOUS_AUTHENTICATION",
        user="svc_backup_exec",
        asset="FHE-SRV-BKP02",
    ),
    idr(
        9,
        "Attacker Technique - Domain Generation Algorithm Lookups",
        "MEDIUM",
        "FHE-LT-1307 queried 480 non-existent random-looking .info and .biz domains in 30 minutes; the resolver "
        "answered NXDOMAIN to all of them. No other host does this.",
        (SUS, MALWARE, []),
        alert_type="THREAT",
        asset="FHE-LT-1307",
    ),
]


# ---------------------------------------------------------------- Blumira findings, Arctic Wolf tickets


def blumira(n: int, name: str, kind: str, priority: int, analysis: str, expected: Expected) -> Case:
    raw = {
        "finding_id": f"bl-{7000 + n}",
        "name": name,
        "type": kind,
        "priority": priority,
        "status": "Open",
        "org_name": "Fernhill Energy",
        "analysis": analysis,
        "workflow": "Respond",
    }
    severity = {1: "critical", 2: "high", 3: "medium"}.get(priority, "low")
    return alert(
        f"exp-blumira-{n:03d}", "Blumira", expected, f"[P{priority}] {kind}: {name}", analysis, severity, "blumira", raw
    )


BLUMIRA = [
    blumira(
        1,
        "Microsoft 365: Mail forwarding to external domain",
        "Threat",
        1,
        "Mailbox a.oyelaran set ForwardingSmtpAddress to a.oyelaran.docs@proton.me with "
        "DeliverToMailboxAndForward true, from an IP geolocated to Lagos; the user is in Aberdeen.",
        (MAL, EXFIL, ["disable_user", "reset_credentials"]),
    ),
    blumira(
        2,
        "Windows: Security event log cleared",
        "Suspect",
        2,
        "Event 1102 on FHE-SRV-HR01 by FHE\\adm-t.byrne. No change record covers it.",
        (SUS, GENERIC, []),
    ),
    blumira(
        3,
        "Firewall: Excessive denied connections from internal host",
        "Operational",
        4,
        "FHE-PRN-3F02 (a printer) attempted 11,000 connections to 10.20.0.0/16 on tcp/9100 after a firmware "
        "update; the device is searching for a print server it lost.",
        (BEN, GENERIC, []),
    ),
    blumira(
        4,
        "Honeypot: Access attempt to Blumira honeypot",
        "Threat",
        1,
        "FHE-LT-2101 connected to the SMB honeypot 10.20.5.250 and tried 30 usernames against it.",
        (MAL, BRUTE, ["isolate_host"]),
    ),
]


def arctic_wolf(n: int, subject: str, body: str, priority: str, expected: Expected) -> Case:
    severity = {"P1": "critical", "P2": "high", "P3": "medium"}.get(priority, "low")
    raw = {
        "ticket_id": f"AW-{58800 + n}",
        "priority": priority,
        "subject": subject,
        "requester": "Concierge Security Team",
        "organization": "Fernhill Energy",
    }
    return alert(
        f"exp-arcticwolf-{n:03d}", "Arctic Wolf MDR ticket", expected, subject, body, severity, "arctic_wolf", raw
    )


ARCTIC_WOLF = [
    arctic_wolf(
        1,
        "[P1] Possible data staging prior to transfer - FHE-SRV-GIS03",
        "Hello Fernhill team, we observed 7z.exe creating a password-protected archive (gis_2026.7z, 38 GB) "
        "in C:\\ProgramData\\tmp on FHE-SRV-GIS03, followed by rclone.exe uploading to a MEGA endpoint. "
        "The account used was svc_gisbackup, which normally only writes to the NAS. Please contain.",
        "P1",
        (MAL, EXFIL, ["isolate_host", "disable_user"]),
    ),
    arctic_wolf(
        2,
        "[P3] Vulnerability scan activity from internal IP 10.20.9.15",
        "We detected scan-like traffic from 10.20.9.15. Your team confirmed this is the quarterly "
        "authenticated scan from the Qualys appliance. Closing as expected activity.",
        "P3",
        (BEN, GENERIC, []),
    ),
    arctic_wolf(
        3,
        "[P2] Unusual sign-in pattern for user h.mwangi",
        "Successful sign-ins for h.mwangi from Germany and from Brazil 40 minutes apart. The Brazil session "
        "used a desktop Chrome browser the user has not used before. We could not confirm with the user; "
        "we recommend a credential reset while you verify.",
        "P2",
        (SUS, BRUTE, ["reset_credentials"]),
    ),
]


CASES = [*HUNTRESS, *INSIGHTIDR, *BLUMIRA, *ARCTIC_WOLF]
