"""The minerals collection as shipped: archived byte for byte, every claim sourced and verifiable."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from drafts.evidence.checks import check
from drafts.records.dates import PartialDate
from drafts.records.model import Collection
from tests.conftest import REPO_ROOT

SHARED_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
SEED_FILES = sorted(p.name for p in (REPO_ROOT / "seeds").glob("*.txt"))


def test_check_passes() -> None:
    report = check(REPO_ROOT)
    assert report.errors == []
    assert report.versions == 3


def test_five_reports_are_archived_and_registered(shipped: Collection) -> None:
    assert len(SEED_FILES) == 5
    registered = {s.file for s in shipped.sources.values()}
    assert registered == set(SEED_FILES)
    for source in shipped.sources.values():
        data = (REPO_ROOT / "seeds" / str(source.file)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source.sha256


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the original captures are not beside this checkout")
@pytest.mark.parametrize("name", SEED_FILES)
def test_archives_are_byte_for_byte_the_captures(name: str) -> None:
    assert (REPO_ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def _loose(text: str) -> str:
    """The brief's matching rule, written independently of drafts.evidence.quotes."""
    text = re.sub("[‘’]", "'", text)
    text = re.sub("[“”]", '"', text)
    text = re.sub("[‐‑‒–—―]", "-", text)
    return " ".join(text.split())


def test_every_reported_term_has_a_source_whose_quote_is_archived(shipped: Collection) -> None:
    for version in shipped.versions:
        for name, term in version.terms.items():
            if term.status == "not_reported":
                continue
            sides = [term] if not term.claims else list(term.claims)
            for side in sides:
                assert side.sources, f"{version.id}.{name} has no source"
                for citation in side.sources:
                    source = shipped.sources[citation.source]
                    archive = (REPO_ROOT / "seeds" / str(source.file)).read_text(encoding="utf-8")
                    assert _loose(citation.quote) in _loose(archive), f"{version.id}.{name}: {citation.quote!r}"


def test_catalogue_has_the_required_terms(shipped: Collection) -> None:
    types = {name: spec.type for name, spec in shipped.agreement.terms.items()}
    assert {
        "fund_size": "money",
        "revenue_share": "percent",
        "security_guarantees": "flag",
        "debt_treatment": "text",
        "ratification": "flag",
    }.items() <= types.items()
    for spec in shipped.agreement.terms.values():
        assert spec.label and spec.help and spec.weight


def test_versions_are_the_reported_drafts(shipped: Collection) -> None:
    v1, v2, v3 = shipped.versions
    assert (v1.date, v1.stage, v1.proposed_by) == (PartialDate(2025, 2), "proposal", "United States")
    assert v2.stage == "framework"
    assert v3.date == PartialDate(2025, 3, 23)


def test_not_reported_is_never_called_removed(shipped: Collection) -> None:
    from typer.testing import CliRunner

    from drafts.cli import app

    for args in (["diff", "v1", "v3"], ["diff", "v1", "v3", "--format", "markdown"]):
        out = CliRunner().invoke(app, ["--root", str(REPO_ROOT), *args]).stdout
        assert "removed" not in out.lower()
        assert "no longer covered by reports" in out


def test_sources_registry_uses_unknown_rather_than_guessing(shipped: Collection) -> None:
    undated = {s.id for s in shipped.sources.values() if s.published is None}
    assert "novaya-gazeta-putin" not in undated  # the page carries "Feb 25, 2025"
    assert shipped.sources["unknown-putin-rare-earths"].outlet == "unknown"


def test_no_source_file_is_outside_seeds(shipped: Collection) -> None:
    for source in shipped.sources.values():
        assert Path(str(source.file)).name == source.file


# -- claims say no more than their quotes: each pins a correction a reviewer asked for ----------------


def _claims(shipped: Collection):  # type: ignore[no-untyped-def]
    for version in shipped.versions:
        for name, term in version.terms.items():
            for claim in term.claims or ():
                yield version.id, name, claim


def test_every_quote_of_a_claim_names_whose_account_it_is(shipped: Collection) -> None:
    """`by` says whose account a claim is: each of its quotes names that party, or is that outlet's own report."""
    seen = 0
    for version_id, name, claim in _claims(shipped):
        if not claim.by:
            continue
        for citation in claim.sources:
            outlet = shipped.sources[citation.source].outlet
            surname = claim.by.split()[-1]
            named = surname.lower() in _loose(citation.quote).lower() or claim.by == outlet
            assert named, f"{version_id}.{name}: {citation.quote!r} does not name {claim.by}"
            seen += 1
    assert seen >= 4


def test_the_march_draft_requirement_to_reimburse_aid_is_not_the_united_states_own_account(
    shipped: Collection,
) -> None:
    bys = {claim.by for version_id, _, claim in _claims(shipped) if version_id == "v3"}
    assert "United States" not in bys and "UNN" in bys


def test_the_framework_reports_no_fund_size(shipped: Collection) -> None:
    """Zelensky's "500, 350, or 100 billion in debt" is about debt: it is no evidence the fund was dropped."""
    v2 = shipped.versions[shipped.index["v2"]]
    fund = v2.terms.get("fund_size")
    assert fund is None or fund.status == "not_reported"
    debt = v2.terms["debt_treatment"]
    assert any("billion in debt" in c.quote for claim in debt.claims or () for c in claim.sources)


def test_trumps_debt_claim_rests_only_on_the_report_that_names_him(shipped: Collection) -> None:
    v2 = shipped.versions[shipped.index["v2"]]
    (trump,) = [claim for claim in v2.terms["debt_treatment"].claims or () if claim.by == "Donald Trump"]
    assert [c.source for c in trump.sources] == ["ufl-dmitriev"]
    assert "aid" not in str(trump.value)  # the quote speaks of sums of debt, not of past aid


def test_the_first_proposal_carries_no_public_statements_as_its_terms(shipped: Collection) -> None:
    """Trump's public demand (50% of deposits) and stance on guarantees are not the text of a draft."""
    v1 = shipped.versions[shipped.index["v1"]]
    assert "deposit_share" not in v1.terms or v1.terms["deposit_share"].status == "not_reported"
    for name, term in v1.terms.items():
        for citation in term.citations:
            assert "Trump" not in citation.quote, name
            assert "not the text of a draft" not in (citation.note or ""), name
