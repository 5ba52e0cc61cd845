"""Breadth split: identity, sign-in and access at Tidewater Health.

Tools: Keycloak (patient-portal login events and staff-realm admin events), SailPoint IdentityNow audit
events, Silverfort authentication alerts, RSA SecurID Access (Cloud Authentication Service user event log),
AWS IAM Identity Center sign-in records, authentik notification webhooks, Citrix NetScaler ADC AAA syslog,
Ivanti Connect Secure WELF syslog, FortiAuthenticator event logs and Windows Security 4625/4740 events shipped
by Graylog (HTTP event notifications). Voices: the tools' own payloads, some with only `raw_data`, and short
analyst notes on top of them.
"""

from __future__ import annotations

from typing import Any

from tests.data.triage.breadth_common import AVAIL, BEN, BRUTE, GENERIC, MAL, PHISHING, SUS, UNK, Expected, alert
from tests.data.triage.labels import Case

Raw = dict[str, Any]
DOMAIN = "tidewater-health.org"
PORTAL = "https://portal.tidewater-health.org"
ADMIN_SET = "arn:aws:sso:::permissionSet/ssoins-6804a1b2c3d4e5f6/ps-3f9c21ab7d0e5a64"
REALM_ADMIN = '[{"name":"realm-admin","composite":true}]'


def keycloak(n: int, expected: Expected, sev: str, title: str | None, text: str | None, raw: Raw) -> Case:
    kind = "brute_force" if raw.get("type", "").startswith("LOGIN") else None
    tags = ["keycloak", f"realm:{raw.get('realmId', 'staff')}"]
    return alert(
        f"br-keycloak-{n:03d}", "Keycloak events", expected, title, text, sev, "keycloak", raw, tags=tags, kind=kind
    )


def kc_login(kind: str, realm: str, user: str, ip: str, error: str | None = None, **more: Any) -> Raw:
    client = "patient-portal" if realm == "patients" else "carechart-web"
    details = {"auth_method": "openid-connect", "username": user, "redirect_uri": f"{PORTAL}/auth/callback"}
    event = {"time": 1796013141000, "type": kind, "realmId": realm, "clientId": client, "ipAddress": ip}
    return {**event, **({"error": error} if error else {}), "details": details, **more}


def kc_admin(op: str, user_id: str, actor: str, ip: str, roles: str) -> Raw:
    auth = {"realmId": "master", "clientId": "admin-cli", "userId": actor, "ipAddress": ip}
    path = f"users/{user_id}/role-mappings/realm"
    event = {"time": 1796008324000, "realmId": "staff", "authDetails": auth, "operationType": op}
    return {**event, "resourceType": "REALM_ROLE_MAPPING", "resourcePath": path, "representation": roles}


KEYCLOAK = [
    keycloak(
        1,
        (MAL, BRUTE, ["reset_credentials", "block_ip"]),
        "critical",
        "Patient portal: 14,200 failed logins over 11,900 usernames in 40 min, 212 of them then logged in",
        "Realm 'patients'. Bursts of LOGIN_ERROR from 380 addresses (mostly residential proxy ranges), each "
        "trying one e-mail/password pair once; the pairs match a public combo list. 212 accounts logged in on "
        "the first try and 61 of those opened the 'Update contact details' page within a minute.",
        kc_login("LOGIN_ERROR", "patients", "a.mortensen71@gmail.com", "91.240.118.172", "invalid_user_credentials")
        | {"window": {"events": 14200, "distinct_usernames": 11904, "distinct_ips": 380, "succeeded_after": 212}},
    ),
    keycloak(
        2,
        (MAL, GENERIC, ["disable_user", "reset_credentials"]),
        "high",
        "New staff user given realm-admin at 03:12 via admin-cli from an outside address",
        "Admin events in realm 'staff': the account of adm.lindqvist (on parental leave since October) created "
        "user 'svc-backup2' and mapped realm-admin to it from 45.155.205.86. No change request exists and the "
        "IAM team did nothing overnight.",
        kc_admin("CREATE", "6c0e2f31-8b1d-4e55-a0a9-3f1a2b9d7e40", "adm.lindqvist", "45.155.205.86", REALM_ADMIN),
    ),
    keycloak(
        3,
        (BEN, BRUTE, []),
        "low",
        None,
        None,
        kc_login("LOGIN_ERROR", "patients", "h.brekke@online.no", "84.212.40.19", "user_temporarily_disabled")
        | {"note": "5 wrong passwords, then the patient used 'Forgot password' from the same address and logged in"},
    ),
    keycloak(
        4,
        (SUS, GENERIC, ["reset_credentials"]),
        "medium",
        "CareChart web session refreshed from two addresses at once",
        "REFRESH_TOKEN for the same session of nurse d.moreau from TWH-RTM-WS0457 (10.44.12.57) and from "
        "77.16.203.41 within the same minute, no LOGIN from the second address. 77.16.x is a Telenor mobile "
        "range in Norway, where she lives, but the second client sends her desktop Chrome user agent, which "
        "a phone would not. Not yet asked.",
        kc_login(
            "REFRESH_TOKEN", "staff", "d.moreau", "77.16.203.41", sessionId="0b6f7a52-93d4-4c1e-8f5a-d2e7c1a09b38"
        ),
    ),
]


