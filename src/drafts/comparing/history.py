"""One term across every version: what it said when, and who reported each value first.

Pure: no I/O, no rendering. "First reported" is the earliest `published` date among the
sources citing a value in any version, but only when no source of unknown date cites it too:
such a source might have been earlier, so then the order cannot be told (SPEC §3b).
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from drafts.comparing.diff import Kind, classify
from drafts.errors import UsageError
from drafts.records.dates import PartialDate
from drafts.records.model import NOT_REPORTED, Citation, Claim, Collection, Source, Term, TermSpec, Version, outlet_key
from drafts.records.text import fold
from drafts.records.values import Items, Text, Value


class Entry(NamedTuple):
    """The term in one version, and how it changed from the version before."""

    version: Version
    term: Term
    kind: Kind
    reported_before: bool  # whether an earlier version reported the term: silence then means "no longer covered"


class FirstReport(NamedTuple):
    """Who reported a value first, and whether that can be told at all.

    The earliest dated report is the first only if no undated report of the same value could be
    earlier, and an undated report always could: then the order is not known, and every outlet
    that might have been first is named (`candidates`)."""

    outlets: tuple[Source, ...]  # one source per outlet: the earliest dated (tied if dates cannot separate them)
    date: PartialDate | None  # of `outlets`; None: none of the citing sources is dated
    undated: tuple[Source, ...] = ()  # further outlets of unknown date, which might have been earlier

    @property
    def order_known(self) -> bool:
        """Whether `outlets` are first: no undated outlet could have been earlier, nor an undated one later."""
        if self.date is None:
            return len(self.outlets) == 1  # one outlet alone is first among these reports, date or not
        return not self.undated

    @property
    def candidates(self) -> tuple[Source, ...]:
        """Every outlet that may have reported it first: the earliest dated, then the undated."""
        return self.outlets + self.undated


@dataclass(slots=True)
class Position:
    """One value the term took (or "not in the draft"), as a whole term or as one side of a dispute."""

    status: Literal["stated", "absent"]
    value: Value | None
    by: str | None  # whose account it was when it first appeared, if one side of a dispute
    first: Version
    versions: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    first_report: FirstReport | None = None


class TermHistory(NamedTuple):
    spec: TermSpec
    entries: tuple[Entry, ...]  # every version, in order
    positions: tuple[Position, ...]  # every distinct value, in order of first appearance


def find_term(collection: Collection, name: str) -> TermSpec:
    """A catalogue term by name, or by its label ignoring case; otherwise a usage error with a suggestion."""
    terms = collection.agreement.terms
    if name in terms:
        return terms[name]
    folded = fold(name.replace("_", " "), casefold=True)
    for spec in terms.values():
        if folded in (spec.label.casefold(), spec.name.casefold().replace("_", " ")):
            return spec
    close = difflib.get_close_matches(name, list(terms), n=1, cutoff=0.6)
    if not close:
        labels = {spec.label.casefold(): spec.name for spec in terms.values()}
        close = [labels[m] for m in difflib.get_close_matches(folded, list(labels), n=1, cutoff=0.6)]
    hint = f"did you mean {close[0]}?" if close else "known terms: " + ", ".join(terms)
    raise UsageError.at(f"unknown term '{name}'", hint=hint)


def term_history(collection: Collection, spec: TermSpec) -> TermHistory:
    """Linear in the number of versions: values are matched by key, not compared pairwise."""
    entries: list[Entry] = []
    positions: dict[Hashable, Position] = {}
    previous = NOT_REPORTED
    reported = False
    for version in collection.versions:
        term = version.terms[spec.name]
        entries.append(Entry(version, term, classify(previous, term), reported))
        previous = term
        reported = reported or term.status != "not_reported"
        sides: tuple[Term | Claim, ...] = term.claims if term.status == "disputed" else (term,)
        for side in sides:
            if side.status not in ("stated", "absent"):
                continue  # not reported: no value to trace
            key = _key(side)
            position = positions.get(key)
            if position is None:
                by = side.by if isinstance(side, Claim) else None
                status: Literal["stated", "absent"] = "stated" if side.status == "stated" else "absent"
                position = positions[key] = Position(status, side.value, by, version)
            if not position.versions or position.versions[-1] != version.id:
                position.versions.append(version.id)
            position.citations.extend(side.sources)
    for position in positions.values():
        position.first_report = first_report(collection, position.citations)
    return TermHistory(spec, tuple(entries), tuple(positions.values()))


def _key(side: Term | Claim) -> Hashable:
    """Equal keys for values `values.same` deems equal: lists ignore order and case, text ignores case."""
    value = side.value
    if side.status == "absent" or value is None:
        return (side.status,)
    canonical: Hashable = value
    if isinstance(value, Items):
        canonical = value.keys
    elif isinstance(value, Text):
        canonical = value.text.casefold()
    return (side.status, type(value).__name__, canonical)


def first_report(collection: Collection, citations: list[Citation]) -> FirstReport | None:
    """The outlet(s) that reported first among these citations, by the earliest date each outlet has."""
    earliest: dict[str, Source] = {}
    for citation in citations:
        source = collection.sources[citation.source]
        key = outlet_key(source)
        known = earliest.get(key)
        if known is None or _before(source.published, known.published):
            earliest[key] = source
    if not earliest:
        return None
    dated = [s for s in earliest.values() if s.published is not None]
    undated = tuple(s for s in earliest.values() if s.published is None)
    if not dated:
        return FirstReport(undated, None)
    first_date = min(s.published for s in dated if s.published is not None)
    first = tuple(s for s in dated if s.published is not None and _may_tie(s.published, first_date))
    return FirstReport(first, first_date, undated)


def _before(a: PartialDate | None, b: PartialDate | None) -> bool:
    if a is None:
        return False
    return b is None or a < b


def _may_tie(a: PartialDate, b: PartialDate) -> bool:
    """A month-only date cannot be ordered against a day of the same month."""
    if a == b:
        return True
    return (a.year, a.month) == (b.year, b.month) and (a.day == 0 or b.day == 0)
