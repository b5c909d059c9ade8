"""Safe YAML: plain data only, from files a newsroom edits by hand.

We build values from the parser's events instead of using a YAML constructor, so that
nothing is ever constructed from a tag, aliases cannot multiply memory, a duplicate key
is an error instead of silently winning, and nesting depth is bounded before it costs
anything. Scalars follow YAML 1.2's core schema, so `no` stays the text "no" (the
"Norway problem") and dates stay text for our own parser; flags accept yes/no themselves.

Every way in is bounded: a file's size and its number of values (per kind of file: Limits),
their nesting (MAX_DEPTH) and the digits of a number (MAX_NUMBER_DIGITS); numbers that are
not finite are refused. What the YAML spec forbids but PyYAML and libyaml accept (a comment
glued to a value, under-indented continuation lines, a plain "-" in a flow list, misleading
blank lines before a block scalar) is refused too, so every file in the YAML test suite's
invalid set fails here with a line and column, as it would in any conforming tool.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import os
import re
import stat
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from drafts.errors import DataError, Problem
from drafts.records.text import fold

MAX_DEPTH = 24
MAX_NUMBER_DIGITS = 30


class Limits(NamedTuple):
    """How big one kind of file may be: its bytes, and its values (scalars, mappings, lists).

    Set from what each kind really holds, with room to grow for years; well past that, a file
    is a mistake or hostile, and is refused before it costs memory or time. Aliases are refused,
    so the values are bounded by the bytes as well.
    """

    kind: str  # how messages name the kind of file
    file_bytes: int
    nodes: int
    holds: str  # what such a file typically holds, for the hint


# A draft is a few KB (the shipped ones hold 150-400 values); a megabyte is a mistake.
DRAFT = Limits("a draft", 1 << 20, 20_000, "a draft holds a few hundred values")
# The term catalogue: a few dozen terms of five fields each.
AGREEMENT = Limits("the term catalogue", 1 << 20, 20_000, "a catalogue holds a few hundred values")
# The registry grows for years: an entry is ~230-280 bytes and 15 values (its id, a mapping, seven
# fields). 16 MiB and 600,000 values take 40,000 sources, a newsroom's registrations of a decade.
# A hostile file of bare values reaches the value limit in 1.2 MB and costs about 3 s to refuse.
REGISTRY = Limits("the source registry", 16 << 20, 600_000, "a source takes about 15 values")

MAX_FILE_BYTES = DRAFT.file_bytes
MAX_NODES = DRAFT.nodes

Path_ = tuple[str | int, ...]

# PyYAML is imported on the first parse, not with this module: a run served by the parse cache
# never needs it (10-15 ms of start-up).
yaml: Any = None
_Parser: Any = None
_Scalar = _MappingStart = _SequenceStart = _MappingEnd = _SequenceEnd = _Alias = _DocumentStart = None


def _import_yaml() -> None:
    global yaml, _Parser, _Scalar, _MappingStart, _SequenceStart, _MappingEnd, _SequenceEnd, _Alias, _DocumentStart
    if yaml is not None:
        return
    import yaml as module

    _Parser = getattr(module, "CSafeLoader", None) or module.SafeLoader
    _Scalar, _MappingStart, _SequenceStart = module.ScalarEvent, module.MappingStartEvent, module.SequenceStartEvent
    _MappingEnd, _SequenceEnd, _Alias, _DocumentStart = (
        module.MappingEndEvent,
        module.SequenceEndEvent,
        module.AliasEvent,
        module.DocumentStartEvent,
    )
    yaml = module


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_SPECIAL_FLOATS = frozenset(
    (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN")
)
# The line breaks YAML (libyaml and PyYAML alike) counts in its marks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, label: str | None = None) -> str:
    """Read a UTF-8 text file, refusing binary, oversized and undecodable files clearly."""
    name = label or str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise DataError.at("is a directory, not a file", file=name)
        if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
            raise DataError.at("not a regular file", file=name, hint="drafts reads ordinary text files only")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise DataError.at("is a directory, not a file", file=name) from None
    except FileNotFoundError:
        raise DataError.at("file not found", file=name) from None
    except OSError as exc:
        raise DataError.at(f"cannot read file: {exc.strerror or exc}", file=name) from None
    return decode_text(data, name, limit=limit)


def decode_text(data: bytes, name: str, *, limit: int = MAX_FILE_BYTES) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError.at("the file is UTF-16, not UTF-8", file=name, hint="save it as UTF-8")
    if len(data) > limit:
        raise DataError.at(
            f"file is larger than {limit // 1024} KiB",
            file=name,
            hint="check that this is the file you meant",
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


def load(text: str, file: str, limits: Limits = DRAFT) -> Any:
    """Parse one YAML document into dicts, lists, str, int, float, bool and None."""
    return _Builder(file, limits=limits).build(text)


def locate(text: str, path: Path_) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at `path`, or of the nearest parent that exists.

    Only called when a problem is reported, so the happy path never records positions. The
    positions of a text are recorded in one pass and kept, so a file with many problems is
    parsed once more in all, not once per problem.
    """
    positions = _positions(text)
    for size in range(len(path), -1, -1):
        found = positions.get(path[:size])
        if found is not None:
            return found
    return None


