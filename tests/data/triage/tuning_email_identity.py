"""Tuning split, part 1: Proofpoint TAP, user-reported mail, Okta System Log, GuardDuty SSH brute force."""

from __future__ import annotations

from typing import Any

from tests.data.triage.labels import Case, case

MAL, SUS, BEN, UNK = "malicious", "suspicious", "benign", "unknown"
PHISH_BLOCK = ["quarantine_email", "block_sender"]


def proofpoint(
    n: int,
    subject: str,
    sender: str,
    recipient: str,
    threat: str,
    classification: str,
    expected: tuple[str, str, list[str]],
    *,
    reply_to: str | None = None,
    phish_score: int = 0,
    attachment: str | None = None,
    sender_ip: str = "185.193.88.14",
    clicked: str | None = None,
) -> Case:
    part = {"filename": attachment, "contentType": "application/octet-stream"} if attachment else None
    raw: dict[str, Any] = {
        "GUID": f"c0dbd0d6-8a3e-4f5b-9a1c-{n:012d}",
        "QID": f"4AB{n:04d}Kp9",
        "messageID": f"<{n}.{subject[:6].strip().replace(' ', '')}@{sender.split('@')[1]}>",
        "sender": sender,
        "headerFrom": f'"{sender.split("@")[0].title()}" <{sender}>',
        "replyToAddress": [reply_to] if reply_to else [],
        "recipient": [recipient],
        "subject": subject,
        "senderIP": sender_ip,
        "phishScore": phish_score,
        "spamScore": 30 + n % 50,
        "threatsInfoMap": [
            {"threat": threat, "threatType": "attachment" if attachment else "url", "classification": classification}
        ],
        "messageParts": [part] if part else [],
    }
    if clicked:
        raw["clicksPermitted"] = [{"recipient": clicked, "clickTime": "2026-11-18T09:41:12Z", "url": threat}]
    return case(
        f"tune-pp-{n:03d}",
        "Proofpoint TAP",
        expected,
        title=f"TAP: {classification} {'attachment' if attachment else 'URL'} delivered - {subject}"[:255],
        description=f"Proofpoint TAP messagesDelivered event for {recipient}: threat {threat} ({classification}).",
        severity="high" if classification in ("phish", "malware") else "medium",
        incident_type="phishing",
        source="proofpoint",
        tags=["email", "tap"],
        raw_data=raw,
    )


