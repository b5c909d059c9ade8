"""JSON for scripts and newsroom tools. Key names follow SPEC §3; `schema_version` guards changes.

`ensure_ascii` keeps every control and bidi character as a \\u escape, so the output is safe
to print as well as to parse.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafts.evidence.checks import CheckReport

from drafts.comparing.diff import TermChange, VersionDiff
from drafts.errors import Problem
from drafts.records.model import Citation, Claim, Collection, Term, Version
from drafts.records.values import Delta, to_json
from drafts.render.text import marks_text
from drafts.render.views import Marks, Reference, Said, history_view, log_view
from drafts.render.words import count_line

if TYPE_CHECKING:
    from drafts.comparing.history import FirstReport, TermHistory
    from drafts.evidence.registry import SourcesReport

SCHEMA_VERSION = 2  # 2: references are one entry per report, with its quotes


def dumps(document: dict[str, Any]) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, **document}, ensure_ascii=True, indent=2) + "\n"


def version_json(version: Version) -> dict[str, Any]:
    return {
        "id": version.id,
        "title": version.title,
        "date": str(version.date),
        "stage": version.stage,
        "proposed_by": version.proposed_by,
    }


def citation_json(collection: Collection, citation: Citation) -> dict[str, Any]:
    source = collection.sources[citation.source]
    return {
        "source": citation.source,
        "quote": citation.quote,
        "note": citation.note,
        "outlet": source.outlet,
        "title": source.title,
        "published": source.published_text,
        "url": source.url,
    }


def claim_json(collection: Collection, claim: Claim) -> dict[str, Any]:
    return {
        "by": claim.by,
        "status": claim.status,
        "value": to_json(claim.value),
        "summary": claim.summary,
        "sources": [citation_json(collection, c) for c in claim.sources],
    }


def term_json(collection: Collection, term: Term) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": term.status,
        "value": to_json(term.value),
        "summary": term.summary,
        "sources": [citation_json(collection, c) for c in term.sources],
    }
    if term.status == "disputed":
        data["claims"] = [claim_json(collection, claim) for claim in term.claims]
    return data


def list_json(collection: Collection) -> str:
    return dumps({"versions": [{**version_json(v), "terms_reported": v.reported} for v in collection.versions]})


def show_json(collection: Collection, version: Version) -> str:
    return dumps(
        {
            **version_json(version),
            "notes": version.notes,
            "terms": {name: term_json(collection, term) for name, term in version.terms.items()},
        }
    )


def _delta_json(delta: Delta | None) -> dict[str, Any] | None:
    if delta is None:
        return None
    from drafts.records.values import format_delta

    return {
        "absolute": float(delta.absolute),
        "relative_percent": None if delta.relative is None else round(float(delta.relative), 2),
        "unit": delta.unit,
        "text": format_delta(delta),
    }


def _kind(change: TermChange) -> str:
    """A term reported on neither side has its own kind, as in `counts`: it is not "unchanged"."""
    if change.silent:
        return "not-reported-in-either"
    return change.kind


def change_json(collection: Collection, change: TermChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "term": change.term,
        "label": change.spec.label,
        "weight": change.spec.weight,
        "kind": _kind(change),
        "since": change.since,
        "steps": [{"version": s.version, "kind": s.kind} for s in change.steps],
        "before": term_json(collection, change.before),
        "after": term_json(collection, change.after),
    }
    if change.delta is not None:
        data["delta"] = _delta_json(change.delta)
    if change.items_added or change.items_removed:
        data["items_added"] = list(change.items_added)
        data["items_removed"] = list(change.items_removed)
    if change.claims:
        data["claims"] = [{"by": c.by, "kind": c.kind} for c in change.claims]
    return data


def _field_json(value: object) -> str | None:
    return None if value is None else str(value)


def diff_document(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> dict[str, Any]:
    return {
        "from": diff.a.id,
        "to": diff.b.id,
        "from_version": version_json(diff.a),
        "to_version": version_json(diff.b),
        "summary": count_line(diff.counts),
        "counts": diff.counts._asdict(),
        "version_changes": [
            {"field": f.field, "before": _field_json(f.before), "after": _field_json(f.after)}
            for f in diff.version_changes
        ],
        "changes": [
            change_json(collection, c) for c in diff.changes if include_unchanged or c.kind != "unchanged" or c.reverted
        ],
    }


def diff_json(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> str:
    return dumps(diff_document(collection, diff, include_unchanged=include_unchanged))


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity,
        "message": problem.message,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "hint": problem.hint,
        "detail": problem.detail,
    }


def check_json(report: CheckReport) -> str:
    return dumps(
        {
            "ok": report.ok,
            "versions": report.versions,
            "quotes": report.quotes,
            "errors": [problem_json(p) for p in report.errors],
            "warnings": [problem_json(p) for p in report.warnings],
        }
    )


# The change log, a term's history and the source registry.


def references_json(references: Sequence[Reference]) -> list[dict[str, Any]]:
    """One entry per report (since schema 2), each with every quote the document cites from it."""
    return [
        {
            "number": r.number,
            "source": r.source,
            "outlet": r.outlet,
            "title": r.title,
            "published": r.published,
            "url": r.url,
            "quotes": [{"quote": q.words, "note": q.note} for q in r.quotes],
        }
        for r in references
    ]


def _said_json(said: Said, **extra: Any) -> dict[str, Any]:
    """The same words as the text and Markdown, with the numbers of the reports they cite."""
    text = "".join(p if isinstance(p, str) else marks_text(p) for p in said.pieces).strip()
    numbers = [n for p in said.pieces if isinstance(p, Marks) for n in p.numbers]
    return {**extra, "text": text, "citations": list(dict.fromkeys(numbers))}


def log_json(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> str:
    """`steps` are exactly what `drafts diff --format json` gives per pair; `log` words them, once each."""
    view = log_view(collection, versions, steps)
    log = []
    for step, shown in zip(steps, view.steps, strict=True):
        lines = [
            _said_json(said, term=change.term, label=said.label, kind=change.kind)
            for change, said in zip(step.changed, shown.lines, strict=True)
        ]
        log.append({"from": step.a.id, "to": step.b.id, "summary": shown.count_line, "lines": lines})
    return dumps(
        {
            "agreement": collection.agreement.name,
            "from": versions[0].id if versions else None,
            "to": versions[-1].id if versions else None,
            "steps": [diff_document(collection, step) for step in steps],
            "log": log,
            "references": references_json(view.references),
        }
    )


def _first_report_json(report: FirstReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "date": str(report.date) if report.date else None,
        "order_known": report.order_known,
        "sources": [{"source": s.id, "outlet": s.outlet, "published": s.published_text} for s in report.outlets],
        "undated": [{"source": s.id, "outlet": s.outlet} for s in report.undated],
    }


def history_json(collection: Collection, history: TermHistory) -> str:
    view = history_view(collection, history)
    versions = [
        {
            "id": entry.version.id,
            "date": str(entry.version.date),
            "title": entry.version.title,
            "stage": entry.version.stage,
            "change": entry.kind if i else None,
            **term_json(collection, entry.term),
        }
        for i, entry in enumerate(history.entries)
    ]
    first = []
    for position, said in zip(history.positions, view.first, strict=True):
        first.append(
            {
                "status": position.status,
                "value": to_json(position.value),
                "by": position.by,
                "first_version": position.first.id,
                "versions": list(position.versions),
                "first_reported": _first_report_json(position.first_report),
                **_said_json(said, label=said.label),
            }
        )
    return dumps(
        {
            "term": history.spec.name,
            "label": history.spec.label,
            "type": history.spec.type,
            "versions": versions,
            "first_appearances": first,
            "references": references_json(view.references),
        }
    )


def sources_json(collection: Collection, report: SourcesReport) -> str:
    sources = []
    for item in report.sources:
        source = item.source
        sources.append(
            {
                "id": source.id,
                "outlet": source.outlet,
                "title": source.title,
                "published": source.published_text,
                "url": source.url,
                "file": source.file,
                "note": source.note,
                "citations": len(item.uses),
                "versions": list(item.versions),
                "cited_by": [
                    {
                        "version": use.version.id,
                        "term": use.term,
                        "label": collection.agreement.terms[use.term].label,
                        "by": use.by,
                    }
                    for use in item.uses
                ],
            }
        )
    single = [
        {
            "version": entry.version.id,
            "terms": [
                {"term": name, "label": collection.agreement.terms[name].label, "outlet": s.outlet, "source": s.id}
                for name, s in entry.terms.items()
            ],
        }
        for entry in report.single_outlet
    ]
    return dumps({"sources": sources, "uncited": [s.id for s in report.uncited], "single_outlet": single})
