"""Rich output for a terminal: tables and colour. Text is always passed as `Text` objects, never
as console markup, so a draft containing "[bold red]" prints exactly that."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from drafts.diff import TermChange, VersionDiff, count_line
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
from drafts.textdiff import TextDiff

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
            console.print(line)


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
    return Group(*lines)


def print_diff(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> None:
    console = _console()
    neighbours = collection.predecessor(diff.b) == diff.a
    console.print(Text("from ", style="dim") + _t(version_heading(diff.a), "bold"))
    console.print(Text("  to ", style="dim") + _t(version_heading(diff.b), "bold"))
    console.print(_t(count_line(diff), "bold"))
    for change in diff.changes:
        if change.kind == "unchanged" and not change.reverted and not include_unchanged:
            continue
        console.print()
        console.print(_change(collection, change, neighbours))
