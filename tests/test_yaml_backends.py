"""The same reading with or without libyaml.

PyYAML uses libyaml where its wheel has it, and its own pure-Python scanner elsewhere (a source
build, a platform without wheels). What drafts accepts, refuses and reports must not depend on
which one a machine has: every file of the hostile corpus and the YAML test suite's cases give
the same values, or the same problem at the same place with the same words wherever the words
are ours. (The lowest-versions CI run once found a character error escaping as a traceback on the
pure-Python path: it checks characters while constructing the parser, not while parsing.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafts.errors import DataError
from drafts.reading import yamlsafe

HERE = Path(__file__).resolve().parent
FILES = [*sorted((HERE / "hostile").glob("*/*.yaml")), HERE.parent / "drafts" / "v1.yaml"]
FAST = getattr(yaml, "CSafeLoader", None)


def _outcome(text: str) -> tuple[str, object]:
    try:
        return "value", yamlsafe.load(text, "f.yaml")
    except DataError as exc:
        problem = exc.problem
        message = problem.message if not problem.message.startswith("invalid YAML: ") else "invalid YAML"
        if "control characters" in problem.message:
            message = problem.message  # our own words, whatever the library says
        return "problem", (message, problem.line, problem.column)


def _read(path: Path) -> str | None:
    try:
        return yamlsafe.decode_text(path.read_bytes(), path.name)
    except DataError:
        return None


@pytest.mark.skipif(FAST is None, reason="this PyYAML has no libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_parsers_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _read(path)
    if text is None:
        pytest.skip("refused before parsing")
    monkeypatch.setattr(yamlsafe, "_Parser", FAST)
    fast = _outcome(text)
    monkeypatch.setattr(yamlsafe, "_Parser", yaml.SafeLoader)
    pure = _outcome(text)
    assert pure == fast


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x9b", "\ufffe", "\ud800"])
@pytest.mark.parametrize("parser", ["pure", "libyaml"])
def test_a_forbidden_character_is_one_problem_on_either_parser(
    char: str, parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parser == "libyaml" and FAST is None:
        pytest.skip("this PyYAML has no libyaml")
    monkeypatch.setattr(yamlsafe, "_Parser", FAST if parser == "libyaml" else yaml.SafeLoader)
    with pytest.raises(DataError) as caught:
        yamlsafe.load(f"title: ab{char}c\n", "f.yaml")
    problem = caught.value.problem
    assert (problem.line, problem.column) == (1, 10)
    assert f"(U+{ord(char):04X})" in problem.message
