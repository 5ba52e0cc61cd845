"""Breadth split: operations and monitoring at Tidewater Health (availability and performance).

Tools: Uptime Kuma, Netdata Cloud, Checkmk, PRTG Network Monitor, SolarWinds Orion (NPM, SAM and NCM alerts),
LogicMonitor, Splunk Observability Cloud, IBM Instana, Cronitor, AWS Health events and Argo CD notifications.
Voices: each tool's webhook as its integration posts it (some only `raw_data`, relayed by a home-made script, one
with its template's placeholders unfilled), on-call engineers' terse notes and longer write-ups, a ward's worried
"was it a hack?". Mostly operational trouble with no adversary (benign), with cryptominers, floods, password
guessing and changes nobody owns up to behind some of it.
"""

from __future__ import annotations

from typing import Any

from tests.data.triage.breadth_common import AVAIL, BEN, BRUTE, GENERIC, MAL, MALWARE, PERF, SUS, UNK, Expected, alert
from tests.data.triage.labels import Case

PAGE = ["notify"]
PAGE_RESTART = ["notify", "restart_service"]
DOMAIN = "tidewater-health.org"
EVENT_IDS = [
    "4d41f4c4-5428-4656-ba50-67e180ab907a",
    "23dd29b6-0bcc-41e8-9066-09fd3bda8282",
    "d12add5c-3cf0-4752-a053-eeea650aff80",
]


def kuma(
    n: int,
    expected: Expected,
    name: str,
    status: int,
    msg: str,
    severity: str,
    *,
    text: tuple[str, str] | None = None,
    **monitor: Any,
) -> Case:
    state = {0: "🔴 Down", 1: "✅ Up", 3: "🔧 Maintenance"}[status]
    raw = {
        "heartbeat": {
            "monitorID": 40 + n,
            "status": status,
            "time": f"2026-12-0{n} 0{n}:14:03.118",
            "msg": msg,
            "important": True,
            "duration": 60,
            "timezone": "Europe/Amsterdam",
        },
        "monitor": {"id": 40 + n, "name": name, "interval": 60, "maxretries": 2, **monitor},
        "msg": f"[{name}] [{state}] {msg}",
    }
    title, description = text or (None, None)
    return alert(f"br-kuma-{n:03d}", "Uptime Kuma", expected, title, description, severity, "uptime-kuma", raw)


def netdata(
    n: int,
    expected: Expected,
    node: str,
    alarm: str,
    chart: tuple[str, str],
    value: str,
    status: str,
    description: str,
    severity: str,
    *,
    kind: str | None = None,
) -> Case:
    raw = {
        "message": f"{status.capitalize()}: {alarm} on {node}",
        "alert": alarm,
        "info": description.split(". ")[0],
        "chart": chart[0],
        "context": chart[1],
        "space": "Tidewater Infrastructure",
        "rooms": {"All nodes": "https://app.netdata.cloud/spaces/tidewater-infra/rooms/all-nodes"},
        "class": "Utilization" if "cpu" in alarm or "ram" in alarm or "disk" in alarm else "Workload",
        "severity": status,
        "value": value,
        "date": f"2026-12-1{n}T02:4{n}:10Z",
        "node": node,
        "additional_active_critical_alerts": n % 3,
        "additional_active_warning_alerts": 2,
        "alert_url": f"https://app.netdata.cloud/spaces/tidewater-infra/alerts/{80412 + n}",
    }
    return alert(
        f"br-netdata-{n:03d}",
        "Netdata Cloud",
        expected,
        f"{status.upper()} - {alarm} = {value} on {node}",
        description,
        severity,
        "netdata",
        raw,
        systems=[node],
        kind=kind,
    )


def checkmk(
    n: int,
    expected: Expected,
    host: str,
    service: str,
    state: str,
    output: str,
    severity: str,
    *,
    description: str | None = None,
    tags: list[str] | None = None,
) -> Case:
    raw = {
        "NOTIFY_WHAT": "SERVICE",
        "NOTIFY_NOTIFICATIONTYPE": "PROBLEM",
        "NOTIFY_OMD_SITE": "twh_central",
        "NOTIFY_HOSTNAME": host,
        "NOTIFY_HOSTADDRESS": f"10.{10 + n}.2.{30 + n}",
        "NOTIFY_SERVICEDESC": service,
        "NOTIFY_LASTSERVICESTATE": "OK",
        "NOTIFY_SERVICESTATE": state,
        "NOTIFY_SERVICEOUTPUT": output,
        "NOTIFY_SHORTDATETIME": f"2026-12-0{n + 2} 1{n}:52:07",
        "NOTIFY_CONTACTS": "oncall-infra",
    }
    title = f"Check_MK: {host}/{service} OK -> {state}"
    return alert(
        f"br-checkmk-{n:03d}",
        "Checkmk",
        expected,
        title,
        description or output,
        severity,
        "checkmk",
        raw,
        systems=[host],
        tags=tags,
    )