@lru_cache(maxsize=8)
def _positions(text: str) -> dict[Path_, tuple[int, int]]:
    builder = _Builder("", record=True)
    with contextlib.suppress(DataError):  # positions up to an error are still worth having
        builder.build(text)
    return builder.positions


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Builder:
    """Builds plain data from parser events, refusing what drafts files must not hold.

    Besides tags, anchors, aliases, duplicate keys and deep nesting, it refuses what the YAML
    spec forbids but PyYAML and libyaml let through (see `_lenient`), so a file that another
    YAML tool would reject is not quietly read one way here.
    """

    def __init__(self, file: str, *, record: bool = False, limits: Limits | None = None) -> None:
        self.file = file
        # Recording positions re-reads a file already loaded within its limits: no limit needed.
        self.max_nodes = limits.nodes if limits is not None else (REGISTRY.nodes if record else DRAFT.nodes)
        self.holds = limits.holds if limits is not None else DRAFT.holds
        self.record = record
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.text = ""
        self._lines: list[str] | None = None

    def error(self, message: str, at: tuple[int, int] | None, hint: str | None = None) -> DataError:
        line, column = at if at else (None, None)
        return DataError(Problem(message, self.file, line, column, hint))

    def events(self, text: str) -> Iterator[Any]:
        _import_yaml()
        try:
            parser = _Parser(text)
        except UnicodeEncodeError as exc:  # only from text not read by read_text: a lone surrogate
            where = _offset_at(text, exc.start)
            raise self.error(f"not valid Unicode (U+{ord(text[exc.start]):04X})", where) from None
        except yaml.reader.ReaderError as exc:  # PyYAML without libyaml checks every character here
            raise self._reader_error(exc, text) from None
        try:
            while parser.check_event():
                yield parser.get_event()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            at = (mark.line + 1, mark.column + 1) if mark else None
            problem = exc.problem or exc.context or "invalid YAML"
            if "nesting depth" in problem:
                # Newer PyYAML releases bound flow nesting in their scanner, which reads ahead of our
                # own depth check: report it as ours, so the message does not depend on the release.
                raise self.error(f"nesting deeper than {MAX_DEPTH} levels", at) from None
            tab = mark is not None and text[mark.index : mark.index + 1] == "\t"
            hint = "indent with spaces, not tabs" if tab else _syntax_hint(problem)
            raise self.error(f"invalid YAML: {problem}", at, hint) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere
            raise self._reader_error(exc, text) from None
        except yaml.YAMLError as exc:
            raise self.error(f"invalid YAML: {_one_line(str(exc))}", None) from None
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()

    def _reader_error(self, exc: yaml.reader.ReaderError, text: str) -> DataError:
        position = exc.position
        if _Parser is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8 here, not characters
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        # Our words, not the library's: libyaml says "control characters", PyYAML "special characters".
        return self.error(
            f"invalid YAML: control characters are not allowed (U+{character:04X})",
            _offset_at(text, position),
            "remove the invisible character; to keep it, write it as an escape in double quotes",
        )

    def build(self, text: str) -> Any:
        self.text = text
        self._lines = None
        self._scalars: list[tuple[int, int]] = []  # where scalars are: a '#' there is text, not a comment
        documents = 0
        nodes = 0
        root: Any = None
        # Each frame: [container, its path, pending key, {key: position} for mappings,
        #   column of the innermost block collection (None inside flow collections),
        #   (start mark, enclosing block column) for a flow collection opened in block context]
        stack: list[list[Any]] = []
        for event in self.events(text):
            cls = event.__class__
            if cls is _Scalar or cls is _MappingStart or cls is _SequenceStart:
                nodes += 1
                if nodes > self.max_nodes:
                    raise self.error(
                        f"more than {self.max_nodes} values in one file",
                        _mark(event),
                        f"{self.holds}; check that this is the file you meant",
                    )
                if event.anchor is not None:
                    raise self.error(
                        "YAML anchors (&name) are not allowed", _mark(event), "write the value out in full"
                    )
                if event.tag is not None and event.tag != "!":  # "!" is YAML's default tag, not a user tag
                    raise self.error(
                        f"YAML tags are not allowed ({event.tag})",
                        _mark(event),
                        "remove the tag; drafts files hold plain text, numbers, lists and mappings",
                    )
                frame = stack[-1] if stack else None
                parent_indent = frame[4] if frame is not None else -1
                if cls is _Scalar:
                    self._check_scalar(event, parent_indent)
                if frame is not None and frame[3] is not None and frame[2] is None:
                    self._key(frame, event)
                    continue
                if cls is _Scalar:
                    value: Any = _resolve(event, self)
                    if frame is None:
                        root = value
                    else:
                        self._place(frame, value, event)
                    continue
                value = {} if cls is _MappingStart else []
                path = self._place(frame, value, event) if frame is not None else self._root(event)
                if len(stack) >= MAX_DEPTH:
                    raise self.error(f"nesting deeper than {MAX_DEPTH} levels", _mark(event))
                keys: dict[str, Any] | None = {} if cls is _MappingStart else None
                flow = bool(event.flow_style)
                indent = None if flow or parent_indent is None else event.start_mark.column
                # A flow collection directly inside block context is checked as one node when it ends.
                opened = (event.start_mark, parent_indent) if flow and parent_indent is not None else None
                stack.append([value, path, None, keys, indent, opened])
            elif cls is _MappingEnd or cls is _SequenceEnd:
                frame = stack.pop()
                if frame[5] is not None:
                    self._check_flow_node(frame[5], event.end_mark)
                if not stack:
                    root = frame[0]
            elif cls is _Alias:
                raise self.error("YAML aliases (*name) are not allowed", _mark(event), "write the value out in full")
            elif cls is _DocumentStart:
                documents += 1
                if documents > 1:
                    raise self.error(
                        "more than one YAML document in the file",
                        _mark(event),
                        "a file holds one document: remove the second '---' and what follows",
                    )
        if "#" in text:
            self._check_comments()
        if documents == 0:
            if text.strip():
                raise self.error("the file holds only comments", None, "a drafts file is a YAML mapping of fields")
            raise self.error("file is empty", None, "a drafts file is a YAML mapping of fields")
        return root

    def _key(self, frame: list[Any], event: Any) -> None:
        if event.__class__ is not _Scalar or (not event.style and event.value in _NULLS):
            raise self.error(
                "mapping keys must be plain names",
                _mark(event),
                "write the key as a single word such as fund_size",
            )
        key: str = event.value
        seen: dict[str, Any] = frame[3]
        if key in seen:
            first, again = seen[key].line + 1, _mark(event)[0]
            raise self.error(
                f"duplicate key '{key}' (first at line {first}, again at line {again})",
                _mark(event),
                "keep one of them: a later key must not silently replace an earlier one",
            )
        seen[key] = event.start_mark
        frame[2] = key
        if self.record:
            self._found((*frame[1], key), event)

    def _root(self, event: Any) -> Path_:
        if self.record:
            self._found((), event)
        return ()

    def _place(self, frame: list[Any], value: Any, event: Any) -> Path_:
        container, path = frame[0], frame[1]
        if frame[3] is None:
            child: Path_ = (*path, len(container))
            container.append(value)
        else:
            key = frame[2]
            frame[2] = None
            container[key] = value
            child = (*path, key)
        if self.record:
            self._found(child, event)
        return child

    def _found(self, path: Path_, event: Any) -> None:
        # A mapping entry is located at its key, which comes before its value.
        if self.record and path not in self.positions:
            self.positions[path] = _mark(event)

    # -- what the YAML spec forbids but PyYAML and libyaml accept ----------------------------

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        return self._lines

    def _check_scalar(self, event: Any, parent_indent: int | None) -> None:
        start, end = event.start_mark, event.end_mark
        self._scalars.append((start.index, end.index))
        style = event.style
        if not style and event.value[:1] in ("-", "?", ":") and event.value[1:2] in ("", " ", "\t"):
            raise self.error(
                f"invalid YAML: a plain '{event.value[0]}' cannot start a value here",
                (start.line + 1, start.column + 1),
                f"quote it: '{event.value}'",
            )
        if style in ("|", ">"):
            self._check_block_scalar(start, parent_indent)
        elif parent_indent is not None and end.line > start.line:
            self._check_flow_node((start, parent_indent), end)

    def _check_comments(self) -> None:
        """A comment's '#' must follow a space, a tab or the start of a line (YAML 1.2, 6.6)."""
        text = self.text
        spans = self._scalars
        starts = [begin for begin, _ in spans]
        at = text.find("#")
        while at >= 0:
            inside = bisect.bisect_right(starts, at) - 1
            if inside >= 0 and at < spans[inside][1]:
                at = text.find("#", spans[inside][1])
                continue
            if at > 0 and text[at - 1] not in " \t\r\n\x85\u2028\u2029\ufeff":
                line = len(_LINE_BREAK.findall(text, 0, at))
                column = at - max(text.rfind(ch, 0, at) for ch in "\r\n\x85\u2028\u2029")
                raise self.error(
                    "invalid YAML: a comment must be separated from what precedes it by a space",
                    (line + 1, column),
                    "put a space before '#'",
                )
            newline = _LINE_BREAK.search(text, at)
            at = -1 if newline is None else text.find("#", newline.end())

    def _check_flow_node(self, opened: tuple[Any, int], end: Any) -> None:
        """Continuation lines of a quoted scalar or flow collection must be indented past their block."""
        start, indent = opened
        for number in range(start.line + 1, end.line + 1):
            line = self._line(number)
            if line is None or not line.strip(" \t"):
                continue
            spaces = len(line) - len(line.lstrip(" "))
            if spaces <= indent:
                raise self.error(
                    "invalid YAML: this continuation line is not indented enough",
                    (number + 1, spaces + 1),
                    f"indent it by at least {indent + 1} space(s), with spaces, not tabs",
                )

    def _check_block_scalar(self, start: Any, parent_indent: int | None) -> None:
        header_line = self._line(start.line)
        if header_line is None:
            return
        header = _BLOCK_HEADER.match(header_line, start.column)
        if header is None:
            return
        if header_line[header.end() : header.end() + 1] == "#":
            raise self.error(
                "invalid YAML: a comment must be separated from '|' or '>' by a space",
                (start.line + 1, header.end() + 1),
                "put a space before '#'",
            )
        if any(ch.isdigit() for ch in header.group()):
            return  # explicit indentation: nothing is guessed
        # Leading blank lines may not be indented more than the first line that follows them.
        deepest = 0
        number = start.line + 1
        while (line := self._line(number)) is not None and not line.strip(" "):
            deepest = max(deepest, len(line))
            number += 1
        if line is None:
            return
        first = len(line) - len(line.lstrip(" "))
        if deepest > first > (parent_indent if parent_indent is not None else -1):
            raise self.error(
                "invalid YAML: blank lines at the start of a block scalar are indented more than its first line",
                (start.line + 2, 1),
                "remove the trailing spaces on those blank lines",
            )

    def _line(self, number: int) -> str | None:
        lines = self.lines()
        return lines[number] if 0 <= number < len(lines) else None


def _resolve(event: Any, builder: _Builder) -> Any:
    text: str = event.value
    if event.style:  # quoted or block scalar: always text (a plain one has style None, or "" from libyaml)
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
        if _INT.match(text):
            return int(text)
        number = float(text)
        if not math.isfinite(number):
            raise builder.error(
                f"'{text}' is too large a number", _mark(event), "write a finite number, or quote it to make it text"
            )
        return number
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


def _offset_at(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a character offset, counting line breaks as YAML does."""
    breaks = list(_LINE_BREAK.finditer(text, 0, offset))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - start + 1


def _one_line(text: str) -> str:
    return fold(text)
