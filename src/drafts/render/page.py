"""What the HTML page says, decided once as the records of `pagemodel.py`; the template lays them out.

A page has up to five parts, each for the scope of its command: the grid of terms by version,
each step's changes (in the words of SPEC §3b: "now reported", "not in this draft", "no longer
covered by reports"), every version's entry for each term, the reports cited, and the archived
text of each report with every quote located in it. Words are raw data here: the template
engine escapes them. The only I/O is reading the archived texts the quotes are shown in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from drafts.comparing.diff import ClaimChange, Kind, TermChange, VersionDiff, classify, compare, compare_terms
from drafts.comparing.textdiff import TextDiff
from drafts.records.model import WEIGHTS, Citation, Claim, Collection, Source, Term, TermSpec, Version
from drafts.records.text import fold
from drafts.records.values import delta, format_delta
from drafts.render.pagemodel import (
    ArchiveView,
    Cell,
    ChangeView,
    ClaimChangeView,
    ClaimSide,
    Column,
    Entry,
    FieldChange,
    Grid,
    Page,
    Piece,
    PositionView,
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
from drafts.render.prose import first_report_phrase, first_reporters, possessive, version_phrase
from drafts.render.safe import is_clean
from drafts.render.words import outlet_name

if TYPE_CHECKING:
    from drafts.comparing.history import Position, TermHistory


# SPEC §3b: the words a change is shown with. JSON keeps the kind names; people read these.
KIND_WORDS: dict[Kind, str] = {
    "changed": "changed",
    "added": "now reported",
    "dropped": "no longer covered by reports",
    "reworded": "reworded",
    "re-sourced": "re-sourced",
    "unchanged": "unchanged",
}
NO_LONGER = "no longer covered by reports"
_SAFE_URL = re.compile(r"https?://[^\s\"'<>`\\]+\Z")


# -- citation numbers: by report, so the reports list reads 1, 2, 3 ... --------------------------


class Numbers:
    """Every quote in scope, numbered report by report in order of first citation."""

    def __init__(self, scope: Iterable[tuple[Version, TermSpec]]) -> None:
        uses: dict[str, dict[str, tuple[Citation, dict[Use, None]]]] = {}  # a dict keeps order, once each
        for version, spec in scope:
            term = version.terms[spec.name]
            for by, citation in _cited(term):
                quotes = uses.setdefault(citation.source, {})
                cited = quotes.setdefault(fold(citation.quote), (citation, {}))[1]
                cited[Use(version.id, spec.label, by, anchor("entry", version.id, spec.name))] = None
        self.numbers: dict[tuple[str, str], int] = {}
        self.by_source: dict[str, list[tuple[int, Citation, tuple[Use, ...]]]] = {}
        for source, quotes in uses.items():
            for key, (citation, cited) in quotes.items():
                number = len(self.numbers) + 1
                self.numbers[(source, key)] = number
                self.by_source.setdefault(source, []).append((number, citation, tuple(cited)))

    def of(self, citations: Iterable[Citation]) -> tuple[int, ...]:
        return tuple(self.numbers[(c.source, fold(c.quote))] for c in citations)


def _cited(term: Term) -> Iterable[tuple[str | None, Citation]]:
    for citation in term.sources:
        yield None, citation
    for claim in term.claims:
        for citation in claim.sources:
            yield claim.by or "one account", citation


# -- sides, cells and changes ------------------------------------------------------------------


def _words(side: Term | Claim, *, after: bool = False) -> str:
    if side.status == "stated":
        return str(side.value)
    if side.status == "absent":
        return "not in this draft"
    if side.status == "disputed":
        return "disputed"
    return NO_LONGER if after else "not reported"


def _claim_side(claim: Claim, numbers: Numbers) -> ClaimSide:
    return ClaimSide(claim.by or "one account", claim.status, _words(claim), claim.summary, numbers.of(claim.sources))


def side(term: Term, numbers: Numbers, *, after: bool = False) -> Side:
    claims = tuple(_claim_side(claim, numbers) for claim in term.claims)
    return Side(term.status, _words(term, after=after), term.summary, numbers.of(term.sources), claims)


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


def _ordered(collection: Collection, names: Iterable[str] | None = None) -> list[TermSpec]:
    """Headline terms first, then catalogue order, as the differ orders changes."""
    specs = list(collection.agreement.terms.values())
    if names is not None:
        wanted = set(names)
        specs = [s for s in specs if s.name in wanted]
    rank = {weight: i for i, weight in enumerate(WEIGHTS)}
    return sorted(specs, key=lambda s: rank[s.weight])  # stable: catalogue order within a weight


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
                    change, since = KIND_WORDS[kind], previous.id
                if before.status == term.status == "stated":
                    movement = delta(before.value, term.value)
                    moved = format_delta(movement) if movement else None
            cells.append(
                Cell(
                    anchor(version.id, spec.name),
                    anchor("entry", version.id, spec.name),
                    side(term, numbers),  # a cell says "not reported"; its change mark says since when
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


def _held(side: Term | Claim) -> str:
    if side.status == "stated":
        return f"unchanged at {side.value}"
    return "still not in this draft" if side.status == "absent" else "still disputed"


def _detail(change: TermChange) -> str | None:
    parts = []
    if change.delta is not None:
        parts.append(format_delta(change.delta))
    if change.items_added:
        parts.append("now lists " + ", ".join(change.items_added))
    if change.items_removed:
        parts.append("no longer lists " + ", ".join(change.items_removed))
    return "; ".join(parts) or None


def _path(change: TermChange) -> str | None:
    if not change.steps:
        return None
    return ", ".join(f"{KIND_WORDS[step.kind]} in {step.version}" for step in change.steps)


def _claim_change(change: ClaimChange, numbers: Numbers) -> ClaimChangeView:
    before = _claim_side(change.before, numbers) if change.before else None
    after = _claim_side(change.after, numbers) if change.after else None
    summary = None
    if change.before and change.after and fold(change.before.summary) != fold(change.after.summary):
        from drafts.comparing.textdiff import word_diff

        summary = _redline(word_diff(fold(change.before.summary), fold(change.after.summary)))
    by = change.by or "one account"
    return ClaimChangeView(by, KIND_WORDS[change.kind], before, after, summary)


def change_view(change: TermChange, numbers: Numbers, step_anchor: str, later: str, *, neighbours: bool) -> ChangeView:
    before, after = change.before, change.after
    held = None
    if change.kind in ("reworded", "re-sourced") and before.status != "disputed":
        held = _held(before)
    claims: tuple[ClaimChangeView, ...] = ()
    if before.status == after.status == "disputed":
        claims = tuple(_claim_change(c, numbers) for c in change.claims if c.kind != "unchanged")
    words = "unchanged overall" if change.reverted else KIND_WORDS[change.kind]
    return ChangeView(
        anchor=anchor(step_anchor, change.term),
        name=change.term,
        label=change.spec.label,
        kind=change.kind,
        words=words,
        before=side(before, numbers),
        after=side(after, numbers, after=True),
        held=held,
        detail=_detail(change),
        value=_redline(change.value_diff, inline_only=True),
        summary=_redline(change.summary_diff),
        claims=claims,
        since=change.since if not neighbours and change.kind != "unchanged" else None,
        path=_path(change) if not neighbours else None,
        entry=anchor("entry", later, change.term),
    )


_COUNTED: tuple[Kind, ...] = ("changed", "added", "dropped", "reworded", "re-sourced")


def count_line(changes: Sequence[TermChange]) -> str:
    """'3 terms changed, 2 now reported, 5 no longer covered by reports; 1 unchanged, 1 not reported in either'."""
    parts = []
    for kind in _COUNTED:
        n = sum(c.kind == kind for c in changes)
        if n:
            parts.append(f"{n} {KIND_WORDS[kind]}")
    if parts:
        first, rest = parts[0].split(" ", 1)
        parts[0] = f"{first} {'term' if first == '1' else 'terms'} {rest}"
    silent = sum(c.kind == "unchanged" and c.before.status == c.after.status == "not_reported" for c in changes)
    unchanged = sum(c.kind == "unchanged" for c in changes) - silent
    quiet = [f"{unchanged} unchanged"] if unchanged else []
    if silent:
        quiet.append(f"{silent} not reported in either")
    if not parts:
        return "no changes" + ("; " + ", ".join(quiet) if quiet else "")
    return ", ".join(parts) + ("; " + ", ".join(quiet) if quiet else "")


def field_changes(a: Version, b: Version) -> tuple[FieldChange, ...]:
    """The version itself: stage, date and proposer, when they differ (SPEC §3b)."""
    fields = []
    if a.stage != b.stage:
        fields.append(FieldChange("Stage", a.stage, b.stage))
    if a.date != b.date:
        fields.append(FieldChange("Date", a.date.long(), b.date.long()))
    if a.proposed_by != b.proposed_by:
        fields.append(FieldChange("Proposed by", a.proposed_by or "not stated", b.proposed_by or "not stated"))
    return tuple(fields)


def step(collection: Collection, diff: VersionDiff, numbers: Numbers, *, include_unchanged: bool = False) -> Step:
    neighbours = collection.predecessor(diff.b) == diff.a
    step_anchor = anchor("step", diff.a.id, diff.b.id)
    changes = diff.changes
    shown = [c for c in changes if c.kind != "unchanged" or c.reverted or include_unchanged]
    return Step(
        step_anchor,
        column(diff.a),
        column(diff.b),
        neighbours,
        field_changes(diff.a, diff.b),
        count_line(changes),
        tuple(change_view(c, numbers, step_anchor, diff.b.id, neighbours=neighbours) for c in shown),
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
    from drafts.evidence.spans import ArchiveText

    archives = Archives(collection.root)
    result = []
    for source_id, quoted in numbers.by_source.items():
        source = collection.sources[source_id]
        archive = archives.get(source)
        located: dict[int, tuple[int, int]] = {}
        view = None
        if archive is not None and source.file is not None:
            text = ArchiveText(archive.text)
            for number, citation, _ in quoted:
                span = text.span(citation.quote)
                if span is not None:
                    located[number] = span
            view = ArchiveView(anchor("archive", source_id), source.file, source.sha256, _pieces(archive.text, located))
        quotes = tuple(
            Quote(number, citation.quote, citation.note, number in located, uses) for number, citation, uses in quoted
        )
        result.append(_report(source, quotes, view))
    return tuple(result)


def _report(source: Source, quotes: tuple[Quote, ...], view: ArchiveView | None) -> Report:
    problem = None
    if source.file is None:
        problem = "No archived copy is registered for this report: its quotes are unverified."
    elif view is None:
        problem = f"The archived text seeds/{source.file} could not be read; run drafts check."
    url = source.url
    return Report(
        anchor=anchor("report", source.id),
        id=source.id,
        outlet=outlet_name(source),
        title=None if source.title == "unknown" else source.title,
        published=source.published.long() if source.published else "date unknown",
        url=url,
        link=bool(url and _SAFE_URL.match(url) and is_clean(url)),
        note=source.note,
        quotes=quotes,
        archive=view,
        archive_problem=problem,
    )


def _pieces(text: str, spans: dict[int, tuple[int, int]]) -> tuple[Piece, ...]:
    """The text cut at every quote's start and end, each run knowing which quotes cover it."""
    cuts = sorted({0, len(text), *(i for span in spans.values() for i in span)})
    pieces = []
    for start, end in pairwise(cuts):
        marks = tuple(n for n, (a, b) in sorted(spans.items()) if a <= start and end <= b)
        starts = tuple(n for n, (a, _) in sorted(spans.items()) if a == start)
        ends = tuple(n for n, (_, b) in sorted(spans.items()) if b == end)
        pieces.append(Piece(text[start:end], marks, starts, ends))
    return tuple(pieces)


