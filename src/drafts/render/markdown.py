"""CommonMark for pasting into a CMS: numbered citations and a visible numbered reference list.

Every piece of text from drafts or archives is escaped, so a title cannot inject a link,
an image, raw HTML or a heading. No raw HTML is ever produced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from drafts.comparing.diff import KIND_LABELS, TermChange, VersionDiff, count_line
from drafts.records.model import Claim, Collection, Term, Version
from drafts.render.citations import Citations
from drafts.render.prose import (
    change_line,
    cited_phrase,
    position_line,
    render,
    single_outlet_groups,
    sources_summary,
    uses_by_version,
)
from drafts.render.safe import clean, code_span, is_clean
from drafts.render.words import (
    change_detail,
    kind_label,
    outlet_name,
    path_phrase,
    quoted_title,
    side_phrase,
    value_phrase,
)

if TYPE_CHECKING:
    from drafts.comparing.history import TermHistory
    from drafts.evidence.checks import CheckReport
    from drafts.evidence.registry import SourcesReport

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#])")  # ( ) and ! only act after [ ], which is escaped
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\]+\Z")


# What makes a line a list item, a thematic break or a setext underline when it starts one.
_BLOCK_START = re.compile(r"([-+=]|[0-9]{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Literal text in CommonMark: backslash-escape every character that could become markup.

    The text is one line (`clean` escapes line breaks); its start is escaped too, in case the
    caller puts it at the start of a line, where "- x" would be a list and "---" a rule.
    """
    escaped = _SPECIAL.sub(r"\\\1", clean(text))
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group()[0].isdigit():  # "1." or "1)": escape the delimiter
        return f"{start.group()}\\{escaped[start.end() :]}"
    return "\\" + escaped


def references(citations: Citations) -> str:
    """The visible numbered list of sources that ends a document with numbered citations."""
    if not citations.entries:
        return ""
    lines = ["## Sources", ""]
    for number, citation in enumerate(citations.entries, 1):
        source = citations.collection.sources[citation.source]
        published = f"published {source.published.long()}" if source.published else "date unknown"
        title = quoted_title(source, escape)
        parts = [escape(outlet_name(source)), title, published]
        if source.url:
            parts.append(_url(source.url))
        entry = f"{number}. " + ", ".join(parts) + f". Quote: “{escape(citation.quote)}”"
        if citation.note:
            entry += f" ({escape(citation.note)})"
        lines.append(entry)
    return "\n".join(lines) + "\n"


def heading(version: Version) -> str:
    return f"{escape(version.id)}: {escape(version.title)} ({version.date.long()})"


def list_markdown(collection: Collection) -> str:
    total = len(collection.agreement.terms)
    lines = [f"# {escape(collection.agreement.name)}: versions", "", "| id | date | stage | title | terms reported |"]
    lines.append("|---|---|---|---|---|")
    for v in collection.versions:
        lines.append(f"| {escape(v.id)} | {v.date} | {v.stage} | {escape(v.title)} | {v.reported}/{total} |")
    return "\n".join(lines) + "\n"


def _term_markdown(term: Term | Claim, citations: Citations) -> str:
    text = escape(value_phrase(term))
    if term.summary:
        text += f". {escape(term.summary)}"
    return text + citations.cite(term.sources)


def _side(term: Term, citations: Citations, *, after: bool, indent: str) -> list[str]:
    if term.status == "disputed":
        lines = [f"disputed{'. ' + escape(term.summary) if term.summary else ''}"]
        for claim in term.claims:
            who = escape(claim.by or "One account")
            lines.append(f"{indent}  - {who}: {_term_markdown(claim, citations)}")
        return lines
    if term.status == "not_reported":
        return [escape(side_phrase(term, after=after))]
    return [_term_markdown(term, citations)]


def show_markdown(collection: Collection, version: Version) -> str:
    citations = Citations(collection)
    lines = [f"# {heading(version)}", "", f"Stage: {version.stage}"]
    if version.proposed_by:
        lines[-1] += f". Proposed by {escape(version.proposed_by)}"
    if version.notes:
        lines += ["", escape(version.notes)]
    lines.append("")
    for name, term in version.terms.items():
        label = escape(collection.agreement.terms[name].label)
        side = _side(term, citations, after=False, indent="")
        lines.append(f"- **{label}**: {side[0]}")
        lines += side[1:]
    return "\n".join(lines) + "\n\n" + references(citations)


def change_markdown(collection: Collection, change: TermChange, citations: Citations, neighbours: bool) -> list[str]:
    label = escape(change.spec.label)
    if change.reverted:
        return [f"- **{label}**: {escape(path_phrase(change))}."]
    title = f"- **{label}** ({kind_label(change)}"
    if not neighbours and change.since:
        title += f", since {escape(change.since)}"
        if change.steps:
            title += f"; {escape(path_phrase(change))}"
    lines = [title + ")"]
    before = _side(change.before, citations, after=False, indent="  ")
    after = _side(change.after, citations, after=True, indent="  ")
    lines.append(f"  - Before: {before[0]}")
    lines += before[1:]
    lines.append(f"  - After: {after[0]}")
    lines += after[1:]
    detail = change_detail(change)
    if detail:
        lines.append(f"  - Change: {escape(detail)}")
    return lines


