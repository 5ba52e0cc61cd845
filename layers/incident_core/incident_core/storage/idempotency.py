"""`Idempotency-Key` on the POSTs that create: the same key and body answer the first answer.

One record per caller, route and key (`idempotency_pk`: the org's partition, a hash of the
caller's `sub`, the route and the key), holding the request's fingerprint (a hash of its path
parameters and body) and, once the request has answered, that answer: status, body text and
the headers a replay needs (`Location`, `ETag`). Nothing else, so a record stays far below
DynamoDB's 400 KB item limit (request bodies are limited by `MAX_BODY_BYTES`, answers of a
create are one resource).

How a request with a key runs (`once`):

1. A conditional Put claims the key (`in_flight`, with a lease of `LEASE_SECONDS`).
2. When the claim fails the record is read: another body is 422 `IDEMPOTENCY_KEY_REUSED`; a
   request still in flight is 409 `CONFLICT`; a finished one is replayed (its status, body and
   headers, plus `Idempotent-Replayed: true`).
3. The create runs; its answer is stored on the record (a Put conditional on our claim). An
   error answer is not kept: the claim's lease is dropped, so a retry with the key runs again.

The claim is a separate write from the create's own transaction: the create paths (incident,
comment, webhook, attachment, event) keep their transactions as they are and any of them can
adopt the key with one call in its handler. What that costs: a Lambda that dies between its
create and storing the answer leaves the key `in_flight` until the lease ends (409 meanwhile);
after it a retry creates again. Records expire after `RECORD_TTL_SECONDS` (the table's TTL
attribute `expires_at`). Actions keep their own record, written in the action's transaction
(`actions/repository.py`), with this module's key rule, fingerprint and 422.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from incident_core.core.errors import Conflict, IdempotencyKeyReused, ValidationFailed
from incident_core.core.observability import logger
from incident_core.core.settings import get_settings
from incident_core.http.responses import Response
from incident_core.storage.dynamo import DynamoTable, is_condition_failure, item_key, marshal
from incident_core.storage.keys import idempotency_pk

if TYPE_CHECKING:
    from incident_core.core.auth import Principal

HEADER = "Idempotency-Key"
REPLAYED = {"Idempotent-Replayed": "true"}
# What clients send (UUIDs, ULIDs, request ids): text in a header (no control characters, no
# DEL), nothing unbounded.
KEY_RULE = re.compile(r"[\x20-\x7e]{1,255}")
KEY_RULE_TEXT = "Idempotency-Key must be 1 to 255 printable ASCII characters"
RECORD_SK = "RECORD"
RECORD_TTL_SECONDS = 24 * 3600
# Longer than any API function runs (API Gateway gives up after 29 s).
LEASE_SECONDS = 60
REPLAYED_HEADERS = ("Location", "ETag")
IN_FLIGHT, DONE = "in_flight", "done"


def checked_key(key: str | None) -> str | None:
    """The key as sent (None without one); 400 for one that breaks the rule."""
    if key is not None and not KEY_RULE.fullmatch(key):
        raise ValidationFailed.for_field(HEADER, KEY_RULE_TEXT)
    return key


def sent_body(text: str) -> Any:
    """A request body as sent, for its fingerprint: its JSON value (key order and spacing aside;
    defaults a model fills in, like a generated id, are not part of it), else the text itself."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def fingerprint(request: Any) -> str:
    """A hash of what a request asks for (its path parameters and body as sent, as JSON values)."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def scoped_key(principal: Principal, route: str, key: str) -> str:
    """The key of one caller on one route: the same key elsewhere is another record."""
    return hashlib.sha256(f"{principal.sub}\0{route}\0{key}".encode()).hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class FirstAnswer:
    status_code: int
    body: str
    headers: dict[str, str]


class IdempotencyStore(DynamoTable):
    """The records, one item each: `ORG#<org>#IDEMPOTENCY#<scoped key>` / `RECORD`."""

    def claim(self, *, org_id: str, scoped: str, fingerprint: str, now: int) -> bool:
        """Take the key for a new request: True unless a record holds it (finished, or in flight within its lease)."""
        item = {
            "pk": idempotency_pk(org_id, scoped),
            "sk": RECORD_SK,
            "entity": "idempotency",
            "state": IN_FLIGHT,
            "fingerprint": fingerprint,
            "lease_until": now + LEASE_SECONDS,
            "expires_at": now + RECORD_TTL_SECONDS,
        }
        return self._put(
            item,
            "attribute_not_exists(pk) OR (#state = :in_flight AND lease_until < :now AND fingerprint = :fingerprint)",
            {":in_flight": IN_FLIGHT, ":now": now, ":fingerprint": fingerprint},
        )

    def finish(self, *, org_id: str, scoped: str, fingerprint: str, answer: FirstAnswer, now: int) -> None:
        """Keep the answer (only while our claim holds the key)."""
        item = {
            "pk": idempotency_pk(org_id, scoped),
            "sk": RECORD_SK,
            "entity": "idempotency",
            "state": DONE,
            "fingerprint": fingerprint,
            "status_code": answer.status_code,
            "body": answer.body,
            "headers_json": json.dumps(answer.headers, separators=(",", ":")),
            "expires_at": now + RECORD_TTL_SECONDS,
        }
        self._put(item, "#state = :in_flight AND fingerprint = :fingerprint", self._ours(fingerprint))

    def release(self, *, org_id: str, scoped: str, fingerprint: str, now: int) -> None:
        """Drop our claim's lease after an error answer: a retry runs the request again."""
        item = {
            "pk": idempotency_pk(org_id, scoped),
            "sk": RECORD_SK,
            "entity": "idempotency",
            "state": IN_FLIGHT,
            "fingerprint": fingerprint,
            "lease_until": 0,
            "expires_at": now + RECORD_TTL_SECONDS,
        }
        self._put(item, "#state = :in_flight AND fingerprint = :fingerprint", self._ours(fingerprint))

    def record(self, *, org_id: str, scoped: str) -> dict[str, Any] | None:
        return self.get_fields(item_key(idempotency_pk(org_id, scoped), RECORD_SK))

    @staticmethod
    def _ours(fingerprint: str) -> dict[str, Any]:
        return {":in_flight": IN_FLIGHT, ":fingerprint": fingerprint}

    def _put(self, item: Mapping[str, Any], condition: str, values: Mapping[str, Any]) -> bool:
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=marshal(item),
                ConditionExpression=condition,
                ExpressionAttributeNames={"#state": "state"},
                ExpressionAttributeValues=marshal(values),
            )
        except ClientError as error:
            if is_condition_failure(error):
                return False
            raise
        return True


