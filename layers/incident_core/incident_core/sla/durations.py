"""ISO 8601 durations of SLA deadlines: `PT15M`, `PT4H`, `P1DT12H`, `P2W`.

Only fixed lengths: weeks, days, hours, minutes and seconds (whole numbers). Years and months
have no fixed length, so a policy can not name them. A deadline lies between `MIN_SECONDS` (the
scanner runs once a minute: a shorter deadline could not be kept) and `MAX_SECONDS`.
Plain Python (no pydantic): the create path and the scanner read stored policies with it.
"""

from __future__ import annotations

import re

MIN_SECONDS = 60
MAX_SECONDS = 90 * 24 * 3600
DURATION = re.compile(
    r"^P(?:(?P<weeks>\d{1,3})W|(?:(?P<days>\d{1,3})D)?"
    r"(?:T(?:(?P<hours>\d{1,4})H)?(?:(?P<minutes>\d{1,6})M)?(?:(?P<seconds>\d{1,7})S)?)?)$"
)
# The same spelling as the OpenAPI document publishes it: ECMA-262, which JSON Schema validators
# and generated clients use, has no `(?P<name>...)` groups.
PUBLISHED_PATTERN = r"^P(?=\d|T\d)(?:\d{1,3}W|(?:\d{1,3}D)?(?:T(?=\d)(?:\d{1,4}H)?(?:\d{1,6}M)?(?:\d{1,7}S)?)?)$"
UNIT_SECONDS = {"weeks": 7 * 24 * 3600, "days": 24 * 3600, "hours": 3600, "minutes": 60, "seconds": 1}
RULE = (
    "an ISO 8601 duration of weeks, days, hours, minutes or seconds (PT15M, PT4H, P1DT12H, P1W), "
    f"from {MIN_SECONDS // 60} minute to {MAX_SECONDS // 86400} days"
)


def duration_seconds(text: str) -> int | None:
    """The length of a duration in seconds, or None when it is not one this API takes (see `RULE`)."""
    match = DURATION.match(text.strip().upper()) if isinstance(text, str) else None
    if match is None or text.strip().upper().endswith(("P", "T")):
        return None
    seconds = sum(int(value) * UNIT_SECONDS[unit] for unit, value in match.groupdict().items() if value)
    return seconds if MIN_SECONDS <= seconds <= MAX_SECONDS else None
