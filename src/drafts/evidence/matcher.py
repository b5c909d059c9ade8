"""Finding a quote in an archived text: exactly, or the archive's closest words.

Both work on the text normalised as SPEC §2 says (whitespace, typographic quotes and
apostrophes, dash variants), plus two differences a reader cannot see: the Unicode form
(a letter with its accent composed or decomposed, NFC vs NFD) and soft hyphens. A map from
the normalised text back to the original characters lets every passage be shown in the
archive's own characters.

An exact match must start and end on word boundaries: "possible to audit" is not in
"impossible to audit", nor "500 billion" in "1500 billion" or "1.500 billion".

The closest passage is found by rapidfuzz's `partial_ratio_alignment` (a tested approximate
matcher, about 0.1 s on a 5 MB archive), then widened to whole words: a passage never ends
inside "U.S.", "Mr." or "1.5". Below a similarity floor nothing is suggested at all.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

_FOLDS = (
    ("'", "‘’‚‛"),
    ('"', "“”„‟«»"),
    ("-", "‐‑‒–—―−"),
)
_FOLD_PAIRS = tuple((variant, plain) for plain, variants in _FOLDS for variant in variants)
SOFT_HYPHEN = "\u00ad"
# Combining marks of the scripts reports are written in (Latin, Greek, Cyrillic, Hebrew, Arabic,
# Devanagari, Japanese kana): a base letter with these composes to one character under NFC.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u0951-\u0957\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufe20-\ufe2f\u3099\u309a"
)
# Every character str.split() splits on, but the space: spelt out, as "[^\\S ]" takes 5 ms to compile.
_OTHER_WHITESPACE = re.compile("[\t-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_WORD = re.compile(r"\S+")
# The spots where the normalised text is shorter than the original, one pattern each: a pattern
# that starts with a literal is searched for as a string, ten times quicker than an alternation.
_SPACES = re.compile("  +")
_SOFT_HYPHENS = re.compile(f"{SOFT_HYPHEN}+")

# Words whose full stop belongs to them: a passage ending there keeps it.
_ABBREVIATIONS = frozenset(
    (  # noqa: SIM905
        "Mr Mrs Ms Dr No Nos St Jr Sr Prof Gen Sen Rep Gov Pres Lt Col Capt Sgt Adm "
        "Corp Inc Ltd Co vs etc Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec approx"
    ).split()
)
SIMILARITY_FLOOR = 0.75  # below it a "closest passage" is another sentence, not a misquote
MAX_QUOTE_CHARS = 2_000  # longer quotes are not searched for (time grows with the quote)


class Normalised:
    """A text normalised for matching, with a map back to the original characters."""

    __slots__ = ("_deltas", "_starts", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        folded = original
        # Chained str.replace: ten times faster than str.translate on non-ASCII text, measured.
        for variant, plain in _FOLD_PAIRS:
            if variant in folded:
                folded = folded.replace(variant, plain)
        for space in set(_OTHER_WHITESPACE.findall(folded)):  # one for one: no index moves
            folded = folded.replace(space, " ")
        composed = unicodedata.is_normalized("NFC", folded)
        # From position starts[i] of the normalised text on, original = position + deltas[i].
        self._starts = array("q", [0])  # compact: a CRLF archive has one entry per line
        self._deltas = array("q", [0])
        pieces: list[str] = []
        last = 0
        delta = 0
        patterns = [_SPACES] + [_SOFT_HYPHENS] * (SOFT_HYPHEN in folded) + [_decomposed()] * (not composed)
        found = heapq.merge(*(p.finditer(folded) for p in patterns), key=lambda m: m.start())
        for match in found:
            if match.start() < last:
                continue  # a space that carries a combining mark: the run of spaces came first
            piece = match[0]
            if piece[0] == " ":
                at_edge = match.start() == 0 or match.end() == len(folded)
                replacement = "" if at_edge else " "
            elif piece[0] == SOFT_HYPHEN:
                replacement = ""
            else:
                replacement = unicodedata.normalize("NFC", piece)
            if replacement == piece:
                continue
            pieces.append(folded[last : match.start()])
            position = match.start() - delta + len(replacement)
            delta += len(piece) - len(replacement)
            pieces.append(replacement)
            last = match.end()
            self._starts.append(position)
            self._deltas.append(delta)
        pieces.append(folded[last:])
        text = "".join(pieces)
        if text[:1] == " " or text[-1:] == " ":  # a single space at an edge
            start = 1 if text[:1] == " " else 0
            text = text[start:].rstrip(" ")
            if start:
                self._starts = array("q", [0, *(s - 1 for s in self._starts[1:])])
                self._deltas = array("q", (d + 1 for d in self._deltas))
        self.text = text

    def to_original(self, position: int) -> int:
        i = bisect_right(self._starts, position) - 1
        return min(position + self._deltas[i], len(self.original))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters of text[start:end], without whitespace around them."""
        begin = self.to_original(start)
        finish = len(self.original) if end >= len(self.text) else self.to_original(end)
        while finish > begin and (self.original[finish - 1].isspace() or self.original[finish - 1] == SOFT_HYPHEN):
            finish -= 1
        return begin, finish


