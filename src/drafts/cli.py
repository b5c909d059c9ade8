"""The command line: parse arguments, call the library, pick a renderer and an exit code.

Heavy modules (rich, the differ, the renderers) are imported inside the commands that use
them, so `drafts --help` and `drafts list` stay quick.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations at each
# start, and string annotations cost it an eval each (4-5 ms a run, measured).
import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn

from drafts.startup import defer_typer_completion, leave

defer_typer_completion()  # before typer is imported

import typer  # noqa: E402

from drafts.errors import DraftsError  # noqa: E402

if TYPE_CHECKING:
    from drafts.records.model import Collection

app = typer.Typer(
    name="drafts",
    help="Follow a negotiated agreement as its reported drafts change: what changed, and who reported it.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="text, markdown, json or html (a self-contained page: log, diff, show, history). Default: a rich "
        "view on a terminal, plain text when piped or NO_COLOR is set.",
        case_sensitive=False,
    ),
]


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file, atomically, instead of printing. Its format: --format, else Markdown "
        "for .md, JSON for .json, HTML for .html, plain text otherwise.",
        parser=lambda value: _output_path(value),
        metavar="FILE",
    ),
]
_SUFFIX_FORMATS = {
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".html": Format.html,
    ".htm": Format.html,
}

TERMINAL = "terminal"  # the rich view, printed by its function rather than returned as text
_Function = tuple[str, str]  # (module, attribute): imported only when that report is shown in that format


class _Report(NamedTuple):
    """A report's view (what it says, computed once) and, per format, the function laying it out.

    JSON serialises the library records instead of the view: its keys are an interface.
    """

    view: _Function
    formats: dict[str, _Function]


# JSON and the HTML page are built from the library records: JSON keys are an interface, and the page
# adds what no other format shows (the grid of terms by version, the archived texts).
_RECORD_FORMATS = {Format.json.value, Format.html.value}
_REPORTS: dict[str, _Report] = {
    "list": _Report(
        ("drafts.render.views", "list_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_list"),
            Format.text: ("drafts.render.text", "list_text"),
            Format.markdown: ("drafts.render.markdown", "list_markdown"),
            Format.json: ("drafts.render.jsonout", "list_json"),
        },
    ),
    "show": _Report(
        ("drafts.render.views", "show_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_show"),
            Format.text: ("drafts.render.text", "show_text"),
            Format.markdown: ("drafts.render.markdown", "show_markdown"),
            Format.json: ("drafts.render.jsonout", "show_json"),
            Format.html: ("drafts.render.html", "show_html"),
        },
    ),
    "diff": _Report(
        ("drafts.render.views", "diff_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_diff"),
            Format.text: ("drafts.render.text", "diff_text"),
            Format.markdown: ("drafts.render.markdown", "diff_markdown"),
            Format.json: ("drafts.render.jsonout", "diff_json"),
            Format.html: ("drafts.render.html", "diff_html"),
        },
    ),
    "log": _Report(
        ("drafts.render.views", "log_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_log"),
            Format.text: ("drafts.render.text", "log_text"),
            Format.markdown: ("drafts.render.markdown", "log_markdown"),
            Format.json: ("drafts.render.jsonout", "log_json"),
            Format.html: ("drafts.render.html", "log_html"),
        },
    ),
    "history": _Report(
        ("drafts.render.views", "history_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_history"),
            Format.text: ("drafts.render.text", "history_text"),
            Format.markdown: ("drafts.render.markdown", "history_markdown"),
            Format.json: ("drafts.render.jsonout", "history_json"),
            Format.html: ("drafts.render.html", "history_html"),
        },
    ),
    "sources": _Report(
        ("drafts.render.views", "sources_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_sources"),
            Format.text: ("drafts.render.text", "sources_text"),
            Format.markdown: ("drafts.render.markdown", "sources_markdown"),
            Format.json: ("drafts.render.jsonout", "sources_json"),
        },
    ),
    "check": _Report(
        ("drafts.render.views", "check_view"),
        {
            TERMINAL: ("drafts.render.terminal", "print_check"),
            Format.text: ("drafts.render.text", "check_text"),
            Format.markdown: ("drafts.render.markdown", "check_markdown"),
            Format.json: ("drafts.render.jsonout", "check_json"),
        },
    ),
}


def _function(where: _Function) -> Callable[..., Any]:
    module, attribute = where
    function: Callable[..., Any] = getattr(import_module(module), attribute)
    return function


class State:
    root: Path | None = None
    collection_root: Path | None = None  # the collection in use, once found: named when a version is not


# Narrower than this, the rich tables cut dates short ("2025…"), print a letter a line, or at 0
# columns nothing at all: such a terminal gets the plain text, which does not depend on the width.
_NARROWEST_TERMINAL = 60


def _terminal() -> bool:
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return False
    return _terminal_width() >= _NARROWEST_TERMINAL


def _terminal_width() -> int:
    """The width rich would use: COLUMNS when it is a number, else the terminal's own, else 80."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit():
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (OSError, ValueError):
        return 80