def prtg(
    n: int,
    expected: Expected,
    raw: dict[str, Any],
    severity: str,
    description: str | None = None,
) -> Case:
    sensorid = 4200 + 17 * n
    if "device" not in raw:
        raw = {"sitename": "PRTG Tidewater Health", "sensorid": sensorid, **raw}
    title = f"[PRTG] {raw['device']} {raw['name']}: {raw['status']}" if description else None
    return alert(f"br-prtg-{n:03d}", "PRTG Network Monitor", expected, title, description, severity, "prtg", raw)


def prtg_sensor(device: str, group: str, sensor: str, status: str, message: str, lastvalue: str) -> dict[str, Any]:
    return {
        "device": device,
        "group": group,
        "probe": f"Probe {device[4:7]}",
        "name": sensor,
        "status": status,
        "message": message,
        "lastvalue": lastvalue,
        "datetime": "09.12.2026 08:41:55",
        "priority": "****",
    }


def orion(
    n: int,
    expected: Expected,
    alert_name: str,
    node: str,
    message: str,
    orion_severity: str,
    description: str,
    severity: str,
    **extra: Any,
) -> Case:
    raw = {
        "AlertName": alert_name,
        "AlertObjectID": 3100 + n,
        "ObjectType": "Node" if "Node" in alert_name or "NCM" in alert_name else "APM: Application",
        "NodeName": node,
        "IP_Address": f"10.{20 + 10 * n}.0.{n}",
        "Severity": orion_severity,
        "AlertMessage": message,
        "TriggeredDateTime": f"2026-12-1{n}T03:1{n}:44",
        "AlertDetailsURL": f"https://orion.{DOMAIN}/Orion/View.aspx?NetObject=AAT:{3100 + n}",
        **extra,
    }
    return alert(
        f"br-orion-{n:03d}",
        "SolarWinds Orion",
        expected,
        f"{alert_name} - {node}",
        description,
        severity,
        "solarwinds",
        raw,
        systems=[node],
    )


def logicmonitor(
    n: int,
    expected: Expected,
    title: str,
    description: str,
    severity: str,
    fields: dict[str, Any],
    *,
    kind: str | None = None,
) -> Case:
    raw = {"alertid": f"LMD{77210 + n}", "alerttype": "dataSourceAlert", "alertstatus": "active", **fields}
    return alert(
        f"br-logicmonitor-{n:03d}",
        "LogicMonitor",
        expected,
        title,
        description,
        severity,
        "logicmonitor",
        raw,
        kind=kind,
    )


def splunk_o11y(
    n: int,
    expected: Expected,
    detector: str,
    rule: str,
    sf_severity: str,
    body: str,
    inputs: dict[str, Any],
    severity: str,
    *,
    status: str = "anomalous",
    kind: str | None = None,
) -> Case:
    word = "Back to normal" if status == "ok" else f"{sf_severity} Alert"
    title = f"{word}: {detector} ({rule})"
    raw = {
        "sf_schema": 2,
        "orgId": "FxT8w2kAYAA",
        "incidentId": f"GbQ{n}xWcAAA",
        "detector": detector,
        "detectorId": f"GbPz{n}kQAEA",
        "detectorUrl": f"https://app.eu0.signalfx.com/#/detector/GbPz{n}kQAEA",
        "rule": rule,
        "severity": sf_severity,
        "status": status,
        "statusExtended": status,
        "messageTitle": title,
        "messageBody": body,
        "inputs": inputs,
        "timestamp": f"2026-12-1{n}T14:0{n}:00Z",
    }
    return alert(
        f"br-splunko11y-{n:03d}",
        "Splunk Observability Cloud",
        expected,
        title,
        body,
        severity,
        "splunk_o11y",
        raw,
        kind=kind,
    )


