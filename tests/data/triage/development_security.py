"""Development split, part 1: other EDR/XDR products, SIEM alert exports, mail gateways, identity providers.

Written after the first tuning round, in another organisation (`northwind-freight.com`), with
tools the tuning split does not hold (see README.md).
"""

from __future__ import annotations

from typing import Any

from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"
PHISH_BLOCK = ["quarantine_email", "block_sender"]
ISOLATE = ["isolate_host"]


def alert(
    case_id: str,
    tool: str,
    expected: tuple[str, str, list[str]],
    title: str,
    description: str,
    severity: str,
    source: str,
    raw: dict[str, Any],
    *,
    kind: str | None = None,
    tags: list[str] | None = None,
    systems: list[str] | None = None,
) -> Case:
    """One alert as the tool's integration posts it (`type` alias, as most webhooks send it)."""
    return case(
        case_id,
        tool,
        expected,
        title=title,
        description=description,
        severity=severity,
        type=kind,
        source=source,
        tags=tags or [],
        affected_systems=systems or [],
        raw_data=raw,
    )


# ---------------------------------------------------------------- EDR / XDR


def cortex(
    n: int,
    name: str,
    category: str,
    action: str,
    host: str,
    user: str,
    cmd: str,
    technique: str,
    expected: tuple[str, str, list[str]],
    severity: str = "high",
    **extra: Any,
) -> Case:
    raw = {
        "alert_id": str(88000 + n),
        "name": name,
        "category": category,
        "severity": severity.upper() if severity != "critical" else "CRITICAL",
        "action_pretty": action,
        "source": "XDR Agent" if "Malware" in category else "XDR Analytics BIOC",
        "host_name": host,
        "user_name": f"NWF\\{user}",
        "actor_process_command_line": cmd,
        "mitre_technique_id_and_name": [technique],
        **extra,
    }
    return alert(
        f"dev-cortex-{n:03d}",
        "Palo Alto Cortex XDR",
        expected,
        f"Cortex XDR: {name} on {host}",
        f"{name} ({category}) on {host}, user {user}. Action: {action}. Command line: {cmd}",
        severity,
        "cortex_xdr",
        raw,
        tags=["xdr"],
        systems=[host],
    )


def sophos(
    n: int,
    event_type: str,
    threat: str,
    host: str,
    user: str,
    path: str,
    expected: tuple[str, str, list[str]],
    severity: str = "high",
) -> Case:
    return alert(
        f"dev-sophos-{n:03d}",
        "Sophos Central",
        expected,
        f"Sophos: {threat} at '{path}'"[:255],
        f"Sophos Central event {event_type} on {host} ({user}): '{threat}' at '{path}'.",
        severity,
        "sophos_central",
        {
            "type": event_type,
            "severity": severity,
            "threat": threat,
            "location": host,
            "source": f"NWF\\{user}",
            "name": f"'{threat}' at '{path}'",
            "endpoint_type": "server" if host.startswith("SRV") else "computer",
        },
        systems=[host],
    )


def carbon_black(
    n: int,
    reason: str,
    reputation: str,
    score: int,
    run_state: str,
    policy: str,
    host: str,
    process: str,
    ttps: list[str],
    expected: tuple[str, str, list[str]],
    **extra: Any,
) -> Case:
    return alert(
        f"dev-cbc-{n:03d}",
        "VMware Carbon Black Cloud",
        expected,
        f"CB Analytics alert on {host}: {reason}"[:255],
        f"{reason}. Process {process}, reputation {reputation}, run state {run_state}, policy {policy}.",
        "critical" if score >= 8 else "high" if score >= 6 else "medium" if score >= 3 else "low",
        "carbon_black",
        {
            "type": "CB_ANALYTICS",
            "id": f"cbc-{n:05d}",
            "reason": reason,
            "severity": score,
            "threat_cause_reputation": reputation,
            "device_name": host,
            "process_name": process,
            "run_state": run_state,
            "policy_applied": policy,
            "ttps": ttps,
            **extra,
        },
        systems=[host],
    )


