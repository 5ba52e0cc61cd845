"""What the bench's report tests share."""

from __future__ import annotations

# The DynamoDB calls of a report (names per function), where a test needs some.
CALLS = {
    "create_incident": ["UpdateItem", "TransactWriteItems"],
    "get_incident": ["GetItem"],
    "list_incidents": ["Query", "GetItem"],
}
