"""The same words in every format: the HTML page says each change as `drafts diff` and `drafts log` do in text.

Each report's words are decided once, in its view (render/views.py); the page only lays them out.
These tests read the text output line by line and find each line, markup aside, at its place on
the page: the count line, the version's own changes, the "In short" lines, each change's heading
and its change-log line with the same citation numbers. On the shipped collection and on a
ratified v4 reported to lack a term (SPEC §3b: news of a gap is never "added").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from tests import htmlpage
from tests.conftest import REPO_ROOT
from tests.test_words import V4

NEVER_SAID = ("added", "removed", "dropped")


@pytest.fixture(params=["shipped", "ratified"])
def collection(request: pytest.FixtureRequest, root: Path) -> Path:
    if request.param == "shipped":
        return REPO_ROOT
    (root / "drafts" / "v4.yaml").write_text(V4, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def versions(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "drafts").glob("v*.yaml"))


def squeeze(words: str) -> str:
    """Markup aside: whitespace collapsed, and a citation mark joined to its words ('x [1]' = 'x[1]')."""
    return re.sub(r"\s+\[", "[", " ".join(words.split()))


def seen(element: ET.Element) -> str:
    return squeeze(htmlpage.seen(element))


def said(page: ET.Element, tag: str, cls: str) -> list[str]:
    return [seen(e) for e in htmlpage.find_all(page, tag, cls)]


def changes(step: ET.Element) -> dict[str, tuple[str, str]]:
    """Each change on the page: its label -> (heading, change-log line)."""
    found = {}
    for item in htmlpage.find_all(step, "li", "change"):
        (head,) = htmlpage.find_all(item, "p", "change-head")
        (line,) = htmlpage.find_all(item, "p", "sides")
        label = htmlpage.text(next(a for a in head.iter("a") if "label" in htmlpage.classes(a)))
        found[label] = (seen(head), seen(line))
    return found


def assert_step_says(step: ET.Element, text: list[str]) -> None:
    """`text`: one step of the text output, after its 'from'/'to' headings; sides and quotes aside."""
    count_at = next(i for i, line in enumerate(text) if re.match(r"(no term changes|\d+ terms? )", line))
    assert said(step, "li", "field") == [squeeze(line) for line in text[:count_at]], "the version's own changes"
    assert said(step, "p", "counts") == [squeeze(text[count_at])]
    page = changes(step)
    short, labels, in_short = [], [], False
    for line in text[count_at + 1 :]:
        if line == "In short" or not line.strip():
            in_short = line == "In short"
        elif line.startswith(" "):
            continue  # each side's summary and quotes, laid out per format
        elif in_short:
            short.append(squeeze(line.removeprefix("- ")))
        elif line.startswith("- "):  # a change-log line, citations and all
            label, _, words = line[2:].partition(": ")
            labels.append(label)
            assert page[label][1] == squeeze(words), (line, page[label][1])
        else:  # a diff's heading of one change in detail
            label = line.split(" — ", 1)[0]
            labels.append(label)
            assert page[label][0] == squeeze(line), (line, page[label][0])
    assert said(step, "li", "short-line") == short
    assert sorted(labels) == sorted(page), "the page shows the changes the text shows, no more"


def html(root: Path, *args: str) -> ET.Element:
    return htmlpage.parse(run(root, *args, "--format", "html"))


def assert_never_says_added(page: ET.Element) -> None:
    """Neither to the eye nor to a screen reader; archived texts are evidence, shown as they are."""
    parent_of = htmlpage.parents(page)
    words = []
    for element in page.iter():
        if any("archive-text" in htmlpage.classes(a) for a in htmlpage.ancestors(element, parent_of)):
            continue
        if "archive-text" not in htmlpage.classes(element) and element.tag not in ("style", "script"):
            words += [element.text or "", *(v for k, v in element.attrib.items() if k in ("title", "aria-label"))]
        words.append(element.tail or "")
    for word in NEVER_SAID:
        assert not re.search(rf"\b{word}\b", " ".join(words), re.I), word


def test_every_diff_line_is_on_the_page(collection: Path) -> None:
    for a, b in combinations(versions(collection), 2):
        text = run(collection, "diff", a, b, "--format", "text").splitlines()
        page = html(collection, "diff", a, b)
        (step,) = htmlpage.find_all(page, "article", "step")
        assert_step_says(step, text[2:])
        assert_never_says_added(page)


def test_every_log_line_is_on_the_page_with_the_same_citation_numbers(collection: Path) -> None:
    text = run(collection, "log", "--format", "text")
    page = html(collection, "log")
    steps = {s.get("id"): s for s in htmlpage.find_all(page, "article", "step")}
    blocks = re.findall(r"^From (\S+) — .*\n  to (\S+) — .*\n((?:.+\n)+)", text.split("\nSources\n")[0], re.M)
    assert blocks and len(blocks) == len(steps) == len(versions(collection)) - 1
    for a, b, lines in blocks:
        assert_step_says(steps[f"step-{a}-{b}"], lines.splitlines())
    listed = re.findall(r"^\[(\d+)\] ([^,]+),", text, re.M)
    reports = [(r.get("value"), seen(r.find("p/strong"))) for r in htmlpage.find_all(page, "li", "report")]  # type: ignore[arg-type]
    assert reports[: len(listed)] == listed, "a number names the same report in text and on the page"
    assert_never_says_added(page)


def test_first_reported_lines_are_the_history_view_words(collection: Path) -> None:
    for term in ("security_guarantees", "debt_treatment", "control"):
        text = run(collection, "history", term, "--format", "text")
        first = [line[2:] for line in text.split("When each value first appeared\n", 1)[1].splitlines()]
        page = html(collection, "history", term)
        shown = [re.sub(r"\[\d+\]", "", seen(li)) for li in htmlpage.find_all(page, "ul", "positions")[0]]
        assert shown == [squeeze(line) for line in first], term
        assert_never_says_added(page)


def test_a_gap_reported_in_a_ratified_text_reads_now_reported_on_the_page(root: Path) -> None:
    (root / "drafts" / "v4.yaml").write_text(V4, encoding="utf-8")
    page = html(root, "diff", "v3", "v4")
    (step,) = htmlpage.find_all(page, "article", "step")
    assert said(step, "ul", "fields")[0].startswith("stage: proposal → ratified")
    head, line = changes(step)["Security guarantees"]
    assert head == "Security guarantees — now reported" and line == "now reported: not in this draft[1]"
