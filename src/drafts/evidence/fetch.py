"""Fetching a report for `drafts archive`: bounded in time, size and redirects, web pages only.

httpx is imported only here, and only when a URL is archived. The body is decompressed by us,
chunk by chunk with a cap on the output, so a small gzip bomb cannot fill the memory before the
size cap sees it; the overall deadline is checked between chunks, so a server that drips a
byte at a time cannot hold the command beyond it (plus one read timeout at most).
"""

from __future__ import annotations

import re
import signal
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urljoin, urlsplit

from drafts import __version__
from drafts.errors import DataError, Problem

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"drafts/{__version__} (archiving a report for a newsroom's fact-check)"
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}


class Limits(NamedTuple):
    connect: float = 10.0  # seconds
    read: float = 15.0  # seconds between two chunks
    deadline: float = 45.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 8 << 20  # of the page, after decompression
    max_redirects: int = 3


DEFAULT_LIMITS = Limits()


class Fetched(NamedTuple):
    requested_url: str
    final_url: str
    redirects: tuple[str, ...]  # every URL we were sent to, in order
    kind: str  # "html" or "text"
    charset: str | None  # from the Content-Type header
    body: bytes  # the page's bytes as the server sent them, after Content-Encoding


def is_url(text: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text) is not None


class _Deadline(Exception):
    """The overall deadline passed while a read was waiting (headers sent a byte at a time)."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt whatever is waiting after `seconds`, where the platform allows (the main thread on
    Unix); elsewhere the deadline is checked between chunks of the body only."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(_signum: int, _frame: object) -> None:
        raise _Deadline

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fetch(url: str, limits: Limits = DEFAULT_LIMITS, transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET a page, following at most `limits.max_redirects` redirects; DataError on any failure."""
    _check_scheme(url, url)
    try:
        with _alarm(limits.deadline + 0.5):  # the body loop's own check comes first when it can
            return _fetch(url, limits, transport)
    except _Deadline:
        raise _failure(url, f"the download took longer than {limits.deadline:g} s", "try again later") from None


def _fetch(url: str, limits: Limits, transport: httpx.BaseTransport | None) -> Fetched:
    import httpx

    started = time.monotonic()
    redirects: list[str] = []
    timeout = httpx.Timeout(limits.read, connect=limits.connect)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9", "Accept-Encoding": "gzip, deflate"}
    current = url
    try:
        with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False, transport=transport) as client:
            while True:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        if len(redirects) >= limits.max_redirects:
                            raise _failure(url, f"more than {limits.max_redirects} redirects", "archive the final URL")
                        _check_scheme(target, url)
                        redirects.append(target)
                        current = target
                        continue
                    if response.status_code != 200:
                        reason = f"{response.status_code} {response.reason_phrase}".strip()
                        raise _failure(url, f"the server answered {reason}", "check the URL in a browser")
                    content_type = response.headers.get("content-type", "")
                    mime = content_type.split(";", 1)[0].strip().lower()
                    kind = PAGE_TYPES.get(mime)
                    if kind is None:
                        raise _failure(
                            url,
                            f"the server sent {mime or 'no content type'}, not a web page or plain text",
                            "archive a web page (HTML) or plain text; save other documents' text as .txt",
                        )
                    encoding = response.headers.get("content-encoding", "identity").strip().lower()
                    body = _read_body(response.iter_raw(), encoding, limits, started, url)
                    match = re.search(r"charset=\"?([\w.:-]+)", content_type, re.I)
                    final = str(response.url)
                    return Fetched(url, final, tuple(redirects), kind, match[1] if match else None, body)
    except httpx.TimeoutException:
        raise _failure(
            url, "timed out waiting for the server", "try again later, or save the page and archive the file"
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise _failure(url, f"could not fetch it: {_reason(exc)}", "check the URL and your connection") from None


def _read_body(chunks: Iterator[bytes], encoding: str, limits: Limits, started: float, url: str) -> bytes:
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(wbits=47)  # gzip or zlib header, told apart by the data
    elif encoding not in ("identity", ""):
        raise _failure(url, f"the server sent the page {encoding}-encoded, which drafts cannot read", None)
    else:
        decoder = None
    parts: list[bytes] = []
    size = raw = 0
    too_big = _failure(
        url, f"the page is larger than {limits.max_bytes >> 20} MiB", "save the article's text and archive the file"
    )
    try:
        for chunk in chunks:
            if time.monotonic() - started > limits.deadline:
                raise _failure(url, f"the download took longer than {limits.deadline:g} s", "try again later")
            raw += len(chunk)
            if raw > limits.max_bytes:
                raise too_big
            if decoder is None:
                parts.append(chunk)
                size += len(chunk)
            else:
                data = chunk
                while data:
                    out = decoder.decompress(data, limits.max_bytes + 1 - size)
                    parts.append(out)
                    size += len(out)
                    if size > limits.max_bytes:
                        raise too_big
                    data = decoder.unconsumed_tail
            if size > limits.max_bytes:
                raise too_big
    except zlib.error:
        raise _failure(url, "the server sent a damaged compressed page", "try again later") from None
    if time.monotonic() - started > limits.deadline:
        raise _failure(url, f"the download took longer than {limits.deadline:g} s", "try again later")
    return b"".join(parts)


def _check_scheme(target: str, url: str) -> None:
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as exc:
        raise _failure(url, f"not a valid URL ({exc})", "give an http(s) URL, or a saved file") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"a redirect to {scheme or 'a relative'} URL" if target != url else f"a {scheme or 'schemeless'} URL"
        raise _failure(url, f"{shown}: drafts fetches http and https only", "give an http(s) URL, or a saved file")
    if not parts.hostname:
        raise _failure(url, "the URL names no host", "give the page's full address, https://...")


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _failure(url: str, message: str, hint: str | None) -> DataError:
    return DataError(Problem(f"cannot archive {url}: {message}", hint=hint))
