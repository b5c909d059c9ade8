"""The file formats, as pydantic-core schemas.

We validate with pydantic's core directly rather than through `BaseModel` classes: the
model layer costs 0.1-0.15 s of start-up on every command (measured; see README "Speed"),
while these schemas build in well under a millisecond and validate just as strictly.
The same schemas generate the JSON Schema that `drafts schema` prints (`jsonschema_export.py`).
"""

from __future__ import annotations

from pydantic_core import CoreSchema, SchemaValidator
from pydantic_core import core_schema as cs

from drafts.records.model import STAGES, STATUSES, WEIGHTS
from drafts.records.values import ACCEPTED_FORMS, VALUE_TYPES

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


def _text(description: str, *, min_length: int = 1) -> CoreSchema:
    return cs.str_schema(min_length=min_length, strict=False, metadata={"description": description})


def _field(schema: CoreSchema, required: bool = True) -> cs.TypedDictField:
    return cs.typed_dict_field(schema, required=required)


def _record(fields: dict[str, cs.TypedDictField], title: str) -> CoreSchema:
    return cs.typed_dict_schema(fields, extra_behavior="forbid", ref=title, config=cs.CoreConfig(title=title))


_ANY_VALUE = cs.any_schema(
    metadata={
        "description": "The term's value, in the form its type takes: "
        + "; ".join(f"{kind}: {forms}" for kind, forms in ACCEPTED_FORMS.items())
    }
)

CITATION = _record(
    {
        "source": _field(cs.str_schema(pattern=_ID_PATTERN, metadata={"description": "An id from seeds/sources.yaml"})),
        "quote": _field(_text("Verbatim words from the archived text of the source")),
        "note": _field(_text("Optional remark on how the source supports the term"), required=False),
    },
    "Citation",
)

CLAIM = _record(
    {
        "by": _field(_text("Whose account or position this is"), required=False),
        "status": _field(cs.literal_schema(["stated", "absent"]), required=False),
        "value": _field(_ANY_VALUE, required=False),
        "summary": _field(_text("One line of prose")),
        "sources": _field(cs.list_schema(CITATION, min_length=1)),
    },
    "Claim",
)

TERM = _record(
    {
        "status": _field(cs.literal_schema(list(STATUSES)), required=False),
        "value": _field(_ANY_VALUE, required=False),
        "summary": _field(_text("One line of prose"), required=False),
        "sources": _field(cs.list_schema(CITATION), required=False),
        "claims": _field(cs.list_schema(CLAIM, min_length=2), required=False),
    },
    "Term",
)

VERSION = _record(
    {
        "title": _field(_text("What this version is, e.g. First US proposal")),
        "date": _field(cs.str_schema(metadata={"description": "YYYY-MM-DD, or YYYY-MM when only the month is known"})),
        "stage": _field(cs.literal_schema(list(STAGES))),
        "proposed_by": _field(_text("The party that put this version forward"), required=False),
        "notes": _field(_text("How the version was dated, what the reports leave open"), required=False),
        "terms": _field(cs.dict_schema(cs.str_schema(), TERM), required=False),
    },
    "Version",
)

TERM_SPEC = _record(
    {
        "label": _field(_text("Display name")),
        "type": _field(cs.literal_schema(list(VALUE_TYPES))),
        "weight": _field(cs.literal_schema(list(WEIGHTS)), required=False),
        "help": _field(_text("What the term means"), required=False),
    },
    "TermSpec",
)

AGREEMENT = _record(
    {
        "name": _field(_text("The agreement's name")),
        "parties": _field(cs.list_schema(_text("A party"), min_length=1)),
        "description": _field(_text("A line on what the collection follows"), required=False),
        "terms": _field(cs.dict_schema(cs.str_schema(pattern=_ID_PATTERN), TERM_SPEC, min_length=1)),
    },
    "Agreement",
)

SOURCE = _record(
    {
        "outlet": _field(_text("The outlet, or unknown")),
        "title": _field(_text("The headline, or unknown")),
        "published": _field(cs.str_schema(metadata={"description": "YYYY-MM-DD, YYYY-MM or unknown"})),
        "url": _field(_text("Where it was published"), required=False),
        "file": _field(_text("The archived text under seeds/"), required=False),
        "sha256": _field(cs.str_schema(pattern=r"^[0-9a-f]{64}$"), required=False),
        "note": _field(_text("A remark on the source"), required=False),
        # Written by `drafts archive`: how and when the report was captured.
        "requested_url": _field(_text("The URL drafts archive was given"), required=False),
        "redirects": _field(cs.list_schema(_text("A URL the request was redirected to")), required=False),
        "captured": _field(_text("When it was archived, UTC (YYYY-MM-DDTHH:MM:SSZ)"), required=False),
        "raw_file": _field(_text("The page as captured, byte for byte, under seeds/"), required=False),
        "raw_sha256": _field(cs.str_schema(pattern=r"^[0-9a-f]{64}$"), required=False),
    },
    "Source",
)

SOURCES = cs.dict_schema(cs.str_schema(pattern=_ID_PATTERN), SOURCE)

_CONFIG = cs.CoreConfig(coerce_numbers_to_str=True, str_strip_whitespace=True)


class FileFormat:
    """A file format's schema with its compiled validator."""

    def __init__(self, schema: CoreSchema) -> None:
        self.schema = schema
        self.validator = SchemaValidator(schema, _CONFIG)


VERSION_FORMAT = FileFormat(VERSION)
AGREEMENT_FORMAT = FileFormat(AGREEMENT)
SOURCES_FORMAT = FileFormat(SOURCES)
