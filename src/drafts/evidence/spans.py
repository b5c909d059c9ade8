"""Where a verified quote stands in its archive's own characters, for showing it in context.

A quote matches its archive after both are normalised (`quotes.normalise`: whitespace, typographic
quotes and dashes). To highlight the words, the match is mapped back from the normalised text
to the archive as captured, so the reader sees the archive's own characters, never ours.
"""

from __future__ import annotations

from drafts.evidence.quotes import _FOLD_PAIRS, normalise

_FOLD = dict(_FOLD_PAIRS)


class ArchiveText:
    """An archived text with, for each character of its normalised form, the index it came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        origin: list[int] = []
        pending_space = False
        for index, char in enumerate(text):
            if char.isspace():  # the characters str.split() splits on, as normalise does
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                origin.append(index - 1)
                pending_space = False
            chars.append(_FOLD.get(char, char))
            origin.append(index)
        self.normalised = "".join(chars)
        self._origin = origin

    def span(self, quote: str) -> tuple[int, int] | None:
        """The [start, end) of the quote's first occurrence in the archive's text, or None."""
        needle = normalise(quote)
        if not needle:
            return None
        found = self.normalised.find(needle)
        if found < 0:
            return None
        return self._origin[found], self._origin[found + len(needle) - 1] + 1
