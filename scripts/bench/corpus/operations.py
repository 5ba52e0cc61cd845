"""Availability and performance: CloudWatch alarms, uptime checks and APM latency alerts."""

from __future__ import annotations

import random
from typing import Any

from scripts.bench.corpus.common import (
    grow_list,
    make_incident,
    private_ip,
    random_hex,
    timestamp,
)

_SERVICES = ("checkout", "payments", "orders", "search", "auth", "catalog", "notifications", "billing")


_SLOW_STATEMENTS = (
    "SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC",
    "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2",
    "SELECT count(*) FROM sessions WHERE expires_at > now()",
)


def _cloudwatch_alarm(rng: random.Random, index: int, large: int, *, metric: str, namespace: str) -> dict[str, Any]:
    service = rng.choice(_SERVICES)
    alarm = f"prod-{service}-{metric.lower()}"
    threshold = rng.choice((5.0, 25.0, 80.0, 1.5))
    values = [round(threshold * rng.uniform(1.05, 4.0), 1) for _ in range(rng.randint(1, 5))]
    reason = (
        f"Threshold Crossed: {len(values)} out of the last {len(values)} datapoints {values} "
        f"was greater than the threshold ({threshold})"
    )
    raw: dict[str, Any] = {
        "alarm_name": alarm,
        "alarm_arn": f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarm}",
        "state": "ALARM",
        "previous_state": "OK",
        "state_reason": reason,
        "metric_name": metric,
        "namespace": namespace,
        "dimensions": {"Service": f"prod-{service}"},
        "threshold": threshold,
        "region": "us-east-1",
    }
    if large:
        grow_list(
            raw,
            "recent_logs",
            lambda n: (
                f"{timestamp(rng)} {private_ip(rng)}:443 {rng.choice(('502', '503', '504', '200'))} "
                f"GET https://{service}.example.com/api/v1/{service}/{rng.randint(1, 99999)} "
                f"target_processing_time={rng.uniform(0.01, 9.0):.3f}"
            ),
            large,
        )
    return make_incident(
        index,
        title=f"{alarm} is in ALARM",
        description=f"{metric} of prod-{service} crossed {threshold}.\n\n{reason}",
        severity=rng.choice(("medium", "high", "critical")),
        incident_type="alarm",
        source="cloudwatch",
        tags=["alarm", namespace],
        affected_systems=[f"prod-{service}"],
        raw_data=raw,
    )


def availability_alarm(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    metric, namespace = rng.choice(
        (
            ("HTTPCode_Target_5XX_Count", "AWS/ApplicationELB"),
            ("UnHealthyHostCount", "AWS/ApplicationELB"),
            ("5XXError", "AWS/ApiGateway"),
            ("StatusCheckFailed", "AWS/EC2"),
            ("Errors", "AWS/Lambda"),
        )
    )
    return _cloudwatch_alarm(rng, index, large, metric=metric, namespace=namespace)


def uptime_check(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    service = rng.choice(_SERVICES)
    raw: dict[str, Any] = {
        "check": f"https://{service}.example.com/health",
        "status_code": rng.choice((502, 503, 504)),
        "error_rate": f"{rng.randint(20, 100)}%",
        "regions_failing": rng.sample(["us-east", "eu-west", "ap-south", "sa-east"], k=rng.randint(2, 4)),
        "down_since": timestamp(rng),
    }
    if large:
        grow_list(
            raw,
            "probes",
            lambda n: {"region": rng.choice(raw["regions_failing"]), "ts": timestamp(rng), "timeout_ms": 30000},
            large,
        )
    return make_incident(
        index,
        title=f"{service} is down: HTTP {raw['status_code']} from {len(raw['regions_failing'])} regions",
        description=f"The health check of {service} times out or returns {raw['status_code']}; the service is down.",
        severity="critical",
        incident_type=rng.choice(("availability", "outage")),
        source=rng.choice(("pingdom", "statuspage", "synthetics")),
        tags=["uptime"],
        affected_systems=[service],
        raw_data=raw,
    )


def performance_alarm(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    metric, namespace = rng.choice(
        (
            ("CPUUtilization", "AWS/RDS"),
            ("TargetResponseTime", "AWS/ApplicationELB"),
            ("ApproximateAgeOfOldestMessage", "AWS/SQS"),
            ("Duration", "AWS/Lambda"),
            ("MemoryUtilization", "AWS/ECS"),
        )
    )
    return _cloudwatch_alarm(rng, index, large, metric=metric, namespace=namespace)


def apm_latency(rng: random.Random, index: int, large: int) -> dict[str, Any]:
    service = rng.choice(_SERVICES)
    p99 = rng.randint(1500, 12000)
    raw: dict[str, Any] = {
        "service": service,
        "p99_latency_ms": p99,
        "latency_ms": p99 // 3,
        "cpu_percent": rng.randint(60, 99),
        "queue_depth": rng.randint(0, 50_000),
        "apdex": round(rng.uniform(0.3, 0.8), 2),
    }
    if large:
        grow_list(
            raw,
            "slow_traces",
            lambda n: {
                "trace_id": random_hex(rng, 32),
                "span": rng.choice(("db.query", "http.client", "cache.get", "render")),
                "duration_ms": rng.randint(800, 15000),
                "db_statement": rng.choice(_SLOW_STATEMENTS),
            },
            large,
        )
    return make_incident(
        index,
        title=f"{service}: p99 latency {p99} ms",
        description=f"Latency of {service} degraded: p99 {p99} ms, CPU {raw['cpu_percent']}%, saturation on the pool.",
        severity=rng.choice(("low", "medium")),
        incident_type=rng.choice(("performance", "latency", "degradation")),
        source=rng.choice(("apm", "new relic", "dynatrace")),
        tags=["apm"],
        affected_systems=[service],
        raw_data=raw,
    )
