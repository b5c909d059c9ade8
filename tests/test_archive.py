"""drafts archive: local files and pages fetched from a server on 127.0.0.1 that these tests run.

Every page is made here. The fetch limits are the library's own, shrunk so the slow cases
(a server that drips, a redirect loop) end in about a second.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafts.cli import app
from drafts.errors import DataError, UsageError
from drafts.evidence.archive import archive_report
from drafts.evidence.fetch import USER_AGENT, Limits
from drafts.reading.loader import load_sources
from tests.golden import assert_golden

BODY = (
    "<p>Ukraine and the United States signed the minerals agreement in Washington on Wednesday, officials said.</p>"
    "<p>The signed text sets up a joint investment fund that the two countries will manage as equal partners.</p>"
    "<p>It makes no mention of past US aid as a debt, and it must still be ratified by the Verkhovna Rada.</p>"
)
FULL_METADATA = f"""<!doctype html><html><head><title>Deal signed | Example Wire</title>
<meta property="og:title" content="Minerals agreement signed">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2025-04-30T10:00:00Z">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Minerals agreement signed", "datePublished": "2025-04-30",
"publisher": {{"@type": "Organization", "name": "Example Wire"}}}}</script>
</head><body><nav>Home | World | Business</nav><article><h1>Minerals agreement signed</h1>{BODY}</article>
<footer>Copyright Example Wire</footer></body></html>"""
NO_METADATA = f"<html><body><div>{BODY}</div></body></html>"
HOSTILE_TITLE = (
    "<html><head><title>Deal &lt;b&gt;signed&lt;/b&gt; &#x1b;[31mred &#x202e;evil\n"
    f"<script>x</script></title></head><body><article>{BODY}</article></body></html>"
)
CYRILLIC = "Україна та США підписали угоду про корисні копалини у Вашингтоні в середу, повідомили посадовці."

Route = Callable[[BaseHTTPRequestHandler], None]


def _send(status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def _redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(40):  # one byte every 0.1 s: each read is quick, the whole is not
        try:
            handler.wfile.write(b"<")
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.1)


def _drip_headers(handler: BaseHTTPRequestHandler) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:  # each byte quick, the headers never end
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.1)


def _silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)  # accepts the connection, never answers in time


class _Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.agents.append(self.headers.get("User-Agent", ""))
                server.routes.get(self.path, _send(404, b"not here", "text/plain"))(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server() -> Iterator[_Server]:
    serving = _Server()
    thread = threading.Thread(target=serving.httpd.serve_forever, daemon=True)
    thread.start()
    yield serving
    serving.httpd.shutdown()
    serving.httpd.server_close()


QUICK = Limits(connect=2, read=0.5, deadline=1.0, max_bytes=1 << 20, max_redirects=3)


def _archive(root: Path, source_id: str, target: str, **options: str) -> object:
    return archive_report(root, source_id, target, limits=QUICK, **options)  # type: ignore[arg-type]


def _registry(root: Path) -> str:
    return (root / "seeds" / "sources.yaml").read_text(encoding="utf-8")


# -- pages fetched ---------------------------------------------------------------------------------


def test_a_page_with_full_metadata_is_kept_and_registered(root: Path, server: _Server) -> None:
    server.routes["/a"] = _send(200, FULL_METADATA.encode())
    before = _registry(root)
    _archive(root, "wire", server.url("/a"))
    raw = (root / "seeds" / "wire.html").read_bytes()
    text = (root / "seeds" / "wire.txt").read_text(encoding="utf-8")
    assert raw == FULL_METADATA.encode()  # byte for byte
    assert "It makes no mention of past US aid as a debt" in text and "Copyright" not in text
    registry = _registry(root)
    assert registry.startswith(before)  # existing text and comments kept as they were
    sources, problems = load_sources(root)
    assert not problems and sources is not None
    wire = sources["wire"]
    assert (wire.outlet, wire.title, str(wire.published)) == ("Example Wire", "Minerals agreement signed", "2025-04-30")
    assert wire.url == server.url("/a") and wire.file == "wire.txt"
    assert wire.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert f"raw_sha256: {hashlib.sha256(raw).hexdigest()}" in registry
    assert f'requested_url: "{server.url("/a")}"' in registry and "captured: " in registry
    assert server.agents == [USER_AGENT]


def test_a_page_without_metadata_reads_unknown_and_flags_win(root: Path, server: _Server) -> None:
    server.routes["/plain"] = _send(200, NO_METADATA.encode())
    server.routes["/full"] = _send(200, FULL_METADATA.replace("Washington", "Kyiv").encode())
    _archive(root, "bare", server.url("/plain"))
    _archive(
        root,
        "flagged",
        server.url("/full"),
        outlet="Wire",
        title="Given",
        published="2025-05",
        url="https://x.example/a",
    )
    sources, _ = load_sources(root)
    assert sources is not None
    assert (sources["bare"].outlet, sources["bare"].title, sources["bare"].published) == ("unknown", "unknown", None)
    flagged = sources["flagged"]
    assert (flagged.outlet, flagged.title, str(flagged.published), flagged.url) == (
        "Wire",
        "Given",
        "2025-05",
        "https://x.example/a",
    )


def test_every_redirect_is_recorded_and_more_than_three_are_refused(root: Path, server: _Server) -> None:
    server.routes |= {"/r1": _redirect("/r2"), "/r2": _redirect(server.url("/r3")), "/r3": _redirect("/a")}
    server.routes["/a"] = _send(200, FULL_METADATA.encode())
    _archive(root, "moved", server.url("/r1"))
    registry = _registry(root)
    assert f'url: "{server.url("/a")}"' in registry and f'requested_url: "{server.url("/r1")}"' in registry
    assert all(f'    - "{server.url(p)}"' in registry for p in ("/r2", "/r3", "/a"))
    server.routes |= {"/loop": _redirect("/r1")}
    before = _registry(root)
    with pytest.raises(DataError, match="more than 3 redirects"):
        _archive(root, "loop", server.url("/loop"))
    assert _registry(root) == before and not (root / "seeds" / "loop.txt").exists()


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (_send(404, b"gone", "text/plain"), "the server answered 404 Not Found"),
        (_send(200, b"%PDF-1.7 ...", "application/pdf"), "sent application/pdf, not a web page or plain text"),
        (_send(200, b"<p>" + b"x" * (2 << 20) + b"</p>"), "larger than 1 MiB"),
        (_send(200, gzip.compress(b" " * (64 << 20)), Content_Encoding="gzip"), "larger than 1 MiB"),
        (_drip, "took longer than 1 s"),
        (_silent, "timed out waiting for the server"),
        (_drip_headers, "took longer than 1 s"),
        (_redirect("file:///etc/passwd"), "http and https only"),
        (_send(200, b"<html><body><script>1</script></body></html>"), "found no article text"),
    ],
    ids=["404", "pdf", "oversize", "gzip-bomb", "slow-drip", "silent", "slow-headers", "redirect-to-file", "no-text"],
)
def test_a_page_that_cannot_be_archived_is_one_message_and_nothing_written(
    root: Path, server: _Server, route: Route, message: str
) -> None:
    server.routes["/bad"] = route
    before = _registry(root)
    started = time.monotonic()
    with pytest.raises(DataError, match=message):
        _archive(root, "bad", server.url("/bad"))
    assert time.monotonic() - started < 5  # bounded: the deadline, not the server, decides
    assert _registry(root) == before
    assert not list((root / "seeds").glob("bad*")) and not list((root / "seeds").glob(".*tmp"))


def test_only_http_and_https_and_a_dead_server_is_a_clear_message(root: Path, server: _Server) -> None:
    with pytest.raises(DataError, match="http and https only"):
        _archive(root, "f", "file:///etc/passwd")
    for bad in ("http://", "http://[::1", "http://host:99999/"):
        with pytest.raises(DataError, match=r"names no host|not a valid URL"):
            _archive(root, "f", bad)
    dead = server.url("/x")
    server.httpd.shutdown()
    server.httpd.server_close()
    with pytest.raises(DataError, match="could not fetch it"):
        _archive(root, "d", dead)


def test_a_windows_1251_page_is_read_in_its_own_encoding(root: Path, server: _Server) -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><article><p>{CYRILLIC}</p></article></body></html>'
    server.routes["/meta"] = _send(200, page.encode("cp1251"), "text/html")
    server.routes["/header"] = _send(
        200, page.replace("windows-1251", "x").encode("cp1251"), "text/html; charset=cp1251"
    )
    _archive(root, "ua-meta", server.url("/meta"))
    assert CYRILLIC in (root / "seeds" / "ua-meta.txt").read_text(encoding="utf-8")
    assert (root / "seeds" / "ua-meta.html").read_bytes() == page.encode("cp1251")
    result = _archive(root, "ua-header", server.url("/header"))
    assert getattr(result, "duplicate_of", None) == "ua-meta"  # the same text, under another id


def test_a_title_with_markup_and_escape_sequences_is_stored_as_plain_text(root: Path, server: _Server) -> None:
    server.routes["/t"] = _send(200, HOSTILE_TITLE.encode())
    code, out, err = _cli(root, "archive", "hostile", server.url("/t"))
    assert code == 0, err
    sources, problems = load_sources(root)
    assert not problems and sources is not None
    title = sources["hostile"].title
    assert "<b>" not in title and "\x1b" not in title and "\u202e" not in title and "signed" in title
    assert "\x1b" not in out and "\u202e" not in out


# -- local files ----------------------------------------------------------------------------------

REPORT = (
    "EXAMPLE WIRE - a made-up report\r\n30 April 2025\r\n\r\n"
    "Ukraine and the United States signed the minerals agreement in Washington on Wednesday.\r\n"
    "The signed text sets up a joint investment fund that the two countries will manage as equal partners.\r\n"
)


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_local_text_is_archived_as_it_is_and_quoted_golden(root: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.encode())
    code, out, err = _cli(root, "archive", "wire", str(report), "--outlet", "Example Wire", "--published", "2025-04-30")
    assert code == 0 and err == ""
    assert_golden("archive-local-text.txt", out)
    assert (root / "seeds" / "wire.txt").read_bytes() == REPORT.encode()  # CRLF and all
    assert not (root / "seeds" / "wire.html").exists() and not (root / "seeds" / "wire.raw").exists()
    code, out, err = _cli(root, "quote", "wire", "a joint investment fund the two countries manage as equal partners")
    assert code == 0 and err == ""
    assert_golden("quote-closest.txt", out)
    code, out, _ = _cli(root, "check")
    assert code == 0


def test_a_saved_page_is_kept_byte_for_byte(root: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved.htm"
    page.write_bytes(FULL_METADATA.encode())
    code, out, err = _cli(root, "archive", "saved", str(page))
    assert code == 0, err
    assert_golden("archive-saved-page.txt", out)
    assert (root / "seeds" / "saved.html").read_bytes() == page.read_bytes()


def test_never_overwrites_an_id_or_a_file_and_says_where_a_text_already_is(root: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.encode())
    assert _cli(root, "archive", "wire", str(report))[0] == 0
    before = _registry(root)
    code, _, err = _cli(root, "archive", "wire", str(report))
    assert code == 1 and "already registered" in err
    code, out, _ = _cli(root, "archive", "wire-again", str(report))
    assert code == 0 and "registered as wire" in out and "nothing written" in out
    (root / "seeds" / "taken.txt").write_text("someone else's file\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("A different report altogether, with words of its own.\n", encoding="utf-8")
    code, _, err = _cli(root, "archive", "taken", str(other))
    assert code == 1 and "already exists" in err
    assert (root / "seeds" / "taken.txt").read_text(encoding="utf-8") == "someone else's file\n"
    assert _registry(root) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["../x", "f.txt"], 2, "not a usable source id"),
        (["ok", "missing.txt"], 2, "file not found"),
        (["ok", "report.txt", "--published", "2025-13-01"], 2, "--published"),
        (["ok", "report.pdf"], 1, "a PDF"),
        (["ok", "report.docx"], 2, "cannot tell what .docx holds"),
    ],
)
def test_bad_arguments(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04")
    got, _, err = _cli(root, "archive", *args)
    assert got == code and message in err and "Traceback" not in err


def test_the_library_refuses_a_bad_id_before_reading_anything(root: Path) -> None:
    with pytest.raises(UsageError):
        archive_report(root, "a/b", "/nonexistent")


def test_plain_text_is_kept_as_it_is_and_in_another_encoding_beside_its_utf8_text(root: Path, server: _Server) -> None:
    utf8 = (REPORT + CYRILLIC + "\n").encode()
    server.routes["/utf8"] = _send(200, utf8, "text/plain; charset=utf-8")
    server.routes["/cp1251"] = _send(200, (CYRILLIC + " Інша.\n").encode("cp1251"), "text/plain; charset=windows-1251")
    _archive(root, "plain", server.url("/utf8"))
    assert (root / "seeds" / "plain.txt").read_bytes() == utf8 and not (root / "seeds" / "plain.raw").exists()
    _archive(root, "legacy", server.url("/cp1251"))
    assert (root / "seeds" / "legacy.txt").read_text(encoding="utf-8") == CYRILLIC + " Інша.\n"
    assert (root / "seeds" / "legacy.raw").read_bytes() == (CYRILLIC + " Інша.\n").encode("cp1251")
    assert _cli(root, "check")[0] == 0


def test_an_unregistered_archive_is_registered_where_it_is_under_its_own_name(root: Path) -> None:
    path = root / "seeds" / "found.txt"
    path.write_bytes(REPORT.encode())
    code, _, err = _cli(root, "check")
    assert "seeds/found.txt is archived but not registered" in err
    assert "drafts archive ID seeds/found.txt" in err
    code, out, err = _cli(root, "archive", "found", str(path))
    assert code == 0 and "archived found: seeds/found.txt" in out
    assert path.read_bytes() == REPORT.encode()
    code, _, err = _cli(root, "check")
    assert code == 0 and "found.txt" not in err


def test_never_writes_through_a_seeds_folder_that_is_a_symlink(root: Path, tmp_path: Path) -> None:
    import shutil

    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "seeds", elsewhere)
    try:
        (root / "seeds").symlink_to(elsewhere, target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.encode())
    code, _, err = _cli(root, "archive", "wire", str(report))
    assert code == 1 and "symbolic link" in err and not (elsewhere / "wire.txt").exists()
