"""Whether a quote can carry its claim: the figure of a money or percent value must appear in one
of its quotes, and a quote must be long enough to say something (SPEC §3b).

Pure: text in, verdicts out. Figures are read the ways reports write them, so the same amount
matches however it is spelt:
- money: "$500 billion", "500 billion", "USD 500bn", "$500bn", "500,000,000,000", "1,000 billion",
  "half a trillion"; a number in a list or range takes the scale that ends it ("500, 350, or
  100 billion" carries $500 billion). A currency written beside the number must be the value's
  ("€500 billion" does not carry $500 billion); a number with no currency beside it may carry any.
- percent: "50%", "50 percent", "50 per cent", "50 pct", "fifty percent", and the fractions
  "half", "a quarter", "three quarters", "a fifth", "a tenth", "a third", "two thirds" (a third
  carries a value within half a point of 33.3); "third", "quarter", "fifth" and "tenth" count
  only after "a", "an", "one" or a number, so "the third anniversary" and "the first quarter"
  state no share. A bare number never carries a percentage: "50" alone may be anything.
- Numbers written in words ("five hundred billion", "fifty percent") are read from one to
  999 with an optional scale; larger word numbers are rare in reports and not read.
Amounts must be equal, not close: a report of "$1.2 million" does not carry "$1,234,567".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal, NamedTuple

from drafts.records.values import SCALES, SYMBOLS, Money, Percent

MIN_QUOTE_WORDS = 4

_TOKEN = re.compile(r"US\$|[$€£₴¥%]|\d+(?:,\d{3})*(?:\.\d+)?|[^\W\d_]+", re.IGNORECASE)
# The parser's scales and currency symbols, as reports write them in running text: one-letter
# scales only against the number ("$1.2m"), symbols matched in lower case.
_SCALES = {word: scale for word, scale in SCALES.items() if len(word) > 1}
_LETTER_SCALES = {word: scale for word, scale in SCALES.items() if len(word) == 1}
_SYMBOLS = {symbol.lower(): code for symbol, code in SYMBOLS.items()}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "hryvnias'": "UAH",
}
_CODES = frozenset(("usd", "eur", "gbp", "uah", "jpy", "chf", "cny", "rub"))
_PERCENT_WORDS = frozenset(("%", "percent", "pct", "percentage"))
# Between the numbers of a list or range that share one scale: "500, 350, or 100 billion".
_LIST_WORDS = frozenset(("or", "and", "to"))
_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_THIRD = Decimal(100) / 3
# Fractions as a share of 100, and whether the figure is only approximately that (thirds).
_FRACTIONS: dict[str, tuple[Decimal, bool]] = {
    "half": (Decimal(50), False),
    "quarter": (Decimal(25), False),
    "quarters": (Decimal(25), False),
    "fifth": (Decimal(20), False),
    "fifths": (Decimal(20), False),
    "tenth": (Decimal(10), False),
    "tenths": (Decimal(10), False),
    "third": (_THIRD, True),
    "thirds": (_THIRD, True),
}


# A quick test before reading a quote's figures: digits, a percent sign, or a word that may count.
_MAY_STATE = re.compile(
    "[0-9%]|" + "|".join(sorted((*_UNITS, *_TENS, *_FRACTIONS, *_SCALES), key=len, reverse=True)), re.IGNORECASE
)


class Figure(NamedTuple):
    """A number a quote states: an amount (scaled), or a share of 100."""

    amount: Decimal
    kind: Literal["number", "percent"]
    currency: str | None = None  # written beside the number
    approximate: bool = False  # a third: 33.3...


class _Token(NamedTuple):
    text: str  # lower case
    start: int
    end: int


def quote_words(quote: str) -> int:
    return len(quote.split())


def too_short(quote: str) -> bool:
    return len(quote.split(maxsplit=MIN_QUOTE_WORDS)) < MIN_QUOTE_WORDS


def carries(value: Money | Percent, quotes: Iterable[str]) -> bool:
    """Whether any quote states the value's figure (see the module's notes for the forms read)."""
    return _carries(value, tuple(quotes))


@lru_cache(maxsize=4096)  # versions carry terms and quotes over from one to the next
def _carries(value: Money | Percent, quotes: tuple[str, ...]) -> bool:
    return any(_matches(value, figure) for quote in quotes if _MAY_STATE.search(quote) for figure in figures(quote))


def _matches(value: Money | Percent, figure: Figure) -> bool:
    if isinstance(value, Percent):
        if figure.kind != "percent":
            return False
        if figure.approximate:
            return abs(figure.amount - value.value) < Decimal("0.5")
        return figure.amount == value.value
    if figure.kind != "number" or figure.approximate:
        return False
    return figure.amount == value.amount and figure.currency in (None, value.currency)


def figures(text: str) -> list[Figure]:
    """Every figure the text states, in order."""
    tokens = [_Token(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found: list[Figure] = []
    i = 0
    while i < len(tokens):
        fraction = _fraction_at(tokens, i)  # first: "two thirds" is a fraction, not the number two
        if fraction is not None:
            figure, i = fraction
            found.append(figure)
            continue
        number, after = _number_at(tokens, i, text)
        if number is None:
            i += 1
            continue
        found.append(_figure(tokens, i, after, number, text))
        i = after
    return found


def _number_at(tokens: list[_Token], i: int, text: str) -> tuple[Decimal | None, int]:
    """A number in digits or in words starting at token i, and the index after it."""
    token = tokens[i].text
    if token[0].isdigit():
        try:
            return Decimal(token.replace(",", "")), i + 1
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            return None, i + 1
    total = 0
    j = i
    seen = False
    while j < len(tokens):
        word = tokens[j].text
        if seen and tokens[j - 1].end < tokens[j].start and text[tokens[j - 1].end : tokens[j].start].strip(" -"):
            break  # "five, six" is two numbers; "twenty-five" and "twenty five" are one
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word == "hundred" and seen:
            total = max(total, 1) * 100
        elif word == "a" and j + 1 < len(tokens) and tokens[j + 1].text in ("hundred", *_SCALES) and not seen:
            total = 1
        elif word == "and" and seen and j + 1 < len(tokens) and tokens[j + 1].text in (*_UNITS, *_TENS):
            pass  # "one hundred and fifty"
        else:
            break
        seen = True
        j += 1
    if not seen or total == 0:
        return None, i + 1
    return Decimal(total), j


def _figure(tokens: list[_Token], i: int, after: int, number: Decimal, text: str) -> Figure:
    currency = _currency_before(tokens, i)
    scale, after = _scale_at(tokens, after, text)
    kind: Literal["number", "percent"] = "number"
    if after < len(tokens) and _is_percent(tokens, after):
        kind = "percent"
    elif scale is None:
        shared = _shared_unit(tokens, after, text)
        if shared == "percent":
            kind = "percent"
        elif isinstance(shared, int):
            scale = shared
    if currency is None and after < len(tokens):
        currency = _currency_after(tokens[after].text)
    amount = number * (scale or 1)
    return Figure(amount, kind, None if kind == "percent" else currency)


def _scale_at(tokens: list[_Token], j: int, text: str) -> tuple[int | None, int]:
    if j >= len(tokens):
        return None, j
    word = tokens[j].text
    if word in _SCALES:
        return _SCALES[word], j + 1
    if word in _LETTER_SCALES and tokens[j].start == tokens[j - 1].end:
        return _LETTER_SCALES[word], j + 1
    return None, j


def _is_percent(tokens: list[_Token], j: int) -> bool:
    word = tokens[j].text
    if word in _PERCENT_WORDS:
        return True
    return word == "per" and j + 1 < len(tokens) and tokens[j + 1].text == "cent"


def _shared_unit(tokens: list[_Token], j: int, text: str) -> int | str | None:
    """The scale (or "percent") that closes a list or range the number opens: "40 to 50 percent"."""
    while j < len(tokens):
        gap = text[tokens[j - 1].end : tokens[j].start]
        if gap.strip(" ,-–—/") or "\n" in gap:
            return None
        word = tokens[j].text
        if _is_percent(tokens, j):
            return "percent"
        if word in _SCALES:
            return _SCALES[word]
        if word[0].isdigit() or word in _LIST_WORDS or word in _SYMBOLS or word in _CODES:
            j += 1
            continue
        scale, _ = _scale_at(tokens, j, text)
        return scale
    return None


def _currency_before(tokens: list[_Token], i: int) -> str | None:
    if i == 0:
        return None
    word = tokens[i - 1].text
    if word in _SYMBOLS:
        return _SYMBOLS[word]
    return word.upper() if word in _CODES else None


def _currency_after(word: str) -> str | None:
    if word in _CODES:
        return word.upper()
    return _CURRENCY_WORDS.get(word)


def _fraction_at(tokens: list[_Token], i: int) -> tuple[Figure, int] | None:
    """'half', 'a quarter', 'two thirds', 'three-quarters'; 'half a trillion' is an amount."""
    word = tokens[i].text
    count = 1
    if word in _UNITS and i + 1 < len(tokens) and tokens[i + 1].text in _FRACTIONS:
        count, word = _UNITS[word], tokens[i + 1].text  # "two thirds", "three-quarters"
        i += 1
    elif word != "half" and (i == 0 or tokens[i - 1].text not in ("a", "an", "one")):
        return None  # "the third anniversary", "the first quarter": ordinals, not shares
    if word not in _FRACTIONS:
        return None
    share, approximate = _FRACTIONS[word]
    share *= count
    after = i + 1
    # "half a trillion", "a quarter of a billion": a share of a scale is an amount
    j = after
    while j < len(tokens) and tokens[j].text in ("a", "an", "of"):
        j += 1
    if j > after and j < len(tokens) and tokens[j].text in _SCALES:
        amount = share * _SCALES[tokens[j].text] / 100
        return Figure(amount, "number", _currency_after(tokens[j + 1].text) if j + 1 < len(tokens) else None), j + 1
    return Figure(share, "percent", approximate=approximate), after
