"""Shared wording: how values, sides of a change and sources read in every format."""

from __future__ import annotations

from collections.abc import Callable

from drafts.comparing.diff import KIND_LABELS, TermChange
from drafts.records.model import Claim, Source, Term, Version
from drafts.records.values import format_delta

NOT_REPORTED = "no longer covered by reports"


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


def version_heading(version: Version) -> str:
    return f"{version.id} — {version.title} ({version.date.long()})"


def outlet_name(source: Source) -> str:
    return "outlet unknown" if source.outlet == "unknown" else source.outlet


def quoted_title(source: Source, escape: Callable[[str], str] = str) -> str:
    """'“Headline”', or 'untitled' when the archived text carries none."""
    return "untitled" if source.title == "unknown" else f"“{escape(source.title)}”"


def source_line(source: Source) -> str:
    published = source.published.long() if source.published else "date unknown"
    return f"{outlet_name(source)}, {published}"


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
    steps = ", ".join(
        f"{step.kind.replace('dropped', 'dropped from reports')} in {step.version}" for step in change.steps
    )
    if change.reverted:
        return f"unchanged overall, but {steps}"
    return steps


def kind_label(change: TermChange) -> str:
    return KIND_LABELS[change.kind]
