"""Files -> validated domain objects. Every problem found is reported, each with its position."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from drafts.errors import DataError, Problem
from drafts.reading import yamlsafe
from drafts.reading.parsecache import ParseCache, bytes_key
from drafts.records.dates import PartialDate, parse_date
from drafts.records.fields import field_at, file_fields, filler, is_record, items_of, key_pattern, record_at
from drafts.records.model import (
    NOT_REPORTED,
    Agreement,
    Citation,
    Claim,
    Collection,
    Source,
    Status,
    Term,
    TermSpec,
    Version,
    version_order,
)
from drafts.records.values import ValueProblem, parse_value

if TYPE_CHECKING:
    from pydantic_core import ValidationError

AGREEMENT_FILE = "drafts/agreement.yaml"
SOURCES_FILE = "seeds/sources.yaml"
RESERVED_IDS = frozenset(("first", "latest", "agreement"))
_VERSION_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*\Z")
_MAX_PROBLEMS_PER_FILE = 50

# Each record filled from its file entry as the records' definition says (drafts.records.fields).
_fill_term_spec = filler(TermSpec)
_fill_agreement = filler(Agreement)
_fill_source = filler(Source)
_fill_version = filler(Version)
_fill_term = filler(Term)
_fill_claim = filler(Claim)
_fill_citation = filler(Citation)

Loc = tuple[str | int, ...]


def valid_version_id(text: str) -> bool:
    if text.isascii() and text.isalnum() and len(text) <= 64:  # most ids, without the regex
        return text not in RESERVED_IDS
    return bool(_VERSION_ID.match(text)) and text not in RESERVED_IDS and len(text) <= 64


class _FileProblems:
    """Problems of one file; positions are looked up only once something is wrong."""

    def __init__(self, name: str, text: str | None, known_sources: Iterable[str] = ()) -> None:
        self.name = name
        self.text = text
        self.known_sources = tuple(known_sources)
        self.problems: list[Problem] = []

    @property
    def full(self) -> bool:
        """No more problems are kept: skip working out their hints."""
        return len(self.problems) >= _MAX_PROBLEMS_PER_FILE

    def add(self, loc: Loc, message: str, hint: str | None = None, detail: str | None = None) -> None:
        if self.full:
            return
        at = yamlsafe.locate(self.text, loc) if self.text is not None else None
        line, column = at if at else (None, None)
        self.problems.append(Problem(message, self.name, line, column, hint, detail))

    def validation(self, error: ValidationError, shape: Any) -> None:
        start = len(self.problems)
        self._validation(error, shape)
        # In the order of the file, not of the definition's fields.
        self.problems[start:] = sorted(self.problems[start:], key=lambda p: (p.line or 0, p.column or 0))

    def _validation(self, error: ValidationError, shape: Any) -> None:
        for item in error.errors(include_url=False):
            loc = tuple(item["loc"])
            kind = item["type"]
            where = _dotted(loc)
            if kind == "missing":
                hint = _fields_hint(shape, loc[:-1])
                if loc[-1] == "source" and self.known_sources:
                    hint = f"name a registered source: {', '.join(self.known_sources)}"
                self.add(loc[:-1], f"{_prefix(loc[:-1])}missing field '{loc[-1]}'", hint)
            elif kind == "extra_forbidden":
                self.add(loc, f"{_prefix(loc[:-1])}unknown field '{loc[-1]}'", _fields_hint(shape, loc[:-1]))
            else:
                self.add(loc, f"{where}: {_plain_message(item, shape)}")


def _prefix(loc: Loc) -> str:
    return f"{_dotted(loc)}: " if loc else ""


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def _plain_message(item: Any, shape: Any) -> str:
    kind: str = item["type"]
    if kind in ("string_type", "str_type"):
        return "expected text"
    if kind == "dict_type":
        return "expected a mapping of fields"
    if kind == "list_type":
        return "expected a list"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        context = item.get("ctx", {})
        least, found = context.get("min_length"), context.get("actual_length")
        needed = "needs at least one entry" if least == 1 else f"needs at least {least} entries"
        return f"{needed}, has {found}" if found else needed
    if kind == "string_pattern_mismatch":
        return f"must be {_pattern_meaning(shape, tuple(item['loc']), item.get('ctx', {}).get('pattern'))}"
    message: str = item["msg"]
    return message[0].lower() + message[1:] if message else kind


def _pattern_meaning(shape: Any, loc: Loc, regex: str | None) -> str:
    """What the text at `loc` must look like, as its definition says: a field's pattern or an id's."""
    if loc[-1:] == ("[key]",):  # an entry's key: the id of the record filed under it
        record = record_at(shape, loc[:-1])
        pattern = key_pattern(record) if record is not None else None
    else:
        field = field_at(shape, loc)
        pattern = field.about.pattern if field is not None else None
    if pattern is not None:
        return pattern.meaning
    return f"text matching {regex}" if regex else "text of another form"  # a pattern the definition does not name


def _fields_hint(shape: Any, loc: Loc) -> str | None:
    record = record_at(shape, loc)
    if record is None:
        return None
    return "allowed fields: " + ", ".join(field.name for field in file_fields(record))


# The file formats, by the name their entries in the parse cache carry.
_FORMATS = {"version": "VERSION_FORMAT", "agreement": "AGREEMENT_FORMAT", "sources": "SOURCES_FORMAT"}


def _read(
    path: Path,
    label: str,
    problems: _FileProblems,
    cache: ParseCache | None = None,
    limits: yamlsafe.Limits = yamlsafe.DRAFT,
) -> Any:
    """The file's content key (with a cache) and entry [parsed data, {format: validated data}]."""
    try:
        text = yamlsafe.read_text(path, label=label, limit=limits.file_bytes)
        problems.text = text
        if cache is not None:
            return cache.entry(text, label, limits)
        return None, [yamlsafe.load(text, label, limits), {}]
    except DataError as exc:
        problems.problems.extend(exc.problems)
        return None


