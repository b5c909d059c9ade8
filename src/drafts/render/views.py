"""One view per report: what it says, decided once, for every format to lay out.

A view is plain typed records (NamedTuples of strings, numbers and tuples), easy to walk in a
template. Words follow SPEC §3b here, and only here: text, rich, Markdown and HTML choose
layout, escaping and style, never wording. Citations are numbered per report (one number per
source, its quoted words gathered under it), so a reference list has one entry per report.

Every string in a view is raw data from drafts and archives: each format escapes it its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from drafts.comparing.diff import Kind, TermChange, VersionDiff
from drafts.comparing.textdiff import TextDiff
from drafts.errors import Problem
from drafts.records.model import Citation, Claim, Collection, Source, Term, Version
from drafts.records.text import fold
from drafts.render import prose
from drafts.render.words import (
    KIND_LABELS,
    NEITHER,
    NOT_REPORTED,
    NOW_REPORTED,
    change_detail,
    count_line,
    field_change_phrase,
    outlet_name,
    path_phrase,
    plural,
    side_phrase,
    value_phrase,
)

if TYPE_CHECKING:
    from drafts.comparing.history import TermHistory
    from drafts.evidence.checks import CheckReport
    from drafts.evidence.registry import SourcesReport


# Citations and the reference list.


class Marks(NamedTuple):
    """The reference numbers for the words just before them (empty: nothing to cite)."""

    numbers: tuple[int, ...]

    @property
    def written(self) -> str:
        """' [1][2]' after the words they cite; '' when there is nothing to cite."""
        return " " + "".join(f"[{n}]" for n in self.numbers) if self.numbers else ""


Piece = str | Marks


class Said(NamedTuple):
    """A plain-language line: a label, then words and citation marks, e.g. '$500 billion [1] → ...'."""

    label: str
    pieces: tuple[Piece, ...]
    kind: str = ""  # the change's JSON kind, for styling; "" when not a change

    @property
    def words(self) -> str:
        return "".join(p for p in self.pieces if isinstance(p, str))


class Quoted(NamedTuple):
    """Words quoted from a report, with the editor's note on how they support the term."""

    words: str
    note: str | None


class Reference(NamedTuple):
    """One report in the reference list, with every quote the document cites from it."""

    number: int
    source: str
    outlet: str
    title: str | None  # None: the archived text carries no headline
    published: str  # '25 February 2025' or 'date unknown'
    url: str | None
    quotes: tuple[Quoted, ...]


class Quote(NamedTuple):
    """A source under a term: who, when, the words, and its number in the reference list."""

    number: int
    byline: str  # 'Ukraine Front Lines, date unknown'
    words: str
    note: str | None


def published_phrase(source: Source) -> str:
    return source.published.long() if source.published else "date unknown"


def byline(source: Source) -> str:
    """'Ukraine Front Lines, date unknown'."""
    return f"{outlet_name(source)}, {published_phrase(source)}"


def headline(source: Source) -> str | None:
    """The report's title; None when the capture has none (formats write 'untitled')."""
    return None if source.title == "unknown" else source.title


class _Numbering:
    """Numbers reports in order of first citation; a report keeps one number for all its quotes."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.numbers: dict[str, int] = {}
        self.quotes: dict[str, dict[str, Quoted]] = {}

    def number(self, citation: Citation) -> int:
        number = self.numbers.setdefault(citation.source, len(self.numbers) + 1)
        self.quotes.setdefault(citation.source, {}).setdefault(
            fold(citation.quote), Quoted(citation.quote, citation.note)
        )
        return number

    def marks(self, citations: Iterable[Citation]) -> Marks:
        return Marks(tuple(dict.fromkeys(self.number(c) for c in citations)))

    def quote(self, citation: Citation) -> Quote:
        source = self.collection.sources[citation.source]
        return Quote(self.number(citation), byline(source), citation.quote, citation.note)

    def said(self, line: prose.Line, kind: str = "") -> Said:
        pieces = tuple(p if isinstance(p, str) else self.marks(p.citations) for p in line.parts)
        return Said(line.label, pieces, kind)

    def references(self) -> tuple[Reference, ...]:
        result = []
        for source_id, number in self.numbers.items():
            source = self.collection.sources[source_id]
            result.append(
                Reference(
                    number,
                    source_id,
                    outlet_name(source),
                    headline(source),
                    published_phrase(source),
                    source.url,
                    tuple(self.quotes[source_id].values()),
                )
            )
        return tuple(result)


# One side of a term, as shown under a heading in show, diff and history.


class Account(NamedTuple):
    """One side's account of a disputed term."""

    by: str
    value: str
    summary: str
    quotes: tuple[Quote, ...]
    marks: Marks


