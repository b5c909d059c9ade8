"""Typed term values: money, percent, flag, list and text, with the forms reporters write."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple

from drafts.records.text import fold

ValueType = Literal["money", "percent", "flag", "list", "text"]

# What a reporter may write, shown whenever a value is not understood.
ACCEPTED_FORMS: dict[ValueType, str] = {
    "money": 'an amount with a currency: "$500 billion", "USD 500bn", "€1.2m", '
    "or {amount: 500000000000, currency: USD}",
    "percent": 'a number from 0 to 100: 50 or "50%"',
    "flag": "yes or no, or {flag: yes, detail: by the Verkhovna Rada}",
    "list": "a list of short phrases: [minerals, oil, gas]",
    "text": "a short phrase: debt to be repaid",
}

# How a term's value is described where its file is documented (the JSON Schema).
VALUE_IN_FILE = "The term's value, in the form its type takes: " + "; ".join(
    f"{kind}: {forms}" for kind, forms in ACCEPTED_FORMS.items()
)

SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH", "¥": "JPY"}
_SYMBOL_OF = {"USD": "$", "EUR": "€", "GBP": "£"}
SCALES = {
    "": 1,
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "t": 10**12,
}
_SCALE_WORDS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))

# The written forms, as regular expressions the parsers below use and the JSON Schema for
# editors is built from (`drafts.reading.jsonschema_export`): in the dialect both share.
CURRENCY_CODE = "[A-Z]{3}"
_CURRENCY = rf"US\$|[$€£₴¥]|{CURRENCY_CODE}"
_DIGITS = r"[0-9](?:[0-9.,]*[0-9])?"  # with thousands separators or a decimal comma: see read_number
_SCALE_WORD = r"[A-Za-z]*\.?"
# _SCALE_WORD, with the scale and its full stop taken apart.
_MONEY = re.compile(
    rf"(?P<pre>{_CURRENCY})?\s*(?P<num>{_DIGITS})\s*(?P<scale>[A-Za-z]*)(?P<dot>\.?)\s*(?P<post>{CURRENCY_CODE})?\Z"
)
# Exactly one currency, before or after the number ("$500 billion", "500bn USD"); the parser
# also refuses two ("$500 USD"), which this lets through.
MONEY_TEXT = rf"^\s*(?:(?:{_CURRENCY})\s*{_DIGITS}\s*{_SCALE_WORD}|{_DIGITS}\s*{_SCALE_WORD}\s*{CURRENCY_CODE})\s*$"
MAX_AMOUNT = Decimal(10) ** 18
_GROUPED_DIGITS = "[0-9][0-9.,]*[0-9]"  # "12,5" or "1.5": read by read_number
# The plain decimals Decimal() reads (it also takes "1_0", other scripts' digits and "Infinity",
# which editors are left to underline).
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
PERCENT_TEXT = rf"^\s*(?:{_GROUPED_DIGITS}|{_DECIMAL})\s*%?\s*$"
PERCENT_RANGE = (0, 100)
TRUE_WORDS = ("yes", "y", "true", "on")
FALSE_WORDS = ("no", "n", "false", "off")
# Any case, as _yes_no reads them, spelt out letter by letter: JSON Schema has no /i flag.
YES_NO_TEXT = (
    r"^\s*(?:"
    + "|".join("".join(f"[{c.upper()}{c.lower()}]" for c in word) for word in TRUE_WORDS + FALSE_WORDS)
    + r")\s*$"
)


class ValueProblem(ValueError):
    """A value that does not fit its term's type; the message shows the accepted forms."""


class Money(NamedTuple):
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


class Percent(NamedTuple):
    value: Decimal

    def __str__(self) -> str:
        return f"{_plain(self.value)}%"


class Flag(NamedTuple):
    value: bool
    detail: str | None = None

    def __str__(self) -> str:
        word = "yes" if self.value else "no"
        return f"{word} ({self.detail})" if self.detail else word


class Items(NamedTuple):
    items: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(self.items)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(_fold(item) for item in self.items)


class Text(NamedTuple):
    text: str

    def __str__(self) -> str:
        return self.text


Value = Money | Percent | Flag | Items | Text


class Delta(NamedTuple):
    """How a money or percent value moved: absolute change and, when defined, relative change."""

    absolute: Decimal
    relative: Decimal | None  # percent of the old value; None when the old value is 0
    unit: str  # currency code, or "pp" for percentage points


def parse_value(kind: ValueType, raw: Any) -> Value:
    """Turn what the YAML holds into a typed value, or raise ValueProblem naming the forms."""
    try:
        return _PARSERS[kind](raw)
    except ValueProblem as exc:
        raise ValueProblem(f"{exc}; a {kind} value is {ACCEPTED_FORMS[kind]}") from None