def sailpoint(n: int, expected: Expected, sev: str, title: str, text: str | None, raw: Raw) -> Case:
    return alert(f"br-sailpoint-{n:03d}", "SailPoint IdentityNow", expected, title, text, sev, "sailpoint", raw)


def sp_event(action: str, name: str, actor: str, target: str) -> Raw:
    kind = "ACCESS_ITEM" if "ACCESS" in action else "IDENTITY_MANAGEMENT"
    head = {"org": "tidewater", "pod": "prd07-eucentral1", "created": "2026-11-30T06:41:17.402Z", "type": kind}
    status = "FAILED" if name.endswith("Failed") else "PASSED"
    who = {"actor": {"name": actor}, "target": {"name": target}, "trackingNumber": "f31c9ae2b77d4e0c9a41d2e8b5c06f13"}
    return {**head, "technicalName": action, "name": name, "status": status, **who}


SAILPOINT = [
    sailpoint(
        1,
        (MAL, GENERIC, ["disable_user"]),
        "high",
        "Leaver still signing in: p.wisniewski (terminated 12 Nov)",
        "IdentityNow shows the identity inactive since 12 November, but the disable to the AD-Gdansk source "
        "failed (connector timeout) and nobody retried it. The AD account was used on 29 and 30 November over "
        "the VPN from 31.0.27.144 to open CareChart and the lab LIS. His former manager confirms he has no "
        "reason to log in.",
        sp_event("PROVISIONING_FAILED", "Disable Account Failed", "lifecycle-engine", "p.wisniewski")
        | {"attributes": {"sourceName": "AD-Gdansk", "lifecycleState": "inactive", "errors": ["Timeout after 300 s"]}},
    ),
    sailpoint(
        2,
        (SUS, GENERIC, []),
        "medium",
        "PACS-Admin access approved by the requester's own second account",
        "Request for access profile 'PACS-Admin (Rotterdam)' raised by m.vandijk and approved 4 minutes later "
        "by adm-mvandijk, his privileged account, which became a delegate of the imaging manager last week. "
        "There is a radiology upgrade this month that may need it; no change ticket references the request.",
        sp_event("ACCESS_REQUEST_APPROVED", "Approve Access Request Passed", "adm-mvandijk", "m.vandijk")
        | {"attributes": {"accessProfile": "PACS-Admin (Rotterdam)", "requester": "m.vandijk"}},
    ),
    sailpoint(
        3,
        (BEN, GENERIC, []),
        "low",
        "Bulk role change: 318 Gothenburg nurses moved to the new 'Ward-Nursing-GOT' role",
        "Done by the identity team for the ward reorganisation, change CHG-48812 approved by the Gothenburg CNO.",
        sp_event("ROLE_ASSIGNMENT_CHANGED", "Update Role Membership Passed", "e.nilsson", "Ward-Nursing-GOT")
        | {"attributes": {"identities": 318, "changeRef": "CHG-48812"}},
    ),
    sailpoint(
        4,
        (BEN, GENERIC, []),
        "low",
        "Source aggregation failed: CareChart",
        "Account aggregation of the CareChart source fails since 02:00 with 'invalid credentials'; the "
        "connector's service account password was rotated by the vault on Sunday and the source config still "
        "holds the old one.",
        sp_event("SOURCE_ACCOUNT_AGGREGATION_FAILED", "Aggregate Source Account Failed", "scheduler", "CareChart")
        | {"attributes": {"errors": ["LoginException: invalid credentials for svc-sp-carechart"]}},
    ),
]


