"""Verification beyond the file formats: archives and their sha256, quotes, and the warnings
a desk wants to see (unregistered archives, uncited sources, terms resting on one outlet)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drafts.errors import DataError, Problem
from drafts.evidence.quotes import Archive
from drafts.reading import yamlsafe
from drafts.reading.loader import (
    AGREEMENT_FILE,
    SOURCES_FILE,
    load_foundations,
    load_version,
    registry_text,
    valid_version_id,
    version_files,
)
from drafts.reading.parsecache import sha256_hex
from drafts.records.model import (
    Citation,
    Claim,
    Collection,
    Source,
    Term,
    Version,
    outlet_key,
    version_order,
)
from drafts.records.text import fold
from drafts.records.values import Money, Percent

# registry_hints, substance and predecessors are imported where they are used: every report
# verifies its quotes through this module (`verified`) and needs none of them (4 ms of start-up).

MAX_ARCHIVE_BYTES = 16 << 20
# The closest passage to a quote not found is looked for only for quotes of reporting length, and
# a few times per run.
_MAX_SEARCH_WORDS = 60
_MAX_SEARCHES = 10
# Quote problems listed per version file; past it, one line counts the rest (a draft pasted with
# thousands of misquotes gets a readable answer, and each further problem costs nothing).
MAX_QUOTE_PROBLEMS_PER_FILE = 50
_SEARCH_SECONDS = 2.0  # a search takes milliseconds, up to about 0.3 s on a 5 MB archive (bench/run.py --matcher)


@dataclass
class Archives:
    """Archived texts read, hashed and normalised at most once per run."""

    root: Path
    registry: dict[str, Source] = field(default_factory=dict)  # to say which file or entry looks wrong
    loaded: dict[str, Archive | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _digests: dict[str, str] | None = None

    def get(self, source: Source) -> Archive | None:
        if source.file is None:
            return None
        if source.id in self.loaded:
            return self.loaded[source.id]
        archive = None
        relative = f"seeds/{source.file}"
        try:
            data = _read_bytes(self.root / relative, relative)
            actual = sha256_hex(data)
            if source.sha256 is not None and actual != source.sha256:
                from drafts.evidence import registry_hints

                diagnosis = registry_hints.mismatch(source, actual, self.registry, self._others(source))
                self._problem(
                    source,
                    "sha256",
                    f"{relative} does not match the sha256 registered for {source.id}",
                    diagnosis.hint,
                    diagnosis.detail,
                )
            else:
                archive = Archive(yamlsafe.decode_text(data, relative, limit=MAX_ARCHIVE_BYTES))
        except FileNotFoundError:
            from drafts.evidence import registry_hints

            unregistered = unregistered_archives(self.root, self.registry)
            hint = registry_hints.missing(source, unregistered, self._others(source))
            self._problem(source, "file", f"{relative}, the archive of {source.id}, is missing", hint)
        except DataError as exc:
            self.problems.extend(exc.problems)
        self.loaded[source.id] = archive
        return archive

    def _others(self, source: Source) -> dict[str, str]:
        """The sha256 of every other archive in seeds/: read only once something is wrong."""
        from drafts.evidence import registry_hints

        if self._digests is None:
            self._digests = registry_hints.seeds_digests(self.root / "seeds", limit=MAX_ARCHIVE_BYTES)
        return {name: digest for name, digest in self._digests.items() if name != source.file}

    def _problem(self, source: Source, key: str, message: str, hint: str, detail: str | None = None) -> None:
        line = column = None
        try:
            at = yamlsafe.locate(registry_text(self.root), (source.id, key))
            if at:
                line, column = at
        except DataError:
            pass
        self.problems.append(Problem(message, SOURCES_FILE, line, column, hint, detail))


def unregistered_archives(root: Path, registry: dict[str, Source]) -> list[str]:
    """Names of the .txt files in seeds/ that no registry entry names."""
    registered = {s.file for s in registry.values() if s.file}
    seeds = root / "seeds"
    try:
        return sorted(p.name for p in seeds.iterdir() if p.suffix == ".txt" and p.name not in registered)
    except OSError:
        return []


def _read_bytes(path: Path, label: str) -> bytes:
    """An archive's bytes: only ever a regular file in seeds/ itself, never through a symlink,
    so a crafted registry cannot make `check` print text from elsewhere on the machine."""
    try:
        mode = path.lstat().st_mode
        if path.parent.is_symlink():  # seeds/ itself pointing elsewhere: a folder of someone else's
            raise DataError.at(
                "seeds/ is a symbolic link; archives must be regular files inside the collection's own seeds/",
                file=label,
                hint="replace the link with the folder of archived texts itself",
            )
        if stat.S_ISLNK(mode):
            raise DataError.at(
                "the archive is a symbolic link; archives must be regular files inside seeds/",
                file=label,
                hint="replace the link with the archived file itself",
            )
        if not stat.S_ISREG(mode):  # a directory, FIFO or device: never open it
            raise DataError.at("the archive is not a regular file", file=label, hint="restore the archived text file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the lstat
                raise DataError.at("the archive is not a regular file", file=label)
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
    spent = 0.0  # and in time, whatever the archives
    for version in versions:
        listed, unlisted, unlisted_errors = 0, 0, 0
        for name, term in version.terms.items():
            for loc, citation in _citation_locs(name, term):
                source = collection.sources.get(citation.source)
                if source is None:
                    continue  # already reported as an unknown source
                if listed >= MAX_QUOTE_PROBLEMS_PER_FILE:
                    archive = archives.get(source) if source.file is not None else None
                    not_found = archive is not None and not archive.contains(citation.quote)
                    unlisted += source.file is None or not_found
                    unlisted_errors += not_found
                    continue
                listed += 1  # given back below when the quote turns out to be fine
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
                    listed -= 1
                    continue
                search, started = searches > 0 and spent < _SEARCH_SECONDS, time.monotonic()
                problems.append(
                    _not_found(collection, version, loc, name, citation.quote, source, archive, search=search)
                )
                spent += time.monotonic() - started
                searches -= 1
        if unlisted:
            problems.append(
                _at(
                    collection.root,
                    version,
                    (),
                    f"{unlisted} more quote problem(s) in this file, not listed",
                    f"only the first {MAX_QUOTE_PROBLEMS_PER_FILE} are listed: fix those and run drafts check again",
                    locate=False,
                    severity="error" if unlisted_errors else "warning",  # unverified quotes alone only warn
                )
            )
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
    if passage is not None:
        # Shown in the archive's own characters; the diff compares what matching compares.
        shown = fold(passage.text)
        diff = render_inline(word_diff(normalise(quote), passage.normalised))
        detail = f"closest passage: {shown}\n   quote vs passage: {diff}"
        hint += f" (drafts quote {source.id} WORDS prints them ready to paste)"
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
    locate: bool = True,
) -> Problem:
    line = column = None
    if version.file is not None and locate:
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
    """Warnings about the registry and seeds/ as a whole."""
    from drafts.evidence import registry_hints

    warnings: list[Problem] = []
    names = unregistered_archives(collection.root, collection.sources)
    registered = {s.file for s in collection.sources.values() if s.file}
    digests = registry_hints.seeds_digests(collection.root / "seeds", registered, MAX_ARCHIVE_BYTES) if names else {}
    by_digest = {s.sha256: s for s in collection.sources.values() if s.sha256}
    for name in names:
        owner = by_digest.get(digests.get(name, ""))
        if owner is not None:  # a registered text under another name: the registration's file is wrong
            hint = f"it has the sha256 registered for {owner.id}: set file: {name} for {owner.id} in {SOURCES_FILE}"
        else:
            hint = registry_hints.unregistered(name)
        warnings.append(
            Problem(f"seeds/{name} is archived but not registered", SOURCES_FILE, hint=hint, severity="warning")
        )
    cited = {c.source for v in collection.versions for t in v.terms.values() for c in t.citations}
    for source_id in collection.sources:
        if source_id not in cited:
            warnings.append(
                Problem(f"source {source_id} is not cited by any version", SOURCES_FILE, severity="warning")
            )
    return warnings


_LOCATED_FILES = 25  # files whose warnings get a line and column (see version_warnings)


def version_warnings(
    collection: Collection, versions: Iterable[Version], previous: dict[str, Version | None]
) -> list[Problem]:
    """Warnings about each given version: quotes that cannot carry their claim, scaffold leftovers,
    terms resting on one outlet. `previous`: each version's predecessor by id."""
    warnings: list[Problem] = []
    located = 0
    for version in versions:
        # Locating a warning's line parses its file again: past the first few files with
        # warnings, they name the file only, so a large collection still checks in seconds.
        locate = located < _LOCATED_FILES
        found = substance_warnings(collection, version, locate=locate)
        before = previous.get(version.id)
        found += scaffold_warnings(collection, version, before, locate=locate)
        located += bool(found)
        warnings += found
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


