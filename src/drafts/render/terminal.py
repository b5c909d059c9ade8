"""Rich output for a terminal: tables and colour. Text is always passed as `Text` objects, never
as console markup, so a draft containing "[bold red]" prints exactly that."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from drafts.comparing.diff import KIND_LABELS, TermChange, VersionDiff, count_line
from drafts.comparing.textdiff import TextDiff
from drafts.records.model import Citation, Claim, Collection, Term, Version
from drafts.render.citations import Citations
from drafts.render.prose import (
    Part,
    change_line,
    cited_phrase,
    position_line,
    reference_phrase,
    single_outlet_groups,
    sources_summary,
    uses_by_version,
)
from drafts.render.safe import clean
from drafts.render.words import (
    change_detail,
    kind_label,
    outlet_name,
    path_phrase,
    side_phrase,
    source_line,
    value_phrase,
    version_heading,
)

if TYPE_CHECKING:
    from drafts.comparing.history import TermHistory
    from drafts.evidence.registry import SourcesReport

_KIND_STYLE = {
    "changed": "yellow",
    "added": "green",
    "dropped": "magenta",
    "reworded": "cyan",
    "re-sourced": "blue",
    "unchanged": "dim",
}


def _console() -> Console:
    return Console(highlight=False, emoji=False, markup=False)


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def _hang(line: Text) -> RenderableType:
    """Keep a long line's wrapped part under its indent instead of at the left margin."""
    indent = len(line.plain) - len(line.plain.lstrip(" "))
    return Padding(line[indent:], (0, 0, 0, indent), expand=False) if indent else line


def print_list(collection: Collection) -> None:
    table = Table(title=clean(collection.agreement.name), title_justify="left")
    for column in ("id", "date", "stage", "title"):
        table.add_column(column)
    table.add_column("terms reported", justify="right")
    total = len(collection.agreement.terms)
    for v in collection.versions:
        table.add_row(_t(v.id, "bold"), _t(str(v.date)), _t(v.stage), _t(v.title), _t(f"{v.reported}/{total}"))
    _console().print(table)


def _citations(collection: Collection, citations: Iterable[Citation], indent: str = "  ") -> list[Text]:
    lines = []
    for citation in citations:
        source = collection.sources[citation.source]
        line = Text(indent + "— ", style="dim")
        line.append(clean(source_line(source)), style="italic")
        line.append(": “")
        line.append(clean(citation.quote))
        line.append("”")
        if citation.note:
            line.append(f" ({clean(citation.note)})", style="dim")
        lines.append(line)
    return lines


def _claim(collection: Collection, claim: Claim, indent: str) -> list[Text]:
    head = Text(indent)
    head.append(clean(claim.by or "one account"), style="bold")
    head.append(": " + clean(value_phrase(claim)))
    return [head, _t(indent + "  " + claim.summary), *_citations(collection, claim.sources, indent + "  ")]


def _term(collection: Collection, term: Term, indent: str = "  ") -> list[Text]:
    lines = []
    if term.summary:
        lines.append(_t(indent + term.summary))
    lines += _citations(collection, term.sources, indent)
    for claim in term.claims:
        lines += _claim(collection, claim, indent)
    return lines


def print_show(collection: Collection, version: Version) -> None:
    console = _console()
    console.print(_t(version_heading(version), "bold"))
    meta = f"stage: {version.stage}" + (f" · proposed by {version.proposed_by}" if version.proposed_by else "")
    console.print(_t(meta, "dim"))
    if version.notes:
        console.print(_t(version.notes, "dim"))
    for name, term in version.terms.items():
        label = collection.agreement.terms[name].label
        head = Text("\n")
        head.append(clean(label), style="bold")
        head.append(": ")
        head.append(clean(side_phrase(term)), style="dim" if term.status == "not_reported" else "")
        console.print(head)
        for line in _term(collection, term):
            console.print(_hang(line))


def _inline(diff: TextDiff) -> Text:
    text = Text()
    for segment in diff.segments:
        style = {"equal": "", "delete": "red strike", "insert": "green underline"}[segment.op]
        text.append(clean(segment.text), style=style)
    return text


def _change(collection: Collection, change: TermChange, neighbours: bool) -> Group:
    head = Text()
    head.append(clean(change.spec.label), style="bold")
    if change.reverted:
        head.append(" — " + clean(path_phrase(change)), style="yellow")
        return Group(head)
    head.append(" — " + kind_label(change), style=_KIND_STYLE[change.kind])
    if not neighbours and change.since:
        head.append(f", since {clean(change.since)}", style="bold")
        if change.steps:
            head.append(f" ({clean(path_phrase(change))})", style="dim")
    lines: list[Text] = [head]
    before = Text("  before: ", style="dim")
    before.append(clean(side_phrase(change.before)), style="red")
    lines += [before, *_term(collection, change.before, "    ")]
    after = Text("  after:  ", style="dim")
    after.append(clean(side_phrase(change.after, after=True)), style="green")
    lines += [after, *_term(collection, change.after, "    ")]
    detail = change_detail(change)
    if detail:
        lines.append(_t("  change: " + detail, "bold"))
    for label, diff in (("value", change.value_diff), ("summary", change.summary_diff)):
        if diff is not None and diff.inline:
            line = Text(f"  {label} edit: ", style="dim")
            line.append_text(_inline(diff))
            lines.append(line)
    return Group(*map(_hang, lines))