class Side(NamedTuple):
    status: str  # stated, absent ("not in this draft": never styled as a gain), not_reported, disputed
    value: str  # the few words: '$500 billion', 'not in this draft', 'no longer covered by reports'
    summary: str | None
    quotes: tuple[Quote, ...]
    marks: Marks
    accounts: tuple[Account, ...] = ()


def _side(numbering: _Numbering, term: Term, *, after: bool = False) -> Side:
    if term.status == "not_reported":
        return Side(term.status, side_phrase(term, after=after), None, (), Marks(()))
    return Side(
        term.status,
        side_phrase(term, after=after),
        term.summary,
        tuple(numbering.quote(c) for c in term.sources),
        numbering.marks(term.sources),
        tuple(_account(numbering, claim) for claim in term.claims),
    )


def _account(numbering: _Numbering, claim: Claim) -> Account:
    return Account(
        claim.by or "one account",
        value_phrase(claim),
        claim.summary,
        tuple(numbering.quote(c) for c in claim.sources),
        numbering.marks(claim.sources),
    )


class VersionHead(NamedTuple):
    id: str
    title: str
    date: str  # 'February 2025'
    stage: str

    @property
    def heading(self) -> str:
        """'v1 — First US proposal (February 2025)'."""
        return f"{self.id} — {self.title} ({self.date})"


def _head(version: Version) -> VersionHead:
    return VersionHead(version.id, version.title, version.date.long(), version.stage)


# list


class ListRow(NamedTuple):
    id: str
    date: str
    stage: str
    title: str
    reported: str  # '9/12'


class ListView(NamedTuple):
    name: str
    collection: str  # 'the collection shipped with drafts (/usr/...)', 'the collection in this folder'
    rows: tuple[ListRow, ...]


def collection_phrase(root: Path, cwd: Path | None = None) -> str:
    """Which collection is in use, in words a user can act on; the shipped one is named as such."""
    from drafts.reading.roots import installed_copy, packaged_root

    resolved = root.resolve()
    if installed_copy(root) or resolved == packaged_root():
        return f"the collection shipped with drafts ({resolved})"
    here = (cwd or Path.cwd()).resolve()
    if resolved == here:
        return "the collection in this folder"
    try:
        return f"the collection in {resolved.relative_to(here)}"
    except ValueError:
        return f"the collection in {resolved}"


def list_view(collection: Collection) -> ListView:
    total = len(collection.agreement.terms)
    rows = tuple(ListRow(v.id, str(v.date), v.stage, v.title, f"{v.reported}/{total}") for v in collection.versions)
    return ListView(collection.agreement.name, collection_phrase(collection.root), rows)


# show


class ShownTerm(NamedTuple):
    name: str
    label: str
    side: Side


class ShowView(NamedTuple):
    version: VersionHead
    proposed_by: str | None
    notes: str | None
    terms: tuple[ShownTerm, ...]
    references: tuple[Reference, ...]


def show_view(collection: Collection, version: Version) -> ShowView:
    numbering = _Numbering(collection)
    specs = collection.agreement.terms
    terms = tuple(ShownTerm(name, specs[name].label, _side(numbering, term)) for name, term in version.terms.items())
    return ShowView(_head(version), version.proposed_by, version.notes, terms, numbering.references())


