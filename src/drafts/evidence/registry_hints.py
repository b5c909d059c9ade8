"""What to tell a desk when the registry and seeds/ disagree: which looks wrong, the file or the
registration, and the command or the file name that fixes it.

The sha256 rule, in order (the first that applies decides):
1. another file in seeds/ has the registered hash: the registration names the wrong file;
2. the file has the hash registered for another source: the file was overwritten with that text;
3. the registered hash differs from the file's in a few characters, or shares its first eight: the
   registration was mistyped or pasted in part (hashes of different texts share no such likeness:
   a changed byte changes the whole hash);
4. otherwise the file has changed since it was registered, or the hash was pasted from elsewhere:
   the archive is evidence, so restore it as captured.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from drafts.reading.parsecache import sha256_hex
from drafts.records.model import Source

TYPO_DISTANCE = 4  # characters: a slip of the keyboard or a bad paste, not another text
SHARED_PREFIX = 8  # leading characters: a hash pasted in part (chance for another text: 1 in 4 billion)
MAX_HASHED_FILES = 200  # a diagnosis reads at most this many other archives


class Diagnosis(NamedTuple):
    hint: str
    detail: str


def mismatch(source: Source, actual: str, registry: Mapping[str, Source], others: Mapping[str, str]) -> Diagnosis:
    """`others`: the sha256 of the other archives in seeds/, by file name."""
    registered = source.sha256 or ""
    detail = f"registered sha256: {registered}\nfile's sha256:     {actual}"
    for name, digest in others.items():
        if digest == registered and name != source.file:
            return Diagnosis(
                f"the registration looks wrong: seeds/{name} has the sha256 registered for {source.id}; "
                f"if that is its archive, set file: {name} in seeds/sources.yaml",
                detail,
            )
    for other in registry.values():
        if other.id != source.id and other.sha256 == actual:
            return Diagnosis(
                f"the file looks wrong: it holds the text registered for {other.id}; restore the archive of "
                f"{source.id} as captured",
                detail,
            )
    distance = edit_distance(registered, actual, TYPO_DISTANCE)
    if distance <= TYPO_DISTANCE:
        return Diagnosis(
            f"the registration looks mistyped: its sha256 differs from the file's in {distance} character(s); "
            "if the archive is the one captured, register the file's sha256",
            detail,
        )
    if registered[:SHARED_PREFIX] == actual[:SHARED_PREFIX]:
        return Diagnosis(
            f"the registration looks pasted in part: its sha256 starts as the file's ({actual[:SHARED_PREFIX]}) "
            "and then differs; if the archive is the one captured, register the file's sha256",
            detail,
        )
    return Diagnosis(
        "the file looks changed since it was registered (its sha256 is unlike the registered one): "
        "restore the archive as captured, never edit it; if this is a new capture, register it as a new source",
        detail,
    )


def missing(source: Source, unregistered: Iterable[str], others: Mapping[str, str]) -> str:
    """The hint for a registered archive whose file is not in seeds/."""
    for name, digest in others.items():
        if source.sha256 and digest == source.sha256:
            return f"seeds/{name} has the sha256 registered for {source.id}: set file: {name} in seeds/sources.yaml"
    close = difflib.get_close_matches(source.file or "", list(unregistered), n=1, cutoff=0.6)
    if close:
        return (
            f"did you mean seeds/{close[0]}? It is archived but not registered; if it is this report, "
            f"set file: {close[0]} in seeds/sources.yaml"
        )
    return f"restore the archived file, or correct file: {source.file} in seeds/sources.yaml"


def archive_command(name: str) -> str:
    """The command that registers an archived text nobody registered."""
    return f"drafts archive ID seeds/{name}"


def unregistered(name: str) -> str:
    """The hint for an archive nobody registered. `drafts archive` keeps its own copy as
    seeds/ID.txt and never writes over a file, so the ID is a new name and the old file goes."""
    return (
        f"register it with `{archive_command(name)}` (ID: a new name for the report; add --outlet, --title and "
        f"--published, which a .txt cannot supply), then delete seeds/{name}, which it copies to seeds/ID.txt; "
        "or remove it"
    )


def seeds_digests(seeds: Path, skip: Iterable[str] = (), limit: int = 16 << 20) -> dict[str, str]:
    """sha256 of the .txt archives in seeds/ (regular files under the size limit), by name."""
    skipped = set(skip)
    digests: dict[str, str] = {}
    try:
        paths = sorted(p for p in seeds.iterdir() if p.suffix == ".txt" and p.name not in skipped)
    except OSError:
        return digests
    for path in paths[:MAX_HASHED_FILES]:
        try:
            if not path.is_file() or path.stat().st_size > limit:
                continue
            digests[path.name] = sha256_hex(path.read_bytes())
        except OSError:
            continue
    return digests


def edit_distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance, or bound + 1 once it is sure to exceed bound."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return min(previous[-1], bound + 1)
