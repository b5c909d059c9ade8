"""`drafts archive ID FILE|URL` (SPEC §6): keep a report as captured, extract its text, register it.

A local .txt is kept as it is. A web page, saved or fetched, is kept byte for byte as
`seeds/ID.html` and its article text is extracted by trafilatura into `seeds/ID.txt`, the file
quotes are checked against. The registration is appended to `seeds/sources.yaml` as text, so
the registry's own text and comments stay as they are. Nothing is ever overwritten: an id or a
file that exists stops the command before anything is written, and a text already archived
under another id is reported, not archived twice.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import re
import stat
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from drafts.atomic import write_atomic
from drafts.errors import DataError, Problem, UsageError
from drafts.evidence.checks import MAX_ARCHIVE_BYTES
from drafts.evidence.fetch import DEFAULT_LIMITS, Fetched, Limits, fetch, is_url
from drafts.reading import yamlsafe
from drafts.reading.loader import SOURCES_FILE, load_sources, registry_text
from drafts.reading.schema import SOURCES_FORMAT
from drafts.records.dates import parse_date
from drafts.records.fields import ID
from drafts.records.text import fold

if TYPE_CHECKING:
    import httpx

MAX_LOCAL_BYTES = 8 << 20
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class Metadata(NamedTuple):
    outlet: str
    title: str
    published: str  # YYYY-MM-DD, YYYY-MM or unknown


class Archived(NamedTuple):
    source_id: str
    text_file: str  # under seeds/
    raw_file: str | None  # the page as captured, when it is not the text itself
    metadata: Metadata
    text: str
    duplicate_of: str | None = None  # the id this text is already registered under; nothing written


def archive_report(
    root: Path,
    source_id: str,
    target: str,
    *,
    outlet: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    now: datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
    transport: httpx.BaseTransport | None = None,
) -> Archived:
    """Archive `target` (a local file or an http(s) URL) as source `source_id` of the collection at `root`."""
    if not re.fullmatch(ID.regex, source_id):
        raise UsageError.at(
            f"'{source_id}' is not a usable source id",
            hint="use letters, digits, - and _, starting with a letter or digit, e.g. reuters-2025-04-30",
        )
    if published is not None and published != "unknown":
        try:
            parse_date(published)
        except ValueError as exc:
            raise UsageError.at(f"--published: {exc}", hint="YYYY-MM-DD, YYYY-MM or unknown") from None
    sources, problems = load_sources(root)
    if sources is None:
        raise DataError(problems)
    if source_id in sources:
        raise DataError.at(
            f"source {source_id} is already registered; not overwriting it",
            file=SOURCES_FILE,
            hint="choose another id",
        )
    seeds = root / "seeds"
    if seeds.is_symlink():  # check would refuse to read what we wrote there
        raise DataError.at(
            "seeds/ is a symbolic link; archives must be regular files inside the collection's own seeds/",
            file="seeds",
            hint="replace the link with the folder of archived texts itself",
        )
    text_file, raw_file = f"{source_id}.txt", f"{source_id}.html"

    fetched: Fetched | None = None
    if is_url(target):
        fetched = fetch(target, limits, transport)
        raw, kind, charset = fetched.body, fetched.kind, fetched.charset
    else:
        raw, kind, charset = _read_local(Path(target)), _local_kind(Path(target)), None
    if kind == "text":
        text = _decode(raw, charset, target, page=False)
        raw_file = f"{source_id}.raw"
        keep_raw = text.encode("utf-8") != raw  # plain text in another encoding: keep both
        data = text.encode("utf-8")
        found = Metadata("unknown", "unknown", "unknown")
    else:
        page = _decode(raw, charset, target)
        text, found = _extract(page, target)
        keep_raw = True
        data = (text.rstrip("\n") + "\n").encode("utf-8")
        text = data.decode("utf-8")
    metadata = Metadata(
        outlet if outlet is not None else found.outlet,
        title if title is not None else found.title,
        published if published is not None else found.published,
    )
    yamlsafe.decode_text(data, f"seeds/{text_file}", limit=MAX_ARCHIVE_BYTES)  # what check will read
    digest = hashlib.sha256(data).hexdigest()
    for other in sources.values():
        if other.sha256 == digest:
            return Archived(other.id, other.file or "", None, metadata, text, duplicate_of=other.id)

    # A text already in seeds/ under this id's name, unregistered: register it where it is.
    in_place = not fetched and kind == "text" and not keep_raw and _same_file(Path(target), seeds / text_file)
    names = [*([] if in_place else [text_file]), *([raw_file] if keep_raw else [])]
    for name in names:
        if os.path.lexists(seeds / name):
            raise DataError.at(
                "file already exists; not overwriting it",
                file=f"seeds/{name}",
                hint="choose another id, or move the existing file away first",
            )
    entry = _entry(
        source_id,
        metadata,
        url=url if url is not None else (fetched.final_url if fetched else None),
        fetched=fetched,
        captured=(now or datetime.now(UTC)).astimezone(UTC),
        text_file=text_file,
        digest=digest,
        raw=(raw_file, hashlib.sha256(raw).hexdigest()) if keep_raw else None,
    )
    registry_path = root / SOURCES_FILE
    registry = registry_text(root)
    updated = registry + ("" if registry.endswith("\n") or not registry else "\n") + entry
    _validate_registry(updated)

    written: list[Path] = []
    try:
        if keep_raw:
            write_atomic(seeds / raw_file, raw, overwrite=False, label=f"seeds/{raw_file}")
            written.append(seeds / raw_file)
        if not in_place:
            write_atomic(seeds / text_file, data, overwrite=False, label=f"seeds/{text_file}")
            written.append(seeds / text_file)
        if registry_text(root) != registry:
            raise DataError.at("the registry changed while archiving; nothing registered", file=SOURCES_FILE)
        write_atomic(registry_path, updated, overwrite=True, label=SOURCES_FILE)
    except BaseException:
        for path in written:  # all or nothing: no archive without its registration
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return Archived(source_id, text_file, raw_file if keep_raw else None, metadata, text)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b) and not b.is_symlink()
    except OSError:
        return False


def _read_local(path: Path) -> bytes:
    label = str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise UsageError.at("not a regular file", file=label, hint="archive a saved page or a .txt file")
        with path.open("rb") as handle:
            data = handle.read(MAX_LOCAL_BYTES + 1)
    except FileNotFoundError:
        raise UsageError.at("file not found", file=label, hint="give a saved file or an http(s) URL") from None
    except OSError as exc:
        raise DataError.at(f"cannot read file: {exc.strerror or exc}", file=label) from None
    if len(data) > MAX_LOCAL_BYTES:
        raise DataError.at(f"larger than {MAX_LOCAL_BYTES >> 20} MiB", file=label, hint="archive the article alone")
    if data.startswith(b"%PDF"):
        raise DataError.at("a PDF, not a web page or plain text", file=label, hint="save the article's text as .txt")
    return data


def _local_kind(path: Path) -> str:
    if path.suffix.lower() in _HTML_SUFFIXES:
        return "html"
    if path.suffix.lower() in (".txt", ".text"):
        return "text"
    raise UsageError.at(
        f"cannot tell what {path.suffix or 'a file without a suffix'} holds",
        file=str(path),
        hint="archive a saved web page (.html, .htm) or plain text (.txt)",
    )


def _decode(raw: bytes, charset: str | None, label: str, *, page: bool = True) -> str:
    """The page's text: the charset the server declared, else the page's own <meta>, else UTF-8."""
    meta = _META_CHARSET.search(raw[:4096]) if page else None
    for name in (charset, meta[1].decode("ascii") if meta else None, "utf-8"):
        if not name:
            continue
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        try:
            return raw.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError:
            continue
    raise DataError.at(
        "cannot tell the page's character encoding: it declares none that fits and is not UTF-8",
        file=label,
        hint="save the page as UTF-8 and archive the file",
    )


def _extract(page: str, label: str) -> tuple[str, Metadata]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    text = trafilatura.extract(page, include_comments=False, include_tables=True, deduplicate=False)
    if not text or not text.strip():
        raise DataError.at(
            "found no article text in the page",
            file=label,
            hint="save the article's text as .txt and archive that file",
        )
    # Only dates the page states in its metadata: no guessing from the text or the URL.
    found = extract_metadata(
        page, date_config={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
    )
    published = _metadata_text(found.date)
    try:
        parse_date(published)
    except ValueError:
        published = "unknown"
    return text, Metadata(_metadata_text(found.sitename), _metadata_text(found.title), published)


def _metadata_text(value: str | None) -> str:
    """One line of plain text: no markup, no control or format characters; `unknown` when empty."""
    if not value:
        return "unknown"
    value = _TAG.sub("", value)
    value = "".join(ch for ch in value if not unicodedata.category(ch).startswith("C"))
    return fold(value) or "unknown"


def _entry(
    source_id: str,
    metadata: Metadata,
    *,
    url: str | None,
    fetched: Fetched | None,
    captured: datetime,
    text_file: str,
    digest: str,
    raw: tuple[str, str] | None,
) -> str:
    lines = [
        "",
        f"{source_id}:",
        f"  outlet: {_quoted(metadata.outlet)}",
        f"  title: {_quoted(metadata.title)}",
        f"  published: {metadata.published}",
    ]
    if url:
        lines.append(f"  url: {_quoted(url)}")
    if fetched is not None:
        lines.append(f"  requested_url: {_quoted(fetched.requested_url)}")
        if fetched.redirects:
            lines.append("  redirects:")
            lines += [f"    - {_quoted(hop)}" for hop in fetched.redirects]
    lines += [
        f'  captured: "{captured.strftime("%Y-%m-%dT%H:%M:%SZ")}"',
        f"  file: {text_file}",
        f"  sha256: {digest}",
    ]
    if raw is not None:
        lines += [f"  raw_file: {raw[0]}", f"  raw_sha256: {raw[1]}"]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's) that no line break can split."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in quoted)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _validate_registry(text: str) -> None:
    """The registry as it would be written must still load: never write one that does not."""
    try:
        SOURCES_FORMAT.validator.validate_python(yamlsafe.load(text, SOURCES_FILE, yamlsafe.REGISTRY))
    except DataError:
        raise
    except Exception as exc:  # pydantic_core's ValidationError; kept out of the type imports
        raise DataError(
            Problem(
                "the registration would not be valid; nothing written",
                SOURCES_FILE,
                hint=str(exc).splitlines()[0],
            )
        ) from None