@lru_cache(maxsize=1)
def _decomposed() -> re.Pattern[str]:
    """A letter and its combining marks; compiled on first use (5 ms: not on every start-up)."""
    return re.compile(f".[{_MARKS}]+", re.S)


def normalise(text: str) -> str:
    """The form quotes and archives are compared in (SPEC §2, plus NFC and soft hyphens)."""
    return Normalised(text).text


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what a regular expression's \\w means


def _on_boundaries(text: str, at: int, end: int, needle: str) -> bool:
    """Whether needle, found at text[at:end], starts and ends on word boundaries.

    Checked by hand rather than with a compiled pattern: a collection holds thousands of
    distinct quotes, and compiling a pattern for each was most of `drafts log`'s time.
    """
    before, after = text[at - 1 : at], text[end : end + 1]
    if needle[0].isalnum() and before and _word_char(before):
        return False
    if needle[-1].isalnum() and after and _word_char(after):
        return False
    if needle[0].isdigit() and before in (".", ",") and text[at - 2 : at - 1].isdigit():
        return False  # "5 billion" is not in "1.5 billion"
    return not (
        needle[-1].isdigit() and after in (".", ",") and text[end + 1 : end + 2].isdigit()
    )  # nor "of 1" in "of 1.5"


def find_exact(haystack: Normalised, quote: str) -> tuple[int, int] | None:
    """Where the quote occurs in the normalised text, starting and ending on word boundaries."""
    needle = normalise(quote)
    if not needle:
        return None
    text = haystack.text
    at = text.find(needle)
    while at >= 0:
        if _on_boundaries(text, at, at + len(needle), needle):
            return at, at + len(needle)
        at = text.find(needle, at + 1)
    return None


class Passage(NamedTuple):
    """Words of an archive: verbatim, with where they are and how like the quote they are."""

    text: str  # the archive's own characters
    start: int  # in the original text
    end: int
    similarity: float  # 0..1, rapidfuzz's normalised Indel similarity on the normalised forms
    normalised: str  # the same words as compared


