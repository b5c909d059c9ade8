"""Behaviours that mutation testing showed nothing pinned, each as a small table.

The differ: "since" over chains of four and five versions, the pairing of unattributed claims,
whitespace-only edits (never "reworded"), reverse diffs, the counts behind the count line and
its singular forms. Values: the JSON of a fractional percent, signed increases, "no" flags,
relative changes under 1%. History: distinct list values. The text diff: texts over 12,000
characters, and more distinct words than fit below the surrogates. Words are checked through
the library's records where the wording is still being settled (SPEC §3b).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import get_args

import pytest

from drafts.comparing.diff import Kind, classify, compare, compare_terms
from drafts.comparing.history import term_history
from drafts.comparing.textdiff import word_diff
from drafts.records.dates import PartialDate
from drafts.records.model import (
    NOT_REPORTED,
    Agreement,
    Citation,
    Claim,
    Collection,
    Source,
    Term,
    TermSpec,
    Version,
)
from drafts.records.values import (
    Flag,
    Items,
    Money,
    Percent,
    Text,
    Value,
    delta,
    format_delta,
    parse_value,
    to_json,
)

CITE = (Citation("src", "a quote"),)
OTHER = (Citation("src", "another quote"),)
FUND = TermSpec("fund", "Fund", "money", "headline")
ITEMS = TermSpec("items", "Items", "list", "major")
SPECS = {"fund": FUND, "items": ITEMS}
SOURCES = {"src": Source("src", "Outlet", "Title", PartialDate(2025, 1, 1))}


def usd(n: int) -> Money:
    return Money(Decimal(n), "USD")


def stated(value: Value, summary: str = "s", sources: tuple[Citation, ...] = CITE) -> Term:
    return Term("stated", value, summary, sources)


def chain(*funds: Term) -> Collection:
    versions = tuple(
        Version(f"v{i}", f"Version {i}", PartialDate(2025, 1, i), "proposal", {"fund": t, "items": NOT_REPORTED})
        for i, t in enumerate(funds, 1)
    )
    return Collection(Path("."), Agreement("A", ("X", "Y"), SPECS), SOURCES, versions)


# -- "since" and the steps over chains of four and five versions ----------------------------------

N = NOT_REPORTED
ONE, FIVE = stated(usd(1)), stated(usd(5))
SINCE = [
    # fund across the chain, kind from first to last, since, the steps kept (version, kind)
    ((ONE, ONE, FIVE, FIVE, FIVE), "changed", "v3", ()),
    ((ONE, ONE, ONE, ONE, FIVE), "changed", "v5", ()),
    # a value that came, went and came back is credited to its return: it has been B's value since then
    ((ONE, FIVE, ONE, FIVE, FIVE), "changed", "v4", (("v2", "changed"), ("v3", "changed"), ("v4", "changed"))),
    ((ONE, FIVE, N, FIVE), "changed", "v4", (("v2", "changed"), ("v3", "dropped"), ("v4", "added"))),
    ((ONE, FIVE, FIVE, FIVE, ONE), "unchanged", None, (("v2", "changed"), ("v5", "changed"))),
    ((N, N, FIVE, FIVE), "added", "v3", ()),
    # B's side ($5) first appears in v5: the $1 reported in v2 and dropped again is another value
    ((N, ONE, N, N, FIVE), "added", "v5", (("v2", "added"), ("v3", "dropped"), ("v5", "added"))),
    ((ONE, N, N, N), "dropped", "v2", ()),
    ((ONE, ONE, N, ONE, N), "dropped", "v5", (("v3", "dropped"), ("v4", "added"), ("v5", "dropped"))),
    ((ONE, ONE, stated(usd(1), "new words"), stated(usd(1), "new words")), "reworded", "v3", ()),
    ((ONE, ONE, ONE, stated(usd(1), sources=OTHER), stated(usd(1), sources=OTHER)), "re-sourced", "v4", ()),
    # a reworded then re-sourced term: the rewording is the change, and it appeared in v2
    (
        (ONE, stated(usd(1), "new"), stated(usd(1), "new", OTHER), stated(usd(1), "new", OTHER)),
        "reworded",
        "v2",
        (
            ("v2", "reworded"),
            ("v3", "re-sourced"),
        ),
    ),
    ((N, N, N, N, N), "unchanged", None, ()),
]


@pytest.mark.parametrize(("funds", "kind", "since", "steps"), SINCE)
def test_since_and_steps_over_long_chains(
    funds: tuple[Term, ...], kind: Kind, since: str | None, steps: tuple[tuple[str, str], ...]
) -> None:
    c = chain(*funds)
    (change,) = [ch for ch in compare(c, c.versions[0], c.versions[-1]).changes if ch.term == "fund"]
    assert change.kind == kind
    assert change.since == since
    assert tuple((s.version, s.kind) for s in change.steps) == steps
    assert change.reverted == (kind == "unchanged" and bool(steps))


# -- reverse diffs ---------------------------------------------------------------------------------

REVERSED: dict[Kind, Kind] = {
    "added": "dropped",
    "dropped": "added",
    "changed": "changed",
    "reworded": "reworded",
    "re-sourced": "re-sourced",
    "unchanged": "unchanged",
}


@pytest.mark.parametrize(("funds", "kind", "since", "steps"), SINCE)
def test_a_reverse_diff_mirrors_the_forward_one(
    funds: tuple[Term, ...], kind: Kind, since: str | None, steps: tuple[tuple[str, str], ...]
) -> None:
    c = chain(*funds)
    first, last = c.versions[0], c.versions[-1]
    (change,) = [ch for ch in compare(c, last, first).changes if ch.term == "fund"]
    assert change.kind == REVERSED[kind]
    assert change.since is None  # backwards in time there is no forward path to credit a change to
    assert change.steps == ()
    assert change.before == last.terms["fund"] and change.after == first.terms["fund"]
    if kind == "changed" and change.delta is not None:
        forward = compare(c, first, last).changes[0].delta
        assert forward is not None and change.delta.absolute == -forward.absolute


def test_reverse_over_the_shipped_collection(shipped: Collection) -> None:
    versions = shipped.versions
    for i, a in enumerate(versions):
        for b in versions[i + 1 :]:
            forward = {ch.term: ch.kind for ch in compare(shipped, a, b).changes}
            backward = {ch.term: ch.kind for ch in compare(shipped, b, a).changes}
            assert backward == {term: REVERSED[kind] for term, kind in forward.items()}, (a.id, b.id)


def test_a_version_against_itself_has_no_changes() -> None:
    c = chain(ONE, FIVE, N)
    for v in c.versions:
        diff = compare(c, v, v)
        assert diff.changed == () and all(ch.since is None for ch in diff.changes)


# -- whitespace-only edits -------------------------------------------------------------------------

WHITESPACE = [
    ("a fund of $1", "a fund  of $1"),
    ("a fund of $1", " a fund of $1 "),
    ("a fund of $1", "a fund\nof $1"),
    ("a fund of $1", "a fund\u00a0of $1"),
    ("a fund of $1", "a fund\tof\t$1"),
]


@pytest.mark.parametrize(("old", "new"), WHITESPACE)
def test_whitespace_only_edits_are_not_reworded(old: str, new: str) -> None:
    assert classify(stated(usd(1), old), stated(usd(1), new)) == "unchanged"
    change = compare_terms(FUND, stated(usd(1), old), stated(usd(1), new))
    assert change.kind == "unchanged" and change.summary_diff is None
    # ... nor a quote or a note re-spaced: the same citation
    spaced = (Citation("src", "a  quote"),)
    assert classify(stated(usd(1), old, CITE), stated(usd(1), old, spaced)) == "unchanged"
    noted = (Citation("src", "a quote", "a  note"),)
    assert classify(stated(usd(1), old, (Citation("src", "a quote", "a note"),)), stated(usd(1), old, noted)) == (
        "unchanged"
    )


@pytest.mark.parametrize(("old", "new"), [("a fund", "A fund"), ("a fund", "a fund.")])
def test_visible_edits_are_reworded(old: str, new: str) -> None:
    assert classify(stated(usd(1), old), stated(usd(1), new)) == "reworded"


# -- disputed terms: pairing claims ----------------------------------------------------------------


def claim(value: int, by: str | None = None, summary: str = "s") -> Claim:
    return Claim("stated", usd(value), summary, CITE, by)


def disputed(*claims: Claim) -> Term:
    return Term("disputed", None, "in dispute", (), tuple(claims))


PAIRING = [
    # before claims, after claims, kind, the (before value, after value) pairs in order
    ((claim(1), claim(2)), (claim(1), claim(2)), "unchanged", [(1, 1), (2, 2)]),
    # unattributed claims pair by position: swapping them is a change
    ((claim(1), claim(2)), (claim(2), claim(1)), "changed", [(1, 2), (2, 1)]),
    ((claim(1), claim(2)), (claim(1),), "changed", [(1, 1), (2, None)]),
    ((claim(1),), (claim(1), claim(2)), "changed", [(1, 1), (None, 2)]),
    ((claim(1), claim(2, summary="x")), (claim(1), claim(2, summary="y")), "reworded", [(1, 1), (2, 2)]),
    # attributed claims pair by whose account, in any order, ignoring spacing
    ((claim(1, "US"), claim(2, "Ukraine")), (claim(2, "Ukraine"), claim(1, "US")), "unchanged", [(1, 1), (2, 2)]),
    ((claim(1, "US side"),), (claim(1, "US  side"),), "unchanged", [(1, 1)]),
    ((claim(1, "US"), claim(2, "Ukraine")), (claim(1, "US"), claim(3, "Ukraine")), "changed", [(1, 1), (2, 3)]),
    # an attributed claim never pairs with an unattributed one
    ((claim(1, "US"),), (claim(1),), "changed", [(1, None), (None, 1)]),
    ((claim(1), claim(2, "US")), (claim(2, "US"), claim(1)), "unchanged", [(1, 1), (2, 2)]),
    # an unattributed claim pairs with the one at its position when there is one, else the first left
    ((claim(5, "US"), claim(1)), (claim(1), claim(5, "US")), "unchanged", [(5, 5), (1, 1)]),
]


def _amount(c: Claim | None) -> int | None:
    return None if c is None or not isinstance(c.value, Money) else int(c.value.amount)


@pytest.mark.parametrize(("before", "after", "kind", "pairs"), PAIRING)
def test_claims_are_paired(
    before: tuple[Claim, ...], after: tuple[Claim, ...], kind: Kind, pairs: list[tuple[int | None, int | None]]
) -> None:
    change = compare_terms(FUND, disputed(*before), disputed(*after))
    assert change.kind == kind
    if kind != "unchanged":
        assert [(_amount(cc.before), _amount(cc.after)) for cc in change.claims] == pairs


# -- the counts behind the count line --------------------------------------------------------------

KIND_SIDES: dict[str, tuple[Term, Term]] = {
    "changed": (ONE, FIVE),
    "added": (N, ONE),
    "dropped": (ONE, N),
    "reworded": (ONE, stated(usd(1), "other words")),
    "re-sourced": (ONE, stated(usd(1), sources=OTHER)),
    "unchanged": (ONE, ONE),
    "silent": (N, N),  # reported in neither: kind "unchanged", but counted apart
}
COUNT_FIELDS = {
    "changed": "changed",
    "added": "now_reported",
    "dropped": "no_longer_reported",
    "reworded": "reworded",
    "re-sourced": "resourced",
    "unchanged": "unchanged",
    "silent": "not_reported_in_either",
}


def _diff_of(kinds: list[str]) -> Collection:
    specs = {f"t{i}": TermSpec(f"t{i}", f"Term {i}", "money") for i in range(len(kinds))}
    before = {f"t{i}": KIND_SIDES[k][0] for i, k in enumerate(kinds)}
    after = {f"t{i}": KIND_SIDES[k][1] for i, k in enumerate(kinds)}
    versions = (
        Version("v1", "One", PartialDate(2025, 1, 1), "proposal", before),
        Version("v2", "Two", PartialDate(2025, 1, 2), "proposal", after),
    )
    return Collection(Path("."), Agreement("A", ("X", "Y"), specs), SOURCES, versions)


COUNTS: list[list[str]] = (
    [[kind] for kind in COUNT_FIELDS]
    + [[kind, kind] for kind in COUNT_FIELDS]
    + [
        ["changed", "added", "dropped", "reworded", "re-sourced", "unchanged", "silent"],
        ["added", "added", "dropped", "unchanged", "unchanged", "unchanged"],
        ["unchanged"] * 3,
        ["silent", "silent", "unchanged"],
    ]
)


@pytest.mark.parametrize("kinds", COUNTS, ids=lambda ks: "+".join(ks))
def test_every_kind_is_counted(kinds: list[str]) -> None:
    from drafts.render.words import count_line

    c = _diff_of(kinds)
    diff = compare(c, c.versions[0], c.versions[1])
    counts = diff.counts._asdict()
    assert counts == {field: kinds.count(kind) for kind, field in COUNT_FIELDS.items()}
    for kind in get_args(Kind):
        expected = kinds.count(kind) + (kinds.count("silent") if kind == "unchanged" else 0)
        assert diff.count_of(kind) == expected, kind
    assert diff.counts.total == len(kinds)
    assert len(diff.changed) == sum(k not in ("unchanged", "silent") for k in kinds)
    line = count_line(diff.counts)
    # Every count the line states is there as a number; nothing says "1 terms" or "2 term".
    numbers = [int(n) for n in re.findall(r"\d+", line)]
    assert sum(numbers) == len(kinds), line
    assert not re.search(r"\b1 terms\b", line) and not re.search(r"\b(?:[02-9]|\d\d+) term\b", line), line


# -- values ----------------------------------------------------------------------------------------

JSON = [
    (Percent(Decimal("12.5")), {"type": "percent", "percent": 12.5, "text": "12.5%"}),
    (Percent(Decimal("12")), {"type": "percent", "percent": 12, "text": "12%"}),
    (Percent(Decimal("0.25")), {"type": "percent", "percent": 0.25, "text": "0.25%"}),
    (
        Money(Decimal("1.5") * 10**9, "EUR"),
        {"type": "money", "amount": 1500000000, "currency": "EUR", "text": "€1.5 billion"},
    ),
    (Money(Decimal("1234.5"), "UAH"), {"type": "money", "amount": 1234.5, "currency": "UAH", "text": "UAH 1,234.5"}),
    (Flag(False), {"type": "flag", "flag": False, "detail": None, "text": "no"}),
    (Flag(True, "by the Rada"), {"type": "flag", "flag": True, "detail": "by the Rada", "text": "yes (by the Rada)"}),
    (Items(("oil", "gas")), {"type": "list", "items": ["oil", "gas"], "text": "oil, gas"}),
    (Text("ten years"), {"type": "text", "text": "ten years"}),
    (None, None),
]


@pytest.mark.parametrize(("value", "expected"), JSON)
def test_json_of_values(value: Value | None, expected: object) -> None:
    data = to_json(value)
    assert data == expected
    assert json.loads(json.dumps(data)) == expected
    if isinstance(value, Percent):
        assert type(data["percent"]) is (int if value.value == value.value.to_integral_value() else float)


DELTAS = [
    # old, new, as shown
    (usd(10**9), usd(5 * 10**9), "+$4 billion, +400%"),
    (usd(5 * 10**9), usd(10**9), "−$4 billion, −80%"),
    (usd(1000), usd(1005), "+$5, +0.5%"),
    (usd(1000), usd(1001), "+$1, +0.1%"),
    (usd(1000), usd(999), "−$1, −0.1%"),
    (usd(200), usd(201), "+$1, +0.5%"),
    (usd(10_000), usd(10_001), "+$1, +<0.1%"),  # never "+0%" for an amount that moved
    (usd(10_000), usd(9_999), "−$1, −<0.1%"),
    (usd(0), usd(5), "+$5"),  # no relative change from nothing
    (Percent(Decimal(50)), Percent(Decimal("62.5")), "+12.5 pp, +25%"),
    (Percent(Decimal(50)), Percent(Decimal(40)), "−10 pp, −20%"),
]


@pytest.mark.parametrize(("old", "new", "shown"), DELTAS)
def test_signed_changes(old: Value, new: Value, shown: str) -> None:
    change = delta(old, new)
    assert change is not None
    assert format_delta(change) == shown


def test_no_delta_between_currencies_or_equal_values() -> None:
    assert delta(usd(1), Money(Decimal(2), "EUR")) is None
    assert delta(usd(1), usd(1)) is None
    assert delta(Text("a"), Text("b")) is None


FLAGS = [
    ("no", False),
    ("No", False),
    ("NO", False),
    (" no ", False),
    ("n", False),
    ("off", False),
    ("false", False),
    (False, False),
    ("yes", True),
    ("Y", True),
    ("on", True),
    ("true", True),
    (True, True),
    ({"flag": "no", "detail": " by the Rada "}, False),
]


@pytest.mark.parametrize(("raw", "value"), FLAGS)
def test_flags(raw: object, value: bool) -> None:
    flag = parse_value("flag", raw)
    assert isinstance(flag, Flag) and flag.value is value
    if isinstance(raw, dict):
        assert flag.detail == "by the Rada"
        assert str(flag) == "no (by the Rada)"


@pytest.mark.parametrize("raw", ["nope", "maybe", "", 0, 1, None, ["no"]])
def test_not_flags(raw: object) -> None:
    with pytest.raises(ValueError, match=r"not yes or no|unexpected"):
        parse_value("flag", raw)


# -- history: distinct list values -----------------------------------------------------------------


def test_history_counts_each_distinct_list_once() -> None:
    lists = [
        Items(("oil", "gas")),
        Items(("Gas", "oil")),  # the same list: order and case do not matter
        Items(("oil", "gas", "minerals")),
        Items(("oil",)),
        Items(("GAS", "OIL")),  # the first value again
    ]
    versions = tuple(
        Version(f"v{i}", f"V{i}", PartialDate(2025, 1, i), "proposal", {"fund": N, "items": stated(items)})
        for i, items in enumerate(lists, 1)
    )
    c = Collection(Path("."), Agreement("A", ("X", "Y"), SPECS), SOURCES, versions)
    history = term_history(c, ITEMS)
    assert [p.versions for p in history.positions] == [["v1", "v2", "v5"], ["v3"], ["v4"]]
    assert [p.first.id for p in history.positions] == ["v1", "v3", "v4"]
    assert [e.kind for e in history.entries] == ["added", "unchanged", "changed", "changed", "changed"]


def test_history_keeps_absent_and_stated_apart() -> None:
    sides = [stated(Items(("oil",))), Term("absent", None, "s", CITE), stated(Items(("oil",))), N]
    versions = tuple(
        Version(f"v{i}", f"V{i}", PartialDate(2025, 1, i), "proposal", {"fund": N, "items": t})
        for i, t in enumerate(sides, 1)
    )
    c = Collection(Path("."), Agreement("A", ("X", "Y"), SPECS), SOURCES, versions)
    history = term_history(c, ITEMS)
    assert [(p.status, p.versions) for p in history.positions] == [("stated", ["v1", "v3"]), ("absent", ["v2"])]
    assert [e.reported_before for e in history.entries] == [False, True, True, True]


# -- the text diff ---------------------------------------------------------------------------------


def _rebuild(segments: tuple[object, ...], keep: str) -> str:
    return "".join(s.text for s in segments if s.op in ("equal", keep))  # type: ignore[attr-defined]


def _long_text(sentences: int, change_at: int | None = None) -> str:
    words = []
    for i in range(sentences):
        noun = "fund" if i != change_at else "treaty"
        words.append(f"Sentence {i} says the {noun} holds {i * 7} billion in revenue from the deposits.")
    return " ".join(words)


@pytest.mark.parametrize("change_at", [0, 150, 299])
def test_texts_over_twelve_thousand_characters(change_at: int) -> None:
    old, new = _long_text(300), _long_text(300, change_at)
    assert len(old) + len(new) > 12_000
    diff = word_diff(old, new)
    assert diff.inline
    assert _rebuild(diff.segments, "delete") == old and _rebuild(diff.segments, "insert") == new
    changed = [s.text for s in diff.segments if s.op != "equal"]
    assert changed == ["fund", "treaty"]


def test_long_texts_that_share_nothing_are_shown_whole() -> None:
    old = " ".join(f"alpha{i}." for i in range(3000))
    new = " ".join(f"omega{i}." for i in range(3000))
    diff = word_diff(old, new)
    assert not diff.inline
    assert _rebuild(diff.segments, "delete") == old and _rebuild(diff.segments, "insert") == new


def test_more_distinct_units_than_codes_below_the_surrogates() -> None:
    # Each distinct word (or sentence) is coded as one character from U+0100 up; past 55,040 units
    # the codes must step over the surrogates (U+D800-U+DFFF), which cannot be encoded. word_diff
    # never hands _diff that many (short texts have fewer words, long ones are cut into
    # sentences and diffed a stretch of at most 2,000 words at a time), so the unit is tested here.
    from drafts.comparing.textdiff import _diff

    words = [f"w{i} " for i in range(60_000)]
    changed = [*words[:57_000], "changed ", *words[57_001:]]
    raw = _diff(words, changed, cleanup=False)
    assert "".join(t for op, t in raw if op != 1) == "".join(words)
    assert "".join(t for op, t in raw if op != -1) == "".join(changed)
    assert [(op, t) for op, t in raw if op] == [(-1, "w57000 "), (1, "changed ")]


def test_word_diff_never_needs_that_many_codes() -> None:
    # The largest stretch diffed word by word is bounded: a long text with every word different
    # in one changed stretch is shown whole instead.
    old = " ".join(f"a{i}" for i in range(7_000)) + "."
    new = " ".join(f"a{i}" for i in range(6_999)) + " b."
    diff = word_diff(old, new)
    assert _rebuild(diff.segments, "delete") == old and _rebuild(diff.segments, "insert") == new


@pytest.mark.parametrize(
    ("old", "new"),
    [("a 😀 b", "a 😃 b"), ("\U0001d400 x", "\U0001d401 x"), ("emoji 👍🏽 ok", "emoji 👍🏿 ok"), ("a\ud800b", "a b")],
)
def test_astral_and_surrogate_characters_survive(old: str, new: str) -> None:
    diff = word_diff(old, new)
    assert _rebuild(diff.segments, "delete") == old and _rebuild(diff.segments, "insert") == new
    assert diff.changed


# -- every problem a value can have, in our own words ----------------------------------------------

PROBLEMS = [
    ("money", {"amount": 5, "currency": "USD", "x": 1}, "unexpected money fields ['amount', 'currency', 'x']"),
    ("money", {"amount": 5}, "unexpected money fields ['amount']"),
    ("money", {"currency": "USD"}, "unexpected money fields ['currency']"),
    ("money", {"amount": "5", "currency": "USD"}, "the amount '5' is not a number"),
    ("money", {"amount": True, "currency": "USD"}, "the amount True is not a number"),
    ("money", {"amount": float("inf"), "currency": "USD"}, "the amount is not a finite number"),
    ("money", {"amount": 5, "currency": "usd"}, "'usd' is not an ISO currency code such as USD"),
    ("money", {"amount": 5, "currency": 5}, "'5' is not an ISO currency code such as USD"),
    ("money", 500, "500 has no currency"),
    ("money", "lots", "'lots' is not an amount of money"),
    ("money", "500", "'500' needs exactly one currency"),
    ("money", "$500 USD", "'$500 USD' needs exactly one currency"),
    ("money", "$500 zillion", "'zillion' in '$500 zillion' is not a scale such as million or bn"),
    ("money", {"amount": -5, "currency": "USD"}, "an amount cannot be negative"),
    ("money", {"amount": 10**18, "currency": "USD"}, "the amount is implausibly large"),
    ("money", "$0." + "0" * 40 + "1", "the amount has more than 40 decimal places"),
    ("money", "$1,5,0", "'$1,5,0' is not a number: its commas and points do not group thousands"),
    ("money", "€1.234,5,6", "'€1.234,5,6' is not a number: its commas and points do not group thousands"),
    (
        "money",
        "€1,500bn",
        "'€1,500bn' is ambiguous: , could group thousands (1500) or mark decimals (1.500); "
        "write 1.5 or 1500 without the ','",
    ),
    (
        "money",
        "€2.000bn",
        "'€2.000bn' is ambiguous: . could group thousands (2000) or mark decimals (2.000); "
        "write 2 or 2000 without the '.'",
    ),
    (
        "money",
        "€123,456bn",
        "'€123,456bn' is ambiguous: , could group thousands (123456) or mark decimals (123.456); "
        "write 123.456 or 123456 without the ','",
    ),
    ("percent", "lots%", "'lots%' is not a percentage"),
    ("percent", 101, "101 is outside 0-100"),
    ("percent", "-1%", "'-1%' is outside 0-100"),
    ("percent", True, "the percentage True is not a number"),
    ("percent", "0." + "0" * 40 + "1", "'0." + "0" * 40 + "1' has more than 40 decimal places"),
    ("flag", {"flag": "yes", "x": 1}, "unexpected flag fields ['flag', 'x']"),
    ("flag", {"detail": "x"}, "unexpected flag fields ['detail']"),
    ("flag", {"flag": "yes", "detail": 5}, "detail must be text"),
    ("flag", "maybe", "'maybe' is not yes or no"),
    ("list", [], "[] is not a non-empty list"),
    ("list", "oil", "'oil' is not a non-empty list"),
    ("list", [True], "list item True is not a phrase"),
    ("list", [{"a": 1}], "list item {'a': 1} is not a phrase"),
    ("list", ["  "], "a list item is empty"),
    ("list", ["Oil", "oil "], "'oil' appears twice in the list"),
    ("text", True, "True is not a phrase"),
    ("text", ["a"], "['a'] is not a phrase"),
    ("text", "   ", "the text is empty"),
    # a shown value is cut at 60 characters, quotes included
    ("list", "a" * 58, "'" + "a" * 58 + "' is not a non-empty list"),
    ("list", "a" * 59, "'" + "a" * 56 + "... is not a non-empty list"),
]


@pytest.mark.parametrize(("kind", "raw", "message"), PROBLEMS)
def test_value_problems_in_our_words(kind: str, raw: object, message: str) -> None:
    from drafts.records.values import ACCEPTED_FORMS, ValueProblem

    with pytest.raises(ValueProblem) as caught:
        parse_value(kind, raw)  # type: ignore[arg-type]
    assert str(caught.value) == f"{message}; a {kind} value is {ACCEPTED_FORMS[kind]}"  # type: ignore[index]


ACCEPTED = [
    ("money", {"amount": 0, "currency": "USD"}, Money(Decimal(0), "USD")),
    ("money", {"amount": 0.5, "currency": "USD"}, Money(Decimal("0.5"), "USD")),
    ("money", {"amount": 10**18 - 1, "currency": "USD"}, Money(Decimal(10**18 - 1), "USD")),
    ("money", "$0." + "0" * 39 + "1", Money(Decimal("1e-40"), "USD")),
    ("money", "$123,456", Money(Decimal(123456), "USD")),
    ("money", "500 USD", Money(Decimal(500), "USD")),
    ("money", "USD500", Money(Decimal(500), "USD")),
    ("money", "$5bn.", Money(Decimal(5 * 10**9), "USD")),
    ("percent", 0, Percent(Decimal(0))),
    ("percent", "100%", Percent(Decimal(100))),
    ("flag", {"flag": "yes", "detail": ""}, Flag(True, None)),
    ("flag", {"flag": "yes", "detail": "  by the Rada "}, Flag(True, "by the Rada")),
    ("list", [1, 2.5, " oil  field "], Items(("1", "2.5", "oil field"))),
    ("text", 5, Text("5")),
    ("text", "  ten   years ", Text("ten years")),
]


@pytest.mark.parametrize(("kind", "raw", "value"), ACCEPTED)
def test_values_at_the_edges_are_read(kind: str, raw: object, value: Value) -> None:
    assert parse_value(kind, raw) == value  # type: ignore[arg-type]


SHOWN = [
    # amount, currency, signed, as shown
    ("0", "USD", True, "+$0"),
    ("0.5", "USD", True, "+$0.5"),
    ("-0.5", "USD", True, "−$0.5"),
    ("1234.50", "UAH", False, "UAH 1,234.5"),
    ("1234.00", "USD", False, "$1,234"),
    ("100", "GBP", False, "£100"),
    ("1000000", "USD", False, "$1 million"),
    ("999999", "USD", False, "$999,999"),
    ("1000000000", "EUR", False, "€1 billion"),
    ("2500000000000", "USD", False, "$2.5 trillion"),
    ("1500000", "JPY", False, "JPY 1.5 million"),
]


@pytest.mark.parametrize(("amount", "currency", "signed", "shown"), SHOWN)
def test_amounts_as_shown(amount: str, currency: str, signed: bool, shown: str) -> None:
    from drafts.records.values import format_money

    assert format_money(Decimal(amount), currency, signed=signed) == shown


def test_percent_values_show_plainly() -> None:
    assert [str(Percent(Decimal(t))) for t in ("12.50", "12", "0.25", "100.0")] == ["12.5%", "12%", "0.25%", "100%"]


# -- what "since" counts as already there, and the details of a change -----------------------------

SINCE_MATCHES = [
    # an added term whose value came in v2 and was only reworded after: since v2
    ((N, stated(usd(5), "x"), stated(usd(5), "y")), "added", "v2"),
    # a changed value that arrived in v2 and was only re-sourced after: since v2
    ((ONE, stated(usd(5), sources=OTHER), FIVE), "changed", "v2"),
    # a changed value whose B wording came later: the value is what changed, since v2
    ((ONE, stated(usd(5), "x"), stated(usd(5), "y")), "changed", "v2"),
    # a rewording whose B wording came with other sources first: since v2
    ((ONE, stated(usd(1), "new", OTHER), stated(usd(1), "new")), "reworded", "v2"),
    # a re-sourcing is there only once the sources are exactly B's
    ((ONE, stated(usd(1), "x", OTHER), stated(usd(1), "s", OTHER)), "re-sourced", "v3"),
]


@pytest.mark.parametrize(("funds", "kind", "since"), SINCE_MATCHES)
def test_since_counts_the_part_that_changed(funds: tuple[Term, ...], kind: Kind, since: str) -> None:
    c = chain(*funds)
    (change,) = [ch for ch in compare(c, c.versions[0], c.versions[-1]).changes if ch.term == "fund"]
    assert (change.kind, change.since) == (kind, since)


def test_a_re_sourced_claim_makes_a_re_sourced_term() -> None:
    before = disputed(claim(1, "US"), claim(2, "Ukraine"))
    moved = Claim("stated", usd(2), "s", OTHER, "Ukraine")
    change = compare_terms(FUND, before, disputed(claim(1, "US"), moved))
    assert change.kind == "re-sourced"
    assert [(cc.by, cc.kind) for cc in change.claims] == [("US", "unchanged"), ("Ukraine", "re-sourced")]


def test_an_unattributed_claim_prefers_its_own_position() -> None:
    before = disputed(claim(2, "US"), claim(1))
    after = disputed(claim(7), claim(1))
    change = compare_terms(FUND, before, after)
    assert [(_amount(cc.before), _amount(cc.after), cc.by, cc.kind) for cc in change.claims] == [
        (2, None, "US", "dropped"),
        (1, 1, None, "unchanged"),
        (None, 7, None, "added"),
    ]


def test_a_citation_note_is_part_of_the_sourcing() -> None:
    a = stated(usd(1), sources=(Citation("src", "q", "first note"),))
    b = stated(usd(1), sources=(Citation("src", "q", "second note"),))
    assert classify(a, b) == "re-sourced"


def test_list_changes_name_items_ignoring_case() -> None:
    change = compare_terms(ITEMS, stated(Items(("Oil", "gas"))), stated(Items(("oil", "coal"))))
    assert change.kind == "changed"
    assert (change.items_added, change.items_removed) == (("coal",), ("gas",))
    assert change.value_diff is None


def test_text_values_and_summaries_get_word_diffs_only_when_they_differ() -> None:
    duration = TermSpec("duration", "Duration", "text")
    change = compare_terms(duration, stated(Text("ten years"), "a"), stated(Text("five years"), "a"))
    assert change.value_diff is not None and change.summary_diff is None
    assert [(s.op, s.text) for s in change.value_diff.segments if s.op != "equal"] == [
        ("delete", "ten"),
        ("insert", "five"),
    ]
    reworded = compare_terms(duration, stated(Text("ten years"), "old words"), stated(Text("ten years"), "new words"))
    assert reworded.value_diff is None and reworded.summary_diff is not None
    quiet = compare_terms(
        duration, stated(Text("ten years"), "old"), stated(Text("five years"), "new"), text_diffs=False
    )
    assert quiet.value_diff is None and quiet.summary_diff is None and quiet.kind == "changed"
    no_summary = compare_terms(duration, Term("stated", Text("ten years"), None, CITE), stated(Text("five years")))
    assert no_summary.summary_diff is None
    money = compare_terms(FUND, stated(usd(1), "a"), stated(usd(5), "a"))
    assert money.value_diff is None and money.delta is not None


def test_compare_can_leave_out_word_diffs() -> None:
    c = chain(stated(usd(1), "old words"), stated(usd(5), "new words"))
    (change,) = [ch for ch in compare(c, *c.versions, text_diffs=False).changes if ch.term == "fund"]
    assert change.summary_diff is None and change.delta is not None
    (full,) = [ch for ch in compare(c, *c.versions).changes if ch.term == "fund"]
    assert full.summary_diff is not None


# -- dates, first reports and finding a term -------------------------------------------------------

DATES = [
    ("2025-12", PartialDate(2025, 12, 0)),
    ("2025-01-31", PartialDate(2025, 1, 31)),
    ("2024-02-29", PartialDate(2024, 2, 29)),
    ("1900-01-01", PartialDate(1900, 1, 1)),
    (" 2025-03 ", PartialDate(2025, 3, 0)),
]


@pytest.mark.parametrize(("text", "date"), DATES)
def test_dates_read(text: str, date: PartialDate) -> None:
    from drafts.records.dates import parse_date

    assert parse_date(text) == date


BAD_DATES = [
    ("2025-13", "'2025-13' is not a date: there is no month 13"),
    ("2025-00", "'2025-00' is not a date: there is no month 0"),
    ("2025-02-29", "'2025-02-29' is not a date: February 2025 has 28 days"),
    ("1900-02-29", "'1900-02-29' is not a date: February 1900 has 28 days"),
    ("2025-04-31", "'2025-04-31' is not a date: April 2025 has 30 days"),
    ("0000-01-32", "'0000-01-32' is not a date: January 0 has 31 days"),
    ("0001-02-29", "'0001-02-29' is not a date: February 1 has 28 days"),
    ("1899-12-31", "'1899-12-31' is not a plausible date for a report"),
    ("1899-12", "'1899-12' is not a plausible date for a report"),
    ("March 2025", "'March 2025' is not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known"),
]


@pytest.mark.parametrize(("text", "message"), BAD_DATES)
def test_dates_refused(text: str, message: str) -> None:
    from drafts.records.dates import parse_date

    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def _report_of(*published: tuple[str, str, PartialDate | None]) -> tuple[Collection, list[Citation]]:
    sources = {sid: Source(sid, outlet, "T", date) for sid, outlet, date in published}
    c = Collection(Path("."), Agreement("A", ("X", "Y"), SPECS), sources, ())
    return c, [Citation(sid, "q") for sid, _, _ in published]


FIRST_REPORTS = [
    # (source, outlet, published)..., the first outlets' sources, their date, the undated ones
    ((("a", "X", PartialDate(2025, 3, 1)), ("b", "X", PartialDate(2025, 2, 1))), ["b"], PartialDate(2025, 2, 1), []),
    ((("a", "X", PartialDate(2025, 2, 1)), ("b", "X", PartialDate(2025, 2, 1))), ["a"], PartialDate(2025, 2, 1), []),
    ((("a", "X", None), ("b", "X", PartialDate(2025, 2, 1))), ["b"], PartialDate(2025, 2, 1), []),
    ((("a", "X", PartialDate(2025, 2, 1)), ("b", "X", None)), ["a"], PartialDate(2025, 2, 1), []),
    (
        (("a", "X", PartialDate(2025, 2, 0)), ("b", "Y", PartialDate(2025, 2, 5))),
        ["a", "b"],
        PartialDate(2025, 2, 0),
        [],
    ),
    ((("a", "X", PartialDate(2025, 2, 1)), ("b", "Y", PartialDate(2025, 2, 5))), ["a"], PartialDate(2025, 2, 1), []),
    ((("a", "X", PartialDate(2025, 2, 1)), ("b", "Y", None)), ["a"], PartialDate(2025, 2, 1), ["b"]),
    ((("a", "unknown", None), ("b", "unknown", None)), ["a", "b"], None, []),
]


@pytest.mark.parametrize(("published", "first", "date", "undated"), FIRST_REPORTS)
def test_first_reports(
    published: tuple[tuple[str, str, PartialDate | None], ...],
    first: list[str],
    date: PartialDate | None,
    undated: list[str],
) -> None:
    from drafts.comparing.history import first_report

    c, citations = _report_of(*published)
    report = first_report(c, citations)
    assert report is not None
    assert [s.id for s in report.outlets] == first
    assert report.date == date
    assert [s.id for s in report.undated] == undated
    assert first_report(c, []) is None


def test_finding_terms_by_name_label_or_a_near_miss() -> None:
    from drafts.comparing.history import find_term
    from drafts.errors import UsageError

    specs = {
        "fund_size": TermSpec("fund_size", "Fund size", "money"),
        "revenue_share": TermSpec("revenue_share", "Share of revenue", "percent"),
        "fund_sizes": TermSpec("fund_sizes", "Other", "money"),
    }
    c = Collection(Path("."), Agreement("A", ("X", "Y"), specs), {}, ())
    for given, name in [
        ("fund_size", "fund_size"),
        ("fund size", "fund_size"),
        ("FUND_SIZE", "fund_size"),
        ("Share of Revenue", "revenue_share"),
        ("revenue share", "revenue_share"),
        ("  share   of revenue ", "revenue_share"),
    ]:
        assert find_term(c, given).name == name, given
    for given, hint in [
        ("revenue_shar", "did you mean revenue_share?"),
        ("Share of revnue", "did you mean revenue_share?"),
        ("zzz", "known terms: fund_size, revenue_share, fund_sizes"),
    ]:
        with pytest.raises(UsageError) as caught:
            find_term(c, given)
        assert caught.value.problem.hint == hint, given
        assert caught.value.problem.message == f"unknown term '{given}'"


# -- the change log's range, and the text diff's edges ---------------------------------------------


def test_log_range_and_the_log_skip_word_diffs() -> None:
    from drafts.comparing.changelog import change_log, log_range
    from drafts.errors import UsageError

    c = chain(stated(usd(1), "old words"), stated(usd(5), "new words"), FIVE, ONE)
    assert [v.id for v in log_range(c)] == ["v1", "v2", "v3", "v4"]
    assert [v.id for v in log_range(c, "v2")] == ["v2", "v3", "v4"]
    assert [v.id for v in log_range(c, until="v2")] == ["v1", "v2"]
    assert [v.id for v in log_range(c, "v3", "v3")] == ["v3"]
    with pytest.raises(UsageError) as caught:
        log_range(c, "v3", "v2")
    assert caught.value.problem.message == "--since v3 comes after --until v2"
    assert caught.value.problem.hint == "versions run oldest first: swap the two references"
    steps = change_log(c, log_range(c))
    assert [(s.a.id, s.b.id) for s in steps] == [("v1", "v2"), ("v2", "v3"), ("v3", "v4")]
    assert all(ch.summary_diff is None and ch.value_diff is None for s in steps for ch in s.changes)
    assert steps[0].changes[0].delta is not None
    assert log_range(Collection(Path("."), Agreement("A", ("X", "Y"), SPECS), SOURCES, ())) == ()


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("A. B! C? D", ["A. ", "B! ", "C? ", "D"]),
        ("A.", ["A."]),
        ("One...  Two\nThree", ["One...  ", "Two\n", "Three"]),
        ("", []),
    ],
)
def test_sentences(text: str, parts: list[str]) -> None:
    from drafts.comparing.textdiff import sentences

    assert sentences(text) == parts


@pytest.mark.parametrize(
    ("old", "new", "segments", "inline"),
    [
        ("same words", "same words", [("equal", "same words")], True),
        ("", "", [], True),
        ("", "new words", [("insert", "new words")], False),
        ("old words", "", [("delete", "old words")], False),
        ("a b c", "x y z", [("delete", "a b c"), ("insert", "x y z")], False),
        (
            "the fund is big",
            "the fund is small",
            [("equal", "the fund is "), ("delete", "big"), ("insert", "small")],
            True,
        ),
    ],
)
def test_word_diff_edges(old: str, new: str, segments: list[tuple[str, str]], inline: bool) -> None:
    diff = word_diff(old, new)
    assert [(s.op, s.text) for s in diff.segments] == segments
    assert diff.inline is inline


def test_a_long_text_with_one_sentence_rewritten_whole() -> None:
    same = " ".join(f"Sentence {i} says the fund holds {i} billion." for i in range(300)) + " "
    old = same + " ".join(f"alpha{i}" for i in range(50)) + "."
    new = same + " ".join(f"omega{i}" for i in range(50)) + "."
    diff = word_diff(old, new)
    assert diff.inline
    assert [s.op for s in diff.segments] == ["equal", "delete", "insert"]
    assert _rebuild(diff.segments, "delete") == old and _rebuild(diff.segments, "insert") == new
