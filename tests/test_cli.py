"""The CLI through typer's CliRunner: commands, formats, exit codes, and where the collection is found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.records.model import Collection
from tests.conftest import REPO_ROOT
from tests.golden import assert_golden

ROOT = ["--root", str(REPO_ROOT)]


def run(runner: CliRunner, *args: str, root: Path = REPO_ROOT) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_v1_v3_golden(runner: CliRunner, fmt: str) -> None:
    code, out, err = run(runner, "diff", "v1", "v3", "--format", fmt)
    assert code == 0 and err == ""
    assert_golden(f"diff-v1-v3.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }", out)


def test_diff_piped_defaults_to_plain_text(runner: CliRunner) -> None:
    _, default, _ = run(runner, "diff", "v1", "v3")
    _, text, _ = run(runner, "diff", "v1", "v3", "--format", "text")
    assert default == text
    assert "\x1b" not in default


def test_diff_terminal_view_has_the_same_story(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("drafts.cli._terminal", lambda: True)
    code, out, _ = run(runner, "diff", "v1", "v3")
    assert code == 0
    assert "since\u00a0v3" in out  # a no-break space: the terminal never splits "since" from its version
    out = out.replace("\u00a0", " ")
    for words in ("Fund size", "no longer covered by reports", "since v3", "Ukraine Front Lines", "Verkhovna Rada"):
        assert words in out


def test_diff_json_shape(runner: CliRunner) -> None:
    _, out, _ = run(runner, "diff", "v1", "v3", "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == 2 and (data["from"], data["to"]) == ("v1", "v3")
    for change in data["changes"]:
        assert {"term", "label", "kind", "since", "before", "after"} <= set(change)
        for side in (change["before"], change["after"]):
            assert {"status", "value", "summary", "sources"} <= set(side)
            if side["status"] in ("stated", "absent"):
                assert side["sources"], "every reported side carries its sources"
    assert json.loads(json.dumps(data)) == data


def test_diff_with_one_version_uses_its_predecessor(runner: CliRunner) -> None:
    assert run(runner, "diff", "v3")[1] == run(runner, "diff", "v2", "v3")[1]
    code, _, err = run(runner, "diff", "first")
    assert code == 2 and "no predecessor" in err


def test_diff_first_latest(runner: CliRunner) -> None:
    assert run(runner, "diff", "first", "latest")[1] == run(runner, "diff", "v1", "v3")[1]


def test_diff_all_includes_unchanged(runner: CliRunner) -> None:
    _, out, _ = run(runner, "diff", "v1", "v2", "--all", "--format", "json")
    assert len(json.loads(out)["changes"]) == 12


def test_diff_exit_code(runner: CliRunner) -> None:
    assert run(runner, "diff", "v1", "v3", "--exit-code")[0] == 1
    assert run(runner, "diff", "v2", "v2", "--exit-code")[0] == 0
    assert run(runner, "diff", "v1", "v3")[0] == 0


def test_unknown_version_is_a_usage_error_listing_ids(runner: CliRunner) -> None:
    code, out, err = run(runner, "diff", "v1", "v9")
    assert code == 2 and out == ""
    assert "unknown version 'v9'" in err and "v1, v2, v3" in err


@pytest.mark.parametrize("bad", ["../x", "v1/../../y"])
def test_path_like_ids_are_unknown_versions(runner: CliRunner, bad: str) -> None:
    code, _, err = run(runner, "show", bad)
    assert code == 2 and "unknown version" in err


def test_unknown_command_and_option_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(app, [*ROOT, "nosuch"]).exit_code == 2
    assert runner.invoke(app, [*ROOT, "diff", "--nosuch"]).exit_code == 2


def test_list_formats(runner: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    code, out, _ = run(runner, "list", root=root)
    assert code == 0
    assert_golden("list.txt", out)
    assert out.splitlines()[0] == "US–Ukraine minerals agreement — the collection in this folder"
    data = json.loads(run(runner, "list", "--format", "json")[1])
    assert [v["id"] for v in data["versions"]] == ["v1", "v2", "v3"]
    assert {"id", "title", "date", "stage"} <= set(data["versions"][0])
    assert "| v1 |" in run(runner, "list", "--format", "markdown")[1]


def test_show(runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "v3")
    assert code == 0
    assert_golden("show-v3.txt", out)
    data = json.loads(run(runner, "show", "latest", "--format", "json")[1])
    assert data["id"] == "v3" and set(data["terms"]) >= {"fund_size", "debt_treatment"}
    assert data["terms"]["debt_treatment"]["status"] == "disputed"
    assert len(data["terms"]["debt_treatment"]["claims"]) == 2
    assert_golden("show-v3.md", run(runner, "show", "v3", "--format", "markdown")[1])


def test_check_clean_collection(runner: CliRunner) -> None:
    code, out, err = run(runner, "check")
    assert code == 0
    assert out.startswith("ok: 3 version(s), 22 quote(s) verified")
    assert "single outlet" in err  # a warning, not a failure
    assert run(runner, "check", "--strict")[0] == 1
    data = json.loads(run(runner, "check", "--format", "json")[1])
    assert data["ok"] is True and data["errors"] == []


def test_check_lists_every_problem_and_exits_1(runner: CliRunner, root: Path) -> None:
    v1 = root / "drafts" / "v1.yaml"
    v1.write_text(v1.read_text(encoding="utf-8").replace("fund_size:", "fund_szie:"), encoding="utf-8")
    v2 = root / "drafts" / "v2.yaml"
    v2.write_text(v2.read_text(encoding="utf-8").replace("stage: framework", "stage: agreed"), encoding="utf-8")
    code, _, err = run(runner, "check", root=root)
    assert code == 1
    assert "drafts/v1.yaml:15:3: error: fund_szie: unknown term" in err
    assert "did you mean fund_size?" in err
    assert "drafts/v2.yaml:3:1: error: stage:" in err
    assert "Traceback" not in err


def test_check_given_files(runner: CliRunner, root: Path) -> None:
    code, out, _ = run(runner, "check", str(root / "drafts" / "v2.yaml"), root=root)
    assert code == 0 and out.startswith("ok: 1 version(s)")


def test_reporting_commands_refuse_unverifiable_quotes(runner: CliRunner, root: Path) -> None:
    v3 = root / "drafts" / "v3.yaml"
    v3.write_text(v3.read_text(encoding="utf-8").replace("ratified by the Verkhovna", "ratified by the Rada"), "utf-8")
    code, out, err = run(runner, "diff", "v1", "v3", root=root)
    assert code == 1 and out == ""
    assert "quote not found in ufl-dmitriev" in err and "closest passage" in err


def test_invalid_collection_exit_1(runner: CliRunner, root: Path) -> None:
    (root / "drafts" / "v2.yaml").write_text("title: [\n", encoding="utf-8")
    code, _, err = run(runner, "diff", "v1", "v3", root=root)
    assert code == 1 and "drafts/v2.yaml:2:1: error: invalid YAML" in err


def test_root_discovery(runner: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    nested = root / "drafts" / "deeper"
    nested.mkdir()
    monkeypatch.chdir(nested)
    monkeypatch.delenv("DRAFTS_ROOT", raising=False)
    (root / "drafts" / "v3.yaml").unlink()
    data = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    assert [v["id"] for v in data["versions"]] == ["v1", "v2"], "the nearest ancestor collection wins"
    monkeypatch.setenv("DRAFTS_ROOT", str(REPO_ROOT))
    data = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    assert len(data["versions"]) == 3, "DRAFTS_ROOT beats the working directory"
    result = runner.invoke(app, ["--root", str(tmp_path / "nowhere"), "list"])
    assert result.exit_code == 2 and "no drafts/agreement.yaml" in result.stderr


def test_packaged_collection_is_the_last_resort(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTS_ROOT", raising=False)
    result = runner.invoke(app, ["diff", "v1", "v3", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["to"] == "v3"


def test_version_option(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("drafts ")


def test_terminal_view_golden(shipped: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rich view, recorded on a fixed-width console without colour, so the layout is pinned."""
    from rich.console import Console

    from drafts.comparing.diff import compare
    from drafts.render import terminal
    from drafts.render.views import diff_view, list_view

    console = Console(record=True, width=100, color_system=None, force_terminal=True, highlight=False, markup=False)
    monkeypatch.setattr(terminal, "_console", lambda: console)
    terminal.print_diff(diff_view(shipped, compare(shipped, shipped.resolve("v1"), shipped.resolve("v3"))))
    terminal.print_list(list_view(shipped)._replace(collection="the collection in this folder"))
    assert_golden("diff-v1-v3.terminal.txt", console.export_text())


