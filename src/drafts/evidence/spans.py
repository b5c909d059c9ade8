"""Where a verified quote stands in its archive's own characters, for showing it in context.

A quote matches its archive after both are normalised (`quotes.normalise`: whitespace, typographic
quotes and dashes, Unicode form and soft hyphens). To highlight the words, the match is mapped
back from the normalised text to the archive as captured (the matcher's own map), so the reader
sees the archive's own characters, never ours.
"""

from __future__ import annotations

from drafts.evidence.matcher import Normalised, find_exact, normalise


class ArchiveText:
    """An archived text, normalised once, with the way back to its own characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalised = Normalised(text)
        self.normalised = self._normalised.text

    def span(self, quote: str) -> tuple[int, int] | None:
        """The [start, end) in the archive's text of the quote: where it stands on word boundaries,
        as check verified it, else its first occurrence; None when it is not there."""
        found = find_exact(self._normalised, quote)
        if found is None:
            needle = normalise(quote)
            at = self.normalised.find(needle) if needle else -1
            if at < 0:
                return None
            found = (at, at + len(needle))
        return self._normalised.original_span(*found)
