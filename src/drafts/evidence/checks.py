"""Verification beyond the file formats: archives and their sha256, quotes, and the warnings
a desk wants to see (unregistered archives, uncited sources, terms resting on one outlet)."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drafts.errors import DataError, Problem
from drafts.evidence.quotes import Archive
from drafts.reading import yamlsafe
from drafts.reading.loader import (
    AGREEMENT_FILE,
    SOURCES_FILE,
    load_agreement,
    load_sources,
    load_version,
    valid_version_id,
    version_files,
)
from drafts.reading.parsecache import ParseCache, sha256_hex
from drafts.records.model import Citation, Collection, Source, Term, Version, outlet_key

MAX_ARCHIVE_BYTES = 16 << 20
# The closest passage to a quote not found is a word-level edit-distance search, quadratic in the
# quote's length: it is looked for only for quotes of reporting length, and a few times per run.
_MAX_SEARCH_WORDS = 60
_MAX_SEARCHES = 10


@dataclass
class Archives:
    """Archived texts read, hashed and normalised at most once per run."""

    root: Path
    loaded: dict[str, Archive | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, source: Source) -> Archive | None:
        if source.file is None:
            return None
        if source.id in self.loaded:
            return self.loaded[source.id]
        archive = None
        relative = f"seeds/{source.file}"
        try:
            data = _read_bytes(self.root / relative, relative)
            if source.sha256 is not None and sha256_hex(data) != source.sha256:
                self._problem(
                    source,
                    f"{relative} does not match the sha256 registered for {source.id}",
                    "the archive must stay byte for byte as captured; restore it, or register a new source",
                )
            else:
                archive = Archive(yamlsafe.decode_text(data, relative, limit=MAX_ARCHIVE_BYTES))
        except FileNotFoundError:
            self._problem(source, f"{relative}, the archive of {source.id}, is missing", "restore the file")
        except DataError as exc:
            self.problems.extend(exc.problems)
        self.loaded[source.id] = archive
        return archive

    def _problem(self, source: Source, message: str, hint: str) -> None:
        self.problems.append(Problem(message, SOURCES_FILE, hint=hint))


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a directory, FIFO or device: never open it
            raise DataError.at("the archive is not a regular file", file=label, hint="restore the archived text file")
        with path.open("rb") as handle:
            data = handle.read(MAX_ARCHIVE_BYTES + 1)
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise DataError.at(f"cannot read the archive: {getattr(exc, 'strerror', None) or exc}", file=label) from None
    if len(data) > MAX_ARCHIVE_BYTES:
        raise DataError.at(f"archive is larger than {MAX_ARCHIVE_BYTES >> 20} MiB", file=label)
    return data


def verify_quotes(collection: Collection, versions: Iterable[Version], archives: Archives) -> list[Problem]:
    """Errors for quotes not in their archive; warnings for quotes with no archive to check."""
    problems: list[Problem] = []
    searches = _MAX_SEARCHES  # the closest-passage search costs time: bound it per run
    for version in versions:
        for name, term in version.terms.items():
            for loc, citation in _citation_locs(name, term):
                source = collection.sources.get(citation.source)
                if source is None:
                    continue  # already reported as an unknown source
                if source.file is None:
                    problems.append(
                        _at(
                            collection.root,
                            version,
                            loc,
                            f"{name}: quote from {source.id} is unverified (no archived file)",
                            "archive the report under seeds/ and register its file and sha256",
                            severity="warning",
                        )
                    )
                    continue
                archive = archives.get(source)
                if archive is None or archive.contains(citation.quote):
                    continue
                problems.append(
                    _not_found(collection, version, loc, name, citation.quote, source, archive, search=searches > 0)
                )
                searches -= 1
    return problems


def _citation_locs(name: str, term: Term) -> Iterable[tuple[tuple[str | int, ...], Citation]]:
    for i, citation in enumerate(term.sources):
        yield ("terms", name, "sources", i, "quote"), citation
    for c, claim in enumerate(term.claims):
        for i, citation in enumerate(claim.sources):
            yield ("terms", name, "claims", c, "sources", i, "quote"), citation


def _not_found(
    collection: Collection,
    version: Version,
    loc: tuple[str | int, ...],
    name: str,
    quote: str,
    source: Source,
    archive: Archive,
    *,
    search: bool = True,
) -> Problem:
    from drafts.comparing.textdiff import render_inline, word_diff
    from drafts.evidence.quotes import normalise

    message = f"{name}: quote not found in {source.id}"
    words = len(normalise(quote).split())
    if not search or words > _MAX_SEARCH_WORDS:
        why = f"the quote is long ({words} words)" if search else "too many quotes were not found"
        hint = f"copy the words exactly from seeds/{source.file} ({why} to look for the closest passage)"
        return _at(collection.root, version, loc, message, hint)
    passage = archive.closest(quote)
    detail = None
    hint = f"copy the words exactly from seeds/{source.file}"
    if passage is not None and passage.similarity >= 0.3:
        diff = word_diff(normalise(quote), passage.text)
        detail = f"closest passage: {passage.text}\n   quote vs passage: {render_inline(diff)}"
    else:
        hint = f"no similar passage in seeds/{source.file}: is this the right source?"
    return _at(collection.root, version, loc, message, hint, detail=detail)


def _at(
    root: Path,
    version: Version,
    loc: tuple[str | int, ...],
    message: str,
    hint: str,
    *,
    detail: str | None = None,
    severity: str = "error",
) -> Problem:
    line = column = None
    if version.file is not None:
        try:
            path = Path(version.file)
            text = yamlsafe.read_text(path if path.is_absolute() else root / path)
            at = yamlsafe.locate(text, loc)
            if at:
                line, column = at
        except DataError:
            pass
    return Problem(message, version.file, line, column, hint, detail, "warning" if severity == "warning" else "error")


def collection_warnings(collection: Collection) -> list[Problem]:
    warnings: list[Problem] = []
    registered = {s.file for s in collection.sources.values() if s.file}
    seeds = collection.root / "seeds"
    if seeds.is_dir():
        for path in sorted(seeds.iterdir()):
            if path.suffix == ".txt" and path.name not in registered:
                warnings.append(
                    Problem(
                        f"seeds/{path.name} is archived but not registered",
                        SOURCES_FILE,
                        hint="register it in seeds/sources.yaml, or remove it",
                        severity="warning",
                    )
                )
    cited = {c.source for v in collection.versions for t in v.terms.values() for c in t.citations}
    for source_id in collection.sources:
        if source_id not in cited:
            warnings.append(
                Problem(f"source {source_id} is not cited by any version", SOURCES_FILE, severity="warning")
            )
    for version in collection.versions:
        single = single_outlet_terms(collection, version)
        if single:
            listed = ", ".join(f"{name} ({outlet})" for name, outlet in single.items())
            warnings.append(
                Problem(
                    f"{version.id}: {len(single)} term(s) rest on a single outlet: {listed}",
                    version.file,
                    hint="reporters work to a two-source rule: add a second outlet where one reports it",
                    severity="warning",
                )
            )
    return warnings


def single_outlet_terms(collection: Collection, version: Version) -> dict[str, str]:
    """Reported terms of a version whose every citation comes from one outlet."""
    single: dict[str, str] = {}
    for name, term in version.terms.items():
        if term.status == "not_reported":
            continue
        outlets = {outlet_key(collection.sources[c.source]) for c in term.citations}
        if len(outlets) == 1:
            single[name] = collection.sources[term.citations[0].source].outlet
    return single


@dataclass
class CheckReport:
    errors: list[Problem]
    warnings: list[Problem]
    versions: int = 0
    quotes: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def check(root: Path, *, strict: bool = False, files: list[Path] | None = None) -> CheckReport:
    """Validate everything, or the given version files; collect every problem, not the first."""
    cache = ParseCache(root)
    agreement, problems = load_agreement(root, cache)
    sources, source_problems = load_sources(root, cache)
    problems += source_problems
    if agreement is None or sources is None:
        cache.save()
        return _report(problems, strict)
    versions = []
    if files:
        special = {(root / AGREEMENT_FILE).resolve(), (root / SOURCES_FILE).resolve()}
        targets = [(path, display_path(root, path)) for path in files if path.resolve() not in special]
    else:
        targets = [(root / relative, relative) for relative in version_files(root)]
    for path, label in targets:
        if not valid_version_id(path.stem) or path.suffix != ".yaml":
            hint = "name version files with letters, digits, - and _, e.g. drafts/v4.yaml; not first or latest"
            problems.append(Problem(f"'{path.name}' is not a usable version file name", label, hint=hint))
            continue
        version, found = load_version(path, label, agreement, sources, cache)
        problems += found
        if version is not None:
            versions.append(version)  # partial when it has problems: its quotes are still checked
    cache.save(complete=not files)  # a check of a few files keeps the others' entries
    collection = Collection(root, agreement, sources, tuple(versions))
    archives = Archives(root)
    if not files:
        for source in sources.values():
            archives.get(source)  # every registered archive is hashed, cited or not
    problems += verify_quotes(collection, versions, archives)
    problems = archives.problems + problems
    if not files and not any(p.severity == "error" for p in problems):
        problems += collection_warnings(collection)
    report = _report(problems, strict)
    report.versions = len(versions)
    report.quotes = sum(len(t.citations) for v in versions for t in v.terms.values())
    return report


def display_path(root: Path, path: Path) -> str:
    """Inside the collection, relative to its root; outside, absolute."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(absolute)


def _report(problems: list[Problem], strict: bool) -> CheckReport:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if strict:
        return CheckReport(errors + warnings, [])
    return CheckReport(errors, warnings)


def verified(collection: Collection, versions: Iterable[Version]) -> None:
    """Refuse to report quotes that are not in their archives (reporters publish what we print)."""
    archives = Archives(collection.root)
    problems = verify_quotes(collection, versions, archives)
    errors = archives.problems + [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
