"""Writing a report: `--output` never destroys what it lands on, and no output stream breaks a run.

Each class of fault from the field, in real processes where the fault is the process's own
(signals, closed or odd standard streams, terminal sizes):

- `-o` onto a FIFO, a terminal or a device writes into it; it is never deleted or replaced
  (as root, a replaced /dev/null breaks the whole machine); a block device, a socket or a folder
  is refused with exit 2;
- `-o` onto a file of the collection (a draft, agreement.yaml, sources.yaml, an archived report,
  a new name in drafts/ or seeds/, or any of them through a symlink or a hard link) is refused
  with exit 2 and the file is unchanged;
- `-o ""` is a usage error (exit 2);
- SIGTERM and SIGHUP during a write leave no hidden `*.tmp`, and still end the process;
- a closed stdout, a non-UTF-8 output encoding and any terminal width give a report or a clear
  message, never an internal error or a silent empty answer.
"""

from __future__ import annotations

import os
import pty
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.atomic import write_atomic, write_output
from drafts.cli import app
from drafts.errors import UsageError

COMMANDS = (("list",), ("show", "v1"), ("diff", "v1", "v3"), ("log",), ("history", "fund_size"), ("sources",))


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def _process(
    root: Path, *args: str, env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "drafts", "--root", str(root), *args],
        capture_output=True,
        env=environment,
        timeout=60,
        check=False,
        **options,
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- empty names --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", " ", "\t"])
@pytest.mark.parametrize("command", [("list",), ("diff", "v1", "v3"), ("schema",)])
def test_an_empty_output_name_is_a_usage_error(root: Path, command: tuple[str, ...], value: str) -> None:
    code, _, stderr = _cli(root, *command, "-o", value)
    assert code == 2, stderr
    assert "empty file name" in stderr
    assert "internal error" not in stderr


# -- special files ------------------------------------------------------------------------------


