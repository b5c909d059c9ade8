"""Safe YAML: plain data only, from files a newsroom edits by hand.

We build values from the parser's events instead of using a YAML constructor, so that
nothing is ever constructed from a tag, aliases cannot multiply memory, a duplicate key
is an error instead of silently winning, and nesting depth is bounded before it costs
anything. Scalars follow YAML 1.2's core schema, so `no` stays the text "no" (the
"Norway problem") and dates stay text for our own parser; flags accept yes/no themselves.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from drafts.errors import DataError, Problem

MAX_FILE_BYTES = 1 << 20  # a draft is a few KB; anything near a megabyte is a mistake
MAX_DEPTH = 24
MAX_NUMBER_DIGITS = 30

Path_ = tuple[str | int, ...]

_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_SPECIAL_FLOATS = frozenset((".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"))


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, label: str | None = None) -> str:
    """Read a UTF-8 text file, refusing binary, oversized and undecodable files clearly."""
    name = label or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise DataError.at("is a directory, not a file", file=name) from None
    except FileNotFoundError:
        raise DataError.at("file not found", file=name) from None
    except OSError as exc:
        raise DataError.at(f"cannot read file: {exc.strerror}", file=name) from None
    return decode_text(data, name, limit=limit)


def decode_text(data: bytes, name: str, *, limit: int = MAX_FILE_BYTES) -> str:
    if len(data) > limit:
        raise DataError.at(
            f"file is larger than {limit // 1024} KiB",
            file=name,
            hint="split it, or check that this is the file you meant",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise DataError.at(
            "binary file (contains a NUL byte)",
            file=name,
            line=line,
            column=column,
            hint="drafts reads UTF-8 text files only",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise DataError.at(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            file=name,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def load(text: str, file: str) -> Any:
    """Parse one YAML document into dicts, lists, str, int, float, bool and None."""
    return _Builder(file).build(text)


def locate(text: str, path: Path_) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at `path`, or of the nearest parent that exists.

    Only called when a problem is reported, so the happy path never records positions.
    """
    builder = _Builder("", want=path)
    with contextlib.suppress(DataError):
        builder.build(text)
    return builder.found


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Builder:
    def __init__(self, file: str, want: Path_ | None = None) -> None:
        self.file = file
        self.want = want
        self.found: tuple[int, int] | None = None

    def error(self, message: str, at: tuple[int, int] | None, hint: str | None = None) -> DataError:
        line, column = at if at else (None, None)
        return DataError(Problem(message, self.file, line, column, hint))

    def events(self, text: str) -> Iterator[Any]:
        parser = _Parser(text)
        try:
            while parser.check_event():
                yield parser.get_event()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            at = (mark.line + 1, mark.column + 1) if mark else None
            problem = exc.problem or exc.context or "invalid YAML"
            raise self.error(f"invalid YAML: {problem}", at, _syntax_hint(problem)) from None
        except yaml.YAMLError as exc:
            raise self.error(f"invalid YAML: {_one_line(str(exc))}", _reader_at(exc)) from None
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()

    def build(self, text: str) -> Any:
        documents = 0
        root: Any = None
        # Each frame: [container, its path, pending key, {key: position} for mappings]
        stack: list[list[Any]] = []
        for event in self.events(text):
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise self.error(
                        "more than one YAML document in the file",
                        _mark(event),
                        "a file holds one document: remove the second '---' and what follows",
                    )
                continue
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            if kind == "AliasEvent":
                raise self.error(
                    "YAML aliases (*name) are not allowed",
                    _mark(event),
                    "write the value out in full",
                )
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                done = stack.pop()[0]
                if not stack:
                    root = done
                continue
            if getattr(event, "anchor", None) is not None:
                raise self.error(
                    "YAML anchors (&name) are not allowed",
                    _mark(event),
                    "write the value out in full",
                )
            tag = getattr(event, "tag", None)
            if tag is not None and not _is_default_tag(event):
                raise self.error(
                    f"YAML tags are not allowed ({tag})",
                    _mark(event),
                    "remove the tag; drafts files hold plain text, numbers, lists and mappings",
                )
            if stack and stack[-1][3] is not None and stack[-1][2] is None:
                self._key(stack[-1], event)
                continue
            if kind == "ScalarEvent":
                value: Any = _resolve(event, self)
            elif kind == "MappingStartEvent":
                value = {}
            else:  # SequenceStartEvent
                value = []
            path = self._place(stack, value, event)
            if kind != "ScalarEvent":
                if len(stack) >= MAX_DEPTH:
                    raise self.error(f"nesting deeper than {MAX_DEPTH} levels", _mark(event))
                keys: dict[str, tuple[int, int]] | None = {} if kind == "MappingStartEvent" else None
                stack.append([value, path, None, keys])
            elif not stack:
                root = value
        if documents == 0:
            raise self.error("file is empty", None, "a drafts file is a YAML mapping of fields")
        return root

    def _key(self, frame: list[Any], event: Any) -> None:
        if type(event).__name__ != "ScalarEvent" or (event.style is None and event.value in _NULLS):
            raise self.error(
                "mapping keys must be plain names",
                _mark(event),
                "write the key as a single word such as fund_size",
            )
        key: str = event.value
        seen: dict[str, tuple[int, int]] = frame[3]
        at = _mark(event)
        if key in seen:
            raise self.error(
                f"duplicate key '{key}' (first at line {seen[key][0]}, again at line {at[0]})",
                at,
                "keep one of them: a later key must not silently replace an earlier one",
            )
        seen[key] = at
        frame[2] = key
        self._maybe_found((*frame[1], key), event)

    def _place(self, stack: list[list[Any]], value: Any, event: Any) -> Path_:
        if not stack:
            self._maybe_found((), event)
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child: Path_ = (*path, len(container))
            container.append(value)
        else:
            key = frame[2]
            frame[2] = None
            container[key] = value
            child = (*path, key)
        self._maybe_found(child, event)
        return child

    def _maybe_found(self, path: Path_, event: Any) -> None:
        want = self.want
        if want is None:
            return
        if path == want[: len(path)] and (self.found is None or len(path) > self._found_len):
            self.found = _mark(event)
            self._found_len = len(path)

    _found_len = -1


def _is_default_tag(event: Any) -> bool:
    # The non-specific tag "!" on quoted scalars is YAML's default, not a user tag.
    return bool(event.tag == "!")


def _resolve(event: Any, builder: _Builder) -> Any:
    text: str = event.value
    if event.style is not None:  # quoted or block scalar: always text
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text) or _FLOAT.match(text):
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_NUMBER_DIGITS:
            raise builder.error(
                f"number with {digits} digits is too large", _mark(event), "write large sums as text, e.g. $500 billion"
            )
        return int(text) if _INT.match(text) else float(text)
    if text in _SPECIAL_FLOATS:
        raise builder.error(
            f"'{text}' is not a usable number", _mark(event), "write a finite number, or quote it to make it text"
        )
    return text


def _syntax_hint(problem: str) -> str:
    if "tab" in problem or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "could not find expected ':'" in problem:
        return "each line of a mapping is 'key: value'"
    return "check the indentation and quoting around this position"


def _reader_at(exc: yaml.YAMLError) -> tuple[int, int] | None:
    position = getattr(exc, "position", None)
    return None if position is None else (1, int(position) + 1)


def _one_line(text: str) -> str:
    return " ".join(text.split())