def instana(
    n: int,
    expected: Expected,
    issue_type: str,
    text: str,
    label: str,
    instana_severity: int,
    description: str,
    severity: str,
    **extra: Any,
) -> Case:
    raw = {
        "issue": {
            "id": f"Fq9{n}sTnRkWbYt",
            "type": issue_type,
            "state": "OPEN",
            "start": 1797400000000 + n * 3_600_000,
            "severity": instana_severity,
            "text": text,
            "entityLabel": label,
            "zone": "twh-prod",
            "link": f"https://twh-tidewater.instana.io/#/events;eventId=Fq9{n}sTnRkWbYt",
            **extra,
        }
    }
    return alert(
        f"br-instana-{n:03d}",
        "IBM Instana",
        expected,
        f"Instana {issue_type}: {text}",
        description,
        severity,
        "instana",
        raw,
    )


def cronitor(
    n: int,
    expected: Expected,
    key: str,
    name: str,
    schedule: str,
    rule: str,
    message: str,
    severity: str,
    *,
    host: str,
    note: str | None = None,
) -> Case:
    raw = {
        "id": f"evt_{n}c7f2a9d",
        "type": "alert",
        "rule": rule,
        "description": message,
        "environment": "production",
        "monitor": {"key": key, "name": name, "type": "job", "schedule": schedule, "timezone": "Europe/Amsterdam"},
        "host": host,
        "stamp": 1797500000 + n * 86_400,
    }
    title = f"Cronitor: {name} - {rule.replace('_', ' ')}" if note else None
    return alert(f"br-cronitor-{n:03d}", "Cronitor", expected, title, note, severity, "cronitor", raw)


def aws_health(
    n: int,
    expected: Expected,
    region: str,
    service: str,
    code: str,
    category: str,
    latest: str,
    note: str,
    severity: str,
    entities: list[str],
) -> Case:
    arn_region = "global" if service in ("RISK", "ABUSE") else region
    raw = {
        "version": "0",
        "id": EVENT_IDS[n - 1],
        "detail-type": "AWS Health Event",
        "source": "aws.health",
        "account": "428190356712",
        "time": f"2026-12-1{n}T05:2{n}:00Z",
        "region": region,
        "resources": entities,
        "detail": {
            "eventArn": f"arn:aws:health:{arn_region}::event/{service}/{code}/{code}_{n}A7F_2026121{n}",
            "service": service,
            "eventTypeCode": code,
            "eventTypeCategory": category,
            "startTime": f"Thu, 1{n} Dec 2026 05:0{n}:00 GMT",
            "eventDescription": [{"language": "en_US", "latestDescription": latest}],
            "affectedEntities": [{"entityValue": entity} for entity in entities],
        },
    }
    return alert(
        f"br-awshealth-{n:03d}",
        "AWS Health events",
        expected,
        f"AWS Health: {code} ({region})",
        f"{latest}\n\nOn-call note: {note}",
        severity,
        "aws_health",
        raw,
        tags=["aws", service.lower()],
    )


def argocd(
    n: int,
    expected: Expected,
    app: str,
    trigger: str,
    sync: dict[str, str],
    health: str,
    operation: dict[str, Any],
    description: str,
    severity: str,
) -> Case:
    raw = {
        "trigger": trigger,
        "app": {
            "name": app,
            "project": "clinical",
            "repoURL": f"https://git.{DOMAIN}/platform/deploy.git",
            "path": f"apps/{app}/overlays/prod",
            "destination": {"server": "https://kubernetes.default.svc", "namespace": app},
        },
        "sync": sync,
        "health": {"status": health},
        "operationState": operation,
    }
    return alert(
        f"br-argocd-{n:03d}",
        "Argo CD",
        expected,
        f"Argo CD: application {app} {trigger.removeprefix('on-').replace('-', ' ')}",
        description,
        severity,
        "argocd",
        raw,
        tags=["gitops", "kubernetes"],
    )


