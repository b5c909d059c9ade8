"""Scale: each kind of file takes what it really holds for years, and no more.

A newsroom's source registry grows for years: it must take at least 20,000 ordinary sources
(a 1,500-entry registry was once refused as "more than 20000 values in one file"), while a
draft or the term catalogue keeps its tight limit, and a hostile registry (bare values, or a
file past its size) is still refused with one clear error. The large cases are marked `slow`
(`-m "not slow"` leaves them out locally; CI runs them).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.reading import yamlsafe
from drafts.reading.loader import load_collection

ORDINARY_SOURCES = 20_000


def _registry_entries(count: int) -> str:
    return "".join(
        f"\nsource-{i:06d}:\n"
        f"  outlet: Outlet {i % 300}\n"
        f'  title: "A report on the negotiations, part {i}, with an ordinary headline"\n'
        f"  published: 2025-03-{1 + i % 28:02d}\n"
        f"  url: https://example.org/news/{i}/minerals-agreement-report\n"
        '  note: "Registered for the archive; the text carries a date and a byline."\n'
        for i in range(count)
    )


def _grow_registry(root: Path, count: int) -> Path:
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + _registry_entries(count), encoding="utf-8")
    return registry


@pytest.mark.slow
def test_a_registry_of_twenty_thousand_sources_loads(root: Path) -> None:
    registry = _grow_registry(root, ORDINARY_SOURCES)
    assert registry.stat().st_size > 4 << 20
    start = time.perf_counter()
    collection = load_collection(root)
    seconds = time.perf_counter() - start
    assert len(collection.sources) == ORDINARY_SOURCES + 5
    assert collection.sources["source-019999"].outlet == "Outlet 199"
    assert seconds < 30  # a generous bound on a shared machine; bench/ measures speed
    runner = CliRunner()
    for args in (["list"], ["diff", "v1", "v3"], ["check"]):
        result = runner.invoke(app, ["--root", str(root), *args])
        assert result.exit_code == 0, result.stderr[-500:]
        assert "values in one file" not in result.stderr


def test_archiving_into_a_large_registry_reads_it_as_a_registry(root: Path, tmp_path: Path) -> None:
    """`drafts archive` re-reads and re-validates the registry: with its limits, not a draft's."""
    _grow_registry(root, 4_000)  # past a draft's 20,000 values
    report = tmp_path / "report.txt"
    report.write_text("A wire report on the minerals agreement, with its own words.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--root", str(root), "archive", "wire", str(report), "--outlet", "Wire"])
    assert result.exit_code == 0, result.stderr[-500:]
    assert "wire:" in (root / "seeds" / "sources.yaml").read_text(encoding="utf-8")


def test_the_limits_follow_what_each_file_holds() -> None:
    # A registry entry is about 15 values: the registry takes at least 20,000 of them with room to
    # grow, in bytes and in values, while a draft and the catalogue stay small.
    assert yamlsafe.REGISTRY.nodes >= 15 * ORDINARY_SOURCES * 2
    assert yamlsafe.REGISTRY.file_bytes >= 280 * ORDINARY_SOURCES * 2
    for small in (yamlsafe.DRAFT, yamlsafe.AGREEMENT):
        assert small.nodes <= 20_000 and small.file_bytes <= 1 << 20
    assert yamlsafe.DRAFT.nodes == yamlsafe.MAX_NODES  # the parse cache reads drafts with these


@pytest.mark.parametrize(
    ("limits", "values"),
    [(yamlsafe.DRAFT, 20_001), (yamlsafe.AGREEMENT, 20_001), (yamlsafe.DRAFT, 20_000), (yamlsafe.REGISTRY, 20_001)],
)
def test_values_are_counted_against_the_kind_of_file(limits: yamlsafe.Limits, values: int) -> None:
    # A mapping with one list: 3 values (the mapping, its key, the list) besides the list's items.
    text = "notes: [" + ",".join(["1"] * (values - 3)) + "]\n"
    if values > limits.nodes:
        with pytest.raises(yamlsafe.DataError) as caught:
            yamlsafe.load(text, "f.yaml", limits)
        problem = caught.value.problem
        assert problem.message == f"more than {limits.nodes} values in one file"
        assert problem.hint is not None and limits.holds in problem.hint
        assert problem.line == 1
    else:
        assert len(yamlsafe.load(text, "f.yaml", limits)["notes"]) == values - 3


@pytest.mark.slow
def test_a_hostile_registry_of_bare_values_is_still_refused(root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    registry.write_text("x: [" + ",".join(["1"] * (yamlsafe.REGISTRY.nodes + 10)) + "]\n", encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["--root", str(root), "check"])
    seconds = time.perf_counter() - start
    assert result.exit_code == 1
    assert "seeds/sources.yaml:1:" in result.stderr
    assert f"more than {yamlsafe.REGISTRY.nodes} values in one file" in result.stderr
    assert seconds < 30


def test_a_registry_too_many_bytes_is_refused_before_it_is_read(root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    with registry.open("r+b") as handle:
        handle.truncate(yamlsafe.REGISTRY.file_bytes + 1)  # sparse: costs no disk
    result = CliRunner().invoke(app, ["--root", str(root), "list"])
    assert result.exit_code == 1
    assert f"file is larger than {yamlsafe.REGISTRY.file_bytes // 1024} KiB" in result.stderr
