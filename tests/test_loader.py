"""Loading and validation: every problem with file, line, column and a hint; all of them, not the first."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from drafts.errors import DataError, Problem
from drafts.evidence.checks import check
from drafts.reading.loader import load_collection, valid_version_id
from drafts.records.model import Collection
from drafts.records.values import Flag, Items, Money, Percent


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(DataError) as info:
        load_collection(root)
    return info.value.problems


V4 = """\
title: Test draft
date: 2025-04-30
stage: signed
terms:
  fund_size:
    value: $350bn
    summary: A smaller fund.
    sources:
      - source: ufl-dmitriev
        quote: suggested creating a $500 billion fund
"""


def test_shipped_collection_loads_in_order(shipped: Collection) -> None:
    assert [v.id for v in shipped.versions] == ["v1", "v2", "v3"]
    v1 = shipped.resolve("v1")
    assert v1.terms["fund_size"].value == Money(Decimal(500 * 10**9), "USD")
    assert shipped.resolve("v2").terms["revenue_share"].value == Percent(Decimal(50))
    assert shipped.resolve("v3").terms["ratification"].value == Flag(True, "by the Verkhovna Rada")
    assert isinstance(v1.terms["resources"].value, Items)
    assert shipped.resolve("latest").id == "v3" and shipped.resolve("first").id == "v1"


def test_every_catalogue_term_is_present_and_omitted_ones_are_not_reported(shipped: Collection) -> None:
    for version in shipped.versions:
        assert list(version.terms) == list(shipped.agreement.terms)
    assert shipped.resolve("v3").terms["fund_size"].status == "not_reported"


def test_versions_sort_by_date_then_natural_id(root: Path) -> None:
    for name in ("v10", "v9"):
        write(root, f"drafts/{name}.yaml", V4)
    write(root, "drafts/early.yaml", V4.replace("2025-04-30", "2025-01"))
    ids = [v.id for v in load_collection(root).versions]
    assert ids == ["early", "v1", "v2", "v3", "v9", "v10"]


def test_unknown_term_suggests_the_nearest(root: Path) -> None:
    write(root, "drafts/v4.yaml", V4.replace("  fund_size:", "  fund_szie:"))
    (problem,) = problems_of(root)
    assert problem.message == "fund_szie: unknown term"
    assert problem.hint == "did you mean fund_size?"
    assert (problem.file, problem.line, problem.column) == ("drafts/v4.yaml", 5, 3)


def test_unknown_field_lists_the_allowed_ones(root: Path) -> None:
    write(root, "drafts/v4.yaml", V4.replace("    summary: A smaller fund.", "    summry: A smaller fund."))
    found = problems_of(root)
    messages = [p.message for p in found]
    assert "terms.fund_size: unknown field 'summry'" in messages
    unknown = next(p for p in found if "summry" in p.message)
    assert unknown.line == 7 and unknown.hint is not None and "summary" in unknown.hint


def test_wrong_value_form_shows_accepted_forms(root: Path) -> None:
    write(root, "drafts/v4.yaml", V4.replace("$350bn", "lots of money"))
    (problem,) = problems_of(root)
    assert problem.line == 6
    assert "'lots of money' is not an amount of money" in problem.message
    assert '"$500 billion"' in problem.message


def test_unknown_source_lists_known_ids(root: Path) -> None:
    write(root, "drafts/v4.yaml", V4.replace("ufl-dmitriev", "ufl-dmitirev"))
    (problem,) = problems_of(root)
    assert "unknown source 'ufl-dmitirev'" in problem.message
    assert problem.hint is not None and "did you mean ufl-dmitriev?" in problem.hint
    assert problem.line == 9


def test_missing_source_field(root: Path) -> None:
    write(root, "drafts/v4.yaml", V4.replace("      - source: ufl-dmitriev\n        quote", "      - quote"))
    (problem,) = problems_of(root)
    assert "missing field 'source'" in problem.message and problem.line == 9


def test_impossible_date(root: Path) -> None:
    write(root, "drafts/v4.yaml", V4.replace("2025-04-30", "2025-02-30"))
    (problem,) = problems_of(root)
    assert problem.line == 2 and "February 2025 has 28 days" in problem.message


def test_all_problems_are_reported_not_just_the_first(root: Path) -> None:
    broken = V4.replace("2025-04-30", "2025-13").replace("stage: signed", "stage: agreed")
    write(root, "drafts/v4.yaml", broken.replace("fund_size", "fund_szie"))
    write(root, "drafts/v5.yaml", "title: [unclosed\n")
    found = problems_of(root)
    files = {p.file for p in found}
    assert files == {"drafts/v4.yaml", "drafts/v5.yaml"}
    assert len(found) >= 3


def test_status_rules(root: Path) -> None:
    absent_with_value = V4.replace("    value: $350bn", "    status: absent\n    value: $350bn")
    write(root, "drafts/v4.yaml", absent_with_value)
    (problem,) = problems_of(root)
    assert "an absent term has no value" in problem.message


def test_disputed_needs_two_claims(root: Path) -> None:
    text = """\
