"""The YAML community's conformance cases (tests/yaml_suite/, MIT: see its LICENSE-NOTE.txt).

None of the 94 invalid inputs and none of the 48 valid but unusual documents (anchors, tags,
several documents, complex keys, empty documents) is a valid drafts file. Each, placed as a
version file, as drafts/agreement.yaml and as seeds/sources.yaml, must be rejected cleanly:
exit code 1, one message naming the file (and line and column where the parser gives one),
no traceback, no control characters, well under a second. The invalid inputs must already be
refused by the safe YAML loader itself, including the ones PyYAML would quietly accept.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.errors import DataError
from drafts.reading import yamlsafe

SUITE = Path(__file__).resolve().parent / "yaml_suite"
REPO_ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("suite-invalid", "suite-valid-odd")
TARGETS = ("drafts/v9.yaml", "drafts/agreement.yaml", "seeds/sources.yaml")
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ERROR_LINE = re.compile(r"^(?:(?P<where>.+?): )?error: (?P<message>.*)$", re.MULTILINE)
TIME_LIMIT = 1.0


def _listed(folder: str) -> list[str]:
    lines = (SUITE / f"{folder}.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[0] for line in lines[1:] if line.strip()]


CASES = [(folder, case) for folder in FOLDERS for case in _listed(folder)]


def test_the_copied_suite_is_complete() -> None:
    assert len(_listed("suite-invalid")) == 94
    assert len(_listed("suite-valid-odd")) == 48
    for folder in FOLDERS:
        on_disk = sorted(p.stem for p in (SUITE / folder).glob("*.yaml"))
        assert on_disk == sorted(_listed(folder))
    assert "MIT License" in (SUITE / "LICENSE-NOTE.txt").read_text(encoding="utf-8")


def _data(folder: str, case: str) -> bytes:
    return (SUITE / folder / f"{case}.yaml").read_bytes()


@pytest.mark.parametrize("case", _listed("suite-invalid"))
def test_invalid_yaml_is_refused_by_the_loader(case: str) -> None:
    data = _data("suite-invalid", case)
    with pytest.raises(DataError) as info:
        yamlsafe.load(yamlsafe.decode_text(data, f"{case}.yaml"), f"{case}.yaml")
    (problem,) = info.value.problems
    assert problem.file == f"{case}.yaml"


@pytest.mark.parametrize("case", _listed("suite-valid-odd"))
def test_odd_valid_yaml_loads_as_plain_data_or_is_refused(case: str) -> None:
    data = _data("suite-valid-odd", case)
    try:
        value = yamlsafe.load(yamlsafe.decode_text(data, f"{case}.yaml"), f"{case}.yaml")
    except DataError as exc:
        assert len(exc.problems) == 1
        return
    assert _plain(value)


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("suite") / "collection"
    shutil.copytree(REPO_ROOT / "drafts", root / "drafts")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    yield root


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("folder", "case"), CASES, ids=[f"{f[6:]}-{c}" for f, c in CASES])
def test_suite_case_is_rejected_cleanly(collection: Path, folder: str, case: str, target: str) -> None:
    path = collection / target
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(_data(folder, case))
    try:
        commands = [("check",), ("list",)] if target == "drafts/v9.yaml" else [("check",)]
        for args in commands:
            start = time.perf_counter()
            result = CliRunner().invoke(app, ["--root", str(collection), *args])
            seconds = time.perf_counter() - start
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert result.exit_code == 1, result.output
            assert "Traceback" not in result.output
            assert not UNSAFE.search(result.output), repr(result.output)
            assert seconds < TIME_LIMIT, f"{seconds:.2f} s"
            errors = list(ERROR_LINE.finditer(result.stderr))
            assert len(errors) == 1, result.stderr
            where, message = errors[0]["where"], errors[0]["message"]
            assert where is not None and re.fullmatch(re.escape(target) + r"(:\d+:\d+)?", where), result.stderr
            if message.startswith("invalid YAML"):  # the parser always says where
                assert where != target, result.stderr
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
