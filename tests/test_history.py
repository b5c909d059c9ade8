"""`drafts history TERM`: one term across every version, and who reported each value first."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.comparing.history import find_term, first_report, term_history
from drafts.errors import UsageError
from drafts.records.dates import PartialDate
from drafts.records.model import Citation, Collection, Source
from drafts.render.prose import first_report_phrase, position_line
from tests.commonmark import assert_citations_resolve, parse
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden
from tests.hostile import EVIL, write_hostile_collection

WIDE = {"COLUMNS": "400"}


def run(runner: CliRunner, *args: str, root: Path = REPO_ROOT) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args], env=WIDE)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md")])
@pytest.mark.parametrize("term", ["debt_treatment", "revenue_share"])
def test_history_golden(runner: CliRunner, term: str, fmt: str, ext: str) -> None:
    code, out, err = run(runner, "history", term, "--format", fmt)
    assert (code, err) == (0, "")
    assert_golden(f"history-{term}.{ext}", out)


def test_every_term_covers_every_version(runner: CliRunner, shipped: Collection) -> None:
    ids = [v.id for v in shipped.versions]
    shows = {}
    for version_id in ids:
        _, out, _ = run(runner, "show", version_id, "--format", "json")
        shows[version_id] = json.loads(out)
    for name, spec in shipped.agreement.terms.items():
        code, out, _ = run(runner, "history", name, "--format", "json")
        assert code == 0
        data = json.loads(out)
        assert (data["schema_version"], data["term"], data["label"]) == (2, name, spec.label)
        assert [v["id"] for v in data["versions"]] == ids
        for entry in data["versions"]:
            show = shows[entry["id"]]
            assert entry["date"] == show["date"]
            term = {k: v for k, v in entry.items() if k not in ("id", "date", "title", "stage", "change")}
            assert term == show["terms"][name]  # the same TERM object as `show` and `diff`
        # Every value a version states (or a side of a dispute claims) has a first appearance.
        first = {(f["status"], json.dumps(f["value"], sort_keys=True)) for f in data["first_appearances"]}
        for entry in data["versions"]:
            sides = entry.get("claims") or ([entry] if entry["status"] in ("stated", "absent") else [])
            for side in sides:
                assert (side["status"], json.dumps(side["value"], sort_keys=True)) in first
        for f in data["first_appearances"]:
            assert f["first_version"] == f["versions"][0]


def test_first_appearance_answers(runner: CliRunner) -> None:
    _, out, _ = run(runner, "history", "revenue_share")
    assert (
        "- 50% — first in v2 (Framework agreement, February 2025), first reported by Ukraine Front Lines (date unknown)"
        in out
    )
    _, out, _ = run(runner, "history", "debt_treatment")
    # A dated report does not beat an undated one, which might have been earlier: both are named.
    assert (
        "- repayment for past US aid — first in v1 (First US proposal, February 2025), reported by "
        "Novaya Gazeta Europe (via The America One News) (25 February 2025) and by Ukraine Front Lines "
        "(date unknown), so which was first cannot be told"
    ) in out
    # One undated outlet: it is named as the first report, with its date unknown.
    assert (
        "- 500, 350 or 100 billion in debt (Donald Trump's account) — first in v2 (Framework agreement, "
        "February 2025), first reported by Ukraine Front Lines (date unknown)"
    ) in out
    _, out, _ = run(runner, "history", "debt_treatment", "--format", "json")
    first = json.loads(out)["first_appearances"][0]
    assert first["first_version"] == "v1"
    assert first["first_reported"]["date"] == "2025-02-25"
    assert first["first_reported"]["order_known"] is False
    assert [s["source"] for s in first["first_reported"]["sources"]] == ["novaya-gazeta-putin"]
    assert [s["source"] for s in first["first_reported"]["undated"]] == ["ufl-dmitriev"]


def test_status_changes_are_marked(runner: CliRunner) -> None:
    _, out, _ = run(runner, "history", "fund_size")
    assert "v2 — Framework agreement (February 2025): no longer covered by reports" in out
    assert "v3 — US draft of 23 March (23 March 2025): no longer covered by reports" in out
    _, out, _ = run(runner, "history", "debt_treatment")
    assert "v2 — Framework agreement (February 2025), changed: disputed (Volodymyr Zelensky: not in this draft;" in out
    assert "removed" not in out


def test_markdown_parses_and_citations_resolve(runner: CliRunner, shipped: Collection) -> None:
    for name in shipped.agreement.terms:
        _, out, _ = run(runner, "history", name, "--format", "markdown")
        parsed = parse(out)
        if parsed.used:
            assert_citations_resolve(parsed)
        assert parsed.headings[0][0] == "h1"


@pytest.mark.parametrize(
    ("given", "hint"),
    [("fund_szie", "did you mean fund_size?"), ("revenue", "did you mean revenue_share?"), ("zzz", "known terms:")],
)
def test_unknown_term_is_a_usage_error_with_a_suggestion(runner: CliRunner, given: str, hint: str) -> None:
    code, out, err = run(runner, "history", given)
    assert code == 2 and out == ""
    assert f"unknown term '{given}'" in err and hint in err


def test_terms_by_label(runner: CliRunner) -> None:
    _, by_name, _ = run(runner, "history", "fund_size")
    _, by_label, _ = run(runner, "history", "Fund size")
    assert by_name == by_label


def test_terminal_view_tells_the_same(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _, text, _ = run(runner, "history", "debt_treatment")
    monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    _, view, _ = run(runner, "history", "debt_treatment")
    view = view.replace("\u00a0", " ")  # the terminal binds "in v1" with a no-break space
    firsts = [line for line in text.splitlines() if line.startswith("- ") and " — first in " in line]
    assert firsts and all(line in view for line in firsts)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", None])
def test_hostile_text_is_shown_literally(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str | None
) -> None:
    root = write_hostile_collection(tmp_path / "hostile")
    if fmt is None:
        monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    code, out, err = run(runner, "history", "control", *(["--format", fmt] if fmt else []), root=root)
    assert code == 0, err
    assert "\x1b" not in out
    if fmt == "json":
        data = json.loads(out)
        assert data["versions"][0]["value"]["text"] == EVIL
        assert data["versions"][1]["claims"][0]["by"] == EVIL
    elif fmt == "markdown":
        parsed = parse(out)
        assert_citations_resolve(parsed)
        assert "<script" not in parsed.html and "<a " not in parsed.html
        assert "[link](http://evil)" in parsed.html
    else:
        assert "[bold red]x[/] \\x1b[31m <script>alert(1)</script> [link](http://evil)" in out


# --- the pure parts ----------------------------------------------------------------------


def _collection(shipped: Collection, *sources: Source) -> Collection:
    return Collection(shipped.root, shipped.agreement, {s.id: s for s in sources}, ())


def _source(sid: str, outlet: str, published: PartialDate | None) -> Source:
    return Source(sid, outlet, "t", published)


def test_first_report_prefers_the_earliest_dated_outlet(shipped: Collection) -> None:
    c = _collection(
        shipped,
        _source("a", "A", PartialDate(2025, 3, 2)),
        _source("b", "B", None),
        _source("c", "C", PartialDate(2025, 3, 1)),
        _source("c2", "C", PartialDate(2025, 4, 1)),
    )
    report = first_report(c, [Citation("a", "q"), Citation("b", "q"), Citation("c2", "q"), Citation("c", "q")])
    assert report is not None
    assert [s.id for s in report.outlets] == ["c"] and report.date == PartialDate(2025, 3, 1)
    assert [s.id for s in report.undated] == ["b"]
    assert not report.order_known and [s.id for s in report.candidates] == ["c", "b"]
    assert first_report_phrase(report) == (
        "reported by C (1 March 2025) and by B (date unknown), so which was first cannot be told"
    )
    dated_only = first_report(c, [Citation("a", "q"), Citation("c2", "q"), Citation("c", "q")])
    assert dated_only is not None and dated_only.order_known
    assert first_report_phrase(dated_only) == "first reported by C (1 March 2025)"


def test_first_report_month_only_dates_tie_with_their_days(shipped: Collection) -> None:
    c = _collection(shipped, _source("a", "A", PartialDate(2025, 3, 0)), _source("b", "B", PartialDate(2025, 3, 9)))
    report = first_report(c, [Citation("b", "q"), Citation("a", "q")])
    assert report is not None
    assert first_report_phrase(report) == "first reported by B and A (March 2025)"


def test_first_report_with_no_dates_is_honest(shipped: Collection) -> None:
    c = _collection(shipped, _source("a", "A", None), _source("u", "unknown", None))
    one = first_report(c, [Citation("a", "q")])
    assert first_report_phrase(one) == "first reported by A (date unknown)"
    both = first_report(c, [Citation("a", "q"), Citation("u", "q")])
    assert first_report_phrase(both) == (
        "reported by A and an unnamed outlet (u) (dates unknown, so which was first cannot be told)"
    )
    assert first_report(c, []) is None


def test_term_history_positions(shipped: Collection) -> None:
    history = term_history(shipped, find_term(shipped, "debt_treatment"))
    assert [e.version.id for e in history.entries] == ["v1", "v2", "v3"]
    assert [e.kind for e in history.entries] == ["added", "changed", "changed"]
    values = [(str(p.value) if p.value else None, p.by, p.first.id, p.versions) for p in history.positions]
    assert values == [
        ("repayment for past US aid", None, "v1", ["v1"]),
        (None, "Volodymyr Zelensky", "v2", ["v2"]),
        ("500, 350 or 100 billion in debt", "Donald Trump", "v2", ["v2"]),
        ("aid to be reimbursed", "UNN", "v3", ["v3"]),
        ("military aid is not a debt", "Volodymyr Zelensky", "v3", ["v3"]),
    ]
    line = position_line(history.positions[2])
    assert line.label == "500, 350 or 100 billion in debt (Donald Trump's account)"
    assert {c.source for c in line.citations} == {"ufl-dmitriev"}


def test_find_term(shipped: Collection) -> None:
    assert find_term(shipped, "scope").name == "scope"
    assert find_term(shipped, "Share of deposits").name == "deposit_share"
    with pytest.raises(UsageError) as caught:
        find_term(shipped, "deposit_shares")
    assert caught.value.problem.hint == "did you mean deposit_share?"
    assert caught.value.exit_code == 2


# -- first reporter ---------------------------------------------------------------------------------

MAY_REPORT = "Kyiv, 8 May 2025. The agreement would need to be ratified by the Verkhovna Rada, lawmakers said.\n"


def test_first_reporter_is_not_crowned_over_an_undated_report(runner: CliRunner, root: Path) -> None:
    """An undated March report and a dated May one carry the same value: which was first cannot be told."""
    data = MAY_REPORT.encode()
    (root / "seeds" / "up-may.txt").write_bytes(data)
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + f"""
up-may:
  outlet: Ukrainska Pravda
  title: Rada to ratify
  published: 2025-05-08
  file: up-may.txt
  sha256: {hashlib.sha256(data).hexdigest()}
""",
        encoding="utf-8",
    )
    (root / "drafts" / "v4.yaml").write_text(
        """title: Signed agreement
date: 2025-05
stage: signed
terms:
  ratification:
    value: {flag: yes, detail: by the Verkhovna Rada}
    summary: The agreement would need to be ratified by the Verkhovna Rada.
    sources:
      - source: up-may
        quote: would need to be ratified by the Verkhovna Rada
""",
        encoding="utf-8",
    )
    code, out, err = run(runner, "history", "ratification", root=root)
    assert code == 0, err
    assert "first reported by Ukrainska Pravda" not in out
    assert (
        "reported by Ukrainska Pravda (8 May 2025) and by Ukraine Front Lines (date unknown), "
        "so which was first cannot be told"
    ) in out
    assert_golden("history-first-report-undated.txt", out)
    for fmt in ("markdown", "json"):
        code, out, _ = run(runner, "history", "ratification", "--format", fmt, root=root)
        assert code == 0 and "first reported by Ukrainska Pravda" not in out
    assert '"order_known": false' in out
