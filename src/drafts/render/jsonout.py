"""JSON for scripts and newsroom tools. Key names follow SPEC §3; `schema_version` guards changes.

`ensure_ascii` keeps every control and bidi character as a \\u escape, so the output is safe
to print as well as to parse.
"""

from __future__ import annotations

import json
from typing import Any

from drafts.diff import TermChange, VersionDiff, count_line
from drafts.errors import Problem
from drafts.model import Citation, Claim, Collection, Term, Version
from drafts.values import Delta, to_json

SCHEMA_VERSION = 1


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
    from drafts.values import format_delta

    return {
        "absolute": float(delta.absolute),
        "relative_percent": None if delta.relative is None else round(float(delta.relative), 2),
        "unit": delta.unit,
        "text": format_delta(delta),
    }


def change_json(collection: Collection, change: TermChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "term": change.term,
        "label": change.spec.label,
        "weight": change.spec.weight,
        "kind": change.kind,
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


def diff_document(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> dict[str, Any]:
    return {
        "from": diff.a.id,
        "to": diff.b.id,
        "from_version": version_json(diff.a),
        "to_version": version_json(diff.b),
        "summary": count_line(diff),
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


def check_json(errors: list[Problem], warnings: list[Problem], versions: int, quotes: int) -> str:
    return dumps(
        {
            "ok": not errors,
            "versions": versions,
            "quotes": quotes,
            "errors": [problem_json(p) for p in errors],
            "warnings": [problem_json(p) for p in warnings],
        }
    )
