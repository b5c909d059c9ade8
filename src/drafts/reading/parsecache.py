"""A cache of parsed YAML, keyed by each file's content, so unchanged drafts are not parsed again.

Parsing dominates the cost of a large collection (about 3 ms a draft with PyYAML's C parser;
reading a cached draft back is a few microseconds), while a newsroom re-runs `drafts` on a
collection where most files have not changed. Entries are keyed by a hash of the file's bytes,
so an edited file can never be served stale, and hold only what the safe loader produced from
valid YAML (plain JSON data); validation against the schema and the catalogue still runs on
every command. The cache lives outside the collection (`$XDG_CACHE_HOME/drafts`, or
`DRAFTS_CACHE_DIR`), is rewritten atomically, keeps only the entries the last run used, and is
skipped silently when it cannot be read or written. `DRAFTS_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from drafts import __version__
from drafts.reading import yamlsafe

# Entries are only valid for the same cache layout, drafts release and YAML reading rules.
_STAMP = f"1/{__version__}/{yamlsafe.PARSE_RULES}"


def cache_file(root: Path) -> Path | None:
    if os.environ.get("DRAFTS_NO_CACHE"):
        return None
    base = os.environ.get("DRAFTS_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("DRAFTS_CACHE_DIR"):
        folder = folder / "drafts"
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return folder / f"{name}.json"


class ParseCache:
    def __init__(self, root: Path) -> None:
        self.path = cache_file(root)
        self.entries: dict[str, Any] = self._read()
        self.used: dict[str, Any] = {}
        self.added = False

    def _read(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as handle:
                stored = json.load(handle)
        except (OSError, ValueError, RecursionError):  # RecursionError: a damaged file nested too deep
            return {}
        if not isinstance(stored, dict) or stored.get("format") != _STAMP:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def load(self, text: str, label: str) -> Any:
        """The parsed YAML of a file: from the cache, or parsed now (errors are never cached)."""
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
        if key in self.entries:
            value = self.entries[key]
        else:
            value = yamlsafe.load(text, label)
            self.added = True
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.path is None or not (self.added or len(self.used) < len(self.entries)):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")  # tempfile costs 5 ms to import
            try:
                with temp.open("w", encoding="utf-8") as out:
                    json.dump({"format": _STAMP, "entries": self.used}, out)
                os.replace(temp, self.path)
            finally:
                temp.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs speed
