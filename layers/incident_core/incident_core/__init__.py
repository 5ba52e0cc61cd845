"""Shared domain library of the incident API: models, auth, storage and HTTP glue."""

__version__ = "0.1.0"