def silverfort(n: int, expected: Expected, sev: str, title: str, text: str, raw: Raw, host: str) -> Case:
    return alert(f"br-silverfort-{n:03d}", "Silverfort", expected, title, text, sev, "silverfort", raw, systems=[host])


def sf_auth(user: str, route: str, proto: str, risk: str, *indicators: str) -> Raw:
    src, dst = route.split(" -> ")
    where = {"user_principal": f"{user}@{DOMAIN}", "source_entity": src, "destination_entity": dst}
    return {**where, "protocol": proto, "risk_level": risk, "risk_indicators": list(indicators)}


SILVERFORT = [
    silverfort(
        1,
        (MAL, BRUTE, ["disable_user", "reset_credentials", "isolate_host"]),
        "critical",
        "h.nakamura approved the 23rd push in ten minutes",
        "Silverfort MFA policy 'RDP to servers' sent 23 push requests for h.nakamura's RDP from ward PC "
        "TWH-OSA-WS0217 to TWH-OSA-APP03 between 02:31 and 02:41; 22 were denied, the 23rd approved. She was at "
        "home asleep. In the next 20 minutes the same account authenticated over NTLM from TWH-OSA-WS0217 to "
        "14 servers it never touched before.",
        sf_auth("h.nakamura", "TWH-OSA-WS0217 -> TWH-OSA-APP03", "Kerberos", "High", "Repeated MFA denials")
        | {"policy": "RDP to servers", "mfa_method": "Silverfort push", "mfa_result": "Approved after 22 denials"},
        "TWH-OSA-WS0217",
    ),
    silverfort(
        2,
        (BEN, BRUTE, []),
        "low",
        "svc-lis-interface: 2,900 NTLM failures since Sunday",
        "Bad-password failures every 30 s from TWH-GDN-LIS01 to TWH-GDN-DC02. The account's password was "
        "rotated on Sunday per the quarterly rotation; the LIS interface engine still runs with the old one.",
        sf_auth("svc-lis-interface", "TWH-GDN-LIS01 -> TWH-GDN-DC02", "NTLM", "Low", "Service account anomaly"),
        "TWH-GDN-LIS01",
    ),
    silverfort(
        3,
        (SUS, GENERIC, []),
        "medium",
        "Kerberos service tickets for 61 SPNs with RC4 in two minutes",
        "j.halvorsen's workstation TWH-BGO-WS0033 requested tickets for 61 service accounts using RC4 "
        "encryption. He is on the identity team, which runs a quarterly SPN audit, but that run is booked for "
        "next week and he has not yet said whether he started it early.",
        sf_auth("j.halvorsen", "TWH-BGO-WS0033 -> TWH-BGO-DC01", "Kerberos", "Medium", "Anomalous TGS requests")
        | {"tgs_requests": 61, "encryption": "RC4-HMAC"},
        "TWH-BGO-WS0033",
    ),
    silverfort(
        4,
        (MAL, GENERIC, ["isolate_host", "reset_credentials"]),
        "critical",
        "Local Administrator fanning out from a pharmacy PC",
        "NTLM logons with the built-in local Administrator from the dispensing workstation TWH-NOR-PHA07 to 30 "
        "hosts in 6 minutes, including both Norfolk file servers; all hosts share the same local password. "
        "Nobody from IT was on that PC.",
        sf_auth("Administrator", "TWH-NOR-PHA07 -> 30 hosts", "NTLM", "Critical", "Lateral movement", "Pass-the-hash")
        | {"destinations_sample": ["TWH-NOR-FS01", "TWH-NOR-FS02", "TWH-NOR-SQL03"]},
        "TWH-NOR-PHA07",
    ),
]