UPTIME_KUMA = [
    kuma(
        1,
        (BEN, AVAIL, PAGE),
        "Patient portal login",
        0,
        "timeout of 48000ms exceeded",
        "high",
        type="http",
        url=f"https://portal.{DOMAIN}/login",
    ),
    kuma(
        2,
        (BEN, AVAIL, PAGE),
        "VPN gateway TLS",
        0,
        "certificate has expired",
        "High",
        text=(
            "VPN not working - were we hacked?? certificate error",
            "Night nurse coordinator in Gothenburg: nobody working from home can connect since midnight, the client "
            f"says the certificate is not valid. Uptime Kuma shows vpn.{DOMAIN} with 'certificate has expired'; "
            "the cert's notAfter was 2026-12-02 00:00 UTC and the renewal reminder went to a mailbox nobody reads. "
            "No sign of tampering, it simply ran out.",
        ),
        type="http",
        url=f"https://vpn.{DOMAIN}",
        expiryNotification=True,
    ),
    kuma(
        3,
        (BEN, AVAIL, []),
        "CareChart production (Norfolk)",
        3,
        "Under maintenance: CareChart 2026.4 upgrade 22:00-02:00 CET",
        "low",
        type="keyword",
        url="https://carechart.twh.local/healthcheck",
        keyword="READY",
    ),
    kuma(
        4,
        (SUS, AVAIL, []),
        "Portal public DNS",
        0,
        "Records: 45.137.21.9 (expected 20.105.214.66)",
        "medium",
        text=(
            "Public A record for the patient portal changed to an unknown address",
            f"The external DNS check for portal.{DOMAIN} resolves to 45.137.21.9 since 04:50, not our Front Door "
            "address. From inside the hospital everything works (split DNS). There is no DNS change request in the "
            "CAB calendar, but the registrar's audit log has not been checked yet - if it shows a login we don't "
            "know, this is a hijack; if it's the hosting team's migration, it's just a botched change.",
        ),
        type="dns",
        hostname=f"portal.{DOMAIN}",
        dns_resolve_type="A",
        dns_resolve_server="1.1.1.1",
        dns_last_result="45.137.21.9",
    ),
]

NETDATA = [
    netdata(
        1,
        (BEN, PERF, PAGE),
        "TWH-BGO-SQL02",
        "disk_space_usage",
        ("disk_space._var_opt_mssql", "disk.space"),
        "98.7%",
        "critical",
        "Disk /var/opt/mssql space utilization is 98.7%. The CareChart_Reporting transaction log grew 11 GB in "
        "the last hour because the log backup job has been failing since Saturday.",
        "critical",
    ),
    netdata(
        2,
        (MAL, PERF, ["isolate_host"]),
        "TWH-GDN-APP07",
        "10min_cpu_usage",
        ("system.cpu", "system.cpu"),
        "99.8%",
        "critical",
        "All 16 cores pinned since 01:40. Netdata's apps.cpu puts it on one process, 'kdevtmpfsi', started by the "
        "tomcat user from /tmp (sha256 3e5a8cbe28fb67190300bd7e32159400e7ab6a60c613116545a7f1cae60baec1) and holding "
        "a TLS session to 194.38.20.199:443, which the firewall team knows as a Monero pool proxy. The PACS worklist "
        "served from this node takes 40 s to load.",
        "critical",
        kind="performance",
    ),
    netdata(
        3,
        (BEN, PERF, PAGE_RESTART),
        "TWH-RTM-INT01",
        "ram_in_use",
        ("mem.available", "mem.available"),
        "95.1%",
        "warning",
        "RAM in use 95.1%. The HL7 interface engine's resident memory has grown ~350 MB an hour since Tuesday's "
        "patch night and swap is 60% used; the last time this happened it was OOM-killed at 3 a.m. A restart "
        "buys about two days until the vendor fix.",
        "high",
    ),
    netdata(
        4,
        (SUS, PERF, []),
        "TWH-OSA-WEB03",
        "load_average_15",
        ("system.load", "system.load"),
        "22.4",
        "warning",
        "Load average 22.4 on an 8-core web node since 04:10 JST. The busy processes are the portal's own php-fpm "
        "workers, yet request rate is normal (~40 rps) and nothing was deployed since Friday. Nobody has looked at "
        "the workers' outbound connections yet: a runaway thumbnail rebuild and an injected miner would both look "
        "like this.",
        "medium",
    ),
]

