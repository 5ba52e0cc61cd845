"""Tuning split, part 3: CloudWatch alarms, Prometheus Alertmanager, user reports of outages and slowness."""

from __future__ import annotations

from typing import Any

from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"
AVAIL, PERF = "availability", "performance"
PAGE = ["notify"]
PAGE_RESTART = ["notify", "restart_service"]


def cloudwatch(
    n: int,
    alarm: str,
    metric: str,
    namespace: str,
    dimension: tuple[str, str],
    threshold: float,
    value: float,
    expected: tuple[str, str, list[str]],
    *,
    state: str = "ALARM",
    severity: str = "high",
    description: str = "",
) -> Case:
    comparison = (
        "LessThanThreshold"
        if metric in ("HealthyHostCount", "CPUCreditBalance", "FreeStorageSpace", "FreeableMemory")
        else "GreaterThanThreshold"
    )
    reason = (
        f"Threshold Crossed: 1 out of the last 1 datapoints [{value}] was "
        f"{'less' if comparison.startswith('Less') else 'greater'} than the threshold ({threshold})."
    )
    return case(
        f"tune-cw-{n:03d}",
        "Amazon CloudWatch alarm",
        expected,
        title=f'{state}: "{alarm}" in US East (N. Virginia)',
        description=description or f"CloudWatch alarm {alarm} changed to {state}. {reason}",
        severity=severity,
        source="cloudwatch",
        tags=["aws", "cloudwatch"],
        raw_data={
            "AlarmName": alarm,
            "NewStateValue": state,
            "OldStateValue": "OK" if state == "ALARM" else "ALARM",
            "NewStateReason": reason,
            "Region": "US East (N. Virginia)",
            "metric_name": metric,
            "Trigger": {
                "MetricName": metric,
                "Namespace": namespace,
                "Statistic": "Average",
                "Dimensions": [{"name": dimension[0], "value": dimension[1]}],
                "Threshold": threshold,
                "ComparisonOperator": f"{comparison}",
            },
            dimension[0]: dimension[1],
        },
    )


ALB = ("LoadBalancer", "app/prod-web-alb/50dc6c495c0c9188")
CLOUDWATCH = [
    cloudwatch(
        1, "prod-web-alb-5xx-high", "HTTPCode_Target_5XX_Count", "AWS/ApplicationELB", ALB, 50, 1312, (BEN, AVAIL, PAGE)
    ),
    cloudwatch(
        2,
        "prod-web-alb-no-healthy-hosts",
        "HealthyHostCount",
        "AWS/ApplicationELB",
        ALB,
        1,
        0,
        (BEN, AVAIL, PAGE_RESTART),
        severity="critical",
    ),
    cloudwatch(
        3, "checkout-api-p99-latency", "TargetResponseTime", "AWS/ApplicationELB", ALB, 1.5, 4.82, (BEN, PERF, PAGE)
    ),
    cloudwatch(
        4,
        "orders-db-cpu-high",
        "CPUUtilization",
        "AWS/RDS",
        ("DBInstanceIdentifier", "orders-db-prod"),
        85,
        97.4,
        (BEN, PERF, PAGE),
    ),
    cloudwatch(
        5,
        "payments-fn-errors",
        "Errors",
        "AWS/Lambda",
        ("FunctionName", "payments-authorize"),
        10,
        264,
        (BEN, AVAIL, PAGE),
    ),
    cloudwatch(
        6,
        "payments-fn-throttles",
        "Throttles",
        "AWS/Lambda",
        ("FunctionName", "payments-authorize"),
        5,
        880,
        (BEN, PERF, PAGE),
    ),
    cloudwatch(
        7,
        "ingest-queue-backlog",
        "ApproximateNumberOfMessagesVisible",
        "AWS/SQS",
        ("QueueName", "ingest-events"),
        10000,
        184220,
        (BEN, PERF, PAGE),
    ),
    cloudwatch(
        8,
        "bastion-status-check",
        "StatusCheckFailed",
        "AWS/EC2",
        ("InstanceId", "i-0b7a3c21e9d84f5a6"),
        0,
        1,
        (BEN, AVAIL, ["notify", "restart_service"]),
    ),
    cloudwatch(
        9,
        "orders-db-free-storage-low",
        "FreeStorageSpace",
        "AWS/RDS",
        ("DBInstanceIdentifier", "orders-db-prod"),
        10_000_000_000,
        2_140_000_000,
        (BEN, PERF, PAGE),
    ),
    cloudwatch(
        10,
        "prod-web-alb-5xx-high",
        "HTTPCode_Target_5XX_Count",
        "AWS/ApplicationELB",
        ALB,
        50,
        12,
        (BEN, AVAIL, []),
        state="OK",
        severity="low",
        description="CloudWatch alarm prod-web-alb-5xx-high returned to OK: the 5xx errors have recovered.",
    ),
    cloudwatch(
        11, "api-gw-5xx-rate", "5XXError", "AWS/ApiGateway", ("ApiName", "partner-api"), 0.05, 0.31, (BEN, AVAIL, PAGE)
    ),
    cloudwatch(
        12,
        "kinesis-iterator-age",
        "IteratorAge",
        "AWS/Kinesis",
        ("StreamName", "clickstream"),
        60000,
        3_600_000,
        (BEN, PERF, PAGE),
    ),
    cloudwatch(
        13,
        "search-ec2-cpu",
        "CPUUtilization",
        "AWS/EC2",
        ("InstanceId", "i-0e1f2a3b4c5d6e7f8"),
        90,
        99.1,
        (BEN, PERF, PAGE),
        description="CPUUtilization at 99% on search-node-2 during the planned load test "
        "LT-118 (Gatling, 14:00-15:00). Expected.",
    ),
    cloudwatch(
        14,
        "reports-db-connections",
        "DatabaseConnections",
        "AWS/RDS",
        ("DBInstanceIdentifier", "reports-db"),
        480,
        500,
        (BEN, AVAIL, PAGE),
    ),
    cloudwatch(
        15,
        "cache-freeable-memory-low",
        "FreeableMemory",
        "AWS/ElastiCache",
        ("CacheClusterId", "sessions-redis-001"),
        256_000_000,
        41_000_000,
        (BEN, PERF, PAGE),
    ),
    cloudwatch(
        16,
        "nat-gw-port-allocation-errors",
        "ErrorPortAllocation",
        "AWS/NATGateway",
        ("NatGatewayId", "nat-0a9b8c7d6e5f4a3b2"),
        0,
        1840,
        (BEN, AVAIL, PAGE),
    ),
    cloudwatch(
        17,
        "route53-health-www",
        "HealthCheckStatus",
        "AWS/Route53",
        ("HealthCheckId", "www-acme-com"),
        1,
        0,
        (BEN, AVAIL, PAGE),
        severity="critical",
        description="Route 53 health check for www.acme-corp.com failing from 6 of 8 regions: connection timed out.",
    ),
    cloudwatch(
        18,
        "batch-ec2-credit-balance",
        "CPUCreditBalance",
        "AWS/EC2",
        ("InstanceId", "i-04c3b2a1f0e9d8c7b"),
        20,
        0,
        (BEN, PERF, []),
        severity="low",
    ),
]


