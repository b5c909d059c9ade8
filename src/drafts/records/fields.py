"""How each record field is written in its file: the one definition of the file formats.

A record in `model.py` annotates each field with how its file writes it (`InFile`), or says
the field is not written at all (`FromKey`, `Computed`). From those annotations follow the
validator (`drafts.reading.schema`), the JSON Schema editors use (`drafts schema`), the
"allowed fields" hints, and `from_file`, which fills a record from a validated entry. This
module is pure: the annotations are read with `typing` only when they are needed.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from typing import Annotated, Any, ForwardRef, Literal, TypeVar, Union, cast, get_args, get_origin, get_type_hints

R = TypeVar("R")


# Plain classes, not NamedTuples: they are built on every start, and creating a NamedTuple
# class costs a fraction of a millisecond.


class Pattern:
    """Text that must match `regex` (JSON Schema's dialect too); `meaning` completes "must be ..."."""

    __slots__ = ("meaning", "regex")

    def __init__(self, regex: str, meaning: str) -> None:
        self.regex = regex
        self.meaning = meaning


ID = Pattern(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", "a plain name: letters, digits, - and _")
SHA256 = Pattern(r"^[0-9a-f]{64}$", "a sha256: 64 digits and letters a-f")


class InFile:
    """A field as its file writes it.

    Text is any non-empty text unless a `pattern` is given. `optional`: the file may leave
    out a field the record always has (the loader infers it). `read_as`: the file's form
    where the loader turns it into the record's type (a date is `str`, a term value may
    take any form: `object`). `item`: what each entry of a list of text is.
    """

    __slots__ = ("description", "item", "min_items", "optional", "pattern", "read_as")

    def __init__(
        self,
        description: str,
        *,
        pattern: Pattern | None = None,
        min_items: int = 0,
        optional: bool = False,
        read_as: type | None = None,
        item: str | None = None,
    ) -> None:
        self.description = description
        self.pattern = pattern
        self.min_items = min_items
        self.optional = optional
        self.read_as = read_as
        self.item = item


class FromKey:
    """The record's id: its entry's key in the file's mapping."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: Pattern) -> None:
        self.pattern = pattern


class Computed:
    """Not written in the file: the loader sets it."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


class FileField:
    """One field of a record's file form.

    `shape` is the file's type: str, a Literal, a record, tuple[X, ...], dict[str, X] or object.
    """

    __slots__ = ("about", "name", "required", "shape")

    def __init__(self, name: str, shape: Any, about: InFile, required: bool) -> None:
        self.name = name
        self.shape = shape
        self.about = about
        self.required = required


# How `from_file` fills a field: (its name, whether the loader gives it, the record's default).
Plan = tuple[str, bool, Any]
_NO_DEFAULT: Any = object()


def is_record(shape: Any) -> bool:
    return isinstance(shape, type) and issubclass(shape, tuple) and hasattr(shape, "_fields")


def _hints(record: type) -> dict[str, Any]:
    annotations: dict[str, Any] = record.__annotations__
    if any(isinstance(annotation, (str, ForwardRef)) for annotation in annotations.values()):  # postponed
        return get_type_hints(record, vars(sys.modules[record.__module__]), include_extras=True)
    return annotations


def _split(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """(the type, its annotations) with `X | None` read as X: a record field's None is 'not given'."""
    extras: tuple[Any, ...] = ()
    if get_origin(annotation) is Annotated:
        annotation, *rest = get_args(annotation)
        extras = tuple(rest)
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        annotation = kept[0] if len(kept) == 1 else Union[tuple(kept)]  # noqa: UP007 - built at run time
    return annotation, extras


_FIELDS: dict[type, tuple[FileField, ...]] = {}
_KEYS: dict[type, Pattern | None] = {}


def file_fields(record: type) -> tuple[FileField, ...]:
    """The fields `record`'s file form has, in the record's order."""
    known = _FIELDS.get(record)
    if known is not None:
        return known
    fields = []
    defaults: dict[str, Any] = getattr(record, "_field_defaults", {})
    key = None
    for name, annotation in _hints(record).items():
        shape, extras = _split(annotation)
        about = next((extra for extra in extras if isinstance(extra, (InFile, FromKey, Computed))), None)
        if isinstance(about, FromKey):
            key = about.pattern
        if not isinstance(about, InFile):
            if about is None:
                raise TypeError(f"{record.__name__}.{name} says neither how its file writes it nor that it does not")
            continue
        shape = about.read_as or shape
        fields.append(FileField(name, shape, about, not about.optional and name not in defaults))
    _KEYS[record] = key
    _FIELDS[record] = tuple(fields)
    return _FIELDS[record]


def key_pattern(record: type) -> Pattern | None:
    """The pattern of the key a record is filed under, when its id is that key."""
    file_fields(record)
    return _KEYS[record]


def items_of(shape: Any) -> Any:
    """What a list (`tuple[X, ...]`) or a mapping (`dict[str, X]`) holds; None for other shapes."""
    origin = get_origin(shape)
    if origin is tuple:
        return get_args(shape)[0]
    if origin is dict:
        return get_args(shape)[1]
    return None


def holds_records(shape: Any) -> bool:
    return is_record(shape) or is_record(items_of(shape))


def record_at(top: Any, loc: tuple[str | int, ...]) -> type | None:
    """The record whose fields are at `loc` of a file shaped `top`; None: no record is there."""
    shape = top
    for part in loc:
        if is_record(shape):
            field = next((f for f in file_fields(shape) if f.name == part), None)
            if field is None:
                return None
            shape = field.shape
        else:
            shape = items_of(shape)
            if shape is None:
                return None
    return shape if is_record(shape) else None


def field_at(top: Any, loc: tuple[str | int, ...]) -> FileField | None:
    """The field written at `loc` (its last part a field name), if the definition has one."""
    if not loc or not isinstance(loc[-1], str):
        return None
    record = record_at(top, loc[:-1])
    if record is None:
        return None
    return next((f for f in file_fields(record) if f.name == loc[-1]), None)


_PLANS: dict[type, tuple[Plan, ...]] = {}


def _plan(record: type) -> tuple[Plan, ...]:
    """Fields the entry gives directly; the others (ids, dates, values, nested records) the loader gives."""
    direct = {
        field.name
        for field in file_fields(record)
        if field.about.read_as is None and not holds_records(field.shape) and not field.about.optional
    }
    defaults: dict[str, Any] = getattr(record, "_field_defaults", {})
    plan = tuple((name, name not in direct, defaults.get(name, _NO_DEFAULT)) for name in _hints(record))
    _PLANS[record] = plan
    return plan


def from_file(record: type[R], entry: Mapping[str, Any], /, **given: Any) -> R:
    """A record from its validated file entry; `given` holds what the loader works out.

    Ids, dates, values and nested records must be given (or take the record's default);
    every other field comes from the entry, lists as tuples, a field left out as its default.
    """
    plan = _PLANS.get(record) or _plan(record)
    values: list[Any] = []
    for name, must_give, default in plan:
        if name in given:
            value = given[name]
        elif must_give:
            if default is _NO_DEFAULT:
                raise TypeError(f"{record.__name__}.{name} is worked out by the loader: give it")
            value = default
        else:
            value = entry[name] if default is _NO_DEFAULT else entry.get(name, default)
            if type(value) is list:
                value = tuple(value)
        values.append(value)
    return cast(R, cast(Any, record)._make(values))


def choices(shape: Any) -> tuple[str, ...] | None:
    """The values a Literal allows."""
    return tuple(get_args(shape)) if get_origin(shape) is Literal else None
