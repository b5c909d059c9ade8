"""`drafts new`: the scaffold reads back to the same terms, passes `drafts check`, and refuses bad ids."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from drafts.errors import DataError, UsageError
from drafts.evidence.checks import check
from drafts.reading import yamlsafe
from drafts.reading.jsonschema_export import SCHEMA_FILE, version_json_schema
from drafts.reading.loader import load_collection, load_version
from drafts.reading.scaffold import SCHEMA_LINE, quote, scaffold, validate_new_id, value_text, write_new_version
from drafts.records.dates import PartialDate
from drafts.records.model import NOT_REPORTED, STAGES, Citation, Claim, Collection, Source, Term, Version
from drafts.records.values import Flag, Items, Percent, Text, Value, parse_value, same

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_collection(ROOT)


@pytest.fixture
def copy(tmp_path: Path) -> Collection:
    """A private copy of the shipped collection, to write new versions into."""
    for folder in ("drafts", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return load_collection(tmp_path)


def _assert_same_terms(loaded: Version, original: Version) -> None:
    assert list(loaded.terms) == list(original.terms)
    for name, term in original.terms.items():
        got = loaded.terms[name]
        assert got.status == term.status, name
        assert same(got.value, term.value), name
        assert got.value == term.value, name  # stricter than `same`: the very same value
        assert got.summary == term.summary, name
        assert got.sources == term.sources, name
        assert len(got.claims) == len(term.claims), name
        for mine, theirs in zip(got.claims, term.claims, strict=True):
            assert (mine.status, mine.by, mine.summary, mine.sources) == (
                theirs.status,
                theirs.by,
                theirs.summary,
                theirs.sources,
            )
            assert mine.value == theirs.value


def _load_text(text: str, collection: Collection, folder: Path, new_id: str = "v9") -> Version:
    path = folder / f"{new_id}.yaml"
    path.write_text(text, encoding="utf-8")
    version, problems = load_version(path, f"drafts/{new_id}.yaml", collection.agreement, collection.sources)
    assert problems == [], text
    assert version is not None
    return version


# -- the shipped versions ---------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(index=st.integers(0, 99), new_id=st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True), day=st.dates())
def test_every_shipped_version_reads_back_the_same(collection: Collection, index: int, new_id: str, day: date) -> None:
    previous = collection.versions[index % len(collection.versions)]
    if day.year < 1900:
        day = day.replace(year=2025)
    text = scaffold(collection, previous, new_id, day)
    with tempfile.TemporaryDirectory() as folder:
        loaded = _load_text(text, collection, Path(folder), new_id if new_id not in ("first", "latest") else "v9")
    _assert_same_terms(loaded, previous)
    assert loaded.stage == previous.stage
    assert loaded.proposed_by == previous.proposed_by
    assert loaded.date == PartialDate(day.year, day.month, day.day)
    assert previous.title in loaded.title


@pytest.mark.parametrize("previous_id", ["v1", "v2", "v3"])
def test_scaffold_passes_drafts_check(copy: Collection, previous_id: str) -> None:
    previous = copy.versions[copy.index[previous_id]]
    path = write_new_version(copy, previous, "v4", TODAY)
    assert path == copy.root / "drafts" / "v4.yaml"
    only_new = check(copy.root, files=[path])
    assert only_new.errors == [] and only_new.versions == 1
    assert only_new.quotes == sum(len(t.citations) for t in previous.terms.values())
    whole = check(copy.root)
    assert whole.errors == [] and whole.versions == len(copy.versions) + 1


def test_header_says_how_to_fill_it_in(collection: Collection) -> None:
    text = scaffold(collection, collection.versions[0], "v4", TODAY)
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE == f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
    header = "\n".join(line for line in lines if line.startswith("#"))
    for words in ("verbatim", "seeds/sources.yaml", "drafts check", f"drafts diff {collection.versions[0].id} v4"):
        assert words in header
    assert "date: 2025-06-01" in lines
    assert f"stage: {collection.versions[0].stage}" in lines
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_scaffold_uses_the_forms_reporters_write(collection: Collection) -> None:
    v1 = collection.versions[collection.index["v1"]]
    v2 = collection.versions[collection.index["v2"]]
    v3 = collection.versions[collection.index["v3"]]
    text = "".join(scaffold(collection, v, f"v{n}", TODAY) for n, v in ((4, v1), (5, v2), (6, v3)))
    assert 'value: "$500 billion"' in text
    assert "value: 50\n" in text  # a percentage as a plain number
    assert "value: yes\n" in text
    assert 'value: {flag: yes, detail: "by the Verkhovna Rada"}' in text
    assert 'value: ["minerals", "oil", "gas"]' in text


def test_scaffold_validates_against_the_editor_schema(collection: Collection) -> None:
    validator = Draft202012Validator(version_json_schema(collection.agreement))
    for previous in collection.versions:
        data = yamlsafe.load(scaffold(collection, previous, "v4", TODAY), "v4.yaml")
        assert [e.message for e in validator.iter_errors(data)] == []


def test_a_version_with_nothing_reported(collection: Collection, tmp_path: Path) -> None:
    empty = Version(
        "v0", "Nothing yet", PartialDate(2025, 1), "proposal", dict.fromkeys(collection.agreement.terms, NOT_REPORTED)
    )
    loaded = _load_text(scaffold(collection, empty, "v4", TODAY), collection, tmp_path)
    assert loaded.reported == 0


# -- new ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["", "../x", "v1/../../y", "/etc/passwd", "v1\\x", "first", "latest", "agreement", ".hidden", "-v", "v 4", "v4\n",
     "a" * 65, "v..4", "v4.yaml", "v4.yml", "\u202ev4", "v4\x1b[31m"],
)  # fmt: skip
def test_ids_that_are_not_plain_names_are_usage_errors(collection: Collection, bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        validate_new_id(bad, collection)
    assert caught.value.exit_code == 2
    assert caught.value.problem.hint
    assert "\x1b" not in caught.value.problem.message and "\n" not in caught.value.problem.message


def test_yaml_suffix_hint_gives_the_id(collection: Collection) -> None:
    with pytest.raises(UsageError) as caught:
        validate_new_id("v4.yaml", collection)
    assert "drafts new v4" in (caught.value.problem.hint or "")


@pytest.mark.parametrize("good", ["v4", "v10", "2025-03-23", "us_draft-2", "v4.1"])
def test_plain_names_are_accepted(collection: Collection, good: str) -> None:
    validate_new_id(good, collection)


def test_existing_version_is_a_data_error(collection: Collection) -> None:
    with pytest.raises(DataError) as caught:
        validate_new_id("v1", collection)
    assert caught.value.exit_code == 1
    assert caught.value.problem.file == "drafts/v1.yaml"
    assert "already exists" in caught.value.problem.message


def test_existing_file_that_is_not_loaded_is_a_data_error(copy: Collection) -> None:
    (copy.root / "drafts" / "v7.yaml").write_text("not loaded yet\n")
    with pytest.raises(DataError):
        validate_new_id("v7", copy)


def test_write_new_version_never_overwrites(copy: Collection) -> None:
    previous = copy.versions[0]
    path = write_new_version(copy, previous, "v4", TODAY)
    first = path.read_text(encoding="utf-8")
    assert first == scaffold(copy, previous, "v4", TODAY)
    with pytest.raises(DataError):
        write_new_version(copy, copy.versions[-1], "v4", TODAY)
    assert path.read_text(encoding="utf-8") == first
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


# -- safe quoting and values, for any content -------------------------------------------------


@given(st.text())
def test_quote_reads_back_exactly(text: str) -> None:
    assert yamlsafe.load(f"key: {quote(text)}\n", "t.yaml") == {"key": text}
    assert "\n" not in quote(text)


@pytest.mark.parametrize(
    "text",
    ['"', "\\", "a\nb", "# not a comment", "key: value", "\x85", "\u2028\u2029", "\ufeff", "😀", "\x00\x1b[2J",
     "*alias", "&anchor", "!!python/object:os.system", "{flow: map}", "[1, 2]", "yes", "null", "~", "'", "— “ ”"],
)  # fmt: skip
def test_quote_handles_hostile_text(text: str) -> None:
    assert yamlsafe.load(f"key: {quote(text)}\n", "t.yaml") == {"key": text}


_WORD_CHAR = st.characters(categories=["L", "N", "P", "S"])
# Prose as the loader leaves it: arbitrary inside, no surrounding whitespace (the loader strips it).
_PROSE = st.builds(lambda a, mid, b: a + mid + b, _WORD_CHAR, st.text(max_size=40), _WORD_CHAR)
_PHRASE = st.text(min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)


def _money() -> st.SearchStrategy[Value]:
    amounts = st.decimals(min_value=0, max_value=Decimal(10**18) - 1, allow_nan=False, allow_infinity=False, places=4)
    scaled = st.builds(lambda n, e: n * Decimal(10) ** e, st.integers(0, 999_999), st.sampled_from([0, 3, 6, 9, 12]))
    currencies = st.sampled_from(["USD", "EUR", "GBP", "UAH", "JPY"]) | st.from_regex(r"[A-Z]{3}", fullmatch=True)
    return st.builds(lambda a, c: parse_value("money", f"{c} {a:f}"), amounts | scaled, currencies)


_VALUES: dict[str, st.SearchStrategy[Value]] = {
    "money": _money(),
    # Up to 35 decimal places: beyond what a float or yamlsafe's 30-digit limit keeps, so written as text.
    "percent": st.one_of(
        [
            st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False, places=places).map(Percent)
            for places in (0, 1, 2, 6, 17, 35)
        ]
    ),
    "flag": st.builds(Flag, st.booleans(), st.none() | _PROSE),
    "list": st.lists(_PHRASE, min_size=1, max_size=5, unique_by=lambda s: s.casefold()).map(
        lambda xs: Items(tuple(xs))
    ),
    "text": _PHRASE.map(Text),
}


# Source ids that YAML would misread if written plain (null, yes, numbers) beside ordinary ones.
_SOURCE_IDS = ["ufl-dmitriev", "null", "yes", "No", "true", "2025", "1e3", "0x1F", "x_1", "a-"]
_SOURCES = {sid: Source(sid, "Outlet", "Title", None) for sid in _SOURCE_IDS}
_CITATIONS = st.lists(
    st.builds(Citation, st.sampled_from(_SOURCE_IDS), _PROSE, st.none() | _PROSE), min_size=1, max_size=3
).map(tuple)


def _term(kind: str) -> st.SearchStrategy[Term]:
    value = _VALUES[kind]
    stated = st.builds(lambda v, s, c: Term("stated", v, s, c), value, _PROSE, _CITATIONS)
    absent = st.builds(lambda s, c: Term("absent", None, s, c), _PROSE, _CITATIONS)
    by = st.none() | _PROSE
    claim = st.one_of(
        st.builds(lambda v, s, c, b: Claim("stated", v, s, c, b), value, _PROSE, _CITATIONS, by),
        st.builds(lambda s, c, b: Claim("absent", None, s, c, b), _PROSE, _CITATIONS, by),
    )
    disputed = st.builds(
        lambda s, cs: Term("disputed", None, s, (), tuple(cs)),
        st.none() | _PROSE,
        st.lists(claim, min_size=2, max_size=3),
    )
    return st.one_of(st.just(NOT_REPORTED), stated, absent, disputed)


# Built once: hypothesis validates a strategy the first time it draws from it, which is slow.
_TERMS = {kind: _term(kind) for kind in _VALUES}


@st.composite
def _versions(draw: Any, collection: Collection) -> Version:
    terms = {name: draw(_TERMS[spec.type]) for name, spec in collection.agreement.terms.items()}
    stage = draw(st.sampled_from(STAGES))
    return Version("v1", draw(_PROSE), PartialDate(2025, 2), stage, terms, draw(st.none() | _PROSE))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_version_reads_back_the_same(collection: Collection, data: Any) -> None:
    version = data.draw(_versions(collection))
    text = scaffold(collection, version, "v9", TODAY)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v9.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, problems = load_version(path, "drafts/v9.yaml", collection.agreement, _SOURCES)
    assert problems == [], text
    assert loaded is not None
    _assert_same_terms(loaded, version)
    assert loaded.proposed_by == version.proposed_by
    assert version.title in loaded.title


@given(_money())
def test_money_is_written_readably_and_exactly(money: Value) -> None:
    text = value_text(money)
    assert parse_value("money", yamlsafe.load(f"v: {text}", "t")["v"]) == money