def securid(n: int, expected: Expected, sev: str, title: str | None, text: str | None, raw: Raw) -> Case:
    return alert(
        f"br-securid-{n:03d}", "RSA SecurID Access", expected, title, text, sev, "rsa-cas", raw, tags=["securid"]
    )


def rsa_event(code: str, message: str, user: str, ip: str, reason: str, **more: Any) -> Raw:
    result = "FAIL" if "fail" in message.lower() or "lock" in message.lower() else "SUCCESS"
    head = {"eventLogDate": "2026-11-30T04:17:52.118Z", "eventCode": code, "eventLogMessage": message}
    how = {"authenticationMethod": "SecurID", "application": "TWH Remote Access", "result": result}
    return {**head, "userId": user, "sourceIp": ip, **how, "reasonKey": reason, **more}


SECURID = [
    securid(
        1,
        (MAL, BRUTE, ["block_ip"]),
        "high",
        "Passcode guessing against 40 users",
        "Two addresses (141.98.11.53, 141.98.11.60) sent 1-2 wrong passcodes each for 40 different users "
        "at the remote-access login; no success, no lockout reached.",
        rsa_event("20105", "Authentication failed: invalid passcode", "(40 users)", "141.98.11.53", "AUTHN_FAILED")
        | {"failures": 71, "sourceIps": ["141.98.11.53", "141.98.11.60"]},
    ),
    securid(
        2,
        (BEN, BRUTE, []),
        "low",
        None,
        None,
        rsa_event("20118", "User locked out: next tokencode", "t.sorensen", "10.12.4.88", "USER_LOCKED")
        | {"helpdesk": "HD-231904: typed the same code twice in next-tokencode mode; unlocked after ID check"},
    ),
    securid(
        3,
        (MAL, PHISHING, ["quarantine_email", "block_sender", "reset_credentials"]),
        "critical",
        "Passcode used from abroad 40 s after a user typed it into a fake page",
        "s.oyelaran clicked 'Your SecurID token expires today' from it-support@tidewater-heatlh.org and entered "
        "user name, PIN and tokencode on tidewater-heatlh-secureid.com. The same passcode logged in from "
        "102.89.34.210 forty seconds later and registered a new authenticator. The mail is still in 31 inboxes.",
        rsa_event("20001", "Authentication succeeded", "s.oyelaran", "102.89.34.210", "AUTHN_SUCCESS", next="30402"),
    ),
    securid(
        4,
        (SUS, GENERIC, ["reset_credentials"]),
        "medium",
        "New authenticator enrolled 5 min after a helpdesk reset by phone",
        "The service desk reset c.tanaka's password on a call at 18:02; the caller knew her employee number but "
        "failed the callback (her desk phone went to voicemail). A new device was registered to her SecurID "
        "account at 18:07. She is off shift and not reachable yet.",
        rsa_event(
            "30402", "Authenticator registered", "c.tanaka", "126.158.72.9", "DEVICE_REGISTERED", device="iPhone 15"
        ),
    ),
]


def identity_center(n: int, expected: Expected, sev: str, title: str | None, text: str | None, raw: Raw) -> Case:
    return alert(
        f"br-awsidc-{n:03d}", "AWS IAM Identity Center sign-in events", expected, title, text, sev, "aws-sso", raw
    )


def idc_record(source: str, name: str, ip: str, user: str, **more: Any) -> Raw:
    identity = {"type": "IdentityCenterUser", "accountId": "418277340917", "userName": user}
    record = {"eventVersion": "1.08", "eventSource": source, "eventName": name, "awsRegion": "eu-north-1"}
    return {**record, "sourceIPAddress": ip, "userIdentity": identity, **more}


