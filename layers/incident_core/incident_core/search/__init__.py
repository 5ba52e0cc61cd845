"""Search: the index of incidents by tag, observable and word, its stream indexer and its lookups."""
