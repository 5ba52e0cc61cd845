"""The plain text a regex can not match without: a fast check before a slow search.

A playbook's `pattern_any` indicator is an alternation of regexes searched over the whole of an
incident's raw_data (tens of kilobytes for a large alert). Most of them open with `\\b` or a
lookbehind, which keeps Python's `re` from skipping ahead to a first character: it tries the whole
pattern at every position (a few milliseconds per indicator on 28 KiB). Nearly every term holds
plain text that any match must contain: `union` in `\\bunion\\s+select`, one of `spf`, `dkim`,
`dmarc` in `\\b(?:spf|dkim|dmarc)\\s+fail`. When none of it is in the text (substring tests, far
faster than the search), the term can not match and is left out of the search, which finds
the same first match as before: only terms that can match nowhere are dropped.

The reading is conservative. A term's requirement is a set of strings, one of which every match
contains: a run of plain characters (escaped punctuation included) at the top level of a branch,
or a group's own requirement when the group must occur (no quantifier, `+`, or `{n,}` with n >= 1).
A top-level `|` makes the requirement the union of the branches'. A character that a quantifier
makes optional or repeatable, a class, `.`, `\\s`, an anchor or a lookaround ends a run. Escapes of
a width this reading does not follow (`\\x41`, `\\1`) and inline flags give up: the term is
always searched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

type Requirement = tuple[str, ...]  # one of these strings is in every match; () means unknown

_PLAIN_ESCAPES = frozenset(".^$*+?{}[]()|\\/-#&~ '\"%@:=<>!,;")
_UNSURE_ESCAPES = frozenset("xuUN0123456789")
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> Requirement:
    """Strings of which every match of `pattern` contains one (`sqli|sql[_ ]?injection` -> `sqli`,
    `injection`); () when this reading is not sure of any."""
    if _GLOBAL_FLAGS.match(pattern):
        return ()  # inline flags (`(?x)` would make spaces and `#` mean something else)
    try:
        return _alternatives(pattern)
    except _Unsure:
        return ()


def possible_terms(terms: Sequence[str], lowered: str) -> tuple[str, ...]:
    """The terms that can match the (lower-cased) text: a term none of whose required strings is there can not."""
    return tuple(term for term in terms if _may_match(required_literals(term), lowered))


def _may_match(required: Requirement, text: str) -> bool:
    return not required or any(literal in text for literal in required)


class _Unsure(Exception):
    """A construct this reading does not follow."""


def _alternatives(pattern: str) -> Requirement:
    """The union of the branches' requirements; () when a branch has none."""
    options: list[str] = []
    for branch in _top_level_branches(pattern):
        required = _branch_requirement(branch)
        if not required:
            return ()
        options.extend(required)
    return tuple(dict.fromkeys(options))


def _top_level_branches(pattern: str) -> list[str]:
    """The pattern split at each `|` outside groups and classes."""
    branches: list[str] = []
    start = index = depth = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        index = _next(pattern, index)
    branches.append(pattern[start:])
    return branches


def _branch_requirement(pattern: str) -> Requirement:
    """The most telling requirement among a branch's runs and required groups (see the module doc)."""
    candidates: list[Requirement] = []
    run: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "(":
            close = _group_end(pattern, index)
            end = _after_quantifier(pattern, close)
            candidates.append(("".join(run),))
            run = []
            if _required(pattern[close + 1 : end]):
                candidates.append(_group_requirement(pattern[index : close + 1]))
            index = end
            continue
        if char == "\\" and index + 1 < len(pattern):
            if pattern[index + 1] in _UNSURE_ESCAPES:
                raise _Unsure(pattern)
            literal = pattern[index + 1] if pattern[index + 1] in _PLAIN_ESCAPES else None
            last = index + 1
        elif char == "[":
            literal, last = None, _class_end(pattern, index)
        elif char in ".^$":
            literal, last = None, index
        else:
            literal, last = char, index
        end = _after_quantifier(pattern, last)
        if literal is None or end > last + 1:  # not plain, or a quantifier makes it optional or repeat
            candidates.append(("".join(run),))
            run = []
        else:
            run.append(literal)
        index = end
    candidates.append(("".join(run),))
    usable = [required for required in candidates if required and all(required)]
    return max(usable, key=lambda required: (min(map(len, required)), -len(required)), default=())


def _group_requirement(group: str) -> Requirement:
    """A group's requirement: its content's, for a plain, capturing or named group; () for lookarounds and flags."""
    inner = group[1:-1]
    if inner.startswith("?:"):
        return _alternatives(inner[2:])
    if inner.startswith("?P<"):
        return _alternatives(inner[inner.index(">") + 1 :])
    if inner.startswith("?"):
        return ()  # a lookaround, a conditional or flags: not text the match contains
    return _alternatives(inner)


def _required(quantifier: str) -> bool:
    """Whether an item with this quantifier occurs at least once ("": no quantifier)."""
    if quantifier in ("", "+", "+?", "++"):
        return True
    if quantifier.startswith("{"):
        low = quantifier[1:].split(",", 1)[0].rstrip("}?+")
        return low.isdigit() and int(low) >= 1
    return False


def _next(pattern: str, index: int) -> int:
    """The next position to read: past an escape or a whole class, else one on."""
    char = pattern[index]
    if char == "\\":
        return index + 2
    if char == "[":
        return _class_end(pattern, index) + 1
    return index + 1


def _group_end(pattern: str, start: int) -> int:
    """The position of the `)` that closes the group opened at `start`."""
    depth, index = 0, start
    while index < len(pattern):
        if pattern[index] == "(":
            depth += 1
        elif pattern[index] == ")":
            depth -= 1
            if depth == 0:
                return index
        index = _next(pattern, index)
    raise _Unsure(pattern)


def _class_end(pattern: str, start: int) -> int:
    """The position of the `]` that closes the class opened at `start` (a leading `]` or `^]` is a member)."""
    index = start + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    if index >= len(pattern):
        raise _Unsure(pattern)
    return index


def _after_quantifier(pattern: str, last: int) -> int:
    """The position after the item ending at `last` and its quantifier, if any (`?`, `*`, `+`, `{2,}`, lazy `?`)."""
    index = last + 1
    if index < len(pattern) and pattern[index] in "?*+":
        index += 1
    elif index < len(pattern) and pattern[index] == "{":
        close = pattern.find("}", index)
        if close < 0 or not all(char.isdigit() or char == "," for char in pattern[index + 1 : close]):
            return index  # a `{` that is not a quantifier is a literal `{`
        index = close + 1
    if index > last + 1 and index < len(pattern) and pattern[index] in "?+":
        index += 1  # lazy or possessive
    return index
