"""Fuzzing the safe loader, the value parsers and `check`: random and mutated YAML and bytes.

The only allowed outcomes are plain data (or a valid version) and a `DataError` whose problems
name the file and a position inside it; through the CLI, exit code 0 or 1 with no traceback
and no control character. The mutations start from the shipped v1.yaml: byte flips, insertions
of YAML syntax, truncation, deletions and swapped lines.
"""

from __future__ import annotations

import math
import re
import shutil
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafts.cli import app
from drafts.errors import DataError, Problem
from drafts.reading import yamlsafe
from drafts.reading.loader import load_agreement, load_sources, load_version
from drafts.records.model import Version
from drafts.records.values import ValueProblem, ValueType, delta, format_delta, parse_value, to_json

REPO_ROOT = Path(__file__).resolve().parent.parent
V1 = (REPO_ROOT / "drafts" / "v1.yaml").read_bytes()
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
SYNTAX = [
    ":", ": ", " ", "\n", "- ", "-", "? ", "[", "]", "{", "}", ",", "#", " #", "&a ", "*a", "!", "!!str ",
    "!!python/object:os.system ", "|", "|-", ">", ">+", "'", '"', "\t", "%YAML 1.2\n", "%TAG ! x:\n", "---\n",
    "...\n", "\\", "\\e", "\\u202e", "\\x1b", "\r", "\r\n", "\ufeff", "\x00", "\x1b", "\x85", "\u2028", "a", "é",
    "1", "0x1F", "1e999", "-1e999", ".inf", ".nan", "~", "null", "true", "no", "<<: ", "  ", "    ", "key: value\n",
    "99999999999999999999999999999999999", "2025-02-30", "$500 billion",
]  # fmt: skip


def _problems_are_well_formed(problems: list[Problem], name: str, text: str | None) -> None:
    assert problems
    lines = (len(yamlsafe._LINE_BREAK.split(text)) + 1) if text is not None else None
    for problem in problems:
        assert problem.file == name
        assert isinstance(problem.message, str) and problem.message
        if problem.line is not None:
            assert problem.line >= 1 and (lines is None or problem.line <= lines), (problem, lines)
        if problem.column is not None:
            assert problem.line is not None and problem.column >= 1


def _assert_plain(value: Any, depth: int = 0) -> None:
    assert depth <= yamlsafe.MAX_DEPTH + 1
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            _assert_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item, depth + 1)
    elif isinstance(value, float):
        assert math.isfinite(value)
    else:
        assert value is None or isinstance(value, str | int | bool)


def load_text(text: str, name: str = "fuzz.yaml") -> Any:
    try:
        value = yamlsafe.load(text, name)
    except DataError as exc:
        _problems_are_well_formed(exc.problems, name, text)
        return None
    _assert_plain(value)
    return value


def load_bytes(data: bytes, name: str = "fuzz.yaml") -> Any:
    try:
        text = yamlsafe.decode_text(data, name)
    except DataError as exc:
        _problems_are_well_formed(exc.problems, name, None)
        return None
    return load_text(text, name)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    load_text(text)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    load_bytes(data)


@SETTINGS
@given(st.lists(st.sampled_from([*SYNTAX, "\ud800"]), max_size=60).map("".join))
def test_random_yaml_syntax(text: str) -> None:
    load_text(text)


@SETTINGS
@given(st.lists(st.sampled_from(SYNTAX), max_size=30).map("".join), st.sampled_from(["key: ", "- ", "a:\n  b: "]))
def test_random_yaml_syntax_as_a_value(text: str, prefix: str) -> None:
    load_text(prefix + text)


# -- mutations of the shipped v1.yaml ---------------------------------------------------------


def _flip(data: bytes, at: int, byte: int) -> bytes:
    if not data:
        return data
    at %= len(data)
    return data[:at] + bytes([byte]) + data[at + 1 :]


def _insert(data: bytes, at: int, token: str) -> bytes:
    at %= len(data) + 1
    return data[:at] + token.encode("utf-8") + data[at:]


def _truncate(data: bytes, at: int) -> bytes:
    return data[: at % (len(data) + 1)]


def _delete(data: bytes, at: int, size: int) -> bytes:
    at %= len(data) + 1
    return data[:at] + data[at + size :]


def _swap_lines(data: bytes, first: int, second: int) -> bytes:
    lines = data.split(b"\n")
    i, j = first % len(lines), second % len(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


_POSITION = st.integers(0, 1 << 16)
MUTATION = st.one_of(
    st.builds(lambda at, byte: lambda d: _flip(d, at, byte), _POSITION, st.integers(0, 255)),
    st.builds(lambda at, token: lambda d: _insert(d, at, token), _POSITION, st.sampled_from(SYNTAX)),
    st.builds(lambda at: lambda d: _truncate(d, at), _POSITION),
    st.builds(lambda at, size: lambda d: _delete(d, at, size), _POSITION, st.integers(1, 80)),
    st.builds(lambda i, j: lambda d: _swap_lines(d, i, j), _POSITION, _POSITION),
)
MUTATED_V1 = st.lists(MUTATION, min_size=1, max_size=4).map(lambda ms: _apply(V1, ms))


def _apply(data: bytes, mutations: list[Any]) -> bytes:
    for mutate in mutations:
        data = mutate(data)
    return data


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz") / "collection"
    shutil.copytree(REPO_ROOT / "drafts", root / "drafts")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    yield root


@SETTINGS
@given(MUTATED_V1)
def test_mutated_v1_loads_or_fails_cleanly(data: bytes) -> None:
    load_bytes(data, "drafts/v1.yaml")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=MUTATED_V1)