# -- the pages ---------------------------------------------------------------------------------


def _scope(versions: Sequence[Version], specs: Sequence[TermSpec]) -> list[tuple[Version, TermSpec]]:
    return [(v, s) for v in versions for s in specs]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def log_page(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> Page:
    specs = _ordered(collection)
    numbers = Numbers(_scope(versions, specs))
    # The log's text formats skip word diffs; the page shows them, so each step is compared in full.
    full = [compare(collection, d.a, d.b) for d in steps]
    name = collection.agreement.name
    note = None
    if not versions:
        note = "No versions yet."
    elif len(versions) == 1:
        note = f"A single version ({versions[0].id}): nothing to compare."
    span = f"{versions[0].id} to {versions[-1].id}" if versions else "no versions"
    found = reports(collection, numbers)
    lede = (
        f"How the reported drafts changed, {span}: {_plural(len(versions), 'version')}, "
        f"{_plural(len(steps), 'step')}, {_plural(len(found), 'report')} cited."
    )
    return Page(
        kind="log",
        title=f"{name}: change log, {span}",
        heading=f"{name}: the negotiation, {span}",
        lede=lede,
        note=note,
        grid=grid(collection, versions, specs, numbers) if versions else None,
        steps=tuple(step(collection, d, numbers) for d in full),
        versions=tuple(entries(v, specs, numbers) for v in versions),
        positions=(),
        reports=found,
        agreement=name,
    )


def diff_page(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> Page:
    a, b = diff.a, diff.b
    ahead = collection.index[a.id] < collection.index[b.id]
    versions: Sequence[Version] = (a, *collection.between(a, b)) if ahead else (a, b) if a.id != b.id else (a,)
    specs = _ordered(collection)
    numbers = Numbers(_scope(versions, specs))
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
        steps=(step(collection, diff, numbers, include_unchanged=include_unchanged),),
        versions=tuple(entries(v, specs, numbers) for v in versions),
        positions=(),
        reports=reports(collection, numbers),
        agreement=name,
    )


def show_page(collection: Collection, version: Version) -> Page:
    specs = _ordered(collection)
    numbers = Numbers(_scope((version,), specs))
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
        agreement=name,
    )


