"""Word-level text diff on diff-match-patch.

Words (and the spaces and punctuation between them) are mapped to single characters, so
diff-match-patch compares words, not letters. `Diff_Timeout = 0` makes results identical on
every machine; semantic clean-up merges the confetti of tiny equalities into readable edits.
Like dyff, small edits are shown inline and wholly different texts as a whole replacement.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal, NamedTuple

_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?:[.!?]+|\n)\s*")
_LONG_CHARS = 12_000  # above this, sentences are aligned before words
_LONG = 2000  # words and spaces: a changed stretch longer than this is shown whole
_INLINE_LIMIT = 0.5  # above this share of changed words, show old and new whole
_FIRST_CODE = 0x100  # leave control characters alone; skip surrogates below

Op = Literal["equal", "delete", "insert"]


class Segment(NamedTuple):
    op: Op
    text: str


class TextDiff(NamedTuple):
    segments: tuple[Segment, ...]
    inline: bool  # False: the texts differ too much to read as an edit

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.segments)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> TextDiff:
    """Diff two texts word by word; deterministic for the same inputs."""
    if old == new:
        return TextDiff((Segment("equal", old),) if old else (), True)
    if len(old) + len(new) > _LONG_CHARS:
        raw = _by_sentence(old, new)
    else:
        a, b = tokens(old), tokens(new)
        if _too_different(a, b):
            return _replacement(old, new)
        raw = _diff(a, b, cleanup=True)
    names: dict[int, Op] = {0: "equal", -1: "delete", 1: "insert"}
    segments = tuple(Segment(names[op], text) for op, text in raw if text)
    changed = sum(len(s.text.split()) for s in segments if s.op != "equal")
    total = max(len(old.split()) + len(new.split()), 1)
    if changed / total > _INLINE_LIMIT:
        return _replacement(old, new)
    return TextDiff(segments, True)


def _diff(a: list[str], b: list[str], *, cleanup: bool) -> list[tuple[int, str]]:
    """diff-match-patch over sequences of units (words or sentences), each mapped to one character."""
    from diff_match_patch import diff_match_patch

    codes: dict[str, str] = {}
    units: list[str] = []
    encoded_a = _encode(a, codes, units)
    encoded_b = _encode(b, codes, units)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    raw = engine.diff_main(encoded_a, encoded_b, False)
    if cleanup:
        engine.diff_cleanupSemantic(raw)
    return [(op, "".join(units[ord(ch) - _FIRST_CODE - _gap(ord(ch))] for ch in chunk)) for op, chunk in raw]


def _by_sentence(old: str, new: str) -> list[tuple[int, str]]:
    """Long texts: align sentences first, then diff words inside the sentences that changed.

    Myers' diff costs O(N·D) in pure Python. Sentences are aligned with difflib's matcher,
    which is close to linear on texts that are mostly the same; diff-match-patch then works
    word by word on the few sentences an edit touched. A changed stretch too long or too
    different to read as an edit is shown whole.
    """
    from difflib import SequenceMatcher

    a, b = sentences(old), sentences(new)
    result: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            result.append((0, "".join(a[i1:i2])))
            continue
        deleted, inserted = "".join(a[i1:i2]), "".join(b[j1:j2])
        words_a, words_b = tokens(deleted), tokens(inserted)
        if len(words_a) + len(words_b) > _LONG or _too_different(words_a, words_b):
            result += [(-1, deleted), (1, inserted)]
        else:
            result += _diff(words_a, words_b, cleanup=True)
    return result


def sentences(text: str) -> list[str]:
    """The text cut after each sentence's end and its spacing; joined back, it is the text."""
    parts = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


def _replacement(old: str, new: str) -> TextDiff:
    parts = [Segment("delete", old)] if old else []
    if new:
        parts.append(Segment("insert", new))
    return TextDiff(tuple(parts), False)


def _too_different(a: list[str], b: list[str]) -> bool:
    """Cheap bound before the O(N·D) diff: if most words are not shared, no edit reads well."""
    words_a = Counter(t for t in a if not t.isspace())
    words_b = Counter(t for t in b if not t.isspace())
    shared = sum((words_a & words_b).values())
    total = max(sum(words_a.values()) + sum(words_b.values()), 1)
    return (total - 2 * shared) / total > _INLINE_LIMIT


def _encode(parts: list[str], codes: dict[str, str], words: list[str]) -> str:
    out = []
    for part in parts:
        code = codes.get(part)
        if code is None:
            number = _FIRST_CODE + len(words)
            if number >= 0xD800:
                number += 0x800  # step over the surrogate range
            code = chr(number)
            codes[part] = code
            words.append(part)
        out.append(code)
    return "".join(out)


def _gap(number: int) -> int:
    return 0x800 if number >= 0xE000 else 0


def render_inline(
    diff: TextDiff, *, delete: tuple[str, str] = ("[-", "-]"), insert: tuple[str, str] = ("{+", "+}")
) -> str:
    """One line with deletions and insertions marked, e.g. 'a [-big-]{+small+} fund'."""
    out = []
    for segment in diff.segments:
        if segment.op == "equal":
            out.append(segment.text)
        elif segment.op == "delete":
            out.append(f"{delete[0]}{segment.text}{delete[1]}")
        else:
            out.append(f"{insert[0]}{segment.text}{insert[1]}")
    return "".join(out)
