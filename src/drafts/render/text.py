"""Plain text: no colour, no escape codes; for pipes, files and NO_COLOR terminals.

Lays out the views of `views.py`; every word comes from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from drafts.comparing.textdiff import render_inline
from drafts.errors import Problem
from drafts.render.safe import clean
from drafts.render.views import (
    NOT_REPORTED,
    ChangeBlock,
    CheckView,
    DiffView,
    HistoryView,
    ListView,
    LogView,
    Marks,
    Piece,
    Quote,
    Reference,
    ShowView,
    Side,
    SourcesView,
)
from drafts.render.words import quoted


class Streams(NamedTuple):
    """A report that speaks on both streams: problems on stderr, the verdict on stdout."""

    out: str
    err: str


def list_text(view: ListView) -> str:
    rows = [("id", "date", "stage", "title", "terms reported")]
    rows += [(r.id, r.date, r.stage, r.title, r.reported) for r in view.rows]
    widths = [max(len(clean(row[i])) for row in rows) for i in range(4)]
    lines = [f"{clean(view.name)} — {clean(view.collection)}"]
    for row in rows:
        cells = [clean(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines) + "\n"


def _quotes(quotes: Iterable[Quote], indent: str) -> list[str]:
    lines = []
    for quote in quotes:
        words = clean(quote.words)  # straight marks, unless the words hold them
        line = f"{indent}- {clean(quote.byline)}: " + (quoted(words) if '"' in words else f'"{words}"')
        if quote.note:
            line += f" ({clean(quote.note)})"
        lines.append(line)
    return lines


def side_lines(side: Side, indent: str) -> list[str]:
    """A side's summary and sources (or its accounts), indented under its heading."""
    if side.status == "not_reported":
        return []
    lines = [f"{indent}{clean(side.summary)}"] if side.summary else []
    lines += _quotes(side.quotes, indent)
    for account in side.accounts:
        lines += [f"{indent}{clean(account.by)}: {clean(account.value)}", f"{indent}  {clean(account.summary)}"]
        lines += _quotes(account.quotes, indent + "  ")
    return lines


def show_text(view: ShowView) -> str:
    lines = [clean(view.version.heading), f"stage: {view.version.stage}"]
    if view.proposed_by:
        lines.append(f"proposed by: {clean(view.proposed_by)}")
    if view.notes:
        lines.append(f"notes: {clean(view.notes)}")
    for term in view.terms:
        lines += ["", f"{clean(term.label)}: {clean(term.side.value)}"]
        lines += side_lines(term.side, "  ")
    return "\n".join(lines) + "\n"


def _block_heading(block: ChangeBlock) -> str:
    heading = f"{clean(block.label)} — {clean(block.words)}"
    if block.since:
        heading += f", since {clean(block.since)}"
        if block.path:
            heading += f" ({clean(block.path)})"
    return heading


def block_lines(block: ChangeBlock) -> list[str]:
    lines = [_block_heading(block)]
    lines.append(f"  before: {clean(block.before.value)}")
    lines += side_lines(block.before, "    ")
    lines.append(f"  after: {clean(block.after.value)}")
    lines += side_lines(block.after, "    ")
    if block.detail:
        lines.append(f"  change: {clean(block.detail)}")
    if block.value_edit is not None:
        lines.append(f"  value edit: {clean(render_inline(block.value_edit))}")
    if block.summary_edit is not None:
        lines.append(f"  summary edit: {clean(render_inline(block.summary_edit))}")
    return lines


def _versions(a_heading: str, b_heading: str, changes: Sequence[str], prefix: str = "from") -> list[str]:
    lines = [f"{prefix} {clean(a_heading)}", f"  to {clean(b_heading)}"]
    return lines + [clean(change) for change in changes]


def diff_text(view: DiffView) -> str:
    lines = _versions(view.a.heading, view.b.heading, view.version_changes)
    lines.append(view.count_line)
    if view.head or view.no_longer_reported:
        lines += ["", "In short"]
        lines += [f"- {clean(line.label)}: {clean(line.words)}" for line in view.head]
        if view.no_longer_reported:
            lines.append(f"- {NOT_REPORTED.capitalize()}: {clean(', '.join(view.no_longer_reported))}")
    for block in view.changes:
        lines += ["", *block_lines(block)]
    return "\n".join(lines) + "\n"


