"""The HTML page read as a browser would, with html5lib: its structure, links and highlights."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import html5lib

from drafts.evidence.quotes import normalise


def parse(page: str) -> ET.Element:
    """The document tree; a page that is not valid HTML5 raises (strict parsing)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


def text(element: ET.Element) -> str:
    return "".join(element.itertext())


def seen(element: ET.Element, skip: frozenset[str] = frozenset()) -> str:
    """The text a sighted reader sees: without what is there for screen readers only (nor `skip` classes)."""
    parts = [element.text or ""]
    for child in element:
        if not ({"visually-hidden", *skip} & classes(child)) and child.tag != "script":
            parts.append(seen(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def find_all(root: ET.Element, tag: str = "*", cls: str | None = None) -> list[ET.Element]:
    return [e for e in root.iter(tag) if cls is None or cls in classes(e)]


def ids(root: ET.Element) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for element in root.iter():
        anchor = element.get("id")
        if anchor is not None:
            assert anchor not in found, f"id {anchor!r} appears twice"
            found[anchor] = element
    return found


def internal_links(root: ET.Element) -> list[str]:
    return [a.get("href", "")[1:] for a in root.iter("a") if a.get("href", "").startswith("#")]


def assert_links_resolve(root: ET.Element) -> int:
    known = ids(root)
    links = internal_links(root)
    missing = sorted({target for target in links if target not in known})
    assert not missing, f"links to no element: {missing[:10]}"
    return len(links)


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def ancestors(element: ET.Element, parent_of: dict[ET.Element, ET.Element]) -> Iterator[ET.Element]:
    while element in parent_of:
        element = parent_of[element]
        yield element


def highlighted(root: ET.Element, key: str) -> str:
    """The words marked for quote `key` ('3-1': report 3's first quote), in the archived text, joined."""
    marks = [m for m in root.iter("mark") if key in (m.get("data-quotes") or "").split()]
    return "".join(text(m) for m in marks)


def assert_quotes_highlighted(root: ET.Element) -> int:
    """Every quote link goes to its highlight, inside an archived text, marking exactly the quoted words."""
    known = ids(root)
    parent_of = parents(root)
    checked = 0
    for link in root.iter("a"):
        if "quote" not in classes(link):
            continue
        target = link.get("href", "")[1:]
        assert target.startswith("quote-"), target
        start = known[target]
        archive = next((a for a in ancestors(start, parent_of) if "archive" in classes(a)), None)
        assert archive is not None, f"{target} is not inside an archived text"
        key = target.removeprefix("quote-")
        shown = text(link).strip()  # in ‘ ’ when the words hold double quotation marks, else in “ ”
        single = shown.startswith("‘") and shown.endswith("’") and any(m in shown for m in '"“”„')
        quote = shown[1:-1] if single else shown.removeprefix("“").removesuffix("”")
        assert normalise(highlighted(archive, key)) == normalise(quote), (key, quote)
        checked += 1
    return checked


def grid_shape(root: ET.Element) -> tuple[int, int]:
    """(columns, rows) of the grid of terms by version."""
    table = find_all(root, "table", "grid")
    assert len(table) == 1
    head = table[0].find("thead")
    assert head is not None
    columns = find_all(head, "th", "version")
    rows = find_all(table[0], "tr", "term-row")
    for row in rows:
        assert len(find_all(row, "td", "cell")) == len(columns)
    return len(columns), len(rows)
