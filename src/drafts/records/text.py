"""Text idioms shared by every stage, so that "the same words" means one thing everywhere."""

from __future__ import annotations


def fold(text: str | None, *, casefold: bool = False) -> str:
    """Runs of whitespace (line breaks included) as one space, trimmed; optionally case-folded."""
    if not text:
        return ""
    return " ".join((text.casefold() if casefold else text).split())