EDR = [
    cortex(
        1,
        "Credential dumping via comsvcs.dll MiniDump",
        "Credential Access",
        "Detected (Reported)",
        "NWF-LT-0412",
        "m.okafor",
        r"rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 712 C:\Temp\l.dmp full",
        "T1003.001 - LSASS Memory",
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
    ),
    cortex(
        2,
        "WildFire Malware",
        "Malware",
        "Prevented (Blocked)",
        "NWF-LT-0877",
        "t.lindqvist",
        r"C:\Users\t.lindqvist\Downloads\invoice_88213.exe",
        "T1204.002 - Malicious File",
        (BEN, "malware", []),
        severity="medium",
        wildfire_verdict="malware",
        file_action="quarantined",
    ),
    cortex(
        3,
        "Suspicious PowerShell encoded command downloading payload",
        "Execution",
        "Detected (Reported)",
        "NWF-SRV-APP07",
        "svc_deploy",
        "powershell -nop -w hidden -enc "
        "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
        "T1059.001 - PowerShell",
        (MAL, "malware", ["isolate_host"]),
        remote_ip="91.215.85.147",
    ),
    cortex(
        4,
        "Uncommon remote scheduled task creation",
        "Lateral Movement",
        "Detected (Reported)",
        "NWF-SRV-BKP01",
        "adm_rgupta",
        r'schtasks /create /s NWF-SRV-FS02 /tn "Veeam Agent Update" /tr ...',
        "T1053.005 - Scheduled Task",
        (SUS, "generic", []),
        severity="medium",
    ),
    cortex(
        5,
        "Ransomware protection: mass file encryption behaviour",
        "Ransomware",
        "Prevented (Blocked)",
        "NWF-SRV-FS02",
        "svc_sql",
        r"C:\ProgramData\svhst.exe --encrypt --ext .lockbit",
        "T1486 - Data Encrypted for Impact",
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
        severity="critical",
    ),
    sophos(
        1,
        "Event::Endpoint::Threat::Detected",
        "Troj/Emotet-DQK",
        "NWF-LT-0233",
        "a.silva",
        r"C:\Users\a.silva\AppData\Local\Temp\XZ77.dll",
        (MAL, "malware", ISOLATE),
    ),
    sophos(
        2,
        "Event::Endpoint::Threat::CleanedUp",
        "EICAR-AV-Test",
        "NWF-LT-0101",
        "it.test",
        r"C:\Users\it.test\Desktop\eicar.com",
        (BEN, "malware", []),
        severity="low",
    ),
    sophos(
        3,
        "Event::Endpoint::Threat::PuaDetected",
        "PsExec",
        "SRV-MGMT01",
        "adm_kwalsh",
        r"C:\Tools\SysinternalsSuite\PsExec64.exe",
        (BEN, "malware", []),
        severity="low",
    ),
    sophos(
        4,
        "Event::Endpoint::CoreCleanFailed",
        "Mal/Generic-S (Cobalt Strike beacon)",
        "SRV-WEB03",
        "SYSTEM",
        r"C:\Windows\Temp\msupd.exe",
        (MAL, "malware", ISOLATE),
        severity="critical",
    ),
    carbon_black(
        1,
        "A known malware process was detected and terminated",
        "KNOWN_MALWARE",
        8,
        "DID_NOT_RUN",
        "APPLIED",
        "nwf-mac-019",
        "zoom_installer.pkg",
        ["MALWARE_APP"],
        (BEN, "malware", []),
    ),
    carbon_black(
        2,
        "The application mshta.exe invoked a script that made a network connection to a known C2 host",
        "ADAPTIVE_WHITE_LIST",
        9,
        "RAN",
        "NOT_APPLIED",
        "NWF-LT-0550",
        "mshta.exe",
        ["ATTEMPTED_CLIENT", "NETWORK_ACCESS", "MITRE_T1218_005_MSHTA"],
        (MAL, "malware", ["isolate_host", "block_ip"]),
        remote_ip="45.137.21.9",
    ),
    carbon_black(
        3,
        "The application excel.exe spawned cmd.exe which created a new executable",
        "TRUSTED_WHITE_LIST",
        6,
        "RAN",
        "NOT_APPLIED",
        "NWF-LT-0321",
        "excel.exe",
        ["MITRE_T1204_002_MALICIOUS_FILE"],
        (SUS, "malware", ["isolate_host"]),
    ),
    carbon_black(
        4,
        "A port scan was detected from this device",
        "COMMON_WHITE_LIST",
        3,
        "RAN",
        "NOT_APPLIED",
        "nwf-secops-scan01",
        "nmap",
        ["PORTSCAN"],
        (BEN, "generic", []),
        note="Device is the vulnerability management scanner (tagged 'approved-scanner')",
    ),
    alert(
        "dev-v1-001",
        "Trend Micro Vision One",
        (MAL, "malware", ["isolate_host", "reset_credentials"]),
        "Workbench alert: Possible Credential Dumping via Registry",
        "Vision One workbench WB-20261130-00041, model 'Possible Credential Dumping via Registry', score 82. "
        "reg.exe save HKLM\\SAM and HKLM\\SYSTEM to C:\\PerfLogs on NWF-LT-0760, followed by an upload of the "
        "two files over HTTPS.",
        "high",
        "vision_one",
        {
            "workbenchId": "WB-20261130-00041",
            "model": "Possible Credential Dumping via Registry",
            "score": 82,
            "severity": "high",
            "impactScope": {"desktopCount": 1, "accountCount": 1},
            "indicators": [{"type": "command_line", "value": "reg.exe save HKLM\\SAM C:\\PerfLogs\\s.hiv"}],
            "matchedRules": [{"name": "Registry Dump of SAM"}],
        },
        systems=["NWF-LT-0760"],
    ),
    alert(
        "dev-v1-002",
        "Trend Micro Vision One",
        (SUS, "generic", []),
        "Workbench alert: Unusual Account Discovery Commands",
        "Model 'Account Discovery via net.exe', score 41: net group \"domain admins\" /domain and whoami /all run "
        "by j.brennan on NWF-LT-0198 within two minutes. No other activity from that host so far.",
        "medium",
        "vision_one",
        {"workbenchId": "WB-20261130-00052", "model": "Account Discovery via net.exe", "score": 41},
        systems=["NWF-LT-0198"],
    ),
    alert(
        "dev-es-001",
        "Elastic Security",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        "Cobalt Strike Command and Control Beacon",
        "Elastic Defend rule matched periodic HTTPS beaconing with a Cobalt Strike malleable profile from "
        "ubuntu-build-04 to 193.42.33.201 every 60 s with 10% jitter.",
        "critical",
        "elastic_security",
        {
            "kibana.alert.rule.name": "Cobalt Strike Command and Control Beacon",
            "kibana.alert.severity": "critical",
            "kibana.alert.risk_score": 99,
            "host.name": "ubuntu-build-04",
            "destination.ip": "193.42.33.201",
            "threat.technique.id": "T1071.001",
            "event.module": "endpoint",
        },
    ),
    alert(
        "dev-es-002",
        "Elastic Security",
        (BEN, "generic", []),
        "Potential Persistence via Cron Job",
        "Detection rule 'Potential Persistence via Cron Job' on db-replica-2: /etc/cron.d/pgbackrest was written by "
        "the Ansible run of change CHG0041187 (approved, scheduled tonight).",
        "low",
        "elastic_security",
        {
            "kibana.alert.rule.name": "Potential Persistence via Cron Job",
            "kibana.alert.severity": "low",
            "kibana.alert.risk_score": 21,
            "host.name": "db-replica-2",
            "process.parent.name": "ansible-playbook",
            "file.path": "/etc/cron.d/pgbackrest",
        },
    ),
    alert(
        "dev-cyb-001",
        "Cybereason",
        (MAL, "malware", ISOLATE),
        "Malop: Ransomware - Suspected encryption activity",
        "Cybereason MalOp 11.2873 'Ransomware': process wxr.exe renamed 4,120 files to *.akira on NWF-SRV-FS01 and "
        "deleted shadow copies (vssadmin delete shadows /all /quiet).",
        "critical",
        "cybereason",
        {"malopId": "11.2873", "detectionType": "Ransomware", "rootCauseElementNames": ["wxr.exe"], "status": "Active"},
        systems=["NWF-SRV-FS01"],
    ),
    alert(
        "dev-gz-001",
        "Bitdefender GravityZone",
        (BEN, "malware", []),
        "Antimalware event: Gen:Variant.Razy blocked",
        "GravityZone blocked Gen:Variant.Razy.9921 in a ZIP the user downloaded on NWF-LT-0612; file deleted, "
        "no process was started. Full scan afterwards: clean.",
        "medium",
        "gravityzone",
        {"module": "av", "malware_name": "Gen:Variant.Razy.9921", "final_status": "deleted", "hostname": "NWF-LT-0612"},
    ),
    alert(
        "dev-eset-001",
        "ESET PROTECT",
        (MAL, "malware", ["isolate_host", "block_ip"]),
        "Threat detected: Win32/Agent Tesla",
        "ESET Inspect detection on NWF-LT-0447: Win32/Spy.AgentTesla.F running from %APPDATA%, SMTP to "
        "mail.sarahgroup-ltd.com (45.90.58.10) exfiltrating browser credentials. Action: none (cleaning failed).",
        "high",
        "eset",
        {
            "threat_name": "Win32/Spy.AgentTesla.F",
            "action_taken": "none",
            "computer": "NWF-LT-0447",
            "remote_ip": "45.90.58.10",
        },
    ),
]

