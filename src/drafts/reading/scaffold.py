"""`drafts new ID --from PREV`: a new version file, ready to edit, that passes `drafts check` as written.

The scaffold carries every reported term of the previous version (status, value, summary,
sources, claims) in the forms a reporter writes by hand ("$500 billion", yes/no, flow lists,
plain numbers for percentages), so editing it means changing only what the new reports change.

The YAML is written by hand, not by a YAML dumper, so the layout stays the one the shipped drafts
use. Every free-text scalar is double-quoted with our own escaping: JSON's escaping is close but
not safe here (it writes astral characters as surrogate pairs, which YAML does not join, and with
ensure_ascii=False it leaves U+0085/U+2028, which YAML reads as line breaks), so no content can
break the file, change on the way back in, or smuggle a comment or key into it.

Editor support: the file's first line is `# yaml-language-server: $schema=../drafts.schema.json`.
Version files live in `drafts/`, so the schema is expected at the collection root, written by
`drafts schema --output drafts.schema.json` there (`jsonschema_export.SCHEMA_FILE`). The path is
relative so it works for any collection, checkout or clone; an editor without the file simply
shows no hints.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from drafts.errors import DataError, Problem, UsageError
from drafts.reading.jsonschema_export import SCHEMA_FILE
from drafts.reading.loader import SOURCES_FILE, valid_version_id
from drafts.records.model import Citation, Claim, Collection, Term, Version
from drafts.records.values import Flag, Items, Money, Percent, Value, ValueProblem, parse_value

SCHEMA_LINE = f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
_INDENT = "  "
# Words a plain scalar or key must not be: YAML 1.1 or 1.2 would read them as booleans or null.
_SPECIAL_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"))
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\\0"}
_MAX_NUMBER_DIGITS = 30  # yamlsafe refuses longer numbers; such percentages are written as text
# The header records the day the scaffold was made, so `check` can tell a date left at that day
# from a draft really dated then: deleting the header line is how a reporter says "this is right".
_HEADER_DAY = re.compile(r"^# drafts/.*, scaffolded from .* on (\d{4}-\d{2}-\d{2})\. To fill it in:$", re.M)
_HEADER_LINES = 3
_TITLE_PREFIX, _TITLE_SUFFIX = "Copy of ", " — edit me"


def version_path(collection: Collection, new_id: str) -> Path:
    """Where the version `new_id` lives (validate the id first)."""
    return collection.root / "drafts" / f"{new_id}.yaml"


def validate_new_id(new_id: str, collection: Collection) -> None:
    """Refuse ids that are not plain names (UsageError) and ids whose file already exists (DataError)."""
    if new_id.endswith((".yaml", ".yml")) and valid_version_id(new_id.rsplit(".", 1)[0]):
        raise UsageError(
            Problem(
                f"'{_printable(new_id)}': give the version id without .yaml",
                hint=f"the id is the file's stem: drafts new {new_id.rsplit('.', 1)[0]} ...",
            )
        )
    if not valid_version_id(new_id):
        raise UsageError(
            Problem(
                f"'{_printable(new_id)}' is not a usable version id",
                hint="use a plain name of letters, digits, - and _, such as v4; not first, latest or agreement",
            )
        )
    label = f"drafts/{new_id}.yaml"
    if new_id in collection.index or version_path(collection, new_id).exists():
        raise DataError(
            Problem(
                f"version {new_id} already exists; not overwriting it",
                label,
                hint="choose another id, or edit the existing file",
            )
        )


def write_new_version(collection: Collection, previous: Version, new_id: str, today: date) -> Path:
    """Validate the id, scaffold the file and write it atomically, never over an existing file."""
    from drafts.atomic import write_atomic

    validate_new_id(new_id, collection)
    path = version_path(collection, new_id)
    write_atomic(path, scaffold(collection, previous, new_id, today), overwrite=False, label=f"drafts/{new_id}.yaml")
    return path


def scaffold(collection: Collection, previous: Version, new_id: str, today: date) -> str:
    """The text of drafts/<new_id>.yaml: `previous`'s reported terms, dated today, to be edited."""
    prev_id = _printable(previous.id)
    lines = [
        SCHEMA_LINE,
        f"# drafts/{_printable(new_id)}.yaml, scaffolded from {prev_id} on {today.isoformat()}. To fill it in:",
        "#  1. Set title, date (YYYY-MM-DD, or YYYY-MM when only the month is known: it sorts",
        "#     before every day of that month) and stage.",
        "#  2. Edit only what the reports say changed. Delete a term they no longer cover (it becomes",
        "#     not reported); mark one they say is missing with status: absent and drop its value.",
        "#  3. Keep every quote verbatim from an archived report: a file under seeds/ registered in",
        f"#     {SOURCES_FILE}. Archive a new report first: drafts archive ID FILE-OR-URL.",
        f"#  4. Run `drafts check`, then `drafts diff {prev_id} {_printable(new_id)}` to see what changed.",
        f"# Editor hints: run `drafts schema --output {SCHEMA_FILE}` at the collection root.",
        "",
        f"title: {quote(scaffold_title(previous.title))}",
        f"date: {today.isoformat()}",
        f"stage: {_word(previous.stage)}",
    ]
    if previous.proposed_by:
        lines.append(f"proposed_by: {quote(previous.proposed_by)}  # check: who put this version forward?")
    lines.append("# notes: how this version is dated, and what the reports leave open")
    reported = [
        (name, term) for name, term in _in_catalogue_order(collection, previous) if term.status != "not_reported"
    ]
    silent = [name for name, term in _in_catalogue_order(collection, previous) if term.status == "not_reported"]
    if not reported:
        lines.append("terms: {}")
    else:
        lines.append("terms:")
        for position, (name, term) in enumerate(reported):
            if position:
                lines.append("")
            lines.append(f"{_INDENT}{_word(name)}:")
            lines.extend(_INDENT * 2 + line for line in _term_lines(term))
    if silent:
        listed = textwrap.wrap(_printable(", ".join(silent)), 96)
        lines += [
            "",
            f"# Not reported in {prev_id}, to add when reports cover them:",
            *(f"#   {line}" for line in listed),
        ]
    return "\n".join(lines) + "\n"