def _money(raw: Any) -> Money:
    if isinstance(raw, dict):
        unknown = set(raw) - {"amount", "currency"}
        if unknown or "amount" not in raw or "currency" not in raw:
            raise ValueProblem(f"unexpected money fields {sorted(map(str, raw))}")
        amount = _number(raw["amount"], "amount")
        currency = raw["currency"]
        if not isinstance(currency, str) or not re.fullmatch(CURRENCY_CODE, currency):
            raise ValueProblem(f"'{currency}' is not an ISO currency code such as USD")
        return _checked_money(amount, currency)
    if not isinstance(raw, str):
        raise ValueProblem(f"{_show(raw)} has no currency")
    match = _MONEY.match(raw.strip())
    if not match:
        raise ValueProblem(f"'{raw}' is not an amount of money")
    pre, post, scale = match["pre"], match["post"], match["scale"].lower()
    if not post and not match["dot"] and re.fullmatch(CURRENCY_CODE, match["scale"]):
        post, scale = match["scale"], ""  # "500 USD": a currency code, not a scale ("$500 USD": two)
    if (pre and post) or not (pre or post):
        raise ValueProblem(f"'{raw}' needs exactly one currency")
    if scale not in SCALES:
        raise ValueProblem(f"'{match['scale']}' in '{raw}' is not a scale such as million or bn")
    currency = SYMBOLS.get(pre, pre) if pre else post
    amount = read_number(match["num"], raw, scaled=bool(scale)) * SCALES[scale]
    return _checked_money(amount, currency)


_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+\Z|[0-9]{1,3}(?:\.[0-9]{3})+\Z")


def read_number(text: str, raw: str, *, scaled: bool) -> Decimal:
    """A number written with a decimal point or a decimal comma, and thousands separators.

    English reports write 1,500.5 and Ukrainian or German ones 1.500,5, so a separator's role
    is read from the number itself: with both, the last one is the decimal mark and the other
    groups thousands; one kind written twice groups thousands (1,500,000 or 1.500.000); a single
    one followed by other than three digits is a decimal mark (€1,5bn is 1.5 billion, 12,5% is
    12.5%). A single separator followed by exactly three digits is the one case a reader cannot
    settle: 1,500bn is 1.5 billion in Kyiv and 1,500 billion in London. It is refused with a
    hint, except a plain comma in an amount without a scale ($1,500: no currency is reported to
    a thousandth, so it groups thousands, as it always has here).
    """
    commas, points = text.count(","), text.count(".")
    if commas and points:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or not _GROUPED.match(whole) or grouping in fraction:
            raise _unreadable(raw)
        return Decimal(whole.replace(grouping, "") + "." + fraction)
    separator = "," if commas else "." if points else ""
    if not separator:
        return Decimal(text)
    if text.count(separator) > 1:
        if not _GROUPED.match(text):
            raise _unreadable(raw)
        return Decimal(text.replace(separator, ""))
    whole, _, fraction = text.partition(separator)
    if len(fraction) != 3 or len(whole) > 3:
        return Decimal(f"{whole}.{fraction}")
    if separator == "," and not scaled:
        return Decimal(whole + fraction)
    grouped, decimal = f"{whole}{fraction}", f"{whole}.{fraction}"
    raise ValueProblem(
        f"'{raw}' is ambiguous: {separator} could group thousands ({grouped}) or mark decimals ({decimal}); "
        f"write {decimal.rstrip('0').rstrip('.')} or {grouped} without the '{separator}'"
    )


def _unreadable(raw: str) -> ValueProblem:
    return ValueProblem(f"'{raw}' is not a number: its commas and points do not group thousands")


def _checked_money(amount: Decimal, currency: str) -> Money:
    if amount < 0:
        raise ValueProblem("an amount cannot be negative")
    if amount >= MAX_AMOUNT:
        raise ValueProblem("the amount is implausibly large")
    _check_places(amount, "the amount")
    return Money(amount.normalize() if amount == amount.to_integral() else amount, currency)


def _percent(raw: Any) -> Percent:
    if isinstance(raw, str):
        text = raw.strip().removesuffix("%").strip()
        try:
            # "12,5%" as Ukrainian and German reports write it; "12,500%" is refused as ambiguous.
            grouped = re.fullmatch(_GROUPED_DIGITS, text)
            number = read_number(text, raw, scaled=True) if grouped else Decimal(text)
        except InvalidOperation:
            raise ValueProblem(f"'{raw}' is not a percentage") from None
    else:
        number = _number(raw, "percentage")
    if not number.is_finite() or not PERCENT_RANGE[0] <= number <= PERCENT_RANGE[1]:
        raise ValueProblem(f"{_show(raw)} is outside 0-100")
    _check_places(number, _show(raw))
    return Percent(number)


_MAX_PLACES = 40  # beyond any report; keeps every number printable in a line, and deltas computable


def _check_places(number: Decimal, what: str) -> None:
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_MAX_PLACES:
        raise ValueProblem(f"{what} has more than {_MAX_PLACES} decimal places")


def _flag(raw: Any) -> Flag:
    if isinstance(raw, dict):
        unknown = set(raw) - {"flag", "detail"}
        if unknown or "flag" not in raw:
            raise ValueProblem(f"unexpected flag fields {sorted(map(str, raw))}")
        detail = raw.get("detail")
        if detail is not None and not isinstance(detail, str):
            raise ValueProblem("detail must be text")
        return Flag(_yes_no(raw["flag"]), detail.strip() if detail else None)
    return Flag(_yes_no(raw))


