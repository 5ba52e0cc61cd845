"""Signed cursors and the wording of validation errors."""

from __future__ import annotations

import pytest

from incident_core.core.errors import ValidationFailed
from incident_core.core.paging import QueryParams, decode_cursor, encode_cursor
from incident_core.http.validation import validation_detail


def test_cursor_round_trip_and_tampering() -> None:
    payload = {"i": "by_org", "k": {"pk": "ORG#acme#INC#1", "sk": "INCIDENT"}, "f": "abc"}
    cursor = encode_cursor(payload, secret=b"k1")
    assert decode_cursor(cursor, secret=b"k1") == payload
    with pytest.raises(ValidationFailed):
        decode_cursor(cursor, secret=b"k2")
    _, _, signature = cursor.partition(".")
    forged_body = encode_cursor({**payload, "k": {"pk": "ORG#globex#INC#1", "sk": "INCIDENT"}}, secret=b"x").split(".")[
        0
    ]
    with pytest.raises(ValidationFailed):
        decode_cursor(f"{forged_body}.{signature}", secret=b"k1")
    with pytest.raises(ValidationFailed):
        decode_cursor("no-signature", secret=b"k1")


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("2026-03-01", "2026-03-01T00:00:00.000Z"),
        ("2026-03-01T12:00:00+02:00", "2026-03-01T10:00:00.000Z"),
        ("0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00.000Z"),  # before year 1 in UTC: the earliest moment
        ("9999-12-31T23:00:00-02:00", "9999-12-31T23:59:59.999Z"),  # after 9999 in UTC: the latest
    ],
)
def test_timestamps_are_read_in_utc_within_the_calendar(value: str, read: str) -> None:
    assert QueryParams({"created_after": [value]}).timestamp("created_after") == read


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"type": "missing", "loc": ("body", "title")}, {"field": "title", "message": "title is required"}),
        (
            {"type": "string_too_short", "loc": ("body", "description"), "ctx": {"min_length": 10}},
            {"field": "description", "message": "description must be at least 10 characters"},
        ),
        (
            {"type": "string_too_short", "loc": ("body", "title"), "ctx": {"min_length": 1}},
            {"field": "title", "message": "title must not be empty"},
        ),
        (
            {"type": "extra_forbidden", "loc": ("body", "org_id")},
            {"field": "org_id", "message": "org_id is read-only and can not be set"},
        ),
        (
            {"type": "extra_forbidden", "loc": ("body", "foo")},
            {"field": "foo", "message": "foo is not an allowed field"},
        ),
        (
            {"type": "too_long", "loc": ("body", "tags"), "ctx": {"max_length": 20}},
            {"field": "tags", "message": "tags must have at most 20 items"},
        ),
        (
            {"type": "string_type", "loc": ("body", "tags", 2)},
            {"field": "tags[2]", "message": "tags[2] must be a string"},
        ),
        ({"type": "json_invalid", "loc": ("body", 7)}, {"field": "body", "message": "Request body is not valid JSON"}),
        (
            {"type": "model_attributes_type", "loc": ("body",)},
            {"field": "body", "message": "Request body must be a JSON object"},
        ),
        ({"type": "missing", "loc": ("body",)}, {"field": "body", "message": "Request body is required"}),
        (
            {"type": "enum", "loc": ("body", "classification"), "ctx": {"expected": "'a', 'b' or 'c'"}},
            {"field": "classification", "message": "classification must be one of: a, b, c"},
        ),
        (
            {"type": "severity", "loc": ("body", "severity"), "msg": "severity must be one of: low"},
            {"field": "severity", "message": "severity must be one of: low"},
        ),
    ],
)
def test_validation_messages(error: dict[str, object], expected: dict[str, str]) -> None:
    assert validation_detail(error) == expected
