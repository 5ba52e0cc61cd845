"""Search indexer: incident items from the table's stream -> the search index items (`search/`)."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from incident_core.core.observability import logger
from incident_core.search.indexer import index_stream_batch


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    return index_stream_batch(event)
