"""The HTML page's records: what each part of the page says, typed, for the template to lay out.

`page.py` builds them from the views (their words) and the library's records (the grid, the
archives); nothing here reads files or decides words.
Every string is raw data: the template engine escapes it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal, NamedTuple

from drafts.comparing.diff import Kind
from drafts.comparing.textdiff import Segment

PageKind = Literal["log", "diff", "show", "history"]
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def anchor(*parts: str) -> str:
    """A fragment id from ids and term names: stable, and safe in a URL without quoting."""
    text = "-".join(parts)
    if not _ANCHOR_UNSAFE.search(text):
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{_ANCHOR_UNSAFE.sub('_', text)[:40]}-{digest}"


class Column(NamedTuple):
    id: str
    anchor: str  # the grid's column heading
    entries: str  # the version's entries
    title: str
    date: str
    stage: str
    proposed_by: str | None


class Cited(NamedTuple):
    """One quote under a side: report `number`'s quote `nth` (both from 1)."""

    number: int
    nth: int


class ClaimSide(NamedTuple):
    by: str
    status: str
    words: str
    summary: str | None
    quoted: tuple[Cited, ...]


class Side(NamedTuple):
    """One side of a term: `status` drives the styling, `words` are what the reader sees."""

    status: str  # stated | absent | disputed | not_reported
    words: str
    summary: str | None
    quoted: tuple[Cited, ...]
    claims: tuple[ClaimSide, ...] = ()


class Part(NamedTuple):
    """Words of a view's line, then the reports they cite (numbers as on this page)."""

    text: str
    cites: tuple[int, ...]


class Line(NamedTuple):
    """A view's plain-language line, laid out: a label, then its words and citations."""

    label: str
    parts: tuple[Part, ...]


class Cell(NamedTuple):
    anchor: str
    entry: str  # the anchor of this version's entry for the term
    side: Side
    change: str | None  # §3b words for the change from the column before; None: none, or first column
    since: str | None  # the column before, when `change` is set
    delta: str | None = None  # a money or percent value's movement: "−$150 billion, −30%"


class Row(NamedTuple):
    name: str
    label: str
    weight: str
    help: str | None
    cells: tuple[Cell, ...]

    @property
    def changed(self) -> bool:
        return any(cell.change for cell in self.cells)


class Grid(NamedTuple):
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


class Redline(NamedTuple):
    """A word-level edit: `inline` False when the texts differ too much and are shown whole."""

    segments: tuple[Segment, ...]
    inline: bool


class ClaimRedline(NamedTuple):
    label: str  # "Volodymyr Zelensky's summary"
    summary: Redline


class ChangeView(NamedTuple):
    """One term's change: its words are the diff view's, its redlines the page's own."""

    anchor: str
    label: str
    kind: Kind
    words: str  # the view's: 'now reported', 'no longer covered by reports', ...
    since: str | None  # set only when the two versions are not neighbours
    path: str | None  # each change on the way: "changed in v2, no longer covered by reports in v3"
    line: Line  # the change log's line: '$500 billion [1] → $350 billion [2] (−$150 billion, −30%)'
    value: Redline | None
    summary: Redline | None
    claims: tuple[ClaimRedline, ...]
    entry: str  # the anchor of the later version's entry for the term


class Step(NamedTuple):
    anchor: str
    before: Column
    after: Column
    fields: tuple[str, ...]  # the view's version changes: 'stage: signed → ratified'
    counts: str
    short: tuple[Line, ...]  # a diff's 'In short' lines
    changes: tuple[ChangeView, ...]


class Entry(NamedTuple):
    anchor: str
    cell: str
    name: str
    label: str
    help: str | None
    side: Side


class VersionEntries(NamedTuple):
    column: Column
    notes: str | None
    entries: tuple[Entry, ...]


class Use(NamedTuple):
    """Where a quote is cited: a version's entry for a term, for whose account."""

    version: str
    label: str
    by: str | None
    entry: str


class Quote(NamedTuple):
    number: int  # the report's
    nth: int  # the quote's, within its report
    text: str
    note: str | None
    located: bool  # found in the archived text shown on the page
    uses: tuple[Use, ...]

    @property
    def key(self) -> str:
        return f"{self.number}-{self.nth}"

    @property
    def anchor(self) -> str:
        return f"cite-{self.key}"

    @property
    def highlight(self) -> str:
        return f"quote-{self.key}"


class Piece(NamedTuple):
    """A run of an archived text: plain, or inside the quotes keyed in `marks` ('3-1')."""

    text: str
    marks: tuple[str, ...]
    starts: tuple[str, ...]  # quotes whose first words are here
    ends: tuple[str, ...]  # quotes whose last words are here


class ArchiveView(NamedTuple):
    anchor: str
    file: str
    sha256: str | None
    pieces: tuple[Piece, ...]


class Report(NamedTuple):
    number: int  # one per report, as in the other formats' reference lists
    anchor: str
    id: str
    outlet: str
    title: str | None  # None: the capture has no title
    published: str
    url: str | None
    link: bool  # whether the url is a plain web address, safe to make a link
    note: str | None
    quotes: tuple[Quote, ...]
    archive: ArchiveView | None
    archive_problem: str | None  # why no archived text is shown


class Page(NamedTuple):
    kind: PageKind
    title: str
    heading: str
    lede: str
    note: str | None  # nothing to compare, no versions, ...
    grid: Grid | None
    steps: tuple[Step, ...]
    versions: tuple[VersionEntries, ...]
    positions: tuple[Line, ...]  # history: when each value first appeared
    reports: tuple[Report, ...]