def alertmanager(
    n: int,
    alertname: str,
    labels: dict[str, str],
    summary: str,
    description: str,
    expected: tuple[str, str, list[str]],
    *,
    severity: str = "critical",
    status: str = "firing",
) -> Case:
    return case(
        f"tune-am-{n:03d}",
        "Prometheus Alertmanager",
        expected,
        title=f"[{status.upper()}:1] {alertname} ({labels.get('namespace') or labels.get('instance', '')})",
        description=f"{summary}. {description}",
        severity="critical" if severity == "critical" else "high" if severity == "warning" else "low",
        source="alertmanager",
        tags=["prometheus"],
        raw_data={
            "status": status,
            "labels": {"alertname": alertname, "severity": severity, **labels},
            "annotations": {
                "summary": summary,
                "description": description,
                "runbook_url": f"https://runbooks.acme-corp.com/{alertname.lower()}",
            },
            "startsAt": "2026-11-19T04:12:30Z",
            "generatorURL": "http://prometheus-0:9090/graph?g0.expr=...",
            **({"service": labels["service"]} if "service" in labels else {}),
        },
    )


ALERTMANAGER = [
    alertmanager(
        1,
        "KubePodCrashLooping",
        {"namespace": "checkout", "pod": "checkout-api-7d9f-x2x8k", "service": "checkout-api"},
        "Pod checkout/checkout-api-7d9f-x2x8k is crash looping",
        "Pod is in CrashLoopBackOff, restarted 14 times in the last 10 minutes.",
        (BEN, AVAIL, PAGE_RESTART),
    ),
    alertmanager(
        2,
        "TargetDown",
        {"job": "node-exporter", "instance": "10.0.4.21:9100"},
        "Target down",
        "100% of the node-exporter/node-exporter targets are down.",
        (BEN, AVAIL, PAGE),
    ),
    alertmanager(
        3,
        "HighRequestLatency",
        {"namespace": "search", "service": "search-api"},
        "p99 latency above 2s",
        "search-api p99 latency is 3.4s for the last 15 minutes (SLO 800ms).",
        (BEN, PERF, PAGE),
        severity="warning",
    ),
    alertmanager(
        4,
        "NodeFilesystemAlmostOutOfSpace",
        {"instance": "kafka-2:9100", "mountpoint": "/var/lib/kafka"},
        "Filesystem has less than 5% space left",
        "Filesystem on /var/lib/kafka at kafka-2 has only 3.1% available space left; disk usage 96.9%.",
        (BEN, PERF, PAGE),
    ),
    alertmanager(
        5,
        "KubeContainerOOMKilled",
        {"namespace": "reports", "pod": "report-worker-5c7b-2lq", "service": "report-worker"},
        "Container OOMKilled",
        "Container report-worker was OOMKilled 6 times in 1h; memory usage at 100% of the 2Gi limit.",
        (BEN, PERF, PAGE),
        severity="warning",
    ),
    alertmanager(
        6,
        "BlackboxProbeFailed",
        {"instance": "https://status.acme-corp.com", "job": "blackbox"},
        "Probe failed",
        "HTTP probe of https://status.acme-corp.com returned 503 Service Unavailable.",
        (BEN, AVAIL, PAGE),
    ),
    alertmanager(
        7,
        "KafkaConsumerLagHigh",
        {"namespace": "data", "consumergroup": "billing-aggregator"},
        "Consumer lag growing",
        "Consumer group billing-aggregator lag is 2.4M messages and rising.",
        (BEN, PERF, PAGE),
        severity="warning",
    ),
    alertmanager(
        8,
        "HighErrorRate",
        {"namespace": "auth", "service": "auth-service"},
        "5xx error rate above 5%",
        "auth-service is returning 502 Bad Gateway for 38% of requests.",
        (BEN, AVAIL, PAGE_RESTART),
    ),
    alertmanager(
        9,
        "KubePodCrashLooping",
        {"namespace": "staging", "pod": "feature-x-preview-1", "service": "feature-x-preview"},
        "Pod is crash looping",
        "Preview environment pod restarted 3 times; staging only, during the maintenance window.",
        (BEN, AVAIL, []),
        severity="info",
    ),
    alertmanager(
        10,
        "CPUThrottlingHigh",
        {"namespace": "ml", "pod": "embedder-0", "service": "embedder"},
        "Processes experience elevated CPU throttling",
        "62% throttling of CPU in namespace ml for container embedder in pod embedder-0.",
        (BEN, PERF, []),
        severity="info",
    ),
    alertmanager(
        11,
        "PostgresReplicationLag",
        {"instance": "pg-replica-1:9187"},
        "Replication lag high",
        "Replica pg-replica-1 is 480s behind the primary.",
        (BEN, PERF, PAGE),
        severity="warning",
    ),
    alertmanager(
        12,
        "EtcdNoLeader",
        {"instance": "etcd-1:2379", "job": "etcd"},
        "etcd cluster has no leader",
        "etcd member etcd-1 has no leader; the Kubernetes API is unavailable.",
        (BEN, AVAIL, PAGE),
    ),
]


