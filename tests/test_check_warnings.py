"""`drafts check` warnings and hints that keep a reporter from publishing what the reports do not say:
quotes that cannot carry their claim, scaffold leftovers, registry slips, and first-reporter order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.evidence import substance
from drafts.evidence.checks import check
from drafts.reading.loader import load_collection
from drafts.reading.scaffold import is_scaffold_title, scaffold, scaffold_day, scaffold_title
from drafts.records.values import parse_value
from tests.golden import assert_golden

UFL_SHA = "b30c09476957df173d2adde6cb23c64b380ffe3f70c734ec7984835ec6189f93"
UFL_FILE = "002_1cf8648e9fe9307b.txt"


def run(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def shown(code: int, out: str, err: str) -> str:
    """One golden text: exit code, then stderr, then stdout."""
    return f"exit {code}\n--- stderr\n{err}--- stdout\n{out}"


# -- does a quote carry its figure ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "quote", "carried"),
    [
        ("money", "$500 billion", "suggested creating a $500 billion fund", True),
        ("money", "$500 billion", "a fund of 500 billion", True),
        ("money", "$500 billion", "a USD 500bn fund", True),
        ("money", "$500 billion", "a $500bn fund", True),
        ("money", "$500 billion", "a fund worth 500,000,000,000", True),
        ("money", "$500 billion", "a fund of 500 billion dollars", True),
        ("money", "$500 billion", "half a trillion dollars for the fund", True),
        ("money", "$500 billion", "five hundred billion", True),
        ("money", "$500 billion", "does not mention “500, 350, or 100 billion in debt,”", True),
        ("money", "$1 trillion", "a trillion-dollar fund", True),
        ("money", "$1 trillion", "1,000 billion in the fund", True),
        ("money", "$1.2 million", "a $1.2m grant", True),
        ("money", "$500 billion", "€500 billion", False),  # a currency beside the number must be the value's
        ("money", "$500 billion", "500 billion euros", False),
        ("money", "$500 billion", "a fund of 500 soldiers", False),  # no scale: 500, not 500 billion
        ("money", "$500 billion", "$50 billion", False),
        ("money", "$1 trillion", "the", False),
        ("money", "$1,234,567", "about $1.2 million", False),  # equal, not close
        ("money", "$500 billion", "50% of revenues", False),
        ("percent", "50", "allocate 50% of its future revenues", True),
        ("percent", "50", "50 percent of revenues", True),
        ("percent", "50", "50 per cent of revenues", True),
        ("percent", "50", "fifty percent of revenues", True),
        ("percent", "50", "half of its future revenues", True),
        ("percent", "40", "between 40 and 50 percent", True),
        ("percent", "75", "three-quarters of the deposits", True),
        ("percent", "33", "a third of the deposits", True),  # a third: within half a point
        ("percent", "67", "two thirds of the deposits", True),
        ("percent", "50", "a fund of 50 members", False),  # a bare number is not a percentage
        ("percent", "50", "revenues split 5% each way", False),
        ("percent", "30", "a third of the deposits", False),
        ("percent", "50", "500 billion", False),
    ],
)
def test_figure_in_quote(kind: str, value: str, quote: str, carried: bool) -> None:
    parsed = parse_value(kind, value)  # type: ignore[arg-type]
    assert substance.carries(parsed, [quote]) is carried  # type: ignore[arg-type]


def test_any_quote_may_carry_the_figure() -> None:
    value = parse_value("money", "$500 billion")
    assert substance.carries(value, ["no figure here", "a $500 billion fund"])  # type: ignore[arg-type]
    assert not substance.carries(value, [])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quote", "short"),
    [("the", True), ("U.S. aid", True), ("did not include", True), ("did not include guarantees", False)],
)
def test_short_quotes(quote: str, short: bool) -> None:
    assert substance.too_short(quote) is short


# -- scaffold leftovers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "left"),
    [
        (scaffold_title("US draft of 23 March"), True),
        ("Copy of US draft of 23 March", True),
        ("Signed agreement — edit me", True),
        ("Signed agreement", False),
        ("A copy of the draft, leaked", False),
    ],
)
def test_scaffold_title(title: str, left: bool) -> None:
    assert is_scaffold_title(title) is left


def test_scaffold_header_records_the_day(root: Path) -> None:
    collection = load_collection(root)
    text = scaffold(collection, collection.versions[-1], "v4", date(2025, 6, 1))
    assert scaffold_day(text) == "2025-06-01"
    assert scaffold_day(text.split("\n", 2)[2]) is None  # the header line deleted: nothing to flag
    header = "# drafts/v4.yaml, scaffolded from v3 on 2025-06-01. To fill it in:\n"
    moved = "title: x\ndate: 2025-06-01\nstage: signed\n" + header
    assert scaffold_day(moved) is None  # only the header at the top counts, not a comment further down


# -- the whole check, through the CLI ---------------------------------------------------------------

TRILLION = """title: Signed agreement
date: 2025-04-30
stage: signed
terms:
  fund_size:
    value: $1 trillion
    summary: A fund of $1 trillion.
    sources:
      - source: ufl-dmitriev
        quote: the
  revenue_share:
    value: 50
    summary: Half of the revenues go to the fund.
    sources:
      - source: ufl-dmitriev
        quote: Ukraine would allocate 50% of its future revenues
      - source: cryptopolitan-putin
        quote: demanding control over 50% of the country’s deposits
