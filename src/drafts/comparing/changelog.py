"""The change log: every consecutive pair of versions, oldest first. Pure: no I/O, no rendering."""

from __future__ import annotations

from itertools import pairwise

from drafts.comparing.diff import VersionDiff, compare
from drafts.errors import UsageError
from drafts.records.model import Collection, Version


def log_range(collection: Collection, since: str | None = None, until: str | None = None) -> tuple[Version, ...]:
    """The versions from `since` to `until` inclusive (default: all); references as in resolve()."""
    if not collection.versions:
        return ()
    first = collection.resolve(since) if since is not None else collection.versions[0]
    last = collection.resolve(until) if until is not None else collection.versions[-1]
    start, end = collection.index[first.id], collection.index[last.id]
    if start > end:
        raise UsageError.at(
            f"--since {first.id} comes after --until {last.id}",
            hint="versions run oldest first: swap the two references",
        )
    return collection.versions[start : end + 1]


def change_log(
    collection: Collection, versions: tuple[Version, ...], *, text_diffs: bool = False
) -> tuple[VersionDiff, ...]:
    """One diff per consecutive pair of `versions` (which must be consecutive in the collection).

    The log's lines do not show word-level edits, so they are computed only when asked for (the
    HTML page's redlines)."""
    return tuple(compare(collection, a, b, text_diffs=text_diffs) for a, b in pairwise(versions))
