"""Development split, part 3: monitoring tools, ITSM tickets, and human reports in several voices (see README.md)."""

from __future__ import annotations

from typing import Any

from tests.data.triage.development_security import BEN, MAL, SUS, UNK, alert
from tests.data.triage.labels import Case, case

AVAIL, PERF = "availability", "performance"
PAGE = ["notify"]
PAGE_RESTART = ["notify", "restart_service"]


def nagios(
    n: int,
    host: str,
    service: str,
    state: str,
    output: str,
    expected: tuple[str, str, list[str]],
    tool: str = "Nagios Core",
) -> Case:
    severity = {"CRITICAL": "high", "WARNING": "medium", "UNKNOWN": "medium", "DOWN": "critical"}.get(state, "low")
    prefix = "icinga" if tool.startswith("Icinga") else "nagios"
    return alert(
        f"dev-{prefix}-{n:03d}",
        tool,
        expected,
        f"** PROBLEM Service Alert: {host}/{service} is {state} **" if service else f"Host {host} is {state}",
        f"Notification Type: PROBLEM\nService: {service}\nHost: {host}\nState: {state}\nInfo: {output}",
        severity,
        prefix,
        {"host_name": host, "service_desc": service, "state": state, "output": output, "notification_type": "PROBLEM"},
        systems=[host],
    )


def zabbix(
    n: int, trigger: str, host: str, severity_name: str, value: str, expected: tuple[str, str, list[str]]
) -> Case:
    severity = {"Disaster": "critical", "High": "high", "Average": "medium", "Warning": "low"}.get(severity_name, "low")
    return alert(
        f"dev-zabbix-{n:03d}",
        "Zabbix",
        expected,
        f"Problem: {trigger}",
        f"Problem started on {host}: {trigger}. Operational data: {value}. Severity: {severity_name}.",
        severity,
        "zabbix",
        {"event": {"name": trigger, "severity": severity_name, "opdata": value}, "host": {"name": host}},
        systems=[host],
    )


def newrelic(
    n: int, condition: str, entity: str, description: str, priority: str, expected: tuple[str, str, list[str]]
) -> Case:
    return alert(
        f"dev-newrelic-{n:03d}",
        "New Relic",
        expected,
        f"New Relic issue: {condition} on {entity}",
        description,
        "critical" if priority == "CRITICAL" else "high" if priority == "HIGH" else "medium",
        "newrelic",
        {"issueTitle": condition, "priority": priority, "state": "ACTIVATED", "entitiesData": {"names": [entity]}},
    )


def dynatrace(
    n: int, title: str, impact: str, severity_level: str, description: str, expected: tuple[str, str, list[str]]
) -> Case:
    return alert(
        f"dev-dynatrace-{n:03d}",
        "Dynatrace",
        expected,
        f"Dynatrace problem P-{2611 + n}: {title}",
        description,
        "high" if severity_level in ("AVAILABILITY", "ERROR") else "medium",
        "dynatrace",
        {
            "ProblemID": f"P-{2611 + n}",
            "ProblemTitle": title,
            "ImpactLevel": impact,
            "SeverityLevel": severity_level,
            "State": "OPEN",
        },
    )


