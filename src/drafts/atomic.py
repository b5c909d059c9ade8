"""Write a file all at once or not at all.

The text goes to a temporary file in the target's own directory (so the final step is a
rename within one file system), is flushed to disk, and only then takes the target's name.
An interruption at any point leaves the old file, or no file, and never a half-written one;
the temporary file is removed whatever happens.

Without overwriting, the temporary file is hard-linked to the target name: `link` fails if
the name exists, so there is no window in which a file created meanwhile could be replaced.
Where a file system has no hard links we reserve the name with O_EXCL and rename over our
own empty placeholder, removing it again if the rename fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from drafts.errors import DataError, Problem

_TEMP_ATTEMPTS = 16


def write_atomic(path: Path, text: str | bytes, *, overwrite: bool, label: str | None = None) -> None:
    """Write `text` (UTF-8, newlines as given; bytes as they are) to `path` atomically.

    With overwrite=False an existing file is never touched: DataError names it and says what
    to do. Every OSError becomes a DataError; KeyboardInterrupt and the like pass through
    after cleaning up. `label` is how messages name the file (default: the path).
    """
    name = label or str(path)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if not overwrite and os.path.lexists(path):
        raise _exists(name)
    temp: Path | None = None
    try:
        temp = _write_temp(path, data)
        if overwrite:
            os.replace(temp, path)
        else:
            _link_exclusive(temp, path)
        _sync_directory(path.parent)
    except FileExistsError:
        raise _exists(name) from None
    except OSError as exc:
        raise _os_problem(exc, name, path) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _write_temp(path: Path, data: bytes) -> Path:
    mode = _mode_of(path)
    for _ in range(_TEMP_ATTEMPTS):
        # A dot name with a .tmp suffix: the collection loader never mistakes it for a version.
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666 filtered by the umask, as for any new file; mkstemp would force 0o600.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        except FileExistsError:
            continue
        try:
            with open(fd, "wb", closefd=True) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        return temp
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(path.parent))


def _mode_of(path: Path) -> int:
    """Keep the permissions of a file being replaced; new files get the usual default."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666


def _link_exclusive(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
    # No hard links here (e.g. FAT, some network shares): reserve the name, then rename over it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on every platform."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _exists(name: str) -> DataError:
    hint = "nothing was written: choose another name, or move the existing file away first"
    return DataError(Problem("file already exists; not overwriting it", name, hint=hint))


def _os_problem(exc: OSError, name: str, path: Path) -> DataError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        return DataError(Problem(f"cannot write: the folder {path.parent} does not exist", name))
    if isinstance(exc, PermissionError):
        return DataError(Problem(f"cannot write: {reason}", name, hint="check the folder's permissions"))
    return DataError(
        Problem(f"cannot write: {reason}", name, hint="nothing was written; any existing file is unchanged")
    )