def diff_markdown(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> str:
    citations = Citations(collection)
    neighbours = collection.predecessor(diff.b) == diff.a
    lines = [f"# From {heading(diff.a)} to {heading(diff.b)}", "", f"*{count_line(diff)}*", ""]
    for change in diff.changes:
        if change.kind == "unchanged" and not change.reverted and not include_unchanged:
            continue
        lines += change_markdown(collection, change, citations, neighbours)
    return "\n".join(lines) + "\n\n" + references(citations)


# The change log, a term's history and the source registry.


def log_markdown(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> str:
    """The change log as CommonMark: a heading per step, one line per change, one reference list."""
    citations = Citations(collection)
    lines = [f"# Change log: {escape(collection.agreement.name)}", ""]
    if len(versions) < 2:
        only = f" ({escape(versions[0].id)})" if versions else ""
        lines += [f"*A single version{only}: nothing to compare.*" if versions else "*No versions yet.*", ""]
    else:
        n = len(steps)
        span = f"{escape(versions[0].id)} to {escape(versions[-1].id)}"
        lines += [f"*{span}: {n} step{'' if n == 1 else 's'}, oldest first.*", ""]
    for step in steps:
        lines += [f"## From {heading(step.a)} to {heading(step.b)}", "", f"*{escape(count_line(step))}*", ""]
        for change in step.changed:
            line = change_line(change)
            lines.append(f"- **{escape(line.label)}**: {render(line.parts, escape, citations.cite)}")
        if step.changed:
            lines.append("")
    return "\n".join(lines) + "\n" + references(citations)


def history_markdown(collection: Collection, history: TermHistory) -> str:
    citations = Citations(collection)
    spec = history.spec
    count = len(history.entries)
    lines = [f"# {escape(spec.label)}: across {count} version{'' if count == 1 else 's'}", ""]
    if spec.help:
        lines += [f"*{escape(spec.help)}*", ""]
    for i, entry in enumerate(history.entries):
        change = f", {KIND_LABELS[entry.kind]}" if i and entry.kind != "unchanged" else ""
        side = _side(entry.term, citations, after=entry.reported_before, indent="")
        lines.append(f"- **{heading(entry.version)}**{change}: {side[0]}")
        lines += side[1:]
    lines += ["", "## When each value first appeared", ""]
    if not history.positions:
        lines.append("No version reports this term.")
    for position in history.positions:
        line = position_line(position)
        lines.append(f"- **{escape(line.label)}**{render(line.parts, escape, citations.cite)}")
    return "\n".join(lines) + "\n\n" + references(citations)


def sources_markdown(collection: Collection, report: SourcesReport) -> str:
    lines = [f"# Sources: {escape(collection.agreement.name)}", "", escape(sources_summary(report)) + "."]
    for item in report.sources:
        source = item.source
        lines += ["", f"## {escape(source.id)}: {escape(outlet_name(source))}", ""]
        published = source.published.long() if source.published else "date unknown"
        title = quoted_title(source, escape)
        lines += [f"- Title: {title}", f"- Published: {published}"]
        if source.url:
            lines.append(f"- URL: {_url(source.url)}")
        archive = escape(f"seeds/{source.file}") if source.file else "none (its quotes are unverified)"
        lines.append(f"- Archive: {archive}")
        if source.note:
            lines.append(f"- Note: {escape(source.note)}")
        if not item.uses:
            lines.append("- Not cited by any version")
            continue
        lines.append(f"- {escape(cited_phrase(item).capitalize())}:")
        lines += [f"  - {escape(v.id)}: {escape(terms)}" for v, terms in uses_by_version(collection, item)]
    lines += ["", "## Not cited by any version", ""]
    lines += [f"- {escape(s.id)}: {escape(outlet_name(s))}" for s in report.uncited] or ["None."]
    lines += ["", "## Terms resting on a single outlet", "", "Reporters work to a two-source rule.", ""]
    for single in report.single_outlet:
        lines.append(f"- **{heading(single.version)}**")
        for outlet, terms in single_outlet_groups(collection, single):
            lines.append(f"  - {escape(outlet)} only: {escape(terms)}")
    if not report.single_outlet:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _url(url: str) -> str:
    """An autolink for a plain web address; anything else (javascript:, control characters) as text."""
    return f"<{url}>" if _SAFE_URL.match(url) and is_clean(url) else escape(url)


def check_markdown(report: CheckReport) -> str:
    """Problems as a list a desk can paste into a ticket."""
    verdict = "No problems" if report.ok else f"{len(report.errors)} problem(s)"
    lines = [
        f"# drafts check: {verdict}",
        "",
        f"{report.versions} version(s), {report.quotes} quote(s) checked; {len(report.warnings)} warning(s).",
    ]
    for title, problems in (("Errors", report.errors), ("Warnings", report.warnings)):
        if not problems:
            continue
        lines += ["", f"## {title}", ""]
        for problem in problems:
            where = f"{code_span(problem.where)}: " if problem.where else ""
            entry = f"- {where}{escape(problem.message)}"
            if problem.hint:
                entry += f" Hint: {escape(problem.hint)}"
            lines.append(entry)
            lines += [f"  - {escape(line.strip())}" for line in (problem.detail or "").splitlines()]
    return "\n".join(lines) + "\n"