def _fail(error: DraftsError) -> NoReturn:
    from drafts.records.model import UnknownVersion
    from drafts.render.text import problems_text

    problems = error.problems
    if isinstance(error, UnknownVersion):
        from drafts.render.views import unknown_version_problem

        problems = [unknown_version_problem(error.ref, error.known, State.collection_root)]
    sys.stderr.write(problems_text(problems))
    if error.exit_code == 1 and len(error.problems) > 1:
        sys.stderr.write(f"{len(error.problems)} problems; fix them and run drafts check\n")
    raise typer.Exit(error.exit_code)


def _run(action: Callable[[], int | None]) -> None:
    """Turn library errors into one clear message on stderr and their exit code."""
    try:
        code = action()
    except DraftsError as error:
        _fail(error)
    if code:
        raise typer.Exit(code)


def _collection() -> "Collection":
    from drafts.reading.loader import load_collection
    from drafts.reading.roots import find_root

    State.collection_root = find_root(State.root)
    return load_collection(State.collection_root)


def _span(*refs: str, predecessor: bool = False) -> "Collection":
    """The collection with only the versions a command prints (and those between them) built."""
    from drafts.reading.loader import load_span
    from drafts.reading.roots import find_root

    State.collection_root = find_root(State.root)
    return load_span(State.collection_root, refs, predecessor=predecessor)


def _write(text: str) -> None:
    sys.stdout.write(text)


def _print_version(value: bool) -> None:
    if value:
        from drafts import __version__

        _write(f"drafts {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="The collection folder (holding drafts/ and seeds/). Default: DRAFTS_ROOT, the nearest "
            "ancestor holding drafts/agreement.yaml, then the collection shipped with drafts.",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True)
    ] = False,
) -> None:
    """drafts: term-by-term diffs of a negotiated agreement's reported versions, with sources."""
    State.root = root
    State.collection_root = None  # found again for each run (one process may run several, as tests do)


def _chosen(fmt: Format | None, output: Path | None) -> str:
    """The format to produce: --format, else the output file's suffix, else rich on a terminal, else text."""
    if output is not None:
        return fmt or _SUFFIX_FORMATS.get(output.suffix.lower(), Format.text)
    if fmt is None:
        return TERMINAL if _terminal() else Format.text
    return fmt


def _present(report: str, fmt: Format | None, output: Path | None, *args: Any, **options: Any) -> None:
    """Show a report: build its view once, lay it out in the chosen format (only that module is imported)."""
    chosen = _chosen(fmt, output)
    entry = _REPORTS[report]
    if chosen not in entry.formats:
        from drafts.errors import UsageError

        raise UsageError.at(
            f"drafts {report} has no {chosen} page",
            hint="html pages are made by log, diff, show and history; use --format text",
        )
    layout = _function(entry.formats[chosen])
    records = chosen in _RECORD_FORMATS
    result = layout(*args, **options) if records else layout(_function(entry.view)(*args, **options))
    if chosen != TERMINAL:
        _emit(result, output)


def _output_path(value: str) -> Path:
    if not value.strip():
        raise typer.BadParameter("an empty file name; give a file to write, or leave out -o to print")
    return Path(value)


def _emit(result: str | tuple[str, str], output: Path | None) -> None:
    """Print, or write the whole file at once: a failed run never leaves half a file.

    A (stdout, stderr) pair is a report that speaks on both streams, as check does.
    """
    if not isinstance(result, str):
        out, err = result
        sys.stderr.write(err)
        sys.stderr.flush()  # problems before the verdict, as a terminal shows them, whatever the buffering
        result = out
    if output is None:
        _write(result)
        return
    from drafts.atomic import write_output
    from drafts.reading.outputs import refuse_collection_file
    from drafts.reading.roots import find_root

    refuse_collection_file(State.collection_root or find_root(State.root), output)
    write_output(output, result)
    sys.stderr.write(f"wrote {_shown(output)}\n")


