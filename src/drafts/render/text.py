"""Plain text: no colour, no escape codes; for pipes, files and NO_COLOR terminals."""

from __future__ import annotations

from collections.abc import Iterable

from drafts.diff import TermChange, VersionDiff, count_line
from drafts.errors import Problem
from drafts.model import Citation, Claim, Collection, Term, Version
from drafts.render.safe import clean
from drafts.render.words import (
    change_detail,
    kind_label,
    path_phrase,
    side_phrase,
    source_line,
    value_phrase,
    version_heading,
)
from drafts.textdiff import render_inline


def list_text(collection: Collection) -> str:
    rows = [("id", "date", "stage", "title", "terms reported")]
    total = len(collection.agreement.terms)
    for v in collection.versions:
        rows.append((v.id, str(v.date), v.stage, v.title, f"{v.reported}/{total}"))
    widths = [max(len(clean(row[i])) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [clean(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines) + "\n"


def _citations(collection: Collection, citations: Iterable[Citation], indent: str) -> list[str]:
    lines = []
    for citation in citations:
        source = collection.sources[citation.source]
        line = f'{indent}- {clean(source_line(source))}: "{clean(citation.quote)}"'
        if citation.note:
            line += f" ({clean(citation.note)})"
        lines.append(line)
    return lines


def _claim_lines(collection: Collection, claim: Claim, indent: str) -> list[str]:
    who = clean(claim.by or "one account")
    lines = [f"{indent}{who}: {clean(value_phrase(claim))}", f"{indent}  {clean(claim.summary)}"]
    return lines + _citations(collection, claim.sources, indent + "  ")


def term_lines(collection: Collection, term: Term, indent: str) -> list[str]:
    """A term's value, summary and sources (or its claims), indented under a heading."""
    if term.status == "not_reported":
        return []
    lines = []
    if term.summary:
        lines.append(f"{indent}{clean(term.summary)}")
    lines += _citations(collection, term.sources, indent)
    for claim in term.claims:
        lines += _claim_lines(collection, claim, indent)
    return lines


def show_text(collection: Collection, version: Version) -> str:
    lines = [clean(version_heading(version)), f"stage: {version.stage}"]
    if version.proposed_by:
        lines.append(f"proposed by: {clean(version.proposed_by)}")
    if version.notes:
        lines.append(f"notes: {clean(version.notes)}")
    for name, term in version.terms.items():
        spec = collection.agreement.terms[name]
        lines += ["", f"{clean(spec.label)}: {clean(side_phrase(term))}"]
        lines += term_lines(collection, term, "  ")
    return "\n".join(lines) + "\n"


def _change_heading(change: TermChange, neighbours: bool) -> str:
    heading = f"{clean(change.spec.label)} — {kind_label(change)}"
    if change.reverted:
        return f"{clean(change.spec.label)} — {path_phrase(change)}"
    if not neighbours and change.since:
        heading += f", since {change.since}"
        if change.steps:
            heading += f" ({path_phrase(change)})"
    return heading


def change_lines(collection: Collection, change: TermChange, neighbours: bool) -> list[str]:
    a_id, b_id = "before", "after"
    lines = [_change_heading(change, neighbours)]
    lines.append(f"  {a_id}: {clean(side_phrase(change.before))}")
    lines += term_lines(collection, change.before, "    ")
    lines.append(f"  {b_id}: {clean(side_phrase(change.after, after=True))}")
    lines += term_lines(collection, change.after, "    ")
    detail = change_detail(change)
    if detail:
        lines.append(f"  change: {clean(detail)}")
    if change.value_diff is not None and change.value_diff.inline:
        lines.append(f"  value edit: {clean(render_inline(change.value_diff))}")
    if change.summary_diff is not None and change.summary_diff.inline:
        lines.append(f"  summary edit: {clean(render_inline(change.summary_diff))}")
    return lines


def diff_text(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> str:
    neighbours = collection.predecessor(diff.b) == diff.a
    lines = [
        f"from {clean(version_heading(diff.a))}",
        f"  to {clean(version_heading(diff.b))}",
        count_line(diff),
    ]
    for change in diff.changes:
        if change.kind == "unchanged" and not change.reverted and not include_unchanged:
            continue
        lines += ["", *change_lines(collection, change, neighbours)]
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
