"""Typed records of a collection: versions, terms, values, dates and sources, with no I/O."""
