"""`--format html`: one self-contained page per report, parsed as HTML5 (no browser needed here).

The browser checks are in test_html_browser.py; these hold wherever the tests run.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafts.cli import app
from drafts.evidence.quotes import Archive, normalise
from drafts.records.model import Collection
from drafts.render.pagemodel import anchor
from tests import htmlpage
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden
from tests.hostile import write_hostile_collection
from tests.test_hostile import CORPUS, TARGETS, place
from tests.test_hostile import EXPECTED as CORPUS_CASES
from tests.test_output_safety import BENIGN, FIELD, PAYLOAD, QUOTE, SAFE_URL, UNSAFE, write_collection

PAGES = {
    "log": ("log",),
    "diff": ("diff", "v1", "v3"),
    "diff-all": ("diff", "v1", "v2", "--all"),
    "show": ("show", "v2"),
    "history": ("history", "debt_treatment"),
}


def page(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--root", str(root), *args, "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def run_text(*args: str, root: Path = REPO_ROOT) -> str:
    result = CliRunner().invoke(app, ["--root", str(root), *args, "--format", "text"])
    assert result.exit_code == 0, result.output
    return result.stdout


def body_text(root: ET.Element) -> str:
    """What a reader sees: the text of <body>."""
    body = root.find("body")
    assert body is not None
    return htmlpage.seen(body)


# -- the shipped collection ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_valid_html5_whose_links_all_resolve(name: str) -> None:
    tree = htmlpage.parse(page(REPO_ROOT, *PAGES[name]))
    assert htmlpage.assert_links_resolve(tree) > 10
    assert htmlpage.assert_quotes_highlighted(tree) > 0


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_self_contained(name: str) -> None:
    """Inline style and script only, allowed by hash; nothing that loads anything."""
    html = page(REPO_ROOT, *PAGES[name])
    tree = htmlpage.parse(html)
    assert not [e.tag for e in tree.iter() if e.tag in ("img", "link", "iframe", "object", "embed", "video", "audio")]
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1 and scripts[0].get("src") is None
    assert [s.get("href") for s in tree.iter("style") if s.get("href")] == []
    assert "url(" not in html and "@import" not in html
    csp = [m.get("content", "") for m in tree.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and "default-src 'none'" in csp[0] and "unsafe-inline" not in csp[0]
    external = [a.get("href") for a in tree.iter("a") if not a.get("href", "").startswith("#")]
    assert all(href.startswith(("https://", "http://")) for href in external), external


def test_diff_page_golden() -> None:
    assert_golden("diff-v1-v3.html", page(REPO_ROOT, "diff", "v1", "v3"))


def test_log_grid_has_a_column_per_version_and_a_row_per_term(shipped: Collection) -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    assert htmlpage.grid_shape(tree) == (len(shipped.versions), len(shipped.agreement.terms))
    rows = htmlpage.find_all(tree, "tr", "term-row")
    weights = [shipped.agreement.terms[row.get("data-term", "")].weight for row in rows]
    assert weights == sorted(weights, key=("headline", "major", "minor").index), "headline terms come first"
    assert rows[0].get("data-term") == "fund_size"


def test_grid_cells_have_stable_anchors_and_link_to_their_entries() -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    known = htmlpage.ids(tree)
    cell = known["v3-ratification"]
    assert cell.tag == "td" and "changed" in htmlpage.classes(cell)
    link = cell.find("a")
    assert link is not None and link.get("href") == "#entry-v3-ratification"
    entry = htmlpage.text(known["entry-v3-ratification"])
    assert "yes (by the Verkhovna Rada)" in entry and "would need to be ratified by the Verkhovna Rada" in entry
    assert "now reported" in htmlpage.text(cell)  # the change is written, not only coloured


def test_cells_show_status_in_words_and_quiet_silence() -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    known = htmlpage.ids(tree)
    assert "not in this draft" in htmlpage.text(known["v1-security_guarantees"])
    silent = known["v3-security_guarantees"]
    assert "status-not_reported" in htmlpage.classes(silent) and "not reported" in htmlpage.text(silent)
    dropped = known["v2-security_guarantees"]
    assert "no longer covered by reports" in htmlpage.text(dropped)
    disputed = htmlpage.text(known["v2-debt_treatment"])
    assert "disputed" in disputed and "Volodymyr Zelensky:" in disputed and "Donald Trump:" in disputed


def test_log_page_uses_the_words_of_section_3b() -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    words = body_text(tree)
    for wrong in ("added", "removed", "dropped", "deleted from", "gained"):
        assert not re.search(rf"\b{wrong}\b", words), wrong
    assert "now reported" in words and "no longer covered by reports" in words
    step = htmlpage.seen(htmlpage.ids(tree)["step-v1-v2"])
    assert "stage: proposal → framework" in step
    counted = "2 terms changed, 2 now reported, 5 no longer covered by reports, 1 reworded"
    assert f"{counted}; 0 unchanged, 2 not reported in either" in step
    counts = [htmlpage.seen(p) for p in htmlpage.find_all(tree, "p", "counts")]
    counted = "3 terms changed, 1 now reported, 2 no longer covered by reports"
    assert counts[1] == f"{counted}; 0 unchanged, 6 not reported in either"


def test_changes_show_redlines_deltas_and_since() -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "diff", "v1", "v3"))
    known = htmlpage.ids(tree)
    assert "no longer covered by reports, since v2" in htmlpage.seen(known["step-v1-v3-security_guarantees"])
    revenue = htmlpage.seen(known["step-v1-v3-revenue_share"])
    said = "not reported in either, but reported in between: now reported in v2; no longer covered by reports in v3"
    assert revenue.count(said) == 1 and "→" not in revenue
    control = known["step-v1-v3-control"]
    assert "changed, since v3 (changed in v2; changed in v3)" in htmlpage.seen(control)
    scope = htmlpage.seen(known["step-v1-v3-scope"])  # first reported in v2, then changed: credited to v2
    assert "now reported, since v2 (now reported in v2; changed in v3)" in scope
    dels, inss = list(control.iter("del")), list(control.iter("ins"))
    assert dels and inss
    assert all(htmlpage.text(d).startswith("[deleted: ") for d in dels)
    assert all(htmlpage.text(i).startswith("[inserted: ") for i in inss)
    hidden = [s for d in dels for s in d.iter("span") if "visually-hidden" in htmlpage.classes(s)]
    assert hidden, "the deleted/inserted words are told to screen readers"
    money = htmlpage.parse(page(REPO_ROOT, "diff", "v1", "v2"))
    assert "−$150 billion" not in htmlpage.text(money)  # v2 reports no fund size: no delta to invent


def test_grid_marks_tell_screen_readers_what_they_compare_with() -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    marks = [htmlpage.text(s) for s in tree.iter("span") if "change-mark" in htmlpage.classes(s)]
    assert marks and all(" compared with v" in m and " since " not in m for m in marks)


def test_money_and_percent_deltas(root: Path) -> None:
    v2 = root / "drafts" / "v2.yaml"
    text = v2.read_text(encoding="utf-8")
    v2.write_text(
        text.replace(
            "terms:\n",
            "terms:\n  fund_size:\n    value: $350 billion\n    summary: A made-up fund size.\n"
            "    sources:\n      - source: ufl-dmitriev\n        quote: 500, 350, or 100 billion in debt\n",
            1,
        ),
        encoding="utf-8",
    )
    tree = htmlpage.parse(page(root, "diff", "v1", "v2"))
    change = htmlpage.text(htmlpage.ids(tree)["step-v1-v2-fund_size"])
    assert "$500 billion" in change and "$350 billion" in change and "(−$150 billion, −30%)" in change
    cell = htmlpage.seen(htmlpage.ids(tree)["v2-fund_size"])
    assert "$350 billion" in cell and "changed −$150 billion, −30%" in cell


def test_reports_are_one_entry_each_with_their_quotes(shipped: Collection) -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    reports = htmlpage.find_all(tree, "li", "report")
    cited = {c.source for v in shipped.versions for t in v.terms.values() for c in t.citations}
    assert sorted(r.get("id", "").removeprefix("report-") for r in reports) == sorted(cited)
    numbers = [int(r.get("value", "0")) for r in reports]
    assert numbers == list(range(1, len(numbers) + 1)), "one number per report, as in every format"
    listed = re.findall(r"^\[(\d+)\] ([^,]+),", run_text("log"), re.M)  # the text format's reference list
    assert [(int(n), outlet) for n, outlet in listed] == [
        (int(r.get("value", "0")), htmlpage.text(r.find("p/strong")))
        for r in reports  # type: ignore[arg-type]
    ]
    novaya = htmlpage.text(htmlpage.ids(tree)["report-novaya-gazeta-putin"])
    assert "Novaya Gazeta Europe" in novaya and "25 February 2025" in novaya and "“Putin proposes" in novaya


def test_archives_are_shown_whole_with_their_sha256(shipped: Collection) -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log"))
    archives = htmlpage.find_all(tree, "article", "archive")
    cited = {c.source for v in shipped.versions for t in v.terms.values() for c in t.citations}
    assert sorted(a.get("id", "").removeprefix("archive-") for a in archives) == sorted(cited)
    for archive in archives:
        source = shipped.sources[archive.get("id", "").removeprefix("archive-")]
        assert source.sha256 and source.sha256 in htmlpage.text(archive)
        (body,) = htmlpage.find_all(archive, "div", "archive-text")
        shown = htmlpage.seen(body, skip=frozenset({"qref"}))  # the text without the quotes' numbers
        assert shown == (REPO_ROOT / "seeds" / str(source.file)).read_text(encoding="utf-8")


def test_a_single_version_log_page_says_there_is_nothing_to_compare() -> None:
    tree = htmlpage.parse(page(REPO_ROOT, "log", "--since", "v3"))
    assert "v3 only: a single version, nothing to compare." in htmlpage.seen(tree)
    assert htmlpage.grid_shape(tree) == (1, 12)
    assert "changes" not in htmlpage.ids(tree)
    htmlpage.assert_links_resolve(tree)


@pytest.mark.parametrize("args", [("diff", "v2", "v2"), ("diff", "v3", "v1")])
def test_diff_pages_of_the_same_version_and_backwards(args: tuple[str, ...]) -> None:
    tree = htmlpage.parse(page(REPO_ROOT, *args))
    changes = htmlpage.seen(htmlpage.ids(tree)["changes"])
    assert ("no term changes; " in changes) == (args[1] == args[2])
    columns, _ = htmlpage.grid_shape(tree)
    assert columns == len(set(args[1:]))
    htmlpage.assert_links_resolve(tree)


def test_a_collection_without_versions_gets_a_page_saying_so(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "drafts" / "agreement.yaml").write_bytes((REPO_ROOT / "drafts" / "agreement.yaml").read_bytes())
    (tmp_path / "seeds" / "sources.yaml").write_text("{}\n", encoding="utf-8")
    tree = htmlpage.parse(page(tmp_path, "log"))
    assert "No versions yet." in htmlpage.seen(tree)
    assert not htmlpage.find_all(tree, "table")


def test_an_archive_with_windows_line_endings_reads_as_lines(root: Path) -> None:
    import hashlib

    archive = root / "seeds" / "002_1cf8648e9fe9307b.txt"
    old = hashlib.sha256(archive.read_bytes()).hexdigest()
    data = archive.read_bytes().replace(b"\n", b"\r\n")
    archive.write_bytes(data)
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(old, hashlib.sha256(data).hexdigest()), encoding="utf-8"
    )
    tree = htmlpage.parse(page(root, "log"))
    shown = htmlpage.seen(htmlpage.ids(tree)["archive-ufl-dmitriev"])
    assert "\\x0d" not in shown and "Ukraine Front Lines" in shown
    assert htmlpage.assert_quotes_highlighted(tree) > 10


def test_a_report_without_an_archive_is_marked_unverified(root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    text = registry.read_text(encoding="utf-8")
    text = re.sub(r"  file: 000_5d98810f195db7b8.txt\n  sha256: \w+\n", "", text)
    registry.write_text(text, encoding="utf-8")
    (root / "seeds" / "000_5d98810f195db7b8.txt").unlink()
    tree = htmlpage.parse(page(root, "log"))
    known = htmlpage.ids(tree)
    assert "archive-unn-isw" not in known
    assert "its quotes are unverified" in htmlpage.seen(known["report-unn-isw"])
    assert "(unverified)" in htmlpage.seen(known["entry-v3-control"])
    htmlpage.assert_links_resolve(tree)
    assert htmlpage.assert_quotes_highlighted(tree) > 0


def test_output_suffix_picks_html(tmp_path: Path) -> None:
    target = tmp_path / "negotiation.html"
    result = CliRunner().invoke(app, ["--root", str(REPO_ROOT), "log", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args", [("list",), ("sources",), ("check",)])
def test_commands_without_a_page_say_so(args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, ["--root", str(REPO_ROOT), *args, "--format", "html"])
    assert result.exit_code == 2
    assert "has no html page" in result.stderr and "Traceback" not in result.output


def test_other_formats_do_not_import_the_template_engine() -> None:
    code = (
        "import sys\nfrom drafts.cli import main\nsys.argv = ['drafts', 'diff', 'v1', 'v3', '-f', 'text']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('jinja2 imported' if 'jinja2' in sys.modules else 'jinja2 not imported')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert "v1" in run.stdout
    assert run.stderr.endswith("jinja2 not imported"), run.stderr


def test_templates_ship_inside_the_package() -> None:
    import drafts.render

    folder = Path(drafts.render.__file__).parent / "templates"
    assert {"page.html.j2", "macros.html.j2", "page.css", "page.js"} <= {p.name for p in folder.iterdir()}


# -- hostile text: inert everywhere ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-html") / "collection"
    write_collection(root, FIELD, QUOTE)
    return root


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("harmless-html") / "collection"
    write_collection(root, BENIGN, BENIGN)
    return root


HOSTILE_PAGES = {
    "log": ("log",),
    "diff": ("diff", "v1", "v3", "--all"),
    "show": ("show", "v1"),
    "history": ("history", "debt"),
}


def _shape(tree: ET.Element) -> list[str]:
    return [f"{e.tag}.{e.get('class', '')}" for e in tree.iter() if e.tag not in ("title",)]


@pytest.mark.parametrize("name", sorted(HOSTILE_PAGES))
def test_hostile_text_is_inert(hostile: Path, harmless: Path, name: str) -> None:
    html = page(hostile, *HOSTILE_PAGES[name])
    twin = page(harmless, *HOSTILE_PAGES[name])
    assert not UNSAFE.search(html.replace("\n", " ")), repr(UNSAFE.search(html))
    tree = htmlpage.parse(html)
    assert _shape(tree) == _shape(htmlpage.parse(twin)), "hostile text changed the page's structure"
    assert len(list(tree.iter("script"))) == 1 and not list(tree.iter("img"))
    handlers = [(e.tag, k) for e in tree.iter() for k in e.attrib if k.startswith("on")]
    assert not handlers
    external = {a.get("href") for a in tree.iter("a") if not a.get("href", "").startswith("#")}
    assert external <= {SAFE_URL}, external  # javascript: and odd addresses are text, not links
    shown = body_text(tree)
    for literal in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))"):
        assert literal in shown, f"{literal!r} is not shown literally on the {name} page"
    assert "\\x1b[31mPWNED" in shown and "<U+202E>DESREVER" in shown
    htmlpage.assert_links_resolve(tree)
    assert htmlpage.assert_quotes_highlighted(tree) > 0
    assert PAYLOAD[:20] in shown


@pytest.mark.parametrize("args", [("log",), ("show", "v2"), ("history", "control"), ("diff", "v1", "v2")])
def test_hostile_collection_of_test_hostile_is_inert(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = write_hostile_collection(tmp_path / "evil")
    tree = htmlpage.parse(page(root, *args))
    assert len(list(tree.iter("script"))) == 1
    assert "<script>alert(1)</script>" in body_text(tree)
    htmlpage.assert_links_resolve(tree)
    htmlpage.assert_quotes_highlighted(tree)


@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_broken_input_writes_no_page(root: Path, tmp_path: Path, name: str) -> None:
    """Every case of the hostile-input corpus: one clear error, and no page at all, never half of one."""
    folder = name.split("/")[0]
    place(root, TARGETS[folder], (CORPUS / name).read_bytes())
    target = tmp_path / "page.html"
    reporting = ("show", "v9") if folder == "draft" else ("diff", "v1", "v3")
    result = CliRunner().invoke(app, ["--root", str(root), *reporting, "-o", str(target)])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and not UNSAFE.search(result.stderr)
    assert not target.exists()


# -- the pieces --------------------------------------------------------------------------------


def test_anchor_keeps_plain_ids_and_makes_others_safe() -> None:
    assert anchor("v3", "fund_size") == "v3-fund_size"
    odd = anchor("report", "a b<c>")
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", odd) and odd != anchor("report", "a b<d>")


def test_span_maps_typographic_quotes_and_whitespace_back() -> None:
    text = "He said  “500,\n350, or 100 billion” — twice."
    archive = Archive(text)
    span = archive.span('said "500, 350, or 100 billion" - twice')
    assert span is not None
    assert text[span[0] : span[1]] == "said  “500,\n350, or 100 billion” — twice"
    assert archive.span("not there") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab “”—-'’ \n\t\u2028x"), min_size=1, max_size=60), st.data())
def test_span_marks_exactly_the_quoted_words(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    archive = Archive(text)
    assert archive.normalised == normalise(text)
    span = archive.span(quote)
    if not normalise(quote):
        assert span is None
        return
    assert span is not None
    assert normalise(text[span[0] : span[1]]) == normalise(quote)
