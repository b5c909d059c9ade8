"""Typed records of a collection, and on them the one definition of its file formats; no I/O."""
