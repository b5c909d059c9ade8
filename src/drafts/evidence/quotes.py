"""Quote verification against archived texts.

A quote matches when it occurs in the archive, starting and ending on word boundaries, after
both are normalised for whitespace, typographic quotes and apostrophes, and dash variants, and
for the two differences nobody can see (Unicode composed vs decomposed form, soft hyphens);
for nothing else: not case, not spelling, not punctuation. When it does not, the matcher
finds the closest passage so the reporter sees what the archive really says. The HTML page
highlights each quote in the archive's own characters, mapped back from the normalised match.
"""

from __future__ import annotations

from drafts.evidence.matcher import Normalised, Passage, closest, find_exact, normalise

__all__ = ["Archive", "Passage", "normalise"]


class Archive:
    """One archived text, normalised once however many quotes are checked against it."""

    def __init__(self, text: str) -> None:
        self._normalised = Normalised(text)
        self._verdicts: dict[str, bool] = {}  # drafts copy quotes from version to version

    @property
    def text(self) -> str:
        return self._normalised.original

    @property
    def normalised(self) -> str:
        return self._normalised.text

    def contains(self, quote: str) -> bool:
        verdict = self._verdicts.get(quote)
        if verdict is None:
            verdict = self._verdicts[quote] = find_exact(self._normalised, quote) is not None
        return verdict

    def find(self, quote: str) -> Passage | None:
        """The quote's own place in the archive, in the archive's characters."""
        span = find_exact(self._normalised, quote)
        if span is None:
            return None
        begin, end = self._normalised.original_span(*span)
        return Passage(self.text[begin:end], begin, end, 1.0, self.normalised[span[0] : span[1]])

    def span(self, quote: str) -> tuple[int, int] | None:
        """Where the quote stands in the archive's own characters, to highlight it: on word
        boundaries, as check verified it, else its first occurrence; None when it is not there."""
        found = find_exact(self._normalised, quote)
        if found is None:
            needle = normalise(quote)
            at = self.normalised.find(needle) if needle else -1
            if at < 0:
                return None
            found = (at, at + len(needle))
        return self._normalised.original_span(*found)

    def closest(self, quote: str) -> Passage | None:
        """The archive's whole words most like the quote, verbatim; None when nothing is close."""
        return self.find(quote) or closest(self._normalised, quote)
