"""Words a reporter can publish (SPEC §3b), in every format, on a draft reported to *lack* a term.

v4 is a ratified text reported to include no security guarantees: the news is a gap, and no
format may head it "added", print it with a "+" or colour it as a gain. The version's own change
(proposal → ratified) comes first, and silence is counted apart from "unchanged".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from tests.commonmark import assert_citations_resolve, parse
from tests.golden import assert_golden

V4 = """title: Ratified text
date: 2025-05-08
stage: ratified
proposed_by: United States and Ukraine
terms:
  security_guarantees:
    status: absent
    summary: The text reportedly includes no security guarantees.
    sources:
      - source: ufl-dmitriev
        quote: did not include security guarantees
  control:
    value: US control over investments
    summary: >-
      According to media reports cited by UNN, Ukraine is concerned about US control over
      investments under the draft.
    sources:
      - source: unn-isw
        quote: Ukraine is concerned about US control over investments
"""


@pytest.fixture
def ratified(root: Path) -> Path:
    (root / "drafts" / "v4.yaml").write_text(V4, encoding="utf-8")
    return root


def run(runner: CliRunner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(root), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md")])
def test_a_term_reported_missing_is_now_reported_never_added(
    runner: CliRunner, ratified: Path, fmt: str, ext: str
) -> None:
    out = run(runner, ratified, "diff", "v3", "v4", "--format", fmt)
    assert_golden(f"diff-v3-v4.{ext}", out)
    words = "\n".join(line for line in out.split("Sources")[0].splitlines() if " edit: " not in line)
    assert not re.search(r"\badded\b|\bremoved\b|\+", words)
    assert "Security guarantees" in out and "now reported" in out and "not in this draft" in out
    # The version's own change heads the diff, before any term.
    assert out.index("stage: proposal → ratified") < out.index("Security guarantees")
    assert "proposed by: United States → United States and Ukraine" in out
    if fmt == "markdown":
        assert_citations_resolve(parse(out))


def test_the_head_summarises_before_the_details(runner: CliRunner, ratified: Path) -> None:
    out = run(runner, ratified, "diff", "v3", "v4")
    head, details = out.split("\n\n", 2)[1], out.split("\n\n", 2)[2]
    assert head.splitlines() == [
        "In short",
        "- Security guarantees: now reported: not in this draft",
        "- No longer covered by reports: Treatment of past aid, Ratification, Scope",
    ]
    assert details.startswith("Security guarantees — now reported\n")
    counts = out.splitlines()[5]
    assert counts == ("1 term now reported, 3 no longer covered by reports; 1 unchanged, 7 not reported in either")


def test_log_steps_show_the_stage_change(runner: CliRunner, ratified: Path) -> None:
    out = run(runner, ratified, "log", "--since", "v3")
    assert_golden("log-v3-v4.txt", out)
    step = out.split("\n\n")[1].splitlines()
    assert step[:5] == [
        "From v3 — US draft of 23 March (23 March 2025)",
        "  to v4 — Ratified text (8 May 2025)",
        "stage: proposal → ratified",
        "date: 23 March 2025 → 8 May 2025",
        "proposed by: United States → United States and Ukraine",
    ]
    assert "- Security guarantees: now reported: not in this draft [1]" in step
    markdown = run(runner, ratified, "log", "--since", "v3", "--format", "markdown")
    assert "**stage: proposal → ratified; date: 23 March 2025 → 8 May 2025;" in markdown
    data = json.loads(run(runner, ratified, "diff", "v3", "v4", "--format", "json"))
    assert data["version_changes"][0] == {"field": "stage", "before": "proposal", "after": "ratified"}
    assert data["counts"]["not_reported_in_either"] == 7
    assert [c["kind"] for c in data["changes"] if c["term"] == "security_guarantees"] == ["added"]  # JSON keeps names


def test_the_terminal_never_colours_a_gap_as_a_gain(ratified: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No green, no dim: values are the boldest text; before and after are named, not only coloured."""
    from rich.console import Console

    from drafts.comparing.diff import compare
    from drafts.reading.loader import load_collection
    from drafts.render import terminal
    from drafts.render.views import diff_view

    collection = load_collection(ratified)
    console = Console(record=True, width=100, color_system="standard", force_terminal=True)
    monkeypatch.setattr(terminal, "_console", lambda: console)
    terminal.print_diff(diff_view(collection, compare(collection, *collection.versions[2:4])))
    styled = console.export_text(styles=True, clear=False)
    params = [p for sgr in re.findall(r"\x1b\[([0-9;]*)m", styled) for p in sgr.split(";")]
    assert params, "the terminal view has no styling at all"
    assert "32" not in params and "92" not in params, "green reads as a gain"
    assert "2" not in params, "dim text is the faintest on screen"
    plain = console.export_text()
    assert "  before: " in plain and "  after:  " in plain


def test_history_never_says_dropped(runner: CliRunner, ratified: Path) -> None:
    out = run(runner, ratified, "history", "security_guarantees")
    assert "v2 — Framework agreement (February 2025): no longer covered by reports" in out
    assert "v4 — Ratified text (8 May 2025), now reported: not in this draft" in out
    assert "dropped" not in out and "added" not in out


def test_all_never_calls_silence_unchanged(runner: CliRunner, ratified: Path) -> None:
    out = run(runner, ratified, "diff", "v3", "v4", "--all")
    assert "Fund size — not reported in either\n" in out
    assert "Control — unchanged\n" in out
    assert "Fund size — unchanged" not in out
