"""The parse cache: it only ever saves work, never changes a result."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.errors import DataError, UsageError
from drafts.reading import yamlsafe
from drafts.reading.loader import load_collection, load_span
from drafts.reading.parsecache import ParseCache, cache_dir


def _entries(root: Path) -> set[str]:
    """The keys of the cached files (one JSON file each, beside the index)."""
    folder = cache_dir(root)
    assert folder is not None
    return {p.stem for p in folder.glob("*.json") if p.name != "index.json"}


def test_unchanged_files_come_from_the_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_collection(root)
    assert len(_entries(root)) == 5
    calls: list[str] = []
    original = yamlsafe.load

    def counting(text: str, label: str, *limits: object) -> object:
        calls.append(label)
        return original(text, label, *limits)

    monkeypatch.setattr(yamlsafe, "load", counting)
    again = load_collection(root)
    assert not [label for label in calls if label.startswith("drafts/v")], "no draft was parsed again"
    assert [v.terms for v in again.versions] == [v.terms for v in first.versions]


def test_an_edited_file_is_parsed_again(root: Path) -> None:
    load_collection(root)
    v2 = root / "drafts" / "v2.yaml"
    v2.write_text(v2.read_text(encoding="utf-8").replace("Framework agreement", "Framework text"), encoding="utf-8")
    assert load_collection(root).resolve("v2").title == "Framework text"


def test_invalid_files_are_never_cached(root: Path) -> None:
    (root / "drafts" / "v4.yaml").write_text("title: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError):
            load_collection(root)
    assert len(_entries(root)) == 5  # the three valid drafts, the catalogue and the registry


def test_a_damaged_cache_is_ignored(root: Path) -> None:
    load_collection(root)
    folder = cache_dir(root)
    assert folder is not None
    for path in folder.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    assert len(load_collection(root).versions) == 3
    for path in folder.glob("*.json"):
        path.write_text(json.dumps({"format": 1, "drafts": "0.0.0", "entries": {"x": 1}}), encoding="utf-8")
    assert len(load_collection(root).versions) == 3
    assert load_span(root, ("v1", "v3")).resolve("v3") == load_collection(root).resolve("v3")


def test_it_can_be_turned_off_and_survives_an_unwritable_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTS_NO_CACHE", "1")
    assert cache_dir(root) is None
    assert len(load_collection(root).versions) == 3
    monkeypatch.delenv("DRAFTS_NO_CACHE")
    blocker = root / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTS_CACHE_DIR", str(blocker / "cache"))
    assert len(load_collection(root).versions) == 3
    assert ParseCache(root).index == {}


def _tamper(root: Path) -> Path:
    """Make the cached v1 say $5 billion where the file says $500 billion; the entry's file."""
    load_collection(root)
    folder = cache_dir(root)
    assert folder is not None
    (path,) = [p for p in folder.glob("*.json") if "value: $500 billion" in p.read_text(encoding="utf-8")] or [
        p for p in folder.glob("*.json") if '"First US proposal"' in p.read_text(encoding="utf-8")
    ]
    text = path.read_text(encoding="utf-8")
    assert "$500 billion" in text
    path.write_text(text.replace("$500 billion", "$5 billion"), encoding="utf-8")
    return path


def _fund_size(root: Path) -> str:
    return str(load_collection(root).resolve("v1").terms["fund_size"].value)


def test_a_private_cache_is_read(root: Path) -> None:
    """The control for the tests below: a cache only the user can write is trusted as it stands."""
    _tamper(root)
    assert "$5 billion" in _fund_size(root)


@pytest.mark.parametrize(
    "loosen",
    [
        pytest.param(lambda path: path.chmod(0o666), id="file-world-writable"),
        pytest.param(lambda path: path.chmod(0o620), id="file-group-writable"),
        pytest.param(lambda path: path.parent.chmod(0o777), id="folder-world-writable"),
        pytest.param(lambda path: path.parent.chmod(0o770), id="folder-group-writable"),
    ],
)
def test_a_cache_others_can_write_is_ignored(root: Path, loosen: object) -> None:
    path = _tamper(root)
    loosen(path)  # type: ignore[operator]
    try:
        assert "$500 billion" in _fund_size(root)
    finally:
        path.parent.chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "chown") or os.getuid() != 0, reason="giving a file away needs root")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_cache_owned_by_someone_else_is_ignored(root: Path, what: str) -> None:
    path = _tamper(root)
    target = path if what == "file" else path.parent
    os.chown(target, 12345, -1)
    try:
        assert "$500 billion" in _fund_size(root)
    finally:
        os.chown(target, 0, -1)