def closest(haystack: Normalised, quote: str, floor: float = SIMILARITY_FLOOR) -> Passage | None:
    """The whole words of the archive most like the quote; None when nothing reaches the floor."""
    from rapidfuzz import fuzz

    needle = normalise(quote)
    text = haystack.text
    if not needle or not text or len(needle) > MAX_QUOTE_CHARS:
        return None
    # The window search scores a window as long as the quote; a misquote with words missing
    # scores lower there than in the end, so its cut-off sits below the final floor.
    cutoff = floor * 100 - 15
    found: tuple[float, int, int] | None = None  # score, start, end of the best window alignment
    for lo, hi in _windows(needle, text):
        here = fuzz.partial_ratio_alignment(needle, text[lo:hi], score_cutoff=cutoff)
        if here is not None and (found is None or here.score > found[0]):
            found = (here.score, here.dest_start + lo, here.dest_end + lo)
    if found is None:  # no window near the quote's words: the whole archive, once
        whole = fuzz.partial_ratio_alignment(needle, text, score_cutoff=cutoff)
        if whole is None:
            return None
        found = (whole.score, whole.dest_start, whole.dest_end)
    _, aligned_start, aligned_end = found
    words = _words_around(text, aligned_start, aligned_end)
    first = next((i for i, (_, end) in enumerate(words) if end > aligned_start), 0)
    last = next((i for i in range(len(words) - 1, -1, -1) if words[i][0] < aligned_end), len(words) - 1)
    # A passage that starts and ends with the quote's own first and last words is preferred: a
    # changed word near an end must not pull the passage off the words the reporter did copy.
    head, *_, tail = needle.split() if " " in needle else (needle, needle)
    best: tuple[float, float, int, int, int] | None = None
    for i in range(max(first - 2, 0), min(first + 3, len(words))):
        for j in range(max(last - 3, i), min(last + 4, len(words))):
            start, end = words[i][0], _trim_end(text, words[i][0], words[j][1], needle)
            score = fuzz.ratio(needle, text[start:end]) / 100
            candidate = text[start:end]
            edges = candidate.startswith(head) + candidate.endswith(tail)
            key = (score + 0.05 * edges, score, -abs(end - start - len(needle)), start, end)
            if best is None or (key[0], key[2]) > (best[0], best[2]):
                best = key
    if best is None or best[1] < floor:
        return None
    _, score, _, start, end = best
    begin, finish = haystack.original_span(start, end)
    return Passage(haystack.original[begin:finish], begin, finish, score, text[start:end])


def _windows(needle: str, text: str, anchors: int = 6, most: int = 40) -> list[tuple[int, int]]:
    """Stretches of the text around where the quote's longest words occur, merged.

    A misquote keeps most of its words, so its place holds some of them: aligning only there
    takes milliseconds where the whole of a 12 MB archive takes a second. A word found more
    than `most` times says little about where the quote is; two words in a row then may.
    """
    size = len(needle)
    words = needle.split(" ")
    offsets: dict[str, int] = {}
    position = 0
    for i, word in enumerate(words):
        offsets.setdefault(word, position)
        if i + 1 < len(words):
            offsets.setdefault(f"{word} {words[i + 1]}", position)
        position += len(word) + 1
    singles = sorted((w for w in offsets if len(w) >= 4 and " " not in w), key=len, reverse=True)
    pairs = sorted((w for w in offsets if " " in w), key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    used = 0
    for anchor in singles[: 2 * anchors] + pairs[: 2 * anchors]:
        found: list[int] = []
        at = text.find(anchor)
        while at >= 0 and len(found) <= most:
            found.append(at)
            at = text.find(anchor, at + 1)
        if 0 < len(found) <= most:
            spans += [(max(at - offsets[anchor] - size, 0), at - offsets[anchor] + 2 * size) for at in found]
            used += 1
            if used == anchors:
                break
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _words_around(text: str, start: int, end: int, margin: int = 120) -> list[tuple[int, int]]:
    """(start, end) of each whole word near text[start:end], a few words either side."""
    lo = max(start - margin, 0)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = text.find(" ", min(end + margin, len(text)))
    hi = len(text) if hi < 0 else hi
    return [(m.start(), m.end()) for m in _WORD.finditer(text, lo, hi)]


def _trim_end(text: str, start: int, end: int, needle: str) -> int:
    """Drop the sentence's punctuation after the last word, unless the quote has it or it belongs
    to the word: "U.S.", "Mr.", "No." and decimals are never cut."""
    while end > start and text[end - 1] in ",;:" and not needle.endswith(text[end - 1]):
        end -= 1
    if end > start and text[end - 1] == "." and not needle.endswith("."):
        word = text[text.rfind(" ", start, end) + 1 : end - 1]
        if not ("." in word or word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            end -= 1
    return end
