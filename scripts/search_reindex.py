#!/usr/bin/env python3
"""Index the incidents stored before the search index existed (after upgrading a stack).

    .venv/bin/python -m scripts.search_reindex --table <the stack's TableName output>

AWS credentials and region come from the environment as for any boto3 tool (`AWS_PROFILE`,
`AWS_REGION`; `AWS_ENDPOINT_URL` for MiniStack). Safe to run again: what is indexed is skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

from incident_core.search.backfill import reindex_table
from incident_core.search.store import SearchIndexStore


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--table", required=True, help="the incidents table (the stack's TableName output)")
    parser.add_argument("--segments", type=int, default=4, help="parallel Scan segments (default 4)")
    arguments = parser.parse_args(argv)
    report = reindex_table(SearchIndexStore(table_name=arguments.table), segments=max(1, arguments.segments))
    print(json.dumps(asdict(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