title: t
date: 2025-04
stage: proposal
terms:
  debt_treatment:
    status: disputed
    claims:
      - by: One side
        value: debt
        summary: s
        sources: [{source: unn-isw, quote: the requirement to reimburse aid}]
"""
    write(root, "drafts/v4.yaml", text)
    found = problems_of(root)
    assert any("claims" in p.message for p in found)


@pytest.mark.parametrize("name", ["../x", "v1/../../y", "first", "latest", "", ".hidden", "a..b", "v 1"])
def test_version_ids_must_be_plain_names(name: str) -> None:
    assert not valid_version_id(name)


@pytest.mark.parametrize("name", ["v1", "v10", "2025-03-23", "us_draft-2", "v1.1"])
def test_plain_version_ids(name: str) -> None:
    assert valid_version_id(name)


def test_check_finds_quote_not_in_archive_with_closest_passage(root: Path) -> None:
    write(
        root,
        "drafts/v4.yaml",
        V4.replace("suggested creating a $500 billion fund", "suggested making a $500 billion fund"),
    )
    report = check(root)
    (problem,) = report.errors
    assert problem.message == "fund_size: quote not found in ufl-dmitriev"
    assert (problem.file, problem.line) == ("drafts/v4.yaml", 10)
    assert problem.detail is not None
    assert "closest passage: suggested creating a $500 billion fund" in problem.detail
    assert "[-making-]{+creating+}" in problem.detail


def test_quote_matching_ignores_quotes_dashes_and_spacing_only(root: Path) -> None:
    loose = V4.replace(
        "suggested creating a $500 billion fund",
        'suggested   creating a $500 billion fund to "compensate" for U.S. aid',
    )
    write(root, "drafts/v4.yaml", loose)
    assert check(root).ok
    write(root, "drafts/v4.yaml", V4.replace("suggested creating", "Suggested creating"))
    assert not check(root).ok  # case is not normalised: a quote is verbatim


def test_changed_archive_fails_its_sha256(root: Path) -> None:
    archive = root / "seeds" / "002_1cf8648e9fe9307b.txt"
    archive.write_bytes(archive.read_bytes() + b"\nedited")
    report = check(root)
    assert any("does not match the sha256" in p.message for p in report.errors)


def test_missing_archive(root: Path) -> None:
    (root / "seeds" / "002_1cf8648e9fe9307b.txt").unlink()
    assert any("is missing" in p.message for p in check(root).errors)


def test_warnings_do_not_fail_unless_strict(root: Path) -> None:
    (root / "seeds" / "999_unregistered.txt").write_text("orphan", encoding="utf-8")
    report = check(root)
    assert report.ok
    assert any("archived but not registered" in p.message for p in report.warnings)
    assert not check(root, strict=True).ok


def test_unverified_quote_is_a_warning(root: Path) -> None:
    sources = root / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8") + "\nwire-report:\n  outlet: Some Wire\n  title: t\n  published: 2025-04\n",
        encoding="utf-8",
    )
    write(root, "drafts/v4.yaml", V4.replace("ufl-dmitriev", "wire-report"))
    report = check(root)
    assert report.ok
    assert any("unverified" in p.message for p in report.warnings)
    assert not check(root, strict=True).ok


def test_one_check_lists_structural_and_quote_problems_together(root: Path) -> None:
    two_terms = V4 + (
        "  fund_szie:\n    value: $1bn\n    summary: s\n    sources:\n"
        "      - source: ufl-dmitriev\n        quote: suggested creating a fund\n"
    )
    write(root, "drafts/v4.yaml", two_terms.replace("suggested creating a $500 billion fund", "suggested a fund"))
    messages = [p.message for p in check(root).errors]
    assert messages == ["fund_szie: unknown term", "fund_size: quote not found in ufl-dmitriev"]