MONITORING = [
    nagios(1, "nwf-web-03", "HTTP", "CRITICAL", "Connection refused on port 443", (BEN, AVAIL, PAGE_RESTART)),
    nagios(
        2, "nwf-db-01", "Disk /var/lib/mysql", "WARNING", "DISK WARNING - free space: 8% (41 GB)", (BEN, PERF, PAGE)
    ),
    nagios(3, "nwf-edge-rtr-2", "", "DOWN", "PING CRITICAL - Packet loss = 100%", (BEN, AVAIL, PAGE)),
    nagios(
        4,
        "nwf-app-07",
        "Load",
        "CRITICAL",
        "CRITICAL - load average: 48.12, 45.90, 40.33 (8 cores)",
        (BEN, PERF, PAGE),
        tool="Icinga 2",
    ),
    nagios(
        5,
        "nwf-mq-01",
        "rabbitmq_queue_depth",
        "CRITICAL",
        "queue orders.inbound has 182,339 messages (crit 50k)",
        (BEN, PERF, PAGE),
        tool="Icinga 2",
    ),
    nagios(
        6,
        "nwf-ldap-02",
        "slapd process",
        "CRITICAL",
        "PROCS CRITICAL: 0 processes with command name 'slapd'",
        (BEN, AVAIL, PAGE_RESTART),
        tool="Icinga 2",
    ),
    nagios(7, "nwf-web-01", "SSL cert", "WARNING", "SSL OK - certificate expires in 12 days", (BEN, AVAIL, PAGE)),
    zabbix(
        1, "Zabbix agent is not available (for 3m)", "nwf-wh-scanner-gw", "Average", "not available", (BEN, AVAIL, PAGE)
    ),
    zabbix(
        2,
        "High CPU utilization (over 90% for 5m)",
        "nwf-erp-app01",
        "Warning",
        "Current utilization: 97.3 %",
        (BEN, PERF, PAGE),
    ),
    zabbix(3, "MySQL: Service is down", "nwf-erp-db01", "Disaster", "Down", (BEN, AVAIL, PAGE_RESTART)),
    zabbix(
        4,
        "Interface Gi0/1: High error rate (>2 for 5m)",
        "nwf-core-sw1",
        "Warning",
        "in errors: 1,204/s",
        (BEN, PERF, PAGE),
    ),
    zabbix(5, "Lack of free swap space (less than 10%)", "nwf-batch-02", "Warning", "free swap: 3%", (BEN, PERF, PAGE)),
    zabbix(6, "/etc/passwd has been changed", "nwf-bastion-01", "Warning", "checksum changed", (SUS, "generic", [])),
    newrelic(
        1,
        "Error percentage > 5%",
        "checkout-service",
        "Error rate 34% for 10 minutes on checkout-service (HTTP 503 from payment provider client).",
        "CRITICAL",
        (BEN, AVAIL, PAGE),
    ),
    newrelic(
        2,
        "Apdex < 0.7",
        "tracking-api",
        "Apdex 0.52, web transaction time p95 3.8 s (normally 400 ms); slow query on shipments_history.",
        "HIGH",
        (BEN, PERF, PAGE),
    ),
    newrelic(
        3,
        "Synthetic monitor failure",
        "Login page - Frankfurt",
        "Scripted browser check failed 3 times in a row from 4 locations: element #login-button not found.",
        "CRITICAL",
        (BEN, AVAIL, PAGE),
    ),
    dynatrace(
        1,
        "Response time degradation",
        "SERVICE",
        "PERFORMANCE",
        "Response time of service RatingEngine increased to 2.9 s (+540%) affecting 12,000 user actions/min; "
        "root cause: garbage collection time high on JVM rating-engine-7f9c.",
        (BEN, PERF, PAGE),
    ),
    dynatrace(
        2,
        "Failure rate increase",
        "APPLICATION",
        "ERROR",
        "Failure rate of web application www.northwind-freight.com rose to 21% (JavaScript errors after release 4.12).",
        (BEN, AVAIL, PAGE),
    ),
    dynatrace(
        3,
        "Process unavailable",
        "INFRASTRUCTURE",
        "AVAILABILITY",
        "Process group nginx on host nwf-lb-02 unavailable; host is up.",
        (BEN, AVAIL, PAGE_RESTART),
    ),
    dynatrace(
        4,
        "Memory saturation",
        "INFRASTRUCTURE",
        "RESOURCE_CONTENTION",
        "Memory usage 98% on host nwf-search-03 (Elasticsearch), swapping.",
        (BEN, PERF, PAGE),
    ),
    alert(
        "dev-sentry-001",
        "Sentry",
        (BEN, AVAIL, PAGE),
        "Sentry: TypeError: Cannot read properties of undefined (reading 'price') - 4,210 events",
        "New issue in release web@4.12.0 affecting 1,900 users in 30 minutes: "
        "TypeError in CheckoutSummary.tsx; checkout button does nothing.",
        "high",
        "sentry",
        {"level": "error", "culprit": "CheckoutSummary.tsx", "count": 4210, "userCount": 1900, "release": "web@4.12.0"},
    ),
    alert(
        "dev-sentry-002",
        "Sentry",
        (BEN, PERF, PAGE),
        "Sentry performance: N+1 query on /api/manifests",
        "Performance issue: N+1 DB queries (1,400 spans) on GET /api/manifests; p75 duration 6.1 s.",
        "medium",
        "sentry",
        {"issueType": "performance_n_plus_one_db_queries", "transaction": "/api/manifests"},
    ),
    alert(
        "dev-uptimerobot-001",
        "UptimeRobot",
        (BEN, AVAIL, PAGE),
        "Monitor is DOWN: Customer portal",
        "UptimeRobot: Monitor 'Customer portal' (https://portal.northwind-freight.com) is DOWN. Reason: 502 Bad "
        "Gateway. Duration: 4 min.",
        "high",
        "uptimerobot",
        {"monitorID": 793211, "alertType": 1, "alertTypeFriendlyName": "Down", "alertDetails": "502 Bad Gateway"},
    ),
    alert(
        "dev-uptimerobot-002",
        "UptimeRobot",
        (BEN, AVAIL, []),
        "Monitor is UP: Customer portal",
        "UptimeRobot: Monitor 'Customer portal' is back UP (it was down for 6 minutes).",
        "low",
        "uptimerobot",
        {"monitorID": 793211, "alertType": 2, "alertTypeFriendlyName": "Up"},
    ),
    alert(
        "dev-statuscake-001",
        "StatusCake",
        (BEN, AVAIL, PAGE),
        "StatusCake: Tracking API is down",
        "Website 'Tracking API' is down from 3 of 4 test locations: timeout after 30 s. Status code 0.",
        "high",
        "statuscake",
        {"Name": "Tracking API", "Status": "Down", "StatusCode": 0, "URL": "https://api.nwf.io/health"},
    ),
    alert(
        "dev-statuscake-002",
        "StatusCake",
        (BEN, PERF, PAGE),
        "StatusCake: page speed alert on www",
        "Page Speed test: load time 9.4 s, above the 4 s alert threshold, for 3 consecutive checks.",
        "medium",
        "statuscake",
        {"Name": "www home", "LoadTime": 9400, "Threshold": 4000},
    ),
    alert(
        "dev-azmon-001",
        "Azure Monitor",
        (BEN, PERF, PAGE),
        "Fired: Sev2 - DTU percentage > 90 on sqldb-orders",
        "Metric alert: dtu_consumption_percent 99.1 (threshold 90) for 15 minutes on sqldb-orders.",
        "medium",
        "azure_monitor",
        {"essentials": {"severity": "Sev2", "monitorCondition": "Fired", "signalType": "Metric"}},
    ),
    alert(
        "dev-gcpmon-001",
        "Google Cloud Monitoring",
        (BEN, AVAIL, PAGE_RESTART),
        "Uptime check failure: cloud-run-label-service",
        "Incident: uptime check on label-service failing in all regions; Cloud Run revision label-service-00042 "
        "crashes at start (container exited with code 1, missing env var).",
        "critical",
        "gcp_monitoring",
        {"incident": {"policy_name": "label-service uptime", "state": "open", "condition_name": "Uptime check"}},
    ),
    alert(
        "dev-site24x7-001",
        "Site24x7",
        (BEN, AVAIL, []),
        "Site24x7: monitor status changed to Maintenance",
        "Monitor 'ERP' is in scheduled maintenance until 04:00 (planned upgrade).",
        "low",
        "site24x7",
        {"MONITOR_NAME": "ERP", "STATUS": "MAINTENANCE"},
    ),
    alert(
        "dev-pd-001",
        "PagerDuty (Events API v2)",
        (BEN, AVAIL, PAGE),
        "[FIRING] kafka-broker-3 offline",
        "Event: broker 3 of the events Kafka cluster left the ISR; 46 partitions under-replicated.",
        "critical",
        "pagerduty",
        {
            "payload": {
                "summary": "kafka-broker-3 offline",
                "severity": "critical",
                "source": "kafka-broker-3",
                "component": "kafka",
            },
            "event_action": "trigger",
        },
    ),
    alert(
        "dev-appd-001",
        "AppDynamics",
        (BEN, PERF, PAGE),
        "AppDynamics health rule violation: Business Transaction response time is much higher than normal",
        "BT 'Create Booking' average response time 7,300 ms vs baseline 650 ms; stall count 44.",
        "high",
        "appdynamics",
        {"eventType": "POLICY_OPEN_CRITICAL", "affectedEntityName": "Create Booking"},
    ),
]


