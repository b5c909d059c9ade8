"""Shared wording: how values, sides of a change and sources read in every format."""

from __future__ import annotations

from drafts.comparing.diff import Counts, FieldChange, Kind, TermChange
from drafts.records.dates import PartialDate
from drafts.records.model import Claim, Source, Term
from drafts.records.values import format_delta

NOT_REPORTED = "no longer covered by reports"
NOW_REPORTED = "now reported"
NEITHER = "not reported in either"

# SPEC 3b: a term newly covered is "now reported", never "added" (it may be reported as *not in
# the draft*); silence is "no longer covered by reports", never "removed".
KIND_LABELS: dict[Kind, str] = {
    "changed": "changed",
    "added": NOW_REPORTED,
    "dropped": NOT_REPORTED,
    "reworded": "reworded",
    "re-sourced": "re-sourced",
    "unchanged": "unchanged",
}


def value_phrase(term: Term | Claim) -> str:
    """What one side says, in a few words."""
    if term.status == "stated":
        return str(term.value)
    if term.status == "absent":
        return "not in this draft"
    if term.status == "disputed":
        return "disputed"
    return "not reported"


def side_phrase(term: Term, *, after: bool = False) -> str:
    """Like value_phrase, but a term that stops being reported reads as such, never as removed."""
    if term.status == "not_reported":
        return NOT_REPORTED if after else "not reported"
    if term.status == "disputed":
        accounts = "; ".join(f"{claim.by or 'one account'}: {value_phrase(claim)}" for claim in term.claims)
        return f"disputed ({accounts})"
    return value_phrase(term)


def quoted(words: str) -> str:
    """Words in quotation marks that read clearly: words holding double quotation marks go in single ones.

    The words themselves are never altered; only the outer marks are chosen.
    """
    if any(mark in words for mark in '"“”„'):
        return f"‘{words}’"
    return f"“{words}”"


def outlet_name(source: Source) -> str:
    return "outlet unknown" if source.outlet == "unknown" else source.outlet


def change_detail(change: TermChange) -> str:
    """'since v2; on the way: v2 changed, v3 dropped from reports' (empty for neighbours)."""
    parts = []
    if change.delta is not None:
        parts.append(format_delta(change.delta))
    if change.items_added:
        parts.append("adds " + ", ".join(change.items_added))
    if change.items_removed:
        parts.append("no longer lists " + ", ".join(change.items_removed))
    return "; ".join(parts)


def path_phrase(change: TermChange) -> str:
    """'changed in v2, no longer covered by reports in v3'; for a change that came and went, says so."""
    steps = "; ".join(f"{KIND_LABELS[step.kind]} in {step.version}" for step in change.steps)
    if change.reverted:
        if change.before.status == "not_reported":
            return f"{NEITHER}, but reported in between: {steps}"
        return f"unchanged overall, but {steps}"
    return steps


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def count_line(counts: Counts) -> str:
    """'4 terms changed, 1 now reported, 1 no longer covered by reports; 3 unchanged, 2 not reported in either'.

    Terms reported on neither side are not "unchanged": there is nothing to compare.
    """
    changes = [
        (counts.changed, "changed"),
        (counts.now_reported, NOW_REPORTED),
        (counts.no_longer_reported, NOT_REPORTED),
        (counts.reworded, "reworded"),
        (counts.resourced, "re-sourced"),
    ]
    changed = [(n, words) for n, words in changes if n]
    rest = [(counts.unchanged, "unchanged")]
    if counts.not_reported_in_either:
        rest.append((counts.not_reported_in_either, NEITHER))

    def phrase(n: int, words: str, first: bool) -> str:  # the line's first number says what is counted
        return f"{plural(n, 'term') if first else n} {words}"

    told = ", ".join(phrase(n, words, i == 0) for i, (n, words) in enumerate(changed))
    others = ", ".join(phrase(n, words, i == 0 and not changed) for i, (n, words) in enumerate(rest))
    return f"{told}; {others}" if changed else f"no term changes; {others}"


_FIELD_NAMES = {"stage": "stage", "date": "date", "proposed_by": "proposed by"}


def _field_value(value: str | PartialDate | None) -> str:
    if value is None:
        return "not recorded"
    return value.long() if isinstance(value, PartialDate) else value


def field_change_phrase(change: FieldChange) -> str:
    """'stage: signed → ratified'."""
    return f"{_FIELD_NAMES[change.field]}: {_field_value(change.before)} → {_field_value(change.after)}"
