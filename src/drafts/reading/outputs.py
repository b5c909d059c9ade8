"""Where a report may be written: never over a file the collection is made of.

`--output drafts/v3.yaml` (or the registry, or an archived report) would destroy the evidence
the report was built from, and the collection would no longer load. Every file directly in
drafts/ and seeds/ is the collection's, and so is any new name there (a stray file in drafts/
would be read as a version); the same file reached through a symlink or a hard link is too.
"""

from __future__ import annotations

import os
from pathlib import Path

from drafts.errors import Problem, UsageError

_FOLDERS = ("drafts", "seeds")


def refuse_collection_file(root: Path, target: Path, *, label: str | None = None) -> None:
    """UsageError when writing `target` would replace or add a file of the collection at `root`."""
    name = label or str(target)
    real = Path(os.path.realpath(target))
    for folder in _FOLDERS:
        inside = Path(os.path.realpath(root / folder))
        if real.parent == inside or real == inside:
            raise _refusal(name, folder)
    try:
        found = os.stat(target)
    except OSError:
        return
    for folder in _FOLDERS:
        try:
            entries = list(os.scandir(root / folder))
        except OSError:
            continue
        for entry in entries:
            try:
                same = entry.is_file() and os.path.samestat(entry.stat(), found)
            except OSError:
                continue
            if same:
                raise _refusal(name, folder)


def _refusal(name: str, folder: str) -> UsageError:
    return UsageError(
        Problem(
            f"is a file of the collection ({folder}/); not writing a report over it",
            name,
            hint="write the report outside drafts/ and seeds/, e.g. -o report.md",
        )
    )