CHECKMK = [
    checkmk(
        1,
        (BEN, PERF, PAGE),
        "TWH-BGO-SQL03",
        "MSSQL AlwaysOn Replica CareChart_AG",
        "CRIT",
        "Log send queue: 14.2 GB (warn/crit at 1.00 GB/5.00 GB)(!!), Redo queue: 3.1 GB, "
        "Estimated data loss: 38 min(!!)",
        "high",
        description="Bergen secondary of the CareChart availability group is 38 minutes behind. The WAN link "
        "is full with the nightly PACS image sync; failover now would lose data.",
    ),
    checkmk(
        2,
        (BEN, AVAIL, PAGE_RESTART),
        "TWH-NOR-PHA01",
        "Service OmniDispense Sync",
        "CRIT",
        "OmniDispense Sync (omnisync): stopped (start type: auto)(!!)",
        "CRITICAL",
        description="Dispensing cabinets on Norfolk wards 3-7 stopped receiving new medication orders at 13:20; "
        "nurses are using override. The sync service stopped after the Windows update reboot and did not "
        "come back by itself.",
    ),
    checkmk(
        3,
        (MAL, MALWARE, ["isolate_host"]),
        "TWH-RTM-PACS02",
        "File group DICOM archive",
        "CRIT",
        "Files modified in last 10 min: 184302 (warn/crit at 2000/5000)(!!), newest: "
        "E:\\DICOM\\2026\\12\\05\\1.2.840.113619.2.55.3.dcm.hlkt, Count of HOW_TO_RECOVER.txt: 912",
        "critical",
        description="Archive server is rewriting DICOM files at ~300 per second, every one now ending .hlkt, "
        "with a HOW_TO_RECOVER.txt in each study folder. The PACS store service crashed because it can't read them.",
        tags=["pacs"],
    ),
    checkmk(
        4,
        (MAL, AVAIL, ["escalate"]),
        "TWH-NOR-EDGE01",
        "Interface 1 uplink-isp-norfolk",
        "CRIT",
        "[uplink-isp-norfolk], (up), Speed: 10 GBit/s, In: 9.61 GBit/s (96.1%)(!!), Out: 42.0 MBit/s (0.4%)",
        "high",
        description="Inbound saturation since 10:52. NetFlow: UDP from source ports 123 and 389 out of roughly "
        "14,000 addresses, all aimed at our public /24. Portal, VPN and e-prescribing are unreachable from outside.",
    ),
]

PRTG = [
    prtg(
        1,
        (BEN, PERF, PAGE),
        prtg_sensor(
            "TWH-GOT-PACS01",
            "Gothenburg > Imaging",
            "HTTP Advanced - viewer study load",
            "Warning",
            "Response time 48,211 msec is above the warning limit of 10,000 msec",
            "48,211 msec",
        ),
        "medium",
        "Radiologists in Gothenburg say CT studies take over a minute to open since 08:00. The Disk IO sensor on "
        "the image store reads 97% busy; a RAID rebuild started at 07:45 after a drive swap.",
    ),
    prtg(
        2,
        (MAL, AVAIL, ["block_ip"]),
        prtg_sensor(
            "TWH-BGO-FW01",
            "Bergen > Perimeter",
            "SNMP Traffic - WAN (port1)",
            "Down",
            "Traffic In 1,930 Mbit/s is above the error limit of 900 Mbit/s",
            "1,930 Mbit/s",
        ),
        "critical",
        f"Three addresses, 141.98.11.58, 80.94.95.226 and 45.141.215.19, are sending 1.9 Gbit/s of TCP SYN to "
        f"port 443 on vpn.{DOMAIN}. The concentrator holds 2.1 million half-open sessions and staff VPN keeps "
        "dropping.",
    ),
    prtg(
        3,
        (UNK, GENERIC, []),
        {"sitename": "%sitename", "device": "%device", "name": "%name", "status": "%status", "message": "%message"},
        "medium",
    ),
    prtg(
        4,
        (MAL, BRUTE, ["reset_credentials", "block_ip"]),
        prtg_sensor(
            "TWH-RTM-SQL01",
            "Rotterdam > Databases",
            "Microsoft SQL v2 - CareChart_Reporting",
            "Down",
            "Database 'CareChart_Reporting' cannot be opened. It is offline.",
            "No data",
        ),
        "critical",
        "The reporting database went offline at 02:47. The SQL error log has 7,930 failed logins for 'sa' from "
        "91.240.118.172 since 23:00, then a successful 'sa' login from the same address at 02:41 and an ALTER "
        "DATABASE ... SET OFFLINE. Port 1433 was left published on the NAT after last week's vendor upgrade.",
    ),
]

