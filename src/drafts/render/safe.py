"""Text from drafts and archives is data, never markup or terminal control.

Control characters (C0, DEL, C1, which carry ANSI CSI/OSC sequences such as OSC 8 links or
OSC 52 clipboard writes) and bidirectional overrides (which can make text read backwards)
are shown visibly escaped instead of reaching the terminal or the page. So are the other
invisible format characters that reorder or hide text (deprecated format controls,
interlinear annotations), YAML's extra line breaks (U+2028, U+2029) and lone surrogates,
which no terminal can print and which would stop a UTF-8 stream with an error.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u2028\u2029\u206a-\u206f\ufff9-\ufffb\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]")
_UNSAFE_WITH_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def clean(text: str, *, multiline: bool = False) -> str:
    """Escape everything that could act on a terminal or reorder text; keep the rest as is.

    With `multiline`, newlines and tabs are kept: the caller lays out lines itself.
    """
    pattern = _UNSAFE if multiline else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_escape, text)


def is_clean(text: str) -> bool:
    """True when `clean` would leave the text as it is (single line)."""
    return _UNSAFE_WITH_NEWLINES.search(text) is None