IDENTITY_CENTER = [
    identity_center(
        1,
        (BEN, BRUTE, []),
        "medium",
        "Impossible travel: Osaka then Bergen 20 minutes apart (r.ito)",
        "First sign-in from a SoftBank address in Osaka, the second from 195.204.38.10, which is the Bergen "
        "data centre's VPN egress: r.ito connected to the VPN from the same hotel between the two.",
        idc_record("signin.amazonaws.com", "UserAuthentication", "195.204.38.10", "r.ito")
        | {"serviceEventDetails": {"UserAuthentication": "Success"}, "additionalEventData": {"CredentialType": "TOTP"}},
    ),
    identity_center(
        2,
        (SUS, GENERIC, []),
        "medium",
        "AdministratorAccess assigned to a contractor in twh-prod-imaging",
        "CreateAccountAssignment by the cloud lead a.okonkwo gave contractor ext-b.rossi the AdministratorAccess "
        "permission set on the production imaging account. Change CHG-49120 asks for ReadOnlyAccess for the same "
        "person; a.okonkwo is in the air until tonight.",
        idc_record("sso.amazonaws.com", "CreateAccountAssignment", "195.204.38.10", "a.okonkwo")
        | {
            "requestParameters": {
                "targetId": "702511946238",
                "permissionSetArn": ADMIN_SET,
                "principalId": "ext-b.rossi",
            }
        },
    ),
    identity_center(
        3,
        (MAL, BRUTE, ["disable_user", "block_ip"]),
        "critical",
        None,
        None,
        idc_record("portal.sso.amazonaws.com", "GetRoleCredentials", "5.188.206.14", "o.berg")
        | {"precededBy": {"CredentialVerification": {"Failure": 42, "Success": 1}}, "accountsTouched": 9},
    ),
]


def authentik(n: int, expected: Expected, sev: str, body: str, user: str, ctx: Raw, text: str | None = None) -> Case:
    raw = {
        "body": body,
        "severity": "warning" if sev in ("low", "medium") else "alert",
        "user_email": "sec-alerts@" + DOMAIN,
        "user_username": "sec-alerts",
        "event_user_email": f"{user}@{DOMAIN}",
        "event_user_username": user,
        "context": ctx,
    }
    return alert(f"br-authentik-{n:03d}", "authentik", expected, body, text, sev, "authentik", raw)


AUTHENTIK = [
    authentik(
        1,
        (SUS, GENERIC, []),
        "medium",
        "Event Notification: impersonation_started by t.vos",
        "t.vos",
        {"action": "impersonation_started", "target_user": "chief.pharmacist.nor", "client_ip": "10.11.3.22"},
        "Helpdesk user t.vos impersonated the chief pharmacist's account in the SSO for 11 minutes. Impersonation "
        "needs a ticket; there is none. t.vos says a colleague asked him to check a dispensing-cabinet login "
        "problem but cannot name who.",
    ),
    authentik(
        2,
        (BEN, BRUTE, []),
        "low",
        "Event Notification: login_failed (x9)",
        "r.haugen",
        {"action": "login_failed", "client_ip": "10.20.7.130", "geo": {"city": "Bergen", "country": "NO"}},
        "Nine failures from her own phone on the staff Wi-Fi: she changed her password yesterday and the phone's "
        "mail app kept retrying the old one. Fixed with her.",
    ),
    authentik(
        3,
        (SUS, BRUTE, ["reset_credentials"]),
        "high",
        "Event Notification: login from Lagos 35 min after Gothenburg",
        "l.andersson",
        {"action": "login", "client_ip": "102.88.35.117", "geo": {"city": "Lagos", "country": "NG"}, "mfa": "totp"}
        | {"asn": {"asn": 29465, "as_org": "MTN Nigeria"}, "previous": {"city": "Gothenburg", "minutes_before": 35}},
        "Password and TOTP both correct. No travel registered and she does not use the VPN; she has not "
        "answered her phone yet.",
    ),
    authentik(
        4,
        (BEN, GENERIC, []),
        "medium",
        "Event Notification: model_updated Group 'kiosk-operators'; Flow 'kiosk-authentication'",
        "akadmin",
        {"action": "model_updated", "change_ref": "CHG-48977"}
        | {"changes": ["svc-kiosk-gdn added to group kiosk-operators", "MFA stage removed from kiosk flow"]},
        "Shared ward-kiosk login in Gdańsk without MFA, limited to the kiosk VLAN; approved by the CISO in "
        "CHG-48977 and made by the IAM engineer on duty in the change window.",
    ),
]


