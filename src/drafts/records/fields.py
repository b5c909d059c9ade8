"""How each record field is written in its file: the one definition of the file formats.

A record in `model.py` annotates each field with how its file writes it (`InFile`), or says
the field is not written at all (`FromKey`, `Computed`). From those annotations follow the
validator (`drafts.reading.schema`), the JSON Schema editors use (`drafts schema`), the
"allowed fields" hints, and `filler`, which fills a record from a validated entry. This
module is pure: the annotations are read with `typing` only when they are needed.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Annotated, Any, ForwardRef, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

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

    Text is any non-empty text unless a `pattern` is given; `item` says what each entry of a
    list of text is. Two options mean the loader works the field out, so the entry's value is
    not copied as it is: `optional`, where the file may leave out a field the record always
    has (a term's status, inferred from its value); `read_as`, the file's form where the
    loader reads it into the record's type and says itself what is wrong (a date is `str`;
    a term's value may take any form: `object`).
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


class _Definition:
    """What one record's annotations say: its file fields, the pattern of its key, who fills each field."""

    __slots__ = ("fields", "key", "order", "written")

    def __init__(self, record: type) -> None:
        defaults: dict[str, Any] = getattr(record, "_field_defaults", {})
        self.fields: tuple[FileField, ...] = ()
        self.key: Pattern | None = None
        hints = _hints(record)
        self.order: tuple[str, ...] = tuple(hints)
        self.written: dict[str, FileField] = {}  # copied from the entry as written
        for name, annotation in hints.items():
            shape, extras = _split(annotation)
            about = next((extra for extra in extras if isinstance(extra, (InFile, FromKey, Computed))), None)
            if about is None:
                raise TypeError(f"{record.__name__}.{name} says neither how its file writes it nor that it does not")
            if isinstance(about, FromKey):
                self.key = about.pattern
            if not isinstance(about, InFile):
                continue
            field = FileField(name, about.read_as or shape, about, not about.optional and name not in defaults)
            self.fields += (field,)
            if about.read_as is None and not about.optional and not holds_records(field.shape):
                self.written[name] = field


_DEFINITIONS: dict[type, _Definition] = {}


def _definition(record: type) -> _Definition:
    known = _DEFINITIONS.get(record)
    if known is None:
        known = _DEFINITIONS[record] = _Definition(record)
    return known


def file_fields(record: type) -> tuple[FileField, ...]:
    """The fields `record`'s file form has, in the record's order."""
    return _definition(record).fields


def key_pattern(record: type) -> Pattern | None:
    """The pattern of the key a record is filed under, when its id is that key."""
    return _definition(record).key


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


_FROM_ENTRY: Any = object()  # a keyword not given: the field is copied from the entry
_BUILDERS: dict[type, Callable[..., Any]] = {}


def filler(record: type[R]) -> Callable[..., R]:
    """The function that fills `record` from its validated file entry: `fill(entry, **given)`.

    `given` holds what the loader works out (ids, dates, values, nested records, inferred
    statuses): those must be given unless the record has a default, and any other field may
    be given to replace the entry's. Fields copied from the entry take the record's default
    when left out, lists as tuples. An unknown or missing keyword is a TypeError.
    """
    known = _BUILDERS.get(record)
    if known is None:
        known = _BUILDERS[record] = _builder(record)
    return known


def _builder(record: type) -> Callable[..., Any]:
    """`filler`'s function, written out for this record.

    Generated, as `collections.namedtuple` and `dataclasses` generate their methods: a loop
    over the fields costs three times the record's own constructor, and a collection of
    1,000 drafts fills 40,000 records on every run.
    """
    definition = _definition(record)
    defaults: dict[str, Any] = getattr(record, "_field_defaults", {})
    namespace: dict[str, Any] = {"_record": record, "_FROM_ENTRY": _FROM_ENTRY, "_tuple": tuple}
    parameters, values = [], []
    for position, name in enumerate(definition.order):
        default = defaults.get(name, _NO_DEFAULT)
        namespace[f"_default_{position}"] = default
        written = definition.written.get(name)
        if written is None:  # worked out by the loader
            parameters.append(name if default is _NO_DEFAULT else f"{name}=_default_{position}")
            values.append(name)
            continue
        copied = f"_entry[{name!r}]" if default is _NO_DEFAULT else f"_entry.get({name!r}, _default_{position})"
        if get_origin(written.shape) is tuple:
            copied = f"_tuple({copied})"
        parameters.append(f"{name}=_FROM_ENTRY")
        values.append(f"({copied} if {name} is _FROM_ENTRY else {name})")
    source = f"def build(_entry, *, {', '.join(parameters)}):\n    return _record({', '.join(values)})\n"
    # Only the record's field names (identifiers, as NamedTuple requires) enter the text.
    exec(compile(source, f"<filler {record.__name__}>", "exec"), namespace)
    build: Callable[..., Any] = namespace["build"]
    return build


def choices(shape: Any) -> tuple[str, ...] | None:
    """The values a Literal allows."""
    return tuple(get_args(shape)) if get_origin(shape) is Literal else None