def _read_valid(
    path: Path,
    label: str,
    kind: str,
    problems: _FileProblems,
    cache: ParseCache | None,
    limits: yamlsafe.Limits = yamlsafe.DRAFT,
) -> tuple[Any, Any, str | None]:
    """(parsed data, validated data or None, content key with a cache).

    A file that passed its format before is not validated again.
    """
    read = _read(path, label, problems, cache, limits)
    if read is None:
        return None, None, None
    key, entry = read
    if cache is not None:
        done, valid = cache.validated(entry, kind)
        if done:
            return entry[0], valid, key
    raw = _validate(entry[0], kind, problems)
    if raw is not None and cache is not None and key is not None:
        cache.record_valid(key, entry, kind, raw)
    return entry[0], raw, key


def _validate(data: Any, kind: str, problems: _FileProblems) -> Any:
    from pydantic_core import ValidationError  # only for files not validated before

    from drafts.reading import schema

    fmt: schema.FileFormat = getattr(schema, _FORMATS[kind])
    if data is None and not problems.problems:
        problems.add((), "expected a mapping of fields")
        return None
    if problems.problems:
        return None
    if not isinstance(data, dict):
        problems.add((), f"expected a mapping of fields at the top, found {_kind(data)}")
        return None
    if _foreign(data, fmt, problems):
        return None
    try:
        return fmt.validator.validate_python(data)
    except ValidationError as exc:
        problems.validation(exc, fmt.shape)
        return None


def _foreign(data: dict[str, Any], fmt: Any, problems: _FileProblems) -> bool:
    """One message, not one per field, for a mapping that is not this kind of file at all."""
    found = ", ".join(list(data)[:5]) + (", ..." if len(data) > 5 else "")
    if is_record(fmt.shape):
        fields = file_fields(fmt.shape)
        if any(field.name in data for field in fields):
            return False
        required = ", ".join(field.name for field in fields if field.required)
        allowed = ", ".join(field.name for field in fields)
        message = f"none of the fields here belongs in this file ({found})" if data else "the file has no fields"
        problems.add((), message, f"expected {required}; allowed fields: {allowed}")
        return True
    entries = items_of(fmt.shape)
    if is_record(entries) and data and not any(isinstance(value, dict) for value in data.values()):
        problems.add(
            (),
            f"none of the entries here is a mapping of fields ({found})",
            "each entry is an id with its fields indented below it: "
            + ", ".join(field.name for field in file_fields(entries)),
        )
        return True
    return False


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "text"
    return "a single value"


