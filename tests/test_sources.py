"""`drafts sources`: the registry, who cites what, uncited sources and single-outlet terms."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from drafts.cli import app
from drafts.evidence.registry import sources_report
from drafts.records.model import Collection
from tests.commonmark import parse
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden
from tests.hostile import EVIL, write_hostile_collection

WIDE = {"COLUMNS": "400"}


def run(runner: CliRunner, *args: str, root: Path = REPO_ROOT) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args], env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def _raw(root: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The registry and the version files as plain YAML, read without drafts' own loader."""
    registry = yaml.safe_load((root / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    versions = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "drafts").glob("*.yaml"))
        if p.stem != "agreement"
    }
    return registry, versions


def _citations(term: dict[str, Any]) -> list[str]:
    found = [s["source"] for s in term.get("sources") or []]
    for claim in term.get("claims") or []:
        found += [s["source"] for s in claim.get("sources") or []]
    return found


@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md")])
def test_sources_golden(runner: CliRunner, fmt: str, ext: str) -> None:
    code, out, err = run(runner, "sources", "--format", fmt)
    assert (code, err) == (0, "")
    assert_golden(f"sources.{ext}", out)


def test_counts_match_the_drafts(runner: CliRunner) -> None:
    registry, versions = _raw(REPO_ROOT)
    counts: Counter[str] = Counter()
    cited_in: dict[str, set[str]] = defaultdict(set)
    terms_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for version_id, data in versions.items():
        for name, term in (data.get("terms") or {}).items():
            for source_id in _citations(term):
                counts[source_id] += 1
                cited_in[source_id].add(version_id)
                terms_of[source_id].add((version_id, name))
    code, out, _ = run(runner, "sources", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [s["id"] for s in data["sources"]] == list(registry)
    for entry in data["sources"]:
        sid = entry["id"]
        assert entry["citations"] == counts[sid], sid
        assert set(entry["versions"]) == cited_in[sid], sid
        assert {(u["version"], u["term"]) for u in entry["cited_by"]} == terms_of[sid], sid
        assert entry["outlet"] == registry[sid]["outlet"]
    assert data["uncited"] == [sid for sid in registry if not counts[sid]]
    assert sum(counts.values()) == 22  # the shipped drafts cite 22 quotes
    # The text says the same numbers.
    _, text, _ = run(runner, "sources")
    for sid, n in counts.items():
        assert f"\n{sid}: " in text
        assert f"cited {n} time{'' if n == 1 else 's'} in {len(cited_in[sid])} version" in text


def test_single_outlet_terms_match_the_drafts(runner: CliRunner) -> None:
    registry, versions = _raw(REPO_ROOT)

    def outlet(sid: str) -> str:
        name = registry[sid]["outlet"]
        return name if name != "unknown" else f"unknown:{sid}"

    expected = {}
    for version_id, data in versions.items():
        single = sorted(
            name for name, term in (data.get("terms") or {}).items() if len({outlet(s) for s in _citations(term)}) == 1
        )
        if single:
            expected[version_id] = single
    _, out, _ = run(runner, "sources", "--format", "json")
    got = {e["version"]: sorted(t["term"] for t in e["terms"]) for e in json.loads(out)["single_outlet"]}
    assert got == expected
    total = sum(len(v) for v in expected.values())
    _, text, _ = run(runner, "sources")
    assert f"{total} reported terms rest on a single outlet" in text
    assert "Ukraine Front Lines only: Revenue share, Treatment of past aid, Scope, Control" in text


def test_uncited_sources_are_listed(runner: CliRunner, root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + "\nspare:\n  outlet: Spare Times\n  title: Spare\n  published: 2025-03\n",
        encoding="utf-8",
    )
    _, out, _ = run(runner, "sources", "--format", "json", root=root)
    data = json.loads(out)
    assert data["uncited"] == ["unknown-putin-rare-earths", "spare"]
    assert data["sources"][-1]["citations"] == 0
    _, text, _ = run(runner, "sources", root=root)
    assert (
        "Not cited by any version\n- unknown-putin-rare-earths: outlet unknown, date unknown\n"
        "- spare: Spare Times, March 2025" in text
    )
    assert "archive: none (its quotes are unverified)" in text
    _, markdown, _ = run(runner, "sources", "--format", "markdown", root=root)
    parsed = parse(markdown)
    assert ("h2", "Not cited by any version") in parsed.headings
    assert "spare: Spare Times" in parsed.items


def test_markdown_structure(runner: CliRunner, shipped: Collection) -> None:
    _, out, _ = run(runner, "sources", "--format", "markdown")
    parsed = parse(out)
    h2 = [text for tag, text in parsed.headings if tag == "h2"]
    assert h2 == [
        *(f"{s.id}: {s.outlet if s.outlet != 'unknown' else 'outlet unknown'}" for s in shipped.sources.values()),
        "Not cited by any version",
        "Terms resting on a single outlet",
    ]
    assert "<a " not in parsed.html


def test_terminal_view(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    code, out, _ = run(runner, "sources")
    assert code == 0
    assert "┃ id" in out and "ufl-dmitriev" in out and "cited 11 times in 3 versions" in out
    assert "Terms resting on a single outlet" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", None])
def test_hostile_text_is_shown_literally(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str | None
) -> None:
    root = write_hostile_collection(tmp_path / "hostile")
    if fmt is None:
        monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    code, out, err = run(runner, "sources", *(["--format", fmt] if fmt else []), root=root)
    assert code == 0, err
    assert "\x1b" not in out
    if fmt == "json":
        data = json.loads(out)
        assert data["sources"][0]["outlet"] == EVIL and data["sources"][0]["note"] == EVIL
    elif fmt == "markdown":
        parsed = parse(out)
        assert "<script" not in parsed.html and "<a " not in parsed.html
        assert "[link](http://evil)" in parsed.html
    else:
        assert "[bold red]x[/] \\x1b[31m <script>alert(1)</script> [link](http://evil)" in out


def test_sources_report(shipped: Collection) -> None:
    report = sources_report(shipped)
    assert [s.source.id for s in report.sources] == list(shipped.sources)
    assert [s.id for s in report.uncited] == ["unknown-putin-rare-earths"]  # describes no draft
    ufl = next(s for s in report.sources if s.source.id == "ufl-dmitriev")
    assert ufl.versions == ("v1", "v2", "v3")
    bys = {use.by for use in ufl.uses if use.term == "debt_treatment" and use.version.id == "v2"}
    assert bys == {"Volodymyr Zelensky", "Donald Trump"}
    assert [s.version.id for s in report.single_outlet] == ["v1", "v2", "v3"]
