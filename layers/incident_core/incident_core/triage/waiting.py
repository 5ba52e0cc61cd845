"""A triage request answered synchronously: RFC 7240's `Prefer: wait=<seconds>`.

The run is queued as always; then the request reads the run item (one consistent GetItem
per poll, pauses from 25 ms doubling up to 250 ms) until the worker has finished it or
the wait runs out. A wait is capped at `MAX_WAIT_SECONDS`, well below the request
function's timeout (30 s in `template.yaml`), so the answer always leaves in time: the
finished run (200), or the run as it stands (202, as without the preference).

A preference the API does not understand is ignored, as RFC 7240 asks: a `wait` that is not
a whole number of seconds, other preferences (`respond-async`, ...), and every `wait` after
the first.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from incident_core.triage.repository import TriageRepository, get_triage_repository
from incident_core.triage.service import run_view

MAX_WAIT_SECONDS = 20
FIRST_PAUSE_SECONDS = 0.025
LONGEST_PAUSE_SECONDS = 0.25
FINISHED = ("completed", "failed")
_SECONDS = re.compile(r"[0-9]{1,9}")


def requested_wait(prefer: str | None) -> int | None:
    """The seconds of the first `wait` preference of a `Prefer` header, capped at `MAX_WAIT_SECONDS`;
    None without one, or when its value is not a whole number of seconds (ignored)."""
    for preference in (prefer or "").split(","):
        name, _, value = preference.split(";")[0].partition("=")
        if name.strip().lower() != "wait":
            continue
        value = value.strip().strip('"')
        return min(int(value), MAX_WAIT_SECONDS) if _SECONDS.fullmatch(value) else None
    return None


def wait_for_run(
    run: Mapping[str, Any],
    *,
    org_id: str,
    seconds: float,
    repository: TriageRepository | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """The run (as `run_view` shows it) once finished, else as it stands when `seconds` have passed."""
    repository = repository or get_triage_repository()
    current = dict(run)
    deadline = clock() + seconds
    pause = FIRST_PAUSE_SECONDS
    while current["status"] not in FINISHED:
        remaining = deadline - clock()
        if remaining <= 0:
            break
        sleep(min(pause, remaining))
        pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
        found = repository.get_run(org_id=org_id, incident_id=current["incident_id"], triage_id=current["triage_id"])
        if found is None:  # runs are never removed; should one be, there is nothing left to wait for
            break
        current = run_view(found)
    return current
