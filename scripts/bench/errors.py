"""The one error of the bench."""

from __future__ import annotations


class BenchError(RuntimeError):
    """The bench could not measure what it should (not a missed target)."""