def test_a_shared_cache_never_changes_what_show_prints(root: Path, runner: CliRunner) -> None:
    path = _tamper(root)
    path.chmod(0o666)
    result = runner.invoke(app, ["--root", str(root), "show", "v1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "$500 billion" in result.stdout and "$5 billion" not in result.stdout


def test_the_cache_is_rewritten_private(root: Path) -> None:
    path = _tamper(root)
    path.chmod(0o666)
    load_collection(root)  # ignores the entry, parses again and writes its own
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "$500 billion" in path.read_text(encoding="utf-8")


def test_an_entry_is_tied_to_the_whole_text(root: Path) -> None:
    """Same size, same modification time, other bytes: read afresh, not trusted to a stat."""
    load_collection(root)
    v1 = root / "drafts" / "v1.yaml"
    text = v1.read_text(encoding="utf-8")
    before = v1.stat()
    v1.write_text(text.replace("value: $500 billion", "value: $600 billion", 1), encoding="utf-8")
    os.utime(v1, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert v1.stat().st_size == before.st_size
    assert "$600 billion" in _fund_size(root)


def test_checking_one_file_keeps_the_other_entries(root: Path, runner: CliRunner) -> None:
    load_collection(root)
    before = _entries(root)
    assert len(before) == 5  # three drafts, the catalogue and the registry
    draft = root / "drafts" / "v4.yaml"
    draft.write_text((root / "drafts" / "v3.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = runner.invoke(app, ["--root", str(root), "check", str(draft)])
    assert result.exit_code == 0, result.output
    after = _entries(root)
    assert before < after and len(after) == 6


def test_a_run_over_every_file_drops_stale_entries(root: Path) -> None:
    load_collection(root)
    v2 = root / "drafts" / "v2.yaml"
    v2.write_text(v2.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    load_collection(root)
    assert len(_entries(root)) == 5


def test_the_cache_is_written_in_one_piece(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """json.dumps then one write: json.dump's many small writes cost 0.3 s per 1,000 drafts."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("json.dump")

    monkeypatch.setattr(json, "dump", refuse)
    load_collection(root)
    assert len(_entries(root)) == 5


def test_a_validated_form_that_differs_from_the_parsed_one_is_kept(root: Path) -> None:
    """Where validation changes data (1 is not True), the cache keeps its result."""
    cache = ParseCache(root)
    key, entry = cache.entry("a: 1\nb: x\n", "t.yaml")
    assert cache.validated(entry, "version") == (False, None)
    cache.record_valid(key, entry, "version", {"b": "x", "a": True})
    assert cache.validated(entry, "version") == (True, {"b": "x", "a": True})
    other, same = cache.entry("a: 2\n", "u.yaml")
    cache.record_valid(other, same, "version", {"a": 2})
    assert same[1] == {"version": None} and cache.validated(same, "version") == (True, {"a": 2})
    cache.save()
    again = ParseCache(root)
    assert list(again.validated(again.entry("a: 1\nb: x\n", "t.yaml")[1], "version")[1]) == ["b", "a"]


def test_fields_returned_in_another_order_are_not_stored_twice(root: Path) -> None:
    """The validator gives a record's fields in the definition's order; the data is the same."""
    cache = ParseCache(root)
    key, entry = cache.entry("notes: n\ntitle: t\n", "t.yaml")
    cache.record_valid(key, entry, "version", {"title": "t", "notes": "n"})
    assert entry[1] == {"version": None}


def test_the_shipped_drafts_are_stored_once_in_the_cache(root: Path) -> None:
    load_collection(root)
    folder = cache_dir(root)
    assert folder is not None
    for name in _entries(root):
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert set(data[2].values()) == {None}, name  # the validated form is the parsed one


def test_a_warm_run_imports_neither_the_yaml_parser_nor_the_validator(root: Path) -> None:
    probe = (
        "import sys; from pathlib import Path; from drafts.reading.loader import load_collection;"
        "c = load_collection(Path(sys.argv[1])); print(len(c.versions), 'yaml' in sys.modules,"
        " 'pydantic_core' in sys.modules)"
    )
    run = [sys.executable, "-c", probe, str(root)]
    cold = subprocess.run(run, capture_output=True, text=True, check=True).stdout.split()
    warm = subprocess.run(run, capture_output=True, text=True, check=True).stdout.split()
    assert cold == ["3", "True", "True"]
    assert warm == ["3", "False", "False"]


def _more_versions(root: Path, count: int = 5) -> None:
    """v4 ... v(3+count): copies of v3, each with its own content, dated as v3 (ordered by id)."""
    text = (root / "drafts" / "v3.yaml").read_text(encoding="utf-8")
    for n in range(4, 4 + count):
        (root / "drafts" / f"v{n}.yaml").write_text(f"{text}# copy {n}\n", encoding="utf-8")


def _counting_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from drafts.reading import loader

    calls: list[str] = []
    original = loader.load_version

    def counting(path: Path, label: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(label)
        return original(path, label, *args, **kwargs)

    monkeypatch.setattr(loader, "load_version", counting)
    return calls


def test_a_diff_builds_only_the_versions_it_compares(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _more_versions(root)
    full = load_collection(root)
    calls = _counting_builds(monkeypatch)
    span = load_span(root, ("v2", "v1"))
    assert calls == ["drafts/v1.yaml", "drafts/v2.yaml"]
    assert span.versions == full.versions[:2]
    calls.clear()
    span = load_span(root, ("v6",), predecessor=True)
    assert calls == ["drafts/v5.yaml", "drafts/v6.yaml"]
    assert span.versions == full.versions[4:6] and span.predecessor(span.resolve("v6")) == full.resolve("v5")
    assert load_span(root, ("latest",)).versions == (full.resolve("latest"),)
    assert load_span(root, ("first",), predecessor=True).versions == (full.resolve("first"),)


def test_a_first_run_of_a_diff_builds_everything_and_says_the_same(root: Path) -> None:
    _more_versions(root, 2)
    span = load_span(root, ("v1", "v3"))  # empty cache: every file is loaded in full
    assert span.versions == load_collection(root).versions[:3]


def test_a_diff_still_stops_at_a_problem_in_any_file(root: Path) -> None:
    _more_versions(root)
    load_collection(root)
    v7 = root / "drafts" / "v7.yaml"
    v7.write_text(v7.read_text(encoding="utf-8") + "  no_such_term:\n    status: not_reported\n", "utf-8")
    with pytest.raises(DataError) as expected:
        load_collection(root)
    with pytest.raises(DataError) as got:
        load_span(root, ("v1", "v2"))
    assert got.value.problems == expected.value.problems
    assert "no_such_term" in got.value.problems[0].message


def test_a_version_is_checked_again_when_the_catalogue_changes(root: Path) -> None:
    agreement = root / "drafts" / "agreement.yaml"
    catalogue = agreement.read_text(encoding="utf-8")
    agreement.write_text(catalogue.replace("terms:", "terms:\n  extra:\n    label: Extra\n    type: text", 1), "utf-8")
    _more_versions(root, 1)
    v4 = root / "drafts" / "v4.yaml"
    v4.write_text(v4.read_text(encoding="utf-8") + "  extra:\n    status: not_reported\n", "utf-8")
    assert len(load_span(root, ("v1", "v2")).versions) == 2  # v4 built without a problem, and so indexed
    agreement.write_text(catalogue, "utf-8")
    with pytest.raises(DataError) as got:
        load_span(root, ("v1", "v2"))
    assert [p.file for p in got.value.problems] == ["drafts/v4.yaml"] and "extra" in got.value.problems[0].message


def test_an_unknown_ref_reads_as_it_does_over_the_whole_collection(root: Path) -> None:
    load_collection(root)
    with pytest.raises(UsageError) as expected:
        load_collection(root).resolve("v9")
    with pytest.raises(UsageError) as got:
        load_span(root, ("v1", "v9"))
    assert got.value.problems == expected.value.problems


@pytest.mark.parametrize("command", [["diff", "v1", "v3"], ["diff", "v3"], ["show", "v2"], ["diff", "v3", "v1"]])
def test_cached_and_uncached_runs_print_the_same(
    root: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    _more_versions(root, 2)
    args = ["--root", str(root), *command, "--format", "json"]
    runs = [runner.invoke(app, args).stdout for _ in range(2)]  # a first run, then a warm one
    monkeypatch.setenv("DRAFTS_NO_CACHE", "1")
    uncached = runner.invoke(app, args)
    assert uncached.exit_code == 0, uncached.output
    assert runs == [uncached.stdout, uncached.stdout]


@pytest.mark.parametrize("large", [False, True], ids=["cpython", "openssl"])
def test_both_sha256_implementations_agree_with_hashlib(large: bool) -> None:
    import hashlib

    from drafts.reading import parsecache

    data = "mineral “deal” €500bn\n".encode() * 1000
    assert parsecache._implementation(large)(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert parsecache.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_the_outline_orders_versions_as_the_whole_collection_does() -> None:
    from drafts.reading.loader import _in_order
    from drafts.records.dates import PartialDate
    from drafts.records.model import Version, version_order

    dates = [PartialDate(2025, 3, 0), PartialDate(2025, 3, 23), PartialDate(2025, 2, 0), PartialDate(2025, 3, 0)]
    ids = ["v10", "v2", "v1", "v9", "v01", "b", "a", "v1a"]
    versions = [Version(i, "", dates[n % len(dates)], "proposal", {}) for n, i in enumerate(ids)]
    assert _in_order(list(versions)) == tuple(sorted(versions, key=version_order))
    assert _in_order([]) == ()