# diff


class ChangeBlock(NamedTuple):
    """One term's change in detail, both sides with their sources."""

    term: str
    label: str
    kind: Kind
    words: str  # 'now reported', 'no longer covered by reports', 'changed'; for a change that came and went, the way
    since: str | None  # shown when A and B are not neighbours
    path: str  # 'changed in v2, no longer covered by reports in v3' ('' for neighbours)
    reverted: bool
    before: Side
    after: Side
    detail: str  # '−$150 billion, −30%; adds x' ('' when none)
    value_edit: TextDiff | None
    summary_edit: TextDiff | None
    line: Said | None = None  # the change log's line for it, cited: '$500 billion [1] → ...'; None: unchanged


class DiffView(NamedTuple):
    a: VersionHead
    b: VersionHead
    version_changes: tuple[str, ...]  # 'stage: signed → ratified', shown first (after a note that A is later than B)
    count_line: str
    head: tuple[Said, ...]  # one line per real change: 'Fund size: $500 billion → $350 billion, since v3'
    no_longer_reported: tuple[str, ...]  # the labels of the terms reports stopped covering
    changes: tuple[ChangeBlock, ...]
    references: tuple[Reference, ...]


def _on_the_way(collection: Collection, change: TermChange, b: str) -> str:
    """'v2: not in this draft': what the term said in each version on the way where it changed."""
    phrases = []
    for step in change.steps:
        if step.version == b:
            continue
        term = _term_at(collection, step.version, change.term)
        said = KIND_LABELS[step.kind] if step.kind in ("reworded", "re-sourced") else value_phrase(term)
        phrases.append(f"{step.version}: {said}")
    return "; ".join(phrases)


def _term_at(collection: Collection, version_id: str, name: str) -> Term:
    return collection.versions[collection.index[version_id]].terms[name]


def _reverted_words(collection: Collection, change: TermChange, b: str) -> str:
    """'reported in v2 only (50%)': a term the same at both ends that moved on the way."""
    way = _on_the_way(collection, change, b)
    if change.before.status != "not_reported":
        return f"unchanged overall at {side_phrase(change.after)} ({way})"
    first = change.steps[0].version
    on_the_way = collection.versions[collection.index[first] : collection.index[b]]
    reported = [v.id for v in on_the_way if v.terms[change.term].status != "not_reported"]
    if len(reported) == 1:
        return f"reported in {reported[0]} only ({value_phrase(_term_at(collection, reported[0], change.term))})"
    return f"{NEITHER}, but reported in between ({way})"


def _head_line(collection: Collection, change: TermChange, b: str, neighbours: bool) -> Said:
    """The change log's words for the change (without citations), or a short note for a rewording.

    Between versions that are not neighbours, the line says when the change came and, briefly,
    what the term said on the way, so the middle of the story is not lost.
    """
    if change.reverted:
        return Said(change.spec.label, (_reverted_words(collection, change, b),), change.kind)
    if change.kind in ("reworded", "re-sourced"):
        words = f"{side_phrase(change.after, after=True)} ({KIND_LABELS[change.kind]})"
    else:
        words = prose.change_line(change).words
    if not neighbours and change.since:
        words += f", since {change.since}"
        way = _on_the_way(collection, change, b)
        if way:
            words += f" ({way})"
    return Said(change.spec.label, (words,), change.kind)


