"""Comparing versions: the term-by-term diff, word diffs, a term's history and the change log. Pure: no I/O."""
