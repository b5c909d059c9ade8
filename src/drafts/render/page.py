"""The HTML page's records (`pagemodel.py`), built from the report's view; the template lays them out.

Every word a reader sees about a change comes from `views.py`, as in text and Markdown: the
count line, the version's own changes, each change's heading ("now reported", "no longer covered
by reports", "since v2", the way it went) and its change-log line, a diff's "In short", a history's
"first reported by", and the citation numbers (one per report, in the view's order). What only
the page has is decided here: the grid of terms by version, anchors, word-level redlines, each
report's quotes located in its archived text. Words are raw data here: the template engine escapes
them. The only I/O is reading the archived texts the quotes are shown in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from drafts.comparing.diff import TermChange, VersionDiff, classify, compare_terms, ordered_specs
from drafts.comparing.textdiff import TextDiff
from drafts.records.model import Citation, Claim, Collection, Source, Term, TermSpec, Version
from drafts.records.text import fold
from drafts.records.values import delta, format_delta
from drafts.render import views
from drafts.render.pagemodel import (
    ArchiveView,
    Cell,
    ChangeView,
    Cited,
    ClaimRedline,
    ClaimSide,
    Column,
    Entry,
    Grid,
    Line,
    Page,
    Part,
    Piece,
    Quote,
    Redline,
    Report,
    Row,
    Side,
    Step,
    Use,
    VersionEntries,
    anchor,
)
from drafts.render.prose import possessive, version_phrase
from drafts.render.safe import is_web_url
from drafts.render.words import KIND_LABELS, NOT_REPORTED, outlet_name, plural, value_phrase

if TYPE_CHECKING:
    from drafts.comparing.history import TermHistory


# -- citation numbers: one per report, as the views number them ---------------------------------


class Numbers:
    """One number per report, in the order of the page's main view (so [1] means the same report as in
    text and Markdown), then any report only the page shows (the grid, the versions in between).
    Each report's quotes are numbered within it, for the highlights in its archived text."""

    def __init__(self, references: Sequence[views.Reference], scope: Iterable[tuple[Version, TermSpec]]) -> None:
        self.numbers: dict[str, int] = {}
        for reference in references:
            self.numbers[reference.source] = len(self.numbers) + 1
        self.quotes: dict[str, dict[str, tuple[Citation, dict[Use, None]]]] = {}  # a dict keeps order, once each
        for version, spec in scope:
            term = version.terms[spec.name]
            for by, citation in _cited(term):
                self.numbers.setdefault(citation.source, len(self.numbers) + 1)
                quotes = self.quotes.setdefault(citation.source, {})
                cited = quotes.setdefault(fold(citation.quote), (citation, {}))[1]
                cited[Use(version.id, spec.label, by, anchor("entry", version.id, spec.name))] = None
        self.by_number = {number: source for source, number in self.numbers.items() if source in self.quotes}
        self.nth = {(source, key): i for source, quotes in self.quotes.items() for i, key in enumerate(quotes, 1)}

    def quoted(self, citations: Iterable[Citation]) -> tuple[Cited, ...]:
        result: dict[Cited, None] = {}
        for c in citations:
            result[Cited(self.numbers[c.source], self.nth[(c.source, fold(c.quote))])] = None
        return tuple(result)

    def line(self, said: views.Said, references: Sequence[views.Reference]) -> Line:
        """A view's line with its citation numbers as on this page (the same, for the main view)."""
        source = {r.number: r.source for r in references}
        parts: list[Part] = []
        for piece in said.pieces:
            if isinstance(piece, str):
                parts.append(Part(piece, ()))
            else:
                cites = tuple(self.numbers[source[n]] for n in piece.numbers)
                if parts:
                    parts[-1] = Part(parts[-1].text, parts[-1].cites + cites)
                else:
                    parts.append(Part("", cites))
        return Line(said.label, tuple(parts))


def _cited(term: Term) -> Iterable[tuple[str | None, Citation]]:
    for citation in term.sources:
        yield None, citation
    for claim in term.claims:
        for citation in claim.sources:
            yield claim.by or "one account", citation


# -- sides, cells and changes ------------------------------------------------------------------