def history_page(collection: Collection, history: TermHistory) -> Page:
    spec = history.spec
    versions = tuple(entry.version for entry in history.entries)
    numbers = Numbers(_scope(versions, (spec,)))
    steps = []
    for previous, current in pairwise(versions):
        before, after = previous.terms[spec.name], current.terms[spec.name]
        change = compare_terms(spec, before, after, ((current.id, after),))
        steps.append(step(collection, VersionDiff(previous, current, (change,)), numbers))
    name = collection.agreement.name
    return Page(
        kind="history",
        title=f"{name}: {spec.label} across {_plural(len(versions), 'version')}",
        heading=f"{name}: {spec.label} across {_plural(len(versions), 'version')}",
        lede=spec.help or f"The term {spec.name} in every version, and who reported each value first.",
        note=None if versions else "No versions yet.",
        grid=grid(collection, versions, (spec,), numbers) if versions else None,
        steps=tuple(s for s in steps if s.changes),
        versions=tuple(entries(v, (spec,), numbers) for v in versions),
        positions=tuple(_position(p, numbers) for p in history.positions),
        reports=reports(collection, numbers),
        agreement=name,
    )


def _position(position: Position, numbers: Numbers) -> PositionView:
    label = str(position.value) if position.status == "stated" else "not in the draft"
    if position.by:
        label += f" ({possessive(position.by)} account)"
    return PositionView(
        label,
        version_phrase(position.first),
        anchor("version", position.first.id),
        first_report_phrase(position.first_report),
        numbers.of(first_reporters(position)),
    )