PROOFPOINT = [
    proofpoint(
        1,
        "Action Required: Your Microsoft 365 password expires today",
        "it-support@m1crosoft-office-sec.com",
        "j.romero@acme-corp.com",
        "https://m1crosoft-office-sec.com/owa/auth/login.srf",
        "phish",
        (MAL, "phishing", PHISH_BLOCK),
        reply_to="helpdesk.m365@protonmail.com",
        phish_score=96,
    ),
    proofpoint(
        2,
        "Invoice #INV-88213 overdue",
        "accounts@dhl-billing-center.net",
        "ap-team@acme-corp.com",
        "INV-88213.xlsm",
        "malware",
        (MAL, "phishing", PHISH_BLOCK),
        attachment="INV-88213.xlsm",
        phish_score=40,
    ),
    proofpoint(
        3,
        "DocuSign: Please review and sign - Q4 Bonus Allocation",
        "dse_na2@docusign-envelope.co",
        "k.osei@acme-corp.com",
        "https://docusign-envelope.co/signing/v2/9f1a",
        "phish",
        (MAL, "phishing", [*PHISH_BLOCK, "reset_credentials"]),
        phish_score=92,
        clicked="k.osei@acme-corp.com",
    ),
    proofpoint(
        4,
        "Re: updated wire instructions",
        "ceo.office@acme-corp.co",
        "treasury@acme-corp.com",
        "impostor: display name of CEO, lookalike domain acme-corp.co",
        "impostor",
        (MAL, "phishing", PHISH_BLOCK),
        reply_to="d.hartmann.ceo@gmail.com",
        phish_score=88,
    ),
    proofpoint(
        5,
        "Your parcel could not be delivered",
        "noreply@fedex-tracking-notice.info",
        "m.lindqvist@acme-corp.com",
        "http://91.215.85.17/fedex/track.php?id=77812",
        "phish",
        (MAL, "phishing", PHISH_BLOCK),
        phish_score=99,
    ),
    proofpoint(
        6,
        "Shared file: 2027 Salary Review.pdf",
        "notifications@onedrive-sharing-files.com",
        "hr-business-partners@acme-corp.com",
        "https://bit.ly/3xQ9v2K",
        "phish",
        (MAL, "phishing", PHISH_BLOCK),
        phish_score=90,
    ),
    proofpoint(
        7,
        "Weekly digest: 5 new posts in Platform Guild",
        "digest@slack.com",
        "t.nguyen@acme-corp.com",
        "https://acme.slack.com/archives/C01/p1700",
        "spam",
        (BEN, "phishing", []),
        phish_score=2,
        sender_ip="54.240.8.21",
    ),
    proofpoint(
        8,
        "Scan_0004129.zip from Xerox WorkCentre",
        "scanner@acme-corp-mfp.com",
        "l.fischer@acme-corp.com",
        "Scan_0004129.zip -> Scan_0004129.js",
        "malware",
        (MAL, "phishing", PHISH_BLOCK),
        attachment="Scan_0004129.js",
        phish_score=30,
    ),
    proofpoint(
        9,
        "Unusual sign-in activity on your account",
        "account-security-noreply@accountprotection.microsoft.com",
        "r.patel@acme-corp.com",
        "https://account.live.com/activity",
        "spam",
        (BEN, "phishing", []),
        phish_score=12,
        sender_ip="40.107.22.51",
    ),
    proofpoint(
        10,
        "Voicemail received (00:47) from +1 (646) ***-**21",
        "voicemail@vm-services-acme.com",
        "s.kowalski@acme-corp.com",
        "Voice_Message_0047.html",
        "phish",
        (MAL, "phishing", [*PHISH_BLOCK, "reset_credentials"]),
        attachment="Voice_Message_0047.html",
        phish_score=85,
        clicked="s.kowalski@acme-corp.com",
    ),
    proofpoint(
        11,
        "Adobe Acrobat Sign: Contract Amendment awaiting signature",
        "echosign@echosign.com",
        "legal@acme-corp.com",
        "https://secure.na4.echosign.com/public/esign?tsid=CBFCIBAA3AAABLblqZhA",
        "spam",
        (BEN, "phishing", []),
        phish_score=5,
        sender_ip="52.25.36.139",
    ),
    proofpoint(
        12,
        "Payroll: confirm your direct deposit details before Friday",
        "payroll@acme-corp-hr.com",
        "all-staff-emea@acme-corp.com",
        "https://acme-corp-hr.com/workday/login",
        "phish",
        (MAL, "phishing", PHISH_BLOCK),
        reply_to="payroll-dept@acme-hr-support.com",
        phish_score=94,
    ),
]


def reported(n: int, title: str, description: str, expected: tuple[str, str, list[str]], **extra: Any) -> Case:
    """A mail an employee forwarded with the Report Phish button, or described to the service desk."""
    return case(
        f"tune-rep-{n:03d}",
        "User report (service desk mail)",
        expected,
        title=title,
        description=description,
        severity=extra.pop("severity", "medium"),
        incident_type=extra.pop("incident_type", None),
        source=extra.pop("source", "service_desk"),
        tags=extra.pop("tags", []),
        raw_data=extra.pop("raw_data", None),
    )