def _claim_side(claim: Claim, numbers: Numbers) -> ClaimSide:
    return ClaimSide(
        claim.by or "one account",
        claim.status,
        value_phrase(claim),  # the views' words; a dispute's accounts are laid out one by one
        claim.summary,
        numbers.quoted(claim.sources),
    )


def side(term: Term, numbers: Numbers) -> Side:
    claims = tuple(_claim_side(claim, numbers) for claim in term.claims)
    return Side(
        term.status,
        value_phrase(term),
        term.summary,
        numbers.quoted(term.sources),
        claims,
    )


def column(version: Version) -> Column:
    return Column(
        version.id,
        anchor("version", version.id),
        anchor("entries", version.id),
        version.title,
        version.date.long(),
        version.stage,
        version.proposed_by,
    )


def grid(collection: Collection, versions: Sequence[Version], specs: Sequence[TermSpec], numbers: Numbers) -> Grid:
    rows = []
    for spec in specs:
        cells = []
        previous: Version | None = None
        for version in versions:
            term = version.terms[spec.name]
            change = since = moved = None
            if previous is not None:
                before = previous.terms[spec.name]
                kind = classify(before, term)
                if kind != "unchanged":
                    change, since = KIND_LABELS[kind], previous.id
                if before.status == term.status == "stated":
                    movement = delta(before.value, term.value)
                    moved = format_delta(movement) if movement else None
            cells.append(
                Cell(
                    anchor(version.id, spec.name),
                    anchor("entry", version.id, spec.name),
                    side(term, numbers),  # a cell says "not reported"; its change mark says compared with which
                    change,
                    since,
                    moved,
                )
            )
            previous = version
        rows.append(Row(spec.name, spec.label, spec.weight, spec.help, tuple(cells)))
    return Grid(tuple(column(v) for v in versions), tuple(rows))


def _redline(diff: TextDiff | None, *, inline_only: bool = False) -> Redline | None:
    """`inline_only`: None when the texts differ wholly (a value already shown before and after)."""
    if diff is None or not diff.changed or (inline_only and not diff.inline):
        return None
    return Redline(diff.segments, diff.inline)


def _claim_redlines(change: TermChange) -> tuple[ClaimRedline, ...]:
    """Each account's summary, word by word, where a disputed term's accounts were reworded."""
    from drafts.comparing.textdiff import word_diff

    if not change.before.status == change.after.status == "disputed":
        return ()
    result = []
    for claim in change.claims:
        a, b = claim.before, claim.after
        if claim.kind != "unchanged" and a and b and fold(a.summary) != fold(b.summary):
            redline = _redline(word_diff(fold(a.summary), fold(b.summary)))
            if redline is not None:
                result.append(
                    ClaimRedline(f"{possessive(claim.by)} summary" if claim.by else "One account's summary", redline)
                )
    return tuple(result)


def change_view(change: TermChange, block: views.ChangeBlock, line: Line, step_anchor: str, later: str) -> ChangeView:
    return ChangeView(
        anchor=anchor(step_anchor, change.term),
        label=block.label,
        kind=change.kind,
        words=block.words,
        since=block.since,
        path=block.path or None,
        line=line,
        value=_redline(change.value_diff, inline_only=True),
        summary=_redline(change.summary_diff),
        claims=_claim_redlines(change),
        entry=anchor("entry", later, change.term),
    )


def _unchanged_line(block: views.ChangeBlock, numbers: Numbers, references: Sequence[views.Reference]) -> Line:
    """An unchanged term (shown with --all, or a change that came and went): its value as it stands."""
    return numbers.line(views.Said(block.label, (block.before.value, block.before.marks)), references)