def netscaler(n: int, expected: Expected, sev: str, title: str | None, text: str | None, lines: list[str]) -> Case:
    raw = {"host": "TWH-NOR-ADC01", "facility": "local0", "lines": lines}
    return alert(f"br-netscaler-{n:03d}", "Citrix NetScaler ADC AAA logs", expected, title, text, sev, "netscaler", raw)


def ns_line(event: str, user: str, ip: str, tail: str) -> str:
    return f"11/30/2026:02:14:33 GMT TWH-NOR-ADC01 0-PPE-0 : default AAA {event} : User {user} - Client_ip {ip} {tail}"


NETSCALER = [
    netscaler(
        1,
        (MAL, BRUTE, ["block_ip"]),
        "high",
        "Gateway: same two passwords tried for 670 accounts",
        "Between 01:00 and 03:30 the Citrix Gateway logged 1,340 LOGIN_FAILED, exactly two per user for 670 "
        "users, from 46 addresses of a residential proxy service. No account logged in.",
        [
            ns_line("LOGIN_FAILED 883421 0", "k.larsen", "176.111.174.26", '- Failure_reason "Invalid credentials"'),
            ns_line("LOGIN_FAILED 883422 0", "b.jansen", "80.94.95.203", '- Failure_reason "Invalid credentials"'),
        ],
    ),
    netscaler(
        2,
        (MAL, GENERIC, ["reset_credentials", "block_ip"]),
        "critical",
        "Gateway session reused from a second address without a login",
        "Session of f.kowalczyk carried on from 194.26.29.113 while she was still connected from home; no "
        "LOGIN event for that address, the SessionId is the same. The ADC firmware is one build behind the "
        "vendor's fix for session token leakage.",
        [
            ns_line("LOGIN 883990 0", "f.kowalczyk", "83.27.140.61", "- SessionId: 55102 - Browser Chrome"),
            "11/30/2026:02:51:07 GMT TWH-NOR-ADC01 0-PPE-0 : default SSLVPN HTTPREQUEST 884310 0 : Context "
            "f.kowalczyk@194.26.29.113 - SessionId: 55102 - /vpn/index.html",
        ],
    ),
    netscaler(
        3,
        (BEN, AVAIL, ["notify"]),
        "high",
        "Nobody can log in to the Citrix Gateway since the 22:00 firmware upgrade",
        "All staff LOGIN_FAILED with 'LDAP server unreachable': the upgrade reset the nFactor LDAP action to "
        "port 389 while the DCs accept only LDAPS. Remote clinicians are locked out of CareChart.",
        [ns_line("LOGIN_FAILED 901122 0", "m.suzuki", "126.33.8.201", '- Failure_reason "LDAP server unreachable"')],
    ),
    netscaler(
        4,
        (SUS, PHISHING, ["quarantine_email", "reset_credentials"]),
        "medium",
        "Gateway login from Turkey, half an hour after a 'password expiry' mail",
        "k.eriksen (Bergen radiographer) logged in with the right password and OTP from 78.180.44.12. At 09:10 "
        "she forwarded a mail 'Gateway password expires today' to the security mailbox and is not sure whether "
        "she typed anything on its page. No travel is known.",
        [ns_line("LOGIN 902774 0", "k.eriksen", "78.180.44.12", "- SessionId: 57731 - Browser Edge")],
    ),
]


def ivanti(
    n: int, expected: Expected, sev: str, title: str | None, text: str | None, user: str, ip: str, msg: str
) -> Case:
    line = (
        f'id=firewall time="2026-11-30 03:11:04" pri=6 fw=10.10.0.5 vpn=ive user={user} realm="Staff" '
        f'roles="Clinical" src={ip} type=vpn msg="{msg}"'
    )
    raw = {"syslog": line, "user": user, "src": ip, "msg": msg, "appliance": "vpn.tidewater-health.org"}
    return alert(f"br-ivanti-{n:03d}", "Ivanti Connect Secure", expected, title, text, sev, "ivanti-ics", raw)


