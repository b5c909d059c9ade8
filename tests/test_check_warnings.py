"""`drafts check` warnings and hints that keep a reporter from publishing what the reports do not say:
quotes that cannot carry their claim, scaffold leftovers, registry slips, and first-reporter order."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafts.cli import app
from drafts.evidence import registry_hints, substance
from drafts.evidence.checks import check
from drafts.reading.loader import load_collection
from drafts.reading.scaffold import is_scaffold_title, scaffold, scaffold_day, scaffold_title, value_text
from drafts.records.model import Source
from drafts.records.values import Money, Percent, parse_value
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
        ("percent", "33", "on the third anniversary of the invasion", False),  # an ordinal, not a share
        ("percent", "25", "in the first quarter of 2025", False),
        ("percent", "25", "one quarter of the revenues", True),
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


# -- registry hints ---------------------------------------------------------------------------------


def _source(sid: str, file: str, sha: str) -> Source:
    return Source(sid, "Outlet", "Title", None, None, file, sha)


A, B, C = ("a" * 64), ("b" * 64), ("c" * 64)


@pytest.mark.parametrize(
    ("registered", "actual", "others", "registry", "expected"),
    [
        (A, B, {"right.txt": A}, {}, "the registration looks wrong: seeds/right.txt has the sha256"),
        (
            A,
            B,
            {},
            {"other": _source("other", "o.txt", B)},
            "the file looks wrong: it holds the text registered for other",
        ),
        (A, "a" * 62 + "bc", {}, {}, "the registration looks mistyped: its sha256 differs from the file's in 2"),
        ("abcdef12" + "0" * 56, "abcdef12" + C[8:], {}, {}, "the registration looks pasted in part"),
        (A, C, {}, {}, "the file looks changed since it was registered"),
    ],
)
def test_sha256_mismatch_says_which_looks_wrong(
    registered: str, actual: str, others: dict[str, str], registry: dict[str, Source], expected: str
) -> None:
    source = _source("s", "s.txt", registered)
    diagnosis = registry_hints.mismatch(source, actual, {"s": source, **registry}, others)
    assert diagnosis.hint.startswith(expected), diagnosis.hint
    assert f"file's sha256:     {actual}" in diagnosis.detail and registered in diagnosis.detail


@pytest.mark.parametrize(
    ("unregistered", "others", "expected"),
    [
        (["002_1cf8648e9fe9307.txt"], {"x.txt": A}, "did you mean seeds/002_1cf8648e9fe9307.txt?"),
        (["zzz.txt"], {"renamed.txt": UFL_SHA}, "seeds/renamed.txt has the sha256 registered for s"),
        (["zzz.txt"], {}, "restore the archived file, or correct file: 002_1cf8648e9fe9307b.txt"),
    ],
)
def test_missing_archive_hint(unregistered: list[str], others: dict[str, str], expected: str) -> None:
    hint = registry_hints.missing(_source("s", UFL_FILE, UFL_SHA), unregistered, others)
    assert hint.startswith(expected), hint


@pytest.mark.parametrize(
    ("a", "b", "distance"), [("abc", "abc", 0), ("abc", "abd", 1), ("abcd", "bacd", 2), ("a" * 10, "b" * 10, 3)]
)
def test_edit_distance_is_bounded(a: str, b: str, distance: int) -> None:
    assert registry_hints.edit_distance(a, b, 2) == distance


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


def _typo_in_file_name(root: Path) -> None:
    (root / "seeds" / UFL_FILE).rename(root / "seeds" / "002_1cf8648e9fe9307.txt")


def _sha_mistyped(root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(UFL_SHA, UFL_SHA[:-2] + "39"), encoding="utf-8")


def _archive_edited(root: Path) -> None:
    with (root / "seeds" / UFL_FILE).open("a", encoding="utf-8") as handle:
        handle.write("An added line.\n")


def _unregistered(root: Path) -> None:
    (root / "seeds" / "005_new-report.txt").write_text("A report nobody registered.\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "make", "code"),
    [
        ("file-name-typo", _typo_in_file_name, 1),
        ("sha256-mistyped", _sha_mistyped, 1),
        ("archive-edited", _archive_edited, 1),
        ("unregistered", _unregistered, 0),
    ],
)
def test_registry_problems_are_reported_well(runner: CliRunner, root: Path, case: str, make: object, code: int) -> None:
    make(root)  # type: ignore[operator]
    result = run(runner, root, "check")
    assert result[0] == code
    assert_golden(f"check-registry-{case}.txt", shown(*result))


def test_a_missing_archive_hides_no_warning(runner: CliRunner, root: Path) -> None:
    _typo_in_file_name(root)
    _, _, err = run(runner, root, "check")
    assert "seeds/002_1cf8648e9fe9307b.txt, the archive of ufl-dmitriev, is missing" in err
    assert "did you mean" not in err  # the hash settles it: not a guess by name
    assert "seeds/002_1cf8648e9fe9307.txt has the sha256 registered for ufl-dmitriev" in err
    assert "seeds/002_1cf8648e9fe9307.txt is archived but not registered" in err
    assert "rest on a single outlet" in err
    assert "it has the sha256 registered for ufl-dmitriev: set file: 002_1cf8648e9fe9307.txt" in err
    assert "drafts archive" not in err  # it is registered already, under a mistyped name


def test_a_mismatch_shows_the_actual_hash(runner: CliRunner, root: Path) -> None:
    _archive_edited(root)
    actual = hashlib.sha256((root / "seeds" / UFL_FILE).read_bytes()).hexdigest()
    _, _, err = run(runner, root, "check")
    assert f"file's sha256:     {actual}" in err and f"registered sha256: {UFL_SHA}" in err


def test_one_file_is_compared_with_the_version_before_it_by_date(root: Path, tmp_path: Path) -> None:
    """A copy of v2 dated between v2 and v3 is compared with v2, not with the latest version."""
    collection = load_collection(root)
    text = scaffold(collection, collection.versions[1], "v4", date(2025, 6, 1)).replace(
        "date: 2025-06-01", "date: 2025-03-01"
    )
    inside = root / "drafts" / "v4.yaml"
    inside.write_text(text, encoding="utf-8")
    one = [w.message for w in check(root, files=[inside]).warnings]
    assert "v4: fund_size: every source is carried unchanged from v2" in one
    assert not any("from v3" in m for m in one)
    whole = [w.message for w in check(root).warnings if w.file == "drafts/v4.yaml"]
    assert whole == one
    outside = tmp_path / "elsewhere" / "v4.yaml"  # a file outside the collection, named on the command line
    outside.parent.mkdir()
    outside.write_text(text, encoding="utf-8")
    inside.unlink()
    assert [w.message for w in check(root, files=[outside]).warnings] == one


# -- a property: a value written as drafts new writes it is always read back from a quote ------------


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=999_999),
    st.sampled_from([1, 1000, 10**6, 10**9, 10**12]),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["USD", "EUR", "GBP", "UAH", "CHF"]),
)
def test_a_quote_of_the_value_as_printed_carries_it(digits: int, scale: int, places: int, currency: str) -> None:
    amount = Decimal(digits).scaleb(-places) * scale
    if amount >= Decimal(10) ** 17:
        return
    money = Money(amount.normalize() if amount == amount.to_integral() else amount, currency)
    written = value_text(money)[1:-1]  # the exact form, e.g. "$1,000,100" (printing rounds: "$1 million")
    assert substance.carries(money, [f"a fund of {written} was proposed"]), written


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_a_percentage_as_printed_carries_it(value: Decimal) -> None:
    percent = Percent(value)
    written = value_text(percent).strip('"').rstrip("%") + "%"
    assert substance.carries(percent, [f"it would take {written} of the revenues"]), written