USER_MAIL = [
    # Seed 001's own example: an unknown sender, an "Important Document" subject, nothing else.
    case(
        "tune-seed-001",
        "Email gateway integration (seed 001 example)",
        # The gateway itself filed it as phishing; seed 001's own answer to such a mail is malicious,
        # quarantine_email and block_sender.
        (MAL, "phishing", PHISH_BLOCK),
        incident_type="phishing",
        source="email_gateway",
        severity="medium",
        raw_data={
            "message_id": "AAMkAGI2...",
            "sender": "unknown@domain.com",
            "recipient": "employee@company.com",
            "subject": "Important Document",
            "received_at": "2024-01-15T10:00:00Z",
        },
    ),
    reported(
        1,
        "Phishing email - fake Microsoft password reset",
        "Got an email saying my Office 365 password expires in 24 hours and I must verify your account at "
        "hxxps://login-microsoftonline[.]com-secure[.]ru/reset. Sender is it-desk@micros0ft-support.com but "
        "reply-to goes to a gmail address. I did not click.",
        (MAL, "phishing", PHISH_BLOCK),
        incident_type="phishing",
        raw_data={
            "sender": "it-desk@micros0ft-support.com",
            "reply_to": "ms.reset.team@gmail.com",
            "subject": "URGENT: Password expires in 24 hours",
            "urls": ["hxxps://login-microsoftonline[.]com-secure[.]ru/reset"],
            "reported_by": "b.ahmed@acme-corp.com",
        },
    ),
    reported(
        2,
        "weird email from 'CEO' asking for gift cards",
        "hi, I got a mail from our CEO's name but from a yahoo address asking me to buy 5 Apple gift cards "
        "urgently for a client and send him the codes. seems off?? forwarding it",
        (MAL, "phishing", PHISH_BLOCK),
        raw_data={
            "from": "daniel.hartmann.office@yahoo.com",
            "subject": "quick favour",
            "to": "p.moreau@acme-corp.com",
        },
    ),
    reported(
        3,
        "Is this newsletter legit?",
        "I keep getting the Harvard Business Review weekly newsletter, I don't remember subscribing. "
        "It looks normal, unsubscribe link goes to hbr.org. Should I worry?",
        (BEN, "phishing", []),
        severity="low",
        raw_data={"from": "newsletters@email.hbr.org", "subject": "The Week in Leadership"},
    ),
    reported(
        4,
        "Clicked a link in an email and entered my password",
        "I got an email from 'SharePoint' with a document for review. I clicked, it asked me to sign in to "
        "Office and I typed my password. then the page went blank. Now I'm worried. Username m.ito",
        (MAL, "phishing", ["quarantine_email", "block_sender", "reset_credentials"]),
        severity="high",
        incident_type="phishing",
        raw_data={
            "sender": "sharepoint@share-docs-portal.net",
            "subject": "M. Ito shared 'FY27 budget draft' with you",
            "submitted_by": "m.ito@acme-corp.com",
            "urls": ["https://share-docs-portal.net/sp/login"],
        },
    ),
    reported(
        5,
        "Reported message: Amazon order confirmation",
        "PhishAlarm report. User thinks it is phishing. Message is a genuine Amazon Business order "
        "confirmation for the toner she ordered yesterday (order 114-7729912-0018231, from auto-confirm@amazon.com, "
        "SPF=pass DKIM=pass DMARC=pass).",
        (BEN, "phishing", []),
        severity="low",
        source="phishalarm",
        raw_data={"sender": "auto-confirm@amazon.com", "subject": "Your Amazon.com order #114-7729912-0018231"},
    ),
    reported(
        6,
        "Suspicious email from vendor with changed bank details",
        "Our supplier Nordlicht GmbH emailed to say their bank account has changed and asked to pay the "
        "open invoices (EUR 48,300) by wire transfer to a new IBAN. Their usual contact never writes in "
        "English. The sender domain is nordlicht-gmbh.de.com, not nordlicht-gmbh.de.",
        (MAL, "phishing", PHISH_BLOCK),
        severity="high",
        incident_type="bec",
        raw_data={"sender": "buchhaltung@nordlicht-gmbh.de.com", "subject": "Neue Bankverbindung / new bank details"},
    ),
    reported(
        7,
        "Phishing test?",
        "This looks like one of those KnowBe4 phishing test emails - 'Your package is waiting', from "
        "ups-delivery-notice.com. Reporting it anyway as we were told.",
        (BEN, "phishing", []),
        severity="low",
        tags=["security-awareness"],
    ),
    reported(
        8,
        "Obvious phishing: PayPal account suspended",
        "Phishing email received by several people in finance: 'Your PayPal account has been suspended, confirm "
        "your identity within 24 hours or it will be closed'. Link goes to paypal-resolution-center.com "
        "(registered 3 days ago). SPF fail for paypal.com.",
        (MAL, "phishing", PHISH_BLOCK),
        severity="high",
        incident_type="phishing",
        raw_data={
            "sender": "service@paypal-resolution-center.com",
            "subject": "Your account has been suspended",
            "spf": "fail",
            "domain_age_days": 3,
            "urls": ["https://paypal-resolution-center.com/signin"],
            "recipients": ["f.costa@acme-corp.com", "n.berg@acme-corp.com", "o.adeyemi@acme-corp.com"],
        },
    ),
    reported(
        9,
        "email with attachment 'Remittance.htm'",
        "got email 'Remittance advice' from someone I don't know, attachment Remittance.htm. didnt open it",
        (SUS, "phishing", ["quarantine_email"]),
        raw_data={"sender": "remit@globaltradeco-ltd.com", "attachments": ["Remittance.htm"]},
    ),
    reported(
        10,
        "Marketing email from our own HR platform",
        "Reported email 'Complete your 2027 benefits enrollment' from notifications@workday.com. Checked: "
        "it's the real Workday tenant, HR confirmed the campaign. Legitimate.",
        (BEN, "phishing", []),
        severity="low",
        raw_data={"sender": "notifications@workday.com", "subject": "Complete your 2027 benefits enrollment"},
    ),
    reported(
        11,
        "LinkedIn message asking to open a job offer doc",
        "A 'recruiter' on LinkedIn then emailed me a job description as JobOffer_Details.docm and insists I "
        "enable macros to see the salary. Sender hr@talent-recruit-global.com.",
        (MAL, "phishing", PHISH_BLOCK),
        incident_type="phishing",
        raw_data={"sender": "hr@talent-recruit-global.com", "attachment_name": "JobOffer_Details.docm"},
    ),
    reported(
        12,
        "spam about crypto investment",
        "Just spam I think, someone promising 300% returns on bitcoin. Not targeted, went to my personal gmail "
        "forwarded to work by mistake.",
        (BEN, "phishing", []),
        severity="low",
    ),
    reported(
        13,
        "Email from IT asking for MFA code",
        "Somebody claiming to be IT support emailed asking me to reply with the 6-digit MFA code I'd receive "
        "by SMS 'to complete the mailbox migration'. We don't do that. From: itsupport@acme-corp-it.help",
        (MAL, "phishing", PHISH_BLOCK),
        incident_type="phishing",
        raw_data={"sender": "itsupport@acme-corp-it.help", "subject": "Mailbox migration - action required"},
    ),
    reported(
        14,
        "Google Docs share from an external I don't know",
        "Someone I don't know shared a Google Doc called 'Proposal' with me. Clicking it shows a 'View PDF' "
        "button that goes to a different site asking for my email password.",
        (MAL, "phishing", PHISH_BLOCK),
        incident_type="phishing",
        raw_data={
            "sender": "drive-shares-dm-noreply@google.com",
            "urls": ["https://docs.google.com/document/d/1xYz/edit", "https://pdf-view-online.top/auth"],
        },
    ),
]