def _shown(path: Path) -> str:
    """A path as the user would type it (relative to the working directory when inside it), escaped."""
    from drafts.render.safe import clean

    try:
        return clean(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return clean(str(path))


@app.command("list")
def list_command(fmt: FormatOption = None, output: OutputOption = None) -> None:
    """The versions in date order: id, date, stage, title, how many terms are reported."""
    _run(lambda: _present("list", fmt, output, _collection()))


@app.command("show")
def show_command(
    ref: Annotated[str, typer.Argument(metavar="ID", help="A version id, first or latest.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Every term of one version with value, summary and sources."""

    def action() -> None:
        from drafts.evidence.checks import verified

        collection = _span(ref)
        version = collection.resolve(ref)
        verified(collection, [version])
        _present("show", fmt, output, collection, version)

    _run(action)


@app.command("diff")
def diff_command(
    a: Annotated[str, typer.Argument(metavar="A", help="The earlier version (id, first or latest).")],
    b: Annotated[
        str | None,
        typer.Argument(metavar="[B]", help="The later version. With one version, diff it against its predecessor."),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    all_terms: Annotated[bool, typer.Option("--all", help="Include the unchanged terms.")] = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are changes, 0 when there are none, like git diff.")
    ] = False,
) -> None:
    """What changed from A to B, term by term, each side with its sources."""

    def action() -> int:
        from drafts.comparing.diff import compare
        from drafts.errors import UsageError
        from drafts.evidence.checks import verified

        collection = _span(a, predecessor=True) if b is None else _span(a, b)
        if b is None:
            after = collection.resolve(a)
            before = collection.predecessor(after)
            if before is None:
                raise UsageError.at(
                    f"{after.id} is the first version: it has no predecessor",
                    hint=f"name two versions: drafts diff A {after.id}",
                )
        else:
            before, after = collection.resolve(a), collection.resolve(b)
        verified(collection, [before, after])
        result = compare(collection, before, after)
        _present("diff", fmt, output, collection, result, include_unchanged=all_terms)
        return 1 if exit_code and result.changed else 0

    _run(action)


@app.command("log")
def log_command(
    since: Annotated[
        str | None, typer.Option("--since", metavar="REF", help="Start at this version (id, first or latest).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="REF", help="End at this version (id, first or latest).")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The change log for reporters: every consecutive pair of versions, oldest first, with sources."""

    def action() -> None:
        from drafts.comparing.changelog import change_log, log_range
        from drafts.evidence.checks import verified

        collection = _collection()
        versions = log_range(collection, since, until)
        verified(collection, versions)
        steps = change_log(collection, versions, text_diffs=_chosen(fmt, output) == Format.html)
        _present("log", fmt, output, collection, versions, steps)

    _run(action)


@app.command("history")
def history_command(
    term: Annotated[str, typer.Argument(metavar="TERM", help="A term of the catalogue, e.g. fund_size.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """One term across all versions, and when each value first appeared and who reported it first."""

    def action() -> None:
        from drafts.comparing.history import find_term, term_history
        from drafts.evidence.checks import verified

        collection = _collection()
        spec = find_term(collection, term)
        verified(collection, collection.versions)
        _present("history", fmt, output, collection, term_history(collection, spec))

    _run(action)


@app.command("sources")
def sources_command(fmt: FormatOption = None, output: OutputOption = None) -> None:
    """The source registry: which terms of which versions cite each source; uncited sources; single-outlet terms."""

    def action() -> None:
        from drafts.evidence.registry import sources_report

        collection = _collection()
        _present("sources", fmt, output, collection, sources_report(collection))

    _run(action)


@app.command("check")
def check_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE]...", help="Version files to check. Default: the whole collection."),
    ] = None,
    fmt: FormatOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Validate the collection (or the given files) and verify every quote against its archive."""

    def action() -> int:
        from drafts.evidence.checks import check
        from drafts.reading.roots import find_root

        State.collection_root = find_root(State.root)
        report = check(State.collection_root, strict=strict, files=files or None)
        _present("check", fmt, None, report)
        return 0 if report.ok else 1

    _run(action)


@app.command("new")
def new_command(
    new_id: Annotated[str, typer.Argument(metavar="ID", help="The new version's id, e.g. v4: a plain name.")],
    previous: Annotated[
        str,
        typer.Option("--from", metavar="REF", help="The version to copy terms and sources from (id, first or latest)."),
    ] = "latest",
) -> None:
    """Scaffold drafts/ID.yaml from an existing version, ready to edit; never overwrites a file."""

    def action() -> None:
        from datetime import date

        from drafts.errors import DataError
        from drafts.reading.roots import installed_copy
        from drafts.reading.scaffold import validate_new_id, write_new_version

        collection = _collection()
        validate_new_id(new_id, collection)  # a bad id is a usage error before anything else
        if installed_copy(collection.root):
            raise DataError.at(
                "this is the collection installed with drafts; drafts new does not write inside the installation",
                hint="copy its drafts/ and seeds/ folders somewhere of your own and run drafts there",
            )
        base = collection.resolve(previous)
        path = write_new_version(collection, base, new_id, date.today())
        shown = _shown(path)
        _write(
            f"wrote {shown}: a copy of {base.id} dated today\n"
            "next:\n"
            f"  1. edit {shown}: title, date, stage, and every term the new report changes\n"
            "     (quotes verbatim from an archived report registered in seeds/sources.yaml)\n"
            f"  2. drafts check {shown}\n"
            f"  3. drafts diff {base.id} {new_id}\n"
        )

    _run(action)


@app.command("schema")
def schema_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema to this file, atomically, instead of printing it.",
            parser=lambda value: _output_path(value),
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """The JSON Schema of a draft file, with this collection's term catalogue built in, for editors."""

    def action() -> None:
        import json

        from drafts.reading.jsonschema_export import version_json_schema

        schema = version_json_schema(_collection().agreement)
        _emit(json.dumps(schema, indent=2, ensure_ascii=True) + "\n", output)

    _run(action)


@app.command("quote")
def quote_command(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="[ID] WORDS",
            help="A registered source id (default: every archive, best first), then the words to look for.",
        ),
    ],
) -> None:
    """The archive's own words closest to WORDS, with context, ready to paste as a source entry."""

    def action() -> int:
        from drafts.evidence.lookup import search_quote
        from drafts.reading.roots import find_root
        from drafts.render.evidence_text import nothing_close_text, quote_text
        from drafts.render.text import problems_text

        source_id, text = (words[0], " ".join(words[1:])) if len(words) > 1 else (None, " ".join(words))
        result = search_quote(find_root(State.root), text, source_id)
        sys.stderr.write(problems_text(result.problems))
        if not result.found:
            sys.stderr.write(nothing_close_text(result))
            return 1
        _write(quote_text(result))
        return 0

    _run(action)


@app.command("archive")
def archive_command(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="The new source's id, e.g. reuters-2025-04-30.")],
    target: Annotated[str, typer.Argument(metavar="FILE|URL", help="A saved page or .txt file, or an http(s) URL.")],
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="The outlet (default: the page's own, or unknown).")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The headline (default: the page's own, or unknown).")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="YYYY-MM-DD, YYYY-MM or unknown (default: the page's own date, or unknown)."),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Where it was published (default: the URL fetched, after redirects).")
    ] = None,
) -> None:
    """Archive a report under seeds/ (kept byte for byte, its text extracted) and register it."""

    def action() -> None:
        from drafts.errors import DataError
        from drafts.evidence.archive import archive_report
        from drafts.reading.roots import find_root, installed_copy
        from drafts.render.evidence_text import archived_text

        root = find_root(State.root)
        if installed_copy(root):
            raise DataError.at(
                "this is the collection installed with drafts; drafts archive does not write inside the installation",
                hint="copy its drafts/ and seeds/ folders somewhere of your own and run drafts there",
            )
        result = archive_report(root, source_id, target, outlet=outlet, title=title, published=published, url=url)
        _write(archived_text(result))

    _run(action)


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the caller closed (`>&-`): writing to it fails clearly."""

    def __init__(self, name: str) -> None:
        self.stream_name = name

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise _StreamClosed(self.stream_name)


class _StreamClosed(OSError):
    pass


def _prepare_streams() -> None:
    """Closed streams fail in words; an encoding that cannot show a character shows it escaped.

    With PYTHONIOENCODING=ascii (or a Latin-1 terminal) a dash or a euro sign is printed as
    \\u2014 or \\u20ac rather than stopping the report halfway with an encoding error.
    """
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (the exit code still tells)
    if sys.stdout is None:
        sys.stdout = _ClosedStream("standard output")
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if isinstance(stream, io.TextIOWrapper) and encoding not in ("utf-8", "utf8"):
            stream.reconfigure(errors="backslashreplace")


_OUTPUT_ERRORS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EIO", "EDQUOT", "EFBIG", "EBADF", "ENXIO") if hasattr(errno, name)
)


def main() -> None:
    """Console entry point: the typer app, with a last guard so no traceback reaches a user."""
    _prepare_streams()
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # here, so a full disk under `>` is reported below, not at exit
    except _StreamClosed as closed:
        sys.stderr.write(f"drafts: cannot print: {closed.args[0]} is closed; nothing was printed (use -o FILE)\n")
        sys.exit(1)
    except BrokenPipeError:
        # The reader stopped early (`drafts log | head`): nothing more to say, and nowhere to say it.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug in drafts: say so in one line rather than dump a traceback
        from drafts.render.safe import clean

        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRORS:
            # Standard output is a full disk, a failing device or a dead terminal (`> /dev/full`).
            sys.stderr.write(f"drafts: cannot print: {clean(exc.strerror or str(exc))}; the output is incomplete\n")
            sys.exit(1)

        sys.stderr.write(
            f"drafts: internal error ({type(exc).__name__}): {clean(str(exc))}\n"
            "please report this with the command you ran\n"
        )
        sys.exit(1)


def entry() -> None:
    """The `drafts` command: main(), then an exit that skips tearing the interpreter down."""
    try:
        main()
    except SystemExit as done:
        leave(done.code)  # returns when the interpreter's own exit is needed
        raise