ORION = [
    orion(
        1,
        (SUS, AVAIL, ["disable_user"]),
        "NCM - Running config changed",
        "TWH-NOR-FW02",
        "Running configuration of TWH-NOR-FW02 changed; 6 lines removed, 1 added",
        "Warning",
        "At 01:12 the running config of the Norfolk firewall was changed by 'medtech-svc' and the IPsec tunnel "
        "to Bergen went down at once; Bergen cannot reach CareChart. The account belongs to the imaging vendor "
        "whose support contract ended in September and should have been disabled then. The session came from "
        "10.20.9.31, the vendor's old jump box inside our network, not from the internet. Not in the change calendar.",
        "high",
        ConfigType="Running",
        ChangedBy="medtech-svc",
        DiffSummary="- crypto map BGO-TUN 10 match address BGO-VPN-ACL (+5 lines); + no crypto map BGO-TUN",
    ),
    orion(
        2,
        (BEN, AVAIL, PAGE_RESTART),
        "SAM - CareChart Web Login response time critical",
        "TWH-NOR-EHR03",
        "HTTP monitor 'CareChart Web Login': 30,000 ms (timeout). IIS app pool 'CareChartAuth' recycled 14 times "
        "in 30 min (private memory limit 4 GB reached)",
        "Critical",
        "Clinicians on the Norfolk wards get a spinning wheel on the CareChart login page; those already signed in "
        "can keep working. The authentication app pool keeps hitting its memory limit.",
        "high",
    ),
    orion(
        3,
        (SUS, AVAIL, ["reset_credentials"]),
        "Node rebooted",
        "TWH-RTM-FW01",
        "sysUpTime went from 211 days to 00:03:12",
        "Serious",
        "Rotterdam firewall reloaded at 03:12 and the site was offline for six minutes. Its syslog shows 'reload' "
        "issued by 'netops', the shared local admin account, from 10.40.8.77 - a radiology reading-room PC, not one "
        "of our jump hosts. Nobody on the network team has claimed it so far.",
        "high",
    ),
]

LOGICMONITOR = [
    logicmonitor(1, (UNK, GENERIC, []), "alert", "LogicMonitor alert LMS88231", "medium", {"alertid": "LMS88231"}),
    logicmonitor(
        2,
        (BEN, AVAIL, []),
        "HTTPS lis-results-api StatusCode flapping (cleared/re-raised 9x)",
        "The alert has cleared and come back nine times in two hours. Every failure is one missed poll from the "
        "Osaka collector, under a minute each; the Gdańsk collector sees the API up throughout and the lab reports "
        "no delays in results.",
        "low",
        {
            "host": "TWH-OSA-LIS01",
            "datasource": "HTTPS-",
            "instance": "lis-results-api",
            "datapoint": "StatusCode",
            "value": "0",
            "threshold": "!= 200",
            "level": "warn",
            "alertstatus": "clear",
            "duration": "0h 0m",
        },
        kind="availability",
    ),
    logicmonitor(
        3,
        (MAL, BRUTE, ["block_ip"]),
        "TWH-NOR-RDS01 WinSecurityEvents FailedLogons4625 = 48213",
        "Failed logons on the remote desktop gateway reached 48,213 in an hour, cycling through administrator, "
        "scanner, nurse, reception and the like, from 193.142.146.35, 92.63.197.153 and about 40 other "
        "addresses. None of them has logged on successfully. Gateway CPU sits at 95%, so coders working from home "
        "find their sessions sluggish.",
        "high",
        {
            "host": "TWH-NOR-RDS01",
            "datasource": "WinSecurityEvents",
            "instance": "Security",
            "datapoint": "FailedLogons4625",
            "value": "48213",
            "threshold": "> 500",
            "level": "critical",
        },
    ),
]

SPLUNK_O11Y = [
    splunk_o11y(
        1,
        (BEN, PERF, PAGE),
        "carechart-api p99 latency",
        "p99 > 3s for 10m",
        "Critical",
        "POST /api/orders on carechart-api has p99 9.2 s (threshold 3 s). Slowest span: SELECT on ORDER_AUDIT "
        "doing a full scan, introduced by release 26.12.1 this morning.",
        {"A": {"value": "9214", "dimensions": {"sf_service": "carechart-api", "sf_environment": "prod"}}},
        "high",
    ),
    splunk_o11y(
        2,
        (MAL, AVAIL, ["escalate"]),
        "patient-portal ingress request rate",
        "Sudden change",
        "Major",
        "Requests to the portal ingress at 38,400/s, 61x the baseline, from about 22,000 client addresses on "
        "residential networks in 40 countries. All of it is GET /appointments/search?q=<random>; portal pods at "
        "100% CPU and real patients get 504s.",
        {"A": {"value": "38400", "dimensions": {"k8s.namespace.name": "patient-portal"}}},
        "high",
        kind="availability",
    ),
    splunk_o11y(
        3,
        (BEN, PERF, []),
        "carechart-api p99 latency",
        "p99 > 3s for 10m",
        "Critical",
        "p99 back to 410 ms after the ORDER_AUDIT index was added.",
        {"A": {"value": "410"}},
        "low",
        status="ok",
    ),
    splunk_o11y(
        4,
        (SUS, BRUTE, ["block_ip"]),
        "portal password-reset requests",
        "Above historic norm",
        "Warning",
        "Password-reset POSTs at 1,840/h against 60/h normally; 81% come from 179.43.128.0/24, a hosting range. "
        "Each targets a real patient's e-mail. The reset link only goes to the owner's mailbox and successful "
        "logins are flat, so no account has been taken over that we can see.",
        {"A": {"value": "1840", "dimensions": {"http.route": "/api/auth/password-reset"}}},
        "medium",
    ),
]