def ticket(
    case_id: str,
    tool: str,
    expected: tuple[str, str, list[str]],
    title: str,
    description: str,
    severity: str,
    source: str,
    **raw: Any,
) -> Case:
    return case(
        case_id, tool, expected, title=title, description=description, severity=severity, source=source, raw_data=raw
    )


ITSM = [
    ticket(
        "dev-snow-001",
        "ServiceNow incident",
        (BEN, AVAIL, PAGE),
        "INC0091233 - Email not working for whole Rotterdam office",
        "Caller: front desk Rotterdam. Nobody in the office can send or receive mail since "
        "08:30; Outlook says 'disconnected'. Other sites fine.",
        "high",
        "servicenow",
        number="INC0091233",
        category="Email",
        impact="2 - Medium",
        urgency="1 - High",
    ),
    ticket(
        "dev-snow-002",
        "ServiceNow incident",
        (BEN, PERF, PAGE),
        "INC0091240 - SAP very slow",
        "Users in finance report SAP transactions take 30-60 seconds to open since this morning, every screen.",
        "medium",
        "servicenow",
        number="INC0091240",
        category="Application",
        urgency="2 - Medium",
    ),
    ticket(
        "dev-snow-003",
        "ServiceNow security incident",
        (MAL, "malware", ["isolate_host"]),
        "SIR0010442 - Ransom note found on warehouse PC",
        "Warehouse supervisor found a README_RESTORE.txt on the desktop of NWF-WH-PC12, all files renamed with "
        ".8base extension. PC still on the network.",
        "critical",
        "servicenow",
        number="SIR0010442",
        category="Malicious code activity",
    ),
    ticket(
        "dev-snow-004",
        "ServiceNow incident",
        (BEN, "brute_force", []),
        "INC0091266 - account locked out",
        "User m.brandt locked out again after the password change - probably her phone still has the old "
        "password. Please unlock.",
        "low",
        "servicenow",
        number="INC0091266",
        category="Access",
    ),
    ticket(
        "dev-jsm-001",
        "Jira Service Management",
        (BEN, AVAIL, PAGE_RESTART),
        "OPS-4412: Label printers in Hamburg hub not printing",
        "Print spooler service on nwf-print-ham01 stopped; queue has 600 jobs, trucks waiting for labels.",
        "high",
        "jira",
        key="OPS-4412",
        issuetype="Incident",
        priority="Highest",
    ),
    ticket(
        "dev-jsm-002",
        "Jira Service Management",
        (SUS, "phishing", ["quarantine_email"]),
        "SEC-881: Suspicious invoice email received by several people",
        "Five people in AP forwarded the same mail 'Overdue invoice 2026-1188' from billing@nordic-cargo-"
        "services.com with an ISO attachment. Nobody has opened it as far as we know.",
        "medium",
        "jira",
        key="SEC-881",
        issuetype="Security Incident",
    ),
    ticket(
        "dev-freshservice-001",
        "Freshservice",
        (BEN, "generic", []),
        "Laptop stolen from car",
        "Employee t.hughes reports her work laptop NWF-LT-0581 was stolen from her car overnight. BitLocker "
        "enabled; police report filed. Please wipe and issue a replacement.",
        "medium",
        "freshservice",
        ticket_type="Incident",
        category="Hardware",
    ),
    ticket(
        "dev-zendesk-001",
        "Zendesk",
        (SUS, "brute_force", ["reset_credentials"]),
        "Customer: 'someone changed my delivery address'",
        "Customer account #44120 says they did not change the delivery address on three orders. Account log "
        "shows a login from a new device in another country yesterday, right after 30 failed logins.",
        "high",
        "zendesk",
        ticket_id=88213,
        requester="customer",
    ),
    ticket(
        "dev-topdesk-001",
        "TOPdesk",
        (BEN, PERF, PAGE),
        "Wi-Fi in building C extremely slow",
        "All users on floor 2 of building C: Wi-Fi works but pages take forever, Teams calls drop. Since Monday.",
        "medium",
        "topdesk",
        call_type="Incident",
    ),
]


