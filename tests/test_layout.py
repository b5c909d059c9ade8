"""The package's layers: the flow is one way, and the comparing layer stays free of YAML."""

from __future__ import annotations

import subprocess
import sys


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_comparing_layer_does_not_import_yaml() -> None:
    modules = _imported_after(
        "import drafts.comparing.diff, drafts.comparing.history, drafts.comparing.changelog, drafts.comparing.textdiff"
    )
    assert "drafts.comparing.diff" in modules
    assert not {"yaml", "_yaml", "drafts.reading.yamlsafe", "drafts.reading.loader"} & modules


def test_records_do_not_import_reading_or_validation() -> None:
    modules = _imported_after("import drafts.records.model, drafts.records.values, drafts.records.dates")
    assert "drafts.records.model" in modules
    assert not {m for m in modules if m.startswith(("drafts.reading", "drafts.evidence", "yaml", "pydantic"))}


def test_whitespace_is_folded_by_one_helper() -> None:
    """`records.text.fold` is the one place text is folded to single spaces; copies drift (some casefold)."""
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parent.parent / "src" / "drafts"
    idiom = re.compile(r'" "\.join\([^()]*\.split\(\)\)')
    copies = [
        f"{path.relative_to(src)}:{number}"
        for path in sorted(src.rglob("*.py"))
        if path.name != "text.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if idiom.search(line)
    ]
    assert copies == []