def test_output_into_a_fifo_writes_into_it(root: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = _process(root, "list", "-o", str(fifo))
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced"
    assert b"First US proposal" in received[0]
    assert _leftovers(tmp_path) == []


def test_output_onto_dev_null_keeps_the_device(root: Path) -> None:
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    done = _process(root, "diff", "v1", "v3", "-o", "/dev/null")
    after = os.stat("/dev/null")
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert not [p for p in os.listdir("/dev") if p.startswith(".null.")]


def test_output_onto_dev_stdout_reaches_the_pipe(root: Path) -> None:
    done = _process(root, "list", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert b"First US proposal" in done.stdout


def test_output_onto_a_socket_or_a_folder_is_refused(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        code, _, stderr = _cli(root, "list", "-o", str(path))
        assert code == 2 and "not a regular file (a socket)" in stderr, stderr
        assert stat.S_ISSOCK(path.lstat().st_mode)
    finally:
        server.close()
    code, _, stderr = _cli(root, "list", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in stderr, stderr


def test_replacing_never_touches_a_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        write_atomic(fifo, "x", overwrite=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_output(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"
    assert _leftovers(tmp_path) == []


# -- the collection's own files -----------------------------------------------------------------


def _archive(root: Path) -> str:
    return next(p.name for p in (root / "seeds").iterdir() if p.suffix == ".txt")


@pytest.mark.parametrize(
    "target",
    ["drafts/v3.yaml", "drafts/agreement.yaml", "seeds/sources.yaml", "ARCHIVE", "drafts/report.md", "seeds/new.txt"],
)
@pytest.mark.parametrize("command", [("diff", "v1", "v3"), ("schema",)])
def test_output_onto_a_file_of_the_collection_is_refused(root: Path, target: str, command: tuple[str, ...]) -> None:
    if target == "ARCHIVE":
        target = f"seeds/{_archive(root)}"
    path = root / target
    before = path.read_bytes() if path.exists() else None
    code, _, stderr = _cli(root, *command, "-o", str(path))
    assert code == 2, stderr
    assert "is a file of the collection" in stderr
    assert (path.read_bytes() if path.exists() else None) == before
    assert _cli(root, "check")[0] == 0


@pytest.mark.parametrize("how", ["symlink", "hardlink", "dotdot"])
def test_a_collection_file_reached_another_way_is_refused(root: Path, tmp_path: Path, how: str) -> None:
    draft = root / "drafts" / "v3.yaml"
    before = draft.read_bytes()
    alias = tmp_path / "alias.yaml"
    if how == "symlink":
        alias.symlink_to(draft)
    elif how == "hardlink":
        os.link(draft, alias)
    else:
        alias = root / "seeds" / ".." / "drafts" / "v3.yaml"
    code, _, stderr = _cli(root, "list", "-o", str(alias))
    assert code == 2, stderr
    assert draft.read_bytes() == before


def test_a_report_beside_the_collection_is_written(root: Path) -> None:
    code, _, stderr = _cli(root, "list", "-o", str(root / "report.md"))
    assert code == 0, stderr
    assert (root / "report.md").read_text(encoding="utf-8").startswith("|") or (root / "report.md").stat().st_size


# -- signals during a write ---------------------------------------------------------------------

_SIGNALLED_WRITE = """
import os, signal, sys
from pathlib import Path
import drafts.atomic as atomic
real_fsync = os.fsync
def fsync_then_signal(fd):
    os.kill(os.getpid(), signal.{name})  # arrives while the temporary file exists
    real_fsync(fd)
atomic.os.fsync = fsync_then_signal
atomic.write_atomic(Path(sys.argv[1]), "new text\\n" * 10000, overwrite={overwrite})
print("survived the signal", flush=True)
"""


def _default_disposition(name: str) -> Callable[[], None]:
    def restore() -> None:
        signal.signal(getattr(signal, name), signal.SIG_DFL)

    return restore


def _ignore_hangups() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def test_a_write_under_nohup_ignores_the_hangup_as_asked(tmp_path: Path) -> None:
    """A signal the user's shell ignores (nohup) stays ignored: the report is written in full."""
    target = tmp_path / "report.txt"
    code = _SIGNALLED_WRITE.format(name="SIGHUP", overwrite=False)
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=_ignore_hangups,
    )
    assert done.returncode == 0, done.stderr
    assert b"survived" in done.stdout
    assert target.read_text() == "new text\n" * 10000
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("overwrite", [True, False])
def test_a_termination_signal_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, name: str, overwrite: bool
) -> None:
    target = tmp_path / "report.txt"
    if overwrite:
        target.write_text("old\n")
    code = _SIGNALLED_WRITE.format(name=name, overwrite=overwrite)
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=_default_disposition(name),  # as from a terminal, even when the tests run under nohup
    )
    assert done.returncode == -getattr(signal, name), done.stderr  # the signal still ends the process
    assert b"survived" not in done.stdout
    assert _leftovers(tmp_path) == []
    text = target.read_text() if target.exists() else None
    assert text in ({"old\n", "new text\n" * 10000} if overwrite else {None, "new text\n" * 10000})


# -- odd output streams -------------------------------------------------------------------------


@pytest.mark.parametrize("command", (*COMMANDS, ("check",)))
def test_a_closed_stdout_is_said_in_words(root: Path, command: tuple[str, ...]) -> None:
    done = _process(root, *command, stdout=None, pass_fds=(), preexec_fn=lambda: os.close(1))
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    assert "standard output is closed" in stderr
    assert "internal error" not in stderr and "Traceback" not in stderr


def test_a_closed_stdout_does_not_stop_a_write_to_a_file(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    done = _process(root, "list", "-o", str(target), stdout=None, preexec_fn=lambda: os.close(1))
    assert done.returncode == 0, done.stderr
    assert "First US proposal" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LANG": "C", "LC_ALL": "C"}],
    ids=["ascii", "latin-1", "C-locale"],
)
@pytest.mark.parametrize("command", (*COMMANDS, ("check",)))
def test_a_narrow_output_encoding_escapes_what_it_cannot_show(
    root: Path, env: dict[str, str], command: tuple[str, ...]
) -> None:
    done = _process(root, *command, env=env)
    stderr = done.stderr.decode("ascii", "replace")
    assert done.returncode == 0, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert done.stdout.strip(), "an empty answer"
    if env.get("PYTHONIOENCODING") == "ascii" and command[0] in ("show", "diff", "list", "log"):
        done.stdout.decode("ascii")  # every byte is ASCII
        assert b"\\u2014" in done.stdout or b"\\u2019" in done.stdout or command[0] == "list"


def _in_a_terminal(root: Path, args: tuple[str, ...], env: dict[str, str]) -> tuple[int, bytes]:
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update(env)
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(sys.executable, [sys.executable, "-m", "drafts", "--root", str(root), *args], environment)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@pytest.mark.parametrize("columns", ["0", "1", "2", "59", "60", "100000", "-5", "wide", ""])
@pytest.mark.parametrize("command", [("list",), ("diff", "v1", "v3"), ("history", "fund_size")])
def test_any_terminal_width_gives_the_whole_report(root: Path, columns: str, command: tuple[str, ...]) -> None:
    code, out = _in_a_terminal(root, command, {"COLUMNS": columns, "PYTHONIOENCODING": "utf-8"})
    text = out.decode("utf-8", "replace")
    assert code == 0, text[-500:]
    assert "internal error" not in text and "Traceback" not in text
    # The words of the report are there, not a letter per line, nothing cut short, not nothing at all.
    expected = {"list": "proposal", "diff": "Fund size", "history": "$500 billion"}[command[0]]
    assert expected in text, text[:800]
    assert "…" not in text, text[:800]


@pytest.mark.parametrize("command", (*COMMANDS, ("check",)))
def test_a_full_disk_under_stdout_is_said_in_words(root: Path, command: tuple[str, ...]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "drafts", "--root", str(root), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=60,
            check=False,
        )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    assert "cannot print: No space left on device; the output is incomplete" in stderr
    assert "internal error" not in stderr and "Traceback" not in stderr


def test_a_reader_that_stops_early_ends_quietly(root: Path) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-m", "drafts", "--root", str(root), "log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()
    code = reader.wait(timeout=60)
    stderr = reader.stderr.read().decode("utf-8")
    assert code in (0, 1), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr and "Exception ignored" not in stderr
