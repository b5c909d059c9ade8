"""A cache of parsed YAML, keyed by each file's whole content, so unchanged files are not parsed again.

Parsing dominates the cost of a large collection (about 2 ms a draft with libyaml's events;
reading a cached draft back is a few microseconds), while a newsroom re-runs `drafts` on a
collection where most files have not changed. Each entry is keyed by a hash of the file's full
text, so an edited file can never be served stale, and holds only what the safe loader produced
from valid YAML (plain JSON data), with the file formats it has passed. A file that passed its
format is not validated again (so a warm run imports neither the YAML parser nor pydantic-core).
A small index records, per content, the version's date and the catalogue and registry (by their
own content keys) it was last built against without a problem: `diff` and `show` order the
versions from it and build only the ones they print.

The cache can only save work, never change what is printed:
- it lives outside the collection (`$XDG_CACHE_HOME/drafts`, or `DRAFTS_CACHE_DIR`), and is read
  only when its folder and each file belong to the current user and nobody else can write them
  (a restored CI cache or a shared folder is ignored, not trusted);
- it is stamped with the drafts release and the source of the modules that decide what a file
  means (the YAML rules, the file formats, the loader, the value types), so a change to any of
  them drops it;
- every file is written whole (json.dumps, then an atomic rename), and skipped silently when it
  cannot be read or written.
A run that has seen every file of the collection drops the entries no file has any more; a run
over a few files (`drafts check drafts/v5.yaml`) keeps the others. `DRAFTS_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import json
import os
import stat
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafts import __version__

if TYPE_CHECKING:
    from drafts.reading.yamlsafe import Limits

try:  # CPython's own BLAKE2: hashlib would load OpenSSL, 3-4 ms of every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

# The modules whose rules decide what a file's text means once parsed, validated and built.
_RULE_MODULES = (
    "reading/yamlsafe.py",
    "reading/schema.py",
    "reading/loader.py",
    "records/values.py",
    "records/dates.py",
    "records/model.py",
    "records/fields.py",
)
_LAYOUT = 3
_INDEX = "index.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _stamp() -> str:
    digest = blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for name in _RULE_MODULES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # no source to compare: no entry can be shown to match these rules
            return "unknown"
    return f"{_LAYOUT}/{__version__}/{digest.hexdigest()}"


def cache_dir(root: Path) -> Path | None:
    """The folder of this collection's cache, or None when caching is off."""
    if os.environ.get("DRAFTS_NO_CACHE"):
        return None
    base = os.environ.get("DRAFTS_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("DRAFTS_CACHE_DIR"):
        folder = folder / "drafts"
    name = blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return folder / name


def private(info: os.stat_result) -> bool:
    """Whether only the current user can have written this file or folder."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def content_key(text: str) -> str:
    """The key of a file's entry: a hash of its whole text."""
    return bytes_key(text.encode("utf-8", "surrogatepass"))


def bytes_key(data: bytes) -> str:
    """The key of a file read as bytes: the same as its text's, for UTF-8 without a byte-order mark."""
    return sha256_hex(data)


_SMALL_RUN = 256 << 10
_hashed = 0
_small: Any = None
_large: Any = None


def sha256_hex(data: bytes) -> str:
    """SHA-256, with whichever implementation costs less for this run.

    OpenSSL's hashes in hardware (twice BLAKE2's speed, ten times CPython's own SHA-256) but takes
    3-4 ms to load: a run that hashes a few small files (`diff` on a small collection) uses
    CPython's module, one that hashes more than 256 KB switches to OpenSSL's.
    """
    global _hashed, _small, _large
    _hashed += len(data)
    if _hashed > _SMALL_RUN:
        _large = _large or _implementation(True)
        return _large(data).hexdigest()  # type: ignore[no-any-return]
    _small = _small or _implementation(False)
    return _small(data).hexdigest()  # type: ignore[no-any-return]


def _implementation(large: bool) -> Any:
    if not large:
        for name in ("_sha2", "_sha256"):  # CPython 3.12+, 3.11
            try:
                return import_module(name).sha256
            except ImportError:
                continue
    from hashlib import sha256

    return sha256


def _read_private(path: Path) -> Any:
    """A JSON file only the current user can have written; None otherwise or when unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not private(info):
                return None
            return json.loads(handle.read())
    except (OSError, ValueError, RecursionError):  # RecursionError: a damaged file nested too deep
        return None


def _write_private(path: Path, data: Any) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # tempfile costs 5 ms to import
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data))
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


class ParseCache:
    """Entries [parsed data, {file format passed: its validated data, null when the same}], one file each."""

    def __init__(self, root: Path) -> None:
        self.folder = cache_dir(root)
        self.stamp = _stamp() if self.folder is not None else "unknown"
        self.trusted = self.folder is not None and self.stamp != "unknown" and self._private_folder()
        # The versions built without a problem against one catalogue and registry: key -> [y, m, d].
        self.built_against, self.index = self._read_index()
        self.used: set[str] = set()  # keys of the files read this run
        self.pending: dict[str, list[Any]] = {}  # entries to write (the others are not kept in memory)
        self.catalogue: str | None = None  # content keys of the catalogue and the registry, once valid
        self.registry: str | None = None
        self.seen: set[str] = set()  # keys of the index to keep
        self.index_changed = False

    def _private_folder(self) -> bool:
        assert self.folder is not None
        try:
            return private(os.stat(self.folder))
        except OSError:
            return True  # not there yet: it is made private on the first save

    def _read_index(self) -> tuple[str | None, dict[str, Any]]:
        if not self.trusted:
            return None, {}
        assert self.folder is not None
        stored = _read_private(self.folder / _INDEX)
        if not isinstance(stored, dict) or stored.get("format") != self.stamp:
            return None, {}
        against, dates = stored.get("against"), stored.get("dates")
        if not isinstance(against, str) or not isinstance(dates, dict):
            return None, {}
        return against, dates

    def _read_entry(self, key: str) -> list[Any] | None:
        if not self.trusted:
            return None
        assert self.folder is not None
        stored = _read_private(self.folder / f"{key}.json")
        if not isinstance(stored, list) or len(stored) != 3 or stored[0] != self.stamp:
            return None
        entry = stored[1:]
        return entry if isinstance(entry[1], dict) else None

    # -- parsed and validated files ---------------------------------------------------------

    def entry(self, text: str, label: str, limits: Limits | None = None) -> tuple[str, list[Any]]:
        """The content key and [parsed data, {formats passed: validated data}] of a file's text.

        A file read under other limits than a draft's (the registry's are larger) is kept under
        its own key, so a text that passed as a registry is never taken as a draft within limits.
        """
        key = content_key(text)
        if limits is not None and limits.kind != "a draft":
            key = f"{key}-{limits.nodes}"
        entry = self.pending.get(key) or self._read_entry(key)
        if entry is None:
            from drafts.reading import yamlsafe  # the YAML parser is imported only when a file is new

            entry = [yamlsafe.load(text, label, limits or yamlsafe.DRAFT), {}]
            self.pending[key] = entry
        self.used.add(key)
        return key, entry

    @staticmethod
    def validated(entry: list[Any], fmt: str) -> tuple[bool, Any]:
        """(True, the validated data) when the file has passed format `fmt` before."""
        if fmt not in entry[1]:
            return False, None
        stored = entry[1][fmt]
        return True, entry[0] if stored is None else stored

    def record_valid(self, key: str, entry: list[Any], fmt: str, validated: Any) -> None:
        # Compared as JSON, where 1 and True differ (they are equal to ==); keys sorted, since the
        # validator returns a record's fields in the definition's order, not the file's.
        same = json.dumps(validated, sort_keys=True) == json.dumps(entry[0], sort_keys=True)
        entry[1][fmt] = None if same else validated
        self.pending[key] = entry

    # -- the index of versions --------------------------------------------------------------

    @property
    def against(self) -> str | None:
        """What a version is built against: the catalogue's and the registry's content keys."""
        return f"{self.catalogue}/{self.registry}" if self.catalogue and self.registry else None

    def built_ok(self, key: str, against: str) -> list[int] | None:
        """The date (year, month, day) of a version whose content was built without a problem against `against`."""
        self.seen.add(key)
        if against != self.built_against:
            return None
        date = self.index.get(key)
        if type(date) is list and len(date) == 3 and type(date[0]) is type(date[1]) is type(date[2]) is int:
            return date
        return None

    def record_built_ok(self, key: str, against: str, date: list[int]) -> None:
        self.seen.add(key)
        if against != self.built_against:  # a new catalogue or registry: what was built before is moot
            self.built_against, self.index = against, {}
            self.index_changed = True
        if self.index.get(key) != date:
            self.index[key] = date
            self.index_changed = True

    def save(self, *, complete: bool = False) -> None:
        """Write what changed; `complete`: this run saw every file, so entries of no file are dropped."""
        if self.folder is None or self.stamp == "unknown":
            return
        keep = self.used | self.seen
        stale = [key for key in self.index if key not in keep] if complete else []
        if not self.pending and not self.index_changed and not stale:
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not private(os.stat(self.folder)):
                return  # others could replace what we write: not worth writing
            for key, entry in self.pending.items():
                _write_private(self.folder / f"{key}.json", [self.stamp, *entry])
            for key in stale:
                del self.index[key]
            if complete:
                self._drop_files(keep)
            index = {"format": self.stamp, "against": self.built_against, "dates": self.index}
            _write_private(self.folder / _INDEX, index)
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def _drop_files(self, keep: set[str]) -> None:
        assert self.folder is not None
        for name in os.listdir(self.folder):
            if name.endswith(".json") and name != _INDEX and name[:-5] not in keep:
                (self.folder / name).unlink(missing_ok=True)
