"""`make local` / `make stop`: ``python -m scripts.local_stack up|status|down`` (see ``cli``)."""

from __future__ import annotations

import sys

from scripts.local_stack.cli import main

if __name__ == "__main__":
    sys.exit(main())
