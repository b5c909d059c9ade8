"""What a command's start leaves out, and that leaving it out changes nothing a user sees."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner


def _modules_after(*args: str) -> set[str]:
    code = (
        "import sys; sys.argv = ['drafts', *sys.argv[1:]]\n"
        "import drafts.cli as cli\n"
        "original = cli.leave\n"
        "def leave(code):\n"
        "    print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
        "    original(code)\n"
        "cli.leave = leave\n"
        "cli.entry()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


def test_a_diff_does_not_load_typers_shell_completion() -> None:
    modules = _modules_after("diff", "v1", "v3")
    assert "typer.main" in modules and "drafts.comparing.diff" in modules
    assert not {"shellingham", "typer._completion_shared", "typer._completion_classes"} & modules


def test_a_diff_loads_only_what_it_uses() -> None:
    """Quotes are verified, but the check command's diagnostics and OpenSSL's hashes stay unloaded."""
    _modules_after("diff", "v1", "v3")  # fills the parse cache: YAML and validation only on a miss
    modules = _modules_after("diff", "v1", "v3")
    assert "drafts.evidence.checks" in modules and "drafts.records.fields" in modules
    unused = {
        "_hashlib",
        "drafts.evidence.registry_hints",
        "drafts.evidence.substance",
        "drafts.evidence.predecessors",
        "pydantic_core",
        "yaml",
    }
    assert not unused & modules


def test_a_shell_asking_for_completion_gets_typers_own_answer() -> None:
    env = {**os.environ, "_DRAFTS_COMPLETE": "bash_complete", "COMP_WORDS": "drafts di", "COMP_CWORD": "1"}
    code = "from drafts.cli import main\nmain()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert "internal error" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    # What typer says with its completion module loaded from the start: the same words, the same code.
    plain = "import typer.completion\nfrom drafts.cli import main\nmain()"
    expected = subprocess.run([sys.executable, "-c", plain], capture_output=True, text=True, env=env, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def _drafts(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    code = "import sys; sys.argv = ['drafts', *sys.argv[1:]]\nfrom drafts.cli import entry\nentry()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_leaving_early_keeps_every_exit_code_and_every_byte(runner: CliRunner) -> None:
    from drafts.cli import app

    expected = runner.invoke(app, ["diff", "v1", "v3", "--format", "json"])
    done = _drafts("diff", "v1", "v3", "--format", "json")
    assert (done.returncode, done.stdout) == (0, expected.stdout) and len(done.stdout) > 1000
    assert _drafts("diff", "v1", "v3", "--exit-code").returncode == 1
    unknown = _drafts("diff", "v1", "v9")
    assert unknown.returncode == 2 and "unknown version 'v9'" in unknown.stderr
    assert _drafts("--version").stdout.startswith("drafts ")


def test_leave_gives_way_to_the_normal_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    from drafts import startup

    assert startup.leave("a message") is None  # sys.exit prints it
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1, raising=False)
    assert startup.leave(0) is None  # something must run at exit

    class Broken:
        def flush(self) -> None:
            raise BrokenPipeError

    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0, raising=False)
    monkeypatch.setattr(sys, "stdout", Broken())
    assert startup.leave(0) is None  # the interpreter reports the broken pipe as it always has
