"""drafts quote, and what check shows for a quote not found: the archive's own words, or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.evidence.checks import check
from drafts.reading import yamlsafe
from drafts.render.evidence_text import yaml_scalar
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_quote_one_archive_exact_words_golden() -> None:
    code, out, err = _cli(REPO_ROOT, "quote", "ufl-dmitriev", "suggested creating a $500 billion fund")
    assert code == 0 and err == ""
    assert_golden("quote-exact.txt", out)


def test_quote_every_archive_ranked_golden() -> None:
    code, out, err = _cli(REPO_ROOT, "quote", "Russia has more rare earth metals than Ukraine")
    assert code == 0 and err == ""
    assert_golden("quote-ranked.txt", out)
    assert out.index("cryptopolitan-putin") < out.index("novaya-gazeta-putin")


def test_the_pasted_block_verifies(root: Path) -> None:
    code, out, _ = _cli(root, "quote", "ufl-dmitriev", "a $500 billion fund to zanzibar for U.S. aid")
    assert code == 0
    quote = yamlsafe.load(out.split("\n\n", 1)[1], "out")[0]["quote"]
    assert quote == "a $500 billion fund to “compensate” for U.S. aid"  # the archive's typographic quotes
    draft = (root / "drafts" / "v1.yaml").read_text(encoding="utf-8")
    needle = "    sources:\n"
    at = draft.index(needle, draft.index("fund_size:"))
    pasted = f"      - source: ufl-dmitriev\n        quote: {yaml_scalar(quote)}\n"
    (root / "drafts" / "v1.yaml").write_text(draft[: at + len(needle)] + pasted + draft[at + len(needle) :])
    assert check(root).ok


def test_nothing_close_says_so_and_exits_1() -> None:
    code, out, err = _cli(REPO_ROOT, "quote", "ufl-dmitriev", "The agreement signed on Tuesday gives Norway ports")
    assert code == 1 and out == ""
    assert "nothing in seeds/002_1cf8648e9fe9307b.txt is close to these words" in err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nope", "some words"], 2, "unknown source 'nope'"),
        (["ufl-dmitriev", "   "], 2, "give the words to look for"),
        (["ufl-dmitriev", "word " * 500], 2, "too long to look for"),
    ],
)
def test_quote_usage_errors(args: list[str], code: int, message: str) -> None:
    got, _, err = _cli(REPO_ROOT, "quote", *args)
    assert got == code and message in err


@pytest.mark.parametrize(
    "words",
    [
        "plain words",
        "a: colon",
        "# not a comment",
        '"quoted" start',
        "- dash",
        "yes",
        "500",
        "it's “typographic”",
        "\x1b[31m",
    ],
)
def test_the_yaml_scalar_reads_back_as_the_same_words(words: str) -> None:
    scalar = yaml_scalar(words)
    assert "\x1b" not in scalar
    assert yamlsafe.load(f"quote: {scalar}\n", "t") == {"quote": words}


def test_check_shows_the_closest_passage_verbatim_and_a_far_quote_gets_none(root: Path) -> None:
    draft = root / "drafts" / "v1.yaml"
    text = draft.read_text(encoding="utf-8")
    cited = "suggested creating a $500 billion fund to “compensate” for U.S. aid"
    assert cited in text
    text = text.replace(cited, "a $500 billion fund to zanzibar for U.S. aid", 1)
    draft.write_text(text, encoding="utf-8")
    report = check(root)
    (problem,) = [p for p in report.errors if "quote not found" in p.message]
    assert problem.detail is not None
    assert "closest passage: a $500 billion fund to “compensate” for U.S. aid\n" in problem.detail
    assert "{+U.S.+}" not in problem.detail and "[-aid-]" not in problem.detail  # never cut at "U.S."
    draft.write_text(text.replace("a $500 billion fund to zanzibar for U.S. aid", "The agreement covers 57 minerals"))
    (problem,) = [p for p in check(root).errors if "quote not found" in p.message]
    assert problem.detail is None and "no similar passage" in (problem.hint or "")


def test_an_archive_that_is_a_symlink_is_never_read(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is hunter2 and the key is under the mat\n", encoding="utf-8")
    registry = root / "seeds" / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + "\nleak:\n  outlet: x\n  title: x\n  published: unknown\n  file: leak.txt\n",
        encoding="utf-8",
    )
    try:
        (root / "seeds" / "leak.txt").symlink_to(secret)
    except OSError:
        pytest.skip("no symlinks here")
    draft = root / "drafts" / "v1.yaml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("source: ufl-dmitriev", "source: leak", 1), encoding="utf-8")
    code, out, err = _cli(root, "check")
    assert code == 1 and "symbolic link" in err
    assert "hunter2" not in out + err
    code, out, err = _cli(root, "quote", "leak", "the password is")
    assert code == 1 and "hunter2" not in out + err and "symbolic link" in err
    code, out, err = _cli(root, "quote", "the password is hunter")
    assert "hunter2" not in out + err


def test_a_changed_archive_is_never_quoted(root: Path) -> None:
    path = root / "seeds" / "002_1cf8648e9fe9307b.txt"
    path.write_text(path.read_text(encoding="utf-8") + "A planted sentence nobody reported.\n", encoding="utf-8")
    assert hashlib.sha256(path.read_bytes()).hexdigest() not in (root / "seeds" / "sources.yaml").read_text()
    code, out, err = _cli(root, "quote", "ufl-dmitriev", "A planted sentence nobody reported")
    assert code == 1 and out == "" and "sha256" in err


def test_a_collection_without_archives_says_so(root: Path) -> None:
    registry = root / "seeds" / "sources.yaml"
    registry.write_text("only:\n  outlet: x\n  title: x\n  published: unknown\n", encoding="utf-8")
    code, out, err = _cli(root, "quote", "any words at all")
    assert code == 1 and out == "" and "no source has an archived text to search" in err


def test_a_seeds_folder_that_is_a_symlink_is_never_read(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    (elsewhere / "id_key").write_text("PRIVATE KEY hunter2 material\n", encoding="utf-8")
    for archived in (root / "seeds").iterdir():
        (elsewhere / archived.name).write_bytes(archived.read_bytes())
    registry = (root / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    (elsewhere / "sources.yaml").write_text(
        registry + "\nkey:\n  outlet: x\n  title: x\n  published: unknown\n  file: id_key\n", encoding="utf-8"
    )
    import shutil

    shutil.rmtree(root / "seeds")
    try:
        (root / "seeds").symlink_to(elsewhere, target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    code, out, err = _cli(root, "quote", "key", "PRIVATE KEY hunter")
    assert code == 1 and "hunter2" not in out + err and "symbolic link" in err
    code, out, err = _cli(root, "check")
    assert code == 1 and "hunter2" not in out + err