def load_agreement(root: Path, cache: ParseCache | None = None) -> tuple[Agreement | None, list[Problem]]:
    problems = _FileProblems(AGREEMENT_FILE, None)
    _, raw, key = _read_valid(root / AGREEMENT_FILE, AGREEMENT_FILE, "agreement", problems, cache, yamlsafe.AGREEMENT)
    if raw is None:
        return None, problems.problems
    if cache is not None and not problems.problems:
        cache.catalogue = key
    specs = {name: _fill_term_spec(spec, name=name) for name, spec in raw["terms"].items()}
    agreement = _fill_agreement(raw, terms=specs)
    return agreement, problems.problems


def registry_text(root: Path) -> str:
    """seeds/sources.yaml as text, read with the registry's own limits (it outgrows a draft's)."""
    return yamlsafe.read_text(root / SOURCES_FILE, label=SOURCES_FILE, limit=yamlsafe.REGISTRY.file_bytes)


def load_sources(root: Path, cache: ParseCache | None = None) -> tuple[dict[str, Source] | None, list[Problem]]:
    problems = _FileProblems(SOURCES_FILE, None)
    _, raw, key = _read_valid(root / SOURCES_FILE, SOURCES_FILE, "sources", problems, cache, yamlsafe.REGISTRY)
    if raw is None:
        return None, problems.problems
    sources: dict[str, Source] = {}
    for source_id, entry in raw.items():
        published = None
        if entry["published"] != "unknown":
            try:
                published = parse_date(entry["published"])
            except ValueError as exc:
                problems.add((source_id, "published"), f"{source_id}.published: {exc}", "or write unknown")
        archive = entry.get("file")
        if archive is not None and not _safe_archive_name(archive):
            problems.add((source_id, "file"), f"{source_id}.file: must be a file name inside seeds/")
            archive = None  # still registered: versions citing it must not read as citing an unknown source
        sources[source_id] = _fill_source(entry, id=source_id, published=published, file=archive)
    if cache is not None and not problems.problems:
        cache.registry = key
    return sources, problems.problems


def _safe_archive_name(name: str) -> bool:
    return "/" not in name and "\\" not in name and name not in (".", "..") and not name.startswith(".")


def load_version(
    path: Path, label: str, agreement: Agreement, sources: dict[str, Source], cache: ParseCache | None = None
) -> tuple[Version | None, list[Problem]]:
    """One version file; its id is the file stem. `label` is how messages name the file."""
    problems = _FileProblems(label, None, sources)
    version_id = path.stem
    data, raw, key = _read_valid(path, label, "version", problems, cache)
    if raw is None:
        if isinstance(data, dict):
            _check_header(data, agreement, problems)  # so one run lists these too
        return None, problems.problems
    date = _check_header(raw, agreement, problems)
    terms: dict[str, Term] = {}
    given: dict[str, Any] = raw.get("terms", {})
    for name, spec in agreement.terms.items():
        entry = given.get(name)
        terms[name] = NOT_REPORTED if entry is None else _term(spec, entry, ("terms", name), sources, problems)
    if date is None:
        return None, problems.problems
    # With problems, the version is partial (bad terms read as not reported) but its quotes
    # can still be checked, so one run of `drafts check` lists those problems too.
    version = _fill_version(raw, id=version_id, date=date, terms=terms, file=label)
    if cache is not None and key is not None and cache.against is not None and not problems.problems:
        cache.record_built_ok(key, cache.against, list(date))  # so `diff` and `show` can skip it next time
    return version, problems.problems


def _check_header(data: dict[str, Any], agreement: Agreement, problems: _FileProblems) -> PartialDate | None:
    """The date and the term names: checked even when other fields fail the schema."""
    date = None
    if isinstance(data.get("date"), str):
        try:
            date = parse_date(data["date"])
        except ValueError as exc:
            problems.add(("date",), f"date: {exc}")
    given = data.get("terms")
    if isinstance(given, dict):
        for name in given:
            if name not in agreement.terms and not problems.full:
                problems.add(("terms", name), f"{name}: unknown term", _did_you_mean(name, agreement.terms))
    return date


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    import difflib

    choices = list(known)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    return "known terms: " + ", ".join(choices)