def substance_warnings(collection: Collection, version: Version, *, locate: bool = True) -> list[Problem]:
    """A money or percent figure no quote states; a quote too short to say anything (SPEC §3b)."""
    from drafts.evidence import substance

    warnings: list[Problem] = []
    figures = {n for n, spec in collection.agreement.terms.items() if spec.type in ("money", "percent")}
    for name, term in version.terms.items():
        if term.status == "not_reported":
            continue
        for loc, side in _sides(name, term) if name in figures else ():
            value = side.value
            quotes = [c.quote for c in side.sources]
            if isinstance(value, Money | Percent) and quotes and not substance.carries(value, quotes):
                warnings.append(
                    _at(
                        collection.root,
                        version,
                        (*loc, "value"),
                        f"{name}: the figure {value} appears in none of its quotes",
                        f"quote the words of the report that state it, in any form ({_FORMS[type(value)]}), "
                        "or cite a report that does",
                        severity="warning",
                        locate=locate,
                    )
                )
        for loc, citation in _citation_locs(name, term):
            if substance.too_short(citation.quote):
                words = substance.quote_words(citation.quote)
                warnings.append(
                    _at(
                        collection.root,
                        version,
                        loc,
                        f"{name}: the quote from {citation.source} has {words} word(s), too few to carry a claim",
                        f"quote at least {substance.MIN_QUOTE_WORDS} words: the phrase of the report that says it",
                        severity="warning",
                        locate=locate,
                    )
                )
    return warnings


