"""What a command's start leaves out, and that leaving it out changes nothing a user sees."""

from __future__ import annotations

import os
import subprocess
import sys

RUN = "import sys; sys.argv = ['drafts', *sys.argv[1:]]\nfrom drafts.cli import main\ntry:\n    main()\nfinally:\n"


def _modules_after(*args: str) -> set[str]:
    code = RUN + "    print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


def test_a_diff_does_not_load_typers_shell_completion() -> None:
    modules = _modules_after("diff", "v1", "v3")
    assert "typer.main" in modules and "drafts.comparing.diff" in modules
    assert not {"shellingham", "typer._completion_shared", "typer._completion_classes"} & modules


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
