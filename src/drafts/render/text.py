"""Plain text: no colour, no escape codes; for pipes, files and NO_COLOR terminals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from drafts.comparing.diff import KIND_LABELS, TermChange, VersionDiff, count_line
from drafts.comparing.textdiff import render_inline
from drafts.errors import Problem
from drafts.records.model import Citation, Claim, Collection, Term, Version
from drafts.render.citations import Citations
from drafts.render.prose import (
    change_line,
    cited_phrase,
    position_line,
    reference_phrase,
    render,
    single_outlet_groups,
    sources_summary,
    uses_by_version,
)
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

if TYPE_CHECKING:
    from drafts.comparing.history import TermHistory
    from drafts.evidence.registry import SourcesReport


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


# The change log, a term's history and the source registry.


def references_text(collection: Collection, citations: Citations) -> list[str]:
    """The numbered reference list that ends a document using numbered citations."""
    if not citations.entries:
        return []
    lines = ["", "Sources"]
    for number, citation in enumerate(citations.entries, 1):
        source = collection.sources[citation.source]
        line = f"[{number}] {clean(reference_phrase(source))}. Quote: “{clean(citation.quote)}”"
        if citation.note:
            line += f" ({clean(citation.note)})"
        lines.append(line)
    return lines


def log_heading(collection: Collection, versions: Sequence[Version], steps: int) -> str:
    name = f"Change log: {clean(collection.agreement.name)}"
    if not versions:
        return f"{name}: no versions yet"
    if steps == 0:
        return f"{name}, {clean(versions[0].id)} only: a single version, nothing to compare"
    count = f"{steps} step{'' if steps == 1 else 's'}"
    return f"{name}, {clean(versions[0].id)} to {clean(versions[-1].id)} ({count}, oldest first)"


def log_text(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> str:
    citations = Citations(collection)
    lines = [log_heading(collection, versions, len(steps))]
    for step in steps:
        lines += [
            "",
            f"From {clean(version_heading(step.a))}",
            f"  to {clean(version_heading(step.b))}",
            count_line(step),
        ]
        for change in step.changed:
            line = change_line(change)
            lines.append(f"- {clean(line.label)}: {render(line.parts, clean, citations.cite)}")
    lines += references_text(collection, citations)
    return "\n".join(lines) + "\n"


def history_text(collection: Collection, history: TermHistory) -> str:
    spec = history.spec
    count = len(history.entries)
    lines = [f"{clean(spec.label)} ({clean(spec.name)}) across {count} version{'' if count == 1 else 's'}"]
    if spec.help:
        lines.append(clean(spec.help))
    for i, entry in enumerate(history.entries):
        side = side_phrase(entry.term, after=entry.reported_before)
        change = f", {KIND_LABELS[entry.kind]}" if i and entry.kind != "unchanged" else ""
        lines += ["", f"{clean(version_heading(entry.version))}{change}: {clean(side)}"]
        lines += term_lines(collection, entry.term, "  ")
    lines += ["", "When each value first appeared"]
    if not history.positions:
        lines.append("  no version reports this term")
    for position in history.positions:
        line = position_line(position)
        lines.append(f"- {clean(line.label)}{render(line.parts, clean, lambda _: '')}")
    return "\n".join(lines) + "\n"


def sources_text(collection: Collection, report: SourcesReport) -> str:
    lines = [f"Sources: {clean(collection.agreement.name)}", sources_summary(report)]
    for item in report.sources:
        source = item.source
        lines += ["", f"{clean(source.id)}: {clean(source_line(source))}"]
        lines.append(f"  title: {'untitled' if source.title == 'unknown' else clean(source.title)}")
        if source.url:
            lines.append(f"  url: {clean(source.url)}")
        lines.append(
            f"  archive: {clean('seeds/' + source.file) if source.file else 'none (its quotes are unverified)'}"
        )
        if source.note:
            lines.append(f"  note: {clean(source.note)}")
        if not item.uses:
            lines.append("  not cited by any version")
            continue
        lines.append(f"  {cited_phrase(item)}:")
        lines += [f"    {clean(v.id)}: {clean(terms)}" for v, terms in uses_by_version(collection, item)]
    lines += ["", "Not cited by any version"]
    lines += [f"- {clean(s.id)}: {clean(source_line(s))}" for s in report.uncited] or ["  none"]
    lines += ["", "Terms resting on a single outlet (reporters work to a two-source rule)"]
    for single in report.single_outlet:
        lines.append(f"- {clean(version_heading(single.version))}")
        lines += [
            f"    {clean(outlet)} only: {clean(terms)}" for outlet, terms in single_outlet_groups(collection, single)
        ]
    if not report.single_outlet:
        lines.append("  none")
    return "\n".join(lines) + "\n"
