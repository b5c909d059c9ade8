"""The README is part of the product: its examples are replayed and every command and option is in it.

The README is read as a script, top to bottom, in a copy of the shipped collection:
`<!-- file: PATH -->` before a fenced block writes the block to PATH, `<!-- append: PATH -->`
appends it, and every `$ drafts ...` line of a console block runs and must print exactly what
follows it. DRAFTS_UPDATE_GOLDEN=1 rewrites the printed outputs in README.md instead.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from drafts.cli import app
from tests.conftest import REPO_ROOT

README_PATH = REPO_ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
_STEP = re.compile(
    r"<!-- (?P<action>file|append): (?P<path>\S+) -->\n```\w*\n(?P<content>.*?)```"
    r"|```console\n(?P<console>.*?)```",
    re.S,
)
_COMMAND = re.compile(r"^\$ (.*)\n", re.M)


def _run(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "drafts", f"README console lines run drafts only: {command}"
    return CliRunner().invoke(app, args[1:]).output


def replay(root: Path) -> tuple[str, list[tuple[str, str, str]]]:
    """Run the README in `root`; return it with real outputs, and (command, expected, actual) triples."""
    pieces: list[str] = []
    results: list[tuple[str, str, str]] = []
    position = 0
    for step in _STEP.finditer(README):
        if step["console"] is None:
            target = root / step["path"]
            mode = "a" if step["action"] == "append" else "w"
            with target.open(mode, encoding="utf-8") as handle:
                handle.write(step["content"])
            continue
        block_start = step.start("console")
        pieces.append(README[position:block_start])
        commands = list(_COMMAND.finditer(step["console"]))
        for i, match in enumerate(commands):
            end = commands[i + 1].start() if i + 1 < len(commands) else len(step["console"])
            expected = step["console"][match.end() : end]
            actual = _run(match[1])
            results.append((match[1], expected, actual))
            pieces.append(f"$ {match[1]}\n{actual}")
        position = step.end("console")
    pieces.append(README[position:])
    return "".join(pieces), results


def test_readme_examples_are_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "desk"
    shutil.copytree(REPO_ROOT / "drafts", root / "drafts")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    monkeypatch.chdir(root)
    monkeypatch.delenv("DRAFTS_ROOT", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    rewritten, results = replay(root)
    assert results, "the README shows no console examples"
    if os.environ.get("DRAFTS_UPDATE_GOLDEN"):
        README_PATH.write_text(rewritten, encoding="utf-8")
        return
    for command, expected, actual in results:
        assert actual == expected, f"README output of `{command}` has drifted; rerun with DRAFTS_UPDATE_GOLDEN=1"


def test_quick_start_is_two_lines_running_the_main_job_and_the_tests() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    lines = re.findall(r"```sh\n(.*?)```", quick, re.S)[0].strip().splitlines()
    assert len(lines) == 2
    assert "drafts diff v1 v3" in lines[0]
    assert "pytest" in lines[1]


def _commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    options = {"": [opt for param in group.params for opt in param.opts if opt.startswith("--")]}
    for name, command in group.commands.items():
        options[name] = [opt for param in command.params for opt in param.opts if opt.startswith("--")]
    return options


@pytest.mark.parametrize(("command", "options"), sorted(_commands().items()))
def test_every_command_and_option_is_documented(command: str, options: list[str]) -> None:
    reference = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    if command:
        assert f"### drafts {command}" in reference, f"README's Commands section has no `drafts {command}`"
        section = reference.split(f"### drafts {command}", 1)[1].split("\n### ", 1)[0]
    else:
        section = reference
    for option in options:
        if option != "--help":
            assert option in section, f"README does not document {option} of `drafts {command}`".rstrip()


@pytest.mark.parametrize("command", sorted(name for name in _commands() if name))
def test_every_option_names_what_it_takes(command: str) -> None:
    """Help names a value by what it is (FILE, REF), never by the function that parses it."""
    shown = CliRunner().invoke(app, [command, "--help"]).output
    assert "Usage" in shown and "lambda" not in shown, shown
