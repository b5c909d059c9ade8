"""The file formats are defined once, on the records: validation, hints, records and JSON Schema follow."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, NamedTuple

import pytest
from pydantic_core import SchemaValidator, ValidationError

from drafts.errors import DataError, Problem
from drafts.reading.jsonschema_export import version_json_schema
from drafts.reading.loader import load_collection
from drafts.reading.schema import AGREEMENT_FORMAT, SOURCES_FORMAT, VERSION_FORMAT, core_schema
from drafts.records.fields import (
    ID,
    Computed,
    FromKey,
    InFile,
    field_at,
    file_fields,
    filler,
    key_pattern,
    record_at,
)
from drafts.records.model import Agreement, Citation, Claim, Collection, Source, Term, TermSpec, Version

RECORDS = (TermSpec, Agreement, Source, Citation, Claim, Term, Version)


class Thing(NamedTuple):
    """A record made up here: what its annotations say is all the validator knows."""

    id: Annotated[str, FromKey(ID)]
    name: Annotated[str, InFile("What it is called")]
    kind: Annotated[Literal["big", "small"], InFile("Its size")]
    tags: Annotated[tuple[str, ...], InFile("Words for it", min_items=1, item="A word")] = ()
    when: Annotated[str | None, InFile("A date the loader reads", read_as=str)] = None
    seen: Annotated[bool, Computed("worked out by whoever reads it")] = False


def test_every_record_field_says_how_its_file_writes_it() -> None:
    for record in RECORDS:
        written = [field.name for field in file_fields(record)]
        assert written, record
        assert set(written) <= set(record._fields)


def test_a_field_with_no_file_form_is_refused() -> None:
    class Careless(NamedTuple):
        name: str

    with pytest.raises(TypeError, match=r"Careless\.name"):
        file_fields(Careless)


def test_the_validator_follows_the_definition() -> None:
    validator = SchemaValidator(core_schema(dict[str, Thing]))
    assert validator.validate_python({"a": {"name": "x", "kind": "big"}}) == {"a": {"name": "x", "kind": "big"}}
    assert validator.validate_python({"a": {"name": "x", "kind": "big", "when": ""}})["a"]["when"] == ""
    refused = [
        {"a": {"name": "", "kind": "big"}},  # text is never empty
        {"a": {"name": "x", "kind": "huge"}},  # a Literal's choices
        {"a": {"name": "x", "kind": "big", "tags": []}},  # min_items
        {"a": {"name": "x", "kind": "big", "tags": [""]}},  # each item is text
        {"a": {"name": "x", "kind": "big", "seen": True}},  # computed: not in the file
        {"a": {"name": "x", "kind": "big", "id": "a"}},  # the id is the key, not a field
        {"a": {"kind": "big"}},  # required: no default and not optional
        {"a b": {"name": "x", "kind": "big"}},  # the key follows the id's pattern
    ]
    for data in refused:
        with pytest.raises(ValidationError):
            validator.validate_python(data)


def test_records_are_filled_from_their_entries() -> None:
    thing = filler(Thing)({"name": "x", "kind": "small", "tags": ["a", "b"]}, id="t1", when=None)
    assert thing == Thing("t1", "x", "small", ("a", "b"), None, False)
    assert filler(Thing)({"name": "x", "kind": "big"}, id="t2").tags == ()
    assert filler(Thing)({"name": "x", "kind": "big"}, id="t3", name="given wins").name == "given wins"
    with pytest.raises(TypeError, match="'id'"):
        filler(Thing)({"name": "x", "kind": "big"})  # the loader must give what it works out
    with pytest.raises(TypeError, match="'nmae'"):
        filler(Thing)({"name": "x", "kind": "big"}, id="t4", nmae="typo")  # a misspelt keyword is not dropped


def test_locations_resolve_through_the_definition() -> None:
    assert record_at(Version, ("terms", "fund_size", "claims", 1, "sources", 0)) is Citation
    assert record_at(Version, ("terms", "fund_size", "claims", 1)) is Claim
    assert record_at(Version, ("title",)) is None
    assert record_at(dict[str, Source], ("unn-isw",)) is Source
    sha = field_at(dict[str, Source], ("unn-isw", "raw_sha256"))
    assert sha is not None and sha.about.pattern is not None and "sha256" in sha.about.pattern.meaning
    assert key_pattern(TermSpec) == ID and key_pattern(Citation) is None


def test_the_formats_are_the_records() -> None:
    assert VERSION_FORMAT.shape is Version and AGREEMENT_FORMAT.shape is Agreement
    assert SOURCES_FORMAT.shape == dict[str, Source]


def test_the_json_schema_names_and_describes_every_field(shipped: Collection) -> None:
    schema = version_json_schema(shipped.agreement)
    top = schema["properties"]
    assert list(top) == [field.name for field in file_fields(Version)]
    assert schema["required"] == [field.name for field in file_fields(Version) if field.required]
    for record in (Term, Claim, Citation):
        defined = schema["$defs"][record.__name__]
        assert list(defined["properties"]) == [field.name for field in file_fields(record)]
        for field in file_fields(record):
            assert defined["properties"][field.name]["description"] == field.about.description
    assert top["stage"]["description"] == "How far the negotiation had got with this version"


def _problems(root: Path) -> list[Problem]:
    with pytest.raises(DataError) as info:
        load_collection(root)
    return info.value.problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        # Each pattern's meaning comes from the field it belongs to (raw_sha256 once read as a plain name).
        (
            "seeds/sources.yaml",
            "  outlet: UNN\n",
            "  outlet: UNN\n  raw_sha256: ABC\n",
            "unn-isw.raw_sha256: must be a sha256: 64 digits and letters a-f",
        ),
        ("seeds/sources.yaml", "unn-isw:\n", "unn isw:\n", "unn isw.[key]: must be a plain name"),
        ("drafts/agreement.yaml", "  fund_size:\n", "  fund size:\n", "terms.fund size.[key]: must be a plain name"),
        ("drafts/agreement.yaml", "parties: [United States, Ukraine]", "parties: []", "parties: needs at least one"),
    ],
)
def test_messages_follow_the_definition(root: Path, file: str, old: str, new: str, message: str) -> None:
    _edit(root / file, old, new)
    assert any(message in problem.message for problem in _problems(root)), [p.message for p in _problems(root)]


def test_hints_list_the_fields_of_the_record_at_the_place(root: Path) -> None:
    _edit(root / "drafts/v1.yaml", "  fund_size:\n", "  fund_size:\n    colour: red\n")
    (problem,) = [p for p in _problems(root) if "colour" in p.message]
    assert problem.hint == "allowed fields: " + ", ".join(field.name for field in file_fields(Term))


def test_what_drafts_archive_records_is_kept_on_the_source(root: Path) -> None:
    capture = (
        "  requested_url: http://example.test/a\n"
        "  redirects: [http://example.test/b]\n"
        "  captured: 2025-05-01T10:00:00Z\n"
        "  raw_file: unn.html\n"
        f"  raw_sha256: {'a' * 64}\n"
    )
    _edit(root / "seeds/sources.yaml", "  outlet: UNN\n", "  outlet: UNN\n" + capture)
    source = load_collection(root).sources["unn-isw"]
    assert source.redirects == ("http://example.test/b",)
    assert (source.requested_url, source.captured, source.raw_file) == (
        "http://example.test/a",
        "2025-05-01T10:00:00Z",
        "unn.html",
    )
    assert source.raw_sha256 == "a" * 64


def test_the_readme_names_every_field_of_every_file() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## File formats") : readme.index("## Exit codes")]
    missing = [
        f"{record.__name__}.{field.name}"
        for record in RECORDS
        for field in file_fields(record)
        if f"`{field.name}`" not in section
    ]
    assert missing == []


def test_validation_problems_come_in_the_order_of_the_file(root: Path) -> None:
    """The definition's field order (terms before proposed_by, a claim's by last) is not the file's."""
    draft = root / "drafts/v2.yaml"
    _edit(draft, "stage: framework\n", "stage: framework\nproposed_by: [United States]\n")
    _edit(draft, "      - by: Volodymyr Zelensky\n", "      - by: [Volodymyr Zelensky]\n")
    _edit(draft, "        status: absent\n", "        status: absent\n        colour: red\n")
    found = [p for p in _problems(root) if p.file == "drafts/v2.yaml"]
    positions = [(p.line or 0, p.column or 0) for p in found]
    assert len(found) >= 3 and positions == sorted(positions), [(p.line, p.message) for p in found]


def test_a_list_too_short_says_how_many_it_has(root: Path) -> None:
    draft = root / "drafts/v2.yaml"
    text = draft.read_text(encoding="utf-8")
    start = text.index("      - by: Donald Trump\n")
    draft.write_text(text[:start] + text[text.index("\n  resources:", start) + 1 :], encoding="utf-8")
    messages = [p.message for p in _problems(root)]
    assert "terms.debt_treatment.claims: needs at least 2 entries, has 1" in messages, messages