IVANTI = [
    ivanti(
        1,
        (SUS, GENERIC, ["disable_user"]),
        "medium",
        "VPN login by a contractor whose contract ended on 20 November",
        "ext-j.devries signed in from his usual home address and opened an RDP session to TWH-RTM-PACS01. HR "
        "recorded his end date; the agency has not answered whether the contract was extended.",
        "ext-j.devries",
        "145.53.218.70",
        "AUT24414: Login succeeded for ext-j.devries/Contractors from 145.53.218.70.",
    ),
    ivanti(
        2,
        (BEN, BRUTE, []),
        "low",
        "VPN sign-in from Japan for dr. g.solberg",
        "Flagged as a new country. He is on the registered staff exchange with the Osaka site until 12 December "
        "(travel record TR-2026-0871); company laptop, Host Checker passed.",
        "g.solberg",
        "126.77.140.3",
        "AUT24414: Login succeeded for g.solberg/Staff from 126.77.140.3.",
    ),
    ivanti(
        3,
        (MAL, BRUTE, ["disable_user", "block_ip"]),
        "critical",
        "ICS AUT24414 m.kowalska",
        "After ~300 failed VPN logins for different users from 194.169.175.40, m.kowalska logged in from the same "
        "address at 03:11 and mapped three SMB shares. She was asleep and her laptop is off.",
        "m.kowalska",
        "194.169.175.40",
        "AUT24414: Login succeeded for m.kowalska/Staff from 194.169.175.40.",
    ),
    ivanti(
        4,
        (SUS, BRUTE, []),
        "low",
        "VPN login from Romania on a personal PC",
        "l.pieters (Rotterdam pharmacy) logged in from an RCS&RDS address in Brașov on a personal Windows PC "
        "(Host Checker failed, the BYOD role allowed it). Her calendar shows leave this week but no travel was "
        "registered; we asked her by SMS.",
        "l.pieters",
        "86.120.15.94",
        "AUT24414: Login succeeded for l.pieters/Staff from 86.120.15.94. Host Checker policy BYOD failed.",
    ),
]


def fortiauth(n: int, expected: Expected, sev: str, title: str | None, text: str | None, raw: Raw) -> Case:
    log = {"date": "2026-11-30", "time": "03:05:22", "type": "event", "subtype": "authentication", **raw} if raw else {}
    return alert(f"br-fortiauth-{n:03d}", "FortiAuthenticator", expected, title, text, sev, "fortiauthenticator", log)


FORTIAUTH = [
    fortiauth(
        1,
        (MAL, PHISHING, ["quarantine_email", "block_sender", "reset_credentials"]),
        "high",
        "She pressed approve to make the phone stop",
        "e.johansson (Gothenburg theatre nurse) typed her password into a page linked from an 'Updated December "
        "rota' mail at 22:50. From 01:40 her FortiToken Mobile got 15 pushes; she approved the last one at 03:05. "
        "The VPN session came from 156.146.59.27. The rota mail, from rota@twh-staffing.net, reached 44 staff.",
        {"logid": "20004", "level": "warning", "user": "e.johansson", "userip": "156.146.59.27", "pushes": 15},
    ),
    fortiauth(
        2,
        (BEN, BRUTE, []),
        "medium",
        "RADIUS Access-Reject for 140 clinical tablets",
        "The LDAP bind account svc-fac-ldap was rotated at 06:00; FortiAuthenticator still binds with the old "
        "password, so 802.1X on SSID TWH-Clinical rejects every tablet.",
        {"logid": "20002", "level": "error", "user": "svc-fac-ldap", "nas": "TWH-GOT-WLC01", "msg": "LDAP bind failed"},
    ),
    fortiauth(
        3,
        (SUS, GENERIC, ["reset_credentials"]),
        "medium",
        "Built-in admin logged in to the FortiAuthenticator GUI at 01:47",
        "Named admin accounts are the rule; the shared 'admin' account is only for break-glass. Login from "
        "10.30.1.45, a jump host several IT staff use, and no change or incident was open.",
        {"logid": "10001", "level": "notice", "user": "admin", "userip": "10.30.1.45", "msg": "GUI login succeeded"},
    ),
    fortiauth(4, (UNK, GENERIC, []), "low", "FAC alert 558812", "FAC alert 558812", {}),
]


