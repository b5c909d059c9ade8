"""Which collection a command works on (SPEC §1): --root, DRAFTS_ROOT, the nearest
ancestor holding drafts/agreement.yaml, then the collection shipped with the package."""

from __future__ import annotations

import os
from pathlib import Path

from drafts.errors import UsageError

MARKER = Path("drafts") / "agreement.yaml"


def packaged_root() -> Path | None:
    """The minerals collection: inside the wheel, or the repository when run from a checkout."""
    here = Path(__file__).resolve().parent.parent  # the drafts package
    for candidate in (here / "collection", here.parent.parent):
        if (candidate / MARKER).is_file():
            return candidate
    return None


def installed_copy(root: Path) -> bool:
    """Whether `root` is the collection installed inside the package, which drafts never writes to."""
    return root.resolve() == (Path(__file__).resolve().parent.parent / "collection")


def find_root(option: Path | None = None, cwd: Path | None = None) -> Path:
    if option is not None:
        return _checked(option, "--root")
    env = os.environ.get("DRAFTS_ROOT")
    if env:
        return _checked(Path(env), "DRAFTS_ROOT")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
    shipped = packaged_root()
    if shipped is None:
        raise UsageError.at(
            "no collection found",
            hint="run inside a folder that holds drafts/agreement.yaml, or pass --root DIR",
        )
    return shipped


def _checked(path: Path, via: str) -> Path:
    if not (path / MARKER).is_file():
        raise UsageError.at(
            f"{via} {path}: there is no {MARKER.as_posix()} there",
            hint="point it at the folder that holds drafts/ and seeds/",
        )
    return path
