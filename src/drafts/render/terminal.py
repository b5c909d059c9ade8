"""Rich output for a terminal: tables and colour. Text is always passed as `Text` objects, never
as console markup, so a draft containing "[bold red]" prints exactly that.

Lays out the views of `views.py`. Values are the boldest text of a change, never dim; colour is
never the only cue (before and after are named, changes are worded); a term reported as not in
the draft is never coloured as a gain. Wrapped lines hang under their indent or bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from drafts.comparing.textdiff import TextDiff
from drafts.render.safe import clean
from drafts.render.text import check_text, marks_text, reference_phrase
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

# Neutral hues: no green, which reads as a gain, for a term that may be newly reported as missing.
_KIND_STYLE = {
    "changed": "bold yellow",
    "added": "bold cyan",
    "dropped": "bold magenta",
    "reworded": "bold blue",
    "re-sourced": "bold blue",
    "unchanged": "",
}
_VALUE = "bold"
_SILENT = "italic"  # not reported / no longer covered: words, not a value
_BULLETS = ("- ", "— ")


def _console() -> Console:
    return Console(highlight=False, emoji=False, markup=False)


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


NBSP = "\u00a0"  # binds "since" to its version id and a citation to the words it cites


def _glue(words: str) -> str:
    """'since v3', 'changed in v3' and 'v2: …' never split across lines."""
    words = re.sub(r"\b(since|in) (?=\S)", lambda m: m.group(1) + NBSP, words)
    return words


def _marks(marks: Marks) -> str:
    return marks_text(marks).replace(" ", NBSP, 1)


class _Hanging:
    """A line whose wrapped part hangs at a column, past its indent and bullet (two columns in for
    a line with none). It breaks only at plain spaces, never at a no-break space, and pads no line
    with trailing spaces, which a reader copying from the terminal would pick up."""

    def __init__(self, line: Text, indent: int) -> None:
        self.line, self.indent = line, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment

        hang = self.indent or 2
        head, body = self.line[: self.indent], self.line[self.indent :]
        first, room = max(options.max_width - self.indent, 10), max(options.max_width - hang, 10)
        offsets, used, limit = [], 0, first
        for word in re.finditer(r"[^ ]+ *", body.plain):
            length = cell_len(word.group().rstrip(" "))
            if used and used + length > limit:
                offsets.append(word.start())
                used, limit = 0, room
            used += cell_len(word.group())
        for i, part in enumerate(body.divide(offsets)):
            part.rstrip()
            row = (head.copy() if i == 0 else Text(" " * hang)) + part
            row.rstrip()
            yield from row.render(console)
            yield Segment.line()


def _hang(line: Text, under: int = 0) -> RenderableType:
    """Keep a long line's wrapped part under its indent (and past its bullet, or at column `under`),
    not at the left margin."""
    plain = line.plain
    indent = len(plain) - len(plain.lstrip(" "))
    if plain[indent : indent + 2] in _BULLETS:
        indent += 2
    return _Hanging(line, max(indent, under))


def _print(console: Console, lines: Iterable[Text]) -> None:
    for line in lines:
        console.print(_hang(line))


def print_list(view: ListView) -> None:
    table = Table(title=clean(f"{view.name} — {view.collection}"), title_justify="left")
    for column in ("id", "date", "stage", "title"):
        table.add_column(column)
    table.add_column("terms reported", justify="right")
    for r in view.rows:
        table.add_row(_t(r.id, "bold"), _t(r.date), _t(r.stage), _t(r.title), _t(r.reported))
    _console().print(table)


def _quotes(quotes: Iterable[Quote], indent: str) -> list[Text]:
    lines = []
    for quote in quotes:
        line = Text(indent + "— ")
        line.append(clean(quote.byline), style="italic")
        line.append(": " + quoted(clean(quote.words)))
        if quote.note:
            line.append(f" ({clean(quote.note)})", style="italic")
        lines.append(line)
    return lines


def _side_lines(side: Side, indent: str = "  ") -> list[Text]:
    if side.status == "not_reported":
        return []
    lines = [_t(indent + side.summary)] if side.summary else []
    lines += _quotes(side.quotes, indent)
    for account in side.accounts:
        head = Text(indent)
        head.append(clean(account.by), style="bold")
        head.append(": ")
        head.append(clean(account.value), style=_VALUE)
        lines += [head, _t(indent + "  " + account.summary), *_quotes(account.quotes, indent + "  ")]
    return lines


def _value(side: Side) -> Text:
    return _t(side.value, _SILENT if side.status in ("not_reported", "absent") else _VALUE)


def print_show(view: ShowView) -> None:
    console = _console()
    console.print(_hang(_t(view.version.heading, "bold")))
    meta = f"stage: {view.version.stage}" + (f" · proposed by {view.proposed_by}" if view.proposed_by else "")
    console.print(_hang(_t(meta)))
    if view.notes:
        console.print(_hang(_t(view.notes)))
    for term in view.terms:
        console.print()
        head = _t(term.label, "bold")
        head.append(": ")
        head.append_text(_value(term.side))
        console.print(_hang(head))
        _print(console, _side_lines(term.side))


def _inline(diff: TextDiff) -> Text:
    """A word-level edit: deletions struck and marked [-…-], insertions underlined and marked {+…+}."""
    text = Text()
    for segment in diff.segments:
        words = clean(segment.text)
        if segment.op == "delete":
            text.append(f"[-{words}-]", style="strike")
        elif segment.op == "insert":
            text.append(f"{{+{words}+}}", style="underline")
        else:
            text.append(words)
    return text


def _block(block: ChangeBlock) -> Group:
    head = Text()
    head.append(clean(block.label), style="bold")
    if block.reverted:
        head.append(" — " + _glue(clean(block.words)), style="yellow")
        return Group(_hang(head))
    head.append(" — " + clean(block.words), style=_KIND_STYLE[block.kind])
    if block.since:
        head.append(f", since{NBSP}{clean(block.since)}", style="bold")
        if block.path:
            head.append(f" ({_glue(clean(block.path))})")
    rows: list[RenderableType] = [_hang(head)]
    for word, side in (("  before: ", block.before), ("  after:  ", block.after)):
        line = Text(word)
        line.append_text(_value(side))
        rows += [_hang(line, len(word)), *map(_hang, _side_lines(side, "    "))]
    if block.detail:
        rows.append(_hang(_t("  change: " + block.detail, "bold"), 10))
    for label, diff in (("value", block.value_edit), ("summary", block.summary_edit)):
        if diff is not None:
            line = Text(f"  {label} edit: ")
            line.append_text(_inline(diff))
            rows.append(_hang(line, len(label) + 8))
    return Group(*rows)


def _versions(console: Console, a: str, b: str, changes: Sequence[str], first: str = "from ") -> None:
    for prefix, heading in ((first, a), ("  to ", b)):
        line = Text(prefix)
        line.append_text(_t(heading, "bold"))
        console.print(_hang(line))
    for change in changes:
        console.print(_hang(_t(change, "bold yellow")))


def print_diff(view: DiffView) -> None:
    console = _console()
    _versions(console, view.a.heading, view.b.heading, view.version_changes)
    console.print(_hang(_t(view.count_line, "bold")))
    if view.head or view.no_longer_reported:
        console.print()
        console.print(Text("In short", style="bold"))
        for said in view.head:
            line = Text("- ")
            line.append(clean(said.label), style=_KIND_STYLE[said.kind] or "bold")
            line.append(": " + _glue(clean(said.words)))
            console.print(_hang(line))
        if view.no_longer_reported:
            line = Text("- ")
            line.append(NOT_REPORTED.capitalize(), style=_KIND_STYLE["dropped"])
            line.append(": " + clean(", ".join(view.no_longer_reported)))
            console.print(_hang(line))
    for block in view.changes:
        console.print()
        console.print(_block(block))


def print_check(view: CheckView) -> None:
    import sys

    streams = check_text(view)
    sys.stderr.write(streams.err)
    sys.stdout.write(streams.out)


# The change log, a term's history and the source registry.


def _line(label: str, pieces: Sequence[Piece], sep: str = ": ", label_style: str = "bold", cite: bool = True) -> Text:
    text = Text("- ")
    text.append(clean(label), style=label_style or "bold")
    text.append(sep)
    for piece in pieces:
        if isinstance(piece, str):
            text.append(_glue(clean(piece)))
        elif cite:
            text.append(_marks(piece), style="cyan")
    return text


def _references(console: Console, references: Sequence[Reference]) -> None:
    if not references:
        return
    console.print()
    console.print(Text("Sources", style="bold"))
    for reference in references:
        mark = f"[{reference.number}] "
        line = Text(mark, style="cyan")
        line.append(clean(reference_phrase(reference)), style="italic")
        console.print(_hang(line, len(mark)))
        for quote in reference.quotes:
            words = Text("    " + quoted(clean(quote.words)))
            if quote.note:
                words.append(f" ({clean(quote.note)})", style="italic")
            console.print(_hang(words))


def print_log(view: LogView) -> None:
    console = _console()
    console.print(_hang(_t(f"Change log: {view.name}, {view.span}", "bold")))
    for step in view.steps:
        console.print()
        _versions(console, step.a.heading, step.b.heading, step.version_changes, "From ")
        console.print(_hang(_t(step.count_line)))
        for said in step.lines:
            console.print(_hang(_line(said.label, said.pieces, label_style=_KIND_STYLE[said.kind])))
    _references(console, view.references)


def print_history(view: HistoryView) -> None:
    console = _console()
    head = _t(view.label, "bold")
    head.append(clean(f" ({view.name}) across {view.across}"))
    console.print(_hang(head))
    if view.help:
        console.print(_hang(_t(view.help, "italic")))
    for entry in view.entries:
        console.print()
        head = Text()
        head.append(clean(entry.version.heading), style="bold")
        if entry.change:
            head.append(", ")
            head.append(entry.change, style=_KIND_STYLE[entry.kind])
        head.append(": ")
        head.append_text(_value(entry.side))
        console.print(_hang(head))
        _print(console, _side_lines(entry.side))
    console.print()
    console.print(Text("When each value first appeared", style="bold"))
    if not view.first:
        console.print(Text("  no version reports this term", style="italic"))
    for said in view.first:
        console.print(_hang(_line(said.label, said.pieces, sep="", cite=False)))


def print_sources(view: SourcesView) -> None:
    console = _console()
    console.print(_t(f"Sources: {view.name}", "bold"))
    console.print(_hang(_t(view.summary)))
    table = Table(show_lines=True)
    for column in ("id", "outlet", "published", "title", "cited by"):
        table.add_column(column, overflow="fold")
    for item in view.items:
        title = _t("untitled" if item.title is None else item.title)
        if item.url:
            title.append("\n" + clean(item.url))
        if not item.archive:
            title.append("\nnot archived: its quotes are unverified", style="yellow")
        cited = Text()
        cited.append(clean(item.cited) if item.cited else "not cited", style="" if item.cited else "red")
        for use in item.uses:
            cited.append("\n")
            cited.append(clean(use.version), style="bold")
            cited.append(": " + clean(use.terms))
        table.add_row(_t(item.id, "bold"), _t(item.outlet), _t(item.published), title, cited)
    console.print(table)
    console.print(Text("Not cited by any version", style="bold"))
    for source in view.uncited:
        console.print(_t(f"- {source.id}: {source.byline}", "red"))
    if not view.uncited:
        console.print(Text("  none", style="italic"))
    console.print(Text("Terms resting on a single outlet (reporters work to a two-source rule)", style="bold"))
    for single in view.single_outlet:
        console.print(Text("- ") + _t(single.version.heading, "bold"))
        for outlet, terms in single.outlets:
            line = Text("    ")
            line.append(clean(outlet) + " only", style="yellow")
            line.append(": " + clean(terms))
            console.print(_hang(line))
    if not view.single_outlet:
        console.print(Text("  none", style="italic"))
