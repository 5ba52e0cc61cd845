"""storage/idempotency: the key rule, the fingerprint, and how `once` answers (with an in-memory fake store)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from incident_core.core.auth import Principal
from incident_core.core.errors import Conflict, IdempotencyKeyReused, ValidationFailed
from incident_core.http.responses import Response, created
from incident_core.storage import idempotency
from incident_core.storage.idempotency import DONE, IN_FLIGHT, FirstAnswer, IdempotencyStore

ALICE = Principal(sub="alice", org_id="acme", permissions=frozenset())
BOB = Principal(sub="bob", org_id="acme", permissions=frozenset())


class FakeIdempotencyStore(IdempotencyStore):
    """The records in a dict, with the conditions the DynamoDB store writes them under."""

    def __init__(self) -> None:
        super().__init__(table_name="fake", client=object())  # type: ignore[arg-type]
        self.records: dict[tuple[str, str], dict[str, Any]] = {}

    def claim(self, *, org_id: str, scoped: str, fingerprint: str, now: int) -> bool:
        held = self.records.get((org_id, scoped))
        free = held is None or (
            held["state"] == IN_FLIGHT and held["lease_until"] < now and held["fingerprint"] == fingerprint
        )
        if free:
            self.records[(org_id, scoped)] = {
                "state": IN_FLIGHT,
                "fingerprint": fingerprint,
                "lease_until": now + idempotency.LEASE_SECONDS,
            }
        return free

    def finish(self, *, org_id: str, scoped: str, fingerprint: str, answer: FirstAnswer, now: int) -> None:
        assert self.records[(org_id, scoped)]["fingerprint"] == fingerprint
        self.records[(org_id, scoped)] = {
            "state": DONE,
            "fingerprint": fingerprint,
            "status_code": answer.status_code,
            "body": answer.body,
            "headers_json": json.dumps(answer.headers),
        }

    def release(self, *, org_id: str, scoped: str, fingerprint: str, now: int) -> None:
        self.records[(org_id, scoped)]["lease_until"] = 0

    def record(self, *, org_id: str, scoped: str) -> dict[str, Any] | None:
        return self.records.get((org_id, scoped))


class Creator:
    """A create that counts its runs and answers a new resource each time."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> Response[Any]:
        self.runs += 1
        return created({"id": f"res-{self.runs}"}, location=f"/things/res-{self.runs}", headers={"ETag": '"1"'})


def _once(
    store: FakeIdempotencyStore,
    create: Any,
    *,
    key: str | None = "k-1",
    body: Any = None,
    who: Principal = ALICE,
    now: float = 1_000_000.0,
) -> Response[Any]:
    return idempotency.once(
        principal=who,
        route="POST /things",
        key=key,
        request=body or {"name": "a"},
        create=create,
        store=store,
        clock=lambda: now,
    )


@pytest.mark.parametrize("key", ["a", "x" * 255, "0f8fad5b-d9cb-469f-a165-70867728950e", "with space", "~!@#$%^&*()"])
def test_keys_of_printable_ascii_up_to_255_characters_pass(key: str) -> None:
    assert idempotency.checked_key(key) == key


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there", "new\nline", "del\x7f", "caf\u00e9", "nul\x00"])
def test_an_unbounded_or_control_character_key_is_refused_400(key: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        idempotency.checked_key(key)
    assert caught.value.details == [{"field": "Idempotency-Key", "message": idempotency.KEY_RULE_TEXT}]


def test_the_fingerprint_ignores_key_order_and_spacing_but_not_values() -> None:
    sent = idempotency.sent_body('{"a": 1, "b": [1, 2]}')
    assert idempotency.fingerprint(sent) == idempotency.fingerprint(idempotency.sent_body('{"b":[1,2],"a":1}'))
    assert idempotency.fingerprint(sent) != idempotency.fingerprint(idempotency.sent_body('{"a": 2, "b": [1, 2]}'))
    assert idempotency.sent_body("not json") == "not json" and idempotency.sent_body("") is None


def test_the_scoped_key_differs_per_caller_and_route_and_is_bounded() -> None:
    keys = {
        idempotency.scoped_key(ALICE, "POST /things", "k"),
        idempotency.scoped_key(BOB, "POST /things", "k"),
        idempotency.scoped_key(ALICE, "POST /other", "k"),
    }
    assert len(keys) == 3 and all(len(key) == 40 for key in keys)


def test_without_a_key_every_call_creates_and_nothing_is_stored_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()
    _once(store, create, key=None)
    _once(store, create, key=None)
    assert create.runs == 2 and store.records == {}


def test_the_same_key_and_body_replays_status_body_and_headers_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()
    first = _once(store, create)
    again = _once(store, create)
    assert create.runs == 1
    assert (again.status_code, again.body) == (first.status_code, first.body)
    assert again.headers == {"Location": "/things/res-1", "ETag": '"1"', "Idempotent-Replayed": "true"}
    assert "Idempotent-Replayed" not in first.headers


def test_the_same_key_with_another_body_is_422_key_reused_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()
    _once(store, create)
    with pytest.raises(IdempotencyKeyReused) as caught:
        _once(store, create, body={"name": "b"})
    assert (caught.value.status_code, caught.value.code, create.runs) == (422, "IDEMPOTENCY_KEY_REUSED", 1)


def test_a_request_in_flight_makes_the_second_409_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()
    seen: list[int] = []

    def first_create() -> Response[Any]:
        with pytest.raises(Conflict) as caught:
            _once(store, create)  # the retry arrives while the first still runs
        seen.append(caught.value.status_code)
        return create()

    _once(store, first_create)
    assert seen == [409] and create.runs == 1
    assert _once(store, create).headers["Idempotent-Replayed"] == "true"


def test_a_failed_create_is_not_kept_and_a_retry_runs_again_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()

    def failing() -> Response[Any]:
        raise Conflict("the incident is resolved")

    with pytest.raises(Conflict):
        _once(store, failing)
    answer = _once(store, create)
    assert create.runs == 1 and "Idempotent-Replayed" not in answer.headers


def test_a_claim_whose_lease_ended_is_taken_over_by_the_same_request_only_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()
    scoped = idempotency.scoped_key(ALICE, "POST /things", "k-1")
    store.claim(org_id="acme", scoped=scoped, fingerprint=idempotency.fingerprint({"name": "a"}), now=0)
    with pytest.raises(IdempotencyKeyReused):
        _once(store, create, body={"name": "other"})
    answer = _once(store, create, now=idempotency.LEASE_SECONDS + 1)  # the first died: its lease is over
    assert create.runs == 1 and answer.status_code == 201


def test_another_caller_with_the_same_key_is_independent_in_fake_store() -> None:
    store, create = FakeIdempotencyStore(), Creator()
    mine, theirs = _once(store, create), _once(store, create, who=BOB, body={"name": "b"})
    assert create.runs == 2 and mine.body != theirs.body and "Idempotent-Replayed" not in theirs.headers


class BrokenFinishStore(FakeIdempotencyStore):
    """A fake store whose write of the answer fails as DynamoDB would (throttled past botocore's retries)."""

    def finish(self, *, org_id: str, scoped: str, fingerprint: str, answer: FirstAnswer, now: int) -> None:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "PutItem")


def test_a_record_that_can_not_be_kept_after_the_create_still_answers_the_create_in_fake_store() -> None:
    store, create = BrokenFinishStore(), Creator()
    answer = _once(store, create)
    assert answer.status_code == 201 and create.runs == 1
    with pytest.raises(Conflict):  # within the lease the retry waits (409), it does not create again
        _once(store, create)
    assert create.runs == 1
