"""How a corpus line is written: `case(...)` is one labelled incident (see README.md)."""

from __future__ import annotations

from typing import Any

Case = dict[str, Any]


def case(
    case_id: str,
    source_tool: str,
    expected: tuple[str, str, list[str]],
    **incident: Any,
) -> Case:
    """One line: the create body a client would POST, and what a senior responder would conclude.

    `expected` is (classification, playbook, actions). `type` is written `incident_type` or
    `type` as the tool's integration sends it; empty fields are left out, as a client would.
    """
    classification, playbook, actions = expected
    body = {name: value for name, value in incident.items() if value not in (None, [], {}, "")}
    return {
        "id": case_id,
        "source_tool": source_tool,
        "incident": body,
        "expected": {"classification": classification, "playbook": playbook, "actions": actions},
    }
