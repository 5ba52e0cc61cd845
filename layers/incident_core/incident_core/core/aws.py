"""AWS clients of the layer, made by one botocore session.

botocore directly, not boto3: importing boto3 also imports s3transfer and its concurrency
machinery, about 15-25 ms of every cold start, and nothing here uses boto3's resources.
The region comes from the settings; credentials and endpoints from the environment, read by
botocore itself exactly as boto3 does (`AWS_ENDPOINT_URL[_<SERVICE>]`).

Every client retries the same way (`RETRIES`): botocore's standard mode, which retries
throttling (`ProvisionedThroughputExceededException`, `ThrottlingException`,
`RequestLimitExceeded`, ...), 5xx answers and dropped connections with exponential backoff and
jitter, within a retry quota. Without it botocore's legacy mode retries DynamoDB ten times, with
a backoff that can outlast an API function's 10 s timeout. What still fails is the caller's:
the API answers 503 with `Retry-After` (`core.errors.unavailable_error`), a worker fails the
record so its queue or stream retries it.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.config import Config, _RetryDict
    from botocore.session import Session

# The call and two retries: with standard mode's backoff (a random 0-1 s, then 0-2 s) a request
# gives up within about 3 s, well inside an API function's timeout.
TOTAL_ATTEMPTS = 3
RETRIES: _RetryDict = {"mode": "standard", "total_max_attempts": TOTAL_ATTEMPTS}
# A botocore session is not safe to make clients from on several threads at once (the event router
# makes its first triage and delivery clients side by side); a made client is.
_CREATING = threading.Lock()


@lru_cache(maxsize=1)
def session() -> Session:
    """The process's botocore session (the bench registers its call counter on it)."""
    from botocore.session import get_session

    return get_session()


def client(service: str, *, config: Config | None = None) -> Any:
    """A client of `service` in the function's region (typed by the caller as its mypy-boto3 client),
    retrying as `RETRIES` says unless `config` names its own retries."""
    from botocore.config import Config

    from incident_core.core.settings import get_settings

    retrying = Config(retries=RETRIES.copy())
    merged = retrying.merge(config) if config is not None else retrying
    with _CREATING:
        return session().create_client(service, region_name=get_settings().aws_region, config=merged)
