"""Decimal commas and thousands separators: read what is unambiguous, refuse what is not.

Ukrainian and German reports write "€1,5bn" for one and a half billion; it was read as €15
billion, silently. Each row is what a reporter may type and what drafts must make of it: a
number, or a refusal whose message names both readings. Nothing is ever guessed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafts.records.values import Money, Percent, ValueProblem, format_money, parse_value

B, M = 10**9, 10**6

MONEY_READ = [
    # decimal comma, the reported fault
    ("€1,5bn", Decimal("1.5") * B, "EUR"),
    ("$1,5 billion", Decimal("1.5") * B, "USD"),
    ("UAH 2,75 billion", Decimal("2.75") * B, "UAH"),
    ("₴12,5 mln", Decimal("12.5") * M, "UAH"),
    ("€0,5m", Decimal("0.5") * M, "EUR"),
    ("$12,34", Decimal("12.34"), "USD"),
    ("€1234,567", Decimal("1234.567"), "EUR"),  # four digits before: not a thousands group
    # both marks: the last one is the decimal mark
    ("1.234,5 EUR", Decimal("1234.5"), "EUR"),
    ("€1.234.567,89", Decimal("1234567.89"), "EUR"),
    ("$1,234.5", Decimal("1234.5"), "USD"),
    ("$1,234,567.89", Decimal("1234567.89"), "USD"),
    # one kind twice: thousands
    ("$1,500,000", Decimal(1_500_000), "USD"),
    ("€1.500.000", Decimal(1_500_000), "EUR"),
    # a decimal point as before
    ("$1.5 billion", Decimal("1.5") * B, "USD"),
    ("€1.2m", Decimal("1.2") * M, "EUR"),
    ("$500bn", 500 * B, "USD"),
    # a lone comma before three digits without a scale: thousands, as English reports write it
    ("$1,500", Decimal(1500), "USD"),
    ("UAH 40,000", Decimal(40000), "UAH"),
]


@pytest.mark.parametrize(("raw", "amount", "currency"), MONEY_READ)
def test_unambiguous_amounts_are_read(raw: str, amount: Decimal, currency: str) -> None:
    assert parse_value("money", raw) == Money(amount, currency)


MONEY_AMBIGUOUS = [
    ("€1,500bn", "1500", "1.5"),
    ("$1,500 billion", "1500", "1.5"),
    ("€1.500bn", "1500", "1.5"),
    ("€2.250 mln", "2250", "2.25"),
    ("€1.500", "1500", "1.5"),  # a point before three digits, no scale: 1.5 in London, 1500 in Berlin
]


@pytest.mark.parametrize(("raw", "grouped", "decimal"), MONEY_AMBIGUOUS)
def test_ambiguous_amounts_are_refused_naming_both_readings(raw: str, grouped: str, decimal: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value("money", raw)
    message = str(caught.value)
    assert "ambiguous" in message
    assert f"write {decimal} or {grouped}" in message


@pytest.mark.parametrize("raw", ["$1,5,0", "$1.234.5", "$1,234,5", "$1..5", "$1,,5", "€1,23.4", "$12,34,567"])
def test_separators_that_group_nothing_are_refused(raw: str) -> None:
    with pytest.raises(ValueProblem, match=r"not a number|not an amount"):
        parse_value("money", raw)


PERCENT = [
    ("12,5%", Decimal("12.5")),
    ("0,25 %", Decimal("0.25")),
    ("12.5%", Decimal("12.5")),
    ("50", Decimal(50)),
    (12.5, Decimal("12.5")),
]


@pytest.mark.parametrize(("raw", "value"), PERCENT)
def test_percentages_with_a_decimal_comma(raw: object, value: Decimal) -> None:
    assert parse_value("percent", raw) == Percent(value)


@pytest.mark.parametrize("raw", ["12,500%", "1,000"])
def test_ambiguous_percentages_are_refused(raw: str) -> None:
    with pytest.raises(ValueProblem, match="ambiguous"):
        parse_value("percent", raw)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("1234000000", "€1,234,000,000"),  # not "€1.234 billion", which reads as 1,234 billion in Kyiv
        ("1230000000", "€1.23 billion"),
        ("1500000", "€1.5 million"),
        ("1234567.891", "€1,234,567.891"),
        ("500000000000", "€500 billion"),
    ],
)
def test_amounts_are_never_shown_in_the_form_that_is_refused_as_ambiguous(amount: str, shown: str) -> None:
    assert format_money(Decimal(amount), "EUR") == shown
    assert parse_value("money", shown) == Money(Decimal(amount), "EUR")
