"""Reading a request body: its size, its text, and JSON with bounds checked before parsing.

Python's `json` parser recurses once per nesting level: a body of 10,000 nested arrays raises
`RecursionError`, and one of 5,000 parses, is stored, and then breaks every client that reads
it back. So the nesting depth is counted on the raw text first (`[` and `{` outside strings),
and a body deeper than `MAX_DEPTH` is refused before any object is built. Numbers are checked
as they are parsed: `NaN` and `Infinity` are not JSON (Python's parser takes them, and its
serializer would write them back), so a float must be finite (`1e400` overflows to infinity),
and an integer has at most 1,000 digits. Any other JSON number is kept: free-form values
(`raw_data`, an action result's `details`) are stored as JSON text, never as DynamoDB numbers,
and typed fields have their own bounds.

`parse_json` serves any JSON text that arrives from outside (an API body, an SNS message); it
raises `UnsafeJson` (a `ValueError`, like the parser's own errors) whose message completes
"Request body ..." in plain words.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from incident_core.core.errors import PayloadTooLarge, ValidationFailed
from incident_core.http.validation import body_error

MAX_DEPTH = 32  # levels of arrays and objects, the body itself being the first
MAX_INTEGER_DIGITS = 1000
NUMBER_RULE = f"numbers must be finite, and integers at most {MAX_INTEGER_DIGITS} digits long"
# What moves the depth count, and what can end or escape a string.
_STRUCTURE = re.compile(r'["\\\[\]{}]')


class UnsafeJson(ValueError):
    """JSON text this API does not parse: nested too deeply, or holding a number it can not keep."""


def parse_json(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of `text`, or ValueError (`UnsafeJson` for the bounds above)."""
    if nesting_depth_exceeds(text, max_depth):
        raise UnsafeJson(f"is nested more than {max_depth} levels deep (arrays and objects)")
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int)


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` in `text` (brackets inside strings do not count).

    One pass over the characters that matter (quotes, backslashes, brackets), found by a regular
    expression; no recursion, and linear whatever the text (an unterminated string included)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth, in_string, escaped_at = 0, False, -1
    for found in _STRUCTURE.finditer(text):
        character, at = found.group(), found.start()
        if in_string:
            if at == escaped_at:
                continue
            if character == "\\":
                escaped_at = at + 1
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > limit:
                return True
        elif character in "]}":
            depth -= 1
    return False


def _refuse_constant(name: str) -> Any:
    raise UnsafeJson(f"holds {name}, which is not a JSON number: {NUMBER_RULE}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeJson(f"holds a number out of range: {NUMBER_RULE}")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise UnsafeJson(f"holds a number out of range: {NUMBER_RULE}")
    return int(text)


# --- the request body of an API Gateway proxy event ---------------------------------------


def check_body_size(event: Mapping[str, Any], *, limit: int) -> None:
    """413 for a body over `limit` bytes (API Gateway's own limit is 10 MB; the emulator has none)."""
    body = event.get("body") or ""
    size = len(body.encode()) if isinstance(body, str) else 0
    if event.get("isBase64Encoded") and isinstance(body, str):
        size = len(body) * 3 // 4 - body[-2:].count("=")  # the decoded size, without decoding
    if size > limit:
        raise PayloadTooLarge(f"Request body is {size} bytes; the limit is {limit} bytes")


def body_text(event: Mapping[str, Any]) -> str:
    """The body as text ('' for none), decoded from base64 when API Gateway encoded it."""
    raw = event.get("body") or ""
    if raw and event.get("isBase64Encoded"):
        try:
            return base64.b64decode(raw, validate=True).decode()
        except (binascii.Error, ValueError):
            raise body_error("json_invalid") from None
    return str(raw)


def json_body(text: str) -> Any:
    """The JSON value of a request body; 400 in plain words when it is not JSON or not within bounds."""
    try:
        return parse_json(text)
    except UnsafeJson as error:
        raise ValidationFailed.for_field("body", f"Request body {error}") from None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError included
        raise body_error("json_invalid") from None