def ops_report(n: int, title: str, description: str, expected: tuple[str, str, list[str]], **extra: Any) -> Case:
    return case(
        f"tune-oprep-{n:03d}",
        "User report (service desk mail)",
        expected,
        title=title,
        description=description,
        severity=extra.pop("severity", "medium"),
        source="service_desk",
        affected_systems=extra.pop("affected_systems", []),
        raw_data=extra or None,
    )


OPS_REPORTS = [
    ops_report(
        1,
        "Website down!!",
        "customers calling, www.acme-corp.com shows 502 bad gateway since 10 min",
        (BEN, AVAIL, PAGE),
        severity="critical",
    ),
    ops_report(
        2,
        "Jira super slow today",
        "Jira takes 20+ seconds to load any ticket, whole team affected. Not down, just slow.",
        (BEN, PERF, PAGE),
        affected_systems=["jira"],
    ),
    ops_report(
        3,
        "cant reach the VPN",
        "VPN client says 'server not responding' - tried from home and from hotspot. Colleagues too.",
        (BEN, AVAIL, PAGE),
        affected_systems=["vpn-gateway"],
    ),
    ops_report(
        4, "Email delayed", "Emails from customers arrive 30-40 minutes late since this morning.", (BEN, PERF, PAGE)
    ),
    ops_report(
        5,
        "Payroll app error 503",
        "Payroll portal gives 'Service Unavailable' when I submit expenses.",
        (BEN, AVAIL, PAGE),
        affected_systems=["payroll-portal"],
    ),
    ops_report(
        6,
        "Printer on 2nd floor offline",
        "The big printer near the kitchen is offline again.",
        (BEN, AVAIL, []),
        severity="low",
    ),
    ops_report(
        7,
        "Report generation takes forever",
        "The monthly sales report used to take 2 minutes, now it runs for an hour. Since the release on Tuesday.",
        (BEN, PERF, PAGE),
    ),
    ops_report(
        8,
        "Wi-Fi dropping in meeting rooms",
        "Wi-Fi in building B meeting rooms keeps disconnecting every few minutes.",
        (BEN, AVAIL, PAGE),
    ),
]

DDOS = [
    case(
        "tune-ddos-001",
        "AWS Shield Advanced",
        (MAL, AVAIL, ["notify", "escalate"]),
        title="DDoS detected on prod-web-alb: HTTP flood, 1.9M requests/min",
        description="AWS Shield Advanced detected a layer 7 HTTP flood against prod-web-alb from ~38,000 source "
        "addresses; the site returns 503 to most users and the ALB has no healthy hosts.",
        severity="high",
        source="shield",
        raw_data={
            "attack_vector": "HTTP_FLOOD",
            "requests_per_minute": 1900000,
            "resource": ALB[1],
            "healthy_host_count": 0,
        },
    ),
]

CASES = [*CLOUDWATCH, *ALERTMANAGER, *OPS_REPORTS, *DDOS]
