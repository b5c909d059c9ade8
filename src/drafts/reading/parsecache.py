"""A cache of parsed YAML, keyed by each file's whole content, so unchanged files are not parsed again.

Parsing dominates the cost of a large collection (about 2 ms a draft with libyaml's events;
reading a cached draft back is a few microseconds), while a newsroom re-runs `drafts` on a
collection where most files have not changed. Each entry is keyed by a hash of the file's full
text, so an edited file can never be served stale, and holds only what the safe loader produced
from valid YAML (plain JSON data), with the file formats it has passed. A file that passed its
format is not validated again (so a warm run imports neither the YAML parser nor pydantic-core);
everything that depends on the catalogue or the registry is still checked on every run.

The cache can only save work, never change what is printed:
- it lives outside the collection (`$XDG_CACHE_HOME/drafts`, or `DRAFTS_CACHE_DIR`), and is
  read only when both the file and its folder belong to the current user and nobody else can
  write them (a restored CI cache or a shared folder is ignored, not trusted);
- it is stamped with the drafts release and the source of the modules that decide what a file
  means (the YAML rules, the file formats, the value types), so a change to any drops it;
- it is rewritten atomically and skipped silently when it cannot be read or written.
A run over the whole collection keeps only the entries it used; a run over a few files (such as
`drafts check drafts/v5.yaml`) keeps the others too. `DRAFTS_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from drafts import __version__

# The modules whose rules decide what a file's text means once parsed and validated.
_RULE_MODULES = ("reading/yamlsafe.py", "reading/schema.py", "records/values.py", "records/model.py")
_LAYOUT = 2


def _stamp() -> str:
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for name in _RULE_MODULES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # no source to compare: no entry can be shown to match these rules
            return "unknown"
    return f"{_LAYOUT}/{__version__}/{digest.hexdigest()}"


def cache_file(root: Path) -> Path | None:
    if os.environ.get("DRAFTS_NO_CACHE"):
        return None
    base = os.environ.get("DRAFTS_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("DRAFTS_CACHE_DIR"):
        folder = folder / "drafts"
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return folder / f"{name}.json"


def private(info: os.stat_result) -> bool:
    """Whether only the current user can have written this file or folder."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def content_key(text: str) -> str:
    """The key of a file's entry: a hash of its whole text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class ParseCache:
    def __init__(self, root: Path) -> None:
        self.path = cache_file(root)
        self.stamp = _stamp() if self.path is not None else "unknown"
        # key -> [parsed data, {file format passed: its validated data, null when the same}]
        self.entries: dict[str, list[Any]] = self._read()
        self.used: dict[str, list[Any]] = {}
        self.changed = False

    def _read(self) -> dict[str, list[Any]]:
        if self.path is None or self.stamp == "unknown":
            return {}
        try:
            if not private(os.stat(self.path.parent)):
                return {}
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or not private(info):
                    return {}
                stored = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):  # RecursionError: a damaged file nested too deep
            return {}
        if not isinstance(stored, dict) or stored.get("format") != self.stamp:
            return {}
        entries = stored.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {
            key: entry
            for key, entry in entries.items()
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], dict)
        }

    def load(self, text: str, label: str) -> Any:
        """The parsed YAML of a file: from the cache, or parsed now (errors are never cached)."""
        return self.entry(text, label)[0]

    def entry(self, text: str, label: str) -> list[Any]:
        """[parsed data, {formats passed: validated data}] of a file's text."""
        key = content_key(text)
        entry = self.used.get(key) or self.entries.get(key)
        if entry is None:
            from drafts.reading import yamlsafe  # the YAML parser is imported only when a file is new

            entry = [yamlsafe.load(text, label), {}]
            self.changed = True
        self.used[key] = entry
        return entry

    @staticmethod
    def validated(entry: list[Any], fmt: str) -> tuple[bool, Any]:
        """(True, the validated data) when the file has passed format `fmt` before."""
        if fmt not in entry[1]:
            return False, None
        stored = entry[1][fmt]
        return True, entry[0] if stored is None else stored

    def record_valid(self, entry: list[Any], fmt: str, validated: Any) -> None:
        # Compared as JSON: 1 == True and key order would slip past ==.
        same = json.dumps(validated) == json.dumps(entry[0])
        entry[1][fmt] = None if same else validated
        self.changed = True

    def save(self, *, complete: bool = False) -> None:
        """Write the cache; `complete`: this run read every file, so unused entries are stale."""
        if self.path is None or self.stamp == "unknown":
            return
        kept = self.used if complete else {**self.entries, **self.used}
        if not self.changed and len(kept) == len(self.entries):
            return
        try:
            folder = self.path.parent
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not private(os.stat(folder)):
                return  # others could replace what we write: not worth writing
            temp = folder / f".{self.path.name}.{os.getpid()}.tmp"  # tempfile costs 5 ms to import
            try:
                flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
                fd = os.open(temp, flags, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(json.dumps({"format": self.stamp, "entries": kept}))
                os.replace(temp, self.path)
            finally:
                temp.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs speed
