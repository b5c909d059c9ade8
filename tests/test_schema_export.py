"""The JSON Schema for editors: the shipped drafts validate; misspelt terms, unknown fields, bad values do not."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from drafts.errors import DataError
from drafts.reading import yamlsafe
from drafts.reading.jsonschema_export import DIALECT, value_json_schema, version_json_schema
from drafts.reading.loader import load_agreement
from drafts.records.model import Agreement
from drafts.records.values import ValueProblem, ValueType, parse_value

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "drafts").glob("v*.yaml"))


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    loaded, problems = load_agreement(ROOT)
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def validator(agreement: Agreement) -> Draft202012Validator:
    schema = version_json_schema(agreement)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _load(path: Path) -> Any:
    # drafts' own loader keeps YAML 1.2 scalars (dates and yes/no stay text), as editors read them.
    return yamlsafe.load(path.read_text(encoding="utf-8"), path.name)


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


def test_the_shipped_collection_has_drafts() -> None:
    assert len(SHIPPED) >= 3


def test_schema_is_2020_12_and_json(agreement: Agreement) -> None:
    schema = version_json_schema(agreement)
    assert schema["$schema"] == DIALECT
    assert json.loads(json.dumps(schema)) == schema
    assert list(schema["properties"]["terms"]["properties"]) == list(agreement.terms)
    assert schema["properties"]["terms"]["additionalProperties"] is False


def test_terms_carry_label_type_and_help(agreement: Agreement) -> None:
    fund = version_json_schema(agreement)["properties"]["terms"]["properties"]["fund_size"]
    spec = agreement.terms["fund_size"]
    assert spec.label in fund["description"]
    assert "money" in fund["description"]
    assert spec.help and spec.help in fund["description"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_drafts_validate(validator: Draft202012Validator, path: Path) -> None:
    assert _errors(validator, _load(path)) == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_drafts_validate_as_yaml_1_1_reads_them(validator: Draft202012Validator, path: Path) -> None:
    # Editors set to YAML 1.1 read `yes` as true; only dates need turning back into text.
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    assert _errors(validator, data) == []


def _v1() -> Any:
    return _load(ROOT / "drafts" / "v1.yaml")


def test_misspelt_term_fails(validator: Draft202012Validator) -> None:
    data = _v1()
    data["terms"]["fund_szie"] = data["terms"].pop("fund_size")
    errors = _errors(validator, data)
    assert errors and any("fund_szie" in message for message in errors)


def test_unknown_field_fails(validator: Draft202012Validator) -> None:
    data = _v1()
    data["summary"] = "a field drafts does not know"
    assert _errors(validator, data)
    data = _v1()
    data["terms"]["fund_size"]["sources"][0]["page"] = 3
    assert _errors(validator, data)
    data = _v1()
    data["terms"]["fund_size"]["valeu"] = "$1"
    assert _errors(validator, data)


def test_wrong_stage_fails(validator: Draft202012Validator) -> None:
    data = _v1()
    data["stage"] = "draft"
    assert _errors(validator, data)


@pytest.mark.parametrize("date", ["2025-13", "2025-02-32", "25-02-12", "12 February 2025", "2025", "1066-10-14"])
def test_malformed_date_fails(validator: Draft202012Validator, date: str) -> None:
    data = _v1()
    data["date"] = date
    assert _errors(validator, data)


@pytest.mark.parametrize("date", ["2025-02", "2025-02-12", "1999-12-31"])
def test_good_dates_pass(validator: Draft202012Validator, date: str) -> None:
    data = _v1()
    data["date"] = date
    assert _errors(validator, data) == []


def test_missing_required_field_fails(validator: Draft202012Validator) -> None:
    data = _v1()
    del data["title"]
    assert _errors(validator, data)


@pytest.mark.parametrize(
    ("term", "value"),
    [
        ("fund_size", 500),  # no currency
        ("fund_size", "five hundred billion"),
        ("fund_size", {"amount": 5, "currency": "dollars"}),
        ("revenue_share", 150),
        ("revenue_share", "half"),
        ("security_guarantees", "maybe"),
        ("security_guarantees", {"detail": "no flag"}),
        ("resources", "minerals"),
        ("resources", []),
        ("debt_treatment", ["a", "list"]),
    ],
)
def test_wrong_value_for_the_term_type_fails(validator: Draft202012Validator, term: str, value: Any) -> None:
    data = _v1()
    data["terms"][term] = {"value": value, "summary": "s", "sources": [{"source": "ufl-dmitriev", "quote": "q"}]}
    assert _errors(validator, data)


def test_claim_values_are_typed_too(validator: Draft202012Validator) -> None:
    data = _load(ROOT / "drafts" / "v3.yaml")
    assert _errors(validator, data) == []
    bad = copy.deepcopy(data)
    bad["terms"]["ratification"] = {
        "status": "disputed",
        "claims": [
            {"value": "perhaps", "summary": "s", "sources": [{"source": "ufl-dmitriev", "quote": "q"}]},
            {"status": "absent", "summary": "s", "sources": [{"source": "ufl-dmitriev", "quote": "q"}]},
        ],
    }
    assert _errors(validator, bad)


# What the loader accepts, the schema must accept: an editor never underlines a valid file.
_ACCEPTED: dict[ValueType, list[Any]] = {
    "money": [
        "$500 billion",
        "USD 500bn",
        "€1.2m",
        "500bn USD",
        "£40,000",
        " US$ 3.5 trillion ",
        "₴1",
        "€1.500,5bn",  # a decimal comma with points grouping thousands: once underlined, though check reads it
        "€1,5bn",
        {"amount": 500, "currency": "USD"},
        {"amount": 1.5, "currency": "EUR"},
    ],
    "percent": [0, 50, 100, 12.5, "50%", "12.5 %", "7", "12,5%"],  # "12,5%" was underlined too
    "flag": [True, False, "yes", "No", "ON", " off ", "y", {"flag": "yes", "detail": "by the Rada"}, {"flag": False}],
    "list": [["minerals", "oil", "gas"], ["a"], [1, "two"]],
    "text": ["debt to be repaid", 5, 2.5],
}


@pytest.mark.parametrize(("kind", "raw"), [(kind, raw) for kind, raws in _ACCEPTED.items() for raw in raws])
def test_value_schema_accepts_what_the_loader_accepts(kind: ValueType, raw: Any) -> None:
    parse_value(kind, raw)  # the example itself must be valid
    assert list(Draft202012Validator(value_json_schema(kind)).iter_errors(raw)) == []


_RAW_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**13) | st.floats(-1e3, 1e13) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["amount", "currency", "flag", "detail"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["money", "percent", "flag", "list", "text"]), _RAW_VALUES)
def test_value_schema_never_rejects_a_value_the_loader_accepts(kind: ValueType, raw: Any) -> None:
    try:
        parse_value(kind, raw)
    except (ValueProblem, DataError, ArithmeticError):
        return
    assert list(Draft202012Validator(value_json_schema(kind)).iter_errors(raw)) == []


_MONEY_LIKE = st.from_regex(
    r"\A\s?(US\$|[$€£₴¥]|[A-Z]{3})?\s?[0-9][0-9.,]{0,6}(\.[0-9]{1,3})?\s?(bn|billion|Mln|[A-Za-z]{0,3})\.?\s?([A-Z]{3})?\s?\Z"
)
_PERCENT_LIKE = st.from_regex(r"\A\s?[+-]?[0-9]{0,3}([.,][0-9]{0,3})?([eE][+-]?[0-9])?\s?%?\s?\Z")
_FLAG_LIKE = st.from_regex(r"\A\s?(yes|no|y|n|true|false|on|off|maybe)\s?\Z").map(
    lambda word: "".join(ch.upper() if i % 2 else ch for i, ch in enumerate(word))
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        _MONEY_LIKE.map(lambda s: ("money", s)),
        _PERCENT_LIKE.map(lambda s: ("percent", s)),
        _FLAG_LIKE.map(lambda s: ("flag", s)),
    )
)
def test_value_schema_agrees_with_the_loader_on_near_misses(case: tuple[ValueType, str]) -> None:
    kind, raw = case
    try:
        parse_value(kind, raw)
    except ValueProblem:
        return
    assert list(Draft202012Validator(value_json_schema(kind)).iter_errors(raw)) == []
