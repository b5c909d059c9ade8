"""The differ: what changed from one version to another, term by term. Pure: no I/O, no rendering.

When the two versions are not neighbours, every change is traced through the versions in
between, so it can say in which draft it first appeared ("since v2"), and a change that came
and went in between is reported as such rather than hidden.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from drafts.comparing.textdiff import TextDiff, word_diff
from drafts.records.dates import PartialDate
from drafts.records.model import WEIGHTS, Agreement, Citation, Claim, Collection, Term, TermSpec, Version
from drafts.records.text import fold
from drafts.records.values import Delta, Items, Text, delta, same

Kind = Literal["added", "dropped", "changed", "reworded", "re-sourced", "unchanged"]


class Step(NamedTuple):
    """A change of the term between two neighbouring versions on the way from A to B."""

    version: str
    kind: Kind


class ClaimChange(NamedTuple):
    by: str | None
    kind: Kind
    before: Claim | None
    after: Claim | None


class TermChange(NamedTuple):
    spec: TermSpec
    kind: Kind
    before: Term
    after: Term
    since: str | None  # the version in which B's side of the change first appeared
    steps: tuple[Step, ...] = ()  # every change on the way, when A and B are not neighbours
    delta: Delta | None = None
    items_added: tuple[str, ...] = ()
    items_removed: tuple[str, ...] = ()
    value_diff: TextDiff | None = None
    summary_diff: TextDiff | None = None
    claims: tuple[ClaimChange, ...] = ()

    @property
    def term(self) -> str:
        return self.spec.name

    @property
    def silent(self) -> bool:
        """Reported in neither version: not "unchanged", since there is nothing to compare."""
        return self.kind == "unchanged" and self.before.status == self.after.status == "not_reported"

    @property
    def reverted(self) -> bool:
        """Unchanged from A to B, but changed and changed back in between."""
        return self.kind == "unchanged" and bool(self.steps)


class VersionDiff(NamedTuple):
    a: Version
    b: Version
    changes: tuple[TermChange, ...]  # every catalogue term: headline first, then catalogue order
    backwards: bool = False  # A is later than B: the comparison runs back in time

    @property
    def changed(self) -> tuple[TermChange, ...]:
        return tuple(c for c in self.changes if c.kind != "unchanged")

    def count_of(self, kind: Kind) -> int:
        return sum(c.kind == kind for c in self.changes)

    @property
    def counts(self) -> Counts:
        return counts(self)

    @property
    def version_changes(self) -> tuple[FieldChange, ...]:
        return version_changes(self.a, self.b)


class Counts(NamedTuple):
    """Every catalogue term falls in exactly one of these: real changes apart from silence."""

    changed: int
    now_reported: int  # kind "added": not reported in A, reported in B (even as "not in this draft")
    no_longer_reported: int  # kind "dropped": reported in A, silence in B
    reworded: int
    resourced: int
    unchanged: int  # reported on both sides, the same
    not_reported_in_either: int  # silence on both sides: not "unchanged", there is nothing to compare

    @property
    def total(self) -> int:
        return sum(self)


def counts(diff: VersionDiff) -> Counts:
    silent = sum(c.silent for c in diff.changes)
    return Counts(
        changed=diff.count_of("changed"),
        now_reported=diff.count_of("added"),
        no_longer_reported=diff.count_of("dropped"),
        reworded=diff.count_of("reworded"),
        resourced=diff.count_of("re-sourced"),
        unchanged=diff.count_of("unchanged") - silent,
        not_reported_in_either=silent,
    )


Field = Literal["stage", "date", "proposed_by"]


class FieldChange(NamedTuple):
    """A change of the version itself: signed -> ratified matters more than any term."""

    field: Field
    before: str | PartialDate | None
    after: str | PartialDate | None


def version_changes(a: Version, b: Version) -> tuple[FieldChange, ...]:
    pairs: tuple[tuple[Field, str | PartialDate | None, str | PartialDate | None], ...] = (
        ("stage", a.stage, b.stage),
        ("date", a.date, b.date),
        ("proposed_by", a.proposed_by, b.proposed_by),
    )
    return tuple(FieldChange(name, x, y) for name, x, y in pairs if x != y)


def classify(before: Term, after: Term) -> Kind:
    """The kind of change from one side of a term to the other."""
    if before.status == "not_reported":
        return "unchanged" if after.status == "not_reported" else "added"
    if after.status == "not_reported":
        return "dropped"
    if before.status != after.status:
        return "changed"
    if before.status == "disputed":
        return _classify_claims(before.claims, after.claims)
    return _compare_sides(before, after)


def _compare_sides(a: Term | Claim, b: Term | Claim) -> Kind:
    """A stated or absent side (a term's, or a claim's): value first, then wording, then sources."""
    if a.status != b.status or not same(a.value, b.value):
        return "changed"
    if not _same_prose(a.summary, b.summary):
        return "reworded"
    if not _same_citations(a.sources, b.sources):
        return "re-sourced"
    return "unchanged"


def _classify_claims(before: tuple[Claim, ...], after: tuple[Claim, ...]) -> Kind:
    pairs = _pair_claims(before, after)
    kinds = {_claim_kind(a, b) for a, b in pairs}
    for kind in ("changed", "reworded", "re-sourced"):
        if kind in kinds or (kind == "changed" and ({"added", "dropped"} & kinds)):
            return kind
    return "unchanged"


def _claim_kind(a: Claim | None, b: Claim | None) -> Kind:
    if a is None:
        return "added"
    if b is None:
        return "dropped"
    return _compare_sides(a, b)


def _pair_claims(before: tuple[Claim, ...], after: tuple[Claim, ...]) -> list[tuple[Claim | None, Claim | None]]:
    """Claims are matched by whose account they are; unattributed claims by position."""
    pairs: list[tuple[Claim | None, Claim | None]] = []
    rest = list(after)
    for position, claim in enumerate(before):
        match = None
        if claim.by is not None:
            match = next((c for c in rest if c.by is not None and _prose(c.by) == _prose(claim.by)), None)
        else:
            unattributed = [c for c in rest if c.by is None]
            index_match = [c for c in unattributed if after.index(c) == position]
            match = index_match[0] if index_match else (unattributed[0] if unattributed else None)
        if match is not None:
            rest.remove(match)
        pairs.append((claim, match))
    pairs.extend((None, claim) for claim in rest)
    return pairs


def _prose(text: str | None) -> str:
    return fold(text)


def _same_prose(a: str | None, b: str | None) -> bool:
    return a == b or _prose(a) == _prose(b)  # the cheap test first: most summaries are identical


def _same_citations(a: tuple[Citation, ...], b: tuple[Citation, ...]) -> bool:
    return a == b or _citations(a) == _citations(b)


def _citations(citations: tuple[Citation, ...]) -> frozenset[tuple[str, str, str]]:
    return frozenset((c.source, _prose(c.quote), _prose(c.note)) for c in citations)


def _matches(kind: Kind, term: Term, target: Term) -> bool:
    """Whether `term` already shows the part of `target` that a change of `kind` is about."""
    relation = classify(term, target)
    if kind in ("changed", "added"):
        return relation in ("unchanged", "reworded", "re-sourced")
    if kind == "dropped":
        return term.status == "not_reported"
    if kind == "reworded":
        return relation in ("unchanged", "re-sourced")
    return relation == "unchanged"


def _holds(kind: Kind, before: Term, term: Term, after: Term) -> bool:
    """Whether a version on the way already shows the change from `before` to `after`.

    A change of status (now reported, no longer covered, became disputed or not in this draft)
    is credited to the version where that status arrived, even if the value changed again
    later (the steps say so); a change within one status, to the version where B's value came.
    """
    if kind == "added":
        return term.status != "not_reported"
    if kind == "dropped":
        return term.status == "not_reported"
    if kind == "changed" and before.status != after.status:
        return term.status == after.status
    return _matches(kind, term, after)


def compare_terms(
    spec: TermSpec, before: Term, after: Term, path: tuple[tuple[str, Term], ...] = (), *, text_diffs: bool = True
) -> TermChange:
    """One term from A to B. `path` is each version after A up to B, with its side of the term.

    `since` is the first version of the last run, up to B, that shows the change without a break:
    a change that came, went and came back is credited to its return. An empty path (A later
    than B: a comparison back in time) gives no `since` and no steps.

    `text_diffs=False` skips the word diffs of summaries and text values, for callers that
    do not show them (the change log over thousands of versions).
    """
    kind = classify(before, after)
    steps: list[Step] = []
    since: str | None = None
    if len(path) == 1:  # neighbours: the change, if any, appeared in B itself
        since = path[0][0] if kind != "unchanged" else None
        path = ()
    previous = before
    for version_id, term in path:
        step = classify(previous, term)
        if step != "unchanged":
            steps.append(Step(version_id, step))
        if kind != "unchanged":
            if not _holds(kind, before, term, after):
                since = None
            elif since is None:
                since = version_id
        previous = term
    if len(steps) <= 1 and kind != "unchanged":
        steps = []  # a single step says no more than `since` does
    change = TermChange(spec, kind, before, after, since, tuple(steps))
    if kind == "unchanged":
        return change
    return _detail(change, text_diffs)


def _detail(change: TermChange, text_diffs: bool) -> TermChange:
    before, after = change.before, change.after
    extra: dict[str, Any] = {}
    if before.status == after.status == "stated":
        extra["delta"] = delta(before.value, after.value)
        if isinstance(before.value, Items) and isinstance(after.value, Items):
            old, new = before.value.keys, after.value.keys
            extra["items_added"] = tuple(i for i in after.value.items if fold(i, casefold=True) not in old)
            extra["items_removed"] = tuple(i for i in before.value.items if fold(i, casefold=True) not in new)
        texts = isinstance(before.value, Text) and isinstance(after.value, Text)
        if text_diffs and texts and not same(before.value, after.value):
            extra["value_diff"] = word_diff(str(before.value), str(after.value))
    if text_diffs and before.summary and after.summary and _prose(before.summary) != _prose(after.summary):
        extra["summary_diff"] = word_diff(_prose(before.summary), _prose(after.summary))
    if before.status == after.status == "disputed":
        extra["claims"] = tuple(
            ClaimChange(_claim_by(a, b), _claim_kind(a, b), a, b) for a, b in _pair_claims(before.claims, after.claims)
        )
    return change._replace(**extra)


def _claim_by(a: Claim | None, b: Claim | None) -> str | None:
    return a.by if a is not None else b.by if b is not None else None


_RANK = {weight: rank for rank, weight in enumerate(WEIGHTS)}


def ordered_specs(agreement: Agreement) -> list[TermSpec]:
    """The catalogue as changes are shown: headline terms first, catalogue order within a weight."""
    return sorted(agreement.terms.values(), key=lambda spec: _RANK[spec.weight])  # sorted() is stable


def compare(collection: Collection, a: Version, b: Version, *, text_diffs: bool = True) -> VersionDiff:
    """Every catalogue term from version a to version b, headline terms first."""
    # Back in time (A later than B) there is no way from A to B to trace: no `since`, no steps.
    chain = collection.between(a, b) if collection.index[a.id] < collection.index[b.id] else ()
    changes = [
        compare_terms(
            spec,
            a.terms[spec.name],
            b.terms[spec.name],
            tuple((v.id, v.terms[spec.name]) for v in chain),
            text_diffs=text_diffs,
        )
        for spec in ordered_specs(collection.agreement)
    ]
    return VersionDiff(a, b, tuple(changes), collection.index[a.id] > collection.index[b.id])
