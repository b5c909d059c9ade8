"""`drafts new` and `drafts schema` through the CLI, and the errors a reporter must fix alone (golden)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.reading import yamlsafe
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden


def invoke(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_new_writes_a_draft_that_passes_check(runner: CliRunner, root: Path) -> None:
    code, out, _ = invoke(runner, root, "new", "v4")
    assert code == 0
    assert "a copy of v3" in out and "drafts check" in out and "drafts diff v3 v4" in out
    text = (root / "drafts" / "v4.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert invoke(runner, root, "check")[0] == 0
    code, out, _ = invoke(runner, root, "diff", "v3", "v4", "--format", "json")
    changed = {c["term"] for c in json.loads(out)["changes"]}
    assert changed == set(), "a fresh copy changes no term"


def test_new_from_an_older_version(runner: CliRunner, root: Path) -> None:
    assert invoke(runner, root, "new", "v1b", "--from", "v1")[0] == 0
    assert invoke(runner, root, "check")[0] == 0


def test_new_never_overwrites(runner: CliRunner, root: Path) -> None:
    before = (root / "drafts" / "v2.yaml").read_bytes()
    code, out, err = invoke(runner, root, "new", "v2")
    assert code == 1 and out == ""
    assert "already exists" in err
    assert (root / "drafts" / "v2.yaml").read_bytes() == before


@pytest.mark.parametrize("bad", ["../x", "v1/../../y", "first", "latest", "", "a b", "v4.yaml"])
def test_new_rejects_ids_that_are_not_plain_names(runner: CliRunner, root: Path, bad: str) -> None:
    listing = sorted(p.name for p in root.rglob("*"))
    code, _, err = invoke(runner, root, "new", bad)
    assert code == 2 and err
    assert sorted(p.name for p in root.rglob("*")) == listing, "nothing was written"


def test_new_from_unknown_version(runner: CliRunner, root: Path) -> None:
    code, _, err = invoke(runner, root, "new", "v4", "--from", "v9")
    assert code == 2 and "unknown version 'v9'" in err
    assert not (root / "drafts" / "v4.yaml").exists()


def schema(runner: CliRunner) -> dict[str, object]:
    code, out, _ = invoke(runner, REPO_ROOT, "schema")
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


@pytest.mark.parametrize("name", ["v1", "v2", "v3"])
def test_schema_validates_every_shipped_draft(runner: CliRunner, name: str) -> None:
    draft = yamlsafe.load((REPO_ROOT / "drafts" / f"{name}.yaml").read_text(encoding="utf-8"), name)
    jsonschema.validate(draft, schema(runner))


def test_schema_rejects_a_misspelt_term(runner: CliRunner) -> None:
    draft = yamlsafe.load((REPO_ROOT / "drafts" / "v1.yaml").read_text(encoding="utf-8"), "v1")
    draft["terms"]["fund_szie"] = draft["terms"].pop("fund_size")
    with pytest.raises(jsonschema.ValidationError, match="fund_szie"):
        jsonschema.validate(draft, schema(runner))


def test_schema_output_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "drafts.schema.json"
    code, out, err = invoke(runner, REPO_ROOT, "schema", "--output", str(target))
    assert code == 0 and out == "" and "wrote" in err
    assert json.loads(target.read_text(encoding="utf-8"))["title"]


# The errors of SPEC §4 a reporter meets while adding a draft, exactly as printed.
GOOD = """\
title: Signed agreement
date: 2025-04-30
stage: signed
terms:
  fund_size:
    value: $350 billion
    summary: A smaller fund.
    sources:
      - source: ufl-dmitriev
        quote: suggested creating a $500 billion fund
"""
BROKEN = {
    "unknown-term": GOOD.replace("  fund_size:", "  fund_szie:"),
    "quote-not-found": GOOD.replace(
        "suggested creating a $500 billion fund", "suggested setting up a $500 billion fund"
    ),
    "value-form": GOOD.replace("$350 billion", "350 billion"),
    "missing-source": GOOD.replace("      - source: ufl-dmitriev\n        quote:", "      - quote:"),
    "unknown-source": GOOD.replace("ufl-dmitriev", "ufl"),
    "duplicate-key": GOOD.replace(
        "    summary: A smaller fund.\n", "    summary: A smaller fund.\n    summary: Again.\n"
    ),
    "bad-date": GOOD.replace("2025-04-30", "2025-04-31"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_error_messages_golden(runner: CliRunner, root: Path, case: str) -> None:
    (root / "drafts" / "v4.yaml").write_text(BROKEN[case], encoding="utf-8")
    code, out, err = invoke(runner, root, "check", str(root / "drafts" / "v4.yaml"))
    assert code == 1 and out == ""
    assert_golden(f"error-{case}.txt", err)


def test_new_never_writes_into_the_installed_collection(
    runner: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("drafts.reading.roots.installed_copy", lambda path: True)
    code, _, err = invoke(runner, root, "new", "v4")
    assert code == 1 and "installed with drafts" in err
    assert not (root / "drafts" / "v4.yaml").exists()
