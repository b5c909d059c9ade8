"""The parse cache: it only ever saves work, never changes a result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafts.errors import DataError
from drafts.reading import parsecache
from drafts.reading.loader import load_collection
from drafts.reading.parsecache import ParseCache, cache_file


def test_unchanged_files_come_from_the_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_collection(root)
    stored = cache_file(root)
    assert stored is not None and stored.is_file()
    calls: list[str] = []
    original = parsecache.yamlsafe.load

    def counting(text: str, label: str, *limits: object) -> object:
        calls.append(label)
        return original(text, label, *limits)

    monkeypatch.setattr(parsecache.yamlsafe, "load", counting)
    again = load_collection(root)
    assert not [label for label in calls if label.startswith("drafts/v")], "no draft was parsed again"
    assert [v.terms for v in again.versions] == [v.terms for v in first.versions]


def test_an_edited_file_is_parsed_again(root: Path) -> None:
    load_collection(root)
    v2 = root / "drafts" / "v2.yaml"
    v2.write_text(v2.read_text(encoding="utf-8").replace("Framework agreement", "Framework text"), encoding="utf-8")
    assert load_collection(root).resolve("v2").title == "Framework text"


def test_invalid_files_are_never_cached(root: Path) -> None:
    (root / "drafts" / "v4.yaml").write_text("title: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError):
            load_collection(root)
    stored = json.loads(cache_file(root).read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert len(stored["entries"]) == 3


def test_a_damaged_cache_is_ignored(root: Path) -> None:
    load_collection(root)
    path = cache_file(root)
    assert path is not None
    path.write_text("{not json", encoding="utf-8")
    assert len(load_collection(root).versions) == 3
    path.write_text(json.dumps({"format": 1, "drafts": "0.0.0", "entries": {"x": 1}}), encoding="utf-8")
    assert len(load_collection(root).versions) == 3


def test_it_can_be_turned_off_and_survives_an_unwritable_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTS_NO_CACHE", "1")
    assert cache_file(root) is None
    assert len(load_collection(root).versions) == 3
    monkeypatch.delenv("DRAFTS_NO_CACHE")
    blocker = root / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTS_CACHE_DIR", str(blocker / "cache"))
    assert len(load_collection(root).versions) == 3
    assert ParseCache(root).entries == {}
