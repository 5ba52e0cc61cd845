"""The layer's own DynamoDB marshaller: boto3's wire format without importing boto3."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeSerializer

from incident_core.storage.dynamo import attribute_value, marshal, plain, unmarshal

SAMPLES: list[Any] = [
    None,
    True,
    False,
    "",
    "text with ünïcode",
    0,
    -17,
    10**20,
    Decimal("3.14159"),
    b"\x00\x01bytes",
    [],
    ["a", 1, None, {"nested": [True]}],
    {},
    {"title": "t", "count": 3, "tags": ["x", "y"], "raw": {"deep": {"deeper": [1, 2]}}},
    {"b", "a", "c"},
    {1, 2, 3},
    {b"x", b"y"},
]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_matches_boto3_type_serializer(value: Any) -> None:
    expected: dict[str, Any] = dict(TypeSerializer().serialize(value))
    got = attribute_value(value)
    if "SS" in expected or "NS" in expected or "BS" in expected:
        kind = next(iter(expected))
        assert sorted(got[kind]) == sorted(expected[kind])
    elif "B" in expected:
        assert got == {"B": bytes(expected["B"])}
    else:
        assert got == expected


def test_floats_are_stored_as_their_exact_decimal_text() -> None:
    assert attribute_value(0.1) == {"N": "0.1"}
    assert attribute_value({"score": 0.875}) == {"M": {"score": {"N": "0.875"}}}


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, set(), {"a", 1}, object()], ids=repr)
def test_refuses_what_dynamodb_can_not_store(value: Any) -> None:
    with pytest.raises(TypeError):
        attribute_value(value)


def test_round_trip_through_the_deserializer() -> None:
    item = {"id": "i-1", "version": 3, "score": 0.5, "tags": ["a"], "meta": {"ok": True, "none": None}}
    assert plain(unmarshal(marshal(item))) == item
