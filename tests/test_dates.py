from __future__ import annotations

import pytest

from drafts.records.dates import PartialDate, parse_date


def test_day_and_month_dates() -> None:
    assert parse_date("2025-03-23") == PartialDate(2025, 3, 23)
    assert parse_date("2025-02") == PartialDate(2025, 2)
    assert str(PartialDate(2025, 2)) == "2025-02"
    assert PartialDate(2025, 3, 23).long() == "23 March 2025"
    assert PartialDate(2025, 2).long() == "February 2025"


def test_month_only_sorts_before_its_days() -> None:
    assert sorted([parse_date("2025-02-01"), parse_date("2025-02"), parse_date("2025-01-31")]) == [
        parse_date("2025-01-31"),
        parse_date("2025-02"),
        parse_date("2025-02-01"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2025-13", "no month 13"),
        ("2025-00-10", "no month 0"),
        ("25-02-10", "YYYY-MM-DD"),
        ("2025", "YYYY-MM-DD"),
        ("2025-2-3", "YYYY-MM-DD"),
        ("1066-10-14", "plausible"),
    ],
)
def test_impossible_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(text)