@lru_cache(maxsize=1)
def get_idempotency_store() -> IdempotencyStore:
    return IdempotencyStore(table_name=get_settings().table_name)


def _replay(record: Mapping[str, Any], fingerprint: str) -> Response[Any]:
    if record.get("fingerprint") != fingerprint:
        raise IdempotencyKeyReused("Idempotency-Key was used for a different request: use a new key")
    if record.get("state") != DONE:
        raise Conflict("A request with this Idempotency-Key is in progress: retry in a moment")
    headers = json.loads(str(record.get("headers_json") or "{}"))
    return Response(status_code=int(record["status_code"]), body=str(record["body"]), headers={**headers, **REPLAYED})


def once[DataT](
    *,
    principal: Principal,
    route: str,
    key: str | None,
    request: Any,
    create: Callable[[], Response[DataT]],
    store: IdempotencyStore | None = None,
    clock: Callable[[], float] = time.time,
) -> Response[DataT]:
    """Answer `create()`; with a key, answer a repeated request (same caller, route, key and
    `request`) with the first answer instead of creating again."""
    if checked_key(key) is None:
        return create()
    assert key is not None
    store = store or get_idempotency_store()
    scoped, print_ = scoped_key(principal, route, key), fingerprint(request)
    if not store.claim(org_id=principal.org_id, scoped=scoped, fingerprint=print_, now=int(clock())):
        record = store.record(org_id=principal.org_id, scoped=scoped)
        if record is None:  # expired between the two calls: as if never used
            return once(
                principal=principal, route=route, key=key, request=request, create=create, store=store, clock=clock
            )
        return _replay(record, print_)
    try:
        answer = create()
    except BaseException:
        _unless_failing(
            lambda: store.release(org_id=principal.org_id, scoped=scoped, fingerprint=print_, now=int(clock()))
        )
        raise
    kept = {name: answer.headers[name] for name in REPLAYED_HEADERS if name in answer.headers}
    first = FirstAnswer(status_code=answer.status_code, body=answer.body, headers=kept)
    # The create is done: a record that can not be written is logged, not the request's failure
    # (a retry within the lease is 409; after it the retry creates again).
    _unless_failing(
        lambda: store.finish(org_id=principal.org_id, scoped=scoped, fingerprint=print_, answer=first, now=int(clock()))
    )
    return answer


def _unless_failing(write: Callable[[], None]) -> None:
    """Run a bookkeeping write of the record; its failure is logged, never the request's answer."""
    try:
        write()
    except ClientError as error:
        logger.warning("Idempotency-Key record not written", extra={"error": str(error)})
