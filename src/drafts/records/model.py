"""The domain: an agreement's term catalogue, its sources, and its versions with their terms.

These are the validated, resolved forms of the files, and each field's annotation says how
its file writes it (`drafts.records.fields`): that is the one definition of the file formats,
from which the validator, the JSON Schema and the loader's hints follow. Once loaded, every
catalogue term is present in every version, with `not_reported` where a file is silent.

No `from __future__ import annotations` here: the annotations are read at run time, and
evaluated once at import they cost less than evaluating their strings on every run.
"""

import re
from pathlib import Path
from typing import Annotated, Literal, NamedTuple, get_args

from drafts.errors import Problem, UsageError
from drafts.records.dates import PartialDate
from drafts.records.fields import ID, SHA256, Computed, FromKey, InFile
from drafts.records.values import VALUE_IN_FILE, Value, ValueType

Status = Literal["stated", "absent", "not_reported", "disputed"]
Weight = Literal["headline", "major", "minor"]  # in order of precedence
WEIGHTS: tuple[Weight, ...] = get_args(Weight)
Stage = Literal["proposal", "counter-proposal", "framework", "final", "signed", "ratified"]
STAGES: tuple[Stage, ...] = get_args(Stage)


class TermSpec(NamedTuple):
    """One term of the catalogue in drafts/agreement.yaml."""

    name: Annotated[str, FromKey(ID)]
    label: Annotated[str, InFile("Display name")]
    type: Annotated[ValueType, InFile("How its value is written and compared")]
    weight: Annotated[Weight, InFile("How much it matters to a reader: headline terms come first")] = "minor"
    help: Annotated[str | None, InFile("What the term means")] = None


class Agreement(NamedTuple):
    """drafts/agreement.yaml: what the collection follows, and its term catalogue."""

    name: Annotated[str, InFile("The agreement's name")]
    parties: Annotated[tuple[str, ...], InFile("Who negotiates it", min_items=1, item="A party")]
    # Catalogue order is display order.
    terms: Annotated[dict[str, TermSpec], InFile("The terms every version is read against", min_items=1)]
    description: Annotated[str | None, InFile("A line on what the collection follows")] = None


class Source(NamedTuple):
    """One archived report, as seeds/sources.yaml registers it."""

    id: Annotated[str, FromKey(ID)]
    outlet: Annotated[str, InFile("The outlet, or unknown")]
    title: Annotated[str, InFile("The headline, or unknown")]
    published: Annotated[PartialDate | None, InFile("YYYY-MM-DD, YYYY-MM or unknown", read_as=str)]  # None: unknown
    url: Annotated[str | None, InFile("Where it was published")] = None
    # The archived text under seeds/; None: cited but unverifiable.
    file: Annotated[str | None, InFile("The archived text under seeds/")] = None
    sha256: Annotated[str | None, InFile("The sha256 of the archived text", pattern=SHA256)] = None
    note: Annotated[str | None, InFile("A remark on the source")] = None
    # Written by `drafts archive`: how and when the report was captured.
    requested_url: Annotated[str | None, InFile("The URL drafts archive was given")] = None
    redirects: Annotated[
        tuple[str, ...], InFile("Where the request was redirected", item="A URL the request was redirected to")
    ] = ()
    captured: Annotated[str | None, InFile("When it was archived, UTC (YYYY-MM-DDTHH:MM:SSZ)")] = None
    raw_file: Annotated[str | None, InFile("The page as captured, byte for byte, under seeds/")] = None
    raw_sha256: Annotated[str | None, InFile("The sha256 of the page as captured", pattern=SHA256)] = None

    @property
    def published_text(self) -> str:
        return str(self.published) if self.published else "unknown"


def outlet_key(source: Source) -> str:
    """Sources of unknown outlet count as separate outlets: we cannot tell them apart."""
    return source.outlet if source.outlet != "unknown" else f"unknown:{source.id}"


class Citation(NamedTuple):
    """One source cited for a term or claim, with the verbatim words it is cited for."""

    source: Annotated[str, InFile("An id from seeds/sources.yaml", pattern=ID)]
    quote: Annotated[str, InFile("Verbatim words from the archived text of the source")]
    note: Annotated[str | None, InFile("Optional remark on how the source supports the term")] = None


