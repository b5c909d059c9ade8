"""Hostile and broken input through the CLI: one clear message, never a traceback, a hang or a leak.

Every file in tests/hostile/ is dropped into a copy of the shipped collection (a file under
hostile/draft/ becomes drafts/v9.yaml, hostile/agreement/ drafts/agreement.yaml, hostile/sources/
seeds/sources.yaml) and run through `check`, `check --format json`, `list` and a command that
reports (`show v9` for a draft, `diff v1 v3` otherwise). Each case must fail with exit code 1 or 2
and exactly one error naming the file (with line and column where there is one), print no
traceback and no control character, and finish well under a second. Cases too big to commit
(billion laughs, deep nesting, oversize files) and ones that need the file system (FIFOs,
directories, symlinks) are made here at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.reading import yamlsafe

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "hostile"
REPO_ROOT = HERE.parent
TARGETS = {"draft": "drafts/v9.yaml", "agreement": "drafts/agreement.yaml", "sources": "seeds/sources.yaml"}
# No C0 control but the newline, no DEL, no C1, no bidirectional override may reach the terminal.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
KIND_LIMITS = {
    "drafts/v9.yaml": yamlsafe.DRAFT,
    "drafts/agreement.yaml": yamlsafe.AGREEMENT,
    "seeds/sources.yaml": yamlsafe.REGISTRY,
}
ERROR_LINE = re.compile(r"^(?:(?P<where>.+?): )?error: (?P<message>.*)$", re.MULTILINE)
TIME_LIMIT = 1.0  # seconds per command; most take a few hundredths

BASE = (CORPUS / "base-draft.yaml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    kind: str  # loading | values | fields | structure | registry | names
    message: str  # a fragment of the one error message
    # (line, column) the message must name, when the problem has a place; column None: any column of
    # that line (where the YAML library's scanner, which reads ahead, finds the problem first).
    at: tuple[int, int | None] | None = None
    check_only: bool = False  # a quote or archive problem: `list` does not read archives, so it succeeds


EXPECTED: dict[str, Case] = {
    # -- loading: tags that would construct objects, anchors and aliases, duplicate keys
    "draft/tag-python-object.yaml": Case("loading", "YAML tags are not allowed", (1, 8)),
    "draft/tag-python-name.yaml": Case("loading", "YAML tags are not allowed", (1, 8)),
    "draft/tag-python-module.yaml": Case("loading", "YAML tags are not allowed", (1, 1)),
    "draft/tag-custom.yaml": Case("loading", "YAML tags are not allowed (!secret)", (1, 8)),
    "draft/tag-binary.yaml": Case("loading", "YAML tags are not allowed", (1, 8)),
    "draft/tag-str.yaml": Case("loading", "YAML tags are not allowed", (1, 8)),
    "draft/tag-on-mapping.yaml": Case("loading", "YAML tags are not allowed", (4, 8)),
    "draft/tag-directive.yaml": Case("loading", "YAML tags are not allowed", (3, 8)),
    "agreement/python-tag.yaml": Case("loading", "YAML tags are not allowed", (1, 7)),
    "draft/anchor-and-alias.yaml": Case("loading", "YAML anchors (&name) are not allowed", (1, 8)),
    "draft/alias-undefined.yaml": Case("loading", "YAML aliases (*name) are not allowed", (1, 8)),
    "draft/merge-key.yaml": Case("loading", "YAML anchors (&name) are not allowed", (5, 9)),
    "draft/billion-laughs-small.yaml": Case("loading", "YAML anchors (&name) are not allowed", (1, 4)),
    "sources/alias.yaml": Case("loading", "YAML aliases (*name) are not allowed", (43, 7)),
    "draft/duplicate-key-top.yaml": Case(
        "loading", "duplicate key 'title' (first at line 1, again at line 11)", (11, 1)
    ),
    "draft/duplicate-key-quoted.yaml": Case(
        "loading", "duplicate key 'title' (first at line 1, again at line 11)", (11, 1)
    ),
    "draft/duplicate-key-term.yaml": Case(
        "loading", "duplicate key 'fund_size' (first at line 5, again at line 11)", (11, 3)
    ),
    "draft/duplicate-key-value.yaml": Case(
        "loading", "duplicate key 'value' (first at line 6, again at line 7)", (7, 5)
    ),
    "draft/duplicate-key-source-entry.yaml": Case(
        "loading", "duplicate key 'quote' (first at line 10, again at line 11)", (11, 9)
    ),
    "agreement/duplicate-term.yaml": Case(
        "loading", "duplicate key 'fund_size' (first at line 4, again at line 7)", (7, 3)
    ),
    "sources/duplicate-id.yaml": Case(
        "loading", "duplicate key 'unn-isw' (first at line 4, again at line 43)", (43, 1)
    ),
    # -- loading: encodings, binary, empty and comment-only files, the wrong shape, several documents
    "draft/non-utf8-latin1.yaml": Case("loading", "not valid UTF-8 (byte 0xe9)", (7, 33)),
    "draft/non-utf8-utf16.yaml": Case("loading", "the file is UTF-16, not UTF-8"),
    "draft/binary-nul.yaml": Case("loading", "binary file (contains a NUL byte)", (1, 12)),
    "draft/binary-png.yaml": Case("loading", "binary file (contains a NUL byte)", (3, 1)),
    "draft/empty.yaml": Case("loading", "file is empty"),
    "agreement/empty.yaml": Case("loading", "file is empty"),
    "draft/whitespace-only.yaml": Case("loading", "file is empty"),
    "draft/bom-only.yaml": Case("loading", "file is empty"),
    "draft/comment-only.yaml": Case("loading", "the file holds only comments"),
    "draft/top-level-list.yaml": Case("loading", "expected a mapping of fields at the top, found a list", (1, 1)),
    "agreement/top-level-list.yaml": Case("loading", "expected a mapping of fields at the top, found a list", (1, 1)),
    "sources/top-level-list.yaml": Case("loading", "expected a mapping of fields at the top, found a list", (1, 1)),
    "draft/top-level-scalar.yaml": Case("loading", "expected a mapping of fields at the top, found text"),
    "draft/top-level-number.yaml": Case("loading", "expected a mapping of fields at the top, found a single value"),
    "draft/top-level-null.yaml": Case("loading", "expected a mapping of fields"),
    "draft/top-level-empty-mapping.yaml": Case("loading", "the file has no fields", (1, 1)),
    "draft/not-a-draft.yaml": Case("loading", "none of the fields here belongs in this file (name, version)", (1, 1)),
    "sources/entries-not-mappings.yaml": Case("loading", "none of the entries here is a mapping of fields", (1, 1)),
    "draft/multi-document.yaml": Case("loading", "more than one YAML document in the file", (11, 1)),
    "draft/multi-document-after-end.yaml": Case("loading", "more than one YAML document in the file", (12, 1)),
    "draft/multi-document-empty-second.yaml": Case("loading", "more than one YAML document in the file", (11, 1)),
    "draft/nested-too-deep-small.yaml": Case("loading", "nesting deeper than 24 levels", (11, 31)),
    # -- loading: invalid YAML, including what PyYAML accepts but YAML forbids
    "draft/syntax-unclosed-quote.yaml": Case("loading", "invalid YAML: found unexpected end of stream", (11, 1)),
    # The parser's own words differ between libyaml and pure-Python PyYAML: pin ours and the place.
    "draft/syntax-unclosed-flow.yaml": Case("loading", "invalid YAML: ", (2, 5)),
    "draft/syntax-tab-indent.yaml": Case("loading", "invalid YAML", (6, 1)),
    "draft/syntax-bad-indent.yaml": Case("loading", "invalid YAML", (7, 4)),
    "draft/syntax-colon-in-value.yaml": Case("loading", "invalid YAML: mapping values are not allowed", (7, 28)),
    "draft/syntax-comment-without-space.yaml": Case("loading", "a comment must be separated", (1, 20)),
    "draft/syntax-quoted-continuation-not-indented.yaml": Case(
        "loading", "continuation line is not indented enough", (8, 1)
    ),
    "draft/syntax-raw-escape-byte.yaml": Case("loading", "control characters are not allowed (U+001B)", (1, 13)),
    "draft/syntax-raw-c1-control.yaml": Case("loading", "control characters are not allowed (U+009B)", (1, 13)),
    "draft/key-complex.yaml": Case("loading", "mapping keys must be plain names", (5, 5)),
    "draft/key-null.yaml": Case("loading", "mapping keys must be plain names", (11, 1)),
    "draft/key-mapping.yaml": Case("loading", "mapping keys must be plain names", (11, 1)),
    # -- values: impossible dates, percentages out of range, numbers that are not finite or too large
    "draft/date-february-30.yaml": Case("values", "'2025-02-30' is not a date: February 2025 has 28 days", (2, 1)),
    "draft/date-month-13.yaml": Case("values", "'2025-13' is not a date: there is no month 13", (2, 1)),
    "draft/date-month-00.yaml": Case("values", "there is no month 0", (2, 1)),
    "draft/date-words.yaml": Case("values", "'last Tuesday' is not a date", (2, 1)),
    "draft/date-number.yaml": Case("values", "date: expected text", (2, 1)),
    "draft/date-timestamp.yaml": Case("values", "is not a date", (2, 1)),
    "draft/date-year-1066.yaml": Case("values", "is not a plausible date", (2, 1)),
    "draft/date-list.yaml": Case("values", "date: expected text", (2, 1)),
    "sources/published-impossible.yaml": Case("values", "February 2025 has 28 days", (7, 3)),
    "draft/percent-negative.yaml": Case("values", "-5 is outside 0-100", (12, 5)),
    "draft/percent-over-100.yaml": Case("values", "150 is outside 0-100", (12, 5)),
    "draft/percent-over-100-text.yaml": Case("values", "'101%' is outside 0-100", (12, 5)),
    "draft/percent-inf.yaml": Case("values", "'.inf' is not a usable number", (12, 12)),
    "draft/percent-negative-inf.yaml": Case("values", "'-.inf' is not a usable number", (12, 12)),
    "draft/percent-nan.yaml": Case("values", "'.nan' is not a usable number", (12, 12)),
    "draft/percent-nan-text.yaml": Case("values", "'NaN%' is outside 0-100", (12, 5)),
    "draft/percent-1e999.yaml": Case("values", "'1e999' is too large a number", (12, 12)),
    "draft/percent-ten-to-the-40.yaml": Case("values", "number with 41 digits is too large", (12, 12)),
    "draft/percent-tiny-exponent.yaml": Case("values", "has more than 40 decimal places", (12, 5)),
    "draft/percent-words.yaml": Case("values", "'half' is not a percentage", (12, 5)),
    "draft/money-negative.yaml": Case("values", "an amount cannot be negative", (6, 5)),
    "draft/money-huge.yaml": Case("values", "the amount is implausibly large", (6, 5)),
    "draft/money-inf.yaml": Case("values", "'.inf' is not a usable number", (6, 21)),
    "draft/money-1e999.yaml": Case("values", "'1e999' is too large a number", (6, 21)),
    "draft/money-ten-to-the-40.yaml": Case("values", "number with 41 digits is too large", (6, 21)),
    "draft/money-no-currency.yaml": Case("values", "350 has no currency", (6, 5)),
    "draft/money-bad-currency.yaml": Case("values", "'dollars' is not an ISO currency code", (6, 5)),
    "draft/money-too-many-places.yaml": Case("values", "the amount has more than 40 decimal places", (6, 5)),
    "draft/text-value-mapping.yaml": Case("values", "is not a phrase", (12, 5)),
    "draft/flag-maybe.yaml": Case("values", "'maybe' is not yes or no", (12, 5)),
    "draft/list-empty.yaml": Case("values", "[] is not a non-empty list", (12, 5)),
    # -- unknown fields anywhere
    "draft/unknown-field-top.yaml": Case("fields", "unknown field 'signed_by'", (11, 1)),
    "draft/unknown-field-term.yaml": Case("fields", "terms.fund_size: unknown field 'confidence'", (8, 5)),
    "draft/unknown-field-source-entry.yaml": Case("fields", "terms.fund_size.sources.0: unknown field 'page'", (11, 9)),
    "draft/unknown-field-claim.yaml": Case(
        "fields", "terms.debt_treatment.claims.0: unknown field 'confidence'", (17, 9)
    ),
    "agreement/unknown-field-top.yaml": Case("fields", "unknown field 'version'", (64, 1)),
    "agreement/unknown-field-term-spec.yaml": Case("fields", "terms.fund_size: unknown field 'colour'", (7, 5)),
    "sources/unknown-field-entry.yaml": Case("fields", "unn-isw: unknown field 'author'", (6, 3)),
    # -- wrong types and names
    "draft/title-list.yaml": Case("structure", "title: expected text", (1, 1)),
    "draft/title-empty.yaml": Case("structure", "title: must not be empty", (1, 1)),
    "draft/title-bool.yaml": Case("structure", "title: expected text", (1, 1)),
    "draft/terms-list.yaml": Case("structure", "terms: expected a mapping of fields", (4, 1)),
    "draft/stage-unknown.yaml": Case("structure", "stage: input should be 'proposal'", (3, 1)),
    "draft/status-unknown.yaml": Case("structure", "terms.fund_size.status: input should be 'stated'", (6, 5)),
    "draft/term-unknown.yaml": Case("structure", "fund_szie: unknown term", (5, 3)),
    "draft/source-unknown.yaml": Case("structure", "unknown source 'ufl-dmitirev'", (9, 9)),
    "draft/source-path.yaml": Case("structure", "source: must be a plain name", (9, 9)),
    "agreement/type-unknown.yaml": Case("structure", "terms.fund_size.type: input should be 'money'", (6, 5)),
    "agreement/weight-unknown.yaml": Case("structure", "terms.fund_size.weight: input should be 'headline'", (7, 5)),
    "agreement/term-name-path.yaml": Case("structure", "must be a plain name", (4, 3)),
    "agreement/terms-empty.yaml": Case("structure", "terms: needs at least one entry", (3, 1)),
    # -- quotes and the source registry: paths, missing or changed archives
    "draft/quote-not-found.yaml": Case(
        "registry", "fund_size: quote not found in ufl-dmitriev", (10, 9), check_only=True
    ),
    "draft/quote-very-long-not-found.yaml": Case(
        "registry", "quote not found in ufl-dmitriev", (10, 9), check_only=True
    ),
    "sources/file-traversal.yaml": Case("registry", "unn-isw.file: must be a file name inside seeds/", (8, 3)),
    "sources/file-absolute.yaml": Case("registry", "unn-isw.file: must be a file name inside seeds/", (8, 3)),
    "sources/file-hidden.yaml": Case("registry", "unn-isw.file: must be a file name inside seeds/", (8, 3)),
    "sources/id-path.yaml": Case("registry", "must be a plain name", (43, 1)),
    "sources/sha256-malformed.yaml": Case("registry", "unn-isw.sha256: must be a sha256", (9, 3)),
    "sources/file-missing.yaml": Case(
        "registry", "seeds/999_missing.txt, the archive of unn-isw, is missing", (8, 3), check_only=True
    ),
    "sources/sha256-mismatch.yaml": Case(
        "registry", "does not match the sha256 registered for unn-isw", (9, 3), check_only=True
    ),
}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    exception: BaseException | None

    @property
    def errors(self) -> list[re.Match[str]]:
        return list(ERROR_LINE.finditer(self.stderr))


def run(root: Path, *args: str) -> Run:
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(app, ["--root", str(root), *args])
    seconds = time.perf_counter() - start
    return Run(result.exit_code, result.stdout, result.stderr, seconds, result.exception)


def assert_no_leak(outcome: Run) -> None:
    """No traceback, no escaped exception, nothing a terminal would act on, and quick."""
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), repr(outcome.exception)
    for stream in (outcome.stdout, outcome.stderr):
        assert "Traceback" not in stream
        assert not UNSAFE.search(stream), repr(stream[:500])
    assert outcome.seconds < TIME_LIMIT, f"took {outcome.seconds:.2f} s"


def assert_one_error(outcome: Run, file: str, message: str, at: tuple[int, int | None] | None) -> None:
    assert outcome.code in (1, 2), (outcome.code, outcome.stdout[:300], outcome.stderr[:300])
    errors = outcome.errors
    assert len(errors) == 1, outcome.stderr
    (error,) = errors
    if at is not None and at[1] is None:
        assert error["where"].startswith(f"{file}:{at[0]}:"), outcome.stderr
    else:
        where = file if at is None else f"{file}:{at[0]}:{at[1]}"
        assert error["where"] == where, outcome.stderr
    assert message in error["message"], outcome.stderr


def place(root: Path, target: str, data: bytes) -> None:
    path = root / target
    if path.is_symlink() or path.exists():
        path.unlink()
    path.write_bytes(data)


def _corpus() -> list[str]:
    return sorted(f"{p.parent.name}/{p.name}" for p in CORPUS.glob("*/*") if p.parent.name in TARGETS)


def test_every_corpus_file_has_an_expectation() -> None:
    assert set(_corpus()) == set(EXPECTED), set(_corpus()) ^ set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case_fails_cleanly(root: Path, name: str) -> None:
    case = EXPECTED[name]
    folder = name.split("/")[0]
    target = TARGETS[folder]
    place(root, target, (CORPUS / name).read_bytes())

    checked = run(root, "check")
    assert_no_leak(checked)
    assert checked.code == 1
    assert_one_error(checked, target, case.message, case.at)

    as_json = run(root, "check", "--format", "json")
    assert_no_leak(as_json)
    report = json.loads(as_json.stdout)
    assert not report["ok"] and len(report["errors"]) == 1
    (error,) = report["errors"]
    assert error["file"] == target and case.message in error["message"]
    assert (error["line"], error["column"]) == (case.at or (None, None))

    reporting = ("show", "v9") if folder == "draft" else ("diff", "v1", "v3")
    for args in (("list",), reporting):
        outcome = run(root, *args)
        assert_no_leak(outcome)
        if case.check_only and args == ("list",):
            assert outcome.code == 0
            continue
        assert_one_error(outcome, target, case.message, case.at)


# -- cases made at run time: too big to commit, or needing the file system ------------------------


def billion_laughs() -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return ("\n".join(lines) + "\n" + BASE).encode()


def aliases_only() -> bytes:
    return (BASE + "notes: [" + ", ".join(["*a"] * 100_000) + "]\n").encode()


def deep_flow() -> bytes:
    return (BASE + "notes: " + "[" * 200_000 + "]" * 200_000 + "\n").encode()


def deep_block() -> bytes:
    return (BASE + "notes:\n" + "".join(" " * (2 * i + 2) + f"k{i}:\n" for i in range(500))).encode()


def deep_sequences() -> bytes:
    return (BASE + "notes:\n" + "  " + "- " * 2000 + "x\n").encode()


def oversize() -> bytes:
    return (BASE + "notes: " + "x" * (1 << 20) + "\n").encode()


def too_many_values() -> bytes:
    return (BASE + "notes: [" + ",".join(["1"] * 30_000) + "]\n").encode()


def many_unknown_terms() -> bytes:
    return (BASE + "".join(f"  t{i}:\n    value: x\n" for i in range(4_000))).encode()


def many_quotes_not_found() -> bytes:
    words = " ".join(["words"] * 50)
    citation = "      - source: ufl-dmitriev\n        quote: {}\n"
    entries = "".join(citation.format(f"{words} {i}") for i in range(300))
    return BASE.replace(
        "      - source: ufl-dmitriev\n        quote: suggested creating a $500 billion fund\n", entries
    ).encode()


GENERATED: dict[str, tuple[Callable[[], bytes], Case]] = {
    "billion-laughs": (billion_laughs, Case("loading", "YAML anchors (&name) are not allowed", (1, 7))),
    "aliases-only": (aliases_only, Case("loading", "YAML aliases (*name) are not allowed", (11, 9))),
    "deep-flow": (deep_flow, Case("loading", "nesting deeper than 24 levels", (11, None))),
    "deep-block": (deep_block, Case("loading", "nesting deeper than 24 levels", (35, 49))),
    "deep-sequences": (deep_sequences, Case("loading", "nesting deeper than 24 levels", (12, 49))),
    "oversize": (oversize, Case("loading", "file is larger than 1024 KiB")),
    "too-many-values": (too_many_values, Case("loading", "more than 20000 values in one file", (11, 39961))),
    "many-unknown-terms": (many_unknown_terms, Case("structure", "unknown term")),
    "many-quotes-not-found": (many_quotes_not_found, Case("registry", "quote not found", check_only=True)),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_case_fails_cleanly(root: Path, name: str) -> None:
    make, case = GENERATED[name]
    place(root, "drafts/v9.yaml", make())
    checked = run(root, "check")
    assert_no_leak(checked)
    assert checked.code == 1
    if name == "many-quotes-not-found":  # the first 50 with their places, then one line counting the rest
        *listed, rest = checked.errors
        assert len(listed) == 50
        assert all(e["where"].startswith("drafts/v9.yaml:") and case.message in e["message"] for e in listed)
        assert (
            rest["where"] == "drafts/v9.yaml"
            and rest["message"] == "250 more quote problem(s) in this file, not listed"
        )
        return
    if name == "many-unknown-terms":  # 4,000 problems: the first 50 are reported, and quickly
        assert len(checked.errors) == 50
        assert all(case.message in e["message"] for e in checked.errors)
        return
    assert_one_error(checked, "drafts/v9.yaml", case.message, case.at)
    listed = run(root, "list")
    assert_no_leak(listed)
    assert_one_error(listed, "drafts/v9.yaml", case.message, case.at)


@pytest.mark.parametrize("target", sorted(TARGETS.values()))
def test_oversize_file_anywhere(root: Path, target: str) -> None:
    limit = KIND_LIMITS[target].file_bytes  # each kind of file has its own, from what it holds
    place(root, target, (BASE + "notes: " + "x" * limit + "\n").encode())
    outcome = run(root, "check")
    assert_no_leak(outcome)
    assert_one_error(outcome, target, f"file is larger than {limit // 1024} KiB", None)


def _fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(path)


SPECIAL_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "not a regular file"),  # opening it would block for ever
    "directory": (lambda path: path.mkdir(), "is a directory, not a file"),
    "symlink-to-dev-zero": (lambda path: path.symlink_to("/dev/zero"), "not a regular file"),
    "dangling-symlink": (lambda path: path.symlink_to(path.parent / "nowhere.yaml"), "file not found"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL_FILES))
def test_special_file_as_a_draft(root: Path, kind: str) -> None:
    make, message = SPECIAL_FILES[kind]
    if kind == "symlink-to-dev-zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    make(root / "drafts" / "v9.yaml")
    for args in (("check",), ("list",)):
        outcome = run(root, *args)
        assert_no_leak(outcome)
        assert_one_error(outcome, "drafts/v9.yaml", message, None)


def test_fifo_named_on_the_command_line(root: Path) -> None:
    _fifo(root / "drafts" / "v9.yaml")
    outcome = run(root, "check", str(root / "drafts" / "v9.yaml"))
    assert_no_leak(outcome)
    assert_one_error(outcome, "drafts/v9.yaml", "not a regular file", None)


# -- archives: a source registry entry pointing at a broken archive ------------------------------

ARCHIVE_ENTRY = """hostile:
  outlet: Hostile outlet
  title: A hostile archive
  published: 2025-03-01
  file: {file}
  sha256: {sha256}
