"""Numbered citations, shared by every format: each renders the numbers and the list its own way."""

from __future__ import annotations

from collections.abc import Iterable

from drafts.records.model import Citation, Collection
from drafts.records.text import fold


class Citations:
    """Numbers sources in order of first use; the same source quoted the same way keeps its number."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.numbers: dict[tuple[str, str], int] = {}
        self.entries: list[Citation] = []

    def cite(self, citations: Iterable[Citation]) -> str:
        marks = []
        for citation in citations:
            key = (citation.source, fold(citation.quote))
            if key not in self.numbers:
                self.entries.append(citation)
                self.numbers[key] = len(self.entries)
            marks.append(f"[{self.numbers[key]}]")
        return " " + "".join(marks) if marks else ""
