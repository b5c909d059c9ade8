"""The domain: an agreement's term catalogue, its sources, and its versions with their terms.

These are the validated, resolved forms of the files (see `schema.py` for the file formats):
every catalogue term is present in every version, with `not_reported` where a file is silent.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, NamedTuple

from drafts.errors import Problem, UsageError
from drafts.records.dates import PartialDate
from drafts.records.values import Value, ValueType

Status = Literal["stated", "absent", "not_reported", "disputed"]
STATUSES: tuple[Status, ...] = ("stated", "absent", "not_reported", "disputed")
Weight = Literal["headline", "major", "minor"]
WEIGHTS: tuple[Weight, ...] = ("headline", "major", "minor")
Stage = Literal["proposal", "counter-proposal", "framework", "final", "signed", "ratified"]
STAGES: tuple[Stage, ...] = ("proposal", "counter-proposal", "framework", "final", "signed", "ratified")


class TermSpec(NamedTuple):
    name: str
    label: str
    type: ValueType
    weight: Weight = "minor"
    help: str | None = None


class Agreement(NamedTuple):
    name: str
    parties: tuple[str, ...]
    terms: dict[str, TermSpec]  # catalogue order is display order
    description: str | None = None


class Source(NamedTuple):
    id: str
    outlet: str
    title: str
    published: PartialDate | None  # None: unknown
    url: str | None = None
    file: str | None = None  # archived text under seeds/; None: cited but unverifiable
    sha256: str | None = None
    note: str | None = None

    @property
    def published_text(self) -> str:
        return str(self.published) if self.published else "unknown"


def outlet_key(source: Source) -> str:
    """Sources of unknown outlet count as separate outlets: we cannot tell them apart."""
    return source.outlet if source.outlet != "unknown" else f"unknown:{source.id}"


class Citation(NamedTuple):
    """One source cited for a term or claim, with the verbatim words it is cited for."""

    source: str
    quote: str
    note: str | None = None


class Claim(NamedTuple):
    """One side's account of a disputed term."""

    status: Literal["stated", "absent"]
    value: Value | None
    summary: str
    sources: tuple[Citation, ...]
    by: str | None = None


class Term(NamedTuple):
    status: Status
    value: Value | None = None
    summary: str | None = None
    sources: tuple[Citation, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation of the term, its claims' included."""
        if not self.claims:
            return self.sources
        return self.sources + tuple(c for claim in self.claims for c in claim.sources)


NOT_REPORTED = Term("not_reported")


class Version(NamedTuple):
    id: str
    title: str
    date: PartialDate
    stage: Stage
    terms: dict[str, Term]  # every catalogue term, in catalogue order
    proposed_by: str | None = None
    notes: str | None = None
    file: str | None = None

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
