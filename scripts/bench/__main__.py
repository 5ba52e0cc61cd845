"""`make bench`: ``python -m scripts.bench [--samples N] [--skip-webhook-latency] ...`` (see ``cli``)."""

from __future__ import annotations

import sys

from scripts.bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