# ---------------------------------------------------------------- SIEM exports


def splunk(
    n: int,
    search_name: str,
    urgency: str,
    domain: str,
    fields: dict[str, Any],
    description: str,
    expected: tuple[str, str, list[str]],
) -> Case:
    severity = {"informational": "low", "low": "low", "medium": "medium", "high": "high"}.get(urgency, "critical")
    return alert(
        f"dev-splunk-{n:03d}",
        "Splunk Enterprise Security",
        expected,
        f"Notable: {search_name}",
        description,
        severity,
        "splunk_es",
        {"search_name": search_name, "urgency": urgency, "security_domain": domain, "status_label": "New", **fields},
        tags=["notable", domain],
    )


def sentinel(
    n: int,
    title: str,
    severity: str,
    tactics: list[str],
    description: str,
    entities: list[dict[str, str]],
    expected: tuple[str, str, list[str]],
) -> Case:
    return alert(
        f"dev-sentinel-{n:03d}",
        "Microsoft Sentinel",
        expected,
        title,
        description,
        severity.lower(),
        "sentinel",
        {
            "properties": {
                "title": title,
                "severity": severity,
                "status": "New",
                "incidentNumber": 4100 + n,
                "additionalData": {"alertProductNames": ["Azure Sentinel"], "tactics": tactics},
            },
            "entities": entities,
        },
    )