_FORMS = {Money: '"$500 billion", "500bn", "half a trillion dollars"', Percent: '"50%", "50 percent", "half"'}


def _sides(name: str, term: Term) -> Iterable[tuple[tuple[str | int, ...], Term | Claim]]:
    """The term, or each claim of a disputed term, with where it is in the file."""
    if term.claims:
        for c, claim in enumerate(term.claims):
            yield ("terms", name, "claims", c), claim
    else:
        yield ("terms", name), term


def scaffold_warnings(
    collection: Collection, version: Version, previous: Version | None, *, locate: bool = True
) -> list[Problem]:
    """What `drafts new` copied and nobody edited: the title, the date, terms with the old sources."""
    from drafts.reading.scaffold import is_scaffold_title

    warnings: list[Problem] = []

    def warn(loc: tuple[str | int, ...], message: str, hint: str) -> None:
        warnings.append(_at(collection.root, version, loc, message, hint, severity="warning", locate=locate))

    if is_scaffold_title(version.title):
        warn(("title",), f"{version.id}: the title is still the scaffold's", "give the version its own title")
    day = _scaffold_day(collection.root, version)
    if day is not None and str(version.date) == day:
        warn(
            ("date",),
            f"{version.id}: the date is still the day the scaffold was made ({day})",
            "set the date of the draft itself (YYYY-MM-DD, or YYYY-MM); if the draft is really of that day, "
            "delete the '# ... scaffolded from ...' comment line at the top of the file",
        )
    if previous is None:
        return warnings
    for name, term in version.terms.items():
        before = previous.terms.get(name)
        if not term.citations or before is None or not before.citations:
            continue
        if _carried(term.citations, before.citations):
            warn(
                ("terms", name),
                f"{version.id}: {name}: every source is carried unchanged from {previous.id}",
                f"is that report about {version.id}? cite a report of this version; if the same report covers "
                "both, say so in a note on the source",
            )
    return warnings


def _carried(citations: tuple[Citation, ...], before: tuple[Citation, ...]) -> bool:
    """Whether every citation is one of `before`, whitespace aside (exact copies are the usual case)."""
    exact = set(before)
    rest = [c for c in citations if c not in exact]
    if not rest:
        return True
    if not {c.source for c in rest} <= {c.source for c in before}:
        return False  # a new source: no need to compare words
    folded = {_same(c) for c in before}
    return all(_same(c) in folded for c in rest)


def _same(citation: Citation) -> tuple[str, str, str]:
    return citation.source, fold(citation.quote), fold(citation.note)


_HEADER_BYTES = 1024  # the scaffold header's first lines fit well within this


def _scaffold_day(root: Path, version: Version) -> str | None:
    """Read from the file's first bytes only: the header is at the top, and every version is asked."""
    from drafts.reading.scaffold import scaffold_day

    if version.file is None:
        return None
    path = Path(version.file)
    try:
        with (path if path.is_absolute() else root / path).open("rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except (OSError, ValueError):
        return None
    return scaffold_day(head.decode("utf-8", errors="replace"))


def single_outlet_terms(collection: Collection, version: Version) -> dict[str, str]:
    """Reported terms of a version whose every citation comes from one outlet."""
    single: dict[str, str] = {}
    for name, term in version.terms.items():
        if term.status == "not_reported":
            continue
        sources = [collection.sources.get(c.source) for c in term.citations]
        if None in sources:
            continue  # an unknown source, reported as such
        if len({outlet_key(source) for source in sources if source is not None}) == 1:
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
    cache, agreement, sources, problems = load_foundations(root)
    if agreement is None or sources is None:
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
    # Warnings compare each version with the one before it in the collection, checked or not.
    if files:
        from drafts.evidence.predecessors import previous_versions

        previous = previous_versions(root, versions, targets, agreement, sources, cache)
    else:
        ordered = sorted(versions, key=version_order)
        previous = {v.id: ordered[i - 1] if i else None for i, v in enumerate(ordered)}
    archives = Archives(root, sources)
    if not files:
        for source in sources.values():
            archives.get(source)  # every registered archive is hashed, cited or not
    problems += verify_quotes(collection, versions, archives)
    problems = archives.problems + problems
    problems += version_warnings(collection, versions, previous)
    if not files:  # given files get every warning about themselves; seeds/ and the registry come with all
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
    if strict:  # a warning is then an error, and says so wherever it is printed
        return CheckReport(errors + [p._replace(severity="error") for p in warnings], [])
    return CheckReport(errors, warnings)


def verified(collection: Collection, versions: Iterable[Version]) -> None:
    """Refuse to report quotes that are not in their archives (reporters publish what we print)."""
    archives = Archives(collection.root, collection.sources)
    problems = verify_quotes(collection, versions, archives)
    errors = archives.problems + [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
