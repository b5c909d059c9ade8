"""CommonMark for pasting into a CMS: numbered citations and a visible numbered reference list.

Every piece of text from drafts or archives is escaped, so a title cannot inject a link,
an image, raw HTML or a heading. No raw HTML is ever produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from drafts.render.safe import clean, code_span, is_web_url
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
    Reference,
    ShowView,
    Side,
    SourcesView,
    VersionHead,
)
from drafts.render.words import quoted

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#])")  # ( ) and ! only act after [ ], which is escaped


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


def marks(numbers: Marks) -> str:
    return numbers.written


def pieces(parts: Iterable[Piece]) -> str:
    return "".join(escape(p) if isinstance(p, str) else marks(p) for p in parts)


def _title(title: str | None) -> str:
    return "untitled" if title is None else f"“{escape(title)}”"


def references(entries: Sequence[Reference]) -> str:
    """The visible numbered list of reports, one entry each, the quoted words listed under it."""
    if not entries:
        return ""
    lines = ["## Sources", ""]
    for reference in entries:
        published = "date unknown" if reference.published == "date unknown" else f"published {reference.published}"
        parts = [escape(reference.outlet), _title(reference.title), published]
        if reference.url:
            parts.append(_url(reference.url))
        lines.append(f"{reference.number}. " + ", ".join(parts))
        for quote in reference.quotes:
            entry = f"{' ' * len(f'{reference.number}. ')}- {escape(quoted(quote.words))}"
            if quote.note:
                entry += f" ({escape(quote.note)})"
            lines.append(entry)
    return "\n".join(lines) + "\n"


def heading(version: VersionHead) -> str:
    return f"{escape(version.id)}: {escape(version.title)} ({version.date})"


def list_markdown(view: ListView) -> str:
    lines = [f"# {escape(view.name)}: versions", "", f"From {escape(view.collection)}.", ""]
    lines += ["| id | date | stage | title | terms reported |", "|---|---|---|---|---|"]
    for r in view.rows:
        lines.append(f"| {escape(r.id)} | {r.date} | {r.stage} | {escape(r.title)} | {r.reported} |")
    return "\n".join(lines) + "\n"


def _side(side: Side, indent: str) -> list[str]:
    """A side's value, summary and citation marks; a dispute as one sub-item per account."""
    if side.status == "not_reported":
        return [escape(side.value)]
    if side.status == "disputed":
        lines = [f"disputed{'. ' + escape(side.summary) if side.summary else ''}"]
        for account in side.accounts:
            text = f"{escape(account.value)}. {escape(account.summary)}{marks(account.marks)}"
            lines.append(f"{indent}  - {escape(account.by)}: {text}")
        return lines
    text = escape(side.value)
    if side.summary:
        text += f". {escape(side.summary)}"
    return [text + marks(side.marks)]


def show_markdown(view: ShowView) -> str:
    lines = [f"# {heading(view.version)}", "", f"Stage: {view.version.stage}"]
    if view.proposed_by:
        lines[-1] += f". Proposed by {escape(view.proposed_by)}"
    if view.notes:
        lines += ["", escape(view.notes)]
    lines.append("")
    for term in view.terms:
        side = _side(term.side, "")
        lines.append(f"- **{escape(term.label)}**: {side[0]}")
        lines += side[1:]
    return "\n".join(lines) + "\n\n" + references(view.references)


def block_markdown(block: ChangeBlock) -> list[str]:
    label = escape(block.label)
    if block.reverted:
        return [f"- **{label}**: {escape(block.words)}."]
    title = f"- **{label}** ({escape(block.words)}"
    if block.since:
        title += f", since {escape(block.since)}"
        if block.path:
            title += f"; {escape(block.path)}"
    lines = [title + ")"]
    before = _side(block.before, "  ")
    after = _side(block.after, "  ")
    lines.append(f"  - Before: {before[0]}")
    lines += before[1:]
    lines.append(f"  - After: {after[0]}")
    lines += after[1:]
    if block.detail:
        lines.append(f"  - Change: {escape(block.detail)}")
    return lines


