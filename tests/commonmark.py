"""Checks on Markdown output as a CMS would see it: parsed as CommonMark, not matched as source text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARK = re.compile(r"\[(\d+)\]")


@dataclass
class Parsed:
    tokens: list[Token]
    html: str
    used: list[int]  # citation numbers used in the body, in order
    references: list[str]  # the items of the numbered list under the "Sources" heading, as rendered text
    start: int  # the number the reference list starts at
    items: list[str]  # the list items of the body (outside the reference list), as rendered text

    @property
    def headings(self) -> list[tuple[str, str]]:
        """(tag, text as rendered) of every heading."""
        return [
            (t.tag, _inline_text(self.tokens[i + 1])) for i, t in enumerate(self.tokens) if t.type == "heading_open"
        ]


def _inline_text(token: Token) -> str:
    """The text a reader sees for an inline token (escapes resolved, emphasis dropped)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def parse(markdown: str) -> Parsed:
    """Parse as CommonMark, insisting on no raw HTML; collect citation marks and the reference list."""
    md = MarkdownIt("commonmark")
    tokens = md.parse(markdown)
    html = md.render(markdown)
    raw = [t for t in tokens if t.type == "html_block"]
    raw += [c for t in tokens for c in (t.children or []) if c.type == "html_inline"]
    assert not raw, f"raw HTML in the Markdown: {[t.content for t in raw]}"
    used: list[int] = []
    references: list[str] = []
    items: list[str] = []
    start = 1
    in_sources = False
    depth = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            in_sources = token.tag == "h2" and _inline_text(tokens[i + 1]) == "Sources"
            continue
        if in_sources:
            if token.type == "ordered_list_open" and depth == 0:
                start = int(token.attrGet("start") or 1)
            if token.type in ("ordered_list_open", "bullet_list_open"):
                depth += 1
            elif token.type in ("ordered_list_close", "bullet_list_close"):
                depth -= 1
            elif token.type == "inline" and depth == 1:
                references.append(_inline_text(token))
        elif token.type == "inline" and tokens[i - 1].type != "heading_open":
            used += [int(n) for n in _MARK.findall(_inline_text(token))]
            if i >= 2 and tokens[i - 2].type == "list_item_open":
                items.append(_inline_text(token))
    return Parsed(tokens, html, used, references, start, items)


def assert_citations_resolve(parsed: Parsed) -> None:
    """Every [n] used is an entry of the visible numbered list, and every entry is used."""
    assert parsed.start == 1
    numbers = set(range(1, len(parsed.references) + 1))
    assert set(parsed.used) <= numbers, f"citations {sorted(set(parsed.used) - numbers)} have no reference"
    assert set(parsed.used) == numbers, f"references {sorted(numbers - set(parsed.used))} are never cited"
    # numbered in order of first use
    first_use = list(dict.fromkeys(parsed.used))
    assert first_use == sorted(first_use)