"""


def test_a_quote_that_cannot_carry_its_figure(runner: CliRunner, root: Path) -> None:
    (root / "drafts" / "v4.yaml").write_text(TRILLION, encoding="utf-8")
    code, out, err = run(runner, root, "check", str(root / "drafts" / "v4.yaml"))
    assert code == 0 and out.startswith("ok: 1 version(s), 3 quote(s) verified, 3 warning(s)")
    assert "drafts/v4.yaml:6:5: warning: fund_size: the figure $1 trillion appears in none of its quotes" in err
    assert "drafts/v4.yaml:10:9: warning: fund_size: the quote from ufl-dmitriev has 1 word(s)" in err
    assert "revenue_share" not in err.replace("fund_size (Ukraine Front Lines)", "")
    strict = run(runner, root, "check", "--strict", str(root / "drafts" / "v4.yaml"))
    assert strict[0] == 1
    assert_golden("check-quote-substance.txt", shown(*strict))


def test_the_whole_check_warns_as_checking_the_file_does(runner: CliRunner, root: Path) -> None:
    (root / "drafts" / "v4.yaml").write_text(TRILLION, encoding="utf-8")
    whole = check(root)
    one = check(root, files=[root / "drafts" / "v4.yaml"])
    about_v4 = [w for w in whole.warnings if w.file == "drafts/v4.yaml"]
    assert about_v4 and about_v4 == one.warnings


def _scaffolded(root: Path) -> Path:
    collection = load_collection(root)
    path = root / "drafts" / "v4.yaml"
    path.write_text(scaffold(collection, collection.versions[-1], "v4", date(2025, 6, 1)), encoding="utf-8")
    return path


def test_an_unedited_scaffold_is_flagged(runner: CliRunner, root: Path) -> None:
    path = _scaffolded(root)
    code, out, err = run(runner, root, "check", str(path))
    assert code == 0
    assert_golden("check-scaffold.txt", shown(code, out, err))
    assert run(runner, root, "check", "--strict", str(path))[0] == 1


def test_an_edited_scaffold_is_not_flagged(root: Path) -> None:
    path = _scaffolded(root)
    text = path.read_text(encoding="utf-8").replace(scaffold_title("US draft of 23 March"), "Signed agreement")
    # the date kept as the day the scaffold was made: deleting the header line says it is right
    text = "\n".join(line for line in text.splitlines() if "scaffolded from" not in line) + "\n"
    # one term re-sourced with a note saying the same report covers this version too
    text = text.replace(
        'quote: "would need to be ratified by the Verkhovna Rada"',
        'quote: "would need to be ratified by the Verkhovna Rada"\n        note: "Also describes v4."',
    )
    path.write_text(text, encoding="utf-8")
    messages = [w.message for w in check(root, files=[path]).warnings]
    assert not any("title" in m or "scaffold" in m for m in messages), messages
    carried = [m for m in messages if "carried unchanged" in m]
    assert carried and not any("ratification" in m for m in carried)


def test_the_shipped_collection_passes_the_new_rules() -> None:
    from tests.conftest import REPO_ROOT

    report = check(REPO_ROOT)
    assert report.ok
    new_rules = ("appears in none of its quotes", "too few to carry", "scaffold", "carried unchanged")
    assert not [w for w in report.warnings if any(rule in w.message for rule in new_rules)]