def test_the_shipped_collection_is_named_as_such(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no collection nearby, drafts falls back to the one it ships with, and says so."""
    from drafts.reading.roots import packaged_root

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTS_ROOT", raising=False)
    shipped = packaged_root()
    assert shipped is not None
    result = runner.invoke(app, ["list"])
    assert (
        result.stdout.splitlines()[0]
        == f"US–Ukraine minerals agreement — the collection shipped with drafts ({shipped})"
    )
    result = runner.invoke(app, ["diff", "v5"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"error: unknown version 'v5' in the collection shipped with drafts ({shipped}); known: v1, v2, v3"
    )


def test_an_unknown_version_names_the_collection_in_use(
    runner: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root.parent)
    code, _, err = run(runner, "show", "v9", root=root)
    assert code == 2
    assert err.splitlines()[0] == f"error: unknown version 'v9' in the collection in {root.name}; known: v1, v2, v3"
    assert "drafts new" not in err


def test_every_report_has_a_view_and_every_format_in_its_table() -> None:
    """Dispatch is an explicit table: each entry names a function that exists, in every format."""
    from drafts import cli

    formats = {cli.TERMINAL, *(f.value for f in cli.Format)}
    assert set(cli._REPORTS) == {"list", "show", "diff", "log", "history", "sources", "check"}
    pages = {"show", "diff", "log", "history"}  # the reports that make an HTML page
    for name, report in cli._REPORTS.items():
        assert set(report.formats) == (formats if name in pages else formats - {"html"}), name
        for module, attribute in (report.view, *report.formats.values()):
            assert callable(cli._function((module, attribute))), f"{module}.{attribute}"