def _term(spec: TermSpec, entry: dict[str, Any], loc: Loc, sources: dict[str, Source], problems: _FileProblems) -> Term:
    status = entry.get("status")
    has_value = "value" in entry and entry["value"] is not None
    claims = entry.get("claims")
    if status is None:
        status = "disputed" if claims else "stated" if has_value else None
    where = loc[-1]
    if status is None:
        problems.add(loc, f"{where}: give a value, or a status (absent, not_reported, disputed)")
        return NOT_REPORTED
    if status == "not_reported":
        extra = [key for key in ("value", "sources", "claims") if entry.get(key)]
        if extra:
            problems.add(
                (*loc, extra[0]),
                f"{where}: a not_reported term has no {extra[0]}",
                "remove the term instead, or give it a status it has",
            )
        return NOT_REPORTED
    if status == "disputed":
        for key in ("value", "sources"):
            if entry.get(key):
                problems.add(
                    (*loc, key), f"{where}: a disputed term keeps its {key} inside its claims", "move it into a claim"
                )
        if not claims or len(claims) < 2:
            problems.add(loc, f"{where}: a disputed term needs two or more claims", "add each side's claim")
            return NOT_REPORTED
        resolved = tuple(_claim(spec, claim, (*loc, "claims", i), sources, problems) for i, claim in enumerate(claims))
        return _fill_term(entry, status="disputed", claims=resolved)
    if claims:
        problems.add((*loc, "claims"), f"{where}: only a disputed term has claims", "set status: disputed")
    value = _value(spec, entry, loc, status, problems)
    citations = _citations(entry.get("sources", []), (*loc, "sources"), sources, problems)
    if not citations:
        problems.add(
            loc,
            f"{where}: {'an' if status == 'absent' else 'a'} {status} term needs at least one source",
            f"add sources: [{{source: ..., quote: ...}}] with a registered source: {', '.join(problems.known_sources)}",
        )
    if not entry.get("summary"):
        problems.add(loc, f"{where}: missing field 'summary'", "one line saying what the reports say")
    return _fill_term(entry, status=cast(Status, status), value=value, sources=citations)


def _claim(
    spec: TermSpec, entry: dict[str, Any], loc: Loc, sources: dict[str, Source], problems: _FileProblems
) -> Claim:
    status = entry.get("status") or ("stated" if entry.get("value") is not None else None)
    if status is None:
        problems.add(loc, f"{_dotted(loc[1:])}: give the claim a value, or status: absent")
        status = "absent"
    value = _value(spec, entry, loc, status, problems)
    citations = _citations(entry["sources"], (*loc, "sources"), sources, problems)
    return _fill_claim(entry, status=cast(Literal["stated", "absent"], status), value=value, sources=citations)


def _value(spec: TermSpec, entry: dict[str, Any], loc: Loc, status: str, problems: _FileProblems) -> Any:
    raw = entry.get("value")
    if status == "absent":
        if raw is not None:
            problems.add(
                (*loc, "value"), f"{_dotted(loc[1:])}: an absent term has no value", "remove the value, or the status"
            )
        return None
    if raw is None:
        problems.add(loc, f"{_dotted(loc[1:])}: a stated term needs a value")
        return None
    try:
        return parse_value(spec.type, raw)
    except ValueProblem as exc:
        problems.add((*loc, "value"), f"{_dotted(loc[1:])}.value: {exc}", f"{spec.name} is a {spec.type} term")
        return None


def _citations(
    entries: list[dict[str, Any]], loc: Loc, sources: dict[str, Source], problems: _FileProblems
) -> tuple[Citation, ...]:
    citations = []
    for i, entry in enumerate(entries):
        source_id = entry["source"]
        if source_id not in sources and not problems.full:
            close = _did_you_mean(source_id, sources).replace("known terms", "known sources")
            problems.add(
                (*loc, i, "source"),
                f"{_dotted((*loc[1:], i))}: unknown source '{source_id}'",
                f"{close}; sources are registered in {SOURCES_FILE}",
            )
        citations.append(_fill_citation(entry))
    return tuple(citations)


def version_files(root: Path) -> list[str]:
    return sorted(
        f"drafts/{name}"
        for name in os.listdir(root / "drafts")  # not Path.iterdir: a Path per file costs 30 ms per 4,000
        if name.endswith(".yaml") and name != "agreement.yaml" and not name.startswith(".")
    )


def load_foundations(
    root: Path,
) -> tuple[ParseCache, Agreement | None, dict[str, Source] | None, list[Problem]]:
    """The parse cache, the term catalogue and the source registry every version is read against.

    When either cannot be read, the cache is saved here (nothing more will be read) and the
    problems say why.
    """
    cache = ParseCache(root)
    agreement, problems = load_agreement(root, cache)
    sources, source_problems = load_sources(root, cache)
    problems += source_problems
    if agreement is None or sources is None:
        cache.save()
    return cache, agreement, sources, problems


