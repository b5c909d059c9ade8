"""`drafts quote`: the archive's own words closest to what a reporter remembers, ready to cite."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from drafts.errors import DataError, Problem, UsageError
from drafts.evidence.checks import Archives
from drafts.evidence.matcher import MAX_QUOTE_CHARS, SIMILARITY_FLOOR
from drafts.evidence.quotes import Passage, normalise
from drafts.reading.loader import SOURCES_FILE, load_sources
from drafts.records.model import Source
from drafts.records.text import fold

CONTEXT_CHARS = 80  # of the archive either side of the passage
MAX_RANKED = 3  # passages shown when every archive is searched


class Found(NamedTuple):
    source: Source
    passage: Passage
    before: str  # a little context, whitespace folded; "…" where it is cut
    after: str


class QuoteSearch(NamedTuple):
    words: str
    found: tuple[Found, ...]  # best first
    searched: tuple[Source, ...]  # the archives looked in
    problems: tuple[Problem, ...]  # archives that could not be read (missing, changed, not a file)


def search_quote(root: Path, words: str, source_id: str | None = None) -> QuoteSearch:
    """Search one registered archive, or every one, for the passage closest to `words`.

    Only the registry is read, not the drafts: a draft being edited may well be broken.
    """
    if not normalise(words):
        raise UsageError.at("give the words to look for", hint='drafts quote [ID] "words from the report"')
    if len(normalise(words)) > MAX_QUOTE_CHARS:
        raise UsageError.at(
            f"the words are too long to look for (over {MAX_QUOTE_CHARS} characters)",
            hint="give a sentence or two: the passage found is shown with its context",
        )
    sources, problems = load_sources(root)
    if sources is None:
        raise DataError(problems)
    if source_id is not None:
        if source_id not in sources:
            known = ", ".join(sources) or "none yet"
            raise UsageError.at(f"unknown source '{source_id}'", hint=f"registered sources: {known}")
        source = sources[source_id]
        if source.file is None:
            raise DataError.at(
                f"{source_id} has no archived file to search", file=SOURCES_FILE, hint="archive it: drafts archive"
            )
        candidates = [source]
    else:
        candidates = [s for s in sources.values() if s.file is not None]
    archives = Archives(root)
    found: list[Found] = []
    for source in candidates:
        archive = archives.get(source)
        if archive is None:
            continue
        passage = archive.closest(words)
        if passage is not None:
            found.append(Found(source, passage, *_context(archive.text, passage)))
        del archive, archives.loaded[source.id]  # one archive in memory at a time, however many
    if source_id is not None and archives.problems:
        raise DataError(archives.problems)
    found.sort(key=lambda f: -f.passage.similarity)  # stable: registry order among equals
    return QuoteSearch(words, tuple(found[:MAX_RANKED]), tuple(candidates), tuple(archives.problems))


def _context(text: str, passage: Passage) -> tuple[str, str]:
    """Whole words either side of the passage, whitespace folded; "…" where the text goes on."""
    lo, hi = max(passage.start - CONTEXT_CHARS, 0), min(passage.end + CONTEXT_CHARS, len(text))
    before, after = text[lo : passage.start], text[passage.end : hi]
    if lo > 0 and not text[lo - 1].isspace():  # drop the word the window cut into
        cut = re.search(r"\s", before)
        before = before[cut.start() :] if cut else ""
    if hi < len(text) and not text[hi].isspace():
        cut = re.search(r"\s\S*$", after)
        after = after[: cut.start()] if cut else ""
    return _fold(before, "…" if lo > 0 else "", ""), _fold(after, "", "…" if hi < len(text) else "").rstrip()


def _fold(text: str, head: str, tail: str) -> str:
    folded = fold(text)
    if not folded:
        return ""
    lead = " " if text[:1].isspace() and not head else ""
    trail = " " if text[-1:].isspace() and not tail else ""
    return f"{head}{lead}{folded}{trail}{tail}"


__all__ = ["SIMILARITY_FLOOR", "Found", "QuoteSearch", "search_quote"]