def graylog(n: int, expected: Expected, sev: str, title: str | None, message: str | None, fields: Raw) -> Case:
    event = {"source": "twh-graylog-01", "priority": {"low": 1, "medium": 2}.get(sev, 3), "alert": True}
    backlog = [{k: v for k, v in fields.items() if k.startswith("winlogbeat_")}] if fields else []
    raw = {
        "event_definition_title": title,
        "event_definition_type": "aggregation-v1",
        "event": {**event, "message": message, "fields": fields},
        "backlog": backlog,
    }
    return alert(
        f"br-graylog-{n:03d}", "Windows Security events via Graylog", expected, title, message, sev, "graylog", raw
    )


def win(event_id: int, user: str, host: str, **data: str) -> Raw:
    base = {"winlogbeat_winlog_event_id": str(event_id), "winlogbeat_winlog_computer_name": host}
    event_data = {
        f"winlogbeat_winlog_event_data_{key}": value for key, value in {"TargetUserName": user, **data}.items()
    }
    return {**base, **event_data}


GRAYLOG = [
    graylog(
        1,
        (BEN, BRUTE, []),
        "low",
        "AD account locked out (4740): a.sandoval",
        "Lockout on TWH-BGO-DC01, caller computer TWH-BGO-WS0311 (her own desk). Five 4625 with sub-status "
        "0xC000006A just before: she came back from holiday and tried her old password. Unlocked after ID check.",
        win(4740, "a.sandoval", "TWH-BGO-DC01", TargetDomainName="TWH-BGO-WS0311"),
    ),
    graylog(
        2,
        (MAL, BRUTE, ["isolate_host"]),
        "high",
        "4625 from one workstation against 220 accounts",
        "TWH-GDN-WS0088 (a Gdańsk outpatient PC) produced network-logon failures (type 3) for 220 user names in "
        "15 minutes, 1-2 each, sub-status 0xC000006A and 0xC0000064; the logged-on user is at lunch.",
        win(4625, "(220 accounts)", "TWH-GDN-DC01", WorkstationName="TWH-GDN-WS0088", IpAddress="10.61.22.88")
        | {"winlogbeat_winlog_event_data_LogonType": "3", "winlogbeat_winlog_event_data_SubStatus": "0xc000006a"},
    ),
    graylog(
        3,
        (MAL, BRUTE, ["disable_user", "block_ip", "isolate_host"]),
        "critical",
        "RDP logon failures 8,000+, then 4624 for 'scanner'",
        "TWH-OSA-RDS01, published to the internet for a radiology vendor: 8,132 type-10 failures from "
        "103.251.167.20 and 103.251.167.21 overnight, then a successful RDP logon of the local 'scanner' "
        "account from 103.251.167.21 at 04:52.",
        win(4624, "scanner", "TWH-OSA-RDS01", IpAddress="103.251.167.21", LogonType="10"),
    ),
    graylog(
        4,
        (BEN, BRUTE, []),
        "medium",
        "svc-pharm-sync locked out every 30 minutes",
        "4740 for svc-pharm-sync since Sunday's password rotation; the caller is TWH-NOR-PHA02, where a "
        "scheduled task for the dispensing-cabinet sync still stores the old password.",
        win(4740, "svc-pharm-sync", "TWH-NOR-DC02", TargetDomainName="TWH-NOR-PHA02"),
    ),
    graylog(5, (UNK, GENERIC, []), "medium", None, None, {}),
]


CASES: list[Case] = [*KEYCLOAK, *SAILPOINT, *SILVERFORT, *SECURID, *IDENTITY_CENTER, *AUTHENTIK]
CASES += [*NETSCALER, *IVANTI, *FORTIAUTH, *GRAYLOG]