def okta(
    n: int,
    title: str,
    expected: tuple[str, str, list[str]],
    *,
    event_type: str = "user.session.start",
    reason: str = "INVALID_CREDENTIALS",
    users: list[str],
    ips: list[str],
    failures: int,
    successes: int = 0,
    country: str = "Netherlands",
    proxy: bool = False,
    threat: bool = False,
    severity: str = "high",
    description: str | None = None,
    incident_type: str | None = "authentication",
) -> Case:
    raw = {
        "eventType": event_type,
        "displayMessage": "User login to Okta" if event_type == "user.session.start" else event_type,
        "outcome": {"result": "FAILURE", "reason": reason},
        "failed_logins": failures,
        "successful_logins": successes,
        "target_users": users,
        "source_ips": ips,
        "client": {
            "ipAddress": ips[0],
            "geographicalContext": {"country": country},
            "userAgent": {"rawUserAgent": "python-requests/2.31.0" if threat else "Mozilla/5.0 (Windows NT 10.0)"},
        },
        "securityContext": {"isProxy": proxy},
        "debugContext": {"debugData": {"threatSuspected": str(threat).lower()}},
        "window_minutes": 30,
    }
    return case(
        f"tune-okta-{n:03d}",
        "Okta System Log",
        expected,
        title=title,
        description=description
        or (
            f"Okta System Log: {failures} {event_type} FAILURE ({reason}) events for {len(users)} account(s) from "
            f"{len(ips)} address(es) in 30 minutes; {successes} success(es)."
        ),
        severity=severity,
        incident_type=incident_type,
        source="okta",
        tags=["identity", "okta"],
        raw_data=raw,
    )


SPRAY_USERS = [f"{name}@acme-corp.com" for name in ("a.kim", "b.olsen", "c.ruiz", "d.sato", "e.young", "f.iqbal")]
MANY_USERS = [f"user{index:03d}@acme-corp.com" for index in range(1, 61)]

