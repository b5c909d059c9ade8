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
