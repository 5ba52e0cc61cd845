"""Faults for AWS calls, answered by a botocore `before-send` hook in moto's place.

The hook is registered on a botocore session for each service (`before-send.dynamodb`, ...),
which botocore calls before moto's own `before-send` hook. botocore calls every `before-send`
hook and takes the first answer, so a faulted request is also re-addressed to a host moto does
not serve: moto then leaves it alone (nothing is written), and botocore handles our answer like
any other: it retries what its retry mode retries (the Stubber, which answers before the retry
loop, could not show that) and raises the rest as a `ClientError`. A call no fault takes goes
on to moto unchanged.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError
from moto.core.botocore_stubber import MockRawResponse

if TYPE_CHECKING:
    from botocore.session import Session

# The JSON protocols' error type prefix, per service (the code is what follows the `#`).
ERROR_TYPE_PREFIX = {"dynamodb": "com.amazonaws.dynamodb.v20120810", "sqs": "com.amazonaws.sqs"}
SERVICES = ("dynamodb", "sqs")
UNSERVED_URL = "http://injected-fault.invalid/"


class Ledger(Protocol):
    def inject(self, kind: str, count: int = 1) -> None: ...


@dataclass
class Fault:
    """Answer `times` calls of `service.operation` (None: every call) with `status` and `body`."""

    service: str
    operation: str
    status: int
    body: dict[str, Any]
    times: int | None
    kind: str
    answered: int = 0
    unreachable: bool = False  # no answer at all: botocore's `EndpointConnectionError`
    only_to: str | None = None  # only calls whose request names this (a queue URL, a table name)

    def takes(self, service: str, operation: str, body: bytes) -> bool:
        return (
            (self.service, self.operation) == (service, operation)
            and (self.times is None or self.answered < self.times)
            and (self.only_to is None or json.dumps(self.only_to).encode() in body)
        )


@dataclass
class AwsFaults:
    """The faults in force, and every call the layer made, per `service.Operation`."""

    ledger: Ledger
    faults: list[Fault] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    order: list[str] = field(default_factory=list)
    _session: Session | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def error(
        self,
        service: str,
        operation: str,
        code: str,
        *,
        status: int = 400,
        times: int | None = None,
        only_to: str | None = None,
        **fields: Any,
    ) -> Fault:
        """Fail calls with an AWS error `code` (more fields of its body, e.g. `CancellationReasons`);
        with `only_to`, only the calls whose request names it (a queue's URL)."""
        body = {"__type": f"{ERROR_TYPE_PREFIX[service]}#{code}", "message": f"injected fault: {code}", **fields}
        kind = f"{service}.{operation}: {code}"
        return self._add(Fault(service, operation, status, body, times, kind=kind, only_to=only_to))

    def answer(
        self,
        service: str,
        operation: str,
        body: dict[str, Any],
        *,
        kind: str,
        times: int | None = 1,
        only_to: str | None = None,
    ) -> Fault:
        """Answer calls with a 200 and `body` of our own (e.g. a `SendMessageBatch` listing `Failed` entries)."""
        fault = Fault(service, operation, 200, body, times, kind=f"{service}.{operation}: {kind}", only_to=only_to)
        return self._add(fault)

    def unreachable(self, service: str, operation: str, *, times: int | None = None) -> Fault:
        """Calls that get no answer at all (the connection fails), as when the endpoint is down."""
        kind = f"{service}.{operation}: no answer"
        return self._add(Fault(service, operation, 0, {}, times, kind=kind, unreachable=True))

    def clear(self) -> None:
        """No more faults: every call goes to moto again."""
        with self._lock:
            self.faults.clear()

    def forget_calls(self) -> None:
        """Count calls from here on (a test's setup made its own)."""
        with self._lock:
            self.calls.clear()
            self.order.clear()

    def count(self, service: str, operation: str) -> int:
        return self.calls[f"{service}.{operation}"]

    def writes(self, service: str = "dynamodb") -> list[str]:
        """The write operations called, in order (every answer, faulted or not)."""
        written = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")
        return [
            name.split(".", 1)[1] for name in self.order if name.startswith(f"{service}.") and name.endswith(written)
        ]

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def install(self, session: Session) -> None:
        self._session = session
        handler: Any = self._before_send  # botocore's stubs type handlers as taking only **kwargs
        for service in SERVICES:
            session.register(f"before-send.{service}", handler, unique_id=f"fault-injection-{service}")

    def remove(self) -> None:
        if self._session is not None:
            for service in SERVICES:
                self._session.unregister(f"before-send.{service}", unique_id=f"fault-injection-{service}")
        self._session = None

    def _before_send(self, request: Any, event_name: str, **_: Any) -> AWSResponse | None:
        service, operation = event_name.split(".")[1:3]
        with self._lock:
            self.calls[f"{service}.{operation}"] += 1
            self.order.append(f"{service}.{operation}")
            body = request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
            fault = next((fault for fault in self.faults if fault.takes(service, operation, body)), None)
            if fault is None:
                return None  # moto answers
            fault.answered += 1
        self.ledger.inject(fault.kind)
        if fault.unreachable:
            raise EndpointConnectionError(endpoint_url=request.url)
        request.url = UNSERVED_URL  # so moto, called after us, does not carry the request out
        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "injected-fault"}
        raw = MockRawResponse(json.dumps(fault.body))
        return AWSResponse(request.url, fault.status, headers, raw)  # type: ignore[arg-type]


class BackoffRecorder:
    """Stands in for `time` in `botocore.endpoint`: records the retry delays instead of sleeping them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def transaction_cancelled(*reasons: str) -> dict[str, Any]:
    """The body fields of a `TransactionCanceledException` with one reason per item."""
    return {"CancellationReasons": [{"Code": reason} for reason in reasons]}