def scaffold_title(previous_title: str) -> str:
    return f"{_TITLE_PREFIX}{previous_title}{_TITLE_SUFFIX}"


def is_scaffold_title(title: str) -> bool:
    """The title `drafts new` wrote, or half of it still there."""
    return title.startswith(_TITLE_PREFIX) or title.rstrip().endswith(_TITLE_SUFFIX.strip())


def scaffold_day(text: str) -> str | None:
    """The day (YYYY-MM-DD) the scaffold header says the file was made, if it still has that header."""
    head = "\n".join(text.splitlines()[:_HEADER_LINES])
    match = _HEADER_DAY.search(head)
    return match[1] if match else None


def _in_catalogue_order(collection: Collection, version: Version) -> Iterator[tuple[str, Term]]:
    for name in collection.agreement.terms:
        term = version.terms.get(name)
        if term is not None:
            yield name, term
    for name, term in version.terms.items():  # terms outside the catalogue, should a Version carry any
        if name not in collection.agreement.terms:
            yield name, term


def _term_lines(term: Term) -> list[str]:
    lines: list[str] = []
    if term.status == "disputed":
        lines.append("status: disputed")
        if term.summary:
            lines.append(f"summary: {quote(term.summary)}")
        lines.append("claims:")
        for claim in term.claims:
            lines.extend(_item(_claim_lines(claim), _INDENT))
        return lines
    if term.status != "stated" or term.value is None:
        lines.append(f"status: {_word(term.status)}")
    if term.value is not None:
        lines.append(f"value: {value_text(term.value)}")
    if term.summary:
        lines.append(f"summary: {quote(term.summary)}")
    lines.extend(_sources_lines(term.sources))
    return lines


def _claim_lines(claim: Claim) -> list[str]:
    lines: list[str] = []
    if claim.by:
        lines.append(f"by: {quote(claim.by)}")
    if claim.status != "stated" or claim.value is None:
        lines.append(f"status: {_word(claim.status)}")
    if claim.value is not None:
        lines.append(f"value: {value_text(claim.value)}")
    lines.append(f"summary: {quote(claim.summary)}")
    lines.extend(_sources_lines(claim.sources))
    return lines


def _sources_lines(citations: tuple[Citation, ...]) -> list[str]:
    if not citations:
        return []
    lines = ["sources:"]
    for citation in citations:
        fields = [f"source: {_word(citation.source)}", f"quote: {quote(citation.quote)}"]
        if citation.note:
            fields.append(f"note: {quote(citation.note)}")
        lines.extend(_item(fields, _INDENT))
    return lines


def _item(fields: list[str], indent: str) -> list[str]:
    """A block-sequence entry: '- first', then the rest aligned under it."""
    return [f"{indent}- {fields[0]}", *(f"{indent}  {field}" for field in fields[1:])]


def value_text(value: Value) -> str:
    """A value in a form a reporter writes, that `values.parse_value` reads back to the same value."""
    if isinstance(value, Money):
        return quote(_money_text(value))
    if isinstance(value, Percent):
        return _percent_text(value)
    if isinstance(value, Flag):
        word = "yes" if value.value else "no"
        return f"{{flag: {word}, detail: {quote(value.detail)}}}" if value.detail else word
    if isinstance(value, Items):
        return "[" + ", ".join(quote(item) for item in value.items) + "]"
    return quote(value.text)


def _money_text(money: Money) -> str:
    # "$500 billion" when that reads back exactly; otherwise every digit ("$1,234,567,891").
    readable = str(money)
    if _money_reads_back(readable, money):
        return readable
    digits = f"{money.amount:,f}"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(money.currency)
    return f"{symbol}{digits}" if symbol else f"{money.currency} {digits}"


def _percent_text(percent: Percent) -> str:
    number = f"{percent.value:f}"
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    digits = sum(ch.isdigit() for ch in number)
    # A plain number goes through a float on the way back in; keep it only when that is exact.
    if digits <= _MAX_NUMBER_DIGITS and Decimal(str(float(number))) == percent.value:
        return number
    return quote(f"{number}%")


def _money_reads_back(text: str, money: Money) -> bool:
    try:
        return parse_value("money", text) == money
    except ValueProblem:
        return False


def _word(text: str) -> str:
    """Plain when it is a harmless name (status, stage, term or source id), quoted otherwise."""
    if _PLAIN_NAME.match(text) and text.lower() not in _SPECIAL_WORDS:
        return text
    return quote(text)


def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`, whatever it holds."""
    out = ['"']
    for ch in text:
        escaped = _YAML_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif _printable_char(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _printable_char(ch: str) -> bool:
    """Characters YAML takes literally in any position: printable, and not a line break or BOM."""
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return True
    if code < 0xA0 or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return False
    return ch.isprintable()


def _printable(text: str) -> str:
    """Text safe inside a comment line: no line breaks or control characters can end the comment."""
    return "".join(ch if _printable_char(ch) else "?" for ch in text)
