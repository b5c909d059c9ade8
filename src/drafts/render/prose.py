"""Plain-language lines shared by every format: the change log's one line per change, and the
history's "first in v2, first reported by ..." answers.

A line is built as parts, words and citation groups; `views` numbers the citations per report,
and each format escapes the words its own way, so all of them say the same.
Words are raw data here: every renderer must escape them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from drafts.comparing.diff import ClaimChange, TermChange
from drafts.records.model import Citation, Claim, Collection, Source, Term, Version
from drafts.records.text import fold
from drafts.render.words import NOT_REPORTED, NOW_REPORTED, change_detail, plural, quoted, value_phrase

if TYPE_CHECKING:
    from drafts.comparing.history import FirstReport, Position
    from drafts.evidence.registry import SingleOutlet, SourcesReport, SourceUse


class Cite(NamedTuple):
    """The sources for the words just before it."""

    citations: tuple[Citation, ...]


Part = str | Cite


class Line(NamedTuple):
    label: str
    parts: tuple[Part, ...]

    @property
    def words(self) -> str:
        """The line without its citations."""
        return "".join(p for p in self.parts if isinstance(p, str))

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for p in self.parts if isinstance(p, Cite) for c in p.citations)


def _value(side: Term | Claim) -> list[Part]:
    return [value_phrase(side), Cite(side.sources)]


def _side(term: Term, *, after: bool) -> list[Part]:
    """One side of a change: its value with its sources; a dispute as each account with its own."""
    if term.status == "not_reported":
        return [NOT_REPORTED if after else "not reported"]
    if term.status != "disputed":
        return _value(term)
    parts: list[Part] = ["disputed", Cite(term.sources), " ("]
    for i, claim in enumerate(term.claims):
        parts += ["; " if i else "", f"{claim.by or 'one account'}: ", *_value(claim)]
    return [*parts, ")"]


def _held(side: Term | Claim) -> str:
    if side.status == "stated":
        return f"unchanged at {value_phrase(side)}"
    return "still not in this draft" if side.status == "absent" else "still disputed"


def _reworded(before: Term | Claim, after: Term | Claim) -> list[Part]:
    return [
        _held(before),
        Cite(before.sources),
        "; summary reworded: ",
        quoted(after.summary or ""),
        Cite(after.sources),
    ]


def _resourced(before: Term | Claim, after: Term | Claim) -> list[Part]:
    reports = {c.source for c in after.sources}
    if reports == {c.source for c in before.sources}:  # "now sourced to [1]" would read as a new source
        same = "the same report" if len(reports) == 1 else "the same reports"
        return [_held(before), Cite(before.sources), f"; other words quoted from {same}", Cite(after.sources)]
    return [_held(before), Cite(before.sources), "; now sourced to", Cite(after.sources)]


def _claim(change: ClaimChange) -> list[Part]:
    who = f"{change.by or 'one account'}: "
    a, b = change.before, change.after
    if b is None:
        return [who, NOT_REPORTED]
    if a is None:
        return [f"{change.by or 'one account'} (new account): ", *_value(b)]
    if change.kind == "changed":
        return [who, *_value(a), " → ", *_value(b)]
    if change.kind == "reworded":
        return [who, *_reworded(a, b)]
    return [who, *_resourced(a, b)]


def change_line(change: TermChange) -> Line:
    """One plain-language line: '$500 billion [1] → $350 billion [2] (−$150 billion, −30%)'."""
    before, after = change.before, change.after
    parts: list[Part]
    if change.kind == "reworded" and before.status != "disputed":
        parts = _reworded(before, after)
    elif change.kind == "re-sourced" and before.status != "disputed":
        parts = _resourced(before, after)
    elif before.status == after.status == "disputed" and change.claims:
        parts = ["still disputed", Cite(after.sources), " — "]
        shown = [c for c in change.claims if c.kind != "unchanged"]
        for i, claim in enumerate(shown):
            parts += ["; " if i else "", *_claim(claim)]
    elif change.kind == "added":  # SPEC 3b: newly covered, which may be "not in this draft": never "added"
        parts = [f"{NOW_REPORTED}: ", *_side(after, after=True)]
    else:
        parts = [*_side(before, after=False), " → ", *_side(after, after=True)]
        detail = change_detail(change)
        if detail:
            parts.append(f" ({detail})")
    return Line(change.spec.label, tuple(parts))


def _who(source: Source) -> str:
    """Outlets we cannot name are told apart by their source id."""
    return source.outlet if source.outlet != "unknown" else f"an unnamed outlet ({source.id})"


def _names(sources: Sequence[Source]) -> str:
    names = [_who(s) for s in sources]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def first_report_phrase(report: FirstReport | None) -> str:
    """'first reported by Ukraine Front Lines (date unknown)', honest about what dates cannot tell."""
    if report is None:
        return "no sources"
    if report.date is None:
        if len(report.outlets) == 1:
            return f"first reported by {_names(report.outlets)} (date unknown)"
        return f"reported by {_names(report.outlets)} (dates unknown, so which was first cannot be told)"
    if not report.order_known:  # an undated report might have been earlier: never crown the dated one
        dates = "date" if len(report.undated) == 1 else "dates"
        return (
            f"reported by {_names(report.outlets)} ({report.date.long()}) and by {_names(report.undated)} "
            f"({dates} unknown), so which was first cannot be told"
        )
    return f"first reported by {_names(report.outlets)} ({report.date.long()})"


def first_reporters(position: Position) -> tuple[Citation, ...]:
    """The citations behind the 'first reported by' answer (every possible first when the order is unknown)."""
    report = position.first_report
    if report is None:
        return ()
    ids = {s.id for s in report.candidates}
    seen: dict[tuple[str, str], Citation] = {}
    for citation in position.citations:
        if citation.source in ids:
            seen.setdefault((citation.source, fold(citation.quote)), citation)
    return tuple(seen.values())


def version_phrase(version: Version) -> str:
    """'v2 (Framework agreement, February 2025)'."""
    return f"{version.id} ({version.title}, {version.date.long()})"


def position_line(position: Position) -> Line:
    """Label '50%', parts ' — first in v2 (Framework agreement, February 2025), first reported by ...'."""
    value = str(position.value) if position.status == "stated" else "not in this draft"
    if position.by:
        value += f" ({possessive(position.by)} account)"
    parts: list[Part] = [
        f" — first in {version_phrase(position.first)}, {first_report_phrase(position.first_report)}",
        Cite(first_reporters(position)),
    ]
    return Line(value, tuple(parts))


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def sources_summary(report: SourcesReport) -> str:
    """'5 sources registered: 5 cited, 0 not cited; 16 reported terms rest on a single outlet'."""
    terms = sum(len(s.terms) for s in report.single_outlet)
    return (
        f"{plural(len(report.sources), 'source')} registered: {len(report.cited)} cited, "
        f"{len(report.uncited)} not cited; {plural(terms, 'reported term')} "
        f"rest{'s' if terms == 1 else ''} on a single outlet"
    )


def cited_phrase(item: SourceUse) -> str:
    """'cited 12 times in 3 versions'."""
    return f"cited {plural(len(item.uses), 'time')} in {plural(len(item.versions), 'version')}"


def uses_by_version(collection: Collection, item: SourceUse) -> list[tuple[Version, str]]:
    """Per version, the terms citing the source: 'Fund size, Treatment of past aid (Donald Trump)'."""
    grouped: dict[str, tuple[Version, dict[str, list[str]]]] = {}
    for use in item.uses:
        terms = grouped.setdefault(use.version.id, (use.version, {}))[1]
        accounts = terms.setdefault(use.term, [])
        if use.by is not None and use.by not in accounts:
            accounts.append(use.by)
    result = []
    for version, terms in grouped.values():
        labels = []
        for name, accounts in terms.items():
            label = collection.agreement.terms[name].label
            labels.append(f"{label} ({'; '.join(accounts)})" if accounts else label)
        result.append((version, ", ".join(labels)))
    return result


def single_outlet_groups(collection: Collection, single: SingleOutlet) -> list[tuple[str, str]]:
    """The terms of one version resting on one outlet, grouped by that outlet: [(outlet, 'Fund size, Scope')]."""
    from drafts.records.model import outlet_key

    groups: dict[str, tuple[Source, list[str]]] = {}
    for name, source in single.terms.items():
        groups.setdefault(outlet_key(source), (source, []))[1].append(collection.agreement.terms[name].label)
    return [(_who(source), ", ".join(labels)) for source, labels in groups.values()]