SIEM = [
    splunk(
        1,
        "Access - Excessive Failed Logins - Rule",
        "high",
        "access",
        {"src": "185.220.101.47", "user": "multiple", "count": 2871, "app": "win:remote"},
        "2,871 failed RDP logons for 340 distinct accounts from 185.220.101.47 (Tor exit) against rdgw.northwind-"
        "freight.com in 15 minutes; no success.",
        (MAL, "brute_force", ["block_ip"]),
    ),
    splunk(
        2,
        "Access - Brute Force Access Behavior Detected - Rule",
        "critical",
        "access",
        {"src": "80.94.95.115", "user": "svc_ftp", "failure_count": 412, "success_count": 1},
        "412 failures then a success for svc_ftp on sftp.northwind-freight.com from 80.94.95.115.",
        (MAL, "brute_force", ["block_ip", "disable_user", "reset_credentials"]),
    ),
    splunk(
        3,
        "Endpoint - Recurring Malware Infection - Rule",
        "medium",
        "endpoint",
        {"dest": "NWF-LT-0093", "signature": "Adware.OpenCandy", "day_count": 4},
        "Adware.OpenCandy found on NWF-LT-0093 on 4 days this week, removed each time by the AV.",
        (BEN, "malware", []),
    ),
    splunk(
        4,
        "Network - Unroutable Host Activity - Rule",
        "low",
        "network",
        {"src": "10.20.4.18", "dest": "192.0.2.10", "dest_port": 8443},
        "Host 10.20.4.18 attempted connections to 192.0.2.10 (reserved, unroutable) on 8443. The address is the "
        "placeholder in the vendor's sample configuration.",
        (BEN, "generic", []),
    ),
    splunk(
        5,
        "Identity - Activity from Expired User Identity - Rule",
        "high",
        "identity",
        {"user": "d.haller", "src": "10.20.7.44", "app": "sap-prd", "expired": "2026-10-31"},
        "Account d.haller (left the company 31 Oct) logged into SAP production from an internal address.",
        (SUS, "generic", ["disable_user"]),
    ),
    splunk(
        6,
        "Network - Substantial Increase in Outbound Traffic - Rule",
        "high",
        "network",
        {"src": "10.30.1.12", "dest": "104.21.77.9", "bytes_out": 48_300_000_000, "app": "https"},
        "48.3 GB uploaded from the HR file server 10.30.1.12 to 104.21.77.9 (a file-sharing site not on the "
        "sanctioned list) overnight, 20x its baseline.",
        (SUS, "data_exfiltration", ["notify"]),
    ),
    sentinel(
        1,
        "Multi-stage attack involving password spray and mailbox rule creation",
        "High",
        ["CredentialAccess", "Persistence"],
        "Password spray from 5 IPs (AS 9009) against 212 accounts; one success for p.nowak followed by a new inbox "
        "rule moving mail containing 'invoice' to RSS Feeds.",
        [{"kind": "Account", "name": "p.nowak"}, {"kind": "Ip", "address": "146.70.119.24"}],
        (MAL, "brute_force", ["block_ip", "disable_user", "reset_credentials"]),
    ),
    sentinel(
        2,
        "Rare subscription-level operation",
        "Low",
        ["Impact"],
        "Microsoft.Compute/snapshots/write by the backup automation identity nwf-backup-mi, first seen in 14 days "
        "(the weekly snapshot job moved to a new subscription).",
        [{"kind": "Account", "name": "nwf-backup-mi"}],
        (BEN, "generic", []),
    ),
    sentinel(
        3,
        "Mass secret retrieval from Azure Key Vault",
        "Medium",
        ["CredentialAccess"],
        "Identity k.osei read 184 secrets from kv-prod-payments in 3 minutes; usual volume is 0-2 a day. The user is "
        "a developer; no change ticket found.",
        [{"kind": "Account", "name": "k.osei"}, {"kind": "AzureResource", "resourceId": "kv-prod-payments"}],
        (SUS, "data_exfiltration", ["notify"]),
    ),
    sentinel(
        4,
        "Solorigate network beacon",
        "High",
        ["CommandAndControl"],
        "DNS lookup of avsvmcloud.com from NWF-SRV-MON01 (SolarWinds Orion server).",
        [{"kind": "Host", "hostName": "NWF-SRV-MON01"}, {"kind": "DNS", "domainName": "avsvmcloud.com"}],
        (MAL, "malware", ISOLATE),
    ),
    alert(
        "dev-chronicle-001",
        "Google SecOps (Chronicle)",
        (MAL, "generic", ["disable_user", "reset_credentials"]),
        "Rule detection: gcp_service_account_key_created_and_used_from_new_asn",
        "YARA-L rule gcp_service_account_key_created_and_used_from_new_asn: a key was created for "
        "sa-ci@nwf-prod.iam.gserviceaccount.com by a console session, then used 4 minutes later from AS 208091 "
        "(a VPS provider never seen) to list all buckets and create a new owner binding.",
        "high",
        "chronicle",
        {
            "detection": [
                {
                    "ruleName": "gcp_service_account_key_created_and_used_from_new_asn",
                    "alertState": "ALERTING",
                    "ruleLabels": [{"key": "severity", "value": "High"}],
                }
            ],
            "principal": {"user": {"userid": "sa-ci@nwf-prod.iam.gserviceaccount.com"}, "ip": ["91.193.4.77"]},
        },
    ),
    alert(
        "dev-chronicle-002",
        "Google SecOps (Chronicle)",
        (BEN, "generic", []),
        "Rule detection: win_psexec_service_install",
        "PsExec service installed on 14 servers by adm_patching from the patch orchestration host "
        "NWF-SRV-PATCH01 during the Tuesday maintenance window (change CHG0041210).",
        "medium",
        "chronicle",
        {
            "detection": [{"ruleName": "win_psexec_service_install", "alertState": "ALERTING"}],
            "principal": {"hostname": "NWF-SRV-PATCH01", "user": {"userid": "adm_patching"}},
        },
    ),
    alert(  # an internet scanner probing the perimeter: background noise, as the tuning split labels recon
        "dev-qradar-001",
        "IBM QRadar",
        (BEN, "generic", []),
        "Offense 2291: Excessive Firewall Denies Across Multiple Hosts From A Remote Host",
        "Excessive Firewall Denies Across Multiple Hosts From A Remote Host preceded by Remote Port Scan; offense "
        "source 162.142.125.33, magnitude 5, 1,930 events across 122 destination IPs.",
        "medium",
        "qradar",
        {
            "offense_type": "Source IP",
            "offense_source": "162.142.125.33",
            "magnitude": 5,
            "severity": 5,
            "credibility": 3,
            "relevance": 4,
            "event_count": 1930,
            "categories": ["Firewall Deny", "Host Port Scan"],
        },
    ),
    alert(
        "dev-qradar-002",
        "IBM QRadar",
        (MAL, "brute_force", ["block_ip", "reset_credentials"]),
        "Offense 2304: Login Failures Followed By Success to the same Destination IP",
        "Multiple Login Failures for the Same User followed by Login Successful; offense source 194.26.29.113, user "
        "ops-admin on vpn.northwind-freight.com: 96 failures then success, then a VPN session from Romania.",
        "high",
        "qradar",
        {
            "offense_type": "Source IP",
            "offense_source": "194.26.29.113",
            "magnitude": 8,
            "severity": 8,
            "username": "ops-admin",
            "categories": ["User Login Failure", "User Login Success"],
        },
    ),
    alert(
        "dev-sumo-001",
        "Sumo Logic Cloud SIEM",
        (BEN, "brute_force", []),
        "Signal: Successful Brute Force (Low Fidelity)",
        "Cloud SIEM insight INSIGHT-7731: 9 failed logins then a success for l.moreau from 10.20.3.90 (her own "
        "laptop, on the office network) just after her password expired this morning.",
        "low",
        "sumo_logic",
        {"insightId": "INSIGHT-7731", "entity": "l.moreau", "signals": ["Successful Brute Force"], "severity": 3},
    ),
]

