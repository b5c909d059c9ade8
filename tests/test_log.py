"""`drafts log`: the change log, every consecutive pair, in four formats that say the same thing."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.comparing.changelog import change_log, log_range
from drafts.comparing.diff import compare_terms
from drafts.errors import UsageError
from drafts.records.model import Citation, Claim, Collection, Term, TermSpec
from drafts.records.values import Items, Money, Percent, Text
from drafts.render.prose import change_line
from tests.commonmark import assert_citations_resolve, parse
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden
from tests.hostile import EVIL, write_hostile_collection

WIDE = {"COLUMNS": "400"}  # so the terminal view does not wrap lines we compare


def run(runner: CliRunner, *args: str, root: Path = REPO_ROOT) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args], env=WIDE)
    return result.exit_code, result.stdout, result.stderr


# --- the shipped collection --------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("text", "log.txt"), ("markdown", "log.md"), ("json", "log.json")])
def test_log_golden(runner: CliRunner, fmt: str, name: str) -> None:
    code, out, err = run(runner, "log", "--format", fmt)
    assert (code, err) == (0, "")
    assert_golden(name, out)


def test_piped_log_is_plain_text(runner: CliRunner) -> None:
    _, default, _ = run(runner, "log")
    _, text, _ = run(runner, "log", "--format", "text")
    assert default == text
    assert "\x1b" not in default


def test_steps_are_exactly_the_diffs_of_neighbours(runner: CliRunner, shipped: Collection) -> None:
    _, out, _ = run(runner, "log", "--format", "json")
    log = json.loads(out)
    assert log["schema_version"] == 2
    ids = [v.id for v in shipped.versions]
    assert [(s["from"], s["to"]) for s in log["steps"]] == list(pairwise(ids))
    for step in log["steps"]:
        _, diff, _ = run(runner, "diff", step["from"], step["to"], "--format", "json")
        expected = json.loads(diff)
        del expected["schema_version"]
        assert step == expected


def test_headline_terms_come_first_and_nothing_is_removed(runner: CliRunner, shipped: Collection) -> None:
    _, out, _ = run(runner, "log", "--format", "json")
    log = json.loads(out)
    weights = {name: spec.weight for name, spec in shipped.agreement.terms.items()}
    rank = {"headline": 0, "major": 1, "minor": 2}
    for step in log["log"]:
        order = [rank[weights[line["term"]]] for line in step["lines"]]
        assert order == sorted(order)
    _, text, _ = run(runner, "log")
    assert "removed" not in text.lower()
    assert "Fund size: $500 billion [1] → no longer covered by reports" in text
    assert "Revenue share: now reported: 50% [1]" in text
    assert "added" not in text


def _lines(log: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"{line['label']}: {line['text']}" for step in log["log"] for line in step["lines"]]


def test_text_markdown_json_and_terminal_say_the_same(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(runner, "log", "--format", "json")
    log = json.loads(out)
    lines = _lines(log)
    assert len(lines) == sum(len(s["changes"]) for s in log["steps"])
    _, text, _ = run(runner, "log", "--format", "text")
    assert [line[2:] for line in text.splitlines() if line.startswith("- ")] == lines
    _, markdown, _ = run(runner, "log", "--format", "markdown")
    parsed = parse(markdown)
    assert parsed.items == lines
    # References: the same numbered list everywhere.
    refs = log["references"]
    assert len(parsed.references) == len(refs)
    assert [line for line in text.splitlines() if re.match(r"\[\d+\] ", line)][-1].startswith(f"[{len(refs)}] ")
    monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    _, view, _ = run(runner, "log")
    flat = re.sub(r"\s+", " ", view)
    for line in lines:
        assert re.sub(r"\s+", " ", line) in flat
    assert f"[{len(refs)}] " in view


def test_markdown_is_commonmark_with_resolving_citations(runner: CliRunner) -> None:
    _, markdown, _ = run(runner, "log", "--format", "markdown")
    parsed = parse(markdown)
    assert_citations_resolve(parsed)
    headings = parsed.headings
    assert headings[0] == ("h1", "Change log: US–Ukraine minerals agreement")
    steps = [h for tag, h in headings if tag == "h2" and h.startswith("From ")]
    assert steps == [
        "From v1: First US proposal (February 2025) to v2: Framework agreement (February 2025)",
        "From v2: Framework agreement (February 2025) to v3: US draft of 23 March (23 March 2025)",
    ]
    assert headings[-1] == ("h2", "Sources")
    # One number per source quoted the same way, across the whole document.
    assert len(set(parsed.references)) == len(parsed.references)
    assert "<a " not in parsed.html and "<script" not in parsed.html
    # Reference entries name outlet, title, date and the quoted words.
    assert parsed.references[0].startswith("Ukraine Front Lines, “Russia and the U.S.")
    # One entry per report, its quoted words listed under it (not one entry per quote).
    assert len(parsed.references) == len({line.split(",")[0] for line in parsed.references}) == 4
    assert "- ‘suggested creating a $500 billion fund" in markdown.split("## Sources", 1)[1]


def test_since_and_until(runner: CliRunner) -> None:
    _, out, _ = run(runner, "log", "--since", "v2", "--format", "json")
    assert [(s["from"], s["to"]) for s in json.loads(out)["steps"]] == [("v2", "v3")]
    _, out, _ = run(runner, "log", "--until", "v2", "--format", "json")
    assert [(s["from"], s["to"]) for s in json.loads(out)["steps"]] == [("v1", "v2")]
    _, out, _ = run(runner, "log", "--since", "first", "--until", "latest", "--format", "json")
    assert len(json.loads(out)["steps"]) == 2
    code, out, _ = run(runner, "log", "--since", "latest")
    assert code == 0 and "nothing to compare" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "v9"], "unknown version 'v9'"),
        (["--until", "../x"], "unknown version '../x'"),
        (["--since", "v3", "--until", "v1"], "comes after"),
    ],
)
def test_bad_references_are_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, "log", *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    if "unknown" in message:
        assert "known: v1, v2, v3" in err


def test_output_writes_the_file_whole(runner: CliRunner, tmp_path: Path) -> None:
    _, markdown, _ = run(runner, "log", "--format", "markdown")
    target = tmp_path / "log.md"
    code, out, err = run(runner, "log", "--output", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == markdown  # .md: Markdown
    assert "wrote" in err
    _, text, _ = run(runner, "log", "--format", "text")
    code, _, _ = run(runner, "log", "--format", "text", "--output", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == text  # --format wins, and overwrites
    json_file = tmp_path / "log.json"
    run(runner, "log", "-o", str(json_file))
    assert json.loads(json_file.read_text(encoding="utf-8"))["schema_version"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.json", "log.md"]  # no temporary files left


def test_output_into_a_missing_folder_fails_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = run(runner, "log", "--output", str(tmp_path / "nope" / "log.md"))
    assert code == 1 and out == ""
    assert "does not exist" in err and "Traceback" not in err


def test_log_refuses_quotes_not_in_their_archive(runner: CliRunner, root: Path) -> None:
    v2 = root / "drafts" / "v2.yaml"
    v2.write_text(v2.read_text(encoding="utf-8").replace("bilateral entity", "trilateral entity"), encoding="utf-8")
    code, out, err = run(runner, "log", root=root)
    assert code == 1 and out == ""
    assert "quote not found" in err
    code, _, _ = run(runner, "log", "--until", "v1", root=root)  # v2 is not printed: nothing to refuse
    assert code == 0


# --- hostile text ------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile_collection(tmp_path / "hostile")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", None])
def test_hostile_text_is_shown_literally(
    runner: CliRunner, hostile: Path, monkeypatch: pytest.MonkeyPatch, fmt: str | None
) -> None:
    if fmt is None:
        monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    code, out, err = run(runner, "log", *(["--format", fmt] if fmt else []), root=hostile)
    assert code == 0, err
    assert "\x1b" not in out
    if fmt == "json":
        data = json.loads(out)
        assert data["agreement"] == EVIL
        assert data["references"][0]["quotes"][0]["quote"] == EVIL
        return
    if fmt == "markdown":
        parsed = parse(out)
        assert_citations_resolve(parsed)
        assert "<script" not in parsed.html and "<a " not in parsed.html
        assert "[link](http://evil)" in parsed.html  # shown, as text
        assert not [c for t in parsed.tokens for c in t.children or [] if c.type in ("link_open", "image")]
        return
    assert "[bold red]x[/] \\x1b[31m <script>alert(1)</script> [link](http://evil)" in out


# --- the pure parts ----------------------------------------------------------------------

SOURCE = (Citation("s", "quote one"),)
OTHER = (Citation("t", "quote two"),)


def _spec(kind: str) -> TermSpec:
    return TermSpec("term", "Term", kind)  # type: ignore[arg-type]


def _line(kind: str, before: Term, after: Term) -> str:
    return change_line(compare_terms(_spec(kind), before, after)).words


def test_money_change_shows_the_delta() -> None:
    before = Term("stated", Money(Decimal(500_000_000_000), "USD"), "big", SOURCE)
    after = Term("stated", Money(Decimal(350_000_000_000), "USD"), "smaller", OTHER)
    assert _line("money", before, after) == "$500 billion → $350 billion (−$150 billion, −30%)"


def test_percent_change_shows_points_and_share() -> None:
    before = Term("stated", Percent(Decimal(50)), "half", SOURCE)
    after = Term("stated", Percent(Decimal(40)), "less", OTHER)
    assert _line("percent", before, after) == "50% → 40% (−10 pp, −20%)"


def test_list_items_added_and_removed() -> None:
    before = Term("stated", Items(("minerals", "oil", "gas")), "x", SOURCE)
    after = Term("stated", Items(("minerals", "oil", "uranium")), "x", OTHER)
    assert (
        _line("list", before, after)
        == "minerals, oil, gas → minerals, oil, uranium (adds uranium; no longer lists gas)"
    )


def test_not_reported_is_never_removed() -> None:
    before = Term("stated", Text("a"), "x", SOURCE)
    assert _line("text", before, Term("not_reported")) == "a → no longer covered by reports"
    assert _line("text", Term("not_reported"), before) == "now reported: a"
    assert _line("text", Term("not_reported"), Term("absent", None, "gone", OTHER)) == "now reported: not in this draft"
    assert _line("text", before, Term("absent", None, "gone", OTHER)) == "a → not in this draft"


def test_reworded_and_resourced() -> None:
    before = Term("stated", Percent(Decimal(50)), "Half of all revenues.", SOURCE)
    after = Term("stated", Percent(Decimal(50)), "Half of revenues from new developments.", OTHER)
    line = change_line(compare_terms(_spec("percent"), before, after))
    assert line.words == "unchanged at 50%; summary reworded: “Half of revenues from new developments.”"
    assert line.citations == SOURCE + OTHER
    resourced = Term("stated", Percent(Decimal(50)), "Half of all revenues.", OTHER)
    assert _line("percent", before, resourced) == "unchanged at 50%; now sourced to"
    # Other words of the same report: a skimming reader must not take it for a new source.
    requoted = Term("stated", Percent(Decimal(50)), "Half of all revenues.", (Citation(SOURCE[0].source, "half"),))
    assert _line("percent", before, requoted) == "unchanged at 50%; other words quoted from the same report"
    assert change_line(compare_terms(_spec("percent"), before, requoted)).citations == SOURCE + requoted.sources


def test_disputed_sides_are_summarised_each_with_its_sources() -> None:
    a = Claim("stated", Text("a debt"), "x", SOURCE, by="Trump")
    b = Claim("absent", None, "y", OTHER, by="Zelensky")
    c = Claim("stated", Text("not a debt"), "z", OTHER, by="Zelensky")
    before = Term("disputed", claims=(a, b))
    after = Term("disputed", claims=(c,))
    line = change_line(compare_terms(_spec("text"), before, after))
    assert (
        line.words == "still disputed — Trump: no longer covered by reports; Zelensky: not in this draft → not a debt"
    )
    stated = Term("stated", Text("a debt"), "x", SOURCE)
    assert _line("text", stated, before) == "a debt → disputed (Trump: a debt; Zelensky: not in this draft)"


def test_log_range_and_change_log(shipped: Collection) -> None:
    assert [v.id for v in log_range(shipped)] == ["v1", "v2", "v3"]
    assert [v.id for v in log_range(shipped, "v2")] == ["v2", "v3"]
    assert [v.id for v in log_range(shipped, None, "first")] == ["v1"]
    steps = change_log(shipped, log_range(shipped))
    assert [(s.a.id, s.b.id) for s in steps] == [("v1", "v2"), ("v2", "v3")]
    assert change_log(shipped, log_range(shipped, "v3")) == ()
    with pytest.raises(UsageError):
        log_range(shipped, "latest", "first")
