"""Text from drafts, archives, file names and the command line is data, never markup or control.

Shown visibly escaped (`\\x1b`, `<U+202E>`) instead of reaching the terminal or the page:

- control characters (C0, DEL, C1), which carry ANSI CSI/OSC sequences such as OSC 8 links or
  OSC 52 clipboard writes;
- every character that renders as nothing, since each can hide or disguise text: all format
  characters (Unicode category Cf: bidi controls and isolates, which make text read backwards,
  the zero-width space, word joiner and invisible operators, the soft hyphen, the BOM, tag
  characters, interlinear annotations, Arabic and Egyptian format marks), the line and paragraph
  separators (Zl, Zp: YAML's extra line breaks), and the rest of Unicode's default-ignorable
  code points (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme
  joiner, variation selectors, Mongolian and Khmer invisible letters, the shorthand format
  controls and the whole tag and variation-selector planes U+E0000-U+E0FFF, assigned or not);
- lone surrogates, which no terminal can print and which would stop a UTF-8 stream.

Kept as they are: the zero-width joiner and non-joiner (U+200D, U+200C). Persian, the Indic
scripts and emoji sequences need them to spell words correctly, so escaping them would garble
ordinary text; they cannot reorder text, only change how neighbouring letters join. An emoji
written with a presentation selector (U+FE0F) shows the selector escaped.
"""

from __future__ import annotations

import re

# Kept in step with Unicode by tests/test_untrusted_text.py, which checks every Cf, Zl, Zp and
# Cs character of the running Python's Unicode database against this class.
_INVISIBLE = (
    "\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u17b4-\u17b5"
    "\u180b-\u180f\u200b\u200e-\u200f\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_UNSAFE_WITH_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")
KEPT_JOINERS = frozenset("\u200c\u200d")  # see the module's docstring


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def clean(text: str, *, multiline: bool = False) -> str:
    """Escape everything that could act on a terminal, reorder text or hide it; keep the rest.

    With `multiline`, newlines and tabs are kept: the caller lays out lines itself.
    """
    pattern = _UNSAFE if multiline else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_escape, text)


def is_clean(text: str) -> bool:
    """True when `clean` would leave the text as it is (single line)."""
    return _UNSAFE_WITH_NEWLINES.search(text) is None


_WEB_URL = re.compile(r"https?://[^\s<>\"'`\\]+\Z")


def is_web_url(url: str) -> bool:
    """A plain http(s) address that is safe to make a link of: no javascript:, quotes or controls."""
    return bool(_WEB_URL.match(url)) and is_clean(url)


def code_span(text: str) -> str:
    """`text` as a CommonMark code span: one line, cleaned, fenced by more backticks than it holds.

    A file name or path can hold a newline, HTML or backticks; inside a code span nothing is
    markup, and a fence longer than any run of backticks inside means the span cannot be closed
    early. Spaces pad a text that starts or ends with a backtick, as CommonMark requires.
    """
    shown = clean(text)
    longest = max((len(run) for run in re.findall("`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") or not shown.strip(" ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