def load_collection(root: Path) -> Collection:
    """Load and validate the whole collection; raise DataError listing every problem."""
    cache, agreement, sources, problems = load_foundations(root)
    if agreement is None or sources is None:
        raise DataError(problems)
    versions = []
    for relative in version_files(root):
        if not valid_version_id(Path(relative).stem):
            problems.append(_bad_id(relative))
            continue
        version, found = load_version(root / relative, relative, agreement, sources, cache)
        problems += found
        if version is not None and not found:
            versions.append(version)
    cache.save(complete=True)
    if problems:
        raise DataError(problems)
    versions.sort(key=version_order)
    return Collection(root, agreement, sources, tuple(versions))


def _bad_id(relative: str) -> Problem:
    return Problem(
        f"'{Path(relative).stem}' is not a usable version id",
        relative,
        hint="name version files with letters, digits, - and _, e.g. v4.yaml; not first or latest",
    )


def _in_order(versions: list[Version]) -> tuple[Version, ...]:
    """`sorted(versions, key=version_order)`, with ids compared only where dates tie (most differ)."""
    versions.sort(key=lambda version: version.date)
    ordered: list[Version] = []
    start = 0
    for end in range(1, len(versions) + 1):
        if end == len(versions) or versions[end].date != versions[start].date:
            group = versions[start:end]
            ordered += sorted(group, key=version_order) if len(group) > 1 else group
            start = end
    return tuple(ordered)


_NO_TERMS: dict[str, Term] = {}  # a stand-in's: never read, never changed
_MAX_FINGERPRINT_BYTES = 16 << 20  # larger files take the long way, which refuses them


def _fingerprint(path: str) -> str | None:
    """The content key of a regular file from its bytes; None: read it the long way, which says what is wrong.

    The lean path of `load_span` over thousands of files: one open, fstat, read and hash each.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FINGERPRINT_BYTES:
            return None
        data = os.read(fd, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return bytes_key(data) if len(data) == info.st_size else None


def load_span(root: Path, refs: tuple[str, ...], *, predecessor: bool = False) -> Collection:
    """The collection with only the versions from the earliest to the latest of `refs` built.

    With `predecessor`, the version before the last ref is included too (`diff B`). What is
    printed is what `load_collection` would give: every file is read and hashed, a file that
    was not built without a problem against this very catalogue and registry (by content) is
    loaded in full, every problem found is raised, and the refs resolve against every version;
    only the versions outside the span are not validated and built again.
    """
    cache, agreement, sources, problems = load_foundations(root)
    if agreement is None or sources is None:
        raise DataError(problems)
    against = cache.against
    built: dict[str, Version] = {}
    known: list[Version] = []  # every version: built, or a stand-in with its id and date only
    folder = str(root)
    for relative in version_files(root):
        stem = relative[7:-5]  # drafts/ID.yaml
        if not valid_version_id(stem):
            problems.append(_bad_id(relative))
            continue
        key = _fingerprint(f"{folder}/{relative}") if against is not None else None
        date = cache.built_ok(key, against) if key is not None and against is not None else None
        if date is not None:
            known.append(Version(stem, "", PartialDate(*date), "proposal", _NO_TERMS, None, None, relative))
            continue
        version, found = load_version(root / relative, relative, agreement, sources, cache)
        problems += found
        if version is not None and not found:
            built[stem] = version
            known.append(version)
    if problems:
        cache.save(complete=True)
        raise DataError(problems)
    outline = Collection(root, agreement, sources, _in_order(known))
    positions = [outline.index[outline.resolve(ref).id] for ref in refs]
    first, last = min(positions), max(positions)
    if predecessor and last > 0:
        first = min(first, last - 1)
    span = []
    for stand_in in outline.versions[first : last + 1]:
        version = built.get(stand_in.id)
        if version is None:
            relative = str(stand_in.file)
            version, found = load_version(root / relative, relative, agreement, sources, cache)
            if version is None or found:  # cannot happen for content built without problems: load it all
                cache.save(complete=True)
                return load_collection(root)
        span.append(version)
    cache.save(complete=True)
    return Collection(root, agreement, sources, tuple(span))
