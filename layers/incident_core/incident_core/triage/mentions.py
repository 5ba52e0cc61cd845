"""Accounts and hosts named in an incident's prose, for action targets when raw_data has no field for them.

Alerts and people name the account and the machine in sentences ("user j.doe signed in",
"on host WS-0412", "account CORP\\svc_backup", "i-0abc123 is querying"), and many tools put them
only in the alert's title. These finders read such mentions: a cue word followed by a token
that looks like an identifier (it holds a dot, underscore, backslash, @ or digit, so plain
English words are not taken), an `f.lastname`-style account, a `DOMAIN\\user` account, a
hostname in capitals with dashes, or a cloud instance id. Patterns are bounded and anchored
at token starts, so scanning is linear in the text.
"""

from __future__ import annotations

import re

__all__ = ["hosts_in", "senders_in", "users_in"]

MAX_MENTIONS = 5

_FILE_SUFFIXES = frozenset(
    {
        *("exe", "dll", "scr", "msi", "bat", "cmd", "lnk", "hta", "jar", "iso", "img", "bin", "ps1", "vbs", "js"),
        *("doc", "docx", "docm", "xls", "xlsx", "xlsm", "pdf", "txt", "csv", "log", "zip", "rar", "html", "htm"),
        *("com", "net", "org", "io", "co", "de", "uk", "fr", "nl", "eu", "info", "biz", "xyz", "ru", "cn", "app"),
        *("hiv", "tmp", "dat", "json", "xml", "yaml", "yml", "conf", "cfg", "ini", "sh", "py", "php", "aspx"),
    }
)
_IDENTIFIER = r"[A-Za-z0-9][A-Za-z0-9._@\\-]{0,62}[A-Za-z0-9]"
_USER_CUE = re.compile(
    r"(?<![\w-])(?:user(?:name)?|account|identity|principal|employee|contractor|login|logon|mailbox|"
    r"signed in as|logged in as|login as|logon as|as user)\s*[:=]?\s*['\"(]?(" + _IDENTIFIER + r")",
    re.IGNORECASE,
)
_QUOTED_USER = re.compile(
    r"(?<![\w-])(?:user(?:name)?|account|login|logon|signed in|logged in|sign-in)\s+(?:as\s+)?['\"`]"
    r"([A-Za-z0-9][\w.@\\-]{1,63})['\"`]",
    re.IGNORECASE,
)
_DOMAIN_ACCOUNT = re.compile(
    r"(?<![\w\\])(?!HK(?:LM|CU|CR|U|EY_\w+)\\)([A-Za-z][A-Za-z0-9-]{1,14}\\[A-Za-z0-9][A-Za-z0-9._$-]{1,63})",
    re.IGNORECASE,
)
_INITIAL_ACCOUNT = re.compile(r"(?<![\w.@-])([a-z]{1,3}\.[a-z][a-z'-]{2,30})(?![\w@-]|\.[a-z])")
_HOST_CUE = re.compile(
    r"(?<![\w-])(?:host(?:name)?|device|endpoint|machine|computer|server|workstation|laptop|desktop|pc|vm|"
    r"instance|node|asset)\s*[:=]?\s*['\"(]?(" + _IDENTIFIER + r")",
    re.IGNORECASE,
)
_HOSTNAME = re.compile(r"(?<![\w.-])(?!CVE-|GHSA-)([A-Z][A-Z0-9]{1,15}(?:-[A-Z0-9]{1,15}){2,5})(?![\w-])")
_INSTANCE_ID = re.compile(r"(?<![\w-])(i-[0-9a-f]{8,17})(?![\w-])")
_LOOKS_LIKE_ID = re.compile(r"[._@\\\d-]")
_SENDER = re.compile(
    r"(?<![\w-])(?:from|sent by|sender|sender address|mail from|envelope from)\b[^.\n@]{0,40}?"
    r"(?<![\w.%+-])([\w.%+-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b",
    re.IGNORECASE,
)


def users_in(text: str) -> list[str]:
    """Accounts named in `text`, in order of appearance (at most `MAX_MENTIONS`)."""
    found: list[tuple[int, str]] = []
    for match in _USER_CUE.finditer(text):
        token = match[1]
        if _LOOKS_LIKE_ID.search(token) and not _is_file(token):
            found.append((match.start(1), token))
    found.extend((match.start(1), match[1]) for match in _QUOTED_USER.finditer(text))
    found.extend((match.start(1), match[1]) for match in _DOMAIN_ACCOUNT.finditer(text))
    found.extend((match.start(1), match[1]) for match in _INITIAL_ACCOUNT.finditer(text) if not _is_file(match[1]))
    return _ordered(found)


def hosts_in(text: str) -> list[str]:
    """Hosts named in `text`, in order of appearance (at most `MAX_MENTIONS`)."""
    found: list[tuple[int, str]] = []
    for match in _HOST_CUE.finditer(text):
        token = match[1]
        if _LOOKS_LIKE_ID.search(token) and "@" not in token and "\\" not in token and not _is_file(token):
            found.append((match.start(1), token))
    found.extend((match.start(1), match[1]) for match in _HOSTNAME.finditer(text) if any(c.isdigit() for c in match[1]))
    found.extend((match.start(1), match[1]) for match in _INSTANCE_ID.finditer(text))
    return _ordered(found)


def senders_in(text: str) -> list[str]:
    """Addresses named as a message's sender in `text` ("mail from x@y", "sent by x@y"), in order."""
    return _ordered([(match.start(1), match[1]) for match in _SENDER.finditer(text)])


def _is_file(token: str) -> bool:
    suffix = token.rsplit(".", 1)[-1].lower() if "." in token else ""
    return suffix in _FILE_SUFFIXES and "@" not in token


def _ordered(found: list[tuple[int, str]]) -> list[str]:
    result: dict[str, None] = {}
    for _, token in sorted(found):
        result.setdefault(token.strip(".-"))
        if len(result) >= MAX_MENTIONS:
            break
    return list(result)