# ---------------------------------------------------------------- mail gateways and user reports


MAIL = [
    alert(
        "dev-abnormal-001",
        "Abnormal Security",
        (MAL, "phishing", PHISH_BLOCK),
        "Abnormal: Invoice/Payment Fraud (BEC) - vendor impersonation",
        "Abnormal detected an attack of type 'Invoice/Payment Fraud' from accounts@fastfreight-logistlcs.com "
        "impersonating the vendor Fast Freight Logistics; asks AP to update bank details before Friday's payment. "
        "Remediation status: Not remediated.",
        "high",
        "abnormal",
        {
            "threatId": "184f0e4c-1a2b-4c7d-9f00-3e2a91e0b771",
            "attackType": "Invoice/Payment Fraud (BEC)",
            "attackStrategy": "Impersonation of Vendor",
            "fromAddress": "accounts@fastfreight-logistlcs.com",
            "toAddresses": ["ap@northwind-freight.com"],
            "subject": "Updated banking details - remittance",
            "remediationStatus": "Not Remediated",
        },
        kind="email",
    ),
    alert(
        "dev-abnormal-002",
        "Abnormal Security",
        (BEN, "phishing", []),
        "Abnormal: Spam - marketing newsletter",
        "Abnormal classified a message from news@logistics-weekly.com 'This week in freight' as graymail; "
        "auto-moved to Promotions. No links to unknown domains.",
        "low",
        "abnormal",
        {"attackType": "Spam", "fromAddress": "news@logistics-weekly.com", "remediationStatus": "Auto-Remediated"},
        kind="email",
    ),
    alert(
        "dev-ironport-001",
        "Cisco Secure Email Gateway",
        (MAL, "phishing", PHISH_BLOCK),
        "Outbreak filter: Phish - DHL shipment notification",
        "Message from dhl-express@dhl-tracking-notice.top to 37 recipients, URL "
        "hxxps://dhl-tracking-notice.top/track/login.php rewritten; Talos threat score -9.1; SPF softfail; "
        "delivered before the outbreak rule updated.",
        "high",
        "cisco_esa",
        {
            "mid": 7716235,
            "sender": "dhl-express@dhl-tracking-notice.top",
            "recipients_count": 37,
            "verdict": {"outbreak": "VIRAL", "sbrs": -9.1, "spf": "softfail"},
            "urls": ["https://dhl-tracking-notice.top/track/login.php"],
        },
    ),
    alert(
        "dev-ironport-002",
        "Cisco Secure Email Gateway",
        (BEN, "phishing", []),
        "AMP file reputation: Unscannable attachment",
        "Attachment payroll_Nov.xlsx from payroll@adp.com to hr@northwind-freight.com is password-protected "
        "(unscannable). ADP sends protected payroll reports every month; DKIM pass, SPF pass.",
        "low",
        "cisco_esa",
        {"sender": "payroll@adp.com", "amp_verdict": "UNSCANNABLE", "dkim": "pass", "spf": "pass"},
    ),
    alert(
        "dev-barracuda-001",
        "Barracuda Email Protection",
        (MAL, "phishing", ["quarantine_email", "block_sender", "reset_credentials"]),
        "Impersonation Protection: Account takeover - credential phishing clicked",
        "Barracuda Impersonation Protection: 'Microsoft 365 password expiry' from it-helpdesk@nwf-support.net. "
        "Link Protection shows 3 clicks; r.ahmed submitted the form (Sentinel credential phishing page).",
        "high",
        "barracuda",
        {
            "threat_type": "Phishing",
            "sender": "it-helpdesk@nwf-support.net",
            "clicked_by": ["r.ahmed"],
            "subject": "Action required: your password expires today",
        },
    ),
    alert(
        "dev-gmail-001",
        "Google Workspace Alert Center",
        (MAL, "phishing", PHISH_BLOCK),
        "Gmail phishing: Malware reclassification",
        "Alert Center: 'Malware reclassification' - messages from invoices@hxpress-billing.com with attachment "
        "Invoice_4471.html were reclassified as malware after delivery to 12 inboxes.",
        "high",
        "google_workspace",
        {
            "type": "Malware reclassification",
            "source": "Gmail phishing",
            "data": {"messages": 12, "fromHeader": "invoices@hxpress-billing.com", "attachment": "Invoice_4471.html"},
        },
    ),
    alert(
        "dev-sublime-001",
        "Sublime Security",
        (MAL, "phishing", PHISH_BLOCK),
        "Sublime rule: Credential phishing via QR code with urgent language",
        "Message 'MFA re-enrollment required' with a QR code image linking to https://auth-nwf.com.verify-login.icu; "
        "sender display name 'IT Security' from a freemail address; first-time sender.",
        "medium",
        "sublime",
        {
            "flagged_rules": ["Credential phishing: QR code with urgent language", "First-time sender"],
            "sender": "itsecurity.nwf@gmail.com",
            "attack_types": ["Credential Phishing"],
        },
    ),
    alert(
        "dev-phisher-001",
        "KnowBe4 PhishER",
        (BEN, "phishing", []),
        "PhishER: user-reported message - Clean",
        "Reported by j.ortega: 'Your Q4 benefits enrolment'. PhishRIP / PhishML rating: Clean (0.97). Sender "
        "benefits@northwind-freight.com via Workday, DKIM pass. It is the real enrolment reminder.",
        "low",
        "phisher",
        {"phishml": {"clean": 0.97, "spam": 0.02, "threat": 0.01}, "reporter": "j.ortega"},
    ),
    alert(
        "dev-phisher-002",
        "KnowBe4 PhishER",
        (BEN, "phishing", []),
        "PhishER: user-reported message - KnowBe4 simulated phishing",
        "Reported message matched an active KnowBe4 phishing simulation campaign ('Holiday gift card - Q4 test').",
        "low",
        "phisher",
        {"simulated": True, "campaign": "Holiday gift card - Q4 test"},
    ),
    alert(
        "dev-trend-email-001",
        "Trend Micro Email Security",
        (SUS, "phishing", ["quarantine_email"]),
        "Suspicious attachment: macro document from first-time sender",
        "Message from orders@baltic-parts.lv (first contact) with Order_7781.docm (macros). Virtual Analyzer "
        "result pending; delivered to sales@.",
        "medium",
        "trend_email",
        {"sender": "orders@baltic-parts.lv", "attachment": "Order_7781.docm", "sandbox": "pending"},
    ),
    case(
        "dev-user-mail-001",
        "User report by mail",
        (MAL, "phishing", ["quarantine_email", "block_sender", "reset_credentials"]),
        title="FW: Shared document - i think i messed up",
        description="hi security, got this 'Northwind Freight shared a document with you' mail from "
        "docs@sharepoint-nwf-files.com, clicked and typed my password on the page, then it just went to a blank "
        "page. sorry!! - Priya (finance)",
        severity="medium",
        source="user_report",
        raw_data={"reporter": "p.iyer@northwind-freight.com", "forwarded_from": "docs@sharepoint-nwf-files.com"},
    ),
    case(
        "dev-user-mail-002",
        "User report by mail",
        (UNK, "phishing", []),
        title="is this email real?",
        description="Got an email this morning, not sure about it. Can someone look? Thanks",
        severity="low",
        source="user_report",
    ),
]