class Claim(NamedTuple):
    """One side's account of a disputed term."""

    status: Annotated[
        Literal["stated", "absent"], InFile("stated (the default with a value), or absent", optional=True)
    ]
    value: Annotated[Value | None, InFile(VALUE_IN_FILE, read_as=object, optional=True)]
    summary: Annotated[str, InFile("One line of prose")]
    sources: Annotated[tuple[Citation, ...], InFile("Where this account is reported", min_items=1)]
    by: Annotated[str | None, InFile("Whose account or position this is")] = None


class Term(NamedTuple):
    """One term of one version, as the reports give it."""

    status: Annotated[
        Status, InFile("stated (the default with a value), absent, not_reported or disputed", optional=True)
    ]
    value: Annotated[Value | None, InFile(VALUE_IN_FILE, read_as=object)] = None
    summary: Annotated[str | None, InFile("One line of prose")] = None
    sources: Annotated[tuple[Citation, ...], InFile("The reports the term rests on")] = ()
    claims: Annotated[tuple[Claim, ...], InFile("Each side's account, for a disputed term", min_items=2)] = ()

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation of the term, its claims' included."""
        if not self.claims:
            return self.sources
        return self.sources + tuple(c for claim in self.claims for c in claim.sources)


NOT_REPORTED = Term("not_reported")


class Version(NamedTuple):
    """One reported version: a file under drafts/."""

    id: Annotated[str, Computed("the file's name without .yaml")]
    title: Annotated[str, InFile("What this version is, e.g. First US proposal")]
    date: Annotated[PartialDate, InFile("YYYY-MM-DD, or YYYY-MM when only the month is known", read_as=str)]
    stage: Annotated[Stage, InFile("How far the negotiation had got with this version")]
    # Every catalogue term, in catalogue order.
    terms: Annotated[
        dict[str, Term], InFile("The reported terms; a catalogue term left out is not reported.", optional=True)
    ]
    proposed_by: Annotated[str | None, InFile("The party that put this version forward")] = None
    notes: Annotated[str | None, InFile("How the version was dated, what the reports leave open")] = None
    file: Annotated[str | None, Computed("the file's path in the collection")] = None

    @property
    def reported(self) -> int:
        return sum(term.status != "not_reported" for term in self.terms.values())


_NATURAL = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """v2 before v10: digits compare as numbers."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in _NATURAL.split(text) if part)


def version_order(version: Version) -> tuple[PartialDate, tuple[tuple[int, str], ...]]:
    return version.date, natural_key(version.id)


class UnknownVersion(UsageError):
    """A reference that names no version (`known` empty: the collection has none yet).

    The words, which name the collection in use and what to do, belong to whoever shows it.
    """

    def __init__(self, ref: str, known: tuple[str, ...]) -> None:
        self.ref = ref
        self.known = known
        message = f"unknown version '{ref}'" if known else "the collection has no versions yet"
        super().__init__(Problem(message))


class Collection:
    """A loaded, valid collection: the catalogue, the registry and the versions in order."""

    __slots__ = ("agreement", "index", "root", "sources", "versions")

    def __init__(
        self, root: Path, agreement: Agreement, sources: dict[str, Source], versions: tuple[Version, ...]
    ) -> None:
        self.root = root
        self.agreement = agreement
        self.sources = sources
        self.versions = versions
        self.index = {v.id: i for i, v in enumerate(versions)}

    def predecessor(self, version: Version) -> Version | None:
        position = self.index[version.id]
        return self.versions[position - 1] if position > 0 else None

    def between(self, a: Version, b: Version) -> tuple[Version, ...]:
        """The versions after a up to and including b, in order (empty if b is not after a)."""
        return self.versions[self.index[a.id] + 1 : self.index[b.id] + 1]

    def resolve(self, ref: str) -> Version:
        """A version by id, or `first` / `latest`; an unknown id is a usage error listing the ids."""
        if not self.versions:
            raise UnknownVersion(ref, ())
        if ref == "first":
            return self.versions[0]
        if ref == "latest":
            return self.versions[-1]
        position = self.index.get(ref)
        if position is None:
            raise UnknownVersion(ref, tuple(v.id for v in self.versions))
        return self.versions[position]
