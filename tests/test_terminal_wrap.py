"""The rich view at 80 columns: wrapped lines hang under their indent or bullet, never at column 0.

Rendered through a forced rich Console(width=80) and pinned by a golden file; the hanging is
also checked line by line against the same view rendered unwrapped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import pytest
from rich.console import Console

from drafts.comparing.changelog import change_log
from drafts.comparing.diff import compare
from drafts.comparing.history import term_history
from drafts.records.model import Collection
from drafts.render import terminal, views
from tests.golden import assert_golden


def _render(width: int, show: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> str:
    console = Console(record=True, width=width, color_system=None, force_terminal=True, highlight=False)
    monkeypatch.setattr(terminal, "_console", lambda: console)
    show()
    return console.export_text()  # as printed: no trailing spaces to strip


def _reports(shipped: Collection) -> dict[str, Callable[[], None]]:
    v1, v3 = shipped.resolve("v1"), shipped.resolve("v3")
    spec = shipped.agreement.terms["debt_treatment"]
    return {
        "diff": lambda: terminal.print_diff(views.diff_view(shipped, compare(shipped, v1, v3))),
        "log": lambda: terminal.print_log(
            views.log_view(shipped, shipped.versions, change_log(shipped, shipped.versions))
        ),
        "history": lambda: terminal.print_history(views.history_view(shipped, term_history(shipped, spec))),
        "show": lambda: terminal.print_show(views.show_view(shipped, v3)),
    }


def _hang(line: str) -> int | None:
    """Where a line's wrapped part must start: past its indent and bullet, or past 'before: '."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if stripped[:2] in ("- ", "— "):
        return indent + 2
    if stripped.startswith(("before: ", "after:  ")):
        return indent + 8
    return None


@pytest.mark.parametrize("report", ["diff", "log", "history", "show"])
def test_wrapped_lines_hang_at_80_columns(shipped: Collection, monkeypatch: pytest.MonkeyPatch, report: str) -> None:
    show = _reports(shipped)[report]
    narrow = _render(80, show, monkeypatch)
    wide = _render(1000, show, monkeypatch)
    assert_golden(f"terminal-80-{report}.txt", narrow)
    lines = narrow.splitlines()
    assert max(map(len, lines)) <= 80
    checked = 0
    for logical in wide.splitlines():
        hang = _hang(logical)
        if len(logical) <= 80 or hang is None:
            continue
        starts = [i for i, line in enumerate(lines) if line and logical.startswith(line) and len(line) < len(logical)]
        assert starts, f"not found at 80 columns: {logical[:60]}"
        follow = lines[starts[0] + 1]
        assert follow[:hang].strip() == "" and follow[hang] != " ", f"wraps at the wrong column: {follow!r}"
        checked += 1
    assert checked >= 1, "nothing wrapped: the test would prove nothing"
    assert all(line == line.rstrip() for line in lines), "a line padded with trailing spaces"
    for line, after in pairwise(lines):
        assert not re.search(r"\bsince$", line), f"'since' split from its version: {line!r}"
        assert not re.fullmatch(r"\s*(\[\d+\])+[.,;)]*", after), f"a citation alone on a line: {after!r}"
    for logical in wide.splitlines():  # an unindented line (count line, heading) hangs two columns in
        if len(logical) > 80 and _hang(logical) is None and not logical.startswith((" ", "[")):
            at = next(i for i, line in enumerate(lines) if line and logical.startswith(line))
            assert lines[at + 1].startswith("  ") and lines[at + 1][2] != " ", f"no hanging indent: {lines[at + 1]!r}"
