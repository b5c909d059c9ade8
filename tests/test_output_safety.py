"""Text from drafts and archives is data, never markup or terminal control, in every output.

A collection whose every free-text field (agreement name, parties, term labels and help; source
outlets, titles, notes and URLs; version titles, proposers, notes, summaries, text and list
values, flag details, claim authors; quotes and the archive they come from) carries console
markup, ANSI CSI and OSC sequences (OSC 8 links, OSC 52 clipboard writes), C1 controls, bidi
overrides, NUL, line separators, raw HTML and Markdown. YAML double-quoted strings can carry
all of these ("\\e[31m", "\\u202e"), so a newsroom's drafts can too.

Every reporting command that exists is run in every format, and on a (forced) terminal:
nothing may reach the terminal that acts on it, rich markup prints literally, the Markdown
parses (as CommonMark) to the same structure as for harmless text, with no HTML, image or
foreign link, and the JSON keeps the text exactly as written.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from drafts import cli
from drafts.cli import app
from drafts.render.markdown import escape
from drafts.render.safe import clean, is_clean

PAYLOAD = (
    "- [bold red]PWNED[/bold red] [link=http://evil.example]x[/link] :thumbs_up: "
    "\x1b[31mPWNED\x1b[0m \x1b[2J\x1b[H \x1b]8;;http://evil.example/\x1b\\LINK\x1b]8;;\x1b\\ "
    "\x1b]52;c;cHduZWQ=\x07 \x9b31mC1 \x1bP+q\x1b\\ \u202eDESREVER\u202c \u2066iso\u2069 \u200f "
    "\x08\x08\r\x7f <script>alert(1)</script> <img src=x onerror=alert(1)> "
    "[click](javascript:alert(1)) ![img](http://evil.example/x.png) **bold** _em_ `code` "
    "# hash | pipe | &amp; &lt;b&gt; <http://evil.example> \\ end"
)
FIELD = PAYLOAD + " \x00 \x85 \u2028 tail"  # free text: anything YAML can carry
QUOTE = PAYLOAD + " \x85 \u2028 tail"  # quoted from an archive, which may not hold a NUL
BENIGN = "plain words written here"  # four words: a shorter quote is warned about
SAFE_URL = "https://example.org/report"

# What must never reach a terminal: C0 but newline, DEL, C1, bidi controls, line separators.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own styling on a terminal
# How the payload must read once printed: markup literal, controls visibly escaped.
VISIBLE = ("[bold red]PWNED[/bold red]", "\\x1b[31mPWNED", "\\x1b]52;c;cHduZWQ=\\x07", "<U+202E>DESREVER")
LITERAL_MARKDOWN = (
    "[bold red]PWNED[/bold red]",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "**bold** _em_ `code`",
    "# hash | pipe | &amp; &lt;b&gt; <http://evil.example> \\ end",
    "\\x1b[31mPWNED",
)

REPORTS: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "show": ("show", "v1"),
    "show-latest": ("show", "latest"),
    "diff": ("diff", "v1", "v2"),
    "diff-skipping": ("diff", "v1", "v3", "--all"),
    "log": ("log",),
    "history": ("history", "control"),
    "history-disputed": ("history", "debt"),
    "sources": ("sources",),
    "check": ("check",),
}


def q(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text`, written with YAML's escapes."""
    out = []
    for char in text:
        code = ord(char)
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\x1b":
            out.append("\\e")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif not is_clean(char) or char == "\ufeff":
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write_collection(root: Path, field: str, quote: str) -> None:
    """Three versions whose every free-text field is `field`, quoting `quote` from the archive."""
    (root / "drafts").mkdir(parents=True)
    (root / "seeds").mkdir()
    f, cite = q(field), q(quote)
    (root / "drafts" / "agreement.yaml").write_text(
        f"""name: {f}
parties: [{f}, Ukraine]
description: {f}
terms:
  fund_size: {{label: {f}, type: money, weight: headline, help: {f}}}
  revenue_share: {{label: Revenue share, type: percent, weight: headline}}
  guarantees: {{label: {f}, type: flag, weight: major}}
  debt: {{label: Debt, type: text, weight: major, help: {f}}}
  control: {{label: Control, type: text, help: {f}}}
  resources: {{label: Resources, type: list}}
""",
        encoding="utf-8",
    )
    archive = f"An archived report.\n{quote}\nThe fund would be large.\n".encode()
    (root / "seeds" / "report.txt").write_bytes(archive)
    sha = hashlib.sha256(archive).hexdigest()
    (root / "seeds" / "sources.yaml").write_text(
        f"""evil:
  outlet: {f}
  title: {f}
  published: 2025-03-01
  url: "javascript:alert(1)"
  file: report.txt
  sha256: {sha}
  note: {f}
linked:
  outlet: Plain outlet
  title: Plain title
  published: 2025-03
  url: {SAFE_URL}
  file: report.txt
  sha256: {sha}
unused:
  outlet: {f}
  title: {f}
  published: unknown
  url: {q(SAFE_URL + "/" + field)}
""",
        encoding="utf-8",
    )

    def cited(source: str = "evil", indent: str = "      ") -> str:
        return f"{indent}- source: {source}\n{indent}  quote: {cite}\n{indent}  note: {f}\n"

    def term(name: str, value: str, summary: str = f, source: str = "evil") -> str:
        return f"  {name}:\n    value: {value}\n    summary: {summary}\n    sources:\n{cited(source)}"

    debt = f"""  debt:
    status: disputed
    summary: {f}
    claims:
      - by: {f}
        value: {f}
        summary: {f}
        sources:
{cited(indent="          ")}      - by: Government of Ukraine
        status: absent
        summary: {f}
        sources:
{cited("linked", "          ")}"""
    v1 = (
        f"title: {f}\ndate: 2025-02-01\nstage: proposal\nproposed_by: {f}\nnotes: {f}\nterms:\n"
        + term("fund_size", "$500 billion")
        + term("revenue_share", "50", source="linked")
        + term("guarantees", f"{{flag: yes, detail: {f}}}")
        + debt
        + term("control", f)
        + term("resources", f"[{f}, gas]")
    )
    v2 = (
        f"title: {f}\ndate: 2025-03-01\nstage: counter-proposal\nproposed_by: Ukraine\nterms:\n"
        + term("fund_size", "$350 billion", q(field + " again"))
        + f"  revenue_share:\n    status: absent\n    summary: {f}\n    sources:\n{cited('linked')}"
        + term("guarantees", "no")
        + term("debt", f)
        + term("control", q("other " + field))
        + term("resources", f"[{f}, oil]")
    )
    v3 = (
        f"title: {f}\ndate: 2025-04-01\nstage: final\nterms:\n"
        + term("control", q("other " + field), q(field + " reworded"))
        + term("resources", f"[{f}, oil]", source="linked")
    )
    for name, text in (("v1", v1), ("v2", v2), ("v3", v3)):
        (root / "drafts" / f"{name}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "collection"
    write_collection(root, FIELD, QUOTE)
    return root


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("harmless") / "collection"
    write_collection(root, BENIGN, BENIGN)
    return root


def _commands() -> set[str]:
    from typer.main import get_command

    return set(getattr(get_command(app), "commands", {}))


def _args(name: str) -> tuple[str, ...]:
    args = REPORTS[name]
    if args[0] not in _commands():
        pytest.skip(f"drafts {args[0]} does not exist yet")
    return args


def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(app, ["--root", str(root), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def test_the_hostile_collection_is_valid(hostile: Path, harmless: Path) -> None:
    for root in (hostile, harmless):
        result = invoke(root, "check", "--format", "json")
        report = json.loads(result.stdout)
        assert report["ok"], report["errors"]
        assert report["versions"] == 3


# -- plain text -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_text_output_shows_hostile_text_literally(hostile: Path, name: str) -> None:
    args = _args(name)
    result = invoke(hostile, *args, "--format", "text")
    assert result.exit_code == 0, result.output
    for stream in (result.stdout, result.stderr):
        assert not UNSAFE.search(stream), repr(UNSAFE.search(stream))
    if name != "check":
        for visible in VISIBLE:
            assert visible in result.stdout, f"{visible!r} missing from {name}"
    else:  # check names the outlet in its warnings
        assert "[bold red]PWNED[/bold red]" in result.stderr


# -- a terminal: rich's own colours, nothing else ---------------------------------------------


@pytest.mark.parametrize("name", sorted(set(REPORTS) - {"check"}))
def test_terminal_output_shows_hostile_text_literally(
    hostile: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _args(name)
    monkeypatch.setattr(cli, "_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = invoke(hostile, *args, env={"FORCE_COLOR": "1", "COLUMNS": "4000", "TERM": "xterm-256color"})
    assert result.exit_code == 0, result.output
    raw = result.stdout
    assert SGR.search(raw), "expected a styled terminal rendering"
    assert "\x1b[31mPWNED" not in raw and "\x1b]" not in raw and "\x07" not in raw
    plain = SGR.sub("", raw)
    assert not UNSAFE.search(plain), repr(UNSAFE.search(plain))
    for visible in VISIBLE:
        assert visible in plain, f"{visible!r} missing from {name}"


# -- Markdown: the same structure as harmless text, no HTML, no foreign link --------------------


def _markdown(text: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(text)


def _blocks(tokens: list[Token]) -> list[str]:
    return [f"{t.type}:{t.tag}" for t in tokens if t.type != "inline"]


def _inline_text(tokens: list[Token]) -> str:
    return "\n".join(
        "".join(c.content for c in (t.children or []) if c.type in ("text", "code_inline"))
        for t in tokens
        if t.type == "inline"
    )


def _children(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from token.children or []


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_markdown_output_is_text_not_markup(hostile: Path, harmless: Path, name: str) -> None:
    args = _args(name)
    result = invoke(hostile, *args, "--format", "markdown")
    twin = invoke(harmless, *args, "--format", "markdown")
    assert result.exit_code == twin.exit_code == 0, result.output
    text = result.stdout
    assert not UNSAFE.search(text), repr(UNSAFE.search(text))
    tokens = _markdown(text)
    kinds = {t.type for t in _children(tokens)}
    assert not kinds & {"html_block", "html_inline", "image", "code_block", "fence", "hr"}, kinds
    links = [t.attrGet("href") for t in _children(tokens) if t.type == "link_open"]
    assert set(links) <= {SAFE_URL}, links
    assert _blocks(tokens) == _blocks(_markdown(twin.stdout)), "hostile text changed the document's structure"
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "<img" not in html and "javascript:" not in re.sub(r">[^<]*<", "><", html)
    if name != "check":
        shown = _inline_text(tokens)
        for literal in LITERAL_MARKDOWN:
            assert literal in shown, f"{literal!r} missing from the rendered {name}"


# -- JSON: data, exactly as written ------------------------------------------------------------


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_json_output_keeps_hostile_text_as_data(hostile: Path, name: str) -> None:
    args = _args(name)
    result = invoke(hostile, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.isascii()
    assert not UNSAFE.search(result.stdout)
    data = json.loads(result.stdout)
    strings = set(_strings(data))
    if name == "check":
        assert any("[bold red]PWNED" in s for s in strings)
    elif name in ("list", "show", "show-latest", "diff", "diff-skipping", "log"):
        assert FIELD in strings  # a title, byte for byte
    else:
        assert any(PAYLOAD in s for s in strings)


# -- files written with --output ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".json", ".txt"])
def test_output_files_are_as_safe_as_the_screen(hostile: Path, tmp_path: Path, suffix: str) -> None:
    if "output" not in {p.name for p in _command_params("show")}:
        pytest.skip("show has no --output yet")
    target = tmp_path / f"show{suffix}"
    result = invoke(hostile, "show", "v1", "--output", str(target))
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert not UNSAFE.search(written)
    assert "PWNED" in written


def _command_params(name: str) -> list[Any]:
    from typer.main import get_command

    command = getattr(get_command(app), "commands", {}).get(name)
    return list(command.params) if command is not None else []


# -- problems: messages, the closest passage of an archive, names of unknown things -------------


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = tmp_path / "collection"
    write_collection(root, FIELD, QUOTE)
    v2 = root / "drafts" / "v2.yaml"
    text = v2.read_text(encoding="utf-8")
    # a quote that is not in the archive (its closest passage is hostile text), and an unknown term
    text = text.replace(q(QUOTE), q(QUOTE.replace("PWNED\x1b[0m", "PWNT\x1b[0m")), 1)
    v2.write_text(text + f"  {q('evil' + PAYLOAD)}:\n    value: x\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_problems_show_hostile_text_literally(broken: Path, fmt: str) -> None:
    result = invoke(broken, "check", "--format", fmt)
    assert result.exit_code == 1
    for stream in (result.stdout, result.stderr):
        assert not UNSAFE.search(stream), repr(UNSAFE.search(stream))
    if fmt == "text":
        assert "unknown term" in result.stderr and "\\x1b[31mPWNED" in result.stderr
        assert "closest passage" in result.stderr
    if fmt == "json":
        messages = " ".join(e["message"] + " " + (e["detail"] or "") for e in json.loads(result.stdout)["errors"])
        assert "evil- [bold red]PWNED" in messages and "\x1b[31mPWNED" in messages


@pytest.mark.parametrize("name", ["show", "diff", "log"])
def test_reporting_commands_refuse_the_broken_collection_cleanly(broken: Path, name: str) -> None:
    args = _args(name)
    result = invoke(broken, *args)
    assert result.exit_code == 1
    assert not UNSAFE.search(result.output)
    assert "\\x1b[31mPWNED" in result.stderr


def test_new_copies_hostile_text_exactly(hostile: Path, tmp_path: Path) -> None:
    if "new" not in _commands():
        pytest.skip("drafts new does not exist yet")
    import shutil

    root = tmp_path / "collection"
    shutil.copytree(hostile, root)
    result = invoke(root, "new", "v9", "--from", "v2")
    assert result.exit_code == 0, result.output
    assert not UNSAFE.search(result.output)
    shown = {}
    for version in ("v2", "v9"):
        shown[version] = json.loads(invoke(root, "show", version, "--format", "json").stdout)
    assert shown["v9"]["terms"] == shown["v2"]["terms"]
    assert shown["v9"]["proposed_by"] == shown["v2"]["proposed_by"]


# -- the escaping functions themselves ---------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_leaves_nothing_a_terminal_would_act_on(text: str) -> None:
    cleaned = clean(text)
    assert not UNSAFE.search(cleaned)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in cleaned)
    assert is_clean(cleaned)


_HARMLESS = st.text(st.characters(blacklist_categories=["Cc", "Cs"]).filter(is_clean))


@settings(max_examples=300, deadline=None)
@given(_HARMLESS)
def test_clean_keeps_harmless_text_as_it_is(text: str) -> None:
    assert clean(text) == text


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_escaped_text_renders_as_itself(text: str) -> None:
    """In CommonMark, `escape(text)` reads as exactly `clean(text)`: no markup, wherever it stands."""
    md = MarkdownIt("commonmark")
    for prefix, part in (("x ", text), ("", text.strip())):  # inline, and at the start of a line
        line = prefix + escape(part)
        if not line.strip():
            continue
        tokens = md.parse(line)
        kinds = [t.type for t in tokens]
        assert kinds == ["paragraph_open", "inline", "paragraph_close"], (line, kinds)
        children = tokens[1].children or []
        assert {c.type for c in children} <= {"text"}, (line, [c.type for c in children])
        assert "".join(c.content for c in children) == (prefix + clean(part)).strip()


def test_schema_keeps_hostile_labels_as_data(hostile: Path) -> None:
    if "schema" not in _commands():
        pytest.skip("drafts schema does not exist yet")
    result = invoke(hostile, "schema")
    assert result.exit_code == 0, result.output
    assert result.stdout.isascii() and not UNSAFE.search(result.stdout)
    assert any(FIELD in s for s in _strings(json.loads(result.stdout)))