def _block(numbering: _Numbering, change: TermChange, neighbours: bool) -> ChangeBlock:
    path = path_phrase(change) if change.steps else ""
    words = path if change.reverted else KIND_LABELS[change.kind]
    if change.silent and not change.reverted:
        words = NEITHER  # silence on both sides is not "unchanged" (shown with --all)
    return ChangeBlock(
        term=change.term,
        label=change.spec.label,
        kind=change.kind,
        words=words,
        since=None if neighbours or change.reverted else change.since,
        path="" if neighbours or change.reverted else path,
        reverted=change.reverted,
        before=_side(numbering, change.before),
        after=_side(numbering, change.after, after=True),
        detail=change_detail(change),
        value_edit=change.value_diff if change.value_diff is not None and change.value_diff.inline else None,
        summary_edit=change.summary_diff if change.summary_diff is not None and change.summary_diff.inline else None,
        # Last: its citations are the sides' own, numbered just above, so the numbering stays as it was.
        line=None if change.kind == "unchanged" else numbering.said(prose.change_line(change), change.kind),
    )


def diff_view(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> DiffView:
    numbering = _Numbering(collection)
    neighbours = collection.predecessor(diff.b) == diff.a
    changed = diff.changed
    shown = [c for c in diff.changes if include_unchanged or c.kind != "unchanged" or c.reverted]
    # A term that left the reports goes in the short list, unless it had a story on the way.
    listed = [c for c in changed if c.kind == "dropped" and (neighbours or not _on_the_way(collection, c, diff.b.id))]
    head = [c for c in diff.changes if (c.kind != "unchanged" or c.reverted) and c not in listed]
    notes = (f"{diff.a.id} is later than {diff.b.id}: this compares backwards in time",) if diff.backwards else ()
    return DiffView(
        a=_head(diff.a),
        b=_head(diff.b),
        version_changes=notes + tuple(field_change_phrase(f) for f in diff.version_changes),
        count_line=count_line(diff.counts),
        head=tuple(_head_line(collection, c, diff.b.id, neighbours) for c in head),
        no_longer_reported=tuple(c.spec.label for c in listed),
        changes=tuple(_block(numbering, c, neighbours) for c in shown),
        references=numbering.references(),
    )


# log


class LogStep(NamedTuple):
    a: VersionHead
    b: VersionHead
    version_changes: tuple[str, ...]
    count_line: str
    lines: tuple[Said, ...]


class LogView(NamedTuple):
    name: str
    span: str  # 'v1 to v3 (2 steps, oldest first)', 'v1 only: a single version, nothing to compare'
    steps: tuple[LogStep, ...]
    references: tuple[Reference, ...]


def log_view(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> LogView:
    numbering = _Numbering(collection)
    if not versions:
        span = "no versions yet"
    elif not steps:
        span = f"{versions[0].id} only: a single version, nothing to compare"
    else:
        span = f"{versions[0].id} to {versions[-1].id} ({plural(len(steps), 'step')}, oldest first)"
    shown = tuple(
        LogStep(
            _head(step.a),
            _head(step.b),
            tuple(field_change_phrase(f) for f in step.version_changes),
            count_line(step.counts),
            tuple(numbering.said(prose.change_line(c), c.kind) for c in step.changed),
        )
        for step in steps
    )
    return LogView(collection.agreement.name, span, shown, numbering.references())


# history


class HistoryEntry(NamedTuple):
    version: VersionHead
    change: str | None  # 'changed', 'now reported'; None for the first version, no change, or when the side says it
    kind: Kind
    side: Side


class HistoryView(NamedTuple):
    label: str
    name: str
    help: str | None
    across: str  # '3 versions'
    entries: tuple[HistoryEntry, ...]
    first: tuple[Said, ...]  # '50%' — first in v2 (...), first reported by ...
    references: tuple[Reference, ...]


def history_view(collection: Collection, history: TermHistory) -> HistoryView:
    numbering = _Numbering(collection)
    entries = []
    for i, entry in enumerate(history.entries):
        says_itself = entry.kind == "dropped"  # the side reads 'no longer covered by reports'
        change = KIND_LABELS[entry.kind] if i and entry.kind != "unchanged" and not says_itself else None
        side = _side(numbering, entry.term, after=entry.reported_before)
        entries.append(HistoryEntry(_head(entry.version), change, entry.kind, side))
    first = tuple(numbering.said(prose.position_line(p)) for p in history.positions)
    spec = history.spec
    return HistoryView(
        spec.label,
        spec.name,
        spec.help,
        plural(len(history.entries), "version"),
        tuple(entries),
        first,
        numbering.references(),
    )


# sources


class SourceUseLine(NamedTuple):
    version: str
    terms: str  # 'Fund size, Treatment of past aid (Donald Trump)'


class SourceItem(NamedTuple):
    id: str
    outlet: str
    byline: str  # 'Ukraine Front Lines, date unknown'
    title: str | None
    published: str
    url: str | None
    archive: str | None  # 'seeds/x.txt'; None: not archived, its quotes are unverified
    note: str | None
    cited: str | None  # 'cited 12 times in 3 versions'; None: not cited
    uses: tuple[SourceUseLine, ...]


class SingleOutletGroup(NamedTuple):
    version: VersionHead
    outlets: tuple[tuple[str, str], ...]  # (outlet, 'Fund size, Scope')


class SourcesView(NamedTuple):
    name: str
    summary: str
    items: tuple[SourceItem, ...]
    uncited: tuple[SourceItem, ...]
    single_outlet: tuple[SingleOutletGroup, ...]


def sources_view(collection: Collection, report: SourcesReport) -> SourcesView:
    def item(use: object, source: Source) -> SourceItem:
        from drafts.evidence.registry import SourceUse

        uses = prose.uses_by_version(collection, use) if isinstance(use, SourceUse) and use.uses else []
        return SourceItem(
            source.id,
            outlet_name(source),
            byline(source),
            headline(source),
            published_phrase(source),
            source.url,
            f"seeds/{source.file}" if source.file else None,
            source.note,
            prose.cited_phrase(use) if isinstance(use, SourceUse) and use.uses else None,
            tuple(SourceUseLine(v.id, terms) for v, terms in uses),
        )

    return SourcesView(
        collection.agreement.name,
        prose.sources_summary(report),
        tuple(item(use, use.source) for use in report.sources),
        tuple(item(None, source) for source in report.uncited),
        tuple(
            SingleOutletGroup(_head(single.version), tuple(prose.single_outlet_groups(collection, single)))
            for single in report.single_outlet
        ),
    )


def unknown_version_problem(ref: str, known: Sequence[str], root: Path | None) -> Problem:
    """'unknown version 'v5' in the collection shipped with drafts (...); known: v1, v2, v3'."""
    where = f" in {collection_phrase(root)}" if root is not None else ""
    if not known:
        return Problem(
            f"{collection_phrase(root) if root is not None else 'the collection'} has no versions yet",
            hint="write drafts/ID.yaml by hand (drafts schema gives its format), or point --root at another collection",
        )
    return Problem(
        f"unknown version '{ref}'{where}; known: {', '.join(known)}",
        hint="also first and latest; --root DIR or DRAFTS_ROOT picks another collection",
    )


# check


class CheckView(NamedTuple):
    ok: bool
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    verdict: str  # 'ok: 3 versions, 40 quotes verified, 1 warning' or '2 problems found'
    checked: str  # '3 versions, 40 quotes checked; 1 warning'


def check_view(report: CheckReport) -> CheckView:
    warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
    verdict = (
        f"ok: {report.versions} version(s), {report.quotes} quote(s) verified{warned}"
        if report.ok
        else f"{len(report.errors)} problem(s) found"
    )
    checked = f"{report.versions} version(s), {report.quotes} quote(s) checked; {len(report.warnings)} warning(s)"
    return CheckView(report.ok, tuple(report.errors), tuple(report.warnings), verdict, checked)


__all__ = [
    "NOT_REPORTED",
    "NOW_REPORTED",
    "CheckView",
    "DiffView",
    "HistoryView",
    "ListView",
    "LogView",
    "ShowView",
    "SourcesView",
]