def step(
    collection: Collection,
    diff: VersionDiff,
    numbers: Numbers,
    view: views.DiffView,
    lines: Sequence[views.Said] | None = None,
    references: Sequence[views.Reference] = (),
    *,
    in_short: bool = False,
) -> Step:
    """A step in the words of `view`; `lines` (a log step's cited lines, numbered by `references`)
    stand in for the view's own when the page is a change log. `in_short`: the diff's summary first."""
    step_anchor = anchor("step", diff.a.id, diff.b.id)
    refs = references if lines is not None else view.references
    by_term = {line_for.term: line_for for line_for in view.changes}
    cited = iter(lines if lines is not None else ())
    changes = []
    for change in diff.changes:
        block = by_term.get(change.term)
        if block is None:
            continue
        if block.line is None:
            line = _unchanged_line(block, numbers, view.references)
        else:
            line = numbers.line(next(cited) if lines is not None else block.line, refs)
        changes.append(change_view(change, block, line, step_anchor, diff.b.id))
    short = tuple(numbers.line(said, ()) for said in view.head) if in_short else ()
    if in_short and view.no_longer_reported:
        label = NOT_REPORTED.capitalize()
        short += (Line(label, (Part(", ".join(view.no_longer_reported), ()),)),)
    return Step(
        step_anchor,
        column(diff.a),
        column(diff.b),
        view.version_changes,
        view.count_line,
        short,
        tuple(changes),
    )


def entries(version: Version, specs: Sequence[TermSpec], numbers: Numbers) -> VersionEntries:
    return VersionEntries(
        column(version),
        version.notes,
        tuple(
            Entry(
                anchor("entry", version.id, spec.name),
                anchor(version.id, spec.name),
                spec.name,
                spec.label,
                spec.help,
                side(version.terms[spec.name], numbers),
            )
            for spec in specs
        ),
    )


# -- reports and their archived texts ----------------------------------------------------------


def reports(collection: Collection, numbers: Numbers) -> tuple[Report, ...]:
    from drafts.evidence.checks import Archives

    archives = Archives(collection.root)
    result = []
    for number, source_id in sorted(numbers.by_number.items()):
        source = collection.sources[source_id]
        quoted = [
            Quote(number, index, citation.quote, citation.note, False, tuple(uses))
            for index, (citation, uses) in enumerate(numbers.quotes[source_id].values(), start=1)
        ]
        archive = archives.get(source)
        located: dict[str, tuple[int, int]] = {}
        view = None
        if archive is not None and source.file is not None:
            for quote in quoted:
                span = archive.span(quote.text)
                if span is not None:
                    located[quote.key] = span
            view = ArchiveView(anchor("archive", source_id), source.file, source.sha256, _pieces(archive.text, located))
        quotes = tuple(q._replace(located=q.key in located) for q in quoted)
        result.append(_report(number, source, quotes, view))
    return tuple(result)


def _report(number: int, source: Source, quotes: tuple[Quote, ...], view: ArchiveView | None) -> Report:
    problem = None
    if source.file is None:
        problem = "No archived copy is registered for this report: its quotes are unverified."
    elif view is None:
        problem = f"The archived text seeds/{source.file} could not be read; run drafts check."
    url = source.url
    return Report(
        number=number,
        anchor=anchor("report", source.id),
        id=source.id,
        outlet=outlet_name(source),
        title=views.headline(source),
        published=views.published_phrase(source),
        url=url,
        link=bool(url and is_web_url(url)),
        note=source.note,
        quotes=quotes,
        archive=view,
        archive_problem=problem,
    )


def _pieces(text: str, spans: dict[str, tuple[int, int]]) -> tuple[Piece, ...]:
    """The text cut at every quote's start and end, each run knowing which quotes cover it."""
    cuts = sorted({0, len(text), *(i for span in spans.values() for i in span)})
    pieces = []
    for start, end in pairwise(cuts):
        marks = tuple(k for k, (a, b) in spans.items() if a <= start and end <= b)
        starts = tuple(k for k, (a, _) in spans.items() if a == start)
        ends = tuple(k for k, (_, b) in spans.items() if b == end)
        pieces.append(Piece(text[start:end], marks, starts, ends))
    return tuple(pieces)


# -- the pages ---------------------------------------------------------------------------------


def _scope(versions: Sequence[Version], specs: Sequence[TermSpec]) -> list[tuple[Version, TermSpec]]:
    return [(v, s) for v in versions for s in specs]