OKTA = [
    okta(
        1,
        "Okta: password spraying against 60 accounts from a single ASN",
        (MAL, "brute_force", ["block_ip"]),
        users=MANY_USERS,
        ips=["185.220.101.34"],
        failures=412,
        proxy=True,
        threat=True,
    ),
    okta(
        2,
        "Okta: credential stuffing - successful login after failures for b.olsen",
        (MAL, "brute_force", ["block_ip", "disable_user", "reset_credentials"]),
        users=["b.olsen@acme-corp.com"],
        ips=["45.133.1.71", "45.133.1.88", "91.92.109.12", "194.26.29.8", "103.251.167.20", "89.248.165.2"],
        failures=187,
        successes=1,
        threat=True,
        description="Okta ThreatInsight: 187 failed sign-ins for b.olsen from 6 proxies, then a successful "
        "sign-in from 45.133.1.71 (Tor exit).",
    ),
    okta(
        3,
        "Okta: user locked out after repeated wrong passwords",
        (BEN, "brute_force", []),
        users=["c.ruiz@acme-corp.com"],
        ips=["10.20.4.17"],
        failures=6,
        reason="LOCKED_OUT",
        country="Spain",
        severity="low",
        description="c.ruiz locked out after 6 wrong passwords from her managed device on the corporate network. "
        "Called the helpdesk: she changed her password yesterday and kept typing the old one.",
    ),
    okta(
        4,
        "Okta: MFA push fatigue - 23 push denials for d.sato",
        (MAL, "brute_force", ["reset_credentials"]),
        event_type="user.mfa.okta_verify.deny_push",
        reason="USER_REJECTED_OKTA_VERIFY_PUSH",
        users=["d.sato@acme-corp.com"],
        ips=["146.70.117.9"],
        failures=23,
        description="23 Okta Verify pushes denied by d.sato in 20 minutes after correct passwords from "
        "146.70.117.9: MFA fatigue / push bombing. Password is known to the attacker.",
    ),
    okta(
        5,
        "Okta: failed logins for service account svc-jenkins",
        (BEN, "brute_force", []),
        users=["svc-jenkins@acme-corp.com"],
        ips=["10.8.1.44"],
        failures=240,
        severity="medium",
        description="240 failed sign-ins for svc-jenkins from the Jenkins build host 10.8.1.44 since the password "
        "rotation at 02:00: a job still uses the old secret. Internal source, known device.",
    ),
    okta(
        6,
        "Hundreds of failed logins across many users - password spraying",
        (MAL, "brute_force", ["block_ip"]),
        users=SPRAY_USERS * 5,
        ips=["193.142.146.35", "193.142.146.36"],
        failures=380,
        description="Hundreds of failed logins across many users in 15 minutes from 193.142.146.35-36 - looks like "
        "password spraying with 'Winter2026!' style passwords. No success so far.",
    ),
    okta(
        7,
        "Okta: suspicious login from new country for e.young",
        (SUS, "brute_force", ["reset_credentials"]),
        users=["e.young@acme-corp.com"],
        ips=["102.89.34.11"],
        failures=3,
        successes=1,
        country="Nigeria",
        severity="medium",
        description="e.young signed in from Nigeria 2 hours after a sign-in from Boston (impossible travel), "
        "after 3 failed attempts. User is not travelling per HR.",
        incident_type="account_takeover",
    ),
    okta(
        8,
        "Okta: 9 failed sign-ins for f.iqbal",
        (BEN, "brute_force", []),
        users=["f.iqbal@acme-corp.com"],
        ips=["86.12.200.4"],
        failures=9,
        country="United Kingdom",
        severity="low",
        description="f.iqbal failed 9 times from his home broadband (same ISP as the last 90 days), then reset "
        "his password via self-service. Typos with a new keyboard layout, confirmed with the user.",
    ),
    okta(
        9,
        "Okta ThreatInsight: login attempts from known malicious IPs",
        (MAL, "brute_force", ["block_ip"]),
        users=MANY_USERS[:25],
        ips=["5.188.206.14", "5.188.206.18", "5.188.206.22", "5.188.206.26", "5.188.206.30"],
        failures=96,
        threat=True,
        reason="VERIFICATION_ERROR",
    ),
    okta(
        10,
        "Okta: approved penetration test - password spray from Redline Security",
        (BEN, "brute_force", []),
        users=MANY_USERS[:40],
        ips=["198.51.100.23"],
        failures=310,
        severity="low",
        description="Password spray from 198.51.100.23, the source address of Redline Security's approved "
        "penetration test (change CHG-20431, window 18-20 Nov). Expected; no success.",
    ),
    okta(
        11,
        "Okta: brute force on admin account",
        (MAL, "brute_force", ["block_ip", "reset_credentials"]),
        users=["okta-admin@acme-corp.com"],
        ips=["80.94.95.115"],
        failures=1500,
        proxy=True,
        threat=True,
        severity="critical",
    ),
    okta(
        12,
        "Okta: legacy auth (IMAP) failures from Office scanner",
        (BEN, "brute_force", []),
        users=["scan-to-mail@acme-corp.com"],
        ips=["10.40.2.9"],
        failures=48,
        reason="INVALID_CREDENTIALS",
        severity="low",
        description="The 3rd floor multifunction printer retries scan-to-mail with a stale password every 5 min.",
    ),
]


