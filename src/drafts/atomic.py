"""Write a file all at once or not at all.

The text goes to a temporary file in the target's own directory (so the final step is a
rename within one file system), is flushed to disk, and only then takes the target's name.
An interruption at any point leaves the old file, or no file, and never a half-written one;
the temporary file is removed whatever happens.

Without overwriting, the temporary file is hard-linked to the target name: `link` fails if
the name exists, so there is no window in which a file created meanwhile could be replaced.
Where a file system has no hard links we reserve the name with O_EXCL and rename over our
own empty placeholder, removing it again if the rename fails.

SIGTERM and SIGHUP (`timeout`, a cancelled CI job, `docker stop`, a closed terminal) are held
back while the temporary file exists and delivered once it is gone, so they end the process
as before but never leave a hidden `*.tmp` behind.

`write_output` is the `--output` of a report: a regular file (or a symlink to one) is replaced
atomically; a FIFO, a terminal or a device such as /dev/null is a stream and is written into,
never deleted or replaced; anything else is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from drafts.errors import DataError, Problem, UsageError

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
    if overwrite:
        path = _regular_target(path, name)
    with _termination_deferred():
        _write(path, data, name, overwrite=overwrite)


def write_output(path: Path, text: str, *, label: str | None = None) -> None:
    """Write a report to `path`: atomically over a regular file, straight into a stream.

    A FIFO, a terminal or a character device (/dev/null, /dev/stdout) is opened and written,
    as a shell's `>` would; it is never unlinked or replaced. A directory, a socket or a block
    device is a UsageError. Other cases are `write_atomic(overwrite=True)`.
    """
    name = label or str(path)
    kind = _kind(path)
    if kind is not None and (stat.S_ISFIFO(kind) or stat.S_ISCHR(kind)):
        try:
            with open(path, "wb") as stream:
                stream.write(text.encode("utf-8"))
        except OSError as exc:
            raise _os_problem(exc, name, path) from None
        return
    write_atomic(path, text, overwrite=True, label=label)


def _kind(path: Path) -> int | None:
    """The file type bits of what `path` names, following symlinks; None when nothing is there."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _os_problem(exc, str(path), path) from None


def _regular_target(path: Path, name: str) -> Path:
    """The file to replace: never a special file; through a symlink, the file it points at."""
    kind = _kind(path)
    if kind is None:
        return path
    if stat.S_ISDIR(kind):
        raise UsageError(Problem("is a folder; cannot write a file there", name, hint="give a file name"))
    if not stat.S_ISREG(kind):
        raise UsageError(
            Problem(
                f"is not a regular file ({_kind_name(kind)}); not replacing it",
                name,
                hint="write to an ordinary file, or to standard output",
            )
        )
    # A symlink is kept: its target takes the new text, so replacing never breaks the link.
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _kind_name(mode: int) -> str:
    for test, words in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return "a special file"


_DEFERRED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _termination_deferred() -> Iterator[None]:
    """Block SIGTERM/SIGHUP in this thread while a temporary file exists; pending ones fire after."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or not _DEFERRED or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = block(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def _write(path: Path, data: bytes, name: str, *, overwrite: bool) -> None:
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
