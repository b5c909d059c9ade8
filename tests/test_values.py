"""Value types: the forms reporters write, the deltas, and equality as a reader judges it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafts.records.values import (
    Flag,
    Items,
    Money,
    Percent,
    Text,
    ValueProblem,
    delta,
    format_delta,
    format_money,
    parse_value,
    same,
    to_json,
)

BILLION = Decimal(10) ** 9


@pytest.mark.parametrize(
    ("raw", "amount", "currency"),
    [
        ("$500 billion", 500 * BILLION, "USD"),
        ("USD 500bn", 500 * BILLION, "USD"),
        ("$350bn", 350 * BILLION, "USD"),
        ("€1.2 million", Decimal("1.2") * 10**6, "EUR"),
        ("500 billion USD", 500 * BILLION, "USD"),
        ("UAH 40,000", Decimal(40000), "UAH"),
        ({"amount": 500000000000, "currency": "USD"}, 500 * BILLION, "USD"),
    ],
)
def test_money_forms(raw: object, amount: Decimal, currency: str) -> None:
    assert parse_value("money", raw) == Money(amount, currency)


@pytest.mark.parametrize("raw", ["500 billion", "$", "$-5bn", "$5 zillion", "USD $5", 500, {"amount": 5}, True])
def test_money_rejects_with_accepted_forms(raw: object) -> None:
    with pytest.raises(ValueProblem, match=r"a money value is an amount with a currency"):
        parse_value("money", raw)


def test_money_reads_back_as_written() -> None:
    money = parse_value("money", "$500 billion")
    assert str(money) == "$500 billion"
    assert parse_value("money", str(money)) == money
    assert format_money(Decimal("1234.5"), "UAH") == "UAH 1,234.5"


@pytest.mark.parametrize(("raw", "expected"), [(50, "50"), ("50%", "50"), ("12.5 %", "12.5"), (0, "0"), (100, "100")])
def test_percent_forms(raw: object, expected: str) -> None:
    assert parse_value("percent", raw) == Percent(Decimal(expected))


@pytest.mark.parametrize("raw", [-1, 101, "150%", "half", float("inf"), float("nan"), True])
def test_percent_out_of_range(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_value("percent", raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, Flag(True)),
        (False, Flag(False)),
        ("yes", Flag(True)),
        ("No", Flag(False)),
        ("on", Flag(True)),
        ("off", Flag(False)),
        ({"flag": "yes", "detail": "by the Verkhovna Rada"}, Flag(True, "by the Verkhovna Rada")),
    ],
)
def test_flag_accepts_yaml11_booleans_and_words(raw: object, expected: Flag) -> None:
    assert parse_value("flag", raw) == expected


@pytest.mark.parametrize("raw", ["maybe", 1, {"detail": "x"}, {"flag": "yes", "other": 1}])
def test_flag_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem, match="yes or no"):
        parse_value("flag", raw)


def test_list_is_order_and_case_insensitive() -> None:
    a = parse_value("list", ["minerals", "oil", "gas"])
    b = parse_value("list", ["Gas", "minerals", "oil"])
    assert isinstance(a, Items)
    assert same(a, b)
    assert not same(a, parse_value("list", ["minerals"]))


@pytest.mark.parametrize("raw", [[], "minerals", ["oil", "Oil"], [""], [{"a": 1}]])
def test_list_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_value("list", raw)


def test_text_normalises_spacing_only() -> None:
    assert parse_value("text", "  debt   to be repaid ") == Text("debt to be repaid")
    assert same(Text("Debt"), Text("debt"))
    assert not same(Text("debt"), Text("no debt"))


def test_money_delta_absolute_and_relative() -> None:
    change = delta(Money(500 * BILLION, "USD"), Money(350 * BILLION, "USD"))
    assert change is not None
    assert change.absolute == -150 * BILLION
    assert change.relative == Decimal(-30)
    assert format_delta(change) == "−$150 billion, −30%"


def test_percent_delta_in_points() -> None:
    change = delta(Percent(Decimal(50)), Percent(Decimal(60)))
    assert change is not None
    assert format_delta(change) == "+10 pp, +20%"


def test_no_delta_across_currencies_or_from_zero() -> None:
    assert delta(Money(Decimal(1), "USD"), Money(Decimal(2), "EUR")) is None
    change = delta(Percent(Decimal(0)), Percent(Decimal(5)))
    assert change is not None and change.relative is None
    assert format_delta(change) == "+5 pp"


def test_json_forms_keep_the_type() -> None:
    assert to_json(Money(500 * BILLION, "USD")) == {
        "type": "money",
        "amount": 500000000000,
        "currency": "USD",
        "text": "$500 billion",
    }
    assert to_json(Flag(True, "by the Rada"))["text"] == "yes (by the Rada)"
    assert to_json(None) is None
