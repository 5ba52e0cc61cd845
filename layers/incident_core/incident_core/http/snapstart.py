"""SnapStart (stack parameter `EnableSnapStart`): what the snapshot of an API function holds.

With SnapStart, Lambda runs a published version's init once, snapshots the memory, and every
later cold start resumes that snapshot instead. Whatever the init did is then free; so, before
the snapshot, an API function also does the work its first request would otherwise pay for:

- the validator of each route's body model is built (the models defer it to their first use);
- botocore is imported and the DynamoDB client of the rate-limit counters made, which loads
  the service model every request's first call needs (the clients of the other repositories
  reuse the loaded model). No request is sent, so no connection outlives the snapshot.

Nothing needs redoing after a restore: ids and secrets come from `os.urandom` at the time they
are made, and botocore takes the credentials of a SnapStart function from the container
credentials endpoint, refreshed as they expire. The JWT secret is not read before the snapshot
(a secret in Secrets Manager or SSM is read by the first request, as without SnapStart).

The hooks come from `snapshot_restore_py`, which Lambda's managed Python runtimes ship; it is
imported only while a SnapStart version initializes (`Settings.snap_start`), never elsewhere.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from incident_core.core.settings import get_settings

if TYPE_CHECKING:
    from incident_core.http.router import IncidentApi

HOOKS_MODULE = "snapshot_restore_py"


def register(api: IncidentApi) -> bool:
    """Have `warm(api)` run before the snapshot when this init is a SnapStart one; whether it will."""
    if not get_settings().snap_start:
        return False
    try:
        hooks = importlib.import_module(HOOKS_MODULE)
    except ImportError:  # not a Lambda runtime: there is no snapshot to take
        return False
    hooks.register_before_snapshot(warm, api)
    return True


def warm(api: IncidentApi) -> None:
    """Build what `api`'s first request would: its body models' validators and the DynamoDB client."""
    for route in api.routes:
        if route.body is not None:
            route.body.model.model_rebuild(force=True)
    if any(route.permission for route in api.routes):
        from incident_core.storage.rate_counters import get_rate_counter_store

        get_rate_counter_store()