def _version_changes(changes: Sequence[str]) -> list[str]:
    """The version's own changes, first and in bold, on one line: a paragraph's line breaks are spaces."""
    return [f"**{escape('; '.join(changes))}**", ""] if changes else []


def diff_markdown(view: DiffView) -> str:
    lines = [f"# From {heading(view.a)} to {heading(view.b)}", "", *_version_changes(view.version_changes)]
    lines += [f"*{escape(view.count_line)}*", ""]
    if view.head or view.no_longer_reported:
        lines += ["## In short", ""]
        lines += [f"- **{escape(line.label)}**: {escape(line.words)}" for line in view.head]
        if view.no_longer_reported:
            lines.append(f"- **{NOT_REPORTED.capitalize()}**: {escape(', '.join(view.no_longer_reported))}")
        lines += ["", "## Term by term", ""]
    for block in view.changes:
        lines += block_markdown(block)
    return "\n".join(lines) + "\n\n" + references(view.references)


# The change log, a term's history and the source registry.


def log_markdown(view: LogView) -> str:
    """The change log as CommonMark: a heading per step, one line per change, one reference list."""
    lines = [f"# Change log: {escape(view.name)}", "", f"*{escape(view.span)}.*", ""]
    for step in view.steps:
        lines += [f"## From {heading(step.a)} to {heading(step.b)}", "", *_version_changes(step.version_changes)]
        lines += [f"*{escape(step.count_line)}*", ""]
        lines += [f"- **{escape(line.label)}**: {pieces(line.pieces)}" for line in step.lines]
        if step.lines:
            lines.append("")
    return "\n".join(lines) + "\n" + references(view.references)


def history_markdown(view: HistoryView) -> str:
    lines = [f"# {escape(view.label)}: across {view.across}", ""]
    if view.help:
        lines += [f"*{escape(view.help)}*", ""]
    for entry in view.entries:
        change = f", {entry.change}" if entry.change else ""
        side = _side(entry.side, "")
        lines.append(f"- **{heading(entry.version)}**{change}: {side[0]}")
        lines += side[1:]
    lines += ["", "## When each value first appeared", ""]
    if not view.first:
        lines.append("No version reports this term.")
    lines += [f"- **{escape(line.label)}**{pieces(line.pieces)}" for line in view.first]
    return "\n".join(lines) + "\n\n" + references(view.references)


def sources_markdown(view: SourcesView) -> str:
    lines = [f"# Sources: {escape(view.name)}", "", escape(view.summary) + "."]
    for item in view.items:
        lines += ["", f"## {escape(item.id)}: {escape(item.outlet)}", ""]
        lines += [f"- Title: {_title(item.title)}", f"- Published: {item.published}"]
        if item.url:
            lines.append(f"- URL: {_url(item.url)}")
        archive = escape(item.archive) if item.archive else "none (its quotes are unverified)"
        lines.append(f"- Archive: {archive}")
        if item.note:
            lines.append(f"- Note: {escape(item.note)}")
        if item.cited is None:
            lines.append("- Not cited by any version")
            continue
        lines.append(f"- {escape(item.cited.capitalize())}:")
        lines += [f"  - {escape(use.version)}: {escape(use.terms)}" for use in item.uses]
    lines += ["", "## Not cited by any version", ""]
    lines += [f"- {escape(s.id)}: {escape(s.outlet)}" for s in view.uncited] or ["None."]
    lines += ["", "## Terms resting on a single outlet", "", "Reporters work to a two-source rule.", ""]
    for single in view.single_outlet:
        lines.append(f"- **{heading(single.version)}**")
        lines += [f"  - {escape(outlet)} only: {escape(terms)}" for outlet, terms in single.outlets]
    if not view.single_outlet:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _url(url: str) -> str:
    """An autolink for a plain web address; anything else (javascript:, control characters) as text."""
    return f"<{url}>" if is_web_url(url) else escape(url)


def check_markdown(view: CheckView) -> str:
    """Problems as a list a desk can paste into a ticket."""
    verdict = "No problems" if view.ok else f"{len(view.errors)} problem(s)"
    lines = [f"# drafts check: {verdict}", "", f"{view.checked}."]
    for title, problems in (("Errors", view.errors), ("Warnings", view.warnings)):
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