"""
CITING = BASE.replace("source: ufl-dmitriev", "source: hostile")


def _register(root: Path, file: str, data: bytes | None) -> None:
    sha = hashlib.sha256(data if data is not None else b"").hexdigest()
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "\n" + ARCHIVE_ENTRY.format(file=file, sha256=sha), encoding="utf-8"
    )
    place(root, "drafts/v9.yaml", CITING.encode())


ARCHIVES: dict[str, tuple[Callable[[Path], bytes | None], str, str]] = {
    # name: (make the archive at the path, returning its bytes; where the error is; message)
    "binary": (lambda p: _write(p, b"suggested creating a $500 billion fund\x00\x01"), "seeds/hostile.txt:1:39", "NUL"),
    "non-utf8": (
        lambda p: _write(p, b"suggested creating a $500 billion fund \xff"),
        "seeds/hostile.txt:1:40",
        "UTF-8",
    ),
    "directory": (lambda p: _mkdir(p), "seeds/hostile.txt", "not a regular file"),
    "fifo": (lambda p: _mkfifo(p), "seeds/hostile.txt", "not a regular file"),
    "oversize": (lambda p: _sparse(p, (16 << 20) + 1), "seeds/hostile.txt", "archive is larger than 16 MiB"),
    "missing": (lambda p: None, "seeds/sources.yaml", "seeds/hostile.txt, the archive of hostile, is missing"),
}


def _write(path: Path, data: bytes) -> bytes:
    path.write_bytes(data)
    return data


def _mkdir(path: Path) -> None:
    path.mkdir()


def _mkfifo(path: Path) -> None:
    _fifo(path)


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)


@pytest.mark.parametrize("kind", sorted(ARCHIVES))
def test_broken_archive(root: Path, kind: str) -> None:
    make, where, message = ARCHIVES[kind]
    data = make(root / "seeds" / "hostile.txt")
    _register(root, "hostile.txt", data)
    at = None
    if where == "seeds/sources.yaml":  # the registry entry's own line: the one that names the file
        lines = (root / where).read_text(encoding="utf-8").splitlines()
        at = (lines.index("  file: hostile.txt") + 1, 3)
    for args in (("check",), ("show", "v9")):
        outcome = run(root, *args)
        assert_no_leak(outcome)
        assert_one_error(outcome, where, message, at)


def test_archive_name_with_a_nul_byte(root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    entry = ARCHIVE_ENTRY.format(file='"hostile\\0.txt"', sha256="0" * 63 + "a")
    registry.write_text(registry.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    place(root, "drafts/v9.yaml", CITING.encode())
    outcome = run(root, "check")
    assert_no_leak(outcome)
    assert_one_error(outcome, "seeds/hostile\\x00.txt", "cannot read the archive", None)


# -- file names and command-line arguments ------------------------------------------------------

FILE_NAMES = [
    "-rf.yaml",
    "first.yaml",
    "latest.yaml",
    "v 1.yaml",
    "\x1b[31mred.yaml",
    "v1\u202eevil.yaml",
    "a" * 80 + ".yaml",
]


@pytest.mark.parametrize("name", FILE_NAMES, ids=lambda n: repr(n)[1:21])
def test_hostile_version_file_name(root: Path, name: str) -> None:
    try:
        (root / "drafts" / name).write_bytes(BASE.encode())
    except OSError:
        pytest.skip("the file system refuses this name")
    outcome = run(root, "check")
    assert_no_leak(outcome)
    (error,) = outcome.errors
    assert "is not a usable version file name" in error["message"]


ARGUMENTS: list[tuple[tuple[str, ...], str]] = [
    (("show", "../x"), "unknown version '../x'"),
    (("show", "v1/../../y"), "unknown version 'v1/../../y'"),
    (("show", "/etc/passwd"), "unknown version '/etc/passwd'"),
    (("show", ""), "unknown version ''"),
    (("show", ".."), "unknown version '..'"),
    (("show", "\x1b[31mv1"), "unknown version '\\x1b[31mv1'"),
    (("show", "v1\u202e"), "unknown version 'v1<U+202E>'"),
    (("diff", "../x", "v1"), "unknown version '../x'"),
    (("diff", "v1", "v1/../../y"), "unknown version 'v1/../../y'"),
    (("diff", "../x"), "unknown version '../x'"),
    (("new", "../x"), "'../x' is not a usable version id"),
    (("new", "v1/../../y"), "'v1/../../y' is not a usable version id"),
    (("new", "/tmp/drafts-hostile"), "is not a usable version id"),
    (("new", ".."), "'..' is not a usable version id"),
    (("new", "first"), "'first' is not a usable version id"),
    (("new", "v4", "--from", "../v1"), "unknown version '../v1'"),
    (("new", "\x1b]52;c;cHduZWQ=\x07"), "is not a usable version id"),
    (("history", "../x"), "unknown term '../x'"),
    (("history", "\x1b[2J"), "unknown term '\\x1b[2J'"),
    (("log", "--since", "../x"), "unknown version '../x'"),
    (("log", "--until", "v1/../../y"), "unknown version 'v1/../../y'"),
]


def _commands() -> set[str]:
    from typer.main import get_command

    command = get_command(app)
    return set(getattr(command, "commands", {}))


@pytest.mark.parametrize(("args", "message"), ARGUMENTS, ids=lambda a: repr(a)[:30])
def test_version_ids_that_are_paths_are_usage_errors(root: Path, args: tuple[str, ...], message: str) -> None:
    if args[0] not in _commands():
        pytest.skip(f"drafts {args[0]} does not exist yet")
    before = sorted(p.name for p in (root / "drafts").iterdir())
    outcome = run(root, *args)
    assert_no_leak(outcome)
    assert outcome.code == 2
    (error,) = outcome.errors
    assert error["where"] is None and message in error["message"]
    assert sorted(p.name for p in (root / "drafts").iterdir()) == before  # nothing written anywhere
    assert not Path("/tmp/drafts-hostile.yaml").exists()


def test_check_named_files_that_are_not_drafts(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    for path, message in (
        (tmp_path / "missing" / "v9.yaml", "file not found"),
        (root / "drafts", "is not a usable version file name"),
        (outside, "is not a usable version file name"),
    ):
        outcome = run(root, "check", str(path))
        assert_no_leak(outcome)
        assert outcome.code == 1
        (error,) = outcome.errors
        assert message in error["message"]


# -- a real process: nothing escapes main() -------------------------------------------------------

WORST = {
    "tag-python-object": (CORPUS / "draft" / "tag-python-object.yaml").read_bytes,
    "billion-laughs": billion_laughs,
    "deep-flow": deep_flow,
    "oversize": oversize,
    "binary-png": (CORPUS / "draft" / "binary-png.yaml").read_bytes,
    "non-utf8-latin1": (CORPUS / "draft" / "non-utf8-latin1.yaml").read_bytes,
    "raw-escape-byte": (CORPUS / "draft" / "syntax-raw-escape-byte.yaml").read_bytes,
}


def _process(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DRAFTS_NO_CACHE": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "drafts", "--root", str(root), *args],
        capture_output=True,
        env=env,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(WORST))
def test_worst_cases_in_a_real_process(root: Path, name: str) -> None:
    place(root, "drafts/v9.yaml", WORST[name]())
    for args in (("check",), ("diff", "v1", "v3")):
        start = time.perf_counter()
        done = _process(root, *args)
        seconds = time.perf_counter() - start
        stderr = done.stderr.decode("utf-8")
        assert done.returncode == 1, stderr
        assert "Traceback" not in stderr and "internal error" not in stderr
        assert not UNSAFE.search(stderr + done.stdout.decode("utf-8"))
        assert len(ERROR_LINE.findall(stderr)) == 1, stderr
        assert seconds < 5, f"{seconds:.2f} s for the whole process"


def test_main_turns_a_bug_into_one_line(root: Path) -> None:
    """Even an unexpected exception carrying hostile text leaves main() as one clean line."""
    code = (
        "import sys, drafts.cli as cli\n"
        "def boom():\n"
        "    raise RuntimeError('bug \\x1b]52;c;cHduZWQ=\\x07 \\u202e')\n"
        "cli._collection = boom\n"
        "sys.argv = ['drafts', 'list']\n"
        "cli.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=30, check=False, env={**os.environ, "NO_COLOR": "1"}
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1
    assert "Traceback" not in stderr
    assert stderr.startswith("drafts: internal error (RuntimeError): bug \\x1b]52;c;cHduZWQ=\\x07 <U+202E>\n")
    assert not UNSAFE.search(stderr)


def test_corpus_folder_documents_itself() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for folder in TARGETS:
        assert f"{folder}/" in readme


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00\xff garbage", b"[" * 200_000, b'{"format": 1, "entries": "x"}', b'{"format": 1, "drafts": 1e999}'],
    ids=["empty", "binary", "nested-too-deep", "wrong-shape", "infinity"],
)
def test_a_damaged_parse_cache_only_costs_speed(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    monkeypatch.setenv("DRAFTS_CACHE_DIR", str(tmp_path / "cache"))
    first = run(root, "list")
    assert first.code == 0
    files = list((tmp_path / "cache").glob("*/*.json"))  # the index and one file per parsed file
    assert files
    for cache in files:
        cache.write_bytes(damage)
    again = run(root, "list")
    assert_no_leak(again)
    assert (again.code, again.stdout) == (0, first.stdout)
