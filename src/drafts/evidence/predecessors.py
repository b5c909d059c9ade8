"""Which version comes before a checked file, without reading the whole collection in full.

`drafts check FILE` compares the file with the version before it (carried sources). The other
versions are ordered by their `date:` line alone, read in full only when that line is not plain,
and only the predecessor is loaded, so checking one file of a large collection stays quick.
"""

from __future__ import annotations

import re
from pathlib import Path

from drafts.reading.loader import load_version, valid_version_id, version_files
from drafts.reading.parsecache import ParseCache
from drafts.records.dates import PartialDate, parse_date
from drafts.records.model import Agreement, Source, Version, natural_key

_DATE_LINE = re.compile(r"""^date:[ \t]*["']?(\d{4}-\d{2}(?:-\d{2})?)["']?[ \t]*(?:#.*)?$""", re.M)


def previous_versions(
    root: Path,
    versions: list[Version],
    targets: list[tuple[Path, str]],
    agreement: Agreement,
    sources: dict[str, Source],
    cache: ParseCache,
) -> dict[str, Version | None]:
    """The predecessor of each checked version among all the collection's versions."""
    checked = {path.resolve() for path, _ in targets}
    entries: list[tuple[PartialDate, tuple[tuple[int, str], ...], Version | Path]] = []
    for relative in version_files(root):
        path = root / relative
        if path.resolve() in checked or not valid_version_id(path.stem):
            continue
        date = _quick_date(path)
        if date is None:  # not a plain date line: read the file to order it
            version, found = load_version(path, relative, agreement, sources, cache)
            if version is None or found:
                continue
            date = version.date
        entries.append((date, natural_key(path.stem), path))
    checked_ids = {natural_key(v.id) for v in versions}
    entries = [e for e in entries if e[1] not in checked_ids]  # a checked file outside drafts/ wins its id
    entries += [(v.date, natural_key(v.id), v) for v in versions]
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    previous: dict[str, Version | None] = {}
    for position, (_, _, item) in enumerate(entries):
        if not isinstance(item, Path):
            previous[item.id] = _full(entries[position - 1][2], root, agreement, sources, cache) if position else None
    return previous


def _quick_date(path: Path) -> PartialDate | None:
    try:
        dates = _DATE_LINE.findall(path.read_text(encoding="utf-8", errors="replace"))
        return parse_date(dates[0]) if len(dates) == 1 else None
    except (OSError, ValueError):
        return None


def _full(
    item: Version | Path, root: Path, agreement: Agreement, sources: dict[str, Source], cache: ParseCache
) -> Version | None:
    if not isinstance(item, Path):
        return item
    version, found = load_version(item, item.relative_to(root).as_posix(), agreement, sources, cache)
    return version if version is not None and not found else None