def test_mutated_v1_is_a_version_or_a_list_of_problems(collection: Path, data: bytes) -> None:
    agreement, problems = load_agreement(collection)
    sources, more = load_sources(collection)
    assert agreement is not None and sources is not None and not problems + more
    path = collection / "drafts" / "fuzzed.yaml"
    path.write_bytes(data)
    version, found = load_version(path, "drafts/fuzzed.yaml", agreement, sources)
    if found:  # a partial version may come back with its problems, so one run lists them all
        _problems_are_well_formed(found, "drafts/fuzzed.yaml", data.decode("utf-8", "replace"))
    if version is not None:
        assert isinstance(version, Version)
        assert list(version.terms) == list(agreement.terms)
    else:
        assert found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=MUTATED_V1)
def test_check_on_a_mutated_v1_exits_cleanly(collection: Path, data: bytes) -> None:
    path = collection / "drafts" / "v1.yaml"
    path.write_bytes(data)
    try:
        for args in (("check",), ("check", "--format", "json"), ("list",)):
            start = time.perf_counter()
            result = CliRunner().invoke(app, ["--root", str(collection), *args])
            seconds = time.perf_counter() - start
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
            assert not UNSAFE.search(result.output), repr(result.output)
            assert seconds < 1.0
    finally:
        path.write_bytes(V1)


# -- values ------------------------------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**40), 10**40),
    st.floats(),
    st.decimals().map(str),
    st.text(max_size=40),
    st.sampled_from(["$500 billion", "USD 5bn", "€1.2m", "50%", "1e-999999999%", "NaN", "sNaN%", "-0", "yes", ""]),
)
_RAW = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["amount", "currency", "flag", "detail", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(get_args(ValueType)), _RAW, _RAW)
def test_values_parse_or_explain(kind: Any, raw: Any, other: Any) -> None:
    parsed = []
    for candidate in (raw, other):
        try:
            value = parse_value(kind, candidate)
        except ValueProblem as exc:
            assert str(exc)
            continue
        text = str(value)
        assert len(text) <= 200 + len(repr(candidate))
        to_json(value)
        parsed.append(value)
    if len(parsed) == 2:
        change = delta(parsed[0], parsed[1])
        if change is not None:
            assert len(format_delta(change)) < 200
            assert isinstance(change.absolute, Decimal)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=200) | st.sampled_from([V1.decode("utf-8")]),
    st.lists(st.one_of(st.text(max_size=10), st.integers(0, 5)), max_size=5).map(tuple),
)
def test_locate_never_fails(text: str, path: tuple[str | int, ...]) -> None:
    found = yamlsafe.locate(text, path)
    assert found is None or (found[0] >= 1 and found[1] >= 1)


# -- the differ and every renderer on any values the parsers accept ---------------------------

_AMOUNTS = st.one_of(
    st.decimals(min_value=0, max_value=Decimal(10) ** 18, places=2),
    st.decimals(min_value=0, max_value=1, places=40),
    st.sampled_from([Decimal(0), Decimal("1e-40"), Decimal(10) ** 18 - 1, Decimal("0.5")]),
)
_MONEY = st.builds(lambda a, form: form.format(a), _AMOUNTS, st.sampled_from(["${:f}", '"USD {:f}"', '"{:f} EUR"']))
_PERCENT = st.one_of(
    st.decimals(min_value=0, max_value=100, places=40).map(lambda d: f'"{d:f}%"'),
    st.sampled_from(["0", "100", '"1e-40%"', '"1E+2%"', "0.0", '"0%"']),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MONEY, _MONEY, _PERCENT, _PERCENT)
def test_diffs_of_any_values_render_cleanly(
    collection: Path, money_a: str, money_b: str, pct_a: str, pct_b: str
) -> None:
    drafts = collection / "drafts"
    v1 = (REPO_ROOT / "drafts" / "v1.yaml").read_text(encoding="utf-8")
    v2 = (REPO_ROOT / "drafts" / "v2.yaml").read_text(encoding="utf-8")
    made = {
        "m1": v1.replace("    value: $500 billion\n", f"    value: {money_a}\n", 1),
        "m2": v1.replace("    value: $500 billion\n", f"    value: {money_b}\n", 1),
        "p1": v2.replace("    value: 50\n", f"    value: {pct_a}\n", 1),
        "p2": v2.replace("    value: 50\n", f"    value: {pct_b}\n", 1),
    }
    for name, text in made.items():
        (drafts / f"{name}.yaml").write_text(text, encoding="utf-8")
    try:
        for pair in (("m1", "m2"), ("p1", "p2")):
            for fmt in ("text", "markdown", "json"):
                result = CliRunner().invoke(app, ["--root", str(collection), "diff", *pair, "--format", fmt])
                assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
                assert result.exit_code in (0, 1), result.output
                assert not UNSAFE.search(result.output)
                assert len(result.stdout) < 200_000
    finally:
        for name in made:
            (drafts / f"{name}.yaml").unlink()