def report(
    case_id: str,
    tool: str,
    expected: tuple[str, str, list[str]],
    title: str,
    description: str,
    severity: str = "medium",
    source: str = "user_report",
    **raw: Any,
) -> Case:
    return case(
        case_id, tool, expected, title=title, description=description, severity=severity, source=source, raw_data=raw
    )


HUMAN = [
    report(
        "dev-human-001",
        "Phone call (helpdesk notes)",
        (MAL, "generic", ["disable_user", "reset_credentials"]),
        "Caller says 'Microsoft' rang him and he installed AnyDesk",
        "Called 10:05. r.moretti (logistics planner) got a call from 'Microsoft support', installed AnyDesk and "
        "read out the 6-digit code. Caller then 'fixed' his banking. PC NWF-LT-0419 still online, he is scared.",
        "high",
        reporter="helpdesk",
        host="NWF-LT-0419",
    ),
    report(
        "dev-human-002",
        "Mattermost message",
        (BEN, AVAIL, PAGE),
        "the vpn is down??",
        "anyone else? vpn wont connect from home, just spins at 'authenticating'. been 20 min. cc @netops",
        "high",
        source="chat",
    ),
    report(
        "dev-human-003",
        "Mattermost message",
        (BEN, PERF, PAGE),
        "jenkins is crawling",
        "builds that took 5 min now take 45, the UI is slow too. agents look busy but nothing is running",
        "low",
        source="chat",
    ),
    report(
        "dev-human-004",
        "User report by mail",
        (SUS, "data_exfiltration", ["notify"]),
        "Colleague emailing customer list to his gmail",
        "Hi, I sit next to Lukas from sales. Today I saw him forward the full customer price list and the "
        "contact export to his private gmail address. He told us on Friday he is joining a competitor. Not sure "
        "who to tell. - anonymous",
        "medium",
    ),
    report(
        "dev-human-005",
        "User report by mail",
        (MAL, "phishing", ["quarantine_email", "block_sender"]),
        "CEO asking for gift cards??",
        "Got a text and then an email from 'our CEO' (ceo.northwindfreight@outlook.com) asking me to buy 10 Apple "
        "gift cards for a client and send the codes, urgently and confidentially. I didn't buy anything.",
        "medium",
    ),
    report(
        "dev-human-006",
        "User report by mail",
        (BEN, "phishing", []),
        "Phishing? 'Your parcel is waiting' from our own shipping system",
        "Mail 'Your parcel NWF-7741 is waiting for pickup' from noreply@northwind-freight.com. Looks like ours "
        "but I'm in IT so I never get parcels... turns out it's the test from the new notification system, "
        "dev team confirmed they sent it to the staff list by mistake.",
        "low",
    ),
    report(
        "dev-human-007",
        "Walk-in report",
        (MAL, "malware", ["isolate_host"]),
        "USB stick from parking lot plugged in",
        "Reception: a visitor handed in a USB stick found in the car park labelled 'Salaries 2027'. Before that, "
        "j.kim in finance plugged it into NWF-LT-0233; a PowerShell window flashed and the AV then reported "
        "'Rubber Ducky / HID attack' and a new scheduled task 'OneDriveSync'.",
        "high",
        host="NWF-LT-0233",
    ),
    report(
        "dev-human-008",
        "Google Chat message",
        (UNK, "generic", []),
        "weird",
        "something weird on my screen, will send a photo later",
        "low",
        source="chat",
    ),
    report(
        "dev-human-009",
        "Phone call (helpdesk notes)",
        (BEN, "generic", []),
        "User worried about pop-up 'your computer is infected'",
        "Browser pop-up on a news site said the PC was infected and to call a number. She closed the tab, did "
        "not call, did not install anything. AV scan clean.",
        "low",
    ),
    report(
        "dev-human-010",
        "SMS to on-call",
        (BEN, AVAIL, PAGE),
        "WMS DOWN",
        "WMS DOWN AT ROTTERDAM HUB. SCANNERS SHOW ERROR 500. TRUCKS QUEUEING. CALL ME",
        "critical",
        source="sms",
    ),
    report(
        "dev-human-011",
        "User report by mail",
        (SUS, "generic", ["reset_credentials"]),
        "Got an MFA prompt I didn't ask for",
        "Just got a Duo push at 23:40 while watching TV, I did not try to log in. I pressed deny. Is someone "
        "trying my account?",
        "medium",
    ),
    report(
        "dev-human-012",
        "User report by mail (non-native English)",
        (MAL, "brute_force", ["block_ip"]),
        "many many failed login on our partner portal",
        "Hello, in the partner portal log I see since 3 hours very many failed logins, more than 5000, for "
        "different partner users, all from address 45.95.147.236. Is attack? Please block. Regards, Ahmet (IT "
        "Istanbul office)",
        "high",
        src_ip="45.95.147.236",
    ),
    report(
        "dev-human-013",
        "Forwarded mail thread",
        (BEN, "data_exfiltration", []),
        "RE: RE: large upload to wetransfer flagged",
        "Confirmed with the marketing lead: the 18 GB WeTransfer upload was the video agency's raw footage sent "
        "back to the agency, as agreed in the contract. No company data in it. Closing from our side.",
        "low",
    ),
    report(
        "dev-human-014",
        "User report by mail",
        (BEN, PERF, PAGE),
        "Outlook is really slow for everyone in Madrid since this morning",
        "Outlook takes ages to open mails and search is stuck at 'updating'. Whole office, since about 9.",
        "medium",
    ),
    report(
        "dev-human-015",
        "Teams-free voice note transcript",
        (MAL, "data_exfiltration", ["disable_user", "notify"]),
        "Former admin still logging in and downloading",
        "Transcript: 'Hi it's Sven from IT ops. The contractor whose contract ended in October, account "
        "ext.pjansen, is still active, and the VPN logs show him connected last night pulling the whole "
        "engineering share, like 60 gig, to his own machine.'",
        "high",
    ),
    report(
        "dev-human-016",
        "Security team note",
        (BEN, "brute_force", []),
        "Heads-up: pen test this week",
        "Approved external penetration test by RedLantern Security, Nov 30 - Dec 4, from 198.51.100.0/24 "
        "(their range). Expect password spraying against the VPN portal and web login. Do not block.",
        "low",
        source="security_team",
    ),
]

CASES = [*MONITORING, *ITSM, *HUMAN]
