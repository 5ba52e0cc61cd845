"""AWS clients of the layer, made by one botocore session.

botocore directly, not boto3: importing boto3 also imports s3transfer and its concurrency
machinery, about 15-25 ms of every cold start, and nothing here uses boto3's resources.
The region comes from the settings; credentials and endpoints from the environment, read by
botocore itself exactly as boto3 does (`AWS_ENDPOINT_URL[_<SERVICE>]`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.session import Session


@lru_cache(maxsize=1)
def session() -> Session:
    """The process's botocore session (the bench registers its call counter on it)."""
    from botocore.session import get_session

    return get_session()


def client(service: str, *, config: Config | None = None) -> Any:
    """A client of `service` in the function's region (typed by the caller as its mypy-boto3 client)."""
    from incident_core.core.settings import get_settings

    return session().create_client(service, region_name=get_settings().aws_region, config=config)
