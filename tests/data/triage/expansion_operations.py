"""Expansion split, part 8: observability, synthetic checks, status pages and incident tooling (Honeycomb, Checkly,
Better Stack, Atlassian Statuspage, incident.io, Rootly, xMatters, BigPanda, Moogsoft, Splunk On-Call)."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import AVAIL, BEN, BRUTE, GENERIC, MAL, MALWARE, PERF, UNK, Expected, alert
from tests.data.triage.labels import Case

PAGE = ["notify"]
PAGE_RESTART = ["notify", "restart_service"]


def honeycomb(
    n: int,
    name: str,
    description: str,
    groups: list[dict[str, Any]],
    expected: Expected,
    severity: str,
    status: str = "TRIGGERED",
) -> Case:
    raw = {
        "name": name,
        "id": f"hc{n:04d}x",
        "status": status,
        "trigger_description": description,
        "summary": f"Triggered: {name}",
        "result_groups_triggered": groups,
        "result_url": f"https://ui.honeycomb.io/fernhill/environments/prod/result/{n}",
    }
    return alert(
        f"exp-honeycomb-{n:03d}",
        "Honeycomb triggers",
        expected,
        f"Honeycomb: {name}",
        description,
        severity,
        "honeycomb",
        raw,
    )


def checkly(
    n: int,
    check: str,
    check_type: str,
    location: str,
    response_ms: int,
    expected: Expected,
    severity: str,
    alert_type: str = "ALERT_FAILURE",
    **extra: Any,
) -> Case:
    raw = {
        "ALERT_TITLE": f"{check} has failed" if alert_type == "ALERT_FAILURE" else f"{check} is degraded",
        "ALERT_TYPE": alert_type,
        "CHECK_NAME": check,
        "CHECK_TYPE": check_type,
        "RUN_LOCATION": location,
        "RESPONSE_TIME": response_ms,
        "CHECK_ID": f"7c1d{n:04d}",
        **extra,
    }
    return alert(f"exp-checkly-{n:03d}", "Checkly", expected, None, None, severity, "checkly", raw)


def betterstack(
    n: int, name: str, url: str, cause: str, expected: Expected, severity: str, status: str = "Started"
) -> Case:
    raw = {
        "data": {
            "id": str(180000 + n),
            "type": "incident",
            "attributes": {"name": name, "url": url, "cause": cause, "status": status},
        }
    }
    return alert(
        f"exp-betterstack-{n:03d}",
        "Better Stack Uptime",
        expected,
        f"{name}: {cause}",
        f"Better Stack incident {status.lower()} for {url}: {cause}.",
        severity,
        "betterstack",
        raw,
    )


MONITORS = [
    honeycomb(
        1,
        "checkout p95 duration > 2s",
        "p95(duration_ms) over 10 min for service checkout-api is 4,820 ms.",
        [{"service.name": "checkout-api", "P95(duration_ms)": 4820}],
        (BEN, PERF, PAGE),
        "high",
    ),
    honeycomb(
        2,
        "SLO burn alert: meter-ingest availability",
        "Budget exhausted in 3h at the current burn rate (error rate 9.4%, mostly 503 from the ingest gateway).",
        [{"slo": "meter-ingest-99.9"}],
        (BEN, AVAIL, PAGE),
        "critical",
    ),
    honeycomb(
        3,
        "login requests per minute",
        "Login requests rose from 300/min to 52,000/min from 4,100 IPs "
        "spread over residential ISPs; 98% fail with 'invalid password'.",
        [{"http.route": "/api/login"}],
        (MAL, BRUTE, ["block_ip"]),
        "high",
    ),
    honeycomb(
        4, "checkout p95 duration > 2s", "Resolved: p95 back to 310 ms.", [], (BEN, PERF, []), "low", status="OK"
    ),
    checkly(
        1,
        "Customer portal - login journey",
        "BROWSER",
        "eu-west-1",
        30000,
        (BEN, AVAIL, PAGE),
        "high",
        ERROR="TimeoutError: waiting for selector '#dashboard' failed: timeout 30000ms exceeded",
    ),
    checkly(
        2,
        "Meter API /health",
        "API",
        "eu-central-1",
        2900,
        (BEN, PERF, PAGE),
        "medium",
        alert_type="ALERT_DEGRADED",
        DEGRADED_THRESHOLD_MS=1500,
    ),
    checkly(
        3,
        "Marketing site SSL",
        "API",
        "us-east-1",
        120,
        (BEN, AVAIL, PAGE),
        "medium",
        SSL_DAYS_REMAINING=6,
        alert_type="ALERT_SSL",
    ),
    betterstack(
        1, "Outage portal", "https://outages.fernhill-energy.com", "Status 502", (BEN, AVAIL, PAGE_RESTART), "critical"
    ),
    betterstack(
        2, "Billing API", "https://billing.fernhill-energy.com/health", "Timeout (30 s)", (BEN, AVAIL, PAGE), "high"
    ),
    betterstack(
        3,
        "Careers site",
        "https://careers.fernhill-energy.com",
        "Status 503",
        (BEN, AVAIL, []),
        "low",
        status="Resolved",
    ),
]


def statuspage(n: int, page: str, incident: str, impact: str, update: str, expected: Expected, severity: str) -> Case:
    raw = {
        "page": {"id": f"pg{n:03d}", "status_indicator": impact, "status_description": f"{page} status"},
        "incident": {
            "name": incident,
            "status": "investigating",
            "impact": impact,
            "incident_updates": [{"body": update}],
        },
    }
    return alert(
        f"exp-statuspage-{n:03d}",
        "Atlassian Statuspage (vendor subscription)",
        expected,
        f"[{page}] {incident}",
        update,
        severity,
        "statuspage",
        raw,
    )


def incident_io(n: int, name: str, sev: str, summary: str, expected: Expected, severity: str) -> Case:
    raw = {
        "event_type": "public_incident.incident_created_v2",
        "incident": {
            "reference": f"INC-{700 + n}",
            "name": name,
            "severity": {"name": sev},
            "summary": summary,
            "status": {"category": "live", "name": "Investigating"},
            "incident_type": {"name": "Default"},
        },
    }
    return alert(
        f"exp-incidentio-{n:03d}",
        "incident.io",
        expected,
        f"INC-{700 + n}: {name}",
        summary,
        severity,
        "incident_io",
        raw,
    )


def rootly(n: int, title: str, sev: str, summary: str, services: list[str], expected: Expected, severity: str) -> Case:
    raw = {
        "event": {"type": "incident.created"},
        "data": {
            "title": title,
            "summary": summary,
            "severity": {"name": sev},
            "status": "started",
            "services": [{"name": name} for name in services],
        },
    }
    return alert(f"exp-rootly-{n:03d}", "Rootly", expected, title, summary, severity, "rootly", raw)


DECLARED = [
    statuspage(
        1,
        "Stripe",
        "Elevated API error rates",
        "minor",
        "We are investigating elevated error rates for the Charges API in EU regions.",
        (BEN, AVAIL, PAGE),
        "medium",
    ),
    statuspage(
        2,
        "Twilio",
        "Scheduled maintenance: SMS delivery in the UK",
        "maintenance",
        "Carrier maintenance 02:00-04:00 UTC; delays of up to 10 minutes expected.",
        (BEN, AVAIL, []),
        "low",
    ),
    incident_io(
        1,
        "Smart meter readings not arriving",
        "Major",
        "Since 23:40 no readings from ~120k meters; the MQTT bridge pods restart in a loop (OOMKilled).",
        (BEN, AVAIL, PAGE_RESTART),
        "critical",
    ),
    incident_io(
        2,
        "Field app sync slow",
        "Minor",
        "Engineers report 2-3 min sync times; DB CPU at 85%.",
        (BEN, PERF, PAGE),
        "medium",
    ),
    incident_io(
        3,
        "Possible compromise of the outage-map server",
        "Critical",
        "Defaced homepage on the outage map and an unknown PHP file in the upload folder; the "
        "server also mines CPU at 100% since last night.",
        (MAL, MALWARE, ["isolate_host"]),
        "critical",
    ),
    rootly(
        1,
        "Payments failing at checkout",
        "SEV1",
        "All card payments fail with 'gateway unavailable'; the "
        "payment-gateway service's last deploy was 20 minutes ago.",
        ["payment-gateway"],
        (BEN, AVAIL, PAGE),
        "critical",
    ),
    rootly(
        2,
        "Report exports queued for hours",
        "SEV3",
        "Export workers consume from a queue with 48,000 messages; throughput dropped after the library upgrade.",
        ["report-exporter"],
        (BEN, PERF, PAGE),
        "medium",
    ),
]


def bigpanda(
    n: int, severity_name: str, description: str, alerts: list[dict[str, str]], expected: Expected, severity: str
) -> Case:
    raw = {
        "id": f"bp{n:05d}",
        "status": "active",
        "severity": severity_name,
        "alerts": alerts,
        "incident_tags": [{"tag_id": "service", "tag_value": alerts[0].get("service", "unknown")}],
    }
    return alert(
        f"exp-bigpanda-{n:03d}",
        "BigPanda",
        expected,
        f"BigPanda incident ({severity_name}): {alerts[0]['service']}",
        description,
        severity,
        "bigpanda",
        raw,
    )


def routed(
    n: int, tool: str, prefix: str, title: str, description: str, raw: dict[str, Any], expected: Expected, severity: str
) -> Case:
    return alert(f"exp-{prefix}-{n:03d}", tool, expected, title, description, severity, prefix, raw)


CORRELATED = [
    bigpanda(
        1,
        "critical",
        "Correlated: web tier CPU 100%, 40x normal request rate from a few thousand IPs, "
        "all requesting /search?q=<random>; origin down.",
        [
            {"primary_property": "host", "host": "fhe-web-01", "check": "cpu", "service": "customer-portal"},
            {"primary_property": "host", "host": "fhe-web-02", "check": "http_5xx", "service": "customer-portal"},
        ],
        (MAL, AVAIL, PAGE),
        "critical",
    ),
    bigpanda(
        2,
        "warning",
        "Correlated: disk usage 91% and 93% on two log servers.",
        [{"primary_property": "host", "host": "fhe-log-01", "check": "disk", "service": "logging"}],
        (BEN, PERF, PAGE),
        "medium",
    ),
    routed(
        1,
        "Moogsoft",
        "moogsoft",
        "Situation 5512: Database connection pool exhausted (billing)",
        "Situation with 34 alerts across 6 hosts: 'too many connections' from billing-api, 500s on invoices.",
        {"sig_id": 5512, "status": "opened", "severity": 5, "services": ["billing"], "total_alerts": 34},
        (BEN, AVAIL, PAGE_RESTART),
        "critical",
    ),
    routed(
        2,
        "Moogsoft",
        "moogsoft",
        "Situation 5513: Flapping link alerts Porto branch",
        "Interface up/down 14 times in an hour on the Porto branch router; users report slow ERP.",
        {"sig_id": 5513, "status": "opened", "severity": 3, "services": ["network-porto"], "total_alerts": 28},
        (BEN, PERF, PAGE),
        "medium",
    ),
    routed(
        1,
        "Splunk On-Call (VictorOps)",
        "victorops",
        "CRITICAL: scada-gateway-02 heartbeat missing",
        "No heartbeat from scada-gateway-02 for 10 minutes; SCADA polling of 3 substations is stale.",
        {
            "message_type": "CRITICAL",
            "entity_id": "scada-gateway-02/heartbeat",
            "monitoring_tool": "custom",
            "state_message": "heartbeat missing 600s",
        },
        (BEN, AVAIL, PAGE_RESTART),
        "critical",
    ),
    routed(
        2,
        "Splunk On-Call (VictorOps)",
        "victorops",
        "RECOVERY: scada-gateway-02 heartbeat",
        "Heartbeat received again; the gateway rebooted after a power blip.",
        {"message_type": "RECOVERY", "entity_id": "scada-gateway-02/heartbeat"},
        (BEN, AVAIL, []),
        "low",
    ),
    routed(
        1,
        "xMatters",
        "xmatters",
        "Major incident bridge opened",
        "Bridge opened for 'call centre phones down' (Genesys trunk errors); agents cannot take calls.",
        {
            "eventId": 88012,
            "status": "ACTIVE",
            "priority": "HIGH",
            "form": "Major Incident",
            "properties": {"service": "contact-centre"},
        },
        (BEN, AVAIL, PAGE),
        "high",
    ),
    routed(
        2,
        "xMatters",
        "xmatters",
        "Alert acknowledged",
        "xMatters event 88013 delivered and acknowledged by the on-call engineer; no further details.",
        {"eventId": 88013, "status": "TERMINATED", "priority": "LOW"},
        (UNK, GENERIC, []),
        "low",
    ),
]


CASES = [*MONITORS, *DECLARED, *CORRELATED]
