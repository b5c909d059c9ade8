"""The file formats' validators, built from the records' own definition (`drafts.records.fields`).

We validate with pydantic's core directly rather than through `BaseModel` classes: the
model layer costs 0.1-0.15 s of start-up on every command (measured; see README "Speed"),
while these schemas build in a few milliseconds, only when a file has not been validated
before, and validate just as strictly. The same schemas generate the JSON Schema that
`drafts schema` prints (`jsonschema_export.py`).
"""

from __future__ import annotations

from typing import Any, get_origin

from pydantic_core import CoreSchema, SchemaValidator
from pydantic_core import core_schema as cs

from drafts.records.fields import FileField, InFile, choices, file_fields, is_record, items_of, key_pattern
from drafts.records.model import Agreement, Source, Version

_CONFIG = cs.CoreConfig(coerce_numbers_to_str=True, str_strip_whitespace=True)


def core_schema(shape: Any) -> CoreSchema:
    """The pydantic-core schema of a file shaped `shape`: a record, or a mapping of records by id."""
    return _schema(shape, None)


def _schema(shape: Any, about: InFile | None) -> CoreSchema:
    metadata = {"description": about.description} if about is not None else None
    if is_record(shape):
        return _record(shape)
    allowed = choices(shape)
    if allowed is not None:
        return cs.literal_schema(list(allowed), metadata=metadata)
    if shape is str:
        if about is not None and about.pattern is not None:
            return cs.str_schema(pattern=about.pattern.regex, metadata=metadata)
        if about is not None and about.read_as is str:  # read by the loader, which says what is wrong
            return cs.str_schema(metadata=metadata)
        return cs.str_schema(min_length=1, strict=False, metadata=metadata)
    if shape is object:
        return cs.any_schema(metadata=metadata)
    held = items_of(shape)
    min_items = about.min_items if about is not None and about.min_items else None
    item_about = InFile(about.item) if about is not None and about.item else None
    if get_origin(shape) is tuple:
        return cs.list_schema(_schema(held, item_about), min_length=min_items, metadata=metadata)
    if held is not None:
        pattern = key_pattern(held) if is_record(held) else None
        keys = cs.str_schema(pattern=pattern.regex) if pattern else cs.str_schema()
        return cs.dict_schema(keys, _schema(held, item_about), min_length=min_items, metadata=metadata)
    raise TypeError(f"no file form for {shape!r}")


def _record(record: type) -> CoreSchema:
    name = record.__name__
    fields = {field.name: _field(field) for field in file_fields(record)}
    return cs.typed_dict_schema(fields, extra_behavior="forbid", ref=name, config=cs.CoreConfig(title=name))


def _field(field: FileField) -> cs.TypedDictField:
    return cs.typed_dict_field(_schema(field.shape, field.about), required=field.required)


class FileFormat:
    """A file format: its shape in the records' terms, its schema and the compiled validator."""

    def __init__(self, shape: Any) -> None:
        self.shape = shape
        self.schema = core_schema(shape)
        self.validator = SchemaValidator(self.schema, _CONFIG)


VERSION_FORMAT = FileFormat(Version)
AGREEMENT_FORMAT = FileFormat(Agreement)
SOURCES_FORMAT = FileFormat(dict[str, Source])
