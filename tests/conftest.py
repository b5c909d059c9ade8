"""Shared fixtures: the shipped collection, and disposable copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.reading.loader import load_collection
from drafts.records.model import Collection

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's parse cache."""
    monkeypatch.setenv("DRAFTS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "parse-cache"))


@pytest.fixture(scope="session")
def shipped() -> Collection:
    return load_collection(REPO_ROOT)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the shipped collection."""
    target = tmp_path / "collection"
    shutil.copytree(REPO_ROOT / "drafts", target / "drafts")
    shutil.copytree(REPO_ROOT / "seeds", target / "seeds")
    return target