def log_page(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> Page:
    """The log's page; `steps` with their word diffs (`change_log(..., text_diffs=True)`) for the redlines."""
    view = views.log_view(collection, versions, steps)
    specs = ordered_specs(collection.agreement)
    numbers = Numbers(view.references, _scope(versions, specs))
    name = collection.agreement.name
    note = None
    if not steps:  # the view's span: 'no versions yet', or 'v3 only: a single version, nothing to compare'
        note = (view.span.capitalize() if not versions else view.span) + "."
    span = f"{versions[0].id} to {versions[-1].id}" if versions else "no versions"
    found = reports(collection, numbers)
    lede = f"How the reported drafts changed, {view.span}; {plural(len(found), 'report')} cited."
    shown = tuple(
        step(collection, d, numbers, views.diff_view(collection, d), logged.lines, view.references)
        for d, logged in zip(steps, view.steps, strict=True)
    )
    return Page(
        kind="log",
        title=f"{name}: change log, {span}",
        heading=f"{name}: the negotiation, {span}",
        lede=lede,
        note=note,
        grid=grid(collection, versions, specs, numbers) if versions else None,
        steps=shown,
        versions=tuple(entries(v, specs, numbers) for v in versions),
        positions=(),
        reports=found,
    )


def diff_page(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> Page:
    view = views.diff_view(collection, diff, include_unchanged=include_unchanged)
    a, b = diff.a, diff.b
    ahead = collection.index[a.id] < collection.index[b.id]
    versions: Sequence[Version] = (a, *collection.between(a, b)) if ahead else (a, b) if a.id != b.id else (a,)
    specs = ordered_specs(collection.agreement)
    numbers = Numbers(view.references, _scope(versions, specs))
    name = collection.agreement.name
    between = ""
    if len(versions) > 2:
        middle = [v.id for v in versions[1:-1]]
        listed = middle[0] if len(middle) == 1 else ", ".join(middle[:-1]) + " and " + middle[-1]
        between = f" The grid also shows {listed}, in between."
    return Page(
        kind="diff",
        title=f"{name}: from {a.id} to {b.id}",
        heading=f"{name}: from {a.id} to {b.id}",
        lede=f"What changed from {version_phrase(a)} to {version_phrase(b)}.{between}",
        note=None,
        grid=grid(collection, versions, specs, numbers),
        steps=(step(collection, diff, numbers, view, in_short=True),),
        versions=tuple(entries(v, specs, numbers) for v in versions),
        positions=(),
        reports=reports(collection, numbers),
    )


def show_page(collection: Collection, version: Version) -> Page:
    view = views.show_view(collection, version)
    specs = ordered_specs(collection.agreement)
    numbers = Numbers(view.references, _scope((version,), specs))
    name = collection.agreement.name
    reported = version.reported
    return Page(
        kind="show",
        title=f"{name}: {version.id}, {version.title}",
        heading=f"{name}: {version.id}, {version.title}",
        lede=f"Every term of {version_phrase(version)}: {reported} of {len(specs)} reported.",
        note=None,
        grid=grid(collection, (version,), specs, numbers),
        steps=(),
        versions=(entries(version, specs, numbers),),
        positions=(),
        reports=reports(collection, numbers),
    )


def history_page(collection: Collection, history: TermHistory) -> Page:
    view = views.history_view(collection, history)
    spec = history.spec
    versions = tuple(entry.version for entry in history.entries)
    numbers = Numbers(view.references, _scope(versions, (spec,)))
    steps = []
    for previous, current in pairwise(versions):
        before, after = previous.terms[spec.name], current.terms[spec.name]
        change = compare_terms(spec, before, after, ((current.id, after),))
        pair = VersionDiff(previous, current, (change,))
        steps.append(step(collection, pair, numbers, views.diff_view(collection, pair)))
    name = collection.agreement.name
    return Page(
        kind="history",
        title=f"{name}: {view.label} across {view.across}",
        heading=f"{name}: {view.label} across {view.across}",
        lede=view.help or f"The term {view.name} in every version, and who reported each value first.",
        note=None if versions else "No versions yet.",
        grid=grid(collection, versions, (spec,), numbers) if versions else None,
        steps=tuple(s for s in steps if s.changes),
        versions=tuple(entries(v, (spec,), numbers) for v in versions),
        positions=tuple(numbers.line(said, view.references) for said in view.first),
        reports=reports(collection, numbers),
    )
