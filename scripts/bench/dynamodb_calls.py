"""DynamoDB calls per request (``dynamodb_calls``).

Counted in-process against moto (``mock_aws``) with a botocore ``before-call.dynamodb`` hook
on the layer's session (``incident_core.core.aws``), after a warm-up call of the same handler,
so lazy set-up is not counted. A call on the rate limits' table is named ``RATE_LIMIT_CALL``: the
report counts it apart from the calls on the incidents' table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scripts.bench.config import RATE_LIMIT_CALL, RATE_LIMIT_TABLE, REGION, TABLE
from scripts.bench.in_process import InProcessApi, environment, in_process_environment


class CallRecorder:
    """Records DynamoDB API calls by name through botocore's `before-call.dynamodb` event."""

    def __init__(self) -> None:
        self._calls: list[str] = []

    def record(self, **event: Any) -> None:
        """A `before-call` handler: botocore passes the operation's model as `model`, and as `params`
        the serialized request, whose JSON body names the table."""
        body = (event.get("params") or {}).get("body") or b""
        text = body.decode() if isinstance(body, bytes) else str(body)
        on_counters = f'"TableName": "{RATE_LIMIT_TABLE}"' in text or f'"TableName":"{RATE_LIMIT_TABLE}"' in text
        self._calls.append(RATE_LIMIT_CALL if on_counters else str(event["model"].name))

    def take(self) -> list[str]:
        """The calls recorded since the last take."""
        calls, self._calls = self._calls, []
        return calls


def count_dynamodb_calls(template: Mapping[str, Any]) -> dict[str, list[str]]:
    """DynamoDB calls of one create, get, list and analytics request each (after a warm-up call of each);
    analytics (`analytics`) reads counters, so its calls do not grow with the incidents created before it."""
    import boto3
    from moto import mock_aws

    from tests.support.template import table_definition

    recorder = CallRecorder()
    with environment(in_process_environment(None)), mock_aws():
        boto3.client("dynamodb", region_name=REGION).create_table(TableName=TABLE, **table_definition())
        boto3.client("dynamodb", region_name=REGION).create_table(
            TableName=RATE_LIMIT_TABLE, **table_definition("RateLimitTable")
        )
        # The layer's botocore session makes every client of the functions (the repository's
        # lazily, at first use), so the hook on it sees each of their calls.
        from incident_core.core import aws

        aws.session().register("before-call.dynamodb", recorder.record)
        try:
            api = InProcessApi()
            warm_id = api.create()
            api.call("get_incident", warm_id)
            api.call("list_incidents")
            api.call("get_incident_analytics")
            recorder.take()
            incident_id = api.create()
            calls = {"create_incident": recorder.take()}
            api.call("get_incident", incident_id)
            calls["get_incident"] = recorder.take()
            api.call("list_incidents")
            calls["list_incidents"] = recorder.take()
            api.call("get_incident_analytics")
            calls["analytics"] = recorder.take()
        finally:
            aws.session().unregister("before-call.dynamodb", recorder.record)
    return calls