INSTANA = [
    instana(
        1,
        (BEN, AVAIL, PAGE_RESTART),
        "incident",
        "Abnormal termination of JVM process",
        "lis-hl7-bridge on TWH-GDN-LIS02",
        10,
        "lis-hl7-bridge keeps dying with java.lang.OutOfMemoryError: Metaspace; systemd gave up after five "
        "restarts. Results from the Gdańsk analysers are queuing and have not reached CareChart for 25 minutes.",
        "critical",
        entity="JVM",
    ),
    instana(
        2,
        (MAL, BRUTE, ["reset_credentials", "block_ip"]),
        "issue",
        "Sudden increase in erroneous calls",
        "POST /api/auth/login (patient-portal)",
        10,
        "Portal login calls went from 900 to 64,000 an hour and 93% return 401, from 3,100 rotating proxy "
        "addresses. 212 patient accounts received a 200 from those same addresses and went straight to their "
        "lab results and messages.",
        "critical",
        entity="Endpoint",
    ),
    instana(
        3,
        (MAL, PERF, ["isolate_host"]),
        "issue",
        "High CPU usage on host",
        "TWH-OSA-APP11",
        5,
        "Host CPU at 99.6% for three hours. Top process 'systemd-logind' runs from /dev/shm/.x/ (the real one "
        "lives in /usr/lib/systemd), owned by the 'pharmacy' user, sha256 c6d04e15f79a677c33571addd7854cbad81fa2cc"
        "4ad1d62c4eb5ed5d7acd3876, with a connection open to 45.9.148.117:3333. The dispensing API on this host "
        "answers in 6 s instead of 200 ms.",
        "high",
        entity="Host",
    ),
]

CRONITOR = [
    cronitor(
        1,
        (BEN, AVAIL, PAGE),
        "carechart-dw-extract",
        "CareChart nightly extract",
        "0 2 * * *",
        "not_on_schedule",
        "Job 'CareChart nightly extract' has not started on schedule (expected 02:00 Europe/Amsterdam, grace 20 min)",
        "medium",
        host="TWH-RTM-ETL01",
    ),
    cronitor(
        2,
        (SUS, GENERIC, []),
        "pacs-offsite-backup",
        "PACS offsite backup",
        "30 21 * * *",
        "run_duration",
        "Job 'PACS offsite backup' completed in 3s (expected at least 1h)",
        "medium",
        host="DESKTOP-4QK7PJ2",
        note="The offsite backup reported complete after 3 seconds instead of the usual 2h40m, and the ping came "
        "from DESKTOP-4QK7PJ2, not the backup server TWH-BGO-BKP01. The backup console shows no new restore point "
        "tonight. The ping URL is pasted in the runbook wiki, so it may be someone testing by hand - or someone "
        "hiding that the backup no longer runs.",
    ),
    cronitor(
        3,
        (SUS, GENERIC, []),
        "purge-app-logs",
        "Weekly app log purge",
        "0 3 * * 0",
        "run_outside_schedule",
        "Job 'Weekly app log purge' ran outside its schedule",
        "high",
        host="TWH-NOR-LNX11",
        note="The Sunday log purge ran on Wednesday at 14:07 as root and removed 31 days of CareChart access-audit "
        "logs, not the usual 90-day-old ones. No change record; root's login at 14:05 came from a sysadmin's "
        "workstation, and that sysadmin is on leave - we have not reached her yet.",
    ),
]

