"""write_atomic: all or nothing, never over an existing file unless asked, no temp files left."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from drafts.atomic import write_atomic
from drafts.errors import DataError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file_exactly(tmp_path: Path) -> None:
    target = tmp_path / "v4.yaml"
    text = "title: “Tëst”\r\nline two\n"
    write_atomic(target, text, overwrite=False)
    assert target.read_bytes() == text.encode("utf-8")
    assert _leftovers(tmp_path) == []


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.yaml", "x\n", overwrite=False)
    finally:
        os.umask(umask)
    assert (tmp_path / "a.yaml").stat().st_mode & 0o777 == 0o644


def test_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "v1.yaml"
    target.write_text("original\n")
    with pytest.raises(DataError) as caught:
        write_atomic(target, "new\n", overwrite=False, label="drafts/v1.yaml")
    problem = caught.value.problem
    assert problem.file == "drafts/v1.yaml"
    assert "already exists" in problem.message
    assert problem.hint
    assert caught.value.exit_code == 1
    assert target.read_text() == "original\n"
    assert _leftovers(tmp_path) == []


def test_never_overwrites_a_file_created_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process creates the file after our existence check: link() must still refuse.
    target = tmp_path / "v4.yaml"
    real_link = os.link

    def racing_link(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        Path(dst).write_text("theirs\n")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(DataError, match="already exists"):
        write_atomic(target, "ours\n", overwrite=False)
    assert target.read_text() == "theirs\n"
    assert _leftovers(tmp_path) == []


def test_never_overwrites_a_symlink(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep\n")
    link = tmp_path / "v4.yaml"
    try:
        link.symlink_to(elsewhere)
    except OSError:
        pytest.skip("no symlinks here")
    with pytest.raises(DataError):
        write_atomic(link, "new\n", overwrite=False)
    assert elsewhere.read_text() == "keep\n"


def test_overwrite_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n", overwrite=True)
    assert target.read_text() == "new\n"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("overwrite", [True, False])
def test_failure_midway_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    target = tmp_path / "v1.yaml" if overwrite else tmp_path / "v9.yaml"
    if overwrite:
        target.write_text("original\n")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DataError) as caught:
        write_atomic(target, "x" * 100_000, overwrite=overwrite)
    assert "No space left on device" in caught.value.problem.message
    assert caught.value.problem.hint
    if overwrite:
        assert target.read_text() == "original\n"
    else:
        assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_interrupted_write_is_not_swallowed_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "v1.yaml"
    target.write_text("original\n")
    written: list[Path] = []
    real_open = os.open

    def tracking_open(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        written.append(Path(path))
        return real_open(path, flags, mode)

    def interrupted(fd: int) -> None:
        assert written and written[-1].exists()  # the temp file is there, half-done
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n", overwrite=True)
    assert target.read_text() == "original\n"
    assert _leftovers(tmp_path) == []


def test_failing_rename_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "v1.yaml"
    target.write_text("original\n")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(DataError, match="Permission denied"):
        write_atomic(target, "new\n", overwrite=True)
    assert target.read_text() == "original\n"
    assert _leftovers(tmp_path) == []


def test_without_hard_links_still_exclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "v4.yaml"
    write_atomic(target, "new\n", overwrite=False)
    assert target.read_text() == "new\n"
    with pytest.raises(DataError, match="already exists"):
        write_atomic(target, "again\n", overwrite=False)
    assert target.read_text() == "new\n"
    assert _leftovers(tmp_path) == []


def test_without_hard_links_a_failed_rename_removes_the_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def refuse(src: str, dst: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "v4.yaml"
    with pytest.raises(DataError, match="Input/output error"):
        write_atomic(target, "new\n", overwrite=False)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "v4.yaml", "x\n", overwrite=False)