def problem_text(problem: Problem) -> str:
    where = f"{clean(problem.where)}: " if problem.where else ""
    label = "warning: " if problem.severity == "warning" else "error: "
    lines = [f"{where}{label}{clean(problem.message)}"]
    if problem.detail:
        lines += [f"   {clean(line)}" for line in problem.detail.splitlines()]
    if problem.hint:
        lines.append(f"   hint: {clean(problem.hint)}")
    return "\n".join(lines)


def problems_text(problems: Iterable[Problem]) -> str:
    return "".join(problem_text(p) + "\n" for p in problems)


def check_text(view: CheckView) -> Streams:
    problems = problems_text(view.errors + view.warnings)
    if view.ok:
        return Streams(view.verdict + "\n", problems)
    return Streams("", problems + view.verdict + "\n")


# The change log, a term's history and the source registry.


def marks_text(marks: Marks) -> str:
    return marks.written


def pieces_text(pieces: Iterable[Piece]) -> str:
    return "".join(clean(p) if isinstance(p, str) else marks_text(p) for p in pieces)


def reference_phrase(reference: Reference) -> str:
    """'Outlet, “Title”, 25 February 2025, https://...'."""
    title = f"“{reference.title}”" if reference.title is not None else "untitled"
    parts = [reference.outlet, title, reference.published]
    if reference.url:
        parts.append(reference.url)
    return ", ".join(parts)


def references_text(references: Sequence[Reference]) -> list[str]:
    """The numbered reference list: one entry per report, the quoted words under it."""
    if not references:
        return []
    lines = ["", "Sources"]
    for reference in references:
        lines.append(f"[{reference.number}] {clean(reference_phrase(reference))}")
        for quote in reference.quotes:
            line = f"    {quoted(clean(quote.words))}"
            if quote.note:
                line += f" ({clean(quote.note)})"
            lines.append(line)
    return lines


def log_text(view: LogView) -> str:
    lines = [f"Change log: {clean(view.name)}, {clean(view.span)}"]
    for step in view.steps:
        lines += ["", *_versions(step.a.heading, step.b.heading, step.version_changes, "From"), step.count_line]
        lines += [f"- {clean(line.label)}: {pieces_text(line.pieces)}" for line in step.lines]
    lines += references_text(view.references)
    return "\n".join(lines) + "\n"


def history_text(view: HistoryView) -> str:
    lines = [f"{clean(view.label)} ({clean(view.name)}) across {view.across}"]
    if view.help:
        lines.append(clean(view.help))
    for entry in view.entries:
        change = f", {entry.change}" if entry.change else ""
        lines += ["", f"{clean(entry.version.heading)}{change}: {clean(entry.side.value)}"]
        lines += side_lines(entry.side, "  ")
    lines += ["", "When each value first appeared"]
    if not view.first:
        lines.append("  no version reports this term")
    lines += [f"- {clean(line.label)}{clean(line.words)}" for line in view.first]
    return "\n".join(lines) + "\n"


def sources_text(view: SourcesView) -> str:
    lines = [f"Sources: {clean(view.name)}", view.summary]
    for item in view.items:
        lines += ["", f"{clean(item.id)}: {clean(item.byline)}"]
        lines.append(f"  title: {'untitled' if item.title is None else clean(item.title)}")
        if item.url:
            lines.append(f"  url: {clean(item.url)}")
        lines.append(f"  archive: {clean(item.archive) if item.archive else 'none (its quotes are unverified)'}")
        if item.note:
            lines.append(f"  note: {clean(item.note)}")
        if item.cited is None:
            lines.append("  not cited by any version")
            continue
        lines.append(f"  {item.cited}:")
        lines += [f"    {clean(use.version)}: {clean(use.terms)}" for use in item.uses]
    lines += ["", "Not cited by any version"]
    lines += [f"- {clean(s.id)}: {clean(s.byline)}" for s in view.uncited] or ["  none"]
    lines += ["", "Terms resting on a single outlet (reporters work to a two-source rule)"]
    for single in view.single_outlet:
        lines.append(f"- {clean(single.version.heading)}")
        lines += [f"    {clean(outlet)} only: {clean(terms)}" for outlet, terms in single.outlets]
    if not view.single_outlet:
        lines.append("  none")
    return "\n".join(lines) + "\n"