AWS_HEALTH = [
    aws_health(
        1,
        (BEN, AVAIL, PAGE),
        "eu-north-1",
        "EC2",
        "AWS_EC2_OPERATIONAL_ISSUE",
        "issue",
        "We are investigating network connectivity issues for some instances in a single Availability Zone "
        "(eun1-az2) in the EU-NORTH-1 Region.",
        "two of the three portal nodes for the Nordic sites run in eun1-az2 and are unreachable; the third carries "
        "everything and is at 90% CPU.",
        "high",
        ["i-04be71c2d93a5f180", "i-0a9d3e6f21c7b4458"],
    ),
    aws_health(
        2,
        (MAL, PERF, ["reset_credentials", "isolate_host"]),
        "us-east-1",
        "RISK",
        "AWS_RISK_CREDENTIALS_EXPOSED",
        "issue",
        "We have become aware that the AWS access key AKIA4TWHK7QZ2M6RXP3L, belonging to IAM user svc-pacs-archive, "
        "along with the corresponding secret key, is publicly available online.",
        "since 03:20 the account has run 36 g5.12xlarge instances in Tokyo launched with that key. We have nothing "
        "in Tokyo; their GPUs are at 100% and the cost alarm projects $4,100 a day.",
        "critical",
        ["AKIA4TWHK7QZ2M6RXP3L"],
    ),
    aws_health(
        3,
        (SUS, MALWARE, []),
        "ap-northeast-3",
        "ABUSE",
        "AWS_ABUSE_DOS_REPORT",
        "issue",
        "AWS has received a report that resources in your account were used in a denial-of-service attack against "
        "a third party on 2026-12-10 between 11:02 and 11:40 UTC.",
        "the instance is TWH-OSA-WEB02, the Osaka portal mirror. Its NetworkOut graph for the past seven days shows "
        "no burst, but flow logs only keep 24 hours, so the reported window can't be checked directly.",
        "medium",
        ["i-0c3f58a1e7d29b604"],
    ),
]

ARGOCD = [
    argocd(
        1,
        (BEN, AVAIL, PAGE),
        "patient-portal-web",
        "on-health-degraded",
        {"status": "Synced", "revision": "57903b1a3dc13683f27f683cfc1d9c9cbd55f947"},
        "Degraded",
        {"phase": "Succeeded", "message": "successfully synced (all tasks run)", "initiatedBy": {"automated": True}},
        "Release 4.9.0 of the portal front end: new pods in CrashLoopBackOff ('Error: Cannot find module "
        "/app/server.js'), 3 of 6 replicas down, the rest answer with 35% 502s. No automatic rollback is set up.",
        "high",
    ),
    argocd(
        2,
        (SUS, AVAIL, ["reset_credentials"]),
        "carechart-fhir-gateway",
        "on-sync-succeeded",
        {"status": "Synced", "revision": "9f8260ee4e56d27be6c29ee7c5ea866a24fa4b07"},
        "Degraded",
        {"phase": "Succeeded", "message": "successfully synced", "initiatedBy": {"username": "admin"}},
        "Someone synced the FHIR gateway back to v1.18 (a 2024 tag) at 23:48 and it now returns 503 to every "
        "partner lab. The sync was made as Argo CD's local 'admin' user; we sign in through SSO only and admin was "
        "meant to be disabled - the setting was lost in October's Helm upgrade. The revision is from our own repo.",
        "critical",
    ),
    argocd(
        3,
        (MAL, PERF, ["isolate_host", "reset_credentials"]),
        "lis-worker",
        "on-out-of-sync",
        {"status": "OutOfSync", "revision": "c256c6a9d83b1a20497b018c7750a2c0f93567b5"},
        "Progressing",
        {"phase": "Succeeded", "message": "successfully synced", "initiatedBy": {"automated": True}},
        "Live Deployment differs from git: image docker.io/kubeproxy-updates/kube-proxy:v9 instead of "
        f"registry.{DOMAIN}/lab/lis-worker:2.8.1, args '--donate-level=1 -o gulf.moneroocean.stream:10128'. The "
        "Kubernetes audit log has the patch made with the ci-deployer service account token from 185.220.101.47. "
        "The four lab nodes are at 100% CPU and result processing is 25 minutes behind.",
        "critical",
    ),
]

CASES: list[Case] = [
    *UPTIME_KUMA,
    *NETDATA,
    *CHECKMK,
    *PRTG,
    *ORION,
    *LOGICMONITOR,
    *SPLUNK_O11Y,
    *INSTANA,
    *CRONITOR,
    *AWS_HEALTH,
    *ARGOCD,
]
