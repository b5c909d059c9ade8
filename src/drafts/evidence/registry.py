"""The source registry as a desk sees it: which terms of which versions cite each source, which
sources nobody cites, and which terms rest on a single outlet. Pure: no I/O, no rendering."""

from __future__ import annotations

from typing import NamedTuple

from drafts.evidence.checks import single_outlet_terms
from drafts.records.model import Citation, Collection, Source, Version


class Use(NamedTuple):
    """One citation of a source: in which version, for which term, for whose account."""

    version: Version
    term: str
    by: str | None  # the side of a disputed term it is cited for
    citation: Citation


class SourceUse(NamedTuple):
    source: Source
    uses: tuple[Use, ...]  # version order, then catalogue order

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(use.version.id for use in self.uses))


class SingleOutlet(NamedTuple):
    version: Version
    terms: dict[str, Source]  # term name -> a source of its one outlet, catalogue order


class SourcesReport(NamedTuple):
    sources: tuple[SourceUse, ...]  # registry order
    single_outlet: tuple[SingleOutlet, ...]  # only versions that have such terms

    @property
    def uncited(self) -> tuple[Source, ...]:
        return tuple(s.source for s in self.sources if not s.uses)

    @property
    def cited(self) -> tuple[SourceUse, ...]:
        return tuple(s for s in self.sources if s.uses)


def sources_report(collection: Collection) -> SourcesReport:
    uses: dict[str, list[Use]] = {source_id: [] for source_id in collection.sources}
    for version in collection.versions:
        for name, term in version.terms.items():
            for citation in term.sources:
                uses[citation.source].append(Use(version, name, None, citation))
            for claim in term.claims:
                for citation in claim.sources:
                    uses[citation.source].append(Use(version, name, claim.by, citation))
    single = []
    for version in collection.versions:
        names = single_outlet_terms(collection, version)
        if names:
            terms = {name: collection.sources[version.terms[name].citations[0].source] for name in names}
            single.append(SingleOutlet(version, terms))
    return SourcesReport(tuple(SourceUse(s, tuple(uses[s.id])) for s in collection.sources.values()), tuple(single))