def print_diff(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> None:
    console = _console()
    neighbours = collection.predecessor(diff.b) == diff.a
    for prefix, version in (("from ", diff.a), ("  to ", diff.b)):
        heading = Text(prefix, style="dim")
        heading.append_text(_t(version_heading(version), "bold"))
        console.print(heading)
    console.print(_t(count_line(diff), "bold"))
    for change in diff.changes:
        if change.kind == "unchanged" and not change.reverted and not include_unchanged:
            continue
        console.print()
        console.print(_change(collection, change, neighbours))


# The change log, a term's history and the source registry.


def _line(label: str, parts: Sequence[Part], citations: Citations | None, sep: str = ": ") -> Text:
    text = Text("- ")
    text.append(clean(label), style="bold")
    text.append(sep)
    for part in parts:
        if isinstance(part, str):
            text.append(clean(part))
        elif citations is not None:
            text.append(citations.cite(part.citations), style="cyan")
    return text


def _references(console: Console, collection: Collection, citations: Citations) -> None:
    if not citations.entries:
        return
    console.print()
    console.print(Text("Sources", style="bold"))
    for number, citation in enumerate(citations.entries, 1):
        line = Text(f"[{number}] ", style="cyan")
        line.append(clean(reference_phrase(collection.sources[citation.source])), style="italic")
        line.append(". Quote: “" + clean(citation.quote) + "”")
        if citation.note:
            line.append(f" ({clean(citation.note)})", style="dim")
        console.print(line)


def print_log(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> None:
    from drafts.render.text import log_heading

    console = _console()
    citations = Citations(collection)
    console.print(_t(log_heading(collection, versions, len(steps)), "bold"))
    for step in steps:
        console.print()
        for word, version in (("from ", step.a), ("  to ", step.b)):
            head = Text(word, style="dim")
            head.append(clean(version_heading(version)), style="bold")
            console.print(head)
        console.print(_t(count_line(step), "dim"))
        for change in step.changed:
            line = change_line(change)
            text = _line(line.label, line.parts, citations)
            text.stylize(_KIND_STYLE[change.kind], 2, 2 + len(clean(line.label)))
            console.print(text)
    _references(console, collection, citations)


def print_history(collection: Collection, history: TermHistory) -> None:
    console = _console()
    spec = history.spec
    count = len(history.entries)
    head = _t(spec.label, "bold")
    head.append(clean(f" ({spec.name}) across {count} version{'' if count == 1 else 's'}"), style="dim")
    console.print(head)
    if spec.help:
        console.print(_t(spec.help, "dim"))
    for i, entry in enumerate(history.entries):
        head = Text("\n")
        head.append(clean(version_heading(entry.version)), style="bold")
        if i and entry.kind != "unchanged":
            head.append(", ")
            head.append(KIND_LABELS[entry.kind], style=_KIND_STYLE[entry.kind])
        head.append(": ")
        side = side_phrase(entry.term, after=entry.reported_before)
        head.append(clean(side), style="dim" if entry.term.status == "not_reported" else "")
        console.print(head)
        for line in _term(collection, entry.term):
            console.print(line)
    console.print()
    console.print(Text("When each value first appeared", style="bold"))
    if not history.positions:
        console.print(Text("  no version reports this term", style="dim"))
    for position in history.positions:
        first = position_line(position)
        console.print(_line(first.label, first.parts, None, sep=""))


def print_sources(collection: Collection, report: SourcesReport) -> None:
    console = _console()
    console.print(_t(f"Sources: {collection.agreement.name}", "bold"))
    console.print(_t(sources_summary(report), "dim"))
    table = Table(show_lines=True)
    for column in ("id", "outlet", "published", "title", "cited by"):
        table.add_column(column, overflow="fold")
    for item in report.sources:
        source = item.source
        title = _t("untitled" if source.title == "unknown" else source.title)
        if source.url:
            title.append("\n" + clean(source.url), style="dim")
        if not source.file:
            title.append("\nnot archived: its quotes are unverified", style="yellow")
        cited = Text()
        cited.append(clean(cited_phrase(item)) if item.uses else "not cited", style="dim" if item.uses else "red")
        for version, terms in uses_by_version(collection, item):
            cited.append("\n")
            cited.append(clean(version.id), style="bold")
            cited.append(": " + clean(terms))
        published = source.published.long() if source.published else "date unknown"
        table.add_row(_t(source.id, "bold"), _t(outlet_name(source)), _t(published), title, cited)
    console.print(table)
    console.print(Text("Not cited by any version", style="bold"))
    for source in report.uncited:
        console.print(_t(f"- {source.id}: {source_line(source)}", "red"))
    if not report.uncited:
        console.print(Text("  none", style="dim"))
    console.print(Text("Terms resting on a single outlet (reporters work to a two-source rule)", style="bold"))
    for single in report.single_outlet:
        console.print(Text("- ") + _t(version_heading(single.version), "bold"))
        for outlet, terms in single_outlet_groups(collection, single):
            line = Text("    ")
            line.append(clean(outlet) + " only", style="yellow")
            line.append(": " + clean(terms))
            console.print(line)
    if not report.single_outlet:
        console.print(Text("  none", style="dim"))