def _yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueProblem(f"{_show(raw)} is not yes or no")


def _items(raw: Any) -> Items:
    if not isinstance(raw, list) or not raw:
        raise ValueProblem(f"{_show(raw)} is not a non-empty list")
    items: list[str] = []
    seen: set[str] = set()
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise ValueProblem(f"list item {_show(item)} is not a phrase")
        text = fold(str(item))
        if not text:
            raise ValueProblem("a list item is empty")
        if _fold(text) in seen:
            raise ValueProblem(f"'{text}' appears twice in the list")
        seen.add(_fold(text))
        items.append(text)
    return Items(tuple(items))


def _text(raw: Any) -> Text:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ValueProblem(f"{_show(raw)} is not a phrase")
    text = fold(str(raw))
    if not text:
        raise ValueProblem("the text is empty")
    return Text(text)


_PARSERS: dict[str, Callable[[Any], Value]] = {
    "money": _money,
    "percent": _percent,
    "flag": _flag,
    "list": _items,
    "text": _text,
}


def _number(raw: Any, what: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueProblem(f"the {what} {_show(raw)} is not a number")
    number = Decimal(str(raw))
    if not number.is_finite():
        raise ValueProblem(f"the {what} is not a finite number")
    return number


def _fold(text: str) -> str:
    return fold(text, casefold=True)


def _show(raw: Any) -> str:
    text = repr(raw) if not isinstance(raw, str) else f"'{raw}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(amount: Decimal, currency: str, *, signed: bool = False) -> str:
    """'$500 billion', '€1.2 million', 'UAH 40,000'; with signed=True '+$5 billion' or '−$150 billion'."""
    sign = ""
    if signed:
        sign = "−" if amount < 0 else "+"
    magnitude = abs(amount)
    number = f"{magnitude:,f}"
    number = number.rstrip("0").rstrip(".") if "." in number else number
    for scale, word in _SCALE_WORDS:
        if magnitude >= scale:
            scaled = _plain((magnitude / scale).quantize(Decimal("0.001")))
            # "1.234 billion" would read as 1,234 billion where the comma marks decimals (and is
            # refused as input for that reason): such an amount is written out in full instead.
            if len(scaled.partition(".")[2]) != 3:
                number = f"{scaled} {word}"
            break
    symbol = _SYMBOL_OF.get(currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{currency} {number}"


def same(a: Value | None, b: Value | None) -> bool:
    """Equal as a reader would judge: lists ignore order and case, text ignores spacing."""
    if isinstance(a, Items) and isinstance(b, Items):
        return a.keys == b.keys
    if isinstance(a, Text) and isinstance(b, Text):
        return a.text.casefold() == b.text.casefold()
    return a == b


def delta(a: Value | None, b: Value | None) -> Delta | None:
    """The movement from a to b, for money in one currency and for percentages."""
    if isinstance(a, Money) and isinstance(b, Money) and a.currency == b.currency:
        return _delta(a.amount, b.amount, a.currency)
    if isinstance(a, Percent) and isinstance(b, Percent):
        return _delta(a.value, b.value, "pp")
    return None


def _delta(old: Decimal, new: Decimal, unit: str) -> Delta | None:
    if old == new:
        return None
    relative = None if old == 0 else ((new - old) * 100 / old)
    return Delta(new - old, relative, unit)


def format_delta(change: Delta) -> str:
    """'−$150 billion, −30%' or '+10 pp, +20%'."""
    if change.unit == "pp":
        absolute = f"{'−' if change.absolute < 0 else '+'}{_plain(abs(change.absolute))} pp"
    else:
        absolute = format_money(change.absolute, change.unit, signed=True)
    if change.relative is None:
        return absolute
    rounded = (
        change.relative.to_integral_value()  # quantize would overflow the context for huge ratios
        if abs(change.relative) >= 1
        else change.relative.quantize(Decimal("0.1"))
    )
    sign = "−" if change.relative < 0 else "+"
    if rounded == 0:  # moved, but by less than 0.05%: "+0%" would read as no change at all
        return f"{absolute}, {sign}<0.1%"
    return f"{absolute}, {sign}{_plain(abs(rounded))}%"


def to_json(value: Value | None) -> Any:
    """A JSON-ready form of a value that keeps its type explicit."""
    if value is None:
        return None
    if isinstance(value, Money):
        return {"type": "money", "amount": _json_number(value.amount), "currency": value.currency, "text": str(value)}
    if isinstance(value, Percent):
        return {"type": "percent", "percent": _json_number(value.value), "text": str(value)}
    if isinstance(value, Flag):
        return {"type": "flag", "flag": value.value, "detail": value.detail, "text": str(value)}
    if isinstance(value, Items):
        return {"type": "list", "items": list(value.items), "text": str(value)}
    return {"type": "text", "text": value.text}


def _json_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)