def reported_login(n: int, title: str, description: str, expected: tuple[str, str, list[str]], **raw: Any) -> Case:
    return case(
        f"tune-idrep-{n:03d}",
        "User report (service desk mail)",
        expected,
        title=title,
        description=description,
        severity="medium",
        source="service_desk",
        raw_data=raw or None,
    )


LOGIN_REPORTS = [
    reported_login(
        1,
        "Locked out of my account again",
        "I think I mistyped my password a few times this morning after the holiday, now my account "
        "is locked. Can you unlock? user: t.nguyen",
        (BEN, "brute_force", []),
        user="t.nguyen",
        failed_attempts=5,
    ),
    reported_login(
        2,
        "Getting MFA prompts I didn't request",
        "My phone keeps buzzing with Okta Verify requests since 3am, maybe 30 of them. I denied all. "
        "I didn't try to log in.",
        (MAL, "brute_force", ["reset_credentials"]),
        user="g.mbeki@acme-corp.com",
    ),
    reported_login(
        3,
        "Email says someone logged into my account from Russia",
        "Got a 'new sign-in' notification from Okta: Moscow, Chrome on Linux. It wasn't me, I'm in Lisbon. "
        "Changed my password already.",
        (SUS, "brute_force", ["reset_credentials"]),
        user="h.santos@acme-corp.com",
        client_ip="95.165.28.14",
    ),
    reported_login(
        4,
        "VPN rejects my password",
        "VPN says authentication failed since my password change. Tried 4 times.",
        (BEN, "brute_force", []),
        user="i.chen",
    ),
]


def guardduty_ssh(n: int, instance: str, ip: str, count: int, expected: tuple[str, str, list[str]], kind: str) -> Case:
    finding = f"UnauthorizedAccess:EC2/{kind}"
    return case(
        f"tune-gdssh-{n:03d}",
        "Amazon GuardDuty",
        expected,
        title=f"GuardDuty {finding} on {instance}",
        description=f"{ip} is performing {kind.replace('BruteForce', '')} brute force attacks against {instance}. "
        "Brute force attacks are used to gain unauthorized access to your instance by guessing the password.",
        severity="medium",
        source="guardduty",
        raw_data={
            "schemaVersion": "2.0",
            "type": finding,
            "severity": 5 if kind == "SSHBruteForce" else 2,
            "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": instance}},
            "service": {
                "action": {
                    "actionType": "NETWORK_CONNECTION",
                    "networkConnectionAction": {
                        "connectionDirection": "INBOUND",
                        "remoteIpDetails": {"ipAddressV4": ip},
                        "localPortDetails": {"port": 22 if kind == "SSHBruteForce" else 3389},
                    },
                },
                "count": count,
                "resourceRole": "TARGET",
            },
            "source_ip": ip,
            "failed_attempts": count,
        },
    )


GUARDDUTY_SSH = [
    guardduty_ssh(1, "i-0a1b2c3d4e5f60718", "218.92.0.107", 1450, (MAL, "brute_force", ["block_ip"]), "SSHBruteForce"),
    guardduty_ssh(2, "i-0f9e8d7c6b5a40312", "61.177.172.140", 320, (MAL, "brute_force", ["block_ip"]), "RDPBruteForce"),
    guardduty_ssh(3, "i-07d2c9a1e3b4f5068", "141.98.11.92", 88, (SUS, "brute_force", ["block_ip"]), "SSHBruteForce"),
]

CASES = [*PROOFPOINT, *USER_MAIL, *OKTA, *LOGIN_REPORTS, *GUARDDUTY_SSH]