# ---------------------------------------------------------------- identity providers


IDENTITY = [
    alert(
        "dev-gws-001",
        "Google Workspace login audit",
        (MAL, "brute_force", ["block_ip"]),
        "Google Workspace: suspicious login attempts blocked",
        "login_failure events: 1,540 attempts against 260 users from 45.148.10.0/24 in 30 minutes, "
        "login_challenge_method password; all failed ('suspicious_login' blocked by Google).",
        "high",
        "google_workspace",
        {
            "events": [{"name": "login_failure", "parameters": {"login_type": "google_password"}}],
            "ipAddress": "45.148.10.82",
            "distinct_users": 260,
            "count": 1540,
        },
    ),
    alert(
        "dev-gws-002",
        "Google Workspace Alert Center",
        (MAL, "generic", ["disable_user", "reset_credentials"]),
        "Government-backed attack warning / Suspicious login: c.baptiste",
        "Alert Center 'User's account compromised': c.baptiste signed in from 77.91.124.20 (NL) with a valid "
        "password and a new device, then created a mail forwarding rule to an external gmail address.",
        "high",
        "google_workspace",
        {
            "type": "Suspicious login",
            "data": {"email": "c.baptiste@northwind-freight.com", "loginDetails": {"ipAddress": "77.91.124.20"}},
        },
    ),
    alert(
        "dev-duo-001",
        "Cisco Duo",
        (MAL, "brute_force", ["reset_credentials"]),
        "Duo: multiple push requests denied - MFA fatigue",
        "Duo auth log: 27 push requests to h.nakamura's phone in 12 minutes, 26 denied, then one approved at "
        "02:14 local time. The primary password step succeeded from 185.156.73.54 each time.",
        "high",
        "duo",
        {
            "user": {"name": "h.nakamura"},
            "factor": "duo_push",
            "result": "denied",
            "reason": "user_mistake",
            "access_device": {"ip": "185.156.73.54"},
            "count": 27,
        },
    ),
    alert(
        "dev-duo-002",
        "Cisco Duo",
        (BEN, "brute_force", []),
        "Duo: user marked push as fraudulent",
        "m.fischer reported a push as fraud; helpdesk call: she had started a login on her own new laptop and "
        "tapped the wrong button. Access device 10.20.8.31 (office), her username, her new laptop.",
        "medium",
        "duo",
        {
            "user": {"name": "m.fischer"},
            "result": "fraud",
            "reason": "user_marked_fraud",
            "access_device": {"ip": "10.20.8.31", "hostname": "NWF-LT-0901"},
        },
    ),
    alert(
        "dev-duo-003",
        "Cisco Duo Trust Monitor",
        (SUS, "generic", ["reset_credentials"]),
        "Trust Monitor: authentication from new country",
        "Trust Monitor security event for e.castillo: authentication from Vietnam (113.161.40.8), never seen for "
        "this user or the organisation; device is an unmanaged Windows PC. Push approved.",
        "medium",
        "duo",
        {"type": "auth", "explanations": ["NEW_COUNTRY", "NEW_DEVICE"], "user": "e.castillo"},
    ),
    alert(
        "dev-ping-001",
        "PingOne",
        (MAL, "brute_force", ["block_ip"]),
        "PingOne Protect: high risk - credential stuffing",
        "PingOne risk evaluation HIGH (predictor 'Bot detection' and 'IP velocity'): 8,900 sign-on attempts on the "
        "customer portal from 600 addresses, each trying one leaked username/password pair; 41 successes.",
        "high",
        "pingone",
        {
            "result": {"level": "HIGH", "recommendedAction": "BLOCK"},
            "details": {"predictors": ["botDetection", "ipVelocity"]},
            "successes": 41,
            "sample_ip": "193.32.162.5",
        },
    ),
    alert(
        "dev-onelogin-001",
        "OneLogin",
        (BEN, "brute_force", []),
        "OneLogin: user locked (too many failed logins)",
        "event_type_id 6 (USER_LOCKED) for s.petrov after 5 failures with an old password from her phone's mail "
        "app (10.20.5.77 via office Wi-Fi) - she changed her password yesterday.",
        "low",
        "onelogin",
        {"event_type_id": 6, "user_name": "s.petrov", "ipaddr": "10.20.5.77", "client": "iOS Mail"},
    ),
    alert(
        "dev-onelogin-002",
        "OneLogin",
        (MAL, "generic", ["disable_user", "reset_credentials"]),
        "OneLogin: privileged role assigned outside change process",
        "User g.white (helpdesk) assigned themselves the Super User privilege at 03:12, then added an app "
        "connector for an unknown SAML app 'nwf-export' and removed MFA for 3 users. g.white is on leave this week.",
        "critical",
        "onelogin",
        {"event_type_id": 72, "actor_user_name": "g.white", "privilege": "Super user"},
    ),
    alert(
        "dev-auth0-001",
        "Auth0",
        (SUS, "brute_force", ["block_ip"]),
        "Auth0 log: limit_wc (IP blocked for too many failed logins)",
        "Brute-force protection blocked 31.13.24.191 after 10 failed logins for admin@northwind-freight.com on the "
        "partner portal tenant.",
        "medium",
        "auth0",
        {"type": "limit_wc", "ip": "31.13.24.191", "user_name": "admin@northwind-freight.com"},
    ),
    alert(
        "dev-jumpcloud-001",
        "JumpCloud",
        (BEN, "generic", []),
        "JumpCloud: admin login from new location",
        "Admin console login by it-admin@northwind-freight.com from Lisbon (Vodafone PT); the admin is at the "
        "company offsite in Lisbon this week (calendar confirms), MFA TOTP passed.",
        "low",
        "jumpcloud",
        {"event_type": "admin_login_attempt", "success": True, "geoip": {"country_code": "PT"}, "mfa": True},
    ),
]

CASES = [*EDR, *SIEM, *MAIL, *IDENTITY]
